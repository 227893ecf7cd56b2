import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { kindNamed } from "../sim/api/kinds.js";
import { loadExercises, type Exercise } from "./exercise.js";
import { formatVerdict, grade, prepareExercise, runScript } from "./grader.js";
import { TEST_FAMILIES, TESTDATA } from "./testSupport.js";

const fixture = (id: string): Exercise => loadExercises(join(TESTDATA, "exercises")).exercises.find((e) => e.id === id)!;
const freshWorkdir = (): string => mkdtempSync(join(tmpdir(), "kadet-grader-"));

describe("prepareExercise", () => {
  test("runs the setup commands without putting them in the learner's history", async () => {
    const workdir = freshWorkdir();
    const session = await prepareExercise(fixture("fx-run-web"), { workdir, families: TEST_FAMILIES });
    expect(session.world.api.find(kindNamed("Pod")!, "default", "api")).toBeDefined();
    expect(session.history).toEqual([]);
    expect(readFileSync(join(workdir, "notes.txt"), "utf8")).toBe("the api pod is already running\n");
  });

  test("never overwrites a file the learner already has", async () => {
    const workdir = freshWorkdir();
    writeFileSync(join(workdir, "notes.txt"), "my own notes\n");
    await prepareExercise(fixture("fx-run-web"), { workdir, families: TEST_FAMILIES });
    expect(readFileSync(join(workdir, "notes.txt"), "utf8")).toBe("my own notes\n");
  });
});

describe("grade", () => {
  test("the untouched setup fails, scored by weight; the solution passes with full points", async () => {
    const exercise = fixture("fx-run-web");
    const workdir = freshWorkdir();
    const session = await prepareExercise(exercise, { workdir, families: TEST_FAMILIES });
    const before = await grade(exercise, session, { workdir, families: TEST_FAMILIES });
    expect(before.passed).toBe(false);
    expect(before.checks.map((c) => c.status)).toEqual(["fail", "fail", "fail", "fail", "fail", "fail"]);
    expect(before.score).toBe(0);

    // Half-done: the pod but no Service and no manifest → 3 of 7 weight units (service weighs 2).
    await runScript(session, "fx pod web app=web");
    const half = await grade(exercise, session, { workdir, families: TEST_FAMILIES });
    expect(half.checks.map((c) => c.status)).toEqual(["pass", "pass", "pass", "fail", "pass", "fail"]);
    // Largest remainder over 1000 cents and weights [1,1,1,2,1,1]: the weight-1 checks get 1.43, the service 2.85.
    expect(half.score).toBe(5.72);
    expect(half.checks.reduce((sum, c) => sum + Math.round(c.points * 100), 0)).toBe(1000);
    expect(half.maxScore).toBe(10);

    writeFileSync(join(workdir, "web.yaml"), exercise.solution.files[0]!.content);
    await runScript(session, "fx svc web app=web");
    const after = await grade(exercise, session, { workdir, families: TEST_FAMILIES });
    expect(after.checks.filter((c) => c.status !== "pass")).toEqual([]);
    expect(after).toMatchObject({ passed: true, score: 10, exerciseId: "fx-run-web" });
  });

  test("checking never changes the learner's world, clock or history, even when a check command writes", async () => {
    const exercise = fixture("fx-run-web");
    const workdir = freshWorkdir();
    const session = await prepareExercise(exercise, { workdir, families: TEST_FAMILIES });
    await runScript(session, "fx pod web app=web");
    const writing: Exercise = {
      ...exercise,
      checks: [{ id: "w", description: "a check command that writes", weight: 1, type: "command", command: { command: "fx pod intruder", exitCode: 0 } }, ...exercise.checks],
    };
    const snapshot = JSON.stringify(session.world.snapshot());
    const history = [...session.history];
    const verdict = await grade(writing, session, { workdir, families: TEST_FAMILIES });
    expect(verdict.checks[0]!.status).toBe("pass");
    expect(JSON.stringify(session.world.snapshot())).toBe(snapshot);
    expect(session.history).toEqual(history);
    expect(session.world.api.find(kindNamed("Pod")!, "default", "intruder")).toBeUndefined();
  });
});

describe("formatVerdict", () => {
  test("one line per check, details indented beneath failures, a summary", async () => {
    const exercise = fixture("fx-run-web");
    const workdir = freshWorkdir();
    const session = await prepareExercise(exercise, { workdir, families: TEST_FAMILIES });
    await runScript(session, "fx pod web app=web");
    const text = formatVerdict(await grade(exercise, session, { workdir, families: TEST_FAMILIES }), { color: false });
    expect(text).toBe(
      [
        "✓ Pod web runs nginx:1.27",
        "✓ Pod web is Running",
        "✓ one pod labelled app=web",
        "✗ Service web selects the web pod",
        "    observed: (no such Service)",
        "    expected: at least 1 Running pod",
        "    no Service named web in namespace default (services there: kubernetes)",
        "✓ used fx pod",
        "✗ web.yaml describes the pod",
        "    observed: (no such file)",
        "    expected: a file web.yaml",
        "    web.yaml does not exist in your workspace (files there: notes.txt)",
        "",
        "4/6 checks passed, score 5.72/10 — exercise fx-run-web not passed yet",
        "",
      ].join("\n"),
    );
    expect(formatVerdict(await grade(exercise, session, { workdir, families: TEST_FAMILIES }), { color: true })).toContain("\x1b[31m✗\x1b[0m");
    expect(existsSync(join(workdir, "web.yaml"))).toBe(false);
  });
});
