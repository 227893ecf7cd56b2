import { describe, expect, it } from "vitest";
import { openProgress } from "./open.js";
import { MAX_CHECK_TEXT_CHARS } from "./store.js";
import { failingChecks, fixedClock, passingChecks, T0, tempDataDir } from "./testSupport.js";

const DAY = 24 * 60 * 60 * 1000;
const at = (days: number): Date => new Date(T0.getTime() + days * DAY);

async function openStore() {
  const clock = fixedClock();
  const { store } = await openProgress({ home: await tempDataDir(), now: clock.now });
  return { store, clock };
}

describe("ProgressStore.recordAttempt", () => {
  it("derives score, pass, best score and the first completion time from the checks", async () => {
    const { store } = await openStore();
    const failed = await store.recordAttempt("pods-1", { at: at(0), commands: ["kubectl run web --image=nginx"], checks: failingChecks });
    expect(failed.attempt).toMatchObject({ score: 2, maxScore: 5, passed: false, at: at(0).toISOString() });
    expect(failed.newlyCompleted).toBe(false);

    const passed = await store.recordAttempt("pods-1", { at: at(1), commands: ["kubectl run web --image=nginx:1.27"], checks: passingChecks });
    expect(passed.newlyCompleted).toBe(true);
    const again = await store.recordAttempt("pods-1", { at: at(2), commands: [], checks: failingChecks });
    expect(again.newlyCompleted).toBe(false);

    const exercise = store.exercise("pods-1");
    expect(exercise?.bestScore).toBe(5);
    expect(exercise?.completedAt).toBe(at(1).toISOString());
    expect(exercise?.attempts.map((a) => a.passed)).toEqual([false, true, false]);
    await store.close();
  });

  it("stamps attempts with the injected clock when no time is given", async () => {
    const { store, clock } = await openStore();
    clock.set(at(3));
    const { attempt } = await store.recordAttempt("pods-1", { commands: [], checks: passingChecks });
    expect(attempt.at).toBe(at(3).toISOString());
    await store.close();
  });

  it("keeps the command log with exit codes, hints used, solution viewed and time taken (schema v2)", async () => {
    const { store } = await openStore();
    const { attempt } = await store.recordAttempt("pods-1", {
      commands: [{ line: "kubectl get pods", exitCode: 0 }, { line: "kubectl get pod nope", exitCode: 1 }, "old-style line"],
      hintsUsed: 2,
      solutionViewed: true,
      durationMs: 61_000,
      checks: passingChecks,
    });
    expect(attempt.commands).toEqual([
      { line: "kubectl get pods", exitCode: 0 },
      { line: "kubectl get pod nope", exitCode: 1 },
      { line: "old-style line", exitCode: null },
    ]);
    expect(attempt).toMatchObject({ hintsUsed: 2, solutionViewed: true, durationMs: 61_000 });
    await store.close();
  });

  it("adds points in hundredths, so 0.1 + 0.2 points make exactly 0.3", async () => {
    const { store } = await openStore();
    const shares = [0.1, 0.2].map((points, i) => ({ id: `c${i}`, result: "pass" as const, points }));
    expect(0.1 + 0.2).not.toBe(0.3); // the float drift this guards against
    const { attempt } = await store.recordAttempt("pods-1", { commands: [], checks: shares });
    expect(attempt.score).toBe(0.3);
    expect(attempt.maxScore).toBe(0.3);
    await store.close();
  });

  it("sums best scores in hundredths too: 0.1 and 0.2 points in one topic make 0.3", async () => {
    const { store } = await openStore();
    await store.recordAttempt("a", { commands: [], checks: [{ id: "c", result: "pass", points: 0.1 }] });
    await store.recordAttempt("b", { commands: [], checks: [{ id: "c", result: "pass", points: 0.2 }] });
    const summary = store.summary(() => ["pods"]);
    expect(summary.points).toBe(0.3);
    expect(summary.byTopic["pods"]?.points).toBe(0.3);
    await store.close();
  });

  it("counts an attempt with no checks as not passed", async () => {
    const { store } = await openStore();
    const { attempt } = await store.recordAttempt("empty", { commands: [], checks: [] });
    expect(attempt.passed).toBe(false);
    await store.close();
  });

  it("cuts very long observed text so one check cannot bloat the file", async () => {
    const { store } = await openStore();
    const observed = "x".repeat(MAX_CHECK_TEXT_CHARS + 10);
    const { attempt } = await store.recordAttempt("logs-1", {
      commands: [],
      checks: [{ id: "log-line", result: "fail", points: 1, observed, expected: "ready" }],
    });
    expect(attempt.checks[0]?.observed?.startsWith("x".repeat(MAX_CHECK_TEXT_CHARS))).toBe(true);
    expect(attempt.checks[0]?.observed?.length).toBeLessThan(observed.length + 30);
    expect(attempt.checks[0]?.observed).toMatch(/\[\.\.\. cut by kadet\]$/);
    expect(attempt.checks[0]?.expected).toBe("ready");
    await store.close();
  });

  it("refuses an attempt the schema would reject, instead of writing a file it could not read back", async () => {
    const { store } = await openStore();
    await expect(
      store.recordAttempt("pods-1", { commands: [], checks: [{ id: "", result: "pass", points: Number.NaN }] }),
    ).rejects.toThrow(/invalid attempt/);
    expect(store.exercise("pods-1")).toBeUndefined();
    await store.close();
  });

  it("returns copies: changing them does not change the store", async () => {
    const { store } = await openStore();
    await store.recordAttempt("pods-1", { commands: ["a"], checks: passingChecks });
    store.exercise("pods-1")?.attempts.pop();
    expect(store.exercise("pods-1")?.attempts).toHaveLength(1);
    await store.close();
  });

  it("reports saves after close as not saved", async () => {
    const { store } = await openStore();
    await store.close();
    expect(await store.markLessonRead("intro")).toEqual({ saved: false, reason: "the progress store is closed" });
  });
});

describe("ProgressStore.markLessonRead", () => {
  it("keeps the first read time and updates the last one", async () => {
    const { store } = await openStore();
    await store.markLessonRead("pods-intro", at(0));
    await store.markLessonRead("pods-intro", at(4));
    expect(store.lesson("pods-intro")).toEqual({ readAt: at(0).toISOString(), lastReadAt: at(4).toISOString() });
    await store.close();
  });
});

describe("ProgressStore.summary", () => {
  it("counts completed exercises, best-score points and per-topic totals", async () => {
    const { store } = await openStore();
    await store.recordAttempt("pods-1", { commands: [], checks: failingChecks }); // best 2, not completed
    await store.recordAttempt("pods-2", { commands: [], checks: failingChecks });
    await store.recordAttempt("pods-2", { commands: [], checks: passingChecks }); // best 5, completed
    await store.recordAttempt("svc-1", { commands: [], checks: passingChecks }); // best 5, completed
    await store.markLessonRead("intro");
    const topics: Record<string, string[]> = { "pods-1": ["pods"], "pods-2": ["pods", "labels"], "svc-1": ["services"] };

    expect(store.summary((id) => topics[id] ?? [])).toEqual({
      lessonsRead: 1,
      exercisesAttempted: 3,
      exercisesCompleted: 2,
      points: 12,
      byTopic: {
        labels: { attempted: 1, completed: 1, points: 5 },
        pods: { attempted: 2, completed: 1, points: 7 },
        services: { attempted: 1, completed: 1, points: 5 },
      },
    });
    expect(store.summary().byTopic).toEqual({});
    await store.close();
  });
});

describe("ProgressStore.dueForReview", () => {
  // FSRS-6 defaults without minute steps: a new card graded Good is due 3 days later, Again 1 day.
  it("lists exercises with a due check card, lowest retrievability first, with the due checks", async () => {
    const { store } = await openStore();
    await store.recordAttempt("a", { at: at(0), commands: [], checks: passingChecks }); // both Good: due day 3
    await store.recordAttempt("b", { at: at(0), commands: [], checks: failingChecks }); // image Again: due day 1
    await store.recordAttempt("c", { at: at(2), commands: [], checks: passingChecks }); // due day 5

    expect(store.dueForReview(at(0.5))).toEqual([]);
    const day1 = store.dueForReview(at(1));
    expect(day1.map((d) => d.exerciseId)).toEqual(["b"]);
    expect(day1[0]?.items.map((i) => i.checkId)).toEqual(["image-is-nginx"]);
    const day3 = store.dueForReview(at(3));
    expect(day3.map((d) => d.exerciseId)).toEqual(["b", "a"]);
    // The failed check (stability well under a day) is likelier forgotten than the passed one.
    expect(day3[0]?.items.map((i) => i.checkId)).toEqual(["image-is-nginx", "pod-exists"]);
    const due = store.dueForReview(at(10));
    // c was learnt two days after a, with the same stability: a is the likelier forgotten.
    expect(due.map((d) => d.exerciseId)).toEqual(["b", "a", "c"]);
    expect(due[2]?.due).toEqual(at(5));
    expect(due.every((d, i) => i === 0 || due[i - 1]!.retrievability <= d.retrievability)).toBe(true);
    await store.close();
  });

  it("keeps review cards across a reopen", async () => {
    const dir = await tempDataDir();
    const first = await openProgress({ home: dir, now: fixedClock().now });
    await first.store.recordAttempt("a", { at: at(0), commands: [], checks: passingChecks });
    await first.store.close();
    const second = await openProgress({ home: dir, now: fixedClock().now });
    expect(second.store.dueForReview(at(3)).map((d) => d.exerciseId)).toEqual(["a"]);
    await second.store.close();
  });
});
