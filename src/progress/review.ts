/**
 * Spaced repetition with FSRS (ts-fsrs 5.4.2, whose default parameters are FSRS-6's 21
 * weights), desired retention 0.9. A skill card is one check of one exercise; its grade comes
 * from the grader (skillGrade.ts). The algorithm sits behind `ReviewScheduler`, so the store,
 * the journal replay and tests all schedule through the same door.
 *
 * Choices, and why:
 * - no fuzz: the journal replays attempts after a crash through this code and must rebuild
 *   exactly the cards that were saved, and the same work must get the same schedule;
 * - no short-term (minute) learning steps: a review here is a whole exercise in a fresh
 *   cluster, not a flash card; a failed check comes back the next day, not in ten minutes.
 */
import { createEmptyCard, fsrs, generatorParameters, Rating, State, type Card, type FSRS, type Grade } from "ts-fsrs";
import type { CardState, SkillCard } from "./schema.js";
import type { ReviewGrade } from "./skillGrade.js";

export { gradeCheck, type GradeInputs, type ReviewGrade } from "./skillGrade.js";

export const DESIRED_RETENTION = 0.9;

export interface ReviewScheduler {
  /** The card after a review with `grade` at `now`; `previous` is undefined for a new card. */
  review(previous: SkillCard | undefined, grade: ReviewGrade, now: Date): SkillCard;
  /** The probability (0..1) of passing the check at `now`, by the model's forgetting curve; 0 for a card never reviewed. */
  retrievability(card: SkillCard, now: Date): number;
}

const RATINGS: Record<ReviewGrade, Grade> = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy };
const STATES: Record<CardState, State> = { new: State.New, learning: State.Learning, review: State.Review, relearning: State.Relearning };
const STATE_NAMES: Record<State, CardState> = { [State.New]: "new", [State.Learning]: "learning", [State.Review]: "review", [State.Relearning]: "relearning" };

export class FsrsScheduler implements ReviewScheduler {
  private readonly engine: FSRS;

  constructor(retention: number = DESIRED_RETENTION) {
    this.engine = fsrs(generatorParameters({ request_retention: retention, enable_fuzz: false, enable_short_term: false }));
  }

  review(previous: SkillCard | undefined, grade: ReviewGrade, now: Date): SkillCard {
    const card = previous === undefined ? createEmptyCard(now) : toFsrsCard(previous);
    const next = this.engine.next(card, now, RATINGS[grade]).card;
    return fromFsrsCard(next, grade);
  }

  retrievability(card: SkillCard, now: Date): number {
    if (card.lastReview === null || card.state === "new") return 0;
    return this.engine.get_retrievability(toFsrsCard(card), now, false);
  }
}

function toFsrsCard(card: SkillCard): Card {
  return {
    due: new Date(card.due),
    stability: card.stability,
    difficulty: card.difficulty,
    // Deprecated in ts-fsrs 5; the scheduler works from last_review.
    elapsed_days: 0,
    scheduled_days: card.scheduledDays,
    learning_steps: card.learningSteps,
    reps: card.reps,
    lapses: card.lapses,
    state: STATES[card.state],
    ...(card.lastReview !== null ? { last_review: new Date(card.lastReview) } : {}),
  };
}

function fromFsrsCard(card: Card, grade: ReviewGrade): SkillCard {
  return {
    due: card.due.toISOString(),
    stability: card.stability,
    difficulty: card.difficulty,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: STATE_NAMES[card.state],
    lastReview: card.last_review === undefined ? null : card.last_review.toISOString(),
    lastGrade: grade,
  };
}
