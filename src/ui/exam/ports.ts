/**
 * What the exam screens need from kadet's exams (`src/exam`), as narrow interfaces: the list
 * of exams, and one live run (its shell, its tasks, its clock, flag, switch and submit).
 * `services.ts` here adapts `ExamSession` and the exam store to them; tests hand in fakes
 * with a clock they move by hand. The screens compute no points and no time: they read them.
 */
import type { ExamReport } from "../../exam/session.js";
import type { ShellSession } from "../ports.js";

/** One exam as `kadet exam list` shows it. */
export interface ExamSummary {
  id: string;
  title: string;
  style: string;
  tasks: number;
  minutes: number;
  passPercent: number;
  /** Titles of the domains kadet cannot test fully yet. */
  underCovered: readonly string[];
  description: string;
}

/** unseen: never opened; seen: opened; flagged: marked for review (whether seen or not). */
export type TaskStatus = "unseen" | "seen" | "flagged";

export interface TaskView {
  number: number;
  points: number;
  context: string;
  host?: string;
  status: TaskStatus;
  /** Lines typed on the task so far. */
  commands: number;
}

/** A task's text: heading, where to solve it (the commands to type), the Markdown body, its files. */
export interface TaskText {
  heading: string;
  where: readonly string[];
  body: string;
  files?: string;
}

/** What ends a run: the report (kept on disk) or a message saying why it could not be kept. */
export interface SubmitResult {
  report: ExamReport;
  /** Set when the report could not be saved (it is still shown). */
  notSaved?: string;
}

/**
 * One exam run, open on the screen. Every change (a line run, a switch, a flag) is saved
 * before the promise resolves; the line being typed is saved at every keystroke.
 */
export interface ExamRun extends ShellSession {
  readonly examId: string;
  readonly runId: string;
  readonly title: string;
  readonly style: string;
  readonly minutes: number;
  readonly taskCount: number;
  readonly pausable: boolean;
  /** Said once when the run opens: setup faults, a resume from the backup save. */
  readonly notices: readonly string[];
  /** True when this run was saved earlier and has been resumed. */
  readonly resumed: boolean;
  /** The line that was at the prompt when the run was last saved. */
  readonly savedLine: string;
  currentTask(): number;
  task(number: number): TaskView;
  taskText(number: number): TaskText;
  /** What was typed on a task, with exit codes (shown again on resume). */
  typed(number: number): readonly { line: string; exitCode: number }[];
  /** Exam time left, from the run's clock (wall time, less pauses of a pausable run). */
  remainingMs(): number;
  /** True once submitted, by the learner or because time ran out. */
  submitted(): boolean;
  goTo(number: number): Promise<void>;
  setFlag(number: number, flagged: boolean): Promise<void>;
  /** Saves the line at the prompt (every keystroke); never throws. */
  saveLine(line: string): void;
  /** Ends the run (time-up when the clock ran out), grades it and keeps the report. */
  submit(): Promise<SubmitResult>;
}

/** The run in progress on disk, as the exams list shows it. */
export type RunInProgress = { examId: string; runId: string; remainingMs: number } | { damaged: string };

export interface ExamServices {
  list(): readonly ExamSummary[];
  /** The run saved in the data folder, if any (read again each call). */
  inProgress(): Promise<RunInProgress | undefined>;
  /**
   * Resumes the run in progress when it is of this exam, or starts a new one (`seed` and
   * `pausable` apply to a new run only). Rejects with a message when another exam is in progress.
   */
  open(examId: string, options?: { seed?: number; pausable?: boolean }): Promise<ExamRun>;
  /** The latest kept report of an exam. */
  latestReport(examId: string): Promise<ExamReport | undefined>;
}
