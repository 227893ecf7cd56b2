/**
 * One kadet at a time may write progress. The first process creates `progress.lock` with
 * O_EXCL (`wx`), writing its pid, host and start time; a later process that finds the lock
 * held by a live process opens the store read-only instead of clobbering its writes. A lock
 * whose process is gone (a crash, a kill -9) is stale and taken over.
 */
import { readFileSync, unlinkSync } from "node:fs";
import { link, readFile, rename, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import { z } from "zod";
import { isErrnoException } from "./progressFile.js";

export const LockOwnerSchema = z.object({
  pid: z.number().int().positive(),
  hostname: z.string(),
  startedAt: z.string(),
});
export type LockOwner = z.infer<typeof LockOwnerSchema>;

/** The facts about processes the lock needs; injected so tests can fake a dead holder. */
export interface ProcessProbe {
  pid: number;
  hostname: string;
  isProcessAlive(pid: number): boolean;
}

export const realProcessProbe: ProcessProbe = {
  pid: process.pid,
  hostname: os.hostname(),
  isProcessAlive,
};

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
  /** The dead process whose stale lock was replaced, if any. */
  readonly tookOverFrom?: LockOwner;
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
  | { kind: "failed"; reason: string };

const UNREADABLE_LOCK_RETRY_MS = 50;

/**
 * Locks this process holds right now. A lock naming our own pid that is not in here was left
 * by an earlier process that happened to get the same pid (common in containers, where kadet
 * may always be pid 1), so it is stale even though "our pid" is alive.
 */
const locksHeldHere = new Set<string>();

export async function acquireLock(lockPath: string, probe: ProcessProbe, now: Date): Promise<LockAttempt> {
  const owner: LockOwner = { pid: probe.pid, hostname: probe.hostname, startedAt: now.toISOString() };
  const ownText = `${JSON.stringify(owner)}\n`;
  let tookOverFrom: LockOwner | undefined;

  // Two rounds: the second runs only after a stale lock was moved out of the way.
  for (let round = 0; round < 2; round++) {
    try {
      await writeFile(lockPath, ownText, { flag: "wx", mode: 0o600 });
      locksHeldHere.add(lockPath);
      return { kind: "acquired", lock: heldLock(lockPath, owner, ownText, tookOverFrom) };
    } catch (error) {
      if (!(isErrnoException(error) && error.code === "EEXIST")) {
        return { kind: "failed", reason: error instanceof Error ? error.message : String(error) };
      }
    }

    const existing = await readLockOwner(lockPath);
    if (existing.kind === "vanished") continue;
    if (existing.kind === "unreadable") return { kind: "held", owner: undefined };
    const holder = existing.owner;
    // A pid from another machine (a shared home folder) cannot be checked, so it counts as live.
    const reusedOwnPid = holder.pid === probe.pid && !locksHeldHere.has(lockPath);
    if (holder.hostname !== probe.hostname || (!reusedOwnPid && probe.isProcessAlive(holder.pid))) {
      return { kind: "held", owner: holder };
    }
    if (!(await removeStaleLock(lockPath, existing.text, probe.pid))) {
      return { kind: "held", owner: undefined };
    }
    tookOverFrom = holder;
  }
  // Another process took the lock between our removal of the stale one and our create.
  const winner = await readLockOwner(lockPath);
  return { kind: "held", owner: winner.kind === "owned" ? winner.owner : undefined };
}

type LockFileContent = { kind: "owned"; owner: LockOwner; text: string } | { kind: "vanished" } | { kind: "unreadable" };

async function readLockOwner(lockPath: string): Promise<LockFileContent> {
  // A lock read in the instant between another process's create and write is empty: look twice.
  for (let look = 0; look < 2; look++) {
    let text: string;
    try {
      text = await readFile(lockPath, "utf8");
    } catch (error) {
      if (isErrnoException(error) && error.code === "ENOENT") return { kind: "vanished" };
      return { kind: "unreadable" };
    }
    const owner = parseLockOwner(text);
    if (owner !== undefined) return { kind: "owned", owner, text };
    if (look === 0) await new Promise((resolve) => setTimeout(resolve, UNREADABLE_LOCK_RETRY_MS));
  }
  return { kind: "unreadable" };
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
 * Moves the stale lock to a name only this process uses, so that of two processes taking over
 * at once only one removes it. If what we moved is no longer the stale lock we read (someone
 * else already took over and wrote a fresh one), it is put back and we report failure.
 */
async function removeStaleLock(lockPath: string, staleText: string, pid: number): Promise<boolean> {
  const aside = `${lockPath}.stale-${pid}`;
  try {
    await rename(lockPath, aside);
  } catch (error) {
    return isErrnoException(error) && error.code === "ENOENT"; // already removed by another process
  }
  const movedText = await readFile(aside, "utf8").catch(() => undefined);
  if (movedText !== staleText) {
    await link(aside, lockPath).catch(() => undefined);
    await unlink(aside).catch(() => undefined);
    return false;
  }
  await unlink(aside).catch(() => undefined);
  return true;
}

function heldLock(lockPath: string, owner: LockOwner, ownText: string, tookOverFrom: LockOwner | undefined): HeldLock {
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
