/**
 * Parameterised exercises (issue 9): values drawn from a seed within declared ranges,
 * substituted in task, setup, checks and solution; the schema stays formatVersion 1.
 */
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { formatContentError } from "../content/sourceErrors.js";
import { instantiateExercise, loadExercises, parseExercise } from "./exercise.js";
import { drawValues } from "./parameters.js";
import { PARAMETER_SEEDS, selfcheck } from "./selfcheck.js";
import { TEST_FAMILIES, TESTDATA } from "./testSupport.js";

const { exercises, errors } = loadExercises(join(TESTDATA, "parameterised"));
const exercise = exercises[0]!;

describe("parameterised exercises", () => {
  test("loads as its default instance: every parameter's first value, an integer placeholder becomes a number", () => {
    expect(errors).toEqual([]);
    expect(exercise.values).toEqual({ app: "web", image: "nginx:1.26", tier: "frontend", copies: 2 });
    expect(exercise.checks[1]).toMatchObject({ type: "count", count: { selector: "app=web", equals: 2 } });
    expect(exercise.task).toContain("Create a pod `web` labelled `tier=frontend` running `nginx:1.26`");
  });

  test("a seed draws the same values every time, within the declared ranges, and substitutes them everywhere", () => {
    const a = instantiateExercise(exercise, 5);
    expect(instantiateExercise(exercise, 5)).toEqual(a);
    const values = Array.from({ length: 30 }, (_, s) => drawValues(exercise.parameters!, s));
    expect(new Set(values.map((v) => v.app)).size).toBeGreaterThan(1);
    for (const v of values) expect(v.copies).toBeGreaterThanOrEqual(2), expect(v.copies).toBeLessThanOrEqual(4);
    const { app, image } = a.values as { app: string; image: string };
    expect(a.setup.commands).toEqual([`fx pod ${app}-old app=${app}`]);
    expect(a.solution.commands[0]).toContain(`fx pod ${app} app=${app},tier=`);
    expect(a.checks[0]).toMatchObject({ description: `Pod ${app} runs ${image}`, object: { name: app, equals: image } });
  });

  test("undeclared placeholders, unused parameters and bad ranges are errors at their line", () => {
    const text = `formatVersion: 1\nid: t\ntitle: T\ntopics: [pods]\ndifficulty: easy\nminutes: 1\npoints: 1\nparameters:\n  app: { oneOf: [a] }\n  n: { int: [5, 2] }\ntask: "{{ghost}}"\nchecks:\n  - { id: c, description: d, object: { kind: Pod, name: x } }\nsolution: {}\nexplanation: e\n`;
    const parsed = parseExercise(text, "exercises/t.yaml");
    expect(parsed.ok ? [] : parsed.errors.map(formatContentError)).toEqual([
      "exercises/t.yaml:10:13: parameters.n.int: int: [min, max] with min ≤ max, got [5, 2]",
    ]);
    const unused = parseExercise(text.replace("  n: { int: [5, 2] }\n", "").replace('"{{ghost}}"', "plain"), "exercises/t.yaml");
    expect(unused.ok ? [] : unused.errors.map(formatContentError)).toEqual(["exercises/t.yaml:9:8: parameters.app: declared but never used as {{app}}"]);
    const fixed = text.replace("  n: { int: [5, 2] }\n", "").replace('"{{ghost}}"', '"{{app}} {{ghost}}"');
    const again = parseExercise(fixed, "exercises/t.yaml");
    expect(again.ok ? [] : again.errors.map(formatContentError)).toEqual(["exercises/t.yaml:10:7: task: {{ghost}} names no declared parameter"]);
  });

  test("selfcheck proves several seeds of a parameterised exercise, each a different draw (issue 9: 'selfcheck proves several seeds of each')", async () => {
    const report = await selfcheck(exercises, undefined, { families: TEST_FAMILIES });
    const ids = report.exercises.map((e) => e.exerciseId);
    // The default instance, then every seed of PARAMETER_SEEDS whose draw is new.
    const draws = [JSON.stringify(exercise.values)];
    const expected = ["fx-param-pod"];
    for (const seed of PARAMETER_SEEDS) {
      const values = JSON.stringify(instantiateExercise(exercise, seed).values);
      if (!draws.includes(values)) draws.push(values), expected.push(`fx-param-pod@seed ${seed}`);
    }
    expect(ids).toEqual(expected);
    expect(ids.length).toBeGreaterThanOrEqual(4);
    expect(report.exercises.every((e) => e.ok)).toBe(true);
  }, 60_000);

  test("a broken draw fails selfcheck under its seed's name, even when the default instance is sound", async () => {
    // Seeds whose image is not the default make the check's expected image differ from what the
    // solution (pinned to the default here) creates: only those seeds' lines may fail.
    const pinned = { ...exercise, template: { ...(exercise.template as object), solution: { commands: [`fx pod web app=web,tier=frontend nginx:1.26`] } } } as typeof exercise;
    const report = await selfcheck([pinned], undefined, { families: TEST_FAMILIES });
    expect(report.exercises[0]).toMatchObject({ exerciseId: "fx-param-pod" });
    expect(report.exercises.slice(1).some((e) => !e.ok)).toBe(true);
    expect(report.ok).toBe(false);
  }, 60_000);
});
