/**
 * Spaced repetition: when should an exercise come back for review? The algorithm sits behind
 * `ReviewScheduler` so it can be swapped (ts-fsrs, whose Rating Again/Hard/Good/Easy matches
 * `ReviewGrade`, would fit); the default is a five-box Leitner system.
 */
import { z } from "zod";
import type { Attempt, ReviewCard } from "./schema.js";

/** How well the learner did, in the four grades most schedulers (SM-2, FSRS) use. */
export type ReviewGrade = "again" | "hard" | "good" | "easy";

export interface ReviewScheduler {
  /** Stored in each card, so a card made by another scheduler can be recognised. */
  readonly name: string;
  /** The card after a review with `grade` at `now`; `previous` is undefined for a new card. */
  review(previous: ReviewCard | undefined, grade: ReviewGrade, now: Date): ReviewCard;
}

/** Every check passed: "good"; some points earned: "hard"; nothing earned: "again". */
export function gradeAttempt(attempt: Pick<Attempt, "passed" | "score">): ReviewGrade {
  if (attempt.passed) return "good";
  return attempt.score > 0 ? "hard" : "again";
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Leitner's boxes: a card in box i comes back `intervals[i]` days after its last review. */
export const DEFAULT_LEITNER_INTERVAL_DAYS: readonly number[] = [1, 3, 7, 14, 30];

const LeitnerStateSchema = z.object({ box: z.number().int().nonnegative() });

/**
 * "again" sends a card back to the first box, "hard" keeps it where it is, "good" moves it up
 * one box and "easy" two. A success before the card is due does not move it up: reviewing
 * early is cramming, and must not push the next review further away.
 */
export class LeitnerScheduler implements ReviewScheduler {
  readonly name = "leitner";

  constructor(private readonly intervalDays: readonly number[] = DEFAULT_LEITNER_INTERVAL_DAYS) {
    if (intervalDays.length === 0) throw new Error("a Leitner scheduler needs at least one box");
  }

  /** The box a card is in; cards from other schedulers start again in the first box. */
  boxOf(card: ReviewCard | undefined): number | undefined {
    if (card === undefined || card.scheduler !== this.name) return undefined;
    const state = LeitnerStateSchema.safeParse(card.state);
    return state.success ? Math.min(state.data.box, this.lastBox) : undefined;
  }

  review(previous: ReviewCard | undefined, grade: ReviewGrade, now: Date): ReviewCard {
    const box = this.boxOf(previous);
    const early = previous !== undefined && box !== undefined && now.getTime() < Date.parse(previous.due);
    let nextBox: number;
    if (grade === "again") nextBox = 0;
    else if (box === undefined) nextBox = grade === "easy" ? Math.min(1, this.lastBox) : 0;
    else if (early || grade === "hard") nextBox = box;
    else nextBox = Math.min(box + (grade === "easy" ? 2 : 1), this.lastBox);

    const keepDue = early && grade !== "again" && previous !== undefined;
    return {
      scheduler: this.name,
      due: keepDue ? previous.due : new Date(now.getTime() + this.daysFor(nextBox) * DAY_MS).toISOString(),
      lastReviewedAt: now.toISOString(),
      reviews: (previous?.reviews ?? 0) + 1,
      lapses: (previous?.lapses ?? 0) + (grade === "again" && previous !== undefined ? 1 : 0),
      state: { box: nextBox },
    };
  }

  private get lastBox(): number {
    return this.intervalDays.length - 1;
  }

  private daysFor(box: number): number {
    return this.intervalDays[Math.min(box, this.lastBox)] ?? 1;
  }
}
