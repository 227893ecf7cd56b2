/**
 * The exams' part of `kadet selfcheck`: for every exam and several seeds (draws differ by
 * seed), every task's reference solution played on its own context must score 100%, and
 * an empty script must score 0 (each task's untouched setup fails). An exam without tasks
 * is reported as not runnable, not as sound.
 */
import type { Exercise } from "../grading/exercise.js";
import type { CommandFamily } from "../shell/types.js";
import type { ExamDefinition } from "./definition.js";
import { runExamHeadless } from "./run.js";

/** Seeds proved for exams that draw; an exam of fixed tasks is the same for every seed. */
export const SELFCHECK_SEEDS = [1, 2, 3] as const;

export interface ExamSelfcheck {
  examId: string;
  file: string;
  ok: boolean;
  /** Why it cannot be run at all (no tasks yet); not a fault. */
  notRunnable?: string;
  problems: string[];
}

export async function selfcheckExam(exam: ExamDefinition, exercises: readonly Exercise[], families?: CommandFamily[]): Promise<ExamSelfcheck> {
  if (exam.tasks.length === 0) return { examId: exam.id, file: exam.file, ok: true, notRunnable: "it has no tasks yet", problems: [] };
  const problems: string[] = [];
  // Seeds change draws and parameterised exercises' values; otherwise every seed is the same exam.
  const varies = exam.tasks.some((t) => t.draw !== undefined || exercises.find((e) => e.id === t.exercise)?.parameters !== undefined);
  const seeds = varies ? SELFCHECK_SEEDS : [SELFCHECK_SEEDS[0]];
  const base = { exam, exercises, ...(families ? { families } : {}) };
  for (const seed of seeds) {
    try {
      const reference = await runExamHeadless({ ...base, seed, reference: true });
      for (const f of [...reference.setupFailures, ...reference.referenceFailures]) problems.push(`seed ${seed}, task ${f.task}: \`${f.command}\` exited with ${f.exitCode}: ${f.stderr}`);
      if (reference.report.scoreCents !== reference.report.maxCents) {
        for (const task of reference.report.tasks) {
          for (const check of task.checks.filter((c) => c.status !== "pass")) {
            problems.push(`seed ${seed}, task ${task.number} (${task.exerciseId} on ${task.context}): with the reference solutions, check ${check.id} is ${check.status}: ${check.message}`);
          }
        }
        problems.push(`seed ${seed}: the reference solutions score ${reference.report.percent}%, not 100%`);
      }
      // An empty script is proved on the first seed only: a draw changes names and values, not which
      // checks an untouched setup passes (each drawn exercise instance is proved to fail untouched by
      // the exercises' own selfcheck), and each run sets up every task's cluster: the costly part.
      if (seed !== seeds[0]) continue;
      const empty = await runExamHeadless({ ...base, seed, script: "" });
      for (const task of empty.report.tasks.filter((t) => t.scoreCents > 0)) {
        const passing = task.checks.filter((c) => c.status === "pass").map((c) => c.id);
        problems.push(`seed ${seed}, task ${task.number} (${task.exerciseId}): an empty script earns ${task.scoreCents / 100} points (checks ${passing.join(", ")} pass untouched)`);
      }
    } catch (e) {
      problems.push(`seed ${seed}: ${(e as Error).message}`);
    }
  }
  return { examId: exam.id, file: exam.file, ok: problems.length === 0, problems };
}

export function formatExamSelfcheck(results: readonly ExamSelfcheck[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${r.notRunnable ? "-" : r.ok ? "✓" : "✗"} exam ${r.examId}${r.notRunnable ? ` (not runnable: ${r.notRunnable})` : ""}`);
    for (const p of r.problems) lines.push(`    ${r.file}: ${p}`);
  }
  const bad = results.filter((r) => !r.ok).length;
  lines.push("", `${results.length - bad}/${results.length} exams sound`);
  return `${lines.join("\n")}\n`;
}
