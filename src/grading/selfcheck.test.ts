import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { Lesson } from "../content/lessons.js";
import { loadExercises } from "./exercise.js";
import { crossReferenceProblems, formatSelfcheckReport, selfcheck } from "./selfcheck.js";
import { TEST_FAMILIES, TESTDATA } from "./testSupport.js";

const { exercises } = loadExercises(join(TESTDATA, "exercises"));

describe("selfcheck (rustlings-style: setup must fail, solution must pass)", () => {
  test("a sound exercise passes both phases", async () => {
    const report = await selfcheck(exercises, ["fx-run-web"], { families: TEST_FAMILIES });
    expect(report.exercises[0]!.problems).toEqual([]);
    expect(report.exercises[0]!.setupOnly.verdict.passed).toBe(false);
    expect(report.exercises[0]!.withSolution.verdict.passed).toBe(true);
    expect(report.ok).toBe(true);
  });

  test("an exercise whose setup already passes is reported", async () => {
    const report = await selfcheck(exercises, ["fx-already-passes"], { families: TEST_FAMILIES });
    expect(report.ok).toBe(false);
    const problems = report.exercises[0]!.problems;
    expect(problems[0]).toBe("the untouched setup already passes every check (at least one must fail before the learner works)");
    // Its solution re-creates the pod the setup made: a failing solution command is reported too.
    expect(problems[1]).toMatch(/^solution command `fx pod web app=web` exited with 1: pods "web" already exists/);
  });

  test("unknown ids and lessons naming missing exercises are reported", async () => {
    const lesson: Lesson = { id: "l", title: "l", topic: "pods", order: 1, prerequisites: [], exercises: ["fx-run-web", "ghost"], body: "", file: "lessons/1-l.md" };
    expect(crossReferenceProblems(exercises, [lesson])).toEqual(['lessons/1-l.md: exercise "ghost" does not exist']);
    const unknown = await selfcheck(exercises, ["nope"], { families: TEST_FAMILIES });
    expect(unknown).toMatchObject({ ok: false, unknownIds: ["nope"], exercises: [] });
    expect(formatSelfcheckReport(unknown)).toContain("✗ nope: no exercise has this id");
  });
});
