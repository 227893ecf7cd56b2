// The exam screens' adapter on the real ExamSession and store (issue 9, "Durability"): what is
// on disk after each step is what a restarted kadet resumes, with the clock counted as the
// issue says (wall time counts; a pausable run counts only while kadet had it open).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { loadExercises } from "../../grading/exercise.js";
import { LatestValueWriter } from "../../exam/store.js";
import { openExamServices } from "./services.js";

const { exercises } = loadExercises();
const FIXTURES = fileURLToPath(new URL("../../exam/testdata/exams/", import.meta.url));
const MINUTE = 60_000;

function clock(start = Date.UTC(2026, 11, 3, 9, 0, 0)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

/** A kadet process: the adapter over the data folder, as the TUI opens it. */
function kadet(home: string, now: () => number) {
  return openExamServices({ home, exercises, examsDir: FIXTURES, now, heartbeatMs: 10 });
}

describe("the exam adapter across a restart", () => {
  test("a line run, a switch, a flag and a half-typed line are all there after the process is gone; wall time counts", async () => {
    const home = mkdtempSync(join(tmpdir(), "kadet-examui-"));
    const c = clock();
    const first = kadet(home, c.now);
    const run = await first.services.open("two-clusters", { seed: 1 });
    expect(run.resumed).toBe(false);
    await run.goTo(2);
    await run.setFlag(2, true);
    expect((await run.run("kubectl config current-context")).stdout).toBe("k8s-c2\n");
    run.saveLine("kubectl get po");
    await first.close();
    c.advance(7 * MINUTE);

    const second = kadet(home, c.now);
    expect(await second.services.inProgress()).toMatchObject({ examId: "two-clusters", remainingMs: run.minutes * MINUTE - 7 * MINUTE });
    const resumed = await second.services.open("two-clusters");
    expect(resumed.resumed).toBe(true);
    expect(resumed.currentTask()).toBe(2);
    expect(resumed.task(2)).toMatchObject({ status: "flagged", commands: 1 });
    expect(resumed.task(1).status).toBe("seen");
    expect(resumed.savedLine).toBe("kubectl get po");
    expect(resumed.typed(2)).toEqual([{ line: "kubectl config current-context", exitCode: 0 }]);
    expect(resumed.remainingMs()).toBe(run.minutes * MINUTE - 7 * MINUTE);
    await expect(second.services.open("other")).rejects.toThrow('no exam "other"');

    const result = await resumed.submit();
    expect(result.notSaved).toBeUndefined();
    expect(result.report.tasks[1]!.flagged).toBe(true);
    expect(await second.services.inProgress()).toBeUndefined();
    expect((await second.services.latestReport("two-clusters"))?.runId).toBe(result.report.runId);
    await second.close();
  }, 60_000);

  test("a pausable run counts the time kadet had it open (the heartbeat), not the time it was closed", async () => {
    const home = mkdtempSync(join(tmpdir(), "kadet-examui-"));
    const c = clock();
    const first = kadet(home, c.now);
    const run = await first.services.open("two-clusters", { seed: 1, pausable: true });
    c.advance(3 * MINUTE);
    // No command, only the heartbeat (every 10 ms here) while the screen sits open.
    await new Promise((r) => setTimeout(r, 100));
    await first.close();
    c.advance(60 * MINUTE);
    const second = kadet(home, c.now);
    const resumed = await second.services.open("two-clusters");
    expect(resumed.remainingMs()).toBe(run.minutes * MINUTE - 3 * MINUTE);
    await second.close();
  }, 60_000);
});

describe("LatestValueWriter", () => {
  test("writes one value at a time, in order, and collapses the values that waited into the newest", async () => {
    const written: number[] = [];
    let active = 0;
    const writer = new LatestValueWriter<number>(async (v) => {
      active++;
      expect(active).toBe(1);
      await new Promise((r) => setTimeout(r, 5));
      written.push(v);
      active--;
    });
    for (let i = 1; i <= 5; i++) void writer.save(i);
    await writer.flush();
    expect(written).toEqual([1, 5]);
  });
});
