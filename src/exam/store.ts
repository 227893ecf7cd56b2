/**
 * Where exam runs and reports live in the data folder, written with the progress
 * store's atomic writes (stage, flush, keep a backup, rename, flush the folder), so a
 * crash at any instant leaves the last saved run or the one before, never half a file:
 *
 *   <data>/exam/current.json        the run in progress (exam state + environment snapshot)
 *   <data>/exam/current.json.bak    the save before it
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
  workspaceFor(runId: string): string;
  reportsDir: string;
  reportFor(runId: string): string;
}

export function examPaths(dataDir: string): ExamPaths {
  const dir = join(dataDir, "exam");
  return {
    dir,
    current: join(dir, "current.json"),
    workspaceFor: (runId) => join(dir, "runs", runId),
    reportsDir: join(dir, "reports"),
    reportFor: (runId) => join(dir, "reports", `${runId}.json`),
  };
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
