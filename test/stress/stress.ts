/**
 * The progress store under abuse (issue 6), with real processes: SIGKILLs at random points
 * of a writer, concurrent writers, and racers on a stale lock. Each scenario returns figures
 * that must all be 0: attempts acknowledged as saved but missing afterwards (lost), damaged
 * files or journal lines met on open (corrupt), files other than progress.json, its backup
 * and the journal left in the folder after a clean open and close (left over), and opens
 * that found the folder blocked for good or a race without exactly one writer.
 */
import { cp, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { openProgress } from "../../src/progress/open.js";
import { bundleTestWorker, deadPid, startWorker, type WorkerChild, type WorkerMessage } from "../../src/progress/testChildren.js";
import { Rng } from "../../src/sim/core/random.js";

export interface Figures {
  /** What the scenario did, e.g. "1000 kills". */
  runs: string;
  acknowledged: number;
  lost: number;
  corrupt: number;
  leftOver: number;
  /** Writers that found the folder locked by nobody alive, or races without exactly one winner. */
  blocked: number;
  /** Names of the left-over files and texts of the corrupt warnings, for the report. */
  details: string[];
}

const KEPT = new Set(["progress.json", "progress.json.bak", "progress.journal"]);

/** A seeded generator, so a failing run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  // The model's mulberry32, so the test and the model share one generator.
  const rng = new Rng(seed);
  return () => rng.next();
}

function acknowledgedBy(children: readonly WorkerChild[]): string[] {
  return children.flatMap((c) => c.messages.filter((m) => typeof m.saved === "string").map((m) => m.saved as string));
}

function corruptWarnings(messages: readonly WorkerMessage[]): string[] {
  return messages
    .flatMap((m) => (Array.isArray(m.warnings) ? (m.warnings as string[]) : []))
    .filter((w) => w.includes("could not read") || w.includes("could not be understood") || w.includes("damaged"));
}

/** Opens the folder once more, in this process, and counts what survived. */
async function audit(dir: string, acknowledged: readonly string[], runs: string, extra: Partial<Figures> & { details?: string[] }): Promise<Figures> {
  const { store, warnings } = await openProgress({ home: dir });
  const present = new Map<string, number>();
  for (const entry of Object.values(store.snapshot().exercises)) {
    for (const attempt of entry.attempts) for (const c of attempt.commands) present.set(c.line, (present.get(c.line) ?? 0) + 1);
  }
  await store.close();
  // The writers compact the journal every 20 lines: the backup plus the journal alone must
  // still hold everything (as if progress.json were lost after the last save).
  const withoutFile = `${dir}-without-progress-json`;
  await cp(dir, withoutFile, { recursive: true });
  await rm(path.join(withoutFile, "progress.json"), { force: true });
  const fromBackup = await openProgress({ home: withoutFile });
  const recovered = new Set<string>();
  for (const entry of Object.values(fromBackup.store.snapshot().exercises)) for (const attempt of entry.attempts) for (const c of attempt.commands) recovered.add(c.line);
  await fromBackup.store.close();
  await rm(withoutFile, { recursive: true, force: true });
  const missingWithoutFile = acknowledged.filter((line) => !recovered.has(line));
  const missing = [...acknowledged.filter((line) => !present.has(line)), ...missingWithoutFile.map((line) => `${line} (from the backup and journal)`)];
  const duplicated = [...present].filter(([, n]) => n > 1).map(([line]) => line);
  const leftOver = (await readdir(dir)).filter((name) => !KEPT.has(name));
  const details = [...(extra.details ?? []), ...warnings.map((w) => `final open: ${w}`), ...leftOver.map((n) => `left over: ${n}`)];
  details.push(...missing.slice(0, 5).map((l) => `lost: ${l}`), ...duplicated.slice(0, 5).map((l) => `saved twice: ${l}`));
  return {
    runs,
    acknowledged: acknowledged.length,
    lost: missing.length + duplicated.length,
    corrupt: (extra.corrupt ?? 0) + warnings.length,
    leftOver: leftOver.length,
    blocked: extra.blocked ?? 0,
    details,
  };
}

async function freshDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), "kadet-stress-"));
}

/**
 * One writer at a time records attempts without pause and is SIGKILLed: 30% of the time at a
 * random moment up to 1.5 s after it was started (start-up, the lock, recovery, or writing),
 * otherwise a random 0–250 ms after it opened the store (inside the write loop: journal
 * append, fsync, staging file, backup copy, rename).
 */
export async function killLoop(kills: number, random: () => number): Promise<Figures> {
  const worker = await bundleTestWorker();
  const dir = await freshDir();
  const children: WorkerChild[] = [];
  let blocked: number;
  try {
    for (let k = 0; k < kills; k++) {
      const child = startWorker(worker, "writer", { home: dir, tag: `kill${k}`, count: 0 });
      children.push(child);
      if (random() < 0.3) {
        await sleep(random() * 1500);
      } else {
        await child.waitFor((m) => m.opened === true).catch(() => undefined);
        await sleep(random() * 250);
      }
      child.child.kill("SIGKILL");
      await child.exited;
    }
    const messages = children.flatMap((c) => c.messages);
    const corrupt = corruptWarnings(messages);
    // Each writer starts after the previous one is dead: a read-only open means a lock left behind.
    blocked = messages.filter((m) => m.opened === true && m.readOnly === true).length;
    return await audit(dir, acknowledgedBy(children), `${kills} kills`, { corrupt: corrupt.length, blocked, details: corrupt });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * `writers` processes for `seconds`: each restarts as soon as it exits, records a few
 * attempts when it gets the lock, and goes away at once when another kadet holds it.
 */
export async function concurrentWriters(writers: number, seconds: number): Promise<Figures> {
  const worker = await bundleTestWorker();
  const dir = await freshDir();
  const children: WorkerChild[] = [];
  const deadline = Date.now() + seconds * 1000;
  let generation = 0;
  try {
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        while (Date.now() < deadline) {
          const child = startWorker(worker, "writer", { home: dir, tag: `w${w}-${generation++}`, count: 5 });
          children.push(child);
          const exit = await child.exited;
          if (exit.code !== 0) throw new Error(`writer failed (${exit.code ?? exit.signal}): ${exit.stderr}`);
        }
      }),
    );
    const messages = children.flatMap((c) => c.messages);
    const corrupt = corruptWarnings(messages);
    const writable = messages.filter((m) => m.opened === true && m.readOnly === false).length;
    return await audit(dir, acknowledgedBy(children), `${writers} writers × ${seconds} s (${children.length} processes, ${writable} got the lock)`, {
      corrupt: corrupt.length,
      details: corrupt,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * `racers` processes open the store at the same instant on a stale lock (a dead owner's,
 * an empty one, an unparsable one, in turn); the winner holds it until all have opened.
 * Exactly one may open writable per round; everything the winners saved must survive.
 */
export async function staleLockRace(racers: number, rounds: number): Promise<Figures> {
  const worker = await bundleTestWorker();
  const dir = await freshDir();
  const children: WorkerChild[] = [];
  let badRounds = 0;
  const details: string[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const stale = [JSON.stringify({ pid: deadPid(), hostname: os.hostname(), startedAt: new Date().toISOString() }), "", "{\"pid\": 12"][round % 3]!;
      await writeFile(path.join(dir, "progress.lock"), stale);
      const group = Array.from({ length: racers }, (_, r) => startWorker(worker, "writer", { home: dir, tag: `race${round}-${r}`, count: 3, waitForGo: true, hold: true }));
      children.push(...group);
      await Promise.all(group.map((c) => c.waitFor((m) => m.ready === true)));
      const goAt = Date.now() + 50;
      for (const c of group) c.send(`go ${goAt}`);
      const opened = await Promise.all(group.map((c) => c.waitFor((m) => m.opened === true)));
      await Promise.all(group.map((c) => c.waitFor((m) => m.wrote === true)));
      const writable = opened.filter((m) => m.readOnly === false).length;
      if (writable !== 1) {
        badRounds++;
        details.push(`round ${round}: ${writable} racers opened the store writable`);
      }
      for (const c of group) c.finish();
      for (const exit of await Promise.all(group.map((c) => c.exited))) {
        if (exit.code !== 0) throw new Error(`racer failed (${exit.code ?? exit.signal}): ${exit.stderr}`);
      }
    }
    const corrupt = corruptWarnings(children.flatMap((c) => c.messages));
    return await audit(dir, acknowledgedBy(children), `${racers} racers × ${rounds} rounds`, { corrupt: corrupt.length, blocked: badRounds, details: [...details, ...corrupt] });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function formatFigures(name: string, f: Figures): string {
  const head = `${name.padEnd(22)} ${f.runs}\n${"".padEnd(22)} acknowledged ${f.acknowledged}, lost ${f.lost}, corrupt ${f.corrupt}, left-over files ${f.leftOver}, blocked ${f.blocked}`;
  return [head, ...f.details.slice(0, 10).map((d) => `${"".padEnd(22)} ! ${d}`)].join("\n");
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
