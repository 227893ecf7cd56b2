/**
 * What comes after passing an exercise, like rustlings' `next`: the next exercise in the
 * syllabus not passed yet (after this one, then from the start), else the next due review.
 */
export interface NextStep {
  exerciseId: string;
  why: "next in the syllabus" | "due for review";
}

export function nextStep(
  afterExerciseId: string,
  syllabusOrder: readonly string[],
  completed: (exerciseId: string) => boolean,
  dueInOrder: readonly string[],
): NextStep | undefined {
  const here = syllabusOrder.indexOf(afterExerciseId);
  const rotated = [...syllabusOrder.slice(here + 1), ...syllabusOrder.slice(0, Math.max(0, here))];
  const fresh = rotated.find((id) => id !== afterExerciseId && !completed(id));
  if (fresh !== undefined) return { exerciseId: fresh, why: "next in the syllabus" };
  const review = dueInOrder.find((id) => id !== afterExerciseId);
  return review === undefined ? undefined : { exerciseId: review, why: "due for review" };
}
