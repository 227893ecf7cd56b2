/**
 * Headless exam runs, for `kadet exam run` and `kadet selfcheck`: an exam started in a
 * throw-away workspace, driven by a script (`# task N` lines switch tasks) or by every
 * task's reference solution on its own context, then submitted and graded. Nothing is
 * saved; the caller prints the report.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Exercise } from "../grading/exercise.js";
import type { CommandFamily } from "../shell/types.js";
import type { ExamDefinition } from "./definition.js";
import { parseExamScript } from "./script.js";
import { ExamSession, type ExamReport, type ExamSetupFailure } from "./session.js";

export interface HeadlessRunOptions {
  exam: ExamDefinition;
  exercises: readonly Exercise[];
  seed: number;
  /** The learner's script; absent with `reference`. */
  script?: string;
  /** Play every task's reference solution instead of a script. */
  reference?: boolean;
  families?: CommandFamily[];
  /** Called with each command's output as it runs (`--verbose`). */
  onOutput?: (task: number, command: string, stdout: string, stderr: string) => void;
  now?: () => number;
}

export interface HeadlessRun {
  report: ExamReport;
  setupFailures: ExamSetupFailure[];
  /** Reference commands that exited non-zero (only with `reference`). */
  referenceFailures: ExamSetupFailure[];
  /** Script lines that named a task the exam does not have. */
  scriptErrors: string[];
}

export async function runExamHeadless(options: HeadlessRunOptions): Promise<HeadlessRun> {
  const workspace = await mkdtemp(join(tmpdir(), "kadet-exam-"));
  try {
    const session = await ExamSession.start({
      exam: options.exam,
      exercises: options.exercises,
      workspace,
      now: options.now ?? (() => Date.now()),
      seed: options.seed,
      runId: `${options.exam.id}-headless`,
      ...(options.families ? { families: options.families } : {}),
    });
    const referenceFailures: ExamSetupFailure[] = [];
    const scriptErrors: string[] = [];
    if (options.reference) {
      for (let n = 1; n <= session.taskCount; n++) {
        await session.goTo(n);
        referenceFailures.push(...(await session.playReference(n)));
      }
    } else {
      for (const step of parseExamScript(options.script ?? "")) {
        if (step.kind === "task") {
          if (step.number < 1 || step.number > session.taskCount) scriptErrors.push(`line ${step.line}: there is no task ${step.number} (the exam has ${session.taskCount})`);
          else await session.goTo(step.number);
          continue;
        }
        const result = await session.run(step.command);
        options.onOutput?.(session.currentTask, step.command, result.stdout, result.stderr);
      }
    }
    session.submit();
    return { report: await session.report(), setupFailures: [...session.setupFailures], referenceFailures, scriptErrors };
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}
