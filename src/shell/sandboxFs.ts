/**
 * The one way kadet reaches files, on every code path (plain kubectl lines,
 * the interpreter, exercise setup, file checks): the working folder on disk,
 * mounted at its real path, and an in-memory scratch space everywhere else,
 * so `/etc/shadow` or `../x` name scratch files that do not exist, exactly as
 * in the interpreter. A guard in front of it refuses, as a missing file, what
 * would leave the working folder (symbolic links pointing out), what cannot be
 * read safely (FIFOs, devices, sockets) and files over MAX_FILE_BYTES, and
 * keeps a note saying why, which the session prints after the line.
 */
import type { IFileSystem } from "just-bash";
import { loadJustBash } from "./just-bash.js";
import { diskTreeReader, walkTree, type DiskMount } from "./file-tree.js";

/** The largest file any command may read (the interpreter's own default limit for disk files). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** A refused path, shaped like Node's ENOENT so every command prints its own "No such file or directory". */
export class SandboxRefusal extends Error {
  readonly code = "ENOENT";
  constructor(
    readonly path: string,
    /** Why, in a sentence for the learner. */
    readonly reason: string,
  ) {
    super(`ENOENT: no such file or directory, open '${path}'`);
  }
}

export interface SandboxFs {
  /** The guarded file system the interpreter and the families use. */
  fs: IFileSystem;
  /** The real folder mounted at its own path. */
  root: string;
  /** The in-memory scratch space alone (what a session snapshot saves), unguarded. */
  scratch: IFileSystem;
  /** The disk mount, when the folder exists (fileAccess's readTree reads plain files from it directly). */
  disk?: DiskMount;
  /** Why paths were refused since the last `takeNotes()`, one sentence each. */
  takeNotes(): string[];
}

/** Files the families read: relative to a folder, through the sandbox. */
export interface FileAccess {
  /** The file's text; undefined when it is missing, a folder, or refused. */
  readFile(path: string): Promise<string | undefined>;
  /** A folder's entries, sorted; undefined when it is not a folder or is refused. */
  readDir(path: string): Promise<string[] | undefined>;
  /** Writes the file, making its folders (mode applied when given). */
  writeFile(path: string, content: string, mode?: number): Promise<{ ok: true } | { ok: false; error: string }>;
  /** Removes the file if it is there. */
  removeFile(path: string): Promise<void>;
  /**
   * Every file under a folder, by path relative to it, in the folder's sorted order (a build
   * context): exactly what walking it with readDir and readFile gives, refusals and their notes
   * included; undefined when it is not a folder. Plain files and folders on the disk mount are
   * read straight from disk (file-tree.ts); anything else takes the guarded path.
   */
  readTree(path: string): Promise<Map<string, string> | undefined>;
}

/** Methods that read a file's content: the path is checked before the read starts (a FIFO would block it forever). */
const CONTENT_READS = new Set(["readFile", "readFileBytes", "readFileBuffer", "cp"]);

const ESCAPE = "leads outside the working folder (through a symbolic link), which the sandbox refuses";

const FILE_TYPES: Record<number, string> = {
  0o010000: "a FIFO (named pipe)",
  0o020000: "a character device",
  0o060000: "a block device",
  0o140000: "a socket",
};

/** The sandbox rooted at `realRoot`: that folder from disk, scratch in memory around it. */
export async function createSandboxFs(realRoot: string): Promise<SandboxFs> {
  const { InMemoryFs, MountableFs, ReadWriteFs } = await loadJustBash();
  const scratch = new InMemoryFs();
  const mounted = new MountableFs({ base: scratch });
  let disk: DiskMount | undefined;
  try {
    // maxFileReadSize stays above our limit: the guard refuses first, with its note.
    mounted.mount(realRoot, new ReadWriteFs({ root: realRoot, maxFileReadSize: MAX_FILE_BYTES + 1, allowSymlinks: true }));
    disk = { root: realRoot, maxFileBytes: MAX_FILE_BYTES };
  } catch {
    // No such folder on disk: the whole file system is scratch, and nothing of the host is reachable.
  }
  return { ...guard(mounted, realRoot, scratch), ...(disk ? { disk } : {}) };
}

function guard(inner: IFileSystem, root: string, scratch: IFileSystem): Omit<SandboxFs, "disk"> {
  let notes: string[] = [];
  const refuse = (path: string, reason: string): never => {
    const note = `kadet: ${path}: ${reason}`;
    if (!notes.includes(note)) notes.push(note);
    throw new SandboxRefusal(path, reason);
  };
  const escaped = (error: unknown): boolean => /outside sandbox|symlinks? (are )?not (allowed|permitted)/i.test(String((error as Error)?.message));
  const checkReadable = async (path: string): Promise<void> => {
    let stat;
    try {
      stat = await inner.stat(path);
    } catch (error) {
      if (escaped(error)) refuse(path, ESCAPE);
      return; // missing: the read itself reports it
    }
    if (stat.isDirectory) return;
    if (!stat.isFile) {
      const kind = FILE_TYPES[stat.mode & 0o170000] ?? "not a regular file";
      refuse(path, `is ${kind}; the sandbox reads only regular files and treats it as missing`);
    }
    if (stat.size > MAX_FILE_BYTES) {
      refuse(path, `is ${stat.size} bytes; the sandbox reads files up to 10 MiB (${MAX_FILE_BYTES} bytes) and treats larger ones as missing`);
    }
  };
  const fs = new Proxy(inner, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      const method = value as (...args: unknown[]) => unknown;
      if (property === "resolvePath" || property === "getAllPaths") return method.bind(target);
      return async (...args: unknown[]) => {
        const path = typeof args[0] === "string" ? args[0] : "";
        if (CONTENT_READS.has(String(property))) await checkReadable(path);
        try {
          return await method.apply(target, args);
        } catch (error) {
          // The disk mount refuses escapes with EACCES, which the interpreter does not expect from a
          // redirect and would die of; a missing file is what every command knows how to report.
          if (escaped(error)) refuse(path, ESCAPE);
          throw error;
        }
      };
    },
  });
  return {
    fs,
    root,
    scratch,
    takeNotes: () => {
      const taken = notes;
      notes = [];
      return taken;
    },
  };
}

/**
 * File access relative to `cwd` for the command families. `disk` is the sandbox's disk mount
 * (SandboxFs.disk) when `fs` is that sandbox's guarded file system or the interpreter's view of it.
 */
export function fileAccess(fs: IFileSystem, cwd: string, disk?: DiskMount): FileAccess {
  const readFile = async (path: string) => {
    const full = fs.resolvePath(cwd, path);
    try {
      return (await fs.stat(full)).isDirectory ? undefined : await fs.readFile(full);
    } catch {
      return undefined;
    }
  };
  const readDir = async (path: string) => {
    const full = fs.resolvePath(cwd, path);
    try {
      return (await fs.stat(full)).isDirectory ? (await fs.readdir(full)).sort() : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    readFile,
    readDir,
    readTree: async (path) => {
      const full = fs.resolvePath(cwd, path);
      return walkTree({ readFile, readDir }, full, disk && diskTreeReader(disk, full));
    },
    writeFile: async (path, content, mode) => {
      const full = fs.resolvePath(cwd, path);
      try {
        const folder = full.slice(0, full.lastIndexOf("/")) || "/";
        await fs.mkdir(folder, { recursive: true });
        await fs.writeFile(full, content);
        if (mode !== undefined) await fs.chmod(full, mode);
        return { ok: true };
      } catch (error) {
        return { ok: false, error: (error as Error).message };
      }
    },
    removeFile: async (path) => {
      await fs.rm(fs.resolvePath(cwd, path), { force: true });
    },
  };
}
