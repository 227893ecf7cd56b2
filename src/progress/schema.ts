/**
 * The shape of progress.json, version 3, as zod schemas and the types inferred from them.
 * Every file is checked against this on load; nothing unchecked reaches the store.
 */
import { z } from "zod";

/**
 * 2: attempts keep the command log with exit codes, hints used, solution viewed, time taken.
 * 3: every check of an exercise is an FSRS skill card (`cards`, replacing the exercise's one
 *    Leitner `review` card), and attempts keep the exercise's `minutes` for the grade.
 */
export const CURRENT_SCHEMA_VERSION = 3;

/** An instant as `Date.prototype.toISOString` writes it (offsets accepted for hand-edited files). */
const IsoInstant = z.iso.datetime({ offset: true });

/** One grader check inside one attempt. */
export const CheckOutcomeSchema = z.object({
  /** The check's id from the exercise file. */
  id: z.string().min(1),
  result: z.enum(["pass", "fail", "error"]),
  /** What the check is worth; earned only when `result` is "pass". */
  points: z.number().nonnegative(),
  /** What the grader saw, for the learner to compare with `expected`. */
  observed: z.string().optional(),
  expected: z.string().optional(),
  /** The grader's explanation, e.g. why an error happened. */
  message: z.string().optional(),
});
export type CheckOutcome = z.infer<typeof CheckOutcomeSchema>;

/** One command line the learner ran, and how it ended. */
export const CommandLogEntrySchema = z.object({
  line: z.string(),
  /** The exit status; null when not known (attempts recorded by schema version 1). */
  exitCode: z.number().int().nullable(),
  /** The model's clock when the line had finished; absent when not known (version 1). */
  modelTime: IsoInstant.optional(),
});
export type CommandLogEntry = z.infer<typeof CommandLogEntrySchema>;

export const AttemptSchema = z.object({
  at: IsoInstant,
  /** The learner's command lines in the order run (a script is one entry per line). */
  commands: z.array(CommandLogEntrySchema),
  /** How many hints the learner had revealed; null when not known (version 1). */
  hintsUsed: z.number().int().nonnegative().nullable(),
  /** Whether the learner had looked at the solution; null when not known (version 1). */
  solutionViewed: z.boolean().nullable(),
  /** Milliseconds from the start of the attempt to this check; null when not known (version 1). */
  durationMs: z.number().int().nonnegative().nullable(),
  /** The exercise's `minutes` at the time, which the review grade compares `durationMs` with; null when not known (before version 3). */
  minutes: z.number().positive().nullable(),
  /** Files the learner wrote (manifests, Dockerfiles), by path. */
  files: z.record(z.string(), z.string()).optional(),
  checks: z.array(CheckOutcomeSchema),
  /** Sum of `points` over passing checks. */
  score: z.number().nonnegative(),
  /** Sum of `points` over all checks. */
  maxScore: z.number().nonnegative(),
  /** Every check passed (and there was at least one). */
  passed: z.boolean(),
});
export type Attempt = z.infer<typeof AttemptSchema>;

/** FSRS's card states (ts-fsrs `State`), by name. */
export const CardStateSchema = z.enum(["new", "learning", "review", "relearning"]);
export type CardState = z.infer<typeof CardStateSchema>;

export const ReviewGradeSchema = z.enum(["again", "hard", "good", "easy"]);

/**
 * One skill item: one check of one exercise, scheduled by FSRS (ts-fsrs's `Card`, with
 * dates as ISO text). `stability` is in days: the interval after which the chance of
 * recalling falls to 90%; `difficulty` is FSRS's 1..10.
 */
export const SkillCardSchema = z.object({
  due: IsoInstant,
  stability: z.number().nonnegative(),
  difficulty: z.number().nonnegative(),
  scheduledDays: z.number().int().nonnegative(),
  learningSteps: z.number().int().nonnegative(),
  reps: z.number().int().nonnegative(),
  lapses: z.number().int().nonnegative(),
  state: CardStateSchema,
  lastReview: IsoInstant.nullable(),
  /** The grade of the last review; what "a first pass" is judged by. */
  lastGrade: ReviewGradeSchema.nullable(),
});
export type SkillCard = z.infer<typeof SkillCardSchema>;

export const ExerciseProgressSchema = z.object({
  attempts: z.array(AttemptSchema),
  /** Highest `score` over all attempts; null before the first attempt is scored. */
  bestScore: z.number().nonnegative().nullable(),
  /** When the first fully passing attempt happened. */
  completedAt: IsoInstant.nullable(),
  /** One FSRS card per check, keyed by the check's id in the exercise file. */
  cards: z.record(z.string(), SkillCardSchema),
});
export type ExerciseProgress = z.infer<typeof ExerciseProgressSchema>;

export const LessonProgressSchema = z.object({
  /** The first time the learner read the lesson. */
  readAt: IsoInstant,
  lastReadAt: IsoInstant,
});
export type LessonProgress = z.infer<typeof LessonProgressSchema>;

export const ProgressDataSchema = z.object({
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  exercises: z.record(z.string(), ExerciseProgressSchema),
  lessons: z.record(z.string(), LessonProgressSchema),
});
export type ProgressData = z.infer<typeof ProgressDataSchema>;

export function emptyProgress(): ProgressData {
  return { schemaVersion: CURRENT_SCHEMA_VERSION, exercises: {}, lessons: {} };
}

/** One line naming the first few problems, for messages such as "could not read ...: <this>". */
export function describeSchemaIssues(error: z.ZodError, limit = 3): string {
  const shown = error.issues.slice(0, limit).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join(".") : "(top level)";
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length - shown.length;
  return `does not match the progress schema (${shown.join("; ")}${more > 0 ? `; and ${more} more` : ""})`;
}
