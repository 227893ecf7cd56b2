/**
 * Makes sure the data folder exists, and turns every way it can fail into a sentence a
 * learner can act on: which folder, what kadet needs from it, what is wrong, how to choose
 * another one. The folder is created one level at a time rather than with
 * `mkdir({recursive: true})`, which never returns for a path under /proc on Linux (Node
 * retries ENOENT there forever) and whose errors name only the deepest path.
 */
import { lstat, mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { isErrnoException } from "./progressFile.js";

export type FolderResult = { ok: true } | { ok: false; problem: string };

export async function ensureDataFolder(dir: string): Promise<FolderResult> {
  const missing: string[] = [];
  let existing = dir;
  for (;;) {
    const found = await stat(existing).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    if (!(found instanceof Error)) {
      if (!found.isDirectory()) return { ok: false, problem: `${existing} is a file, not a folder` };
      break;
    }
    // ENOTDIR: some level above is a file; walking up finds it and names it.
    if (!isErrnoException(found) || (found.code !== "ENOENT" && found.code !== "ENOTDIR")) return { ok: false, problem: `${existing} cannot be looked at (${explainErrno(found)})` };
    // A dangling symbolic link looks missing to stat: creating "through" it would fail oddly.
    if ((await lstat(existing).catch(() => undefined))?.isSymbolicLink()) {
      return { ok: false, problem: `${existing} is a symbolic link to a folder that does not exist` };
    }
    const parent = path.dirname(existing);
    if (parent === existing) return { ok: false, problem: `no part of ${dir} exists` };
    missing.unshift(existing);
    existing = parent;
  }
  for (const level of missing) {
    try {
      await mkdir(level, { mode: 0o700 });
    } catch (error) {
      if (isErrnoException(error) && error.code === "EEXIST") continue; // another kadet made it just now
      return { ok: false, problem: `the folder ${level} cannot be created in ${path.dirname(level)} (${explainErrno(error)})` };
    }
  }
  return { ok: true };
}

/** The part of an I/O error a learner understands, without the syscall jargon. */
export function explainErrno(error: unknown): string {
  const code = isErrnoException(error) ? error.code : undefined;
  switch (code) {
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "the file system is read-only";
    case "ENOSPC":
      return "the disk is full";
    case "EDQUOT":
      return "the disk quota is used up";
    case "ENOENT":
      return "a folder on the way does not exist";
    case "ENOTDIR":
      return "a part of the path is a file, not a folder";
    case "ELOOP":
      return "too many symbolic links";
    case "ENAMETOOLONG":
      return "the path is too long";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/**
 * The whole message: `problem` is what is wrong, `source` how the folder was chosen (so the
 * learner knows what to change).
 */
export function dataFolderMessage(dir: string, problem: string, source: string, consequence: string): string {
  return (
    `kadet keeps your progress in ${dir} (${source}) and needs to create and write files there, but ${problem}. ` +
    `Set KADET_HOME to a folder you can write to (for example: KADET_HOME="$HOME/kadet-data" kadet), or fix that folder's permissions; ${consequence}`
  );
}
