/**
 * Reads a folder's whole tree of files at once (a build context). The walk is the one
 * readDir + readFile give, entry by entry; where the folder lies on the sandbox's disk mount
 * with no symbolic link on the way, its plain files and plain subfolders are read straight from
 * disk (lstat, open, read, close per file; only the lstat for a file unchanged since the last
 * read), which skips the guarded path's per-file stat + realpath + stat again. Everything else there (links, FIFOs, files over the
 * size limit, anything unreadable) still goes through the guarded path, so its refusals and
 * notes are the same.
 */
import { closeSync, constants, lstatSync, openSync, readdirSync, readFileSync, realpathSync } from "node:fs";

/** How the walk reaches files when it cannot read them from disk directly. */
export interface TreeAccess {
  readFile(path: string): Promise<string | undefined>;
  readDir(path: string): Promise<string[] | undefined>;
}

/** The sandbox's disk mount: a real folder mounted at its own path. */
export interface DiskMount {
  root: string;
  /** Files larger than this are left to the guarded path (which refuses them with a note). */
  maxFileBytes: number;
  /** Texts read before, by real path, with the metadata they were read under (see readPlainFile). */
  reads?: Map<string, KnownRead>;
}

/** A file's text as last read, and the metadata it had then. */
interface KnownRead {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  text: string;
}

/**
 * A text read is reused only for a file whose modification and change times were at least this
 * long before the read (git's "racy" rule): two writes of the same size within one tick of the
 * file system's clock would keep the same metadata, so a file that new is always read again.
 */
const SETTLED_MS = 1000;

/** One folder read from disk: its sorted names, the texts of its plain files, its plain subfolders. */
interface DiskFolder {
  names: string[];
  files: Map<string, string>;
  folders: Set<string>;
}

type DiskFolderReader = (folder: string) => DiskFolder | undefined;

/** The same decoding the sandbox's readFile does (TextDecoder, UTF-8, replacement characters, BOM dropped). */
const UTF8 = new TextDecoder();

/** Opening flags: a link swapped in after the listing is refused by the kernel instead of followed. */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/**
 * A reader for folders under `folder` when `folder` is on the mount and its real path is its
 * path (no link between the mount's root and it); undefined otherwise. The walk asks it only for
 * that folder and for plain subfolders it listed, so no link is followed below either.
 */
export function diskTreeReader(mount: DiskMount, folder: string): DiskFolderReader | undefined {
  const root = mount.root.replace(/\/+$/, "");
  if (root === "" || (folder !== root && !folder.startsWith(`${root}/`))) return undefined;
  try {
    if (realpathSync.native(folder) !== realpathSync.native(root) + folder.slice(root.length)) return undefined;
  } catch {
    return undefined;
  }
  return (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return undefined;
    }
    const files = new Map<string, string>();
    const folders = new Set<string>();
    for (const entry of entries) {
      if (entry.isDirectory()) folders.add(entry.name);
      else if (entry.isFile()) {
        const text = readPlainFile(`${dir}/${entry.name}`, mount);
        if (text !== undefined) files.set(entry.name, text);
      }
    }
    return { names: entries.map((entry) => entry.name).sort(), files, folders };
  };
}

/**
 * A regular file's text, or undefined when it is anything else, too large, or unreadable. As
 * BuildKit's file sync does, a file whose metadata (device, inode, size, modification and change
 * times) is what it was at the last read is not read again; its content still decides the cache.
 */
function readPlainFile(path: string, mount: DiskMount): string | undefined {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return undefined;
  }
  if (!stat.isFile() || stat.size > mount.maxFileBytes) return undefined;
  const reads = (mount.reads ??= new Map());
  const known = reads.get(path);
  if (known && known.dev === stat.dev && known.ino === stat.ino && known.size === stat.size && known.mtimeMs === stat.mtimeMs && known.ctimeMs === stat.ctimeMs) return known.text;
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch {
    return undefined;
  }
  let text: string;
  try {
    const bytes = readFileSync(fd);
    // A file grown or swapped since the lstat is the guarded path's to refuse.
    if (bytes.length > mount.maxFileBytes) return undefined;
    text = UTF8.decode(bytes);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
  // Date.now() is the host's clock, as the file times are (this is the shell layer, not the model).
  if (Date.now() - Math.max(stat.mtimeMs, stat.ctimeMs) >= SETTLED_MS) reads.set(path, { dev: stat.dev, ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, text });
  else reads.delete(path);
  return text;
}

/**
 * Every file under `root`, by path relative to it, in each folder's sorted order with a
 * subfolder's files at its place; undefined when `root` is not a folder.
 */
export async function walkTree(access: TreeAccess, root: string, disk?: DiskFolderReader): Promise<Map<string, string> | undefined> {
  const files = new Map<string, string>();
  const join = (dir: string, name: string) => (dir.endsWith("/") ? `${dir}${name}` : `${dir}/${name}`);
  const walk = async (dir: string, rel: string, fast: boolean): Promise<boolean> => {
    const fromDisk = fast && disk ? disk(dir) : undefined;
    const names = fromDisk?.names ?? (await access.readDir(dir));
    if (names === undefined) return false;
    // What the disk did not answer is read through the guarded path, all of a folder's at once
    // (each read is a few file system calls); the map is filled in the folder's order.
    const guarded = fromDisk ? names.filter((name) => !fromDisk.files.has(name) && !fromDisk.folders.has(name)) : names;
    const contents = new Map<string, string | undefined>();
    const read = await Promise.all(guarded.map((name) => access.readFile(join(dir, name))));
    guarded.forEach((name, i) => contents.set(name, read[i]));
    for (const name of names) {
      const relPath = rel ? `${rel}/${name}` : name;
      const content = fromDisk?.files.get(name) ?? contents.get(name);
      if (content !== undefined) files.set(relPath, content);
      else await walk(join(dir, name), relPath, fromDisk?.folders.has(name) ?? false);
    }
    return true;
  };
  return (await walk(root, "", true)) ? files : undefined;
}
