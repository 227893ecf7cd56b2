import { describe, expect, it } from "vitest";
import { gradeAttempt, LeitnerScheduler } from "./review.js";
import type { ReviewCard } from "./schema.js";

const DAY = 24 * 60 * 60 * 1000;
const t0 = new Date("2026-01-05T10:00:00.000Z");
const daysAfter = (from: Date, days: number): Date => new Date(from.getTime() + days * DAY);

// Leitner system (Sebastian Leitner, "So lernt man lernen", 1972): a card answered correctly
// moves to the next box, reviewed less often; a card answered wrongly goes back to the first.
// kadet's boxes come back after 1, 3, 7, 14 and 30 days.
describe("LeitnerScheduler", () => {
  const leitner = new LeitnerScheduler();
  const box = (card: ReviewCard): number | undefined => leitner.boxOf(card);

  it("puts a new card in the first box, due one day later", () => {
    const card = leitner.review(undefined, "good", t0);
    expect(box(card)).toBe(0);
    expect(card.due).toBe(daysAfter(t0, 1).toISOString());
    expect(card).toMatchObject({ scheduler: "leitner", reviews: 1, lapses: 0, lastReviewedAt: t0.toISOString() });
  });

  it("moves a card up one box per on-time success: 1, 3, 7, 14, 30 days, then stays at 30", () => {
    let now = t0;
    let card = leitner.review(undefined, "good", now);
    const gaps: number[] = [];
    for (let i = 0; i < 6; i++) {
      now = new Date(card.due);
      card = leitner.review(card, "good", now);
      gaps.push((Date.parse(card.due) - now.getTime()) / DAY);
    }
    expect(gaps).toEqual([3, 7, 14, 30, 30, 30]);
  });

  it("sends a failed card back to the first box and counts a lapse", () => {
    let card = leitner.review(undefined, "good", t0);
    card = leitner.review(card, "good", new Date(card.due));
    card = leitner.review(card, "good", new Date(card.due));
    expect(box(card)).toBe(2);
    const failedAt = new Date(card.due);
    card = leitner.review(card, "again", failedAt);
    expect(box(card)).toBe(0);
    expect(card.due).toBe(daysAfter(failedAt, 1).toISOString());
    expect(card.lapses).toBe(1);
  });

  it("keeps a 'hard' card in its box and 'easy' skips one", () => {
    let card = leitner.review(undefined, "good", t0);
    card = leitner.review(card, "good", new Date(card.due)); // box 1
    const hard = leitner.review(card, "hard", new Date(card.due));
    expect(box(hard)).toBe(1);
    const easy = leitner.review(card, "easy", new Date(card.due));
    expect(box(easy)).toBe(3);
  });

  it("does not promote a card answered before it is due (no cramming)", () => {
    const card = leitner.review(undefined, "good", t0);
    const early = leitner.review(card, "good", new Date(t0.getTime() + 60_000));
    expect(box(early)).toBe(0);
    expect(early.due).toBe(card.due);
    expect(early.reviews).toBe(2);
  });

  it("restarts a card written by another scheduler in the first box", () => {
    const foreign: ReviewCard = {
      scheduler: "fsrs",
      due: t0.toISOString(),
      lastReviewedAt: t0.toISOString(),
      reviews: 4,
      lapses: 0,
      state: { stability: 12.3 },
    };
    const card = leitner.review(foreign, "good", t0);
    expect(box(card)).toBe(0);
    expect(card.scheduler).toBe("leitner");
  });

  it("accepts custom intervals", () => {
    const quick = new LeitnerScheduler([2]);
    const card = quick.review(undefined, "easy", t0);
    expect(card.due).toBe(daysAfter(t0, 2).toISOString());
  });
});

describe("gradeAttempt", () => {
  it("grades a full pass good, partial points hard, nothing again", () => {
    expect(gradeAttempt({ passed: true, score: 5 })).toBe("good");
    expect(gradeAttempt({ passed: false, score: 2 })).toBe("hard");
    expect(gradeAttempt({ passed: false, score: 0 })).toBe("again");
  });
});
