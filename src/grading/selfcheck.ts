/**
 * `kadet selfcheck`: proves every exercise is sound, as rustlings' checker
 * does: (a) its untouched setup fails at least one check, (b) its reference
 * solution, run after the setup, passes every check. Each phase runs in a
 * fresh temporary workspace, through the same Attempt a learner's work goes
 * through. It also checks the references between lessons
 * and exercises.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Lesson } from "../content/lessons.js";
import { TOPICS } from "../content/syllabus.js";
import type { CommandFamily } from "../shell/types.js";
import type { CheckResult } from "./checks/types.js";
import type { Exercise } from "./exercise.js";
import { Attempt } from "./attempt.js";
import { instantiateExercise } from "./exercise.js";

/**
 * Seeds a parameterised exercise is proved on, beside its default instance (issue 9: "selfcheck
 * proves several seeds of each"). A seed whose draw repeats values already proved is skipped, so
 * each report line is a different text.
 */
export const PARAMETER_SEEDS = [1, 2, 3, 4, 5] as const;
import type { ExamDefinition } from "../exam/definition.js";
import { formatExamSelfcheck, selfcheckExam, type ExamSelfcheck } from "../exam/selfcheck.js";
import type { Verdict } from "./grader.js";

export interface PhaseReport {
  verdict: Verdict;
  /** Setup (and, for the solution phase, solution) commands that exited non-zero. */
  failedCommands: Array<{ command: string; exitCode: number; stderr: string }>;
}

export interface ExerciseSelfcheck {
  exerciseId: string;
  file: string;
  ok: boolean;
  /** What is wrong, one sentence each; empty when ok. */
  problems: string[];
  setupOnly: PhaseReport;
  withSolution: PhaseReport;
}

export interface SelfcheckReport {
  ok: boolean;
  exercises: ExerciseSelfcheck[];
  /** Ids asked for that no exercise has. */
  unknownIds: string[];
  /** Lesson ↔ exercise references that name nothing, and unknown topics. */
  crossReferences: string[];
  /** The exams' proofs (only when every exercise is checked). */
  exams: ExamSelfcheck[];
}

export interface SelfcheckOptions {
  /** When given, every exercise id a lesson names must exist. */
  lessons?: readonly Lesson[];
  /** The shell's command families (tests pass their own). */
  families?: CommandFamily[];
  /** Exams to prove when no ids are asked for. */
  exams?: readonly ExamDefinition[];
}

async function inTemporaryWorkdir<T>(run: (workdir: string) => Promise<T>): Promise<T> {
  const workdir = await mkdtemp(join(tmpdir(), "kadet-selfcheck-"));
  try {
    return await run(workdir);
  } finally {
    await rm(workdir, { recursive: true, force: true });
  }
}

function describeCheck(check: CheckResult): string {
  const details = [check.observed !== undefined ? `observed: ${check.observed}` : "", check.expected !== undefined ? `expected: ${check.expected}` : ""]
    .filter(Boolean)
    .join("; ");
  return `${check.id} (${check.status}): ${check.message}${details ? ` [${details}]` : ""}`;
}

async function checkExercise(exercise: Exercise, options: SelfcheckOptions): Promise<ExerciseSelfcheck> {
  const attemptOptions = (workdir: string) => ({ workdir, ...(options.families ? { families: options.families } : {}) });
  const problems: string[] = [];
  const failedCommand = (f: { command: string; result: { exitCode: number; stderr: string } }) => ({ command: f.command, exitCode: f.result.exitCode, stderr: f.result.stderr.trim() });

  const setupOnly = await inTemporaryWorkdir(async (workdir) => {
    const attempt = await Attempt.start(exercise, attemptOptions(workdir));
    return { verdict: await attempt.check(), failedCommands: attempt.setupFailures.map(failedCommand) };
  });
  for (const failed of setupOnly.failedCommands) problems.push(`setup command \`${failed.command}\` exited with ${failed.exitCode}: ${failed.stderr}`);
  if (!setupOnly.verdict.checks.some((c) => c.status === "fail")) {
    problems.push("the untouched setup already passes every check (at least one must fail before the learner works)");
  }
  for (const check of setupOnly.verdict.checks.filter((c) => c.status === "error")) problems.push(`after setup, check ${describeCheck(check)}`);

  let solutionFailures: PhaseReport["failedCommands"] = [];
  const withSolution = await inTemporaryWorkdir(async (workdir) => {
    const attempt = await Attempt.start(exercise, attemptOptions(workdir));
    solutionFailures = (await attempt.applySolution()).map(failedCommand);
    return { verdict: await attempt.check(), failedCommands: [...attempt.setupFailures.map(failedCommand), ...solutionFailures] };
  });
  for (const failed of solutionFailures) problems.push(`solution command \`${failed.command}\` exited with ${failed.exitCode}: ${failed.stderr}`);
  for (const check of withSolution.verdict.checks.filter((c) => c.status !== "pass")) problems.push(`with the solution, check ${describeCheck(check)}`);

  return { exerciseId: exercise.id, file: exercise.file, ok: problems.length === 0, problems, setupOnly, withSolution };
}

/** Lessons naming exercises that do not exist, and exercises naming topics the syllabus lacks. */
export function crossReferenceProblems(exercises: readonly Exercise[], lessons: readonly Lesson[] | undefined): string[] {
  const problems: string[] = [];
  const ids = new Set(exercises.map((e) => e.id));
  for (const lesson of lessons ?? []) {
    for (const id of lesson.exercises) if (!ids.has(id)) problems.push(`${lesson.file}: exercise "${id}" does not exist`);
  }
  const topics = new Set(TOPICS.map((t) => t.id));
  for (const exercise of exercises) {
    for (const topic of exercise.topics) if (!topics.has(topic)) problems.push(`${exercise.file}: topic "${topic}" is not in the syllabus`);
  }
  return problems;
}

/** Runs both phases for each exercise (all, or those whose ids are given) and the cross-reference checks. */
export async function selfcheck(exercises: readonly Exercise[], ids?: readonly string[], options: SelfcheckOptions = {}): Promise<SelfcheckReport> {
  const wanted = ids && ids.length > 0 ? new Set(ids) : undefined;
  const chosen = wanted ? exercises.filter((e) => wanted.has(e.id)) : [...exercises];
  const unknownIds = wanted ? [...wanted].filter((id) => !exercises.some((e) => e.id === id)) : [];
  const reports: ExerciseSelfcheck[] = [];
  for (const exercise of chosen) {
    reports.push(await checkExercise(exercise, options));
    // A parameterised exercise must hold for other draws than its default instance too.
    const proved = new Set([JSON.stringify(exercise.values)]);
    for (const seed of exercise.parameters ? PARAMETER_SEEDS : []) {
      const instance = instantiateExercise(exercise, seed);
      const values = JSON.stringify(instance.values);
      if (proved.has(values)) continue;
      proved.add(values);
      reports.push({ ...(await checkExercise(instance, options)), exerciseId: `${exercise.id}@seed ${seed}` });
    }
  }
  const crossReferences = wanted ? [] : crossReferenceProblems(exercises, options.lessons);
  const exams: ExamSelfcheck[] = [];
  for (const exam of wanted ? [] : (options.exams ?? [])) exams.push(await selfcheckExam(exam, exercises, options.families));
  const ok = reports.every((r) => r.ok) && unknownIds.length === 0 && crossReferences.length === 0 && exams.every((e) => e.ok);
  return { ok, exercises: reports, unknownIds, crossReferences, exams };
}

/** The report as `kadet selfcheck` prints it. */
export function formatSelfcheckReport(report: SelfcheckReport): string {
  const lines: string[] = [];
  for (const exercise of report.exercises) {
    lines.push(`${exercise.ok ? "✓" : "✗"} ${exercise.exerciseId}`);
    for (const problem of exercise.problems) lines.push(`    ${exercise.file}: ${problem}`);
  }
  for (const id of report.unknownIds) lines.push(`✗ ${id}: no exercise has this id`);
  for (const problem of report.crossReferences) lines.push(`✗ ${problem}`);
  const bad = report.exercises.filter((e) => !e.ok).length;
  lines.push("", `${report.exercises.length - bad}/${report.exercises.length} exercises sound${report.crossReferences.length > 0 ? `, ${report.crossReferences.length} cross-reference problem(s)` : ""}`);
  return `${lines.join("\n")}\n${report.exams.length > 0 ? `\n${formatExamSelfcheck(report.exams)}` : ""}`;
}
