/**
 * What the terminal UI needs from the rest of kadet, as narrow interfaces. The screens only
 * see these shapes; `services.ts` adapts the real shell, content, grading and progress
 * modules to them, and tests hand in small fakes. Keeping the UI behind this seam is what
 * keeps domain logic out of it.
 */

/** The result of one command line, as the shell returns it. */
export interface CommandOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** A learner's shell on one simulated world (`src/shell/session.ts` satisfies it). */
export interface ShellSession {
  run(line: string): Promise<CommandOutput>;
  readonly history: readonly string[];
  presetName(): string;
}

export interface LessonEntry {
  id: string;
  title: string;
  topic: string;
  order: number;
  /** Exercise ids that practise the lesson, in the order the author listed them. */
  exercises: readonly string[];
  /** Markdown, without front matter. */
  body: string;
}

export type Difficulty = "easy" | "medium" | "hard";

export interface ExerciseEntry {
  id: string;
  title: string;
  topics: readonly string[];
  difficulty: Difficulty;
  minutes: number;
  points: number;
  /** Markdown. */
  task: string;
  hints: readonly string[];
  solution: { commands: readonly string[]; files?: readonly { path: string; content: string }[] };
  /** Markdown shown after a verdict. */
  explanation?: string;
}

export type CheckStatus = "pass" | "fail" | "error";

export interface CheckView {
  id: string;
  description: string;
  status: CheckStatus;
  observed?: string;
  expected?: string;
  message?: string;
  /** What the check is worth in points; earned when it passes. */
  points: number;
}

export interface VerdictView {
  checks: readonly CheckView[];
  score: number;
  maxScore: number;
  passed: boolean;
}

export interface ProgressOverview {
  lessonsRead: number;
  exercisesCompleted: number;
  exercisesAttempted: number;
  points: number;
  byTopic: Readonly<Record<string, { attempted: number; completed: number; points: number }>>;
  /** Exercise ids due for review, most overdue first. */
  dueForReview: readonly string[];
}

/** Progress as the screens use it; saving problems come back as a message, never a throw. */
export interface ProgressPort {
  /** Best score and whether the exercise was ever completed; undefined when never attempted. */
  exerciseStatus(exerciseId: string): { bestScore: number | null; completed: boolean } | undefined;
  lessonRead(lessonId: string): boolean;
  markLessonRead(lessonId: string): Promise<string | undefined>;
  recordAttempt(exerciseId: string, verdict: VerdictView, commands: readonly string[]): Promise<string | undefined>;
  overview(): ProgressOverview;
}

export interface TrainerServices {
  /** In syllabus order. */
  lessons: readonly LessonEntry[];
  exercises: readonly ExerciseEntry[];
  /** Topic names in syllabus order. */
  topics: readonly string[];
  progress: ProgressPort;
  /** Problems found while starting (damaged progress file, content errors): shown as a banner. */
  warnings: readonly string[];
  /** A shell on a fresh default world. */
  newSandbox(): ShellSession;
  /** The per-exercise workspace folder, created if needed. */
  workspaceFor(exerciseId: string): Promise<string>;
  /** Builds the exercise's world (setup commands and files) in `workdir`. */
  prepareExercise(exercise: ExerciseEntry, workdir: string): Promise<ShellSession>;
  grade(exercise: ExerciseEntry, session: ShellSession, workdir: string): Promise<VerdictView>;
}
