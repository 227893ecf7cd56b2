/**
 * Issue 9, "Durability": an exam in progress under SIGKILL. A kadet with the exam open (a real
 * child process, exam-worker.ts) is killed at random moments, again and again, each new one
 * resuming the run the last left; then the run is resumed here and audited. Every line whose
 * output the learner could have seen must be in the task's log exactly once, and its effect
 * (a namespace) in the cluster of the task it was typed on.
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadExercises } from "../../src/grading/exercise.js";
import { startWorker, type WorkerChild } from "../../src/progress/testChildren.js";
import { openExamServices } from "../../src/ui/exam/services.js";
import type { Figures } from "./stress.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const EXERCISES = path.join(REPO, "exercises");
const EXAMS = path.join(REPO, "src/exam/testdata/exams");

let bundled: Promise<string> | undefined;

/**
 * The worker runs kadet's shell, whose interpreter (just-bash) finds its own chunks from its
 * package: it stays external, so the bundle is written inside the repository (an ignored
 * .kadet-test-* folder) where node_modules resolves, with the image tags file beside it.
 */
function bundleExamWorker(): Promise<string> {
  bundled ??= (async () => {
    const { build } = await import("rolldown");
    const dir = mkdtempSync(path.join(REPO, ".kadet-test-exam-worker-"));
    process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, "exam-worker.mjs");
    const input = fileURLToPath(new URL("./exam-worker.ts", import.meta.url));
    // A folder, not one file: kadet's lazy imports (explain's schemas...) make chunks of their own.
    await build({ input, platform: "node", write: true, external: ["just-bash"], output: { dir, format: "esm", entryFileNames: "exam-worker.mjs" }, logLevel: "silent" });
    copyFileSync(path.join(REPO, "src/sim/catalog/official-tags.json"), path.join(dir, "official-tags.json"));
    return file;
  })();
  return bundled;
}

export async function examKillLoop(kills: number, random: () => number): Promise<Figures> {
  const worker = await bundleExamWorker();
  const home = mkdtempSync(path.join(os.tmpdir(), "kadet-stress-exam-"));
  const children: WorkerChild[] = [];
  const details: string[] = [];
  try {
    for (let k = 0; k < kills; k++) {
      const child = startWorker(worker, "exam", { home, exercisesDir: EXERCISES, examsDir: EXAMS, tag: `kill${k}` });
      children.push(child);
      const acknowledgedSoFar = children.some((c) => c.messages.some((m) => typeof m.saved === "string"));
      // Half the kills land at a random moment (on a loaded machine mostly while the run is opened
      // or resumed), half among its saves: after this kadet's first acknowledged line, so that
      // they cannot all fall before it (a 100-kill run once acknowledged only 25 lines); the last
      // one after a save at least, so that the check always has a line to look for.
      if ((k === kills - 1 && !acknowledgedSoFar) || random() >= 0.5) {
        await child.waitFor((m) => typeof m.saved === "string").catch(() => undefined);
        await sleep(random() * 400);
      } else await sleep(random() * 2500);
      child.child.kill("SIGKILL");
      const exit = await child.exited;
      const failed = child.messages.find((m) => typeof m.error === "string");
      if (failed !== undefined) details.push(`kill ${k}: the worker failed: ${String(failed.error).split("\n")[0]}`);
      else if (exit.signal !== "SIGKILL") details.push(`kill ${k}: the worker exited on its own (${exit.code}): ${exit.stderr.slice(0, 200)}`);
    }
    const messages = children.flatMap((c) => c.messages);
    const acknowledged = messages.filter((m) => typeof m.saved === "string").map((m) => ({ name: m.saved as string, task: m.task as number }));
    const corrupt = messages.flatMap((m) => (Array.isArray(m.notices) ? (m.notices as string[]) : [])).filter((n) => n.includes("could not be read"));
    details.push(...corrupt.map((n) => `on resume: ${n}`));

    const { exercises } = loadExercises(EXERCISES);
    const opened = openExamServices({ home, exercises, examsDir: EXAMS });
    const run = await opened.services.open("two-clusters", { seed: 1 });
    const lost: string[] = [];
    for (const task of [1, 2]) {
      const typed = run.typed(task).map((t) => t.line);
      await run.goTo(task);
      const namespaces = new Set((await run.run("kubectl get namespaces -o name")).stdout.split("\n"));
      for (const a of acknowledged.filter((x) => x.task === task)) {
        const times = typed.filter((line) => line === `kubectl create namespace ${a.name}`).length;
        if (times !== 1) lost.push(`${a.name}: in task ${task}'s log ${times} times`);
        if (!namespaces.has(`namespace/${a.name}`)) lost.push(`${a.name}: not in task ${task}'s cluster`);
      }
    }
    await opened.close();
    details.push(...lost.slice(0, 5));
    return { runs: `${kills} kills`, acknowledged: acknowledged.length, lost: lost.length, corrupt: corrupt.length, leftOver: 0, blocked: 0, details };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
