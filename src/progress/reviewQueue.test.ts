import { describe, expect, it } from "vitest";
import { FsrsScheduler } from "./review.js";
import { buildReviewQueue, LEECH_LAPSES, leechAdvice, recallPercent, reviewSeed } from "./reviewQueue.js";
import type { DueReview } from "./store.js";

const fsrs = new FsrsScheduler();
const t0 = new Date("2026-01-05T10:00:00.000Z");

function due(exerciseId: string, lapses: number, reps: number): DueReview {
  const card = { ...fsrs.review(undefined, "good", t0), lapses, reps };
  const item = { exerciseId, checkId: "c", due: new Date(card.due), retrievability: 0.5, card };
  return { exerciseId, due: item.due, retrievability: 0.5, items: [item], lapses };
}

describe("buildReviewQueue", () => {
  const refs = new Map([
    ["p", { id: "p", title: "Parameterised", parameterised: true }],
    ["f", { id: "f", title: "Fixed", parameterised: false }],
  ]);
  const lessons = (id: string) => (id === "p" ? [{ id: "pods-basics", title: "Pods" }] : []);

  it("gives a parameterised exercise a seed that stays until the review is recorded, then changes", () => {
    const before = buildReviewQueue([due("p", 0, 2)], refs, lessons).items[0]!;
    expect(buildReviewQueue([due("p", 0, 2)], refs, lessons).items[0]!.seed).toBe(before.seed);
    expect(buildReviewQueue([due("p", 0, 3)], refs, lessons).items[0]!.seed).not.toBe(before.seed);
    expect(buildReviewQueue([due("f", 0, 2)], refs, lessons).items[0]!.seed).toBeUndefined();
    expect(reviewSeed("p", 2)).toBe(before.seed);
  });

  it(`marks a leech at ${LEECH_LAPSES} lapses, not 3, and names its lessons`, () => {
    expect(buildReviewQueue([due("p", 3, 9)], refs, lessons).items[0]!.leech).toBeUndefined();
    const leech = buildReviewQueue([due("p", 4, 9)], refs, lessons).items[0]!;
    expect(leech.leech).toEqual({ lapses: 4, lessons: [{ id: "pods-basics", title: "Pods" }] });
    expect(leechAdvice(leech)).toBe('p is a leech: failed 4 times after it was learnt; reread the lesson "Pods" (pods-basics) before trying again');
    expect(leechAdvice(buildReviewQueue([due("f", 5, 9)], refs, lessons).items[0]!)).toContain("no lesson lists this exercise yet");
  });

  it("does not serve an exercise that is no longer installed, and says which", () => {
    expect(buildReviewQueue([due("gone", 0, 1), due("f", 0, 1)], refs, lessons)).toMatchObject({ missing: ["gone"], items: [{ exerciseId: "f" }] });
  });

  it("prints recall in whole percent rounded down, so 89.99% never reads as 90%", () => {
    expect(recallPercent(0.8999)).toBe(89);
    expect(recallPercent(0.9)).toBe(90);
  });
});
