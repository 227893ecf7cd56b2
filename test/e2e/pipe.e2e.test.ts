/**
 * kadet's output read by a program that stops early (`kadet exam status | head -1`): the
 * write fails with EPIPE, and kadet must finish its command quietly instead of dying on an
 * unhandled 'error' event half way (an exam command would then not save the run).
 */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { KADET, requireBuiltKadet } from "./tmux.js";

describe("kadet writing into a closed pipe", () => {
  it("finishes the command and exits with its status, without an EPIPE stack trace", async () => {
    requireBuiltKadet();
    const child = spawn(process.execPath, [KADET, "sandbox", "-c", "seq 1 90000"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    // Read nothing and close the reading end at once, as `head -c 0` would.
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
    expect(stderr).not.toContain("EPIPE");
    expect(code).toBe(0);
  }, 60_000);
});
