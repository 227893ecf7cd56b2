// `date` on the learner's machine reads the simulated clock (the model is deterministic: the same
// commands give the same output on every run), in GNU date's default format.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Session } from "./session.js";

describe("date", () => {
  it("is now as sim clock says, moves with it, and still honours -d and +FORMAT", async () => {
    const s = new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-date-")) });
    const clock = (await s.run("sim clock")).stdout.trim(); // e.g. 2026-01-04T09:00:20Z
    const at = new Date(clock);
    expect((await s.run("date -u +%Y-%m-%dT%H:%M:%SZ")).stdout).toBe(`${clock}\n`);
    expect((await s.run("date +%s")).stdout).toBe(`${at.getTime() / 1000}\n`);
    await s.run("sim clock advance 90m");
    expect((await s.run("date +%s")).stdout).toBe(`${at.getTime() / 1000 + 5400}\n`);
    expect((await s.run("date -u -d @0 +%Y")).stdout).toBe("1970\n");
    expect((await s.run("date")).stdout).toMatch(/^\w{3} \w{3} [ \d]\d \d{2}:\d{2}:\d{2} UTC \d{4}\n$/);
  });
});
