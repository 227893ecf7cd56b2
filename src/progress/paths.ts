/**
 * Where kadet keeps the learner's progress, and the names of the files beside it.
 * Kept apart from the store so the folder rules can be tested without touching disk.
 */
import os from "node:os";
import path from "node:path";

export const PROGRESS_FILE_NAME = "progress.json";

/** What `resolveDataDir` looks at; every field defaults to the running process. */
export interface DataDirInputs {
  env?: Readonly<Record<string, string | undefined>>;
  platform?: NodeJS.Platform;
  homedir?: string;
}

/**
 * The folder that holds progress.json:
 * 1. `$KADET_HOME` when set and non-empty (a relative value is taken from the working folder);
 * 2. `$XDG_DATA_HOME/kadet` when set to an absolute path (the XDG Base Directory spec says an
 *    empty value means "unset" and a relative one is invalid and must be ignored);
 * 3. the platform's per-user data folder: `~/Library/Application Support/kadet` on macOS,
 *    `%LOCALAPPDATA%\kadet` on Windows, `~/.local/share/kadet` elsewhere.
 */
export function resolveDataDir(inputs: DataDirInputs = {}): string {
  const env = inputs.env ?? process.env;
  const platform = inputs.platform ?? process.platform;
  const homedir = inputs.homedir ?? os.homedir();

  const kadetHome = env["KADET_HOME"];
  if (kadetHome !== undefined && kadetHome !== "") return path.resolve(kadetHome);

  const xdgDataHome = env["XDG_DATA_HOME"];
  if (xdgDataHome !== undefined && path.isAbsolute(xdgDataHome)) return path.join(xdgDataHome, "kadet");

  if (platform === "darwin") return path.join(homedir, "Library", "Application Support", "kadet");
  if (platform === "win32") {
    const localAppData = env["LOCALAPPDATA"];
    const base = localAppData !== undefined && localAppData !== "" ? localAppData : path.join(homedir, "AppData", "Local");
    return path.win32.join(base, "kadet");
  }
  return path.join(homedir, ".local", "share", "kadet");
}

/** How `dir` was chosen, for messages that must say what to change. */
export function describeDataDirSource(dir: string, inputs: DataDirInputs = {}): string {
  const env = inputs.env ?? process.env;
  const kadetHome = env["KADET_HOME"];
  if (kadetHome !== undefined && kadetHome !== "" && path.resolve(kadetHome) === dir) return "set by KADET_HOME";
  const xdgDataHome = env["XDG_DATA_HOME"];
  if (xdgDataHome !== undefined && path.isAbsolute(xdgDataHome) && path.join(xdgDataHome, "kadet") === dir) return "from XDG_DATA_HOME";
  if (resolveDataDir(inputs) === dir) return "kadet's default data folder";
  return "the data folder kadet was given";
}

/** Every file name the store reads or writes inside its data folder. */
export interface ProgressPaths {
  dir: string;
  /** The live progress file. */
  file: string;
  /** The previous version of `file`, kept on every write. */
  backup: string;
  /** Every attempt and lesson read, one line each, appended before `file` is rewritten. */
  journal: string;
  /** Marks the folder as in use by one kadet process. */
  lock: string;
  /** Where a write is staged before it is renamed over `file`. */
  tempFor(pid: number): string;
  /** Where a damaged file is moved aside, named after the moment it was found. */
  corruptFor(damagedFile: string, at: Date): string;
}

export function progressPaths(dir: string): ProgressPaths {
  const file = path.join(dir, PROGRESS_FILE_NAME);
  return {
    dir,
    file,
    backup: `${file}.bak`,
    journal: path.join(dir, "progress.journal"),
    lock: path.join(dir, "progress.lock"),
    tempFor: (pid) => `${file}.tmp-${pid}`,
    // ':' is not allowed in Windows file names and confuses some shells, so it becomes '-'.
    corruptFor: (damagedFile, at) => `${damagedFile}.corrupt-${at.toISOString().replaceAll(":", "-")}`,
  };
}
