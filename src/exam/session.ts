/**
 * One run of an exam, pure of any UI: one Environment with a cluster per context the
 * tasks name (each task's setup applied on its own context, its files in its own folder
 * `task-N/` of the workspace), a clock injected by the caller, per task a log of what the
 * learner typed with exit codes, seen and flagged marks and the time spent, and submit.
 *
 * As in the real CKA/CKAD, there are no verdicts until the end, and each task is graded
 * **against its own context only**: work done on another cluster earns nothing. Points
 * come from points.ts (each task's points shared among its checks by weight, exactly).
 *
 * The whole run is a plain JSON value (`state()`: exam state + environment snapshot) that
 * the caller saves after every change and `resume` restores. Wall time while kadet was
 * closed counts, as it would in a real exam, unless the run is `pausable`.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { LoggedCommand } from "../grading/attempt.js";
import { instantiateExercise, type Exercise, type WorkspaceFile } from "../grading/exercise.js";
import { grade, writeWorkspaceFiles, type Verdict } from "../grading/grader.js";
import { scoreChecks, toPoints } from "../grading/points.js";
import { Session } from "../shell/session.js";
import type { CommandFamily, CommandResult } from "../shell/types.js";
import type { DockerDaemonSnapshot } from "../sim/docker/daemon.js";
import type { EnvironmentSnapshot } from "../sim/env/environment.js";
import { toRfc3339 } from "../sim/core/clock.js";
import { domainCoverage, resolveTasks, type ExamDefinition, type ResolvedTask } from "./definition.js";

/** Bumped whenever ExamState's shape changes; resume refuses other versions. */
export const EXAM_STATE_VERSION = 1;

export interface TaskState {
  exerciseId: string;
  domain: string;
  points: number;
  context: string;
  host?: string;
  drawn: boolean;
  seen: boolean;
  flagged: boolean;
  /** What the learner typed on this task, in order, with exit codes. */
  log: LoggedCommand[];
  /** Wall milliseconds spent on this task, up to the last switch away from it. */
  timeMs: number;
  /** Checks that already passed on the untouched setup: they earn points only beside real work. */
  untouchedPassing: string[];
  /** The seed of a parameterised exercise's values (names, images, numbers) on this task. */
  paramSeed: number;
}

export type SubmitReason = "submitted" | "time-up";

/** A task's text in parts: the heading, where to solve it (commands), the body (Markdown), its files. */
export interface TaskParts {
  heading: string;
  where: string[];
  body: string;
  files?: string;
}

/** Everything needed to resume a run; plain JSON. */
export interface ExamState {
  stateVersion: number;
  runId: string;
  examId: string;
  seed: number;
  pausable: boolean;
  durationMs: number;
  startedAtMs: number;
  /** Wall time not counted: a pausable run's time while kadet was closed. */
  pausedMs: number;
  /** The last moment kadet had the run open (every action touches it). */
  lastSeenAtMs: number;
  /** 1-based. */
  currentTask: number;
  /** When the current task became current (shifted by any pause since). */
  currentSinceMs: number;
  tasks: TaskState[];
  submitted?: { atMs: number; reason: SubmitReason };
  environment: EnvironmentSnapshot;
  docker: DockerDaemonSnapshot;
}

export interface ExamSessionOptions {
  exam: ExamDefinition;
  /** The exercises the tasks name or draw from. */
  exercises: readonly Exercise[];
  /** The real folder the exam's files live in (one `task-N/` per task). */
  workspace: string;
  /** Wall milliseconds (Date.now in the CLI; tests pass a fake). */
  now: () => number;
  families?: CommandFamily[];
}

export interface StartOptions extends ExamSessionOptions {
  seed: number;
  runId: string;
  pausable?: boolean;
}

/** A setup command of a task that exited non-zero: a fault of the exercise or the exam. */
export interface ExamSetupFailure {
  task: number;
  command: string;
  exitCode: number;
  stderr: string;
}

const WORLD_SEED = 1;
const TIME_UP = "kadet: time is up; the exam was submitted (see 'kadet exam report')\n";
const SUBMITTED = "kadet: this exam was submitted; nothing more runs on it\n";

export class ExamSession {
  private constructor(
    private readonly options: ExamSessionOptions,
    private readonly data: ExamState,
    /** Each task's exercise as instantiated for its paramSeed, by task number. */
    private readonly instances: Map<number, Exercise>,
    private readonly session: Session,
    readonly setupFailures: readonly ExamSetupFailure[],
  ) {}

  /** Builds every context, applies each task's setup on its own context, and starts the clock on task 1. */
  static async start(options: StartOptions): Promise<ExamSession> {
    if (options.exam.tasks.length === 0) throw new Error(`exam ${options.exam.id} has no tasks yet: ${options.exam.description.trim()}`);
    const resolution = resolveTasks(options.exam, options.exercises, options.seed);
    if (!resolution.ok) throw new Error(`${resolution.error.file}:${resolution.error.line}: ${resolution.error.message}`);
    // Parameterised exercises get their own values per task, fixed by the exam's seed.
    const resolved = { tasks: resolution.tasks.map((t) => ({ ...t, exercise: instantiateExercise(t.exercise, paramSeedOf(options.seed, t.number)) })) };
    const session = new Session({ preset: "bare", seed: WORLD_SEED, cwd: options.workspace, ...(options.families ? { families: options.families } : {}) });
    const env = session.environment;
    for (const context of options.exam.contexts) {
      const added = env.addContext(context.name, context.preset);
      if (!added.ok) throw new Error(`${options.exam.file}: context ${context.name}: ${added.message}`);
    }
    // The exam's kubeconfig holds its contexts only: drop the learner's default context, as kubectl config would.
    const first = env.useContext(resolved.tasks[0]!.context);
    if (!first.ok) throw new Error(`${options.exam.file}: ${first.message}`);
    if (!options.exam.contexts.some((e) => e.name === DEFAULT_CONTEXT)) env.deleteContext(DEFAULT_CONTEXT);

    const failures: ExamSetupFailure[] = [];
    for (const task of resolved.tasks) failures.push(...(await applySetup(session, options.workspace, task)));
    session.history.splice(0);

    const at = options.now();
    const data: ExamState = {
      stateVersion: EXAM_STATE_VERSION,
      runId: options.runId,
      examId: options.exam.id,
      seed: options.seed,
      pausable: options.pausable ?? false,
      durationMs: options.exam.minutes * 60_000,
      startedAtMs: at,
      pausedMs: 0,
      lastSeenAtMs: at,
      currentTask: 1,
      currentSinceMs: at,
      tasks: resolved.tasks.map((t) => ({
        exerciseId: t.exercise.id,
        domain: t.domain,
        points: t.points,
        context: t.context,
        ...(t.host !== undefined ? { host: t.host } : {}),
        drawn: t.drawn,
        seen: false,
        flagged: false,
        log: [],
        timeMs: 0,
        untouchedPassing: [],
        paramSeed: paramSeedOf(options.seed, t.number),
      })),
      environment: env.snapshot(),
      docker: session.docker.snapshot(),
    };
    const exam = new ExamSession(options, data, new Map(resolved.tasks.map((t) => [t.number, t.exercise])), session, failures);
    for (const [i, verdict] of (await exam.gradeTasks()).entries()) {
      data.tasks[i]!.untouchedPassing = verdict.checks.filter((c) => c.status === "pass").map((c) => c.id);
    }
    data.environment = env.snapshot();
    await exam.enter(1);
    return exam;
  }

  /**
   * Continues a saved run. The time since it was last open counts as exam time (a
   * crash or a closed terminal does not stop the clock) unless the run is pausable.
   */
  static async resume(saved: ExamState, options: ExamSessionOptions): Promise<ExamSession> {
    if (saved.stateVersion !== EXAM_STATE_VERSION) throw new Error(`cannot resume an exam saved in state version ${saved.stateVersion} (this kadet reads version ${EXAM_STATE_VERSION})`);
    if (saved.examId !== options.exam.id) throw new Error(`the saved run is of exam ${saved.examId}, not ${options.exam.id}`);
    const byId = new Map(options.exercises.map((e) => [e.id, e]));
    for (const task of saved.tasks) if (!byId.has(task.exerciseId)) throw new Error(`the saved exam uses exercise ${task.exerciseId}, which no longer exists`);
    const data = structuredClone(saved);
    const session = new Session({ preset: "bare", seed: WORLD_SEED, cwd: options.workspace, ...(options.families ? { families: options.families } : {}) });
    session.environment.load(data.environment);
    session.docker.load(data.docker);
    const instances = new Map(data.tasks.map((t, i) => [i + 1, instantiateExercise(byId.get(t.exerciseId)!, t.paramSeed)]));
    const exam = new ExamSession(options, data, instances, session, []);
    const now = options.now();
    if (data.pausable && data.submitted === undefined) {
      const away = Math.max(0, now - data.lastSeenAtMs);
      data.pausedMs += away;
      data.currentSinceMs += away;
    }
    if (data.submitted === undefined) await exam.enter(data.currentTask);
    exam.expireIfDue();
    return exam;
  }

  get exam(): ExamDefinition {
    return this.options.exam;
  }

  get runId(): string {
    return this.data.runId;
  }

  get currentTask(): number {
    return this.data.currentTask;
  }

  get taskCount(): number {
    return this.data.tasks.length;
  }

  /** Time while kadet is closed does not count. */
  get pausable(): boolean {
    return this.data.pausable;
  }

  get submitted(): ExamState["submitted"] {
    return this.data.submitted;
  }

  /** The learner's shell (for a terminal); run lines through `run` so that they are logged. */
  get shell(): Session {
    return this.session;
  }

  task(number: number): TaskState {
    const task = this.data.tasks[number - 1];
    if (!task) throw new RangeError(`there is no task ${number} (the exam has ${this.data.tasks.length})`);
    return task;
  }

  exercise(number: number): Exercise {
    this.task(number);
    return this.instances.get(number)!;
  }

  /** Exam time used, in milliseconds (wall time, less any pause; frozen at submit). */
  elapsedMs(): number {
    const end = this.data.submitted?.atMs ?? this.options.now();
    return Math.max(0, end - this.data.startedAtMs - this.data.pausedMs);
  }

  remainingMs(): number {
    return Math.max(0, this.data.durationMs - this.elapsedMs());
  }

  /** Task N's text in its parts, for a screen that styles them (the task body is Markdown). */
  taskParts(number: number): TaskParts {
    const task = this.task(number);
    const exercise = this.exercise(number);
    const files = exercise.setup.files.map((f) => f.path);
    return {
      heading: `Task ${number} of ${this.data.tasks.length} · ${task.points} points · ${exercise.title}`,
      where: [`kubectl config use-context ${task.context}`, ...(task.host ? [`ssh ${task.host}`] : [])],
      body: exercise.task.trimEnd(),
      ...(files.length > 0 ? { files: `Files for this task are in ${taskFolderName(number)}/: ${files.join(", ")}` } : {}),
    };
  }

  /** What the learner reads for task N: where to solve it first, as the real exam states it. */
  taskText(number: number): string {
    const parts = this.taskParts(number);
    const lines = [parts.heading, "", "Solve this task on its own cluster:", ...parts.where.map((w) => `  ${w}`), "", parts.body];
    if (parts.files !== undefined) lines.push("", parts.files);
    return `${lines.join("\n")}\n`;
  }

  /** Runs one line as the learner typed it, on the current task (refused once submitted or out of time). */
  async run(line: string): Promise<CommandResult> {
    if (this.expireIfDue()) return { stdout: "", stderr: TIME_UP, exitCode: 1 };
    if (this.data.submitted) return { stdout: "", stderr: SUBMITTED, exitCode: 1 };
    const result = await this.session.run(line);
    if (line.trim() !== "") this.task(this.data.currentTask).log.push({ line, exitCode: result.exitCode, modelTime: toRfc3339(this.session.environment.now()) });
    this.touch();
    return result;
  }

  /** Moves to task N: its time starts, its context (and host) become the terminal's, it is marked seen. */
  async goTo(number: number): Promise<void> {
    this.task(number);
    if (this.expireIfDue() || this.data.submitted) return;
    const now = this.options.now();
    this.task(this.data.currentTask).timeMs += Math.max(0, now - this.data.currentSinceMs);
    this.data.currentTask = number;
    this.data.currentSinceMs = now;
    await this.enter(number);
    this.touch();
  }

  /** Flags (or unflags) a task for review. */
  flag(number: number, flagged = true): void {
    this.task(number).flagged = flagged;
    this.touch();
  }

  /** Writes task N's reference files and runs its reference commands on the current terminal (for `--reference`). */
  async playReference(number: number): Promise<ExamSetupFailure[]> {
    const exercise = this.exercise(number);
    await writeWorkspaceFiles(this.taskFolder(number), exercise.solution.files, true);
    const failed: ExamSetupFailure[] = [];
    for (const command of exercise.solution.commands) {
      const result = await this.run(command);
      if (result.exitCode !== 0) failed.push({ task: number, command, exitCode: result.exitCode, stderr: result.stderr.trim() });
    }
    return failed;
  }

  /** Ends the exam now (or at the moment time ran out). Grading happens in `report`. */
  submit(reason: SubmitReason = "submitted"): void {
    if (this.data.submitted) return;
    const now = Math.min(this.options.now(), this.data.startedAtMs + this.data.pausedMs + this.data.durationMs);
    this.task(this.data.currentTask).timeMs += Math.max(0, now - this.data.currentSinceMs);
    this.data.currentSinceMs = now;
    this.data.submitted = { atMs: now, reason };
    this.data.lastSeenAtMs = now;
  }

  /** Submits when the time is up; true when it did or had. */
  expireIfDue(): boolean {
    if (this.data.submitted) return this.data.submitted.reason === "time-up";
    if (this.elapsedMs() < this.data.durationMs) return false;
    this.submit("time-up");
    return true;
  }

  /** The run as plain JSON, with the environment as it is now: save it after every change. */
  state(): ExamState {
    // A save is a moment kadet has the run open: for a pausable run, the time up to here counts
    // (a headless `kadet exam status` that printed 1 s used must not be taken back as time away).
    if (this.data.submitted === undefined) this.touch();
    this.data.environment = this.session.environment.snapshot();
    this.data.docker = this.session.docker.snapshot();
    return structuredClone(this.data);
  }

  /** Grades every task against its own context, its folder and only what was typed on it. */
  private async gradeTasks(): Promise<Verdict[]> {
    const history = [...this.session.history];
    const verdicts: Verdict[] = [];
    try {
      for (const [i, task] of this.data.tasks.entries()) {
        const number = i + 1;
        // The wrong cluster earns nothing: each task is read on its own context only.
        await enterTask(this.session, this.options.workspace, number, task.context, undefined);
        this.session.history.splice(0, this.session.history.length, ...task.log.flatMap((c) => c.line.trim().split("\n").filter((l) => l.trim() !== "")));
        verdicts.push(await grade(this.exercise(number), this.session, { workdir: this.taskFolder(number), ...(this.options.families ? { families: this.options.families } : {}), seed: WORLD_SEED }));
      }
    } finally {
      this.session.history.splice(0, this.session.history.length, ...history);
    }
    return verdicts;
  }

  /**
   * Grades every task and builds the report. Only after submit. A task earns nothing when
   * no check that failed on its untouched setup passes now: checks that guard what must
   * not change ("Deployment api is unchanged") pass untouched, and are worth points only
   * beside the work the task asks for, so an empty exam scores 0.
   */
  async report(): Promise<ExamReport> {
    if (!this.data.submitted) throw new Error("the exam has not been submitted yet");
    const verdicts = await this.gradeTasks();
    const tasks: TaskReport[] = verdicts.map((verdict, i) => {
      const number = i + 1;
      const task = this.data.tasks[i]!;
      const exercise = this.exercise(number);
      const untouched = new Set(task.untouchedPassing);
      const worked = verdict.checks.some((c) => c.status === "pass" && !untouched.has(c.id));
      const scored = scoreChecks(task.points, verdict.checks.map((c) => ({ weight: c.weight, passed: worked && c.status === "pass" })));
      return {
        number,
        exerciseId: exercise.id,
        title: exercise.title,
        domain: task.domain,
        context: task.context,
        ...(task.host !== undefined ? { host: task.host } : {}),
        drawn: task.drawn,
        ...(exercise.values ? { values: { ...exercise.values } } : {}),
        seen: task.seen,
        flagged: task.flagged,
        timeMs: task.timeMs,
        scoreCents: scored.scoreCents,
        maxCents: scored.maxCents,
        ...(worked || !verdict.checks.some((c) => c.status === "pass") ? {} : { noCredit: "nothing the task asks for was done: the checks that passed already passed before you started" }),
        checks: verdict.checks.map((c, k) => ({
          id: c.id,
          description: c.description,
          status: c.status,
          earnedCents: scored.shares[k]!.passed ? scored.shares[k]!.cents : 0,
          maxCents: scored.shares[k]!.cents,
          ...(c.observed !== undefined ? { observed: c.observed } : {}),
          ...(c.expected !== undefined ? { expected: c.expected } : {}),
          message: c.message,
        })),
        replay: task.log.map((c) => ({ ...c })),
        reference: { commands: [...exercise.solution.commands], files: exercise.solution.files.map((f) => ({ ...f })), explanation: exercise.explanation },
      };
    });
    return buildReport(this.options.exam, this.options.exercises, this.data, tasks);
  }

  taskFolder(number: number): string {
    return join(this.options.workspace, taskFolderName(number));
  }

  private touch(): void {
    this.data.lastSeenAtMs = Math.max(this.data.lastSeenAtMs, this.options.now());
  }

  /** Puts the terminal on task N: its folder, its context, its host; marks it seen. */
  private async enter(number: number): Promise<void> {
    const task = this.task(number);
    task.seen = true;
    await enterTask(this.session, this.options.workspace, number, task.context, task.host);
  }
}

/**
 * Exam time left in a saved run, without opening it: as `resume` would count it (wall time
 * since the start counts; a pausable run stopped counting when kadet last had it open).
 */
export function savedRemainingMs(state: ExamState, nowMs: number): number {
  const end = state.submitted?.atMs ?? (state.pausable ? state.lastSeenAtMs : nowMs);
  return Math.max(0, state.durationMs - Math.max(0, end - state.startedAtMs - state.pausedMs));
}

/**
 * The seed task `task`'s parameterised exercise is drawn with in a run of seed `examSeed`:
 * distinct per task and exam seed, so two tasks of one run never share values by construction.
 */
export function paramSeedOf(examSeed: number, task: number): number {
  return (Math.imul(examSeed, 1_000_003) + task) >>> 0;
}

export function taskFolderName(number: number): string {
  return `task-${number}`;
}

/** Runs lines the exam itself needs (cd, ssh) without the learner's history showing them. */
/** The context kadet's kubeconfig starts with (kubeadm's admin.conf). */
const DEFAULT_CONTEXT = "kubernetes-admin@kubernetes";

async function quietly(session: Session, line: string): Promise<CommandResult> {
  const before = session.history.length;
  const result = await session.run(line);
  session.history.splice(before);
  return result;
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

async function enterTask(session: Session, workspace: string, number: number, context: string, host: string | undefined): Promise<void> {
  while (session.currentHost() !== undefined) await quietly(session, "exit");
  const used = session.environment.useContext(context);
  if (!used.ok) throw new Error(`task ${number}: ${used.message}`);
  const folder = join(workspace, taskFolderName(number));
  await mkdir(folder, { recursive: true });
  const cd = await quietly(session, `cd ${shellQuote(folder)}`);
  if (cd.exitCode !== 0) throw new Error(`task ${number}: cannot enter ${folder}: ${cd.stderr.trim()}`);
  if (host !== undefined) {
    const ssh = await quietly(session, `ssh ${host}`);
    if (ssh.exitCode !== 0) throw new Error(`task ${number}: ${ssh.stderr.trim()}`);
  }
}

/** A task's setup on its own context, in its own folder; what failed is returned, not thrown. */
async function applySetup(session: Session, workspace: string, task: ResolvedTask): Promise<ExamSetupFailure[]> {
  await enterTask(session, workspace, task.number, task.context, undefined);
  await writeWorkspaceFiles(join(workspace, taskFolderName(task.number)), task.exercise.setup.files, false);
  const failures: ExamSetupFailure[] = [];
  for (const command of task.exercise.setup.commands) {
    const ran = await session.run(command);
    if (ran.exitCode !== 0) failures.push({ task: task.number, command, exitCode: ran.exitCode, stderr: ran.stderr.trim() });
  }
  return failures;
}

export interface CheckReport {
  id: string;
  description: string;
  status: "pass" | "fail" | "error";
  earnedCents: number;
  maxCents: number;
  observed?: string;
  expected?: string;
  /** The cause, in the learner's terms. */
  message: string;
}

export interface TaskReport {
  number: number;
  exerciseId: string;
  title: string;
  domain: string;
  context: string;
  host?: string;
  drawn: boolean;
  /** A parameterised exercise's values on this task. */
  values?: Record<string, string | number>;
  seen: boolean;
  flagged: boolean;
  timeMs: number;
  scoreCents: number;
  maxCents: number;
  /** Why passing checks earned nothing (only guard checks passed, as on the untouched setup). */
  noCredit?: string;
  checks: CheckReport[];
  /** What the learner typed on this task, with exit codes and the model's time. */
  replay: LoggedCommand[];
  /** The shortest reference solution and why it works. */
  reference: { commands: string[]; files: WorkspaceFile[]; explanation: string };
}

export interface DomainReport {
  id: string;
  title: string;
  /** The curriculum's weight, in percent. */
  weight: number;
  tasks: number;
  scoreCents: number;
  maxCents: number;
  /** Under-covered by this exam's tasks (definition.ts `domainCoverage`). */
  underCovered: boolean;
}

export const EXAM_REPORT_VERSION = 1;

export interface ExamReport {
  reportVersion: number;
  runId: string;
  examId: string;
  title: string;
  style: string;
  seed: number;
  pausable: boolean;
  startedAt: string;
  submittedAt: string;
  reason: SubmitReason;
  minutes: number;
  elapsedMs: number;
  scoreCents: number;
  maxCents: number;
  score: number;
  maxScore: number;
  /** Score as a percentage, rounded down to a tenth so that a fail never reads as the pass mark. */
  percent: number;
  passPercent: number;
  passed: boolean;
  tasks: TaskReport[];
  domains: DomainReport[];
}

function buildReport(exam: ExamDefinition, exercises: readonly Exercise[], data: ExamState, tasks: TaskReport[]): ExamReport {
  const scoreCents = tasks.reduce((s, t) => s + t.scoreCents, 0);
  const maxCents = tasks.reduce((s, t) => s + t.maxCents, 0);
  const coverage = new Map(domainCoverage(exam, exercises).domains.map((d) => [d.id, d]));
  const domains: DomainReport[] = exam.domains.map((d) => {
    const mine = tasks.filter((t) => t.domain === d.id);
    return {
      id: d.id,
      title: d.title,
      weight: d.weight,
      tasks: mine.length,
      scoreCents: mine.reduce((s, t) => s + t.scoreCents, 0),
      maxCents: mine.reduce((s, t) => s + t.maxCents, 0),
      underCovered: mine.length === 0 || (coverage.get(d.id)?.underCovered ?? false),
    };
  });
  // Integer arithmetic throughout: passPercent has at most three decimals.
  const passMilli = Math.round(exam.passPercent * 1000);
  const submitted = data.submitted!;
  return {
    reportVersion: EXAM_REPORT_VERSION,
    runId: data.runId,
    examId: exam.id,
    title: exam.title,
    style: exam.style,
    seed: data.seed,
    pausable: data.pausable,
    startedAt: new Date(data.startedAtMs).toISOString(),
    submittedAt: new Date(submitted.atMs).toISOString(),
    reason: submitted.reason,
    minutes: exam.minutes,
    elapsedMs: Math.max(0, submitted.atMs - data.startedAtMs - data.pausedMs),
    scoreCents,
    maxCents,
    score: toPoints(scoreCents),
    maxScore: toPoints(maxCents),
    percent: maxCents === 0 ? 0 : Math.floor((scoreCents * 1000) / maxCents) / 10,
    passPercent: exam.passPercent,
    passed: maxCents > 0 && scoreCents * 100_000 >= passMilli * maxCents,
    tasks,
    domains,
  };
}
