/**
 * `kadet exam ...`: timed practice exams. In a terminal `start` opens the exam screen (and
 * resumes the run in progress); everything else, and `start` in a pipe, is headless.
 *   list [--json]                       the exams, with the domains each under-covers
 *   start ID [--seed N] [--pausable]    starts a run (or resumes it on screen) and saves it in the data folder
 *   task N | flag N | unflag N          moves to / flags a task of the run in progress
 *   exec 'LINE'                         runs one line on the current task (saved after it)
 *   status [--json] | submit            where the run is; ends it and keeps the report
 *   report ID [--json]                  a kept report (exam id: the latest; or a run id)
 *   run ID --script FILE|- [--seed N] [--json] [--verbose] | run ID --reference [--seed N]
 * Every command that changes the run holds the progress store's lock while it works, and
 * saves the run atomically (exam/store.ts) before it returns.
 */
import { formatContentError } from "../content/sourceErrors.js";
import { loadExams, domainCoverage, type ExamDefinition } from "../exam/definition.js";
import { allowedDocs, examListing, formatReport, formatStatus, underCoveredText } from "../exam/format.js";
import { runExamHeadless } from "../exam/run.js";
import { ExamSession } from "../exam/session.js";
import { clearRun, examPaths, findReport, loadRun, newRunId, saveReport, saveRun, type ExamPaths } from "../exam/store.js";
import { loadExercises, type Exercise } from "../grading/exercise.js";
import { openProgress, resolveDataDir } from "../progress/index.js";
import { loadBakedPresets } from "./baked-presets.js";
import { readScript } from "./stdin.js";

const out = (text: string) => process.stdout.write(text);
const err = (text: string) => process.stderr.write(text);

const USAGE = `Usage:
  kadet exam list [--json]
  kadet exam start ID [--seed N] [--pausable]
  kadet exam task N | flag N | unflag N | exec 'LINE'
  kadet exam status [--json]
  kadet exam submit
  kadet exam report ID [--json]
  kadet exam run ID --script FILE|- [--seed N] [--json] [--verbose]
  kadet exam run ID --reference [--seed N]
`;

const NO_SCREEN =
  "Started headless (not a terminal); 'kadet exam start ID' in a terminal opens the exam screen. Meanwhile:\n" +
  "  kadet exam exec 'kubectl get pods'   runs a line on the current task\n" +
  "  kadet exam task N                    moves to task N (its context and folder)\n" +
  "  kadet exam status | submit           or play a whole script with 'kadet exam run'\n";

function usage(message: string): number {
  err(`kadet: ${message}\n${USAGE}`);
  return 2;
}

interface Content {
  exercises: Exercise[];
  exams: ExamDefinition[];
}

function loadContent(): Content {
  const { exercises, errors } = loadExercises();
  const exams = loadExams(exercises);
  for (const e of [...errors, ...exams.errors]) err(`kadet: ${formatContentError(e)}\n`);
  return { exercises, exams: exams.exams };
}

function findExam(content: Content, id: string | undefined): ExamDefinition | number {
  if (!id) return usage("an exam ID is required (see 'kadet exam list')");
  const exam = content.exams.find((e) => e.id === id);
  if (exam) return exam;
  err(`kadet: no exam "${id}" (see 'kadet exam list')\n`);
  return 1;
}

/** Flags of the form --name VALUE / --name=VALUE, and bare words. */
function parseArgs(args: string[], valued: readonly string[], bare: readonly string[]): { words: string[]; values: Map<string, string>; flags: Set<string> } | string {
  const words: string[] = [];
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    if (valued.includes(name)) {
      const value = eq > 0 && arg.startsWith("--") ? arg.slice(eq + 1) : args[++i];
      if (value === undefined) return `${name} needs a value`;
      values.set(name, value);
    } else if (bare.includes(arg)) flags.add(arg);
    else if (arg.startsWith("-") && arg !== "-") return `unknown flag "${arg}"`;
    else words.push(arg);
  }
  return { words, values, flags };
}

function parseSeed(text: string | undefined, fallback: number): number | string {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) > 2 ** 31) return `--seed must be a whole number, got "${text}"`;
  return Number(text);
}

export async function examCommand(args: string[]): Promise<number> {
  const [verb, ...rest] = args;
  switch (verb) {
    case "list":
      return list(rest);
    case "start":
      return start(rest);
    case "status":
      return status(rest);
    case "submit":
      return withRun(rest, "submit", async (session, paths) => submit(session, paths));
    case "task":
    case "flag":
    case "unflag":
      return taskVerb(verb, rest);
    case "exec":
      return exec(rest);
    case "report":
      return report(rest);
    case "run":
      return run(rest);
    case undefined:
    case "--help":
    case "-h":
      out(USAGE);
      return verb === undefined ? 2 : 0;
    default:
      return usage(`unknown exam command "${verb}"`);
  }
}

function list(args: string[]): number {
  const parsed = parseArgs(args, [], ["--json"]);
  if (typeof parsed === "string" || parsed.words.length > 0) return usage(typeof parsed === "string" ? parsed : "kadet exam list takes no arguments");
  const content = loadContent();
  const listings = content.exams.map((e) => ({ exam: e, listing: examListing(e, domainCoverage(e, content.exercises).domains) }));
  if (parsed.flags.has("--json")) {
    out(`${JSON.stringify(listings.map((l) => l.listing), null, 2)}\n`);
    return 0;
  }
  const rows = [["ID", "STYLE", "TASKS", "MINUTES", "PASS", "TITLE"], ...listings.map(({ listing: l }) => [l.id, l.style, String(l.tasks), String(l.minutes), `${l.passPercent}%`, l.title])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  out(rows.map((r) => `${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]! + 3))).join("")}\n`).join(""));
  for (const { exam, listing } of listings) {
    if (listing.tasks === 0) out(`\n${exam.id}: not runnable yet: ${exam.description.trim().replace(/\s+/g, " ")}\n`);
    else {
      const under = underCoveredText(domainCoverage(exam, content.exercises).domains);
      if (under) out(`\n${exam.id}: under-covered domains (kadet cannot test them fully yet): ${under}\n`);
    }
  }
  return 0;
}

/** Holds the progress lock for the duration of `work`, so two kadets never write one run. */
async function locked<T>(work: (paths: ExamPaths) => Promise<T>): Promise<T | number> {
  const dataDir = resolveDataDir();
  const { store, warnings } = await openProgress({ home: dataDir });
  try {
    if (store.readOnly) {
      for (const w of warnings) err(`kadet: ${w}\n`);
      err(`kadet: the exam cannot be saved: ${store.readOnlyReason}\n`);
      return 1;
    }
    return await work(examPaths(dataDir));
  } finally {
    await store.close();
  }
}

async function start(args: string[]): Promise<number> {
  const parsed = parseArgs(args, ["--seed"], ["--pausable"]);
  if (typeof parsed === "string" || parsed.words.length !== 1) return usage(typeof parsed === "string" ? parsed : "kadet exam start ID [--seed N] [--pausable]");
  const content = loadContent();
  const exam = findExam(content, parsed.words[0]);
  if (typeof exam === "number") return exam;
  // A retake gets new draws unless a seed is asked for; the seed is printed so it can be replayed.
  const seed = parseSeed(parsed.values.get("--seed"), Math.floor(Date.now() / 1000) % 100_000);
  if (typeof seed === "string") return usage(seed);
  if (process.stdin.isTTY && process.stdout.isTTY) return startOnScreen(exam, parsed.values.has("--seed") ? seed : undefined, parsed.flags.has("--pausable"));
  const result = await locked(async (paths) => {
    const existing = await loadRun(paths);
    if (existing.kind === "ok") {
      err(`kadet: exam ${existing.state.examId} (run ${existing.state.runId}) is in progress; see 'kadet exam status' or end it with 'kadet exam submit'\n`);
      return 1;
    }
    loadBakedPresets();
    const runId = newRunId(exam.id, Date.now());
    let session: ExamSession;
    try {
      session = await ExamSession.start({ exam, exercises: content.exercises, workspace: paths.workspaceFor(runId), now: () => Date.now(), seed, runId, pausable: parsed.flags.has("--pausable") });
    } catch (e) {
      err(`kadet: ${(e as Error).message}\n`);
      return 1;
    }
    for (const f of session.setupFailures) err(`kadet: task ${f.task}'s setup \`${f.command}\` exited with ${f.exitCode}: ${f.stderr}\n`);
    await saveRun(paths, session.state());
    out(`Exam ${exam.title} started (run ${runId}, seed ${seed}): ${session.taskCount} tasks, ${exam.minutes} minutes${parsed.flags.has("--pausable") ? ", pausable" : "; the clock runs even while kadet is closed"}.\n`);
    out(`Allowed documentation${exam.style === "docker" ? "" : ", as in the real exam"}: ${allowedDocs(exam.style)}.\n\n${session.taskText(1)}\n${NO_SCREEN}`);
    return 0;
  });
  return result;
}

/**
 * In a terminal, `start` opens the exam screen (the trainer), which starts the run or resumes
 * it when this exam is the one in progress; pipes and scripts keep the headless start above.
 */
async function startOnScreen(exam: ExamDefinition, seed: number | undefined, pausable: boolean): Promise<number> {
  const existing = await loadRun(examPaths(resolveDataDir()));
  if (existing.kind === "ok" && existing.state.examId !== exam.id) {
    err(`kadet: exam ${existing.state.examId} (run ${existing.state.runId}) is in progress; resume it with 'kadet exam start ${existing.state.examId}' or end it with 'kadet exam submit'\n`);
    return 1;
  }
  if (existing.kind === "damaged") {
    err(`kadet: ${existing.message}\n`);
    return 1;
  }
  const { openTrainer } = await import("./trainer.js");
  return openTrainer({ exam: { examId: exam.id, ...(seed !== undefined ? { seed } : {}), ...(pausable ? { pausable: true } : {}) } });
}

/** Resumes the saved run, lets `work` act on it, and saves it again (or ends it when submitted). */
async function withRun(args: string[], what: string, work: (session: ExamSession, paths: ExamPaths) => Promise<number>, allowArgs = false): Promise<number> {
  if (!allowArgs && args.length > 0) return usage(`kadet exam ${what} takes no arguments`);
  const content = loadContent();
  return locked(async (paths) => {
    const loaded = await loadRun(paths);
    if (loaded.kind === "none") {
      err("kadet: no exam is in progress (start one with 'kadet exam start ID')\n");
      return 1;
    }
    if (loaded.kind === "damaged") {
      err(`kadet: ${loaded.message}\n`);
      return 1;
    }
    if (loaded.warning) err(`kadet: ${loaded.warning}\n`);
    const exam = content.exams.find((e) => e.id === loaded.state.examId);
    if (!exam) {
      err(`kadet: the exam in progress, ${loaded.state.examId}, no longer exists\n`);
      return 1;
    }
    loadBakedPresets();
    const session = await ExamSession.resume(loaded.state, { exam, exercises: content.exercises, workspace: paths.workspaceFor(loaded.state.runId), now: () => Date.now() });
    if (session.submitted && what !== "submit") {
      err("kadet: time is up; the exam was submitted automatically\n");
      return submit(session, paths);
    }
    const code = await work(session, paths);
    if (!session.submitted) await saveRun(paths, session.state());
    return code;
  });
}

async function submit(session: ExamSession, paths: ExamPaths): Promise<number> {
  session.submit();
  const report = await session.report();
  await saveReport(paths, report);
  await clearRun(paths, session.runId);
  out(formatReport(report, terminalLayout()));
  out(`\nThe report is kept: kadet exam report ${report.examId} (or ${report.runId}).\n`);
  return report.passed ? 0 : 1;
}

async function status(args: string[]): Promise<number> {
  const parsed = parseArgs(args, [], ["--json"]);
  if (typeof parsed === "string" || parsed.words.length > 0) return usage(typeof parsed === "string" ? parsed : "kadet exam status [--json]");
  return withRun([], "status", async (session) => {
    if (parsed.flags.has("--json")) {
      const tasks = Array.from({ length: session.taskCount }, (_, i) => {
        const t = session.task(i + 1);
        return { number: i + 1, exerciseId: t.exerciseId, points: t.points, context: t.context, ...(t.host ? { host: t.host } : {}), seen: t.seen, flagged: t.flagged, commands: t.log.length };
      });
      out(`${JSON.stringify({ examId: session.exam.id, runId: session.runId, currentTask: session.currentTask, elapsedMs: session.elapsedMs(), remainingMs: session.remainingMs(), tasks }, null, 2)}\n`);
    } else out(formatStatus(session));
    return 0;
  });
}

async function taskVerb(verb: "task" | "flag" | "unflag", args: string[]): Promise<number> {
  if (args.length !== 1 || !/^\d+$/.test(args[0]!)) return usage(`kadet exam ${verb} N`);
  const number = Number(args[0]);
  return withRun(
    args,
    verb,
    async (session) => {
      if (number < 1 || number > session.taskCount) {
        err(`kadet: there is no task ${number} (the exam has ${session.taskCount})\n`);
        return 1;
      }
      if (verb === "task") {
        await session.goTo(number);
        out(session.taskText(number));
      } else session.flag(number, verb === "flag");
      return 0;
    },
    true,
  );
}

async function exec(args: string[]): Promise<number> {
  const line = args.join(" ");
  if (line.trim() === "") return usage("kadet exam exec 'LINE'");
  return withRun(
    args,
    "exec",
    async (session) => {
      const result = await session.run(line);
      out(result.stdout);
      err(result.stderr);
      return result.exitCode;
    },
    true,
  );
}

async function report(args: string[]): Promise<number> {
  const parsed = parseArgs(args, [], ["--json"]);
  if (typeof parsed === "string" || parsed.words.length !== 1) return usage(typeof parsed === "string" ? parsed : "kadet exam report ID [--json]");
  const found = await findReport(examPaths(resolveDataDir()), parsed.words[0]!);
  if (!found) {
    err(`kadet: no report kept for "${parsed.words[0]}" (reports are kept when an exam is submitted)\n`);
    return 1;
  }
  out(parsed.flags.has("--json") ? `${JSON.stringify(found, null, 2)}\n` : formatReport(found, terminalLayout()));
  return 0;
}

async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args, ["--script", "--seed"], ["--json", "--reference", "--verbose", "-v"]);
  if (typeof parsed === "string" || parsed.words.length !== 1) return usage(typeof parsed === "string" ? parsed : "kadet exam run ID --script FILE|- | --reference");
  const scriptPath = parsed.values.get("--script");
  const reference = parsed.flags.has("--reference");
  if ((scriptPath === undefined) === !reference) return usage("give either --script FILE|- or --reference");
  const seed = parseSeed(parsed.values.get("--seed"), 1);
  if (typeof seed === "string") return usage(seed);
  const content = loadContent();
  const exam = findExam(content, parsed.words[0]);
  if (typeof exam === "number") return exam;
  const script = scriptPath === undefined ? "" : await readScript(scriptPath);
  if (script === undefined) return 1;
  loadBakedPresets();
  const verbose = parsed.flags.has("--verbose") || parsed.flags.has("-v");
  let result;
  try {
    result = await runExamHeadless({
      exam,
      exercises: content.exercises,
      seed,
      ...(reference ? { reference: true } : { script }),
      ...(verbose ? { onOutput: (task: number, command: string, stdout: string, stderr: string) => err(`[task ${task}] $ ${command}\n${stdout}${stderr}`) } : {}),
    });
  } catch (e) {
    err(`kadet: ${(e as Error).message}\n`);
    return 1;
  }
  for (const e of result.scriptErrors) err(`kadet: ${scriptPath}: ${e}\n`);
  for (const f of [...result.setupFailures, ...result.referenceFailures]) err(`kadet: task ${f.task}: \`${f.command}\` exited with ${f.exitCode}: ${f.stderr}\n`);
  out(parsed.flags.has("--json") ? `${JSON.stringify(result.report, null, 2)}\n` : formatReport(result.report, terminalLayout()));
  if (reference) return result.report.scoreCents === result.report.maxCents && result.setupFailures.length + result.referenceFailures.length === 0 ? 0 : 1;
  return result.report.passed && result.scriptErrors.length === 0 ? 0 : 1;
}

/** On a terminal the report uses its width (the replay beside the reference); piped, it is plain lines. */
function terminalLayout(): { width?: number } {
  return process.stdout.isTTY && process.stdout.columns ? { width: process.stdout.columns } : {};
}
