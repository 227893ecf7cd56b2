/**
 * A kadet with an exam open, for the exam kill loop (stress-exam.ts): it opens (or resumes) the
 * two-cluster fixture exam through the exam screen's own adapter and creates one namespace per
 * line, switching task (and so cluster) every few lines. Each line is reported only once `run`
 * has returned, which is after the run's state (environment snapshot included) reached disk.
 *
 *   node exam-worker.mjs exam '{"home": "...", "exercisesDir": "...", "examsDir": "...", "tag": "kill3"}'
 */
import { loadExercises } from "../../src/grading/exercise.js";
import { openExamServices } from "../../src/ui/exam/services.js";

interface Options {
  home: string;
  exercisesDir: string;
  examsDir: string;
  tag: string;
}

function report(message: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[3] ?? "{}") as Options; // argv[2] is the mode, "exam"
  const { exercises } = loadExercises(options.exercisesDir);
  const opened = openExamServices({ home: options.home, exercises, examsDir: options.examsDir });
  const run = await opened.services.open("two-clusters", { seed: 1 });
  report({ opened: true, resumed: run.resumed, notices: run.notices });
  for (let n = 0; ; n++) {
    const name = `${options.tag}-${n}`;
    const task = run.currentTask();
    const result = await run.run(`kubectl create namespace ${name}`);
    report(result.stderr.includes("could not be saved") ? { unsaved: name, stderr: result.stderr } : { saved: name, task, exitCode: result.exitCode });
    if (n % 4 === 3) await run.goTo(task === 1 ? 2 : 1);
  }
}

main().catch((error: unknown) => {
  report({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exitCode = 70;
});
