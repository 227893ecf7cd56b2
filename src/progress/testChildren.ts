/**
 * Runs `testWorker.ts` in real child processes, for the tests that need several kadets at
 * once or a SIGKILL at a random point. The worker is bundled once per test process with
 * rolldown (already kadet's bundler) into a temporary folder, because Node 20 cannot run
 * TypeScript and the children must run the very code under test, not a build from earlier.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

let bundled: Promise<string> | undefined;

export function bundleTestWorker(): Promise<string> {
  bundled ??= (async () => {
    const { build } = await import("rolldown");
    const dir = mkdtempSync(path.join(os.tmpdir(), "kadet-worker-"));
    process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, "worker.mjs");
    const input = fileURLToPath(new URL("./testWorker.ts", import.meta.url));
    await build({ input, platform: "node", write: true, output: { file, format: "esm" }, logLevel: "warn" });
    return file;
  })();
  return bundled;
}

export type WorkerMessage = Record<string, unknown>;

/** A running worker: its messages so far, and a promise for its exit. */
export interface WorkerChild {
  child: ChildProcess;
  messages: WorkerMessage[];
  /** Resolves with the first message matching `predicate` (rejects if the child exits first). */
  waitFor(predicate: (m: WorkerMessage) => boolean): Promise<WorkerMessage>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  /** Writes a line to the worker's stdin. */
  send(line: string): void;
  /** Closes stdin: the worker's cue to release what it holds and exit. */
  finish(): void;
}

export function startWorker(worker: string, mode: string, options: unknown): WorkerChild {
  const child = spawn(process.execPath, [worker, mode, JSON.stringify(options)], { stdio: ["pipe", "pipe", "pipe"] });
  const messages: WorkerMessage[] = [];
  const waiters: { predicate: (m: WorkerMessage) => boolean; resolve: (m: WorkerMessage) => void; reject: (e: Error) => void }[] = [];
  let pending = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      if (line === "") continue;
      const message = JSON.parse(line) as WorkerMessage;
      messages.push(message);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(message)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(message);
        }
      }
    }
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  child.stdin!.on("error", () => undefined); // a killed child closes the pipe under us
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    child.on("close", (code, signal) => {
      for (const waiter of waiters.splice(0)) waiter.reject(new Error(`worker exited (${code ?? signal}) before the awaited message: ${stderr}`));
      resolve({ code, signal, stderr });
    });
  });
  return {
    child,
    messages,
    exited,
    waitFor: (predicate) => {
      const seen = messages.find(predicate);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => waiters.push({ predicate, resolve, reject }));
    },
    send: (line) => child.stdin!.write(`${line}\n`),
    finish: () => child.stdin!.end(),
  };
}

/**
 * Starts `count` lock racers and lets them go at the same instant, once all are up (a loaded
 * machine can take a second to start a node process). Returns each racer's outcome, then
 * lets them release and exit.
 */
export async function raceForLock(worker: string, lockPath: string, count: number): Promise<WorkerMessage[]> {
  const children = Array.from({ length: count }, () => startWorker(worker, "lock-race", { lockPath }));
  await Promise.all(children.map((c) => c.waitFor((m) => m.ready === true)));
  const goAt = Date.now() + 50;
  for (const c of children) c.send(`go ${goAt}`);
  const results = await Promise.all(children.map((c) => c.waitFor((m) => "kind" in m)));
  for (const c of children) c.finish();
  const exits = await Promise.all(children.map((c) => c.exited));
  const failed = exits.find((e) => e.code !== 0);
  if (failed !== undefined) throw new Error(`a lock racer failed (${failed.code ?? failed.signal}): ${failed.stderr}`);
  return results;
}

/** The pid of a process that has just exited: a lock naming it has a dead owner. */
export function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  return child.pid!;
}
