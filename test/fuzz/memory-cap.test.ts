/**
 * Issue 6: a memory cap, not just a command cap. Each line runs in `kadet sandbox -c` (the built
 * CLI) in a child process whose peak RSS (getrusage maxRSS, read at exit) is the figure: a line
 * that grows without end stops with a message naming the limit, well before a few hundred MB.
 * The bound is on memory, not time, so a loaded machine makes the line slower, not the test flaky.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const cli = pathToFileURL(resolve("dist/bundle/cli/main.js")).href;
// Prints the child's peak RSS (KiB on Linux) as its last stderr line, then runs the CLI as `kadet ARGS`.
const wrapper = `process.on("exit", () => require("node:fs").writeSync(2, "\\nMAXRSS " + process.resourceUsage().maxRSS + "\\n")); process.argv.splice(1, 0, "kadet"); import(${JSON.stringify(cli)});`;

function sandboxLine(line: string): { stdout: string; stderr: string; exitCode: number | null; peakMiB: number } {
  const cwd = mkdtempSync(join(tmpdir(), "kadet-mem-"));
  const r = spawnSync(process.execPath, ["-e", wrapper, "sandbox", "-c", line], { cwd, encoding: "utf8", timeout: 240_000 });
  const peak = /MAXRSS (\d+)/.exec(r.stderr);
  return { stdout: r.stdout, stderr: r.stderr.replace(/\nMAXRSS \d+\n$/, ""), exitCode: r.status, peakMiB: peak ? Number(peak[1]) / 1024 : Number.NaN };
}

/** Peak RSS a stopped line may reach: kadet's own ~90 MB, the 96 MiB line cap, and slack. */
const PEAK_MIB = 300;

describe("a line that grows without end stops on memory (built CLI, child process)", () => {
  it("x='eval $x'; eval $x: stopped by the per-line heap cap, the message names it", () => {
    const r = sandboxLine("x='eval $x'; eval $x; echo not reached");
    expect(r.stderr).toMatch(/kadet: the line was stopped: it made kadet's shell hold \d+ MiB more than before it, over the 96 MiB one line may use/);
    expect(r.exitCode).toBe(1);
    expect(r.peakMiB).toBeLessThan(PEAK_MIB);
  }, 300_000);

  it("x=a; while true; do x=$x$x; done: stopped by the 16 MiB string limit, named", () => {
    const r = sandboxLine("x=a; while true; do x=$x$x; done");
    expect(r.stderr).toContain("string length limit exceeded (16777216 bytes)");
    expect(r.peakMiB).toBeLessThan(PEAK_MIB);
  }, 300_000);

  it("after a stopped line the session goes on: the next command of the script runs", () => {
    const r = sandboxLine("x='eval $x'; eval $x\necho after");
    expect(r.stderr).toMatch(/the line was stopped/);
    expect(r.stdout).toBe("after\n");
  }, 300_000);
});
