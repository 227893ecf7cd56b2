/**
 * What the terminal UI needs from the rest of kadet, as narrow interfaces. The screens only
 * see these shapes; `services.ts` adapts the real shell, content, grading and progress
 * modules to them, and tests hand in small fakes. Keeping the UI behind this seam is what
 * keeps domain logic out of it.
 */

import type { NextStep } from "../progress/nextStep.js";
import type { ProgressReport } from "../progress/report.js";
import type { QueuedReview } from "../progress/reviewQueue.js";
import type { OutputChunk } from "../shell/types.js";
import type { ExamServices } from "./exam/ports.js";

/** The result of one command line, as the shell returns it. */
export interface CommandOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** Both streams in the order written (`src/shell/types.ts`); absent: stdout, then stderr. */
  chunks?: OutputChunk[];
}

/** A learner's shell on one simulated world (`src/shell/session.ts` satisfies it). */
export interface ShellSession {
  run(line: string): Promise<CommandOutput>;
  readonly history: readonly string[];
  presetName(): string;
  /** The host the shell is on after `ssh NODE` (the prompt shows it); undefined on the learner's own terminal. */
  currentHost?(): string | undefined;
  /** Tab completion (`src/shell/completion.ts`); sessions without it ring the bell. */
  complete?(line: string, cursor: number): Promise<{ line: string; cursor: number; candidates: readonly string[] }>;
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
  /** The seed a parameterised exercise's values were drawn with (a review's variant); absent: its default values. */
  seed?: number;
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
  /** What all the exercises are worth together, and per topic (summed exactly, behind the port). */
  pointsAvailable: number;
  topicPointsAvailable: Readonly<Record<string, number>>;
  /** Exercise ids due for review, most overdue first. */
  dueForReview: readonly string[];
}

/**
 * One attempt at an exercise (`src/grading/attempt.ts` behind `services.ts`): a shell whose
 * lines are logged with their exit codes, and the attempt's own steps. Points, scores and the
 * progress record are all computed behind this seam, never by a screen.
 */
export interface ExerciseAttempt extends ShellSession {
  /** Grades the learner's world as it is now. */
  check(): Promise<VerdictView>;
  /** Saves the last check to progress; a message when it was not saved, never a throw. */
  record(): Promise<string | undefined>;
  /** Reveals the next hint; returns how many are revealed now (unchanged after the last). */
  takeHint(): number;
  readonly hintsTaken: number;
  /** The learner looks at the solution; the attempt's record says so from now on. */
  showSolution(): void;
  /** Rebuilds the world from the exercise's setup; hints taken, the log and the clock carry on. */
  reset(): Promise<void>;
}

/** Progress as the screens use it; saving problems come back as a message, never a throw. */
export interface ProgressPort {
  /** Best score and whether the exercise was ever completed; undefined when never attempted. */
  exerciseStatus(exerciseId: string): { bestScore: number | null; completed: boolean } | undefined;
  lessonRead(lessonId: string): boolean;
  markLessonRead(lessonId: string): Promise<string | undefined>;
  overview(): ProgressOverview;
  /** The full report (mastery, due, streak, charts, readiness: progress/report.ts); fakes may leave it out. */
  report?(): ProgressReport;
  /** What is due, lowest recall first, with leeches' lessons (progress/reviewQueue.ts). */
  reviewQueue?(): QueuedReview[];
  /** After passing `exerciseId`: the next exercise in the syllabus, or the next due review. */
  nextAfter?(exerciseId: string): NextStep | undefined;
}

export interface TrainerServices {
  /** Timed exams (`ui/exam/ports.ts`); absent where a test does not need them. */
  exams?: ExamServices;
  /** In syllabus order. */
  lessons: readonly LessonEntry[];
  /** In syllabus order: as the lessons list them, lesson by lesson, then the others by id. */
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
  /** Starts an attempt: the exercise's world built from its setup (commands and files) in `workdir`. */
  startAttempt(exercise: ExerciseEntry, workdir: string): Promise<ExerciseAttempt>;
  /** A parameterised exercise with its values drawn for `seed` (a review's micro-exercise); undefined for an unknown id. */
  variant?(exerciseId: string, seed: number): ExerciseEntry | undefined;
}
