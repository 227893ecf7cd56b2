/**
 * End to end with the real shell: kubectl as the learner types it, the
 * contract's own example exercise (content-format.md), graded and
 * selfchecked through the default command families.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadExercises } from "./exercise.js";
import { grade, prepareExercise, runScript } from "./grader.js";
import { selfcheck } from "./selfcheck.js";
import { TESTDATA } from "./testSupport.js";

const { exercises, errors } = loadExercises(join(TESTDATA, "e2e"));
const exercise = exercises[0]!;

describe("grading with kubectl", () => {
  test("the contract's example exercise loads", () => {
    expect(errors).toEqual([]);
    expect(exercise.id).toBe("pods-run-nginx");
  });

  test("a learner's script is graded; the command check runs kubectl on a copy", async () => {
    const workdir = mkdtempSync(join(tmpdir(), "kadet-e2e-"));
    const session = await prepareExercise(exercise, { workdir });
    expect(session.history).toEqual([]);
    await runScript(session, "kubectl run web --image=nginx:1.26");
    const wrong = await grade(exercise, session, { workdir });
    expect(wrong.checks[0]).toMatchObject({ status: "fail", observed: "nginx:1.26", expected: "nginx:1.27" });
    expect(wrong.checks[1]).toMatchObject({ status: "pass", observed: "Running" });
    expect(session.history).toEqual(["kubectl run web --image=nginx:1.26"]);
  });

  test("selfcheck: the setup fails and the solution passes", async () => {
    const report = await selfcheck(exercises);
    expect(report.exercises[0]!.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });
});
