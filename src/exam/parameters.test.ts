/**
 * Parameterised exercises in exams (issue 9): each task's values come from the exam's seed,
 * survive a resume, and the references score 100% (and an empty run 0) on every seed.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { loadExercises } from "../grading/exercise.js";
import { TEST_FAMILIES, TESTDATA } from "../grading/testSupport.js";
import { loadExams } from "./definition.js";
import { ExamSession } from "./session.js";
import { selfcheckExam } from "./selfcheck.js";

const { exercises } = loadExercises(join(TESTDATA, "parameterised"));
const exam = loadExams(exercises, fileURLToPath(new URL("./testdata/param-exams/", import.meta.url))).exams[0]!;
const now = () => 0;

async function started(seed: number) {
  const workspace = mkdtempSync(join(tmpdir(), "kadet-exam-param-"));
  return { workspace, session: await ExamSession.start({ exam, exercises, workspace, now, seed, runId: `p${seed}`, families: TEST_FAMILIES }) };
}

describe("parameterised tasks", () => {
  test("the exam's seed draws the task's values; the task text, setup and checks use them; a resume keeps them", async () => {
    const texts = new Set<string>();
    for (const seed of [1, 2, 3, 4, 5]) {
      const { session, workspace } = await started(seed);
      const values = session.exercise(1).values as { app: string };
      expect(session.taskText(1)).toContain(`Create a pod \`${values.app}\``);
      texts.add(session.taskText(1));
      expect((await session.run(`fx phase ${values.app}-old`)).exitCode).toBe(0);
      const resumed = await ExamSession.resume(session.state(), { exam, exercises, workspace, now, families: TEST_FAMILIES });
      expect(resumed.exercise(1).values).toEqual(session.exercise(1).values);
    }
    expect(texts.size).toBeGreaterThan(1);
  }, 60_000);

  test("selfcheck: on seeds 1-3 the reference scores 100% and an empty run 0", async () => {
    // The exam has no draws, but its task is parameterised, so every seed differs.
    const result = await selfcheckExam(exam, exercises, TEST_FAMILIES);
    expect(result).toMatchObject({ ok: true, problems: [] });
  }, 60_000);
});
