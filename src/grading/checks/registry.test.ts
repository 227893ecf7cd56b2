/**
 * The registry of check types (issue 5 §5: "one file per type: schema
 * fragment, evaluator, tests; adding one touches no central switch"): each
 * registered type is whole, and the loader's wording for check entries comes
 * from the list, so a new type appears in every message without an edit.
 */
import { existsSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { formatContentError } from "../../content/sourceErrors.js";
import { parseExercise } from "../exercise.js";
import { CHECK_DEFINITIONS, CHECK_TYPES } from "./registry.js";

const exerciseWith = (checks: string) =>
  `formatVersion: 1\nid: t\ntitle: t\ntopics: [pods]\ndifficulty: easy\nminutes: 1\npoints: 10\ntask: t\nchecks:\n${checks}\nsolution: {}\nexplanation: x\n`;
const errorsOf = (text: string): string[] => {
  const parsed = parseExercise(text, "exercises/t.yaml");
  return parsed.ok ? [] : parsed.errors.map(formatContentError);
};

describe("check type registry", () => {
  test("every registered type is one file with its tests beside it, and owns the key named like it", () => {
    for (const definition of CHECK_DEFINITIONS) {
      expect(existsSync(new URL(`./${definition.type}.ts`, import.meta.url)), definition.type).toBe(true);
      expect(existsSync(new URL(`./${definition.type}.test.ts`, import.meta.url)), `${definition.type}.test.ts`).toBe(true);
      expect(Object.keys(definition.keys), definition.type).toContain(definition.type);
    }
  });

  test("no two types share a name or a key (a key must say which type a check is)", () => {
    expect(new Set(CHECK_TYPES).size).toBe(CHECK_TYPES.length);
    const keys = CHECK_DEFINITIONS.flatMap((d) => Object.keys(d.keys));
    expect(new Set(keys).size).toBe(keys.length);
    for (const base of ["id", "description", "weight"]) expect(keys).not.toContain(base);
  });

  test("an unknown check type is a content error at its line, naming the known types", () => {
    const text = exerciseWith("  - id: a\n    description: d\n    podCount: { kind: Pod, equals: 1 }");
    expect(errorsOf(text)).toEqual([`exercises/t.yaml:12:5: checks[0]: unknown check type "podCount" (known types: ${CHECK_TYPES.join(", ")})`]);
    expect(CHECK_TYPES.join(", ")).toBe("object, command, count, file, history, serviceSelects, image, container, build, dockerfile, etcdSnapshot");
  });

  test("an unknown check type is reported even when another field of the check is wrong", () => {
    const text = exerciseWith("  - id: a\n    description: d\n    weight: heavy\n    podCount: { kind: Pod, equals: 1 }");
    const errors = errorsOf(text);
    expect(errors).toContain('exercises/t.yaml:12:13: checks[0]: "weight" must be a number');
    expect(errors.some((e) => e.startsWith('exercises/t.yaml:13:5: checks[0]: unknown check type "podCount"'))).toBe(true);
  });

  test("an unknown key beside a known type is an unknown key, not a type", () => {
    const text = exerciseWith("  - id: a\n    description: d\n    history: { used: x }\n    note: remember");
    expect(errorsOf(text)).toEqual(['exercises/t.yaml:13:5: checks[0]: unknown key "note"']);
  });

  test("a type's own rules run through the registry (the command type's keys sit flat in the entry)", () => {
    expect(errorsOf(exerciseWith("  - id: a\n    description: d\n    command: kubectl get pods"))).toEqual([
      "exercises/t.yaml:10:5: checks[0]: a command check needs stdout, stderr and/or exitCode",
    ]);
  });
});
