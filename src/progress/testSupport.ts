/** Shared helpers for the progress tests: a temporary data folder, a fixed clock, sample checks. */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import type { ProcessProbe } from "./lock.js";
import type { CheckOutcome } from "./schema.js";

const created: string[] = [];

/** A fresh folder under the OS temp folder, removed after each test. */
export async function tempDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "kadet-progress-"));
  created.push(dir);
  return dir;
}

afterEach(async () => {
  while (created.length > 0) {
    const dir = created.pop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  }
});

export const T0 = new Date("2026-01-05T10:00:00.000Z");

/** A clock that stays where it is put. */
export function fixedClock(start: Date = T0): { now: () => Date; set(at: Date): void } {
  let current = start;
  return { now: () => current, set: (at) => (current = at) };
}

export async function listDir(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

/** A process probe for a pretend other process, alive or not. */
export function probe(pid: number, alivePids: readonly number[], hostname = "test-host"): ProcessProbe {
  return { pid, hostname, isProcessAlive: (p) => alivePids.includes(p) };
}

export const passingChecks: CheckOutcome[] = [
  { id: "pod-exists", result: "pass", points: 2 },
  { id: "image-is-nginx", result: "pass", points: 3, observed: "nginx:1.27", expected: "nginx:1.27" },
];

export const failingChecks: CheckOutcome[] = [
  { id: "pod-exists", result: "pass", points: 2 },
  { id: "image-is-nginx", result: "fail", points: 3, observed: "nginx:latest", expected: "nginx:1.27" },
];
