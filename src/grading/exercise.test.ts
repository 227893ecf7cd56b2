import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { formatContentError } from "../content/sourceErrors.js";
import { loadExercises, parseExercise } from "./exercise.js";
import { TESTDATA } from "./testSupport.js";

const errorsOf = (text: string, file = "exercises/pods-run.yaml"): string[] => {
  const parsed = parseExercise(text, file);
  return parsed.ok ? [] : parsed.errors.map(formatContentError);
};

const minimal = (checks: string, id = "pods-run"): string => `formatVersion: 1
id: ${id}
title: Run a pod
topics: [pods]
difficulty: easy
minutes: 3
points: 10
task: Create a pod.
checks:
${checks}
solution:
  commands: [kubectl run web --image=nginx]
explanation: x
`;

describe("exercise loader", () => {
  test("a valid exercise loads, with defaults filled in and the check typed", () => {
    const parsed = parseExercise(minimal("  - id: a\n    description: d\n    object: { kind: po, name: web, jsonpath: '{.spec.replicas}', equals: 3 }"), "exercises/pods-run.yaml");
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const { exercise } = parsed;
    expect(exercise.setup).toEqual({ preset: "default", commands: [], files: [] });
    expect(exercise.hints).toEqual([]);
    expect(exercise.checks[0]).toMatchObject({ type: "object", weight: 1, object: { kind: "po", equals: "3" } });
  });

  test("an unknown key is reported at its own line and column, with the path of its mapping", () => {
    // checks[1].object.nmae sits on line 17, column 7; the mapping missing "name" starts on line 16
    const text = minimal("  - id: a\n    description: d\n    object: { kind: Pod, name: web }\n  - id: b\n    description: d\n    object:\n      kind: Pod\n      nmae: web");
    expect(errorsOf(text)).toContain('exercises/pods-run.yaml:17:7: checks[1].object: unknown key "nmae"');
    expect(errorsOf(text)).toContain('exercises/pods-run.yaml:16:7: checks[1].object: "name" is required');
  });

  test("types, enums, versions and ids are reported in the author's terms", () => {
    const text = minimal("  - id: a\n    description: d\n    history: { used: x }").replace("formatVersion: 1", "formatVersion: 2").replace("difficulty: easy", "difficulty: hrad").replace("minutes: 3", "minutes: soon");
    expect(errorsOf(text)).toEqual([
      'exercises/pods-run.yaml:1:16: "formatVersion" must be 1 (found 2)',
      'exercises/pods-run.yaml:5:13: "difficulty" must be one of easy, medium, hard (found "hrad")',
      'exercises/pods-run.yaml:6:10: "minutes" must be a number',
    ]);
  });

  test("the id must match the file name", () => {
    expect(errorsOf(minimal("  - id: a\n    description: d\n    history: { used: x }"), "exercises/other.yaml")).toEqual([
      'exercises/other.yaml:2:5: "id" is "pods-run" but the file is named other.yaml (they must match)',
    ]);
  });

  test("check ids must be unique", () => {
    const text = minimal("  - id: a\n    description: d\n    history: { used: x }\n  - id: a\n    description: e\n    history: { used: y }");
    expect(errorsOf(text)).toEqual(['exercises/pods-run.yaml:13:9: checks[1].id: "a" is already used by checks[0]']);
  });

  test("a check's JSONPath must parse (client-go's parser wording), and needs braces", () => {
    const bad = minimal("  - id: a\n    description: d\n    object: { kind: Pod, name: web, jsonpath: '{.spec', equals: x }");
    expect(errorsOf(bad)).toEqual(["exercises/pods-run.yaml:12:47: checks[0].object.jsonpath: error parsing jsonpath {.spec, unclosed action"]);
    const bare = minimal("  - id: a\n    description: d\n    object: { kind: Pod, name: web, jsonpath: '.spec.replicas', equals: x }");
    expect(errorsOf(bare)[0]).toMatch(/jsonpath: ".spec.replicas" is not a kubectl JSONPath template/);
  });

  test("unknown kinds, bad selectors, bad regexes and missing comparators are load errors", () => {
    const text = minimal(
      [
        "  - id: a",
        "    description: d",
        "    object: { kind: Pood, name: web }",
        "  - id: b",
        "    description: d",
        "    count: { kind: Pod, selector: 'app in (', equals: 1 }",
        "  - id: c",
        "    description: d",
        "    history: { used: '(' }",
        "  - id: d",
        "    description: d",
        "    object: { kind: Pod, name: web, jsonpath: '{.a}' }",
      ].join("\n"),
    );
    const errors = errorsOf(text);
    expect(errors).toHaveLength(4);
    expect(errors[0]).toMatch(/^exercises\/pods-run\.yaml:12:21: checks\[0\]\.object\.kind: unknown kind "Pood"/);
    expect(errors[1]).toMatch(/:15:35: checks\[1\]\.count\.selector: invalid label selector: unable to parse requirement/);
    expect(errors[2]).toMatch(/:18:22: checks\[2\]\.history\.used: invalid regular expression/);
    expect(errors[3]).toMatch(/:21:13: checks\[3\]\.object: an object check with a jsonpath needs a comparator/);
  });

  test("issue 6: a pattern RE2 cannot run (backreference, lookaround) is a content error naming file and line", () => {
    const text = minimal(
      ["  - id: a", "    description: d", "    history: { used: '(a)\\1' }", "  - id: b", "    description: d", "    object: { kind: Pod, name: web, jsonpath: '{.a}', matches: '^(?=web)' }"].join("\n"),
    );
    expect(errorsOf(text)).toEqual([
      "exercises/pods-run.yaml:12:22: checks[0].history.used: invalid regular expression: invalid escape sequence: `\\1` (backreferences are not supported: checks use RE2 syntax, which matches in linear time)",
      "exercises/pods-run.yaml:15:64: checks[1].object.matches: invalid regular expression: invalid or unsupported Perl syntax: `(?=` (lookahead and lookbehind are not supported: checks use RE2 syntax, which matches in linear time)",
    ]);
  });

  test("a check has exactly one type; stdout belongs to command checks", () => {
    const text = minimal("  - id: a\n    description: d\n    history: { used: x }\n    object: { kind: Pod, name: web }\n  - id: b\n    description: d\n    stdout: { equals: x }");
    expect(errorsOf(text)).toEqual([
      "exercises/pods-run.yaml:10:5: checks[0]: a check has one type, not object and history",
      "exercises/pods-run.yaml:14:5: checks[1]: a check needs one of object, command, count, file, history, serviceSelects, image, container, build, dockerfile, etcdSnapshot",
      'exercises/pods-run.yaml:16:13: checks[1].stdout: belongs to a command check (one with "command")',
    ]);
  });

  test("workspace paths may not leave the workspace", () => {
    const text = minimal("  - id: a\n    description: d\n    file: { path: ../etc/passwd }");
    expect(errorsOf(text)).toEqual(['exercises/pods-run.yaml:12:19: checks[0].file: "path" must be a relative path inside the workspace']);
  });

  test("YAML syntax errors name the line", () => {
    expect(errorsOf("formatVersion: 1\nid: [unclosed\n")[0]).toMatch(/^exercises\/pods-run\.yaml:\d+:\d+: /);
  });

  test("loadExercises returns the good files and every bad file's errors: one bad file hides nothing", () => {
    const { exercises, errors } = loadExercises(join(TESTDATA, "broken"));
    expect(exercises.map((e) => e.id)).toEqual(["good-one"]);
    const text = errors.map(formatContentError);
    expect(text).toContain('src/grading/testdata/broken/unknown-key.yaml:17:7: checks[1].object: unknown key "nmae"');
    expect(text).toContain('src/grading/testdata/broken/wrong-name.yaml:2:5: "id" is "another-id" but the file is named wrong-name.yaml (they must match)');
    expect(text.some((t) => t.startsWith("src/grading/testdata/broken/not-yaml.yaml:"))).toBe(true);
  });

  test("a missing folder is an error value, not an exception", () => {
    const { exercises, errors } = loadExercises(join(TESTDATA, "no-such-folder"));
    expect(exercises).toEqual([]);
    expect(errors[0]?.message).toMatch(/^cannot read the exercises folder/);
  });
});

// Issue 6: an alias bomb in an exercise file crashed `kadet exercises` with a stack trace.
describe("hostile exercise files", () => {
  test("an alias bomb is refused at its first alias, with file and line", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(", ")}]`);
    const text = `formatVersion: 1\nid: bomb\n${levels.join("\n")}\n`;
    const parsed = parseExercise(text, "exercises/bomb.yaml");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toMatchObject({ file: "exercises/bomb.yaml", line: 4 });
    expect(parsed.errors[0]!.message).toMatch(/aliases expand too far/);
  });
});
