/**
 * How one event changes progress data: an attempt (history, best score, completion, review
 * card) or a lesson read. The store applies events as they happen and the journal replays
 * them after a crash through these same functions, so both always agree.
 */
import type { ReviewScheduler } from "./review.js";
import { gradeCheck, type ReviewGrade } from "./skillGrade.js";
import type { Attempt, ExerciseProgress, ProgressData } from "./schema.js";

export function applyAttempt(
  data: ProgressData,
  exerciseId: string,
  attempt: Attempt,
  scheduler: ReviewScheduler,
): { entry: ExerciseProgress; newlyCompleted: boolean; grades: Record<string, ReviewGrade> } {
  const entry: ExerciseProgress = (data.exercises[exerciseId] ??= { attempts: [], bestScore: null, completedAt: null, cards: {} });
  entry.attempts.push(attempt);
  entry.bestScore = Math.max(entry.bestScore ?? 0, attempt.score);
  const newlyCompleted = attempt.passed && entry.completedAt === null;
  if (newlyCompleted) entry.completedAt = attempt.at;
  // Each check is its own skill card, graded by what the grader saw (skillGrade.ts).
  const at = new Date(attempt.at);
  const grades: Record<string, ReviewGrade> = {};
  for (const check of attempt.checks) {
    const previous = entry.cards[check.id];
    const grade = gradeCheck({
      result: check.result,
      hintsUsed: attempt.hintsUsed,
      solutionViewed: attempt.solutionViewed,
      durationMs: attempt.durationMs,
      minutes: attempt.minutes,
      previousGrade: previous?.lastGrade ?? undefined,
    });
    entry.cards[check.id] = scheduler.review(previous, grade, at);
    grades[check.id] = grade;
  }
  return { entry, newlyCompleted, grades };
}

/** Keeps the first read and the latest; replaying a read twice changes nothing. */
export function applyLessonRead(data: ProgressData, lessonId: string, at: string): void {
  const existing = data.lessons[lessonId];
  if (existing === undefined) {
    data.lessons[lessonId] = { readAt: at, lastReadAt: at };
    return;
  }
  data.lessons[lessonId] = {
    readAt: Date.parse(existing.readAt) <= Date.parse(at) ? existing.readAt : at,
    lastReadAt: Date.parse(existing.lastReadAt) >= Date.parse(at) ? existing.lastReadAt : at,
  };
}
