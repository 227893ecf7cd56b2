/**
 * One kadet at a time may write progress. A process writes its lock (pid, host, start time
 * and a random nonce) to a staging file and then hard-links it to `progress.lock`: link(2)
 * fails with EEXIST when the name is taken, and the lock is never seen empty, because its
 * content exists before its name does. A later process that finds the lock held by a live
 * process opens the store read-only instead of clobbering its writes.
 *
 * A lock whose process is gone (a crash, a kill -9), or that is empty or unreadable (left by
 * an older kadet killed between create and write), is stale and taken over. Takeover must be
 * atomic: of several processes finding the same stale lock, exactly one may replace it. Each
 * lock file has an identity (a hash of its inode and content, unique thanks to the nonce).
 * To replace the stale lock with identity X, a process first creates the mutex
 * `progress.lock.takeover-X` (again by link, so exactly one succeeds), then checks that the
 * lock still has identity X, and only then renames its own lock over it. A mutex whose holder
 * died is itself replaced the same way, through the mutex named after *its* identity, so a
 * kill at any point never blocks the folder for good. Identities never repeat, so leftover
 * mutexes are harmless and `cleanLockLeftovers` removes them when the store opens.
 */
import { createHash, randomBytes } from "node:crypto";
import { readFileSync, unlinkSync } from "node:fs";
import { link, lstat, open, readdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { isErrnoException } from "./progressFile.js";

export const LockOwnerSchema = z.object({
  pid: z.number().int().positive(),
  hostname: z.string(),
  startedAt: z.string(),
  /** Makes every lock file's content unique; absent in locks written by older kadets. */
  nonce: z.string().optional(),
  /** The kernel's boot id (Linux): a lock from an earlier boot is stale whatever its pid. */
  bootId: z.string().optional(),
  /** When the owner process started, as the kernel counts it: tells a reused pid from the owner. */
  processStart: z.string().optional(),
});
export type LockOwner = z.infer<typeof LockOwnerSchema>;

/** The facts about processes the lock needs; injected so tests can fake a dead holder. */
export interface ProcessProbe {
  pid: number;
  hostname: string;
  isProcessAlive(pid: number): boolean;
  /** This boot's id, where the system has one (Linux `/proc/sys/kernel/random/boot_id`). */
  bootId?: string | undefined;
  /** A process's start time as the kernel records it, or undefined when it cannot be known. */
  processStartOf?(pid: number): string | undefined;
}

export const realProcessProbe: ProcessProbe = {
  pid: process.pid,
  hostname: os.hostname(),
  isProcessAlive,
  bootId: readBootId(),
  processStartOf,
};

function readBootId(): string | undefined {
  try {
    const id = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    return id === "" ? undefined : id;
  } catch {
    return undefined; // not Linux, or /proc not mounted
  }
}

/**
 * Field 22 of `/proc/<pid>/stat` (proc(5): "starttime", in clock ticks since boot). The field
 * after the command name is counted from its closing parenthesis, since the name may hold
 * spaces and parentheses itself.
 */
export function processStartOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19];
  } catch {
    return undefined;
  }
}

/** Signal 0 checks existence without signalling; EPERM means it exists but is not ours. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return !(isErrnoException(error) && error.code === "ESRCH");
  }
}

export interface HeldLock {
  readonly path: string;
  readonly owner: LockOwner;
  /** The process whose stale lock was replaced, if any (undefined owner: the lock was empty or unreadable). */
  readonly tookOverFrom?: LockOwner | "unknown";
  /** Removes the lock if it is still ours. */
  release(): Promise<void>;
  /** The same, for `process.on("exit")`, where nothing asynchronous runs. */
  releaseSync(): void;
}

export type LockAttempt =
  | { kind: "acquired"; lock: HeldLock }
  /** `owner` is undefined when the lock file exists but cannot be understood. */
  | { kind: "held"; owner: LockOwner | undefined }
  /** The lock could not be created at all (permissions, read-only disk, ...). */
  | { kind: "failed"; reason: string; error: unknown };

/** How long an empty or unparsable lock must stay unchanged before it counts as abandoned. */
const UNPARSABLE_LOCK_GRACE_MS = 50;
/** How long to wait for another process that is in the middle of taking over. */
const TAKEOVER_WAIT_MS = 1000;
/** Mutexes over mutexes are only needed when takers die mid-takeover; this bounds the chain. */
const MAX_TAKEOVER_DEPTH = 16;

/**
 * Locks this process holds right now. A lock naming our own pid that is not in here was left
 * by an earlier process that happened to get the same pid (common in containers, where kadet
 * may always be pid 1), so it is stale even though "our pid" is alive.
 */
const locksHeldHere = new Set<string>();

export const STAGING_INFIX = ".new-";
export const TAKEOVER_INFIX = ".takeover-";

interface Taker {
  lockPath: string;
  probe: ProcessProbe;
  ownText: string;
  deadline: number;
}

export async function acquireLock(lockPath: string, probe: ProcessProbe, now: Date): Promise<LockAttempt> {
  const owner: LockOwner = { pid: probe.pid, hostname: probe.hostname, startedAt: now.toISOString(), nonce: randomHex() };
  const processStart = probe.processStartOf?.(probe.pid);
  if (probe.bootId !== undefined) owner.bootId = probe.bootId;
  if (processStart !== undefined) owner.processStart = processStart;
  const ownText = `${JSON.stringify(owner)}\n`;
  const taker: Taker = { lockPath, probe, ownText, deadline: Date.now() + TAKEOVER_WAIT_MS };
  let staging: string;
  try {
    staging = await writeStaging(taker);
  } catch (error) {
    return { kind: "failed", reason: errorText(error), error };
  }
  try {
    for (;;) {
      try {
        if (await linkExclusive(staging, lockPath)) {
          locksHeldHere.add(lockPath);
          return { kind: "acquired", lock: heldLock(lockPath, owner, ownText, undefined) };
        }
      } catch (error) {
        return { kind: "failed", reason: errorText(error), error };
      }
      const existing = await readLockFile(lockPath);
      if (existing.kind === "vanished") continue;
      if (!(await isAbandoned(existing, taker, true))) return { kind: "held", owner: existing.owner };
      const outcome = await replaceIfUnchanged(lockPath, existing.id, staging, taker, 0);
      if (outcome === "won") {
        locksHeldHere.add(lockPath);
        return { kind: "acquired", lock: heldLock(lockPath, owner, ownText, existing.owner ?? "unknown") };
      }
      if (outcome === "busy") {
        if (Date.now() > taker.deadline) return { kind: "held", owner: existing.owner };
        await sleep(10);
      }
    }
  } finally {
    await unlink(staging).catch(() => undefined); // gone already when it was renamed into place
  }
}

type TakeoverOutcome = "won" | "busy" | "changed";

/**
 * Renames `replacement` over `target` only if `target` still has identity `expectedId`, under
 * the mutex named after that identity (see the module comment for why this is atomic).
 */
async function replaceIfUnchanged(target: string, expectedId: string, replacement: string, taker: Taker, depth: number): Promise<TakeoverOutcome> {
  if (depth > MAX_TAKEOVER_DEPTH) return "busy";
  const mutexPath = `${taker.lockPath}${TAKEOVER_INFIX}${expectedId}`;
  let mutexStaging: string;
  try {
    mutexStaging = await writeStaging(taker);
  } catch {
    return "busy";
  }
  try {
    if (!(await linkExclusive(mutexStaging, mutexPath).catch(() => false))) {
      const mutex = await readLockFile(mutexPath);
      if (mutex.kind === "vanished") return "changed";
      if (!(await isAbandoned(mutex, taker, false))) return "busy";
      const outcome = await replaceIfUnchanged(mutexPath, mutex.id, mutexStaging, taker, depth + 1);
      if (outcome !== "won") return outcome;
    }
    // We hold the mutex for `expectedId`: nobody else may replace `target` while it has that identity.
    try {
      const current = await readLockFile(target);
      if (current.kind === "vanished" || current.id !== expectedId) return "changed";
      await rename(replacement, target);
      return "won";
    } finally {
      // Either `target` has moved on from `expectedId` (so the mutex can never be used again) or
      // we give up our claim; both make removing it safe.
      await unlink(mutexPath).catch(() => undefined);
    }
  } finally {
    await unlink(mutexStaging).catch(() => undefined);
  }
}

async function writeStaging(taker: Taker): Promise<string> {
  const staging = `${taker.lockPath}${STAGING_INFIX}${taker.probe.pid}-${randomHex()}`;
  await writeFile(staging, taker.ownText, { flag: "wx", mode: 0o600 });
  return staging;
}

/** link(2) creates `to` only if it does not exist: false for EEXIST, throws for anything else. */
async function linkExclusive(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (error) {
    if (isErrnoException(error) && error.code === "EEXIST") return false;
    throw error;
  }
}

type LockFileContent = { kind: "present"; id: string; owner: LockOwner | undefined } | { kind: "vanished" };

/** Reads a lock or mutex file through one descriptor, so its inode and content belong together. */
async function readLockFile(file: string): Promise<LockFileContent> {
  let handle;
  try {
    handle = await open(file, "r");
  } catch (error) {
    if (isErrnoException(error) && error.code === "ENOENT") return { kind: "vanished" };
    // Unreadable (permissions): identify it by what lstat can tell.
    try {
      const stat = await lstat(file);
      return { kind: "present", id: identity(`${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`), owner: undefined };
    } catch {
      return { kind: "vanished" };
    }
  }
  try {
    const stat = await handle.stat();
    const text = await handle.readFile("utf8");
    return { kind: "present", id: identity(`${stat.dev}:${stat.ino}:${text}`), owner: parseLockOwner(text) };
  } catch {
    return { kind: "vanished" };
  } finally {
    await handle.close();
  }
}

/**
 * A lock (or mutex) is abandoned when its process is dead on this host, when it was written
 * before the last reboot, when its pid now belongs to a process that started at another time
 * (a reused pid), when it names our pid but this process did not take it, or when it stays
 * empty or unparsable. A pid from another machine (a shared home folder) cannot be checked,
 * so it counts as live.
 */
async function isAbandoned(file: Extract<LockFileContent, { kind: "present" }>, taker: Taker, isMainLock: boolean): Promise<boolean> {
  const holder = file.owner;
  if (holder === undefined) {
    await sleep(UNPARSABLE_LOCK_GRACE_MS);
    const again = await readLockFile(isMainLock ? taker.lockPath : `${taker.lockPath}${TAKEOVER_INFIX}${file.id}`);
    // Re-reading by path only works for the main lock; a mutex's identity is checked again by the taker.
    return isMainLock ? again.kind === "present" && again.id === file.id : true;
  }
  if (holder.hostname !== taker.probe.hostname) return false;
  if (holder.bootId !== undefined && taker.probe.bootId !== undefined && holder.bootId !== taker.probe.bootId) return true;
  if (holder.pid === taker.probe.pid) return isMainLock && !locksHeldHere.has(taker.lockPath);
  if (!taker.probe.isProcessAlive(holder.pid)) return true;
  const startNow = holder.processStart === undefined ? undefined : taker.probe.processStartOf?.(holder.pid);
  return startNow !== undefined && startNow !== holder.processStart;
}

function parseLockOwner(text: string): LockOwner | undefined {
  try {
    const parsed = LockOwnerSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Removes what killed processes left beside the lock: staging files of dead pids and takeover
 * mutexes whose holder is dead. Called by the lock holder, for whom every mutex is obsolete.
 */
export async function cleanLockLeftovers(lockPath: string, probe: ProcessProbe): Promise<string[]> {
  const dir = path.dirname(lockPath);
  const base = path.basename(lockPath);
  const removed: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const full = path.join(dir, name);
    let pid: number | undefined;
    if (name.startsWith(`${base}${STAGING_INFIX}`)) {
      pid = Number.parseInt(name.slice(base.length + STAGING_INFIX.length), 10);
    } else if (name.startsWith(`${base}${TAKEOVER_INFIX}`) || name.startsWith(`${base}.stale-`)) {
      const text = await readFile(full, "utf8").catch(() => "");
      pid = parseLockOwner(text)?.pid ?? Number.parseInt(name.slice(name.lastIndexOf("-") + 1), 10);
    } else {
      continue;
    }
    if (Number.isInteger(pid) && pid !== probe.pid && probe.isProcessAlive(pid as number)) continue;
    if (pid === probe.pid && name.startsWith(`${base}${STAGING_INFIX}`)) continue; // maybe ours, in flight
    await unlink(full).then(() => removed.push(name), () => undefined);
  }
  return removed;
}

function heldLock(lockPath: string, owner: LockOwner, ownText: string, tookOverFrom: LockOwner | "unknown" | undefined): HeldLock {
  let released = false;
  const base = {
    path: lockPath,
    owner,
    async release(): Promise<void> {
      if (released) return;
      released = true;
      locksHeldHere.delete(lockPath);
      const text = await readFile(lockPath, "utf8").catch(() => undefined);
      if (text === ownText) await unlink(lockPath).catch(() => undefined);
    },
    releaseSync(): void {
      if (released) return;
      released = true;
      locksHeldHere.delete(lockPath);
      try {
        if (readFileSync(lockPath, "utf8") === ownText) unlinkSync(lockPath);
      } catch {
        // Nothing to release: the lock is already gone.
      }
    },
  };
  return tookOverFrom === undefined ? base : { ...base, tookOverFrom };
}

function identity(material: string): string {
  return createHash("sha256").update(material).digest("hex").slice(0, 16);
}

function randomHex(): string {
  return randomBytes(8).toString("hex");
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
