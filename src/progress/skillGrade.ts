/**
 * The grade a skill card (one check of one exercise) gets from one recorded attempt. The
 * grader decides, never the learner: FSRS's four ratings are read off what kadet observed
 * (the check's result, hints taken, the solution shown, the time taken against the
 * exercise's `minutes`), so two learners who did the same work get the same schedule.
 */

/** FSRS's four ratings (ts-fsrs `Rating.Again` .. `Rating.Easy`), by name. */
export type ReviewGrade = "again" | "hard" | "good" | "easy";

export interface GradeInputs {
  /** The check's result in this attempt; an "error" (the check could not be evaluated) is not a pass. */
  result: "pass" | "fail" | "error";
  /** Hints revealed before the check; null when not known (attempts recorded before schema 2). */
  hintsUsed: number | null;
  solutionViewed: boolean | null;
  /** Milliseconds from the start of the attempt to the check; null when not known (`kadet check --script`). */
  durationMs: number | null;
  /** The exercise's `minutes` when the attempt was recorded; null when not known (before schema 3). */
  minutes: number | null;
  /** The card's grade at its previous review; undefined for a card never reviewed. */
  previousGrade: ReviewGrade | undefined;
}

const MS_PER_MINUTE = 60_000;

/**
 * fail → again; a pass after hints or the solution, or slower than `minutes` → hard; a clean
 * pass → good; a clean pass in under half the minutes that is also a *first* pass (the card
 * was not failed at its previous review) → easy. Unknown hints, solution or time count as
 * clean and not fast: nothing is inferred from what was not recorded, in either direction.
 * Time is compared in integer milliseconds (2 × duration < minutes × 60,000), so no rounding
 * decides a grade.
 */
export function gradeCheck(inputs: GradeInputs): ReviewGrade {
  if (inputs.result !== "pass") return "again";
  if ((inputs.hintsUsed ?? 0) > 0 || inputs.solutionViewed === true) return "hard";
  const limitMs = inputs.minutes === null ? undefined : Math.round(inputs.minutes * MS_PER_MINUTE);
  if (limitMs === undefined || inputs.durationMs === null) return "good";
  if (inputs.durationMs > limitMs) return "hard";
  const firstPass = inputs.previousGrade !== "again";
  if (firstPass && 2 * inputs.durationMs < limitMs) return "easy";
  return "good";
}
