/**
 * `time PIPELINE` (issue 7) prints bash's report on stderr, from the virtual clock so that it
 * is the same on every run: bash's default TIMEFORMAT `\nreal\t%3lR\nuser\t%3lU\nsys\t%3lS`,
 * and `time -p`'s POSIX `real %2R\nuser %2U\nsys %2S` (bash(1), "Pipelines" and TIMEFORMAT).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Session } from "./session.js";
import { formatTimes } from "./time.js";
import { failure, ok, type CommandFamily } from "./types.js";

const kubectl: CommandFamily = { name: "kubectl", run: (args) => (args[0] === "fail" ? failure("error: failed", 1) : ok("done\n")) };
const s = new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-time-")), families: [kubectl] });

describe("time", () => {
  it("reports the simulated time a pipeline took, user and sys zero", async () => {
    expect(await s.run("time sleep 3")).toMatchObject({ stdout: "", stderr: "\nreal\t0m3.000s\nuser\t0m0.000s\nsys\t0m0.000s\n", exitCode: 0 });
    expect((await s.run("time sleep 75.5")).stderr).toBe("\nreal\t1m15.500s\nuser\t0m0.000s\nsys\t0m0.000s\n");
  });

  it("prints after the pipeline's output, keeps its status, and -p uses the POSIX format", async () => {
    const r = await s.run("time kubectl fail; echo $?");
    expect(r.chunks).toEqual([
      { stream: "stderr", text: "error: failed\n\nreal\t0m0.000s\nuser\t0m0.000s\nsys\t0m0.000s\n" },
      { stream: "stdout", text: "1\n" },
    ]);
    expect((await s.run("time -p kubectl get pods | wc -l")).stderr).toBe("real 0.00\nuser 0.00\nsys 0.00\n");
  });

  it("times pipelines inside loops too, and prints even when set -e stops at the failure", async () => {
    expect((await s.run("for i in 1 2; do time sleep 1; done")).stderr).toBe("\nreal\t0m1.000s\nuser\t0m0.000s\nsys\t0m0.000s\n".repeat(2));
    const r = await s.run("set -e; time kubectl fail; echo never");
    expect(r).toMatchObject({ stdout: "", exitCode: 1, exited: true });
    expect(r.stderr).toContain("\nreal\t0m0.000s");
    await s.run("set +e");
  });

  it("formats like bash: minutes, then seconds with three decimals", () => {
    expect(formatTimes(0, false)).toBe("\nreal\t0m0.000s\nuser\t0m0.000s\nsys\t0m0.000s\n");
    expect(formatTimes(3_723_004, false)).toContain("real\t62m3.004s");
    expect(formatTimes(1234, true)).toBe("real 1.23\nuser 0.00\nsys 0.00\n");
  });
});
