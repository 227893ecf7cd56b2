/** Exact points (issue 5 §4): shares are whole hundredths that always sum to the exercise's points. */
import { describe, expect, it } from "vitest";
import { loadExercises } from "./exercise.js";
import { allocateCents, formatPoints, scoreChecks, sumPoints, toPoints } from "./points.js";

describe("allocateCents (largest remainder)", () => {
  it("three equal checks of 10 points are 3.34 + 3.33 + 3.33, never 9.99", () => {
    expect(allocateCents(1000, [1, 1, 1])).toEqual([334, 333, 333]);
  });
  it("weights split proportionally and sum exactly", () => {
    expect(allocateCents(2000, [2, 1, 1])).toEqual([1000, 500, 500]);
    expect(allocateCents(1000, [0.5, 0.25, 0.25])).toEqual([500, 250, 250]);
  });
});

describe("sumPoints", () => {
  it("adds in hundredths: 0.1 + 0.2 is 0.3 and 3.34 + 3.33 + 3.33 is 10", () => {
    expect(sumPoints([0.1, 0.2])).toBe(0.3);
    expect(sumPoints([3.34, 3.33, 3.33])).toBe(10);
  });
});

describe("every shipped exercise", () => {
  const { exercises } = loadExercises();
  it.each(exercises.map((e) => [e.id, e] as const))("%s: shares sum to its points, a full pass scores exactly them, and the printed score is the recorded one", (_id, exercise) => {
    const all = scoreChecks(exercise.points, exercise.checks.map((c) => ({ weight: c.weight, passed: true })));
    expect(all.shares.reduce((sum, s) => sum + s.cents, 0)).toBe(all.maxCents);
    expect(toPoints(all.scoreCents)).toBe(exercise.points);
    const firstOnly = scoreChecks(exercise.points, exercise.checks.map((c, i) => ({ weight: c.weight, passed: i === 0 })));
    const recorded = toPoints(firstOnly.scoreCents);
    expect(Number(formatPoints(recorded))).toBe(recorded);
  });
});
