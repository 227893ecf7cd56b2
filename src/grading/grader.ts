/**
 * The grader: prepares an exercise's session (preset, setup commands that the
 * learner's history never shows, setup files that never overwrite the
 * learner's), runs a learner's script for `kadet check --script`, grades the
 * session against the exercise's checks, and formats the verdict as the CLI
 * prints it.
 */
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { createSandboxFs } from "../shell/sandboxFs.js";
import { Session } from "../shell/session.js";
import type { CommandFamily, CommandResult } from "../shell/types.js";
import { evaluateCheck } from "./checks/index.js";
import type { CheckContext, CheckResult } from "./checks/types.js";
import type { Exercise, WorkspaceFile } from "./exercise.js";
import { formatPoints, scoreChecks, toPoints } from "./points.js";

export interface GradingOptions {
  /** The learner's workspace: a real folder the shell starts in. */
  workdir: string;
  /** The command families of the shell; defaults to all of them (tests pass their own). */
  families?: CommandFamily[];
  seed?: number;
}

export interface SetupFailure {
  command: string;
  result: CommandResult;
}

export interface PreparedExercise {
  session: Session;
  /** Setup commands that exited non-zero: a fault of the exercise, which `kadet selfcheck` reports. */
  setupFailures: SetupFailure[];
}

function sessionOptions(preset: string, options: GradingOptions) {
  return {
    preset,
    cwd: options.workdir,
    ...(options.families ? { families: options.families } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  };
}

/** Writes files into the workspace; `overwrite` false keeps any file already there (the learner's). */
export async function writeWorkspaceFiles(workdir: string, files: readonly WorkspaceFile[], overwrite: boolean): Promise<void> {
  if (files.length === 0) return;
  await mkdir(workdir, { recursive: true });
  // Through the learner's sandbox: a path that leads out (`../x`, a symbolic link) never touches the host.
  const { fs } = await createSandboxFs(workdir);
  for (const file of files) {
    const target = fs.resolvePath(workdir, file.path);
    if (!overwrite && (await fs.exists(target))) continue;
    await fs.mkdir(dirname(target), { recursive: true });
    await fs.writeFile(target, file.content);
  }
}

/** The exercise's starting point, with what went wrong in its setup. */
export async function prepareExerciseWithReport(exercise: Exercise, options: GradingOptions): Promise<PreparedExercise> {
  const session = new Session(sessionOptions(exercise.setup.preset, options));
  // Files first, so that setup commands can apply them (`kubectl apply -f broken.yaml`).
  await writeWorkspaceFiles(options.workdir, exercise.setup.files, false);
  const setupFailures: SetupFailure[] = [];
  for (const command of exercise.setup.commands) {
    const ran = await session.run(command);
    if (ran.exitCode !== 0) setupFailures.push({ command, result: ran });
  }
  // The learner's history starts with their own first command.
  session.history.splice(0);
  return { session, setupFailures };
}

/** The session a learner starts the exercise in. */
export async function prepareExercise(exercise: Exercise, options: GradingOptions): Promise<Session> {
  return (await prepareExerciseWithReport(exercise, options)).session;
}

/** Runs a learner's script (for `kadet check --script`) as if typed into the session. */
export function runScript(session: Session, script: string): Promise<CommandResult> {
  return session.run(script);
}

/** A check's result with what it is worth: its weight's share of the exercise's points (points.ts). */
export interface ScoredCheck extends CheckResult {
  points: number;
}

export interface Verdict {
  exerciseId: string;
  checks: ScoredCheck[];
  /** Sum of the points of passed checks, exact to the hundredth (points.ts). */
  score: number;
  maxScore: number;
  /** The same two in integer hundredths, for sums that must not drift. */
  scoreCents: number;
  maxCents: number;
  /** Every check passed. */
  passed: boolean;
}

/** The context checks read: the learner's world, history and workspace, and a copy for commands. */
export function checkContext(session: Session, options: GradingOptions): CheckContext {
  return {
    world: session.world,
    docker: session.docker,
    history: [...session.history],
    workdir: options.workdir,
    runOnCopy: async (command) => {
      const scratch = new Session(sessionOptions(session.presetName(), { ...options, workdir: session.workingFolder() }));
      scratch.environment.load(session.environment.snapshot());
      // The learner's Docker engine too: docker checks must see their images, containers, volumes, networks.
      scratch.docker.load(session.docker.snapshot());
      return scratch.run(command);
    },
  };
}

export async function grade(exercise: Exercise, session: Session, options: GradingOptions): Promise<Verdict> {
  const ctx = checkContext(session, options);
  const checks: CheckResult[] = [];
  // One at a time, in the author's order: command checks build sessions, and order reads best.
  for (const check of exercise.checks) checks.push(await evaluateCheck(check, ctx));
  const scored = scoreChecks(exercise.points, checks.map((c) => ({ weight: c.weight, passed: c.status === "pass" })));
  return {
    exerciseId: exercise.id,
    checks: checks.map((c, i) => ({ ...c, points: toPoints(scored.shares[i]!.cents) })),
    score: toPoints(scored.scoreCents),
    maxScore: toPoints(scored.maxCents),
    scoreCents: scored.scoreCents,
    maxCents: scored.maxCents,
    passed: checks.every((c) => c.status === "pass"),
  };
}

export interface FormatOptions {
  color: boolean;
}

const MARKS = { pass: "✓", fail: "✗", error: "!" } as const;
const COLORS = { pass: "\x1b[32m", fail: "\x1b[31m", error: "\x1b[33m", dim: "\x1b[2m", reset: "\x1b[0m" } as const;

function indentLines(text: string, indent: string): string {
  return text
    .split("\n")
    .map((line) => `${indent}${line}`)
    .join("\n");
}

/** The verdict as `kadet check` prints it: one line per check, details beneath failures. */
export function formatVerdict(verdict: Verdict, options: FormatOptions): string {
  const paint = (code: string, text: string): string => (options.color ? `${code}${text}${COLORS.reset}` : text);
  const lines: string[] = [];
  for (const check of verdict.checks) {
    lines.push(`${paint(COLORS[check.status], MARKS[check.status])} ${check.description}`);
    if (check.status === "pass") continue;
    if (check.observed !== undefined) lines.push(indentLines(`observed: ${check.observed}`, "    "));
    if (check.expected !== undefined) lines.push(indentLines(`expected: ${check.expected}`, "    "));
    lines.push(paint(COLORS.dim, indentLines(check.message, "    ")));
  }
  const passed = verdict.checks.filter((c) => c.status === "pass").length;
  const summary = `${passed}/${verdict.checks.length} checks passed, score ${formatPoints(verdict.score)}/${formatPoints(verdict.maxScore)}`;
  lines.push("", verdict.passed ? paint(COLORS.pass, `${summary} — exercise ${verdict.exerciseId} passed`) : `${summary} — exercise ${verdict.exerciseId} not passed yet`);
  return `${lines.join("\n")}\n`;
}
