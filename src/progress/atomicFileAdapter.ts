/**
 * A lowdb adapter that never leaves progress.json half-written. Each write goes to
 * `progress.json.tmp-<pid>`, is flushed to disk, the current file is copied to
 * `progress.json.bak`, and only then is the new file renamed over the old one; finally the
 * folder itself is flushed so the rename survives a power cut. A crash at any step leaves
 * either the old or the new file in place, never a truncated one (the trap that
 * truncate-then-write tools fall into).
 */
import { copyFile, lstat, mkdir, open, readdir, rename, unlink } from "node:fs/promises";
import path from "node:path";
import type { Adapter } from "lowdb";
import { isErrnoException, readProgressFile } from "./progressFile.js";
import type { ProgressData } from "./schema.js";

export interface AtomicWriteTarget {
  file: string;
  /** Receives the previous `file` before it is replaced. */
  backup: string;
  /** Staging file for the new content; must be in the same folder so rename is atomic. */
  temp: string;
}

export async function writeFileAtomically(text: string, target: AtomicWriteTarget): Promise<void> {
  const dir = path.dirname(target.file);
  await mkdir(dir, { recursive: true });
  try {
    await writeAndFlush(target.temp, text);
    await keepBackupOf(target.file, target.backup, `${target.temp}.bak`);
    await rename(target.temp, target.file);
  } catch (error) {
    await unlink(target.temp).catch(() => undefined);
    throw error;
  }
  await flushFolder(dir);
}

async function writeAndFlush(file: string, text: string): Promise<void> {
  const handle = await open(file, "w", 0o600);
  try {
    await handle.writeFile(text, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Copies (not moves) `file` so that `file` itself exists at every instant. */
async function keepBackupOf(file: string, backup: string, stagingCopy: string): Promise<void> {
  try {
    await copyFile(file, stagingCopy);
  } catch (error) {
    if (isErrnoException(error) && error.code === "ENOENT") return; // first write: nothing to keep
    throw error;
  }
  try {
    const handle = await open(stagingCopy, "r+");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(stagingCopy, backup);
  } catch (error) {
    await unlink(stagingCopy).catch(() => undefined);
    throw error;
  }
}

/** Makes the rename durable. Windows cannot open a folder for flushing, and does not need to. */
export async function flushFolder(dir: string): Promise<void> {
  if (process.platform === "win32") return;
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A live writer renames its staging file within milliseconds; one this old is abandoned. */
const ABANDONED_TEMP_AGE_MS = 10 * 60 * 1000;

export interface TempCleanupContext {
  /** Our pid: our own staging files are leftovers too, since nothing is being written yet. */
  pid: number;
  isProcessAlive(pid: number): boolean;
  now: Date;
}

/**
 * Removes staging files that killed writers left behind (`<file>.tmp-<pid>` and its
 * `.tmp-<pid>.bak` copy), and nothing else: only names of exactly that pattern, and only
 * when their writer is dead, is this process (called before it writes, while it holds the
 * lock), or has not touched the file for minutes. Returns the names removed.
 */
export async function cleanTempLeftovers(file: string, context: TempCleanupContext): Promise<string[]> {
  const dir = path.dirname(file);
  const pattern = new RegExp(`^${escapeRegExp(path.basename(file))}\\.tmp-(\\d+)(\\.bak)?$`);
  const removed: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const match = pattern.exec(name);
    if (match === null) continue;
    const pid = Number(match[1]);
    const full = path.join(dir, name);
    if (pid !== context.pid && context.isProcessAlive(pid)) {
      const stat = await lstat(full).catch(() => undefined);
      if (stat === undefined || context.now.getTime() - stat.mtimeMs < ABANDONED_TEMP_AGE_MS) continue;
    }
    await unlink(full).then(() => removed.push(name), () => undefined);
  }
  return removed;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function serializeProgress(data: ProgressData): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}

/**
 * lowdb's `Adapter` over progress.json. Writes are queued so two quick saves in one process
 * never share the staging file. `read` throws on a damaged file because lowdb's contract has
 * no error value; `openProgress` reads through `readProgressFile` instead to recover.
 */
export class AtomicProgressFileAdapter implements Adapter<ProgressData> {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly target: AtomicWriteTarget) {}

  async read(): Promise<ProgressData | null> {
    const content = await readProgressFile(this.target.file);
    switch (content.kind) {
      case "ok":
        return content.data;
      case "missing":
        return null;
      case "newer":
        throw new Error(`${this.target.file} was written by a newer kadet (schemaVersion ${content.version})`);
      case "damaged":
      case "unreadable":
        throw new Error(`could not read progress file ${this.target.file}: ${content.reason}`);
    }
  }

  write(data: ProgressData): Promise<void> {
    const text = serializeProgress(data); // snapshot now: the caller may mutate data before the queue runs
    const run = this.queue.catch(() => undefined).then(() => writeFileAtomically(text, this.target));
    this.queue = run;
    return run;
  }
}
