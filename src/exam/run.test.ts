/**
 * Scripted exam runs (`kadet exam run ID --script FILE`, issue 9): `# task N` switches to
 * task N and its context; the report grades each task on its own context only.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { instantiateExercise, loadExercises } from "../grading/exercise.js";
import { loadExams } from "./definition.js";
import { runExamHeadless } from "./run.js";
import { selfcheckExam } from "./selfcheck.js";
import { paramSeedOf } from "./session.js";
import { formatReport } from "./format.js";

const { exercises } = loadExercises();
const exams = loadExams(exercises, fileURLToPath(new URL("./testdata/exams/", import.meta.url))).exams;
const exam = exams.find((e) => e.id === "two-clusters")!;

// Both tasks are parameterised exercises: the scripts use the values a run of seed 1 draws.
function drawn(task: number) {
  const id = exam.tasks[task - 1]!.exercise!;
  return instantiateExercise(exercises.find((e) => e.id === id)!, paramSeedOf(1, task)).values as Record<string, string>;
}
const p = drawn(1);
const c = drawn(2);
const TASK1 = `kubectl run ${p.name} --image=${p.image} --labels=tier=${p.tier}\n`;
const TASK2 = `kubectl create configmap ${c.config} --from-literal=LOG_LEVEL=${c.level} --from-literal=MODE=${c.mode} -n ${c.namespace}\nkubectl create secret generic db-creds --from-literal=username=admin --from-literal=password=s3cr3t -n ${c.namespace}\n`;

describe("scripted exam runs", () => {
  test("a script that solves both tasks on their contexts passes with 100%", async () => {
    const script = `# task 1\n${TASK1}# task 2\n${TASK2}`;
    const run = await runExamHeadless({ exam, exercises, seed: 1, script });
    expect(run.scriptErrors).toEqual([]);
    expect(run.report).toMatchObject({ percent: 100, passed: true });
    expect(run.report.tasks[1]!.replay.map((c) => c.exitCode)).toEqual([0, 0]);
  }, 60_000);

  test("task 2's work typed while on task 1 lands on task 1's cluster and earns nothing", async () => {
    // Without '# task 2' the terminal stays on k8s-c1, where task 2's namespace does not exist.
    const script = `${TASK1}kubectl create namespace ${c.namespace}\n${TASK2}`;
    const run = await runExamHeadless({ exam, exercises, seed: 1, script });
    expect(run.report.tasks.map((t) => t.scoreCents)).toEqual([400, 0]);
    expect(run.report).toMatchObject({ percent: 40, passed: false });
  }, 60_000);

  test("a '# task N' beyond the exam is reported with its line", async () => {
    const run = await runExamHeadless({ exam, exercises, seed: 1, script: "kubectl get pods\n# task 9\n" });
    expect(run.scriptErrors).toEqual(["line 2: there is no task 9 (the exam has 2)"]);
  }, 60_000);

  test("selfcheck proves the references score 100% and an empty script 0", async () => {
    expect(await selfcheckExam(exam, exercises)).toEqual({ examId: "two-clusters", file: exam.file, ok: true, problems: [] });
  }, 60_000);

  test("the report puts what was typed, with exit codes, beside the reference on a wide screen, and one after the other when narrow or piped", async () => {
    const run = await runExamHeadless({ exam, exercises, seed: 1, script: `# task 1\nkubectl get pods\n${TASK1}` });
    const wide = formatReport(run.report, { width: 140 }).split("\n");
    const header = wide.find((l) => l.includes("You typed:"))!;
    expect(header).toMatch(/^ {2}You typed: +│ Reference solution:$/);
    // The learner's first command and the reference's first stand on the same row.
    const row = wide[wide.indexOf(header) + 1]!;
    expect(row).toMatch(/^ {2}\$ kubectl get pods {3}\[exit 0\] +│ \$ kubectl run /);
    for (const line of wide) expect(line.length).toBeLessThanOrEqual(140);
    const narrow = formatReport(run.report).split("\n");
    expect(narrow).toContain("  You typed:");
    expect(narrow).toContain("    $ kubectl get pods   [exit 0]");
    expect(narrow.indexOf("  Reference solution:")).toBeGreaterThan(narrow.indexOf("  You typed:"));
  }, 60_000);
});
