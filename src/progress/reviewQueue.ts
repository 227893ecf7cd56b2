/**
 * What `kadet review` and the Review screen serve: the exercises with due skill cards,
 * lowest retrievability first, each with the seed of its next micro-exercise and, for a
 * leech (a card failed after being learnt 4 times), the lessons that teach it.
 * Pure: the store's due list and the content's titles and lessons go in, plain data comes out.
 */
import type { DueReview } from "./store.js";

/** Anki's default leech threshold, which issue 9 adopts: 4 lapses. */
export const LEECH_LAPSES = 4;

export interface ExerciseRef {
  id: string;
  title: string;
  /** Whether the exercise draws values from a seed (parameters.ts); only then is the seed used. */
  parameterised: boolean;
}

export interface LessonRef {
  id: string;
  title: string;
}

export interface QueuedCheck {
  checkId: string;
  due: string;
  /** Chance of passing it now, 0..1 (FSRS's forgetting curve). */
  retrievability: number;
  /** The same, in whole percent rounded down: what is printed. */
  recallPercent: number;
  lapses: number;
}

export interface QueuedReview {
  exerciseId: string;
  title: string;
  /** The earliest due date among its due checks. */
  due: string;
  retrievability: number;
  recallPercent: number;
  checks: QueuedCheck[];
  lapses: number;
  /** Set for a leech: the lessons whose front matter lists the exercise (none when no lesson does). */
  leech?: { lapses: number; lessons: LessonRef[] };
  /** The seed its parameters are drawn with; undefined for an exercise without parameters. */
  seed?: number;
}

export interface ReviewQueue {
  items: QueuedReview[];
  /** Due exercises that no loaded exercise file has any more (renamed or removed): not served. */
  missing: string[];
}

export function recallPercent(retrievability: number): number {
  return Math.floor(retrievability * 100);
}

/**
 * A fresh seed per review, with nothing stored: it mixes the exercise id with how many
 * reviews its cards have had, so showing a review and answering it use the same values,
 * and the review after it draws new ones. FNV-1a, 32 bits.
 */
export function reviewSeed(exerciseId: string, reviews: number): number {
  let hash = 0x811c9dc5;
  for (const char of `${exerciseId}#${reviews}`) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export function buildReviewQueue(
  due: readonly DueReview[],
  exercises: ReadonlyMap<string, ExerciseRef>,
  lessonsTeaching: (exerciseId: string) => readonly LessonRef[],
): ReviewQueue {
  const items: QueuedReview[] = [];
  const missing: string[] = [];
  for (const d of due) {
    const exercise = exercises.get(d.exerciseId);
    if (exercise === undefined) {
      missing.push(d.exerciseId);
      continue;
    }
    const reviews = d.items.reduce((sum, i) => sum + i.card.reps, 0);
    const item: QueuedReview = {
      exerciseId: d.exerciseId,
      title: exercise.title,
      due: d.due.toISOString(),
      retrievability: d.retrievability,
      recallPercent: recallPercent(d.retrievability),
      checks: d.items.map((i) => ({ checkId: i.checkId, due: i.card.due, retrievability: i.retrievability, recallPercent: recallPercent(i.retrievability), lapses: i.card.lapses })),
      lapses: d.lapses,
    };
    if (d.lapses >= LEECH_LAPSES) item.leech = { lapses: d.lapses, lessons: [...lessonsTeaching(d.exerciseId)] };
    if (exercise.parameterised) item.seed = reviewSeed(d.exerciseId, reviews);
    items.push(item);
  }
  return { items, missing };
}

/** The sentence that sends a learner from a leech to its lesson. */
export function leechAdvice(item: QueuedReview): string | undefined {
  if (item.leech === undefined) return undefined;
  const lessons = item.leech.lessons;
  const where =
    lessons.length === 0
      ? "no lesson lists this exercise yet; read its hints and explanation before trying again"
      : `reread the lesson ${lessons.map((l) => `"${l.title}" (${l.id})`).join(" or ")} before trying again`;
  return `${item.exerciseId} is a leech: failed ${item.leech.lapses} times after it was learnt; ${where}`;
}
