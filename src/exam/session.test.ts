/**
 * An exam run end to end with the real shell (issue 9, "Exams"): each task's setup on its
 * own context, grading against that context only (as the CKA/CKAD do: "work done on the
 * wrong cluster earns nothing"), exact points, the clock while kadet is closed, time-up.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, test } from "vitest";
import { loadExercises } from "../grading/exercise.js";
import { loadExams, type ExamDefinition } from "./definition.js";
import { ExamSession, type ExamState } from "./session.js";
import { examPaths, findReport, loadRun, saveReport, saveRun } from "./store.js";

const { exercises } = loadExercises();
const FIXTURES = fileURLToPath(new URL("./testdata/exams/", import.meta.url));
let exam: ExamDefinition;

beforeAll(() => {
  const loaded = loadExams(exercises, FIXTURES);
  expect(loaded.errors).toEqual([]);
  exam = loaded.exams.find((e) => e.id === "two-clusters")!;
});

/** A wall clock the test moves by hand. */
function fakeClock(start = Date.UTC(2026, 0, 5, 9, 0, 0)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

function workspace(): string {
  return mkdtempSync(join(tmpdir(), "kadet-exam-"));
}

async function start(clock = fakeClock(), pausable = false) {
  const ws = workspace();
  const session = await ExamSession.start({ exam, exercises, workspace: ws, now: clock.now, seed: 1, runId: "run-1", pausable });
  return { session, clock, ws };
}

/** Both tasks are parameterised exercises: their lines use the values the run drew. */
function pod(session: ExamSession) {
  const v = session.exercise(1).values as { name: string; image: string; tier: string };
  return { ...v, run: `kubectl run ${v.name} --image=${v.image} --labels=tier=${v.tier}` };
}
function config(session: ExamSession) {
  const v = session.exercise(2).values as { namespace: string; config: string; level: string; mode: string };
  return { ...v, create: `kubectl create configmap ${v.config} --from-literal=LOG_LEVEL=${v.level} --from-literal=MODE=${v.mode} -n ${v.namespace}` };
}

describe("an exam run", () => {
  test("each context is its own cluster, set up by its own task; the learner's default context is gone", async () => {
    const { session } = await start();
    expect(session.setupFailures).toEqual([]);
    expect((await session.shell.run("kubectl config get-contexts -o name")).stdout).toBe("k8s-c1\nk8s-c2\n");
    expect(session.shell.environment.currentContext).toBe("k8s-c1");
    // Task 2's setup created its namespace on k8s-c2 only.
    const { namespace } = config(session);
    expect((await session.run(`kubectl get ns ${namespace}`)).stderr).toBe(`Error from server (NotFound): namespaces "${namespace}" not found\n`);
    await session.goTo(2);
    expect((await session.run(`kubectl get ns ${namespace} -o name`)).stdout).toBe(`namespace/${namespace}\n`);
    expect(session.taskText(2)).toMatch(/^Task 2 of 2 · 6 points · .*\n\nSolve this task on its own cluster:\n {2}kubectl config use-context k8s-c2\n/);
  }, 60_000);

  test("every reference solution on its own context scores 100%; an untouched exam scores 0", async () => {
    const { session } = await start();
    for (let n = 1; n <= session.taskCount; n++) {
      await session.goTo(n);
      expect(await session.playReference(n)).toEqual([]);
    }
    session.submit();
    const report = await session.report();
    expect(report).toMatchObject({ scoreCents: 1000, maxCents: 1000, percent: 100, passed: true });
    expect(report.tasks.map((t) => t.scoreCents)).toEqual([400, 600]);

    const empty = await start();
    empty.session.submit();
    const zero = await empty.session.report();
    expect(zero).toMatchObject({ scoreCents: 0, percent: 0, passed: false });
    expect(zero.tasks.flatMap((t) => t.checks.map((c) => c.status))).not.toContain("pass");
  }, 60_000);

  test("work done on the wrong cluster earns nothing", async () => {
    const { session } = await start();
    await session.goTo(1);
    // Task 1's work on k8s-c2: the pod exists, but not where task 1 is graded.
    await session.run("kubectl config use-context k8s-c2");
    expect((await session.run(pod(session).run)).exitCode).toBe(0);
    session.submit();
    const report = await session.report();
    expect(report.tasks[0]!.scoreCents).toBe(0);
    expect(report.tasks[0]!.checks[0]).toMatchObject({ id: "pod-image", status: "fail" });
    expect(report.tasks[0]!.replay.map((c) => [c.line, c.exitCode])).toEqual([
      ["kubectl config use-context k8s-c2", 0],
      [pod(session).run, 0],
    ]);
  }, 60_000);

  test("partial credit: a task's points are shared among its checks by weight, exactly", async () => {
    const { session } = await start();
    await session.goTo(2);
    await session.run(config(session).create);
    session.submit();
    const report = await session.report();
    const task = report.tasks[1]!;
    const earned = task.checks.filter((c) => c.status === "pass").reduce((s, c) => s + c.earnedCents, 0);
    expect(task.scoreCents).toBe(earned);
    expect(task.scoreCents).toBeGreaterThan(0);
    expect(task.scoreCents).toBeLessThan(600);
    expect(task.checks.reduce((s, c) => s + c.maxCents, 0)).toBe(600);
    const domain = report.domains.find((d) => d.id === "environment-config-security")!;
    expect(domain).toMatchObject({ weight: 25, tasks: 1, scoreCents: task.scoreCents, maxCents: 600, underCovered: false });
    expect(report.domains.find((d) => d.id === "observability-maintenance")).toMatchObject({ tasks: 0, underCovered: true });
  }, 60_000);

  test("seen, flags and time per task; time-up submits and refuses further commands", async () => {
    const { session, clock } = await start();
    expect([session.task(1).seen, session.task(2).seen]).toEqual([true, false]);
    clock.advance(60_000);
    await session.goTo(2);
    session.flag(1);
    clock.advance(30_000);
    await session.goTo(1);
    expect([session.task(1).timeMs, session.task(2).timeMs, session.task(1).flagged]).toEqual([60_000, 30_000, true]);
    clock.advance(40 * 60_000); // past the 30 minutes
    expect(await session.run("kubectl get pods")).toMatchObject({ exitCode: 1, stderr: expect.stringContaining("time is up") });
    expect(session.submitted).toEqual({ atMs: clock.now() - 40 * 60_000 + (30 * 60_000 - 90_000), reason: "time-up" });
    expect(session.elapsedMs()).toBe(30 * 60_000);
    const report = await session.report();
    expect(report.reason).toBe("time-up");
    expect(report.tasks[0]!.timeMs).toBe(60_000 + 30 * 60_000 - 90_000);
  }, 60_000);

  test("resume after a crash: the saved state and environment come back, and wall time while closed counts", async () => {
    const clock = fakeClock();
    const { session, ws } = await start(clock);
    const data = workspace();
    const paths = examPaths(data);
    const task1 = pod(session);
    await session.run(task1.run);
    clock.advance(5 * 60_000);
    await saveRun(paths, session.state());
    // The process dies here; 10 minutes later kadet starts again.
    clock.advance(10 * 60_000);
    const loaded = await loadRun(paths);
    expect(loaded.kind).toBe("ok");
    const saved = (loaded as { state: ExamState }).state;
    const resumed = await ExamSession.resume(saved, { exam, exercises, workspace: ws, now: clock.now });
    expect(resumed.elapsedMs()).toBe(15 * 60_000);
    expect(resumed.currentTask).toBe(1);
    const read = `kubectl get pod ${task1.name} -o jsonpath={.spec.containers[0].image}`;
    expect((await resumed.run(read)).stdout).toBe(task1.image);
    resumed.submit();
    const report = await resumed.report();
    expect(report.tasks[0]!.replay.map((c) => c.line)).toEqual([task1.run, read]);
    expect(report.tasks[0]!.scoreCents).toBe(400);
    expect(report.elapsedMs).toBe(15 * 60_000);
    await saveReport(paths, report);
    expect((await findReport(paths, "two-clusters"))?.runId).toBe("run-1");
  }, 60_000);

  test("a pausable run does not count the time while kadet was closed", async () => {
    const clock = fakeClock();
    const { session, ws } = await start(clock, true);
    clock.advance(5 * 60_000);
    await session.run("kubectl get pods");
    const saved = session.state();
    clock.advance(60 * 60_000);
    const resumed = await ExamSession.resume(saved, { exam, exercises, workspace: ws, now: clock.now });
    expect(resumed.elapsedMs()).toBe(5 * 60_000);
    expect(resumed.submitted).toBeUndefined();
  }, 60_000);

  test("a pausable run never takes back time it counted: a save while open (kadet exam status) moves the last-seen mark", async () => {
    const clock = fakeClock();
    const { session, ws } = await start(clock, true);
    let saved = session.state();
    for (let i = 0; i < 3; i++) {
      clock.advance(60 * 60_000); // closed: not counted
      const opened = await ExamSession.resume(saved, { exam, exercises, workspace: ws, now: clock.now });
      clock.advance(1000); // open, no command typed (a headless status): counted
      expect(opened.elapsedMs()).toBe((i + 1) * 1000);
      saved = opened.state();
    }
    clock.advance(60 * 60_000);
    expect((await ExamSession.resume(saved, { exam, exercises, workspace: ws, now: clock.now })).elapsedMs()).toBe(3000);
  }, 60_000);

  test("a non-pausable run closed past its end is submitted at the moment time ran out", async () => {
    const clock = fakeClock();
    const { session, ws } = await start(clock);
    const saved = session.state();
    clock.advance(2 * 60 * 60_000);
    const resumed = await ExamSession.resume(saved, { exam, exercises, workspace: ws, now: clock.now });
    expect(resumed.submitted).toEqual({ atMs: saved.startedAtMs + 30 * 60_000, reason: "time-up" });
  }, 60_000);

  test("checks that pass on the untouched setup (guards like 'Deployment api is unchanged') earn nothing without the work, so an empty exam scores 0", async () => {
    const guarded = loadExams(exercises, FIXTURES).exams.find((e) => e.id === "guarded")!;
    const clock = fakeClock();
    const empty = await ExamSession.start({ exam: guarded, exercises, workspace: workspace(), now: clock.now, seed: 1, runId: "g" });
    expect(empty.task(1).untouchedPassing.length).toBeGreaterThan(0);
    empty.submit();
    const none = (await empty.report()).tasks[0]!;
    expect(none.checks.some((c) => c.status === "pass")).toBe(true);
    expect(none.scoreCents).toBe(0);
    expect(none.noCredit).toMatch(/already passed before you started/);

    const solved = await ExamSession.start({ exam: guarded, exercises, workspace: workspace(), now: clock.now, seed: 1, runId: "g2" });
    expect(await solved.playReference(1)).toEqual([]);
    solved.submit();
    expect((await solved.report()).tasks[0]).toMatchObject({ scoreCents: 1000, maxCents: 1000 });
  }, 60_000);

  test("a task with a host states `ssh HOST` under its context and puts the terminal there; other tasks leave it (issue 9: 'the context or host it must be solved on')", async () => {
    const onHost = loadExams(exercises, FIXTURES).exams.find((e) => e.id === "on-host")!;
    const clock = fakeClock();
    const ws = workspace();
    const session = await ExamSession.start({ exam: onHost, exercises, workspace: ws, now: clock.now, seed: 1, runId: "h" });
    expect(session.taskText(1)).toContain("Solve this task on its own cluster:\n  kubectl config use-context k8s-c1\n  ssh node01\n");
    expect(session.taskText(2)).not.toContain("ssh");
    expect(session.shell.currentHost()).toBe("node01");
    expect((await session.run("hostname")).stdout).toBe("node01\n");
    await session.goTo(2);
    expect(session.shell.currentHost()).toBeUndefined();
    expect(session.shell.environment.currentContext).toBe("k8s-c2");
    await session.goTo(1);
    expect(session.shell.currentHost()).toBe("node01");
    // The learner's own ssh/exit lines are in the log; the exam's are not.
    expect(session.task(1).log.map((l) => l.line)).toEqual(["hostname"]);
    const resumed = await ExamSession.resume(session.state(), { exam: onHost, exercises, workspace: ws, now: clock.now });
    expect(resumed.shell.currentHost()).toBe("node01");
  }, 60_000);
});
