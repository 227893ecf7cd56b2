/**
 * The real services behind the exercise screen: an attempt started here is the grading
 * Attempt, so the score the screen shows is the score progress keeps (issue 5 §4), and the
 * record carries the hints the learner took.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { openServices } from "./services.js";

describe("openServices().startAttempt", () => {
  test("pods-fix-image: the solution shows 10/10 and progress keeps exactly 10, with the hint taken", async () => {
    const home = mkdtempSync(join(tmpdir(), "kadet-services-"));
    let now = Date.parse("2026-03-01T10:00:00Z");
    const { services, close } = await openServices({ home, now: () => new Date(now) });
    const entry = services.exercises.find((e) => e.id === "pods-fix-image")!;
    const attempt = await services.startAttempt(entry, await services.workspaceFor(entry.id));
    expect(attempt.takeHint()).toBe(1);
    now += 90_000;
    for (const line of ["kubectl delete pod shop", "kubectl run shop --image=nginx:1.27 --labels=app=shop"]) expect((await attempt.run(line)).exitCode).toBe(0);
    const verdict = await attempt.check();
    expect([verdict.score, verdict.maxScore, verdict.passed]).toEqual([10, 10, true]);
    expect(await attempt.record()).toBeUndefined();
    expect(services.progress.exerciseStatus(entry.id)).toEqual({ bestScore: 10, completed: true });
    await close();
    const saved = JSON.parse(readFileSync(join(home, "progress.json"), "utf8")) as { exercises: Record<string, { attempts: Array<Record<string, unknown>> }> };
    expect(saved.exercises[entry.id]!.attempts[0]).toMatchObject({ score: 10, hintsUsed: 1, solutionViewed: false, durationMs: 90_000 });
  });
});

describe("openServices() without a usable data folder (issue 6)", () => {
  test("the trainer still runs; the reason is a home-screen warning, and each record says 'not saved' in one short line", async () => {
    const base = mkdtempSync(join(tmpdir(), "kadet-services-"));
    writeFileSync(join(base, "file"), "x");
    const { services, close } = await openServices({ home: join(base, "file", "kadet") });
    expect(services.warnings[0]).toContain("is a file, not a folder. Set KADET_HOME to a folder you can write to");
    const entry = services.exercises.find((e) => e.id === "pods-fix-image")!;
    const attempt = await services.startAttempt(entry, base);
    await attempt.check();
    expect(await attempt.record()).toBe("this attempt was not saved either, for the reason given earlier");
    await close();
  });
});

describe("openServices().exercises (issue 7: Practice lists exercises in syllabus order, not by id)", () => {
  test("come as the lessons list them, lesson by lesson in syllabus order, then the rest by id", async () => {
    const home = mkdtempSync(join(tmpdir(), "kadet-services-"));
    const { services, close } = await openServices({ home });
    const taught: string[] = [];
    for (const lesson of services.lessons) for (const id of lesson.exercises) if (!taught.includes(id) && services.exercises.some((e) => e.id === id)) taught.push(id);
    const ids = services.exercises.map((e) => e.id);
    expect(ids.slice(0, taught.length)).toEqual(taught);
    const rest = ids.slice(taught.length);
    expect(rest).toEqual([...rest].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    // The content is such that id order would differ, so this test can tell the two apart.
    expect(ids).not.toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    await close();
  });
});

describe("openServices(): an exam taken in the trainer (issue 9, the progress screen's exam scores)", () => {
  test("its report shows on the progress screen at once, without restarting the trainer", async () => {
    const home = mkdtempSync(join(tmpdir(), "kadet-services-"));
    const { services, close } = await openServices({ home, now: () => new Date(Date.parse("2026-03-01T10:00:00Z")) });
    expect(services.progress.report!().examScores).toEqual([]);
    const run = await services.exams!.open("quick-drill", { seed: 1 });
    const { report } = await run.submit();
    expect(services.progress.report!().examScores).toMatchObject([{ examId: "quick-drill", runId: report.runId, scoreCents: report.scoreCents, passed: false }]);
    await close();
  }, 60_000);
});
