/**
 * The scratch file system as plain data, for the session's part of an
 * environment snapshot: every folder, file (bytes in base64) and symbolic link
 * of the in-memory space around the real working folder, with modes and
 * modification times. The real folder is not saved: it is on disk already.
 */
import type { IFileSystem } from "just-bash";
import type { ScratchEntry } from "../sim/env/environment.js";

/** Paths sorted so that a folder comes before what it holds. */
const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export async function saveScratch(scratch: IFileSystem): Promise<ScratchEntry[]> {
  const entries: ScratchEntry[] = [];
  for (const path of scratch.getAllPaths().filter((p) => p !== "/").sort(byPath)) {
    const stat = await scratch.lstat(path);
    const base = { path, mode: stat.mode, mtime: stat.mtime.getTime() };
    if (stat.isSymbolicLink) entries.push({ ...base, type: "symlink", content: await scratch.readlink(path) });
    else if (stat.isDirectory) entries.push({ ...base, type: "dir" });
    else entries.push({ ...base, type: "file", content: Buffer.from(await scratch.readFileBuffer(path)).toString("base64") });
  }
  return entries;
}

/** Empties the scratch space and fills it with the saved entries. */
export async function loadScratch(scratch: IFileSystem, entries: readonly ScratchEntry[]): Promise<void> {
  for (const path of scratch.getAllPaths().filter((p) => p !== "/").sort(byPath).reverse()) await scratch.rm(path, { force: true, recursive: true });
  for (const entry of entries) {
    if (entry.type === "dir") await scratch.mkdir(entry.path, { recursive: true });
    else if (entry.type === "symlink") await scratch.symlink(entry.content ?? "", entry.path);
    else await scratch.writeFile(entry.path, Buffer.from(entry.content ?? "", "base64"));
  }
  // Modes and times last: writing into a folder would move its time again.
  for (const entry of [...entries].reverse()) {
    if (entry.type === "symlink") continue;
    await scratch.chmod(entry.path, entry.mode & 0o7777);
    await scratch.utimes(entry.path, new Date(entry.mtime), new Date(entry.mtime));
  }
}
