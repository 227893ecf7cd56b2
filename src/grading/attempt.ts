/**
 * One learner's attempt at one exercise, headless: the only place the prepare → run → check →
 * record workflow is written. The terminal UI, `kadet check`, `kadet selfcheck` and the coming
 * exams drive an Attempt; none of them computes points or builds a progress record itself.
 *
 * An Attempt owns a fresh Session built from the exercise's setup, logs every line the learner
 * runs with its exit status and the model's time, counts hints taken and whether the solution
 * was shown, measures elapsed time on an injected clock (never the wall clock by itself), and
 * grades with exact points (points.ts).
 */
import type { Session } from "../shell/session.js";
import type { CommandFamily, CommandResult } from "../shell/types.js";
import { toRfc3339 } from "../sim/core/clock.js";
import type { AttemptInput } from "../progress/store.js";
import type { Exercise, WorkspaceFile } from "./exercise.js";
import { grade, prepareExerciseWithReport, writeWorkspaceFiles, type SetupFailure, type Verdict } from "./grader.js";
import { checkRecords } from "./outcomes.js";

export interface AttemptOptions {
  /** The learner's workspace: a real folder the shell starts in. */
  workdir: string;
  /** The shell's command families; defaults to all of them (tests pass their own). */
  families?: CommandFamily[];
  seed?: number;
  /**
   * Milliseconds on the learner's clock, for the time taken. Without it the time is unknown
   * (`kadet check --script` runs a script written elsewhere: how long that took is not known).
   */
  now?: () => number;
}

/** One line the learner ran. */
export interface LoggedCommand {
  line: string;
  exitCode: number;
  /** The model's clock when the line had finished (RFC 3339), so a report can replay the timeline. */
  modelTime: string;
}

/** What `showSolution` hands over: what to write and what to run. */
export interface Solution {
  commands: readonly string[];
  files: readonly WorkspaceFile[];
  explanation: string;
}

export class Attempt {
  private readonly log: LoggedCommand[] = [];
  private hints = 0;
  private solutionShown = false;
  private lastVerdict: Verdict | undefined;
  private checkedAtMs: number | undefined;

  private constructor(
    readonly exercise: Exercise,
    private readonly options: AttemptOptions,
    private current: Session,
    private failures: SetupFailure[],
    private readonly startedAtMs: number | undefined,
  ) {}

  /** Builds the exercise's world from its setup in a fresh Session, and starts the clock. */
  static async start(exercise: Exercise, options: AttemptOptions): Promise<Attempt> {
    const startedAt = options.now?.();
    const prepared = await prepareExerciseWithReport(exercise, options);
    return new Attempt(exercise, options, prepared.session, prepared.setupFailures, startedAt);
  }

  /** The learner's shell; run lines through `run` so that they are logged. */
  get session(): Session {
    return this.current;
  }

  /** Setup commands that exited non-zero: a fault of the exercise (`kadet selfcheck` reports them). */
  get setupFailures(): readonly SetupFailure[] {
    return this.failures;
  }

  /** Every line run so far, oldest first, across resets. */
  get commands(): readonly LoggedCommand[] {
    return this.log;
  }

  get hintsTaken(): number {
    return this.hints;
  }

  get solutionViewed(): boolean {
    return this.solutionShown;
  }

  /** The verdict of the last `check`, if any. */
  get verdict(): Verdict | undefined {
    return this.lastVerdict;
  }

  /** Runs one line (or a whole script, logged as one entry) as the learner typed it. */
  async run(line: string): Promise<CommandResult> {
    const result = await this.current.run(line);
    if (line.trim() !== "") this.log.push({ line, exitCode: result.exitCode, modelTime: toRfc3339(this.current.environment.now()) });
    return result;
  }

  /** Rebuilds the world from the setup. Hints taken, the solution shown, the log and the clock carry on: it is the same attempt. */
  async reset(): Promise<void> {
    const prepared = await prepareExerciseWithReport(this.exercise, this.options);
    this.current = prepared.session;
    this.failures = prepared.setupFailures;
  }

  /** Reveals the next hint and returns it (1-based number and text); undefined when the exercise has none left. */
  takeHint(): { number: number; text: string } | undefined {
    const text = this.exercise.hints[this.hints];
    if (text === undefined) return undefined;
    this.hints++;
    return { number: this.hints, text };
  }

  /** Shows the reference solution; from now on the attempt says so in its record. */
  showSolution(): Solution {
    this.solutionShown = true;
    const { commands, files } = this.exercise.solution;
    return { commands, files, explanation: this.exercise.explanation };
  }

  /**
   * Writes the solution's files and runs its commands, as `kadet selfcheck` proves an exercise.
   * Counts as viewing the solution. Returns the commands that exited non-zero.
   */
  async applySolution(): Promise<Array<{ command: string; result: CommandResult }>> {
    const solution = this.showSolution();
    await writeWorkspaceFiles(this.options.workdir, solution.files, true);
    const failed: Array<{ command: string; result: CommandResult }> = [];
    for (const command of solution.commands) {
      const result = await this.run(command);
      if (result.exitCode !== 0) failed.push({ command, result });
    }
    return failed;
  }

  /** Milliseconds since the start, on the injected clock; undefined without one. */
  elapsedMs(): number | undefined {
    if (this.startedAtMs === undefined || this.options.now === undefined) return undefined;
    return Math.max(0, Math.round(this.options.now() - this.startedAtMs));
  }

  /** Grades the learner's world now: each check's result and the exact score (points.ts). */
  async check(): Promise<Verdict> {
    const verdict = await grade(this.exercise, this.current, this.options);
    this.lastVerdict = verdict;
    this.checkedAtMs = this.elapsedMs();
    return verdict;
  }

  /** The progress record of the last check: its checks and points, the log, hints, solution and time taken. */
  record(): AttemptInput {
    const verdict = this.lastVerdict;
    if (verdict === undefined) throw new Error(`attempt at ${this.exercise.id}: record() before check()`);
    return {
      commands: this.log.map((c) => ({ line: c.line, exitCode: c.exitCode, modelTime: c.modelTime })),
      hintsUsed: this.hints,
      solutionViewed: this.solutionShown,
      ...(this.checkedAtMs !== undefined ? { durationMs: this.checkedAtMs } : {}),
      minutes: this.exercise.minutes,
      checks: checkRecords(verdict),
    };
  }
}
