/**
 * A child process for the multi-process tests and `npm run stress` (test/stress/): it drives
 * the real lock and store exactly as a kadet process would, and reports on stdout, one JSON
 * object per line, so the parent can compare what was acknowledged with what is on disk.
 * Bundled with rolldown by `bundleTestWorker` (testSupport.ts), since children cannot run
 * TypeScript directly on Node 20.
 *
 *   node worker.mjs lock-race '{"lockPath": "..."}'   (then "go <epoch ms>\n" on stdin)
 *   node worker.mjs writer '{"home": "...", "tag": "w1", "count": 100}'
 *     (waitForGo: start on "go <epoch ms>" as lock-race does; hold: close only when stdin ends)
 */
import { acquireLock, realProcessProbe } from "./lock.js";
import { openProgress } from "./open.js";
import type { CheckOutcome } from "./schema.js";

type Report = Record<string, unknown>;

function report(message: Report): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/** Resolves when the parent closes our stdin: the signal to let go of the lock and exit. */
function parentDone(): Promise<void> {
  return new Promise((resolve) => {
    process.stdin.on("end", resolve);
    process.stdin.on("close", resolve);
    process.stdin.resume();
  });
}

/** The start time the parent sends once every racer is up ("go <epoch ms>"). */
function startSignal(): Promise<number> {
  return new Promise((resolve) => {
    let text = "";
    const onData = (chunk: Buffer): void => {
      text += chunk.toString("utf8");
      const match = /^go (\d+)\n/.exec(text);
      if (match === null) return;
      process.stdin.off("data", onData);
      process.stdin.pause();
      resolve(Number(match[1]));
    };
    process.stdin.on("data", onData);
  });
}

async function lockRace(options: { lockPath: string }): Promise<void> {
  const signal = startSignal();
  report({ ready: true });
  const goAt = await signal;
  // Spin rather than sleep, so that every racer leaves the start line within a millisecond.
  while (Date.now() < goAt) {
    // busy-wait
  }
  const attempt = await acquireLock(options.lockPath, realProcessProbe, new Date());
  report({ pid: process.pid, kind: attempt.kind, ...(attempt.kind === "acquired" && attempt.lock.tookOverFrom !== undefined ? { tookOver: true } : {}) });
  await parentDone();
  if (attempt.kind === "acquired") await attempt.lock.release();
}

const CHECKS: CheckOutcome[] = [{ id: "done", result: "pass", points: 1 }];

/**
 * Records attempts whose single command line is `<tag>-<n>`, and reports each one whose save
 * reached disk. `count` 0 means until stdin closes (or a SIGKILL arrives).
 */
async function writer(options: { home: string; tag: string; count: number; exercises?: number; waitForGo?: boolean; hold?: boolean }): Promise<void> {
  if (options.waitForGo === true) {
    const signal = startSignal();
    report({ ready: true });
    const goAt = await signal;
    while (Date.now() < goAt) {
      // busy-wait, as in lockRace
    }
  }
  // A short journal limit, so kills land inside compactions too.
  const opened = await openProgress({ home: options.home, maxJournalLines: 20 });
  report({ pid: process.pid, opened: true, readOnly: opened.store.readOnly, warnings: opened.warnings });
  let stop = false;
  if (options.count === 0) void parentDone().then(() => (stop = true));
  const exercises = options.exercises ?? 3;
  for (let n = 0; options.count === 0 ? !stop : n < options.count; n++) {
    const line = `${options.tag}-${n}`;
    const recorded = await opened.store.recordAttempt(`ex-${n % exercises}`, { commands: [line], checks: CHECKS });
    report(recorded.save.saved ? { saved: line } : { unsaved: line });
    if (opened.store.readOnly) break; // nothing more to learn from a read-only session
  }
  report({ wrote: true });
  // Holding the store open until told keeps the lock, so a race has one clear winner.
  if (options.hold === true) await parentDone();
  await opened.store.close();
  report({ closed: true });
}

async function main(): Promise<void> {
  const [mode, json] = process.argv.slice(2);
  const options = JSON.parse(json ?? "{}") as never;
  if (mode === "lock-race") await lockRace(options);
  else if (mode === "writer") await writer(options);
  else throw new Error(`unknown worker mode ${mode}`);
}

main().catch((error: unknown) => {
  report({ error: error instanceof Error ? error.stack ?? error.message : String(error) });
  process.exitCode = 70;
});
