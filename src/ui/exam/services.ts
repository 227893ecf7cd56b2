/**
 * Connects the exam screens' ports to kadet's exams: definitions from src/exam, a live
 * `ExamSession` per run, and the exam store's atomic writes. The trainer's progress lock is
 * held for as long as the TUI runs, so these writes never race a headless `kadet exam`.
 *
 * What is saved when (a SIGKILL at any instant loses nothing that was acknowledged):
 * - every line run, task switch and flag: the whole run (`current.json`) before the promise
 *   resolves, so output is never shown for a command that is not yet on disk;
 * - every keystroke: the line at the prompt (`input.json`, small), newest value wins;
 * - a pausable run, every 15 s while open: the moment kadet last had it (in `input.json`),
 *   so time while kadet was closed is not counted, and time while it was open is.
 */
import { domainCoverage, loadExams, type ExamDefinition } from "../../exam/definition.js";
import { examListing, underCoveredText } from "../../exam/format.js";
import { ExamSession, savedRemainingMs } from "../../exam/session.js";
import {
  clearRun,
  examPaths,
  findReport,
  LatestValueWriter,
  loadInput,
  loadRun,
  newRunId,
  saveInput,
  saveReport,
  saveRun,
  type ExamInput,
  type ExamPaths,
} from "../../exam/store.js";
import { withStderr } from "../../shell/types.js";
import type { ContentError } from "../../content/sourceErrors.js";
import type { Exercise } from "../../grading/exercise.js";
import type { ExamReport, ExamState } from "../../exam/session.js";
import type { ExamRun, ExamServices, ExamSummary, SubmitResult, TaskText, TaskView } from "./ports.js";

export interface ExamServiceOptions {
  /** The data folder (exam runs live in `<home>/exam/`). */
  home: string;
  exercises: readonly Exercise[];
  /** Defaults to the package's exercises/exams/. */
  examsDir?: string;
  /** Wall milliseconds; tests pass a fake. */
  now?: () => number;
  /** How often a pausable run records that kadet still has it open. */
  heartbeatMs?: number;
  /** Told of each report kept on disk, so the progress screen shows an exam taken in this trainer. */
  onReportSaved?: (report: ExamReport) => void;
}

export interface OpenedExamServices {
  services: ExamServices;
  /** Content errors in exam files, for the home screen's banner. */
  errors: readonly ContentError[];
  /** Waits for pending saves; call when the UI has exited. */
  close(): Promise<void>;
}

const HEARTBEAT_MS = 15_000;

export function openExamServices(options: ExamServiceOptions): OpenedExamServices {
  const now = options.now ?? (() => Date.now());
  const paths = examPaths(options.home);
  const loaded = loadExams(options.exercises, options.examsDir);
  const exams = loaded.exams;
  let live: LiveRun | undefined;

  const summaries: ExamSummary[] = exams.map((exam) => {
    const coverage = domainCoverage(exam, options.exercises).domains;
    const listing = examListing(exam, coverage);
    const under = underCoveredText(coverage);
    return {
      id: listing.id,
      title: listing.title,
      style: listing.style,
      tasks: listing.tasks,
      minutes: listing.minutes,
      passPercent: listing.passPercent,
      underCovered: under === "" ? [] : under.split(", "),
      description: listing.description,
    };
  });

  const services: ExamServices = {
    list: () => summaries,
    inProgress: async () => {
      if (live !== undefined && !live.submitted()) return { examId: live.examId, runId: live.runId, remainingMs: live.remainingMs() };
      const saved = await loadRun(paths);
      if (saved.kind === "none") return undefined;
      if (saved.kind === "damaged") return { damaged: saved.message };
      return { examId: saved.state.examId, runId: saved.state.runId, remainingMs: savedRemainingMs(await withHeartbeat(paths, saved.state), now()) };
    },
    open: async (examId, request = {}) => {
      const exam = exams.find((e) => e.id === examId);
      if (exam === undefined) throw new Error(`no exam "${examId}" (see 'kadet exam list')`);
      if (live !== undefined && !live.submitted()) {
        if (live.examId === examId) return live;
        throw new Error(`exam ${live.examId} is in progress; finish or submit it first`);
      }
      const saved = await loadRun(paths);
      if (saved.kind === "damaged") throw new Error(saved.message);
      const session = { exam, exercises: options.exercises, now };
      if (saved.kind === "ok") {
        if (saved.state.examId !== examId) throw new Error(`exam ${saved.state.examId} (run ${saved.state.runId}) is in progress; finish or submit it first`);
        const state = await withHeartbeat(paths, saved.state);
        const input = await loadInput(paths, state.runId);
        const resumed = await ExamSession.resume(state, { ...session, workspace: paths.workspaceFor(state.runId) });
        live = new LiveRun(resumed, paths, now, { resumed: true, savedLine: input?.line ?? "", notices: saved.warning ? [saved.warning] : [], heartbeatMs: options.heartbeatMs ?? HEARTBEAT_MS, onReportSaved: options.onReportSaved });
      } else {
        const at = now();
        const runId = newRunId(exam.id, at);
        // A retake gets new draws unless a seed is asked for, as `kadet exam start` does.
        const seed = request.seed ?? Math.floor(at / 1000) % 100_000;
        const started = await ExamSession.start({ ...session, workspace: paths.workspaceFor(runId), seed, runId, pausable: request.pausable ?? false });
        const notices = started.setupFailures.map((f) => `task ${f.task}'s setup \`${f.command}\` exited with ${f.exitCode}: ${f.stderr}`);
        live = new LiveRun(started, paths, now, { resumed: false, savedLine: "", notices, heartbeatMs: options.heartbeatMs ?? HEARTBEAT_MS, onReportSaved: options.onReportSaved });
        await live.saveNow();
      }
      return live;
    },
    latestReport: (examId) => findReport(paths, examId),
  };

  return {
    services,
    errors: loaded.errors,
    close: async () => {
      await live?.close();
    },
  };
}

/** A pausable run was open until the last keystroke or heartbeat, which may be later than its last save. */
async function withHeartbeat(paths: ExamPaths, state: ExamState): Promise<ExamState> {
  const input = await loadInput(paths, state.runId);
  if (input === undefined || input.atMs <= state.lastSeenAtMs) return state;
  return { ...state, lastSeenAtMs: input.atMs };
}

interface LiveRunOptions {
  resumed: boolean;
  savedLine: string;
  notices: string[];
  heartbeatMs: number;
  onReportSaved: ((report: ExamReport) => void) | undefined;
}

class LiveRun implements ExamRun {
  readonly resumed: boolean;
  readonly savedLine: string;
  readonly notices: readonly string[];
  private readonly stateWriter: LatestValueWriter<ExamState>;
  private readonly inputWriter: LatestValueWriter<ExamInput>;
  private line: string;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private ended = false;
  private readonly onReportSaved: ((report: ExamReport) => void) | undefined;

  constructor(
    private readonly session: ExamSession,
    private readonly paths: ExamPaths,
    private readonly now: () => number,
    options: LiveRunOptions,
  ) {
    this.resumed = options.resumed;
    this.savedLine = options.savedLine;
    this.line = options.savedLine;
    this.notices = options.notices;
    this.onReportSaved = options.onReportSaved;
    this.stateWriter = new LatestValueWriter((state) => saveRun(paths, state));
    this.inputWriter = new LatestValueWriter((input) => saveInput(paths, input));
    if (session.pausable) {
      this.heartbeat = setInterval(() => this.saveLine(this.line), options.heartbeatMs);
      this.heartbeat.unref?.();
    }
  }

  get examId(): string {
    return this.session.exam.id;
  }
  get runId(): string {
    return this.session.runId;
  }
  get title(): string {
    return this.session.exam.title;
  }
  get style(): string {
    return this.session.exam.style;
  }
  get minutes(): number {
    return this.session.exam.minutes;
  }
  get taskCount(): number {
    return this.session.taskCount;
  }
  get pausable(): boolean {
    return this.session.pausable;
  }
  get history(): readonly string[] {
    return this.session.shell.history;
  }

  presetName(): string {
    return this.session.shell.presetName();
  }

  currentHost(): string | undefined {
    return this.session.shell.currentHost();
  }

  complete(line: string, cursor: number) {
    return this.session.shell.complete(line, cursor);
  }

  async run(line: string) {
    const result = await this.session.run(line);
    // Saved before the output is shown: what the learner saw ran is on disk.
    if (this.session.submitted) return result;
    const failed = await this.saveNow().then(
      () => undefined,
      (error: unknown) => (error as Error).message,
    );
    return failed === undefined ? result : withStderr(result, `kadet: this exam could not be saved: ${failed}\n`);
  }

  currentTask(): number {
    return this.session.currentTask;
  }

  task(number: number): TaskView {
    const t = this.session.task(number);
    return {
      number,
      points: t.points,
      context: t.context,
      ...(t.host !== undefined ? { host: t.host } : {}),
      status: t.flagged ? "flagged" : t.seen ? "seen" : "unseen",
      commands: t.log.length,
    };
  }

  taskText(number: number): TaskText {
    return this.session.taskParts(number);
  }

  typed(number: number) {
    return this.session.task(number).log.map((c) => ({ line: c.line, exitCode: c.exitCode }));
  }

  remainingMs(): number {
    return this.session.remainingMs();
  }

  submitted(): boolean {
    return this.session.submitted !== undefined;
  }

  async goTo(number: number): Promise<void> {
    await this.session.goTo(number);
    if (!this.session.submitted) await this.saveNow();
  }

  async setFlag(number: number, flagged: boolean): Promise<void> {
    this.session.flag(number, flagged);
    if (!this.session.submitted) await this.saveNow();
  }

  saveLine(line: string): void {
    if (this.ended) return;
    this.line = line;
    void this.inputWriter.save({ runId: this.runId, line, atMs: this.now() });
  }

  async submit(): Promise<SubmitResult> {
    // The clock decides: a run whose time ran out is submitted at that moment, as time-up.
    if (!this.session.expireIfDue()) this.session.submit();
    const report = await this.session.report();
    this.stop();
    let notSaved: string | undefined;
    try {
      await this.stateWriter.flush().catch(() => undefined);
      await this.inputWriter.flush().catch(() => undefined);
      await saveReport(this.paths, report);
      this.onReportSaved?.(report);
      await clearRun(this.paths, this.runId);
    } catch (error) {
      notSaved = `the report could not be kept: ${(error as Error).message}`;
    }
    return { report, ...(notSaved !== undefined ? { notSaved } : {}) };
  }

  /** Saves the whole run now (and the line with it), waiting until it is on disk. */
  async saveNow(): Promise<void> {
    await this.stateWriter.save(this.session.state());
    await this.stateWriter.flush();
  }

  async close(): Promise<void> {
    this.stop();
    await this.stateWriter.flush().catch(() => undefined);
    await this.inputWriter.flush().catch(() => undefined);
  }

  private stop(): void {
    this.ended = true;
    if (this.heartbeat !== undefined) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }
}
