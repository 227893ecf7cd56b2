/**
 * The Attempt service (issue 5 §4): one workflow for the TUI, `kadet check` and selfcheck. For
 * every shipped exercise, the reference solution run through an Attempt earns full points, and
 * the score the progress store records is exactly the score `kadet check` prints (the issue saw
 * 10/10 printed but 9.99 recorded).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { openProgress } from "../progress/index.js";
import { Attempt } from "./attempt.js";
import { loadExercises, type Exercise } from "./exercise.js";
import { formatVerdict } from "./grader.js";
import { formatPoints } from "./points.js";
import { TEST_FAMILIES, TESTDATA } from "./testSupport.js";

const freshDir = (what: string): string => mkdtempSync(join(tmpdir(), `kadet-attempt-${what}-`));
const fixture = (id: string): Exercise => loadExercises(join(TESTDATA, "exercises")).exercises.find((e) => e.id === id)!;

/** "score 3.34/10" as formatVerdict prints it, read back. */
function printedScore(text: string): { score: string; max: string } {
  const m = /score (\S+)\/(\S+) —/.exec(text);
  if (!m) throw new Error(`no score in:\n${text}`);
  return { score: m[1]!, max: m[2]! };
}

/** Records the attempt in a real progress store and returns what the store kept. */
async function recordInStore(attempt: Attempt) {
  const { store } = await openProgress({ home: freshDir("home"), now: () => new Date("2026-03-01T10:00:00Z") });
  const recorded = await store.recordAttempt(attempt.exercise.id, attempt.record());
  expect(recorded.save).toEqual({ saved: true });
  await store.close();
  return recorded.attempt;
}

describe("every shipped exercise through the Attempt", () => {
  const { exercises, errors } = loadExercises();
  test("the shipped exercises load", () => {
    expect(errors).toEqual([]);
    expect(exercises.length).toBeGreaterThan(0);
  });

  test.each(exercises.map((e) => [e.id, e] as const))("%s: the solution earns full points and the recorded score is the printed one", async (_id, exercise) => {
    const attempt = await Attempt.start(exercise, { workdir: freshDir(exercise.id) });
    expect(attempt.setupFailures).toEqual([]);

    // Before the learner works: a partial (or zero) score, printed and recorded alike.
    const before = await attempt.check();
    expect(before.passed).toBe(false);
    const beforeRecorded = await recordInStore(attempt);
    expect(beforeRecorded.score).toBe(before.score);
    expect(printedScore(formatVerdict(before, { color: false })).score).toBe(formatPoints(beforeRecorded.score));

    expect(await attempt.applySolution()).toEqual([]);
    const after = await attempt.check();
    expect(after.checks.filter((c) => c.status !== "pass")).toEqual([]);
    expect(after.scoreCents).toBe(after.maxCents);
    expect(after.score).toBe(exercise.points);

    const recorded = await recordInStore(attempt);
    expect(recorded.score).toBe(exercise.points);
    expect(recorded.maxScore).toBe(exercise.points);
    expect(recorded.passed).toBe(true);
    expect(recorded.solutionViewed).toBe(true);
    const printed = printedScore(formatVerdict(after, { color: false }));
    expect(printed).toEqual({ score: formatPoints(recorded.score), max: formatPoints(recorded.maxScore) });
    expect(recorded.commands.map((c) => c.line)).toEqual(exercise.solution.commands);
    expect(recorded.commands.every((c) => c.exitCode === 0 && c.modelTime !== undefined)).toBe(true);
  });
});

describe("Attempt", () => {
  const options = (now?: () => number) => ({ workdir: freshDir("unit"), families: TEST_FAMILIES, ...(now ? { now } : {}) });

  test("logs each line with its exit code and the model's time; setup lines are not the learner's", async () => {
    const attempt = await Attempt.start(fixture("fx-run-web"), options());
    await attempt.run("fx pod web app=web");
    await attempt.run("sim clock advance 90s");
    await attempt.run("fx phase nope");
    await attempt.run("   ");
    expect(attempt.commands.map((c) => [c.line, c.exitCode])).toEqual([
      ["fx pod web app=web", 0],
      ["sim clock advance 90s", 0],
      ["fx phase nope", 1],
    ]);
    const [first, second] = attempt.commands.map((c) => Date.parse(c.modelTime));
    expect(second! - first!).toBeGreaterThanOrEqual(90_000);
    expect(attempt.session.history).toEqual(["fx pod web app=web", "sim clock advance 90s", "fx phase nope"]);
  });

  test("hints come one at a time, in order, and stop at the last", async () => {
    const exercise = fixture("fx-run-web");
    const attempt = await Attempt.start(exercise, options());
    expect(attempt.takeHint()).toEqual({ number: 1, text: exercise.hints[0] });
    expect(attempt.takeHint()).toBeUndefined();
    expect(attempt.hintsTaken).toBe(1);
  });

  test("the record carries hints used, solution viewed and the time to the check on the injected clock", async () => {
    let now = 1_000;
    const attempt = await Attempt.start(fixture("fx-run-web"), options(() => now));
    expect(() => attempt.record()).toThrow(/record\(\) before check\(\)/);
    attempt.takeHint();
    now += 42_000;
    await attempt.run("fx pod web app=web");
    await attempt.check();
    now += 5_000; // time after the check is not part of that check's record
    const record = attempt.record();
    expect(record).toMatchObject({ hintsUsed: 1, solutionViewed: false, durationMs: 42_000 });
    expect(record.commands).toEqual([expect.objectContaining({ line: "fx pod web app=web", exitCode: 0 })]);
    expect(attempt.elapsedMs()).toBe(47_000);
    attempt.showSolution();
    await attempt.check();
    expect(attempt.record()).toMatchObject({ solutionViewed: true, durationMs: 47_000 });
  });

  test("without a clock the time taken is unknown, not zero", async () => {
    const attempt = await Attempt.start(fixture("fx-run-web"), options());
    await attempt.check();
    expect(attempt.elapsedMs()).toBeUndefined();
    expect(attempt.record().durationMs).toBeUndefined();
  });

  test("reset rebuilds the world from the setup and keeps the attempt's hints and log", async () => {
    const attempt = await Attempt.start(fixture("fx-run-web"), options());
    await attempt.run("fx pod web app=web");
    attempt.takeHint();
    await attempt.reset();
    expect((await attempt.session.run("fx phase web")).exitCode).toBe(1);
    expect((await attempt.session.run("fx phase api")).exitCode).toBe(0);
    expect(attempt.hintsTaken).toBe(1);
    expect(attempt.commands.map((c) => c.line)).toEqual(["fx pod web app=web"]);
  });
});
