import { describe, expect, it } from "vitest";
import { default_w, FSRS6_DEFAULT_DECAY } from "ts-fsrs";
import { DESIRED_RETENTION, FsrsScheduler } from "./review.js";
import { gradeCheck, type GradeInputs, type ReviewGrade } from "./skillGrade.js";

const DAY = 24 * 60 * 60 * 1000;
const t0 = new Date("2026-01-05T10:00:00.000Z");

// Issue 9's mapping: fail → Again; pass after hints or the solution, or slower than the
// exercise's minutes → Hard; clean pass → Good; clean first pass in under half the time → Easy.
describe("gradeCheck: the grade comes from the grader", () => {
  const clean: GradeInputs = { result: "pass", hintsUsed: 0, solutionViewed: false, durationMs: 4 * 60_000, minutes: 6, previousGrade: undefined };
  const rows: Array<[string, Partial<GradeInputs>, ReviewGrade]> = [
    ["a failed check", { result: "fail" }, "again"],
    ["a check the grader could not evaluate (error)", { result: "error" }, "again"],
    ["a fail even when fast and clean", { result: "fail", durationMs: 1000 }, "again"],
    ["a pass after one hint", { hintsUsed: 1 }, "hard"],
    ["a pass after seeing the solution", { solutionViewed: true }, "hard"],
    ["a pass after the solution, fast", { solutionViewed: true, durationMs: 1000 }, "hard"],
    ["a pass slower than the minutes (6 min + 1 ms)", { durationMs: 6 * 60_000 + 1 }, "hard"],
    ["a pass in exactly the minutes", { durationMs: 6 * 60_000 }, "good"],
    ["a clean pass", {}, "good"],
    ["a clean first pass in exactly half the minutes (not under)", { durationMs: 3 * 60_000 }, "good"],
    ["a clean first pass 1 ms under half the minutes", { durationMs: 3 * 60_000 - 1 }, "easy"],
    ["a fast clean pass on a card reviewed well before", { durationMs: 60_000, previousGrade: "good" }, "easy"],
    ["a fast clean pass right after failing the check: not a first pass", { durationMs: 60_000, previousGrade: "again" }, "good"],
    ["time not known (kadet check --script): never fast nor slow", { durationMs: null }, "good"],
    ["minutes not known (attempt from schema 2)", { minutes: null, durationMs: 1 }, "good"],
    ["hints not known (schema 1) count as none", { hintsUsed: null, solutionViewed: null }, "good"],
    ["fractional minutes compare in whole milliseconds (1.5 min, 44,999 ms)", { minutes: 1.5, durationMs: 44_999 }, "easy"],
  ];
  it.each(rows)("%s", (_name, change, expected) => {
    expect(gradeCheck({ ...clean, ...change })).toBe(expected);
  });
});

describe("FsrsScheduler (ts-fsrs, FSRS-6 defaults, retention 0.9)", () => {
  const fsrs = new FsrsScheduler();

  it("uses FSRS-6's 21 default weights and decay, and 0.9 retention", () => {
    // FSRS-6 added w[19], w[20] (the trainable decay) to FSRS-5's 19 weights.
    expect(default_w).toHaveLength(21);
    expect(default_w[20]).toBe(FSRS6_DEFAULT_DECAY);
    expect(DESIRED_RETENTION).toBe(0.9);
  });

  it("a new card's first interval grows with the grade, and Again makes it due soonest", () => {
    const due = (g: ReviewGrade) => Date.parse(fsrs.review(undefined, g, t0).due) - t0.getTime();
    expect(due("again")).toBeLessThan(due("hard"));
    expect(due("hard")).toBeLessThan(due("good"));
    expect(due("good")).toBeLessThan(due("easy"));
    // No minute steps: even Again comes back a whole day later at the earliest.
    expect(due("again")).toBeGreaterThanOrEqual(DAY);
  });

  it("is deterministic (no fuzz): the journal replay rebuilds exactly the saved card", () => {
    let a = fsrs.review(undefined, "good", t0);
    let b = new FsrsScheduler().review(undefined, "good", t0);
    for (let i = 0; i < 5; i++) {
      a = fsrs.review(a, "good", new Date(a.due));
      b = new FsrsScheduler().review(JSON.parse(JSON.stringify(b)), "good", new Date(b.due));
    }
    expect(b).toEqual(a);
  });

  it("retrievability is about 0.9 when a review card falls due (that is what stability means at 90%)", () => {
    let card = fsrs.review(undefined, "good", t0);
    card = fsrs.review(card, "good", new Date(card.due));
    expect(card.state).toBe("review");
    expect(fsrs.retrievability(card, new Date(card.lastReview!))).toBeCloseTo(1, 5);
    // Intervals are whole days, so at the due date R is near, not exactly, 0.9.
    expect(Math.abs(fsrs.retrievability(card, new Date(card.due)) - 0.9)).toBeLessThan(0.02);
    expect(fsrs.retrievability(card, new Date(Date.parse(card.due) + 30 * DAY))).toBeLessThan(0.9);
  });

  it("counts a lapse when a learnt card is failed, and keeps the last grade", () => {
    let card = fsrs.review(undefined, "good", t0);
    card = fsrs.review(card, "good", new Date(card.due));
    expect(card.lapses).toBe(0);
    card = fsrs.review(card, "again", new Date(card.due));
    // Without minute steps a failed card stays a review card, due again in days.
    expect(card).toMatchObject({ lapses: 1, state: "review", lastGrade: "again", reps: 3 });
  });
});
