/**
 * An exam through a real terminal (tmux), as issue 9's "Tests" asks: `kadet exam start` opens
 * the exam screen, the learner switches tasks, flags one, runs a command and starts typing
 * another; the process is killed with SIGKILL; `kadet exam start` again resumes on the same
 * task, flag and half-typed line intact, with the time away counted; submit asks, then the
 * report is shown and kept.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { KADET, requireBuiltKadet, TMUX_MISSING, TmuxTerminal } from "./tmux.js";

let terminal: TmuxTerminal | undefined;
afterEach(() => terminal?.stop());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Seconds left on the countdown (`⏱ 19:48 left`). */
function secondsLeft(screen: string): number {
  const m = /⏱ (\d+):(\d\d) left/.exec(screen);
  if (!m) throw new Error(`no countdown on the screen:\n${screen}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** The kadet process in the tmux pane (the pane runs `sh -c 'env ... node kadet ...'`, and env execs node). */
function kadetPid(session: string): number {
  const pane = execFileSync("tmux", ["list-panes", "-t", session, "-F", "#{pane_pid}"], { encoding: "utf8" }).trim();
  const child = execFileSync("ps", ["-o", "pid=", "--ppid", pane], { encoding: "utf8" }).trim().split(/\s+/)[0];
  if (!child) throw new Error("kadet is not running in the pane");
  return Number(child);
}

describe.skipIf(TMUX_MISSING !== undefined)(`an exam in a real terminal${TMUX_MISSING ? ` (skipped: ${TMUX_MISSING})` : ""}`, () => {
  it("start, switch tasks, flag, type; SIGKILL; start again resumes there with the clock counted; submit shows and keeps the report", async () => {
    requireBuiltKadet();
    const home = mkdtempSync(join(tmpdir(), "kadet-e2e-exam-"));
    const command = `node ${KADET} exam start quick-drill --seed 7`;
    terminal = TmuxTerminal.start(command, { KADET_HOME: home, CI: "true" }, home);
    const first = await terminal.waitFor("Task 1/5", 30_000);
    expect(first).toContain("[● 1 20p]");
    expect(first).toContain("kubectl config use-context k8s-c1");
    expect(first).toContain("Docs: kubernetes.io/docs, kubernetes.io/blog, helm.sh/docs");
    await terminal.waitFor("controlplane:~$");

    await terminal.press("F3");
    await terminal.waitFor("[● 2 20p]");
    await terminal.press("F4");
    await terminal.waitFor("[⚑ 2 20p]");
    terminal.type("kubectl get ns");
    terminal.send("Enter");
    await terminal.waitFor("kube-system");
    terminal.type("kubectl get po");
    // The half-typed line is saved with the exam at every keystroke.
    const inputFile = join(home, "exam", "input.json");
    for (let i = 0; i < 50 && !(existsSync(inputFile) && readFileSync(inputFile, "utf8").includes('"line":"kubectl get po"')); i++) await sleep(100);
    const before = secondsLeft(terminal.screen());

    process.kill(kadetPid(terminal.name), "SIGKILL");
    await terminal.waitFor("[exited 137]");
    terminal.stop();
    await sleep(3000);

    terminal = TmuxTerminal.start(`node ${KADET} exam start quick-drill`, { KADET_HOME: home, CI: "true" }, home);
    const resumed = await terminal.waitFor("Resumed Quick drill", 30_000);
    expect(resumed).toContain("Task 2/5");
    expect(resumed).toContain("[⚑ 2 20p]");
    expect(resumed).toContain("controlplane:~$ kubectl get ns");
    expect(resumed).toMatch(/controlplane:~\$ kubectl get po\s*$/m);
    // Wall time while kadet was dead counts (the exam is not pausable): at least the 3 s slept.
    expect(secondsLeft(resumed)).toBeLessThanOrEqual(before - 3);

    await terminal.press("C-u", "F10");
    await terminal.waitFor("Submit the exam with");
    await terminal.press("y");
    const report = await terminal.waitFor("Score 0/100", 60_000);
    expect(report).toContain("NOT PASSED");
    const reports = readdirSync(join(home, "exam", "reports"));
    expect(reports).toHaveLength(1);
    const kept = JSON.parse(readFileSync(join(home, "exam", "reports", reports[0]!), "utf8")) as { tasks: { flagged: boolean; replay: { line: string; exitCode: number }[] }[] };
    expect(kept.tasks[1]!.flagged).toBe(true);
    expect(kept.tasks[1]!.replay.map((c) => [c.line, c.exitCode])).toEqual([["kubectl get ns", 0]]);
    expect(existsSync(join(home, "exam", "current.json"))).toBe(false);

    await terminal.press("Escape", "Escape", "q");
    await terminal.waitFor("[exited 0]");
  }, 150_000);
});
