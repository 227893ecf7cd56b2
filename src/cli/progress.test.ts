// `kadet progress [--json]` on a real data folder: the text prints what the JSON records.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { openProgress } from "../progress/index.js";
import type { ProgressReport } from "../progress/report.js";
import { progressCommand } from "./progress.js";

const NOW = new Date("2026-11-02T09:00:00.000Z");
let home: string;
let printed: string;

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "kadet-progress-home-"));
  printed = "";
  vi.stubEnv("KADET_HOME", home);
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    printed += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, "write").mockImplementation(() => true);
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

test("kadet progress --json and the text agree on mastery, due counts, streak and readiness", async () => {
  const { store } = await openProgress({ home });
  const at = new Date("2026-11-01T09:00:00.000Z");
  await store.recordAttempt("pods-fix-image", { at, commands: [], hintsUsed: 0, solutionViewed: false, checks: [
    { id: "shop-image", result: "pass", points: 4 },
    { id: "shop-label", result: "pass", points: 3 },
    { id: "shop-ready", result: "fail", points: 3 },
  ] });
  await store.close();

  expect(await progressCommand(["--json"], { now: () => NOW, utcOffsetMinutes: 0 })).toBe(0);
  const report = JSON.parse(printed) as ProgressReport;
  expect(report.mastery.mastered).toBe(2);
  expect(report.topics.find((t) => t.topic === "pods")).toMatchObject({ mastered: 2, completed: 0 });
  expect(report.due).toMatchObject({ now: 1 });
  expect(report.streak).toEqual({ days: 1, lastActiveDay: "2026-11-01" });
  expect(report.readiness.length).toBeGreaterThan(0);

  printed = "";
  expect(await progressCommand([], { now: () => NOW, utcOffsetMinutes: 0 })).toBe(0);
  expect(printed).toContain(`${report.mastery.mastered}/${report.mastery.items} checks`);
  expect(printed).toContain("due for review       1 now");
  expect(printed).toContain("streak               1 day (last active 2026-11-01)");
  for (const exam of report.readiness) expect(printed).toContain(`${exam.title}: ${exam.percent}% ready`);
  expect(await progressCommand(["--bogus"])).toBe(2);
});
