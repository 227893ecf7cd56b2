// The exam screen inside Ink with a fake run and a clock moved by hand (issue 9, "The exam
// screen"): the countdown's colours at 15 and 5 minutes, the navigator's statuses, flag,
// submit with confirmation, time-up submit, keystrokes saved, no hints or verdicts, the
// report, and the exams list.
import { afterEach, describe, expect, it, vi } from "vitest";

// Colours are what the countdown test reads: chalk decides its level when first imported.
vi.hoisted(() => {
  process.env.FORCE_COLOR = "1";
});

import { cleanup, render } from "ink-testing-library";
import { countdownTone, formatCountdown } from "./exam/countdown.js";
import { ExamFlow } from "./exam/ExamFlow.js";
import { navigatorRows } from "./exam/navigator.js";
import { ReportView } from "./exam/ReportView.js";
import { reportLines } from "./exam/reportLines.js";
import { FakeClock, FakeExamRun, FakeExamServices, SAMPLE_EXAMS, sampleReport } from "./exam/testSupport.js";
import { ExamScreen, type ExamTerminalKeep } from "./ExamScreen.js";
import { KEYS, press, settle, typeLine, waitFor, waitForScreen } from "./testSupport.js";

afterEach(() => cleanup());

const MINUTE = 60_000;
const F10 = "\u001b[21~";
const YELLOW = "\u001b[33m";
const RED = "\u001b[31m";
const ANSI = /\u001b\[[0-9;]*m/g;

const plain = (frame: string | undefined) => (frame ?? "").replace(ANSI, "");

function mount(run: FakeExamRun, onSubmitted = vi.fn()) {
  const keep: ExamTerminalKeep = { lines: [], history: [] };
  const app = render(<ExamScreen run={run} keep={keep} width={80} height={24} active tickMs={10} onHelp={() => undefined} onSubmitted={onSubmitted} onBack={() => undefined} />);
  return { ...app, onSubmitted };
}

/** The colour code in force where the countdown is drawn. */
function countdownColour(frame: string | undefined): string | undefined {
  const text = frame ?? "";
  const at = text.indexOf("⏱");
  const before = text.slice(0, at);
  const codes = [...before.matchAll(/\u001b\[(3\d|39)m/g)];
  return codes.at(-1)?.[0];
}

describe("the countdown (amber at 15 minutes left, red at 5: issue 9)", () => {
  it("changes tone exactly at the thresholds, seconds rounded up", () => {
    expect(countdownTone(15 * MINUTE + 1)).toBe("normal");
    expect(countdownTone(15 * MINUTE)).toBe("amber");
    expect(countdownTone(5 * MINUTE + 1)).toBe("amber");
    expect(countdownTone(5 * MINUTE)).toBe("red");
    expect(formatCountdown(2 * 60 * MINUTE)).toBe("2:00:00");
    expect(formatCountdown(15 * MINUTE)).toBe("15:00");
    expect(formatCountdown(59_001)).toBe("1:00");
    expect(formatCountdown(1)).toBe("0:01");
    expect(formatCountdown(0)).toBe("0:00");
  });

  it("is drawn in the accent colour, then yellow (amber) at 15:00 left, then red at 5:00, as the fake clock moves", async () => {
    const clock = new FakeClock();
    const run = new FakeExamRun(clock, 20);
    const { lastFrame } = mount(run);
    await waitFor(() => expect(plain(lastFrame())).toContain("⏱ 20:00 left"));
    expect(countdownColour(lastFrame())).toBe("\u001b[36m");

    clock.advance(5 * MINUTE - 1000);
    await waitFor(() => expect(plain(lastFrame())).toContain("⏱ 15:01 left"));
    expect(countdownColour(lastFrame())).toBe("\u001b[36m");
    clock.advance(1000);
    await waitFor(() => expect(plain(lastFrame())).toContain("⏱ 15:00 left"));
    expect(countdownColour(lastFrame())).toBe(YELLOW);

    clock.advance(10 * MINUTE - 1000);
    await waitFor(() => expect(plain(lastFrame())).toContain("⏱ 5:01 left"));
    expect(countdownColour(lastFrame())).toBe(YELLOW);
    clock.advance(1000);
    await waitFor(() => expect(plain(lastFrame())).toContain("⏱ 5:00 left"));
    expect(countdownColour(lastFrame())).toBe(RED);
  });
});

describe("the task navigator", () => {
  it("lays out number, points and status in rows that fit the width", () => {
    const tasks = Array.from({ length: 17 }, (_, i) => ({ number: i + 1, points: 4 + (i % 9), context: "k8s", status: i === 2 ? ("flagged" as const) : i < 2 ? ("seen" as const) : ("unseen" as const), commands: 0 }));
    const rows = navigatorRows(tasks, 2, 80);
    // "○ 10 12p" and its frame: 10 columns a cell, 8 cells a row.
    expect(rows.map((r) => r.length)).toEqual([8, 8, 1]);
    for (const row of rows) expect(row.map((c) => c.text).join("").length).toBeLessThanOrEqual(80);
    const cells = rows.flat();
    expect(cells[1]!.text.trim()).toBe("[● 2 5p]");
    expect(cells[0]!.text.trim()).toBe("● 1 4p");
    expect(cells[2]!.text.trim()).toBe("⚑ 3 6p");
    expect(cells[3]!.text.trim()).toBe("○ 4 7p");
  });

  it("marks tasks seen as the learner moves (F3, F2, `task N`) and flagged with F4, ^X f and `unflag`", async () => {
    const run = new FakeExamRun(new FakeClock());
    const { lastFrame, stdin } = mount(run);
    await waitForScreen({ lastFrame: () => plain(lastFrame()) }, "controlplane:~$");
    expect(plain(lastFrame())).toContain("[● 1 4p]  ○ 2 6p   ○ 3 10p");

    await press(stdin, KEYS.f3); // the next task
    await waitFor(() => expect(plain(lastFrame())).toContain("[● 2 6p]"));
    expect(plain(lastFrame())).toContain("Task 2 of 3 · 6 points");
    expect(plain(lastFrame())).toContain("kubectl config use-context k8s-c2");

    await press(stdin, KEYS.f4);
    await waitFor(() => expect(plain(lastFrame())).toContain("[⚑ 2 6p]"));
    expect(run.tasks[1]!.flagged).toBe(true);

    await typeLine({ stdin, lastFrame: () => plain(lastFrame()) }, "task 3");
    await waitFor(() => expect(plain(lastFrame())).toContain("[● 3 10p]"));
    await press(stdin, KEYS.ctrlX, "f");
    await waitFor(() => expect(plain(lastFrame())).toContain("[⚑ 3 10p]"));
    await typeLine({ stdin, lastFrame: () => plain(lastFrame()) }, "unflag");
    await waitFor(() => expect(plain(lastFrame())).toContain("[● 3 10p]"));

    await press(stdin, KEYS.f2);
    await waitFor(() => expect(plain(lastFrame())).toContain("[⚑ 2 6p]"));
    expect(run.current).toBe(2);
    // The screen's own words never reach the shell, so they are not in the replay.
    expect(run.ran).toEqual([]);
  });
});

describe("no hints or verdicts until the end; every keystroke saved", () => {
  it("passes `check` and `hint` to the shell like any command, and saves the line as it is typed", async () => {
    const run = new FakeExamRun(new FakeClock());
    const { lastFrame, stdin } = mount(run);
    await waitForScreen({ lastFrame: () => plain(lastFrame()) }, "controlplane:~$");
    await typeLine({ stdin, lastFrame: () => plain(lastFrame()) }, "check");
    await waitFor(() => expect(plain(lastFrame())).toContain("bash: check: command not found"));
    await typeLine({ stdin, lastFrame: () => plain(lastFrame()) }, "kubectl get po", false);
    await waitFor(() => expect(run.savedLines.at(-1)).toBe("kubectl get po"));
    expect(run.ran).toEqual(["check"]);
    expect(run.submits).toEqual([]);
  });

  it("shows a resumed run's saved line at the prompt and what was typed before", async () => {
    const run = new FakeExamRun(new FakeClock(), 120, [4, 6], true, "kubectl get svc");
    run.tasks[0]!.log.push({ line: "kubectl get ns", exitCode: 0 });
    const { lastFrame } = mount(run);
    await waitFor(() => expect(plain(lastFrame())).toContain("controlplane:~$ kubectl get svc"));
    expect(plain(lastFrame())).toContain("Resumed Mock exam on task 1");
    expect(plain(lastFrame())).toContain("controlplane:~$ kubectl get ns");
    expect(plain(lastFrame())).toContain("[exit 0]");
  });
});

describe("submit", () => {
  it("asks first (with what is flagged and never opened); n keeps the exam, y submits once", async () => {
    const run = new FakeExamRun(new FakeClock());
    const { lastFrame, stdin, onSubmitted } = mount(run);
    await waitForScreen({ lastFrame: () => plain(lastFrame()) }, "controlplane:~$");
    await press(stdin, KEYS.f4, F10);
    await waitFor(() => expect(plain(lastFrame())).toContain("Submit the exam with 2:00:00 left (1 flagged, 2 never opened)?"));
    await press(stdin, "n");
    await settle(100);
    expect(run.submits).toEqual([]);
    expect(plain(lastFrame())).not.toContain("Submit the exam");

    await typeLine({ stdin, lastFrame: () => plain(lastFrame()) }, "submit");
    await waitFor(() => expect(plain(lastFrame())).toContain("Submit the exam with"));
    await press(stdin, "y", "y");
    await waitFor(() => expect(onSubmitted).toHaveBeenCalledTimes(1));
    expect(run.submits.length).toBe(1);
    expect(onSubmitted.mock.calls[0]![1]).toBe("submitted");
  });

  it("submits by itself when the time is up, without a key", async () => {
    const clock = new FakeClock();
    const run = new FakeExamRun(clock, 20);
    const { lastFrame, onSubmitted } = mount(run);
    await waitForScreen({ lastFrame: () => plain(lastFrame()) }, "controlplane:~$");
    clock.advance(19 * MINUTE + 59_000);
    await waitFor(() => expect(plain(lastFrame())).toContain("⏱ 0:01 left"));
    expect(run.submits).toEqual([]);
    clock.advance(1000);
    await waitFor(() => expect(onSubmitted).toHaveBeenCalledTimes(1));
    expect(onSubmitted.mock.calls[0]![1]).toBe("time-up");
    expect(run.submits).toEqual([{ atMs: clock.now(), remainingMs: 0 }]);
  });
});

describe("the report (issue 9: score, pass/fail, checks, domains, time, replay, reference)", () => {
  it("draws the headless report's rows, coloured: failed checks and failed commands red, passed green", () => {
    const rows = reportLines(sampleReport(), 80);
    const text = rows.map((r) => r.map((s) => s.text).join(""));
    expect(text).toContain("Score 2/10 (20%), pass mark 66%: NOT PASSED");
    const styleOf = (needle: string) => rows[text.findIndex((t) => t.includes(needle))]![0]!.style;
    expect(styleOf("Score 2/10")).toBe("fail");
    expect(styleOf("✓ Pod web exists")).toBe("pass");
    expect(styleOf("✗ Pod web runs nginx:1.27")).toBe("fail");
    expect(styleOf("$ kubectl get pod webb")).toBe("fail");
    expect(styleOf("$ kubectl run web --image=nginx:1.25")).toBe("plain");
    for (const row of text) expect(row.length).toBeLessThanOrEqual(80);
  });

  it("shows the verdict, per-domain bars with weights, observed vs expected, time per task, the replay and the reference", async () => {
    const onBack = vi.fn();
    const { lastFrame, stdin } = render(<ReportView report={sampleReport()} notices={["The report is kept: kadet exam report mock"]} width={80} height={60} active onBack={onBack} onHelp={() => undefined} />);
    await waitFor(() => expect(plain(lastFrame())).toContain("NOT PASSED · 20% (pass mark 66%)"));
    const frame = plain(lastFrame());
    expect(frame).toMatch(/Services and Networking +20% {2}░{20} {2}0\/6/);
    expect(frame).toMatch(/Workloads and Scheduling +15% {2}█{10}░{10} {2}2\/4/);
    // Too wide for 80 columns with its note: the bar goes on a line of its own.
    expect(frame).toMatch(/ {2}Storage\n {5}10% {2}░{20} {2}no task {2}\(under-covered\)/);
    expect(frame).toContain("observed: nginx:1.25");
    expect(frame).toContain("expected: nginx:1.27");
    expect(frame).toContain("Task 1: Run a pod (pods-run) on k8s-c1: 2/4 · 25m 00s · flagged");
    expect(frame).toContain("$ kubectl get pod webb   [exit 1]");
    expect(frame).toContain("$ kubectl run web --image=nginx:1.27");
    await settle(300);
    await press(stdin, "q");
    expect(onBack).toHaveBeenCalled();
  });
});

describe("the exams list", () => {
  it("asks before starting an exam's clock, and opens it on y", async () => {
    const services = new FakeExamServices(SAMPLE_EXAMS, new FakeExamRun(new FakeClock()));
    const { lastFrame, stdin } = render(<ExamFlow services={services} width={80} height={24} active tickMs={10} onBack={() => undefined} onQuit={() => undefined} />);
    await waitForScreen({ lastFrame: () => plain(lastFrame()) }, "Quick drill");
    expect(plain(lastFrame())).toContain("3 tasks · 120 min · pass 66%");
    expect(plain(lastFrame())).toContain("Under-covered domains (kadet cannot test them fully yet): Storage");
    await press(stdin, KEYS.enter);
    await waitFor(() => expect(plain(lastFrame())).toContain("Start Mock exam? 3 tasks, 120 minutes"));
    expect(services.opened).toEqual([]);
    await press(stdin, "y");
    await waitFor(() => expect(plain(lastFrame())).toContain("⏱ 2:00:00 left"));
    expect(services.opened).toEqual([{ examId: "mock" }]);
  });

  it("resumes the run in progress without asking, and refuses to start another", async () => {
    const services = new FakeExamServices(SAMPLE_EXAMS, new FakeExamRun(new FakeClock()), { examId: "mock", runId: "mock-run-1", remainingMs: 12 * MINUTE });
    const { lastFrame, stdin } = render(<ExamFlow services={services} width={80} height={24} active tickMs={10} onBack={() => undefined} onQuit={() => undefined} />);
    await waitFor(() => expect(plain(lastFrame())).toContain("in progress · 12:00 left"));
    await settle(300);
    await press(stdin, KEYS.down, KEYS.enter);
    await waitFor(() => expect(plain(lastFrame())).toContain("mock is in progress: resume it and submit it first"));
    await press(stdin, KEYS.up, KEYS.enter);
    await waitFor(() => expect(plain(lastFrame())).toContain("controlplane:~$"));
    expect(services.opened).toEqual([{ examId: "mock" }]);
  });
});
