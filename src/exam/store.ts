/**
 * Where exam runs and reports live in the data folder, written with the progress
 * store's atomic writes (stage, flush, keep a backup, rename, flush the folder), so a
 * crash at any instant leaves the last saved run or the one before, never half a file:
 *
 *   <data>/exam/current.json        the run in progress (exam state + environment snapshot)
 *   <data>/exam/current.json.bak    the save before it
 *   <data>/exam/input.json          the line being typed on the exam screen, and when kadet
 *                                   last had the run open: saved at every keystroke, apart
 *                                   from the (much larger) run so a keystroke costs one small write
 *   <data>/exam/runs/<run>/         the run's workspace (task-1/, task-2/, ...)
 *   <data>/exam/reports/<run>.json  every submitted run's report, kept
 */
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomically } from "../progress/index.js";
import { EXAM_REPORT_VERSION, EXAM_STATE_VERSION, type ExamReport, type ExamState } from "./session.js";

export interface ExamPaths {
  dir: string;
  current: string;
  input: string;
  workspaceFor(runId: string): string;
  reportsDir: string;
  reportFor(runId: string): string;
}

export function examPaths(dataDir: string): ExamPaths {
  const dir = join(dataDir, "exam");
  return {
    dir,
    current: join(dir, "current.json"),
    input: join(dir, "input.json"),
    workspaceFor: (runId) => join(dir, "runs", runId),
    reportsDir: join(dir, "reports"),
    reportFor: (runId) => join(dir, "reports", `${runId}.json`),
  };
}

/** `cka-mock-1-20261203T142700Z`: the exam and the moment it started, readable in a folder listing. */
export function newRunId(examId: string, atMs: number): string {
  return `${examId}-${new Date(atMs).toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")}`;
}

function atomically(file: string, value: unknown): Promise<void> {
  return writeFileAtomically(`${JSON.stringify(value)}\n`, { file, backup: `${file}.bak`, temp: `${file}.tmp-${process.pid}` });
}

export function saveRun(paths: ExamPaths, state: ExamState): Promise<void> {
  return atomically(paths.current, state);
}

export type LoadedRun = { kind: "none" } | { kind: "ok"; state: ExamState; warning?: string } | { kind: "damaged"; message: string };

async function readRunFile(file: string): Promise<{ state?: ExamState; missing?: boolean; reason?: string }> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { missing: true };
    return { reason: (e as Error).message };
  }
  try {
    const state = JSON.parse(text) as ExamState;
    if (state.stateVersion !== EXAM_STATE_VERSION) return { reason: `it is of state version ${String(state.stateVersion)} (this kadet reads ${EXAM_STATE_VERSION})` };
    return { state };
  } catch (e) {
    return { reason: (e as Error).message };
  }
}

/** The run in progress; a damaged file falls back to the save before it, saying so. */
export async function loadRun(paths: ExamPaths): Promise<LoadedRun> {
  const current = await readRunFile(paths.current);
  if (current.state) return { kind: "ok", state: current.state };
  if (current.missing) return { kind: "none" };
  const backup = await readRunFile(`${paths.current}.bak`);
  if (backup.state) return { kind: "ok", state: backup.state, warning: `${paths.current} could not be read (${current.reason}); resumed from the save before it` };
  return { kind: "damaged", message: `the exam in progress could not be read from ${paths.current}: ${current.reason}` };
}

/** Ends the run in progress (after its report is kept): its state and workspace go. */
export async function clearRun(paths: ExamPaths, runId: string): Promise<void> {
  await rm(paths.current, { force: true });
  await rm(`${paths.current}.bak`, { force: true });
  await rm(paths.input, { force: true });
  await rm(`${paths.input}.bak`, { force: true });
  await rm(paths.workspaceFor(runId), { recursive: true, force: true });
}

export async function saveReport(paths: ExamPaths, report: ExamReport): Promise<void> {
  await mkdir(paths.reportsDir, { recursive: true });
  await atomically(paths.reportFor(report.runId), report);
}

/** Every kept report, oldest first. */
export async function loadReports(paths: ExamPaths): Promise<ExamReport[]> {
  let names: string[];
  try {
    names = (await readdir(paths.reportsDir)).filter((n) => n.endsWith(".json"));
  } catch {
    return [];
  }
  const reports: ExamReport[] = [];
  for (const name of names) {
    try {
      const report = JSON.parse(await readFile(join(paths.reportsDir, name), "utf8")) as ExamReport;
      if (report.reportVersion === EXAM_REPORT_VERSION) reports.push(report);
    } catch {
      // A damaged report is skipped; the others stay readable.
    }
  }
  return reports.sort((a, b) => (a.submittedAt < b.submittedAt ? -1 : a.submittedAt > b.submittedAt ? 1 : 0));
}

/** The latest report of an exam id, or the report of a run id. */
export async function findReport(paths: ExamPaths, id: string): Promise<ExamReport | undefined> {
  const reports = await loadReports(paths);
  return reports.find((r) => r.runId === id) ?? reports.filter((r) => r.examId === id).at(-1);
}

/** What the exam screen saves at every keystroke (store.ts `input.json`). */
export interface ExamInput {
  runId: string;
  /** The line at the prompt, not yet run. */
  line: string;
  /** Wall time of the save: kadet had the run open then (a pausable run's clock resumes from here). */
  atMs: number;
}

export function saveInput(paths: ExamPaths, input: ExamInput): Promise<void> {
  return atomically(paths.input, input);
}

/** The saved input of run `runId`; a damaged file falls back to its backup, then to nothing. */
export async function loadInput(paths: ExamPaths, runId: string): Promise<ExamInput | undefined> {
  for (const file of [paths.input, `${paths.input}.bak`]) {
    try {
      const input = JSON.parse(await readFile(file, "utf8")) as Partial<ExamInput>;
      if (input.runId === runId && typeof input.line === "string" && typeof input.atMs === "number") return { runId, line: input.line, atMs: input.atMs };
    } catch {
      // Missing or damaged: the backup, or nothing; the run itself is what matters.
    }
  }
  return undefined;
}

/**
 * Writes one file at a time, in order, keeping only the newest value waiting: keystrokes
 * that arrive while a write is in flight collapse into the next write, so typing never
 * queues up disk work, and two writes never share the staging file.
 */
export class LatestValueWriter<T> {
  private waiting: { value: T } | undefined;
  private running: Promise<void> | undefined;
  private failure: unknown;

  constructor(private readonly write: (value: T) => Promise<void>) {}

  /** Queues `value`; resolves when it (or a newer value) is on disk. */
  save(value: T): Promise<void> {
    this.waiting = { value };
    this.running ??= this.drain();
    return this.running;
  }

  /** Resolves when nothing is waiting or being written; rejects with the last write's error, once. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
    if (this.failure !== undefined) {
      const failure = this.failure;
      this.failure = undefined;
      throw failure;
    }
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting) {
        const { value } = this.waiting;
        this.waiting = undefined;
        try {
          await this.write(value);
        } catch (error) {
          this.failure = error;
        }
      }
    } finally {
      this.running = undefined;
    }
  }
}
