/**
 * Opens the progress store: finds the data folder, takes the lock, reads progress.json and,
 * when it is damaged, keeps it aside and recovers from the backup. Every problem becomes a
 * warning for the CLI or TUI to show; nothing is thrown for a learner's file being wrong.
 */
import { link, lstat, rename, unlink } from "node:fs/promises";
import path from "node:path";
import { Low, Memory } from "lowdb";
import { AtomicProgressFileAdapter, cleanTempLeftovers } from "./atomicFileAdapter.js";
import { cutTornTail, JournalWriter, readJournal, replayJournal } from "./journal.js";
import { acquireLock, cleanLockLeftovers, realProcessProbe, type LockAttempt, type ProcessProbe } from "./lock.js";
import { MIGRATIONS, type MigrationTable } from "./migrations.js";
import { dataFolderMessage, ensureDataFolder, explainErrno } from "./dataFolder.js";
import { describeDataDirSource, progressPaths, resolveDataDir, type DataDirInputs, type ProgressPaths } from "./paths.js";
import { countAttempts, isErrnoException, readProgressFile, type ProgressFileContent } from "./progressFile.js";
import { FsrsScheduler, type ReviewScheduler } from "./review.js";
import { CURRENT_SCHEMA_VERSION, emptyProgress, type ProgressData } from "./schema.js";
import { ProgressStore } from "./store.js";

export interface OpenProgressOptions {
  /** The data folder; when absent it is resolved from the environment (see `resolveDataDir`). */
  home?: string;
  /** Inputs for `resolveDataDir` when `home` is absent. */
  dataDir?: DataDirInputs;
  /** The clock for timestamps, lock start times and corrupt-file names. */
  now?: () => Date;
  scheduler?: ReviewScheduler;
  /** Process facts for the lock; tests fake a dead lock holder with it. */
  processProbe?: ProcessProbe;
  migrations?: MigrationTable;
  /** Journal lines over which it is compacted (MAX_JOURNAL_LINES); tests make it small. */
  maxJournalLines?: number;
}

export interface OpenedProgress {
  store: ProgressStore;
  /** Messages for the learner, already in plain sentences. */
  warnings: string[];
}

const NOT_SAVED = "progress from this session will not be saved";

export async function openProgress(options: OpenProgressOptions = {}): Promise<OpenedProgress> {
  const clock = options.now ?? (() => new Date());
  const probe = options.processProbe ?? realProcessProbe;
  const scheduler = options.scheduler ?? new FsrsScheduler();
  const dir = options.home !== undefined ? path.resolve(options.home) : resolveDataDir(options.dataDir);
  const paths = progressPaths(dir);
  const warnings: string[] = [];

  const source = describeDataDirSource(dir, options.dataDir);
  const folder = await ensureDataFolder(dir);
  if (!folder.ok) {
    const reason = dataFolderMessage(dir, folder.problem, source, NOT_SAVED);
    return { store: readOnlyStore(emptyProgress(), paths, clock, scheduler, reason), warnings: [reason] };
  }

  const lockAttempt = await acquireLock(paths.lock, probe, clock());
  if (lockAttempt.kind === "failed") {
    // The folder exists but nothing can be created in it: read-only, or not ours.
    const reason = dataFolderMessage(dir, `files cannot be created in it (${explainErrno(lockAttempt.error)})`, source, NOT_SAVED);
    const loaded = await loadWithRecovery(paths, false, clock, options.migrations ?? MIGRATIONS);
    if (loaded.readOnlyReason === undefined) await catchUpWithJournal(loaded, paths, false, scheduler, options.migrations ?? MIGRATIONS);
    return { store: readOnlyStore(loaded.data, paths, clock, scheduler, reason), warnings: [reason, ...loaded.warnings] };
  }
  const lock = lockAttempt.kind === "acquired" ? lockAttempt.lock : undefined;
  // Staging files and takeover mutexes of killed processes are obsolete once we hold the lock.
  if (lock !== undefined) {
    await cleanLockLeftovers(paths.lock, probe);
    // File ages are real time, whatever clock the session runs on.
    await cleanTempLeftovers(paths.file, { pid: probe.pid, isProcessAlive: (pid) => probe.isProcessAlive(pid), now: new Date() });
    await cleanTempLeftovers(paths.journal, { pid: probe.pid, isProcessAlive: (pid) => probe.isProcessAlive(pid), now: new Date() });
  }
  let readOnlyReason = lockAttempt.kind === "acquired" ? undefined : lockWarning(lockAttempt, paths, probe);
  if (readOnlyReason !== undefined) warnings.push(readOnlyReason);

  const migrations = options.migrations ?? MIGRATIONS;
  const loaded = await loadWithRecovery(paths, lock !== undefined, clock, migrations);
  if (loaded.readOnlyReason === undefined) await catchUpWithJournal(loaded, paths, lock !== undefined, scheduler, migrations);
  warnings.push(...loaded.warnings);
  if (loaded.readOnlyReason !== undefined) {
    readOnlyReason ??= loaded.readOnlyReason;
    await lock?.release(); // we will not write, so let another kadet have the folder
  }

  if (readOnlyReason !== undefined) {
    return { store: readOnlyStore(loaded.data, paths, clock, scheduler, readOnlyReason), warnings };
  }

  const adapter = new AtomicProgressFileAdapter({ file: paths.file, backup: paths.backup, temp: paths.tempFor(probe.pid) });
  const db = new Low<ProgressData>(adapter, loaded.data);
  const journal = new JournalWriter(paths.journal, { backup: paths.backup, migrations, pid: probe.pid, ...(options.maxJournalLines !== undefined ? { maxLines: options.maxJournalLines } : {}) });
  if (loaded.rewrite) {
    try {
      await db.write();
    } catch (error) {
      warnings.push(`could not save progress to ${paths.file}: ${errorText(error)}`);
    }
  }

  const releaseOnExit = (): void => lock?.releaseSync();
  process.on("exit", releaseOnExit);
  const store = new ProgressStore(db, {
    path: paths.file,
    clock,
    scheduler,
    ...(lock !== undefined ? { lock } : {}),
    journal,
    onClose: () => process.off("exit", releaseOnExit),
  });
  return { store, warnings };
}

function readOnlyStore(
  data: ProgressData,
  paths: ProgressPaths,
  clock: () => Date,
  scheduler: ReviewScheduler,
  readOnlyReason: string,
): ProgressStore {
  // lowdb's Memory adapter: the session still works, its changes simply stay in memory.
  const db = new Low<ProgressData>(new Memory<ProgressData>(), data);
  return new ProgressStore(db, { path: paths.file, clock, scheduler, readOnlyReason });
}

function lockWarning(attempt: Extract<LockAttempt, { kind: "held" }>, paths: ProgressPaths, probe: ProcessProbe): string {
  if (attempt.owner === undefined) {
    return `another kadet may be using ${paths.dir} (${paths.lock} could not be read; delete it if no kadet is running); ${NOT_SAVED}`;
  }
  const { pid, hostname } = attempt.owner;
  if (hostname !== probe.hostname) {
    // Its pid cannot be checked from here; tell the learner how to get out if it is long gone.
    return `another kadet (pid ${pid} on ${hostname}) is using ${paths.dir}; ${NOT_SAVED} (delete ${paths.lock} if that kadet is no longer running)`;
  }
  return `another kadet (pid ${pid}) is using ${paths.dir}; ${NOT_SAVED}`;
}

/**
 * Brings the loaded generation up to date with the journal: attempts whose journal line was
 * flushed but whose progress.json write never finished (a kill in between), or that the
 * damaged file held and its backup does not. The lock holder also cuts a torn last line off
 * and rewrites progress.json; a read-only session only shows the result.
 */
async function catchUpWithJournal(
  loaded: LoadedProgress,
  paths: ProgressPaths,
  mayModifyFiles: boolean,
  scheduler: ReviewScheduler,
  migrations: MigrationTable,
): Promise<void> {
  const journal = await readJournal(paths.journal, migrations);
  const journalName = path.basename(paths.journal);
  if (journal.kind === "unreadable") {
    const message = `could not read the journal ${paths.journal}: ${journal.reason}; ${NOT_SAVED} (kadet needs to read and append to it; fix its permissions)`;
    loaded.warnings.push(message);
    loaded.readOnlyReason = message;
    return;
  }
  if (journal.tornTail && mayModifyFiles) {
    try {
      await cutTornTail(paths.journal, journal.soundLength);
    } catch (error) {
      const message = `could not repair the journal ${paths.journal}: ${errorText(error)}; ${NOT_SAVED}`;
      loaded.warnings.push(message);
      loaded.readOnlyReason = message;
      return;
    }
  }
  if (journal.skipped > 0) {
    loaded.warnings.push(`${journal.skipped} ${journal.skipped === 1 ? "line" : "lines"} of the journal ${paths.journal} could not be understood and ${journal.skipped === 1 ? "was" : "were"} skipped`);
  }
  const replayed = replayJournal(loaded.data, journal.events, scheduler);
  if (replayed.added === 0 && replayed.lessonsChanged === 0) return;
  loaded.data = replayed.data;
  loaded.rewrite ||= mayModifyFiles;
  let attempts = `${replayed.added} ${replayed.added === 1 ? "attempt" : "attempts"}`;
  if (replayed.lessonsChanged > 0) attempts += ` and ${replayed.lessonsChanged} ${replayed.lessonsChanged === 1 ? "lesson read" : "lesson reads"}`;
  if (loaded.recovering) {
    const last = loaded.warnings.length - 1;
    loaded.warnings[last] = `${loaded.warnings[last]}; ${attempts} newer than that restored from the journal ${journalName}`;
  } else if (loaded.nothingOnDisk) {
    loaded.warnings.push(`progress file ${paths.file} and its backup were missing; ${attempts} rebuilt from the journal ${journalName}`);
  }
}

interface LoadedProgress {
  data: ProgressData;
  warnings: string[];
  /** progress.json was missing or damaged: the last warning tells the learner where data came from. */
  recovering?: boolean;
  /** Neither progress.json nor its backup exists (a first run, or both deleted). */
  nothingOnDisk?: boolean;
  /** Write `data` at once (recovered or migrated), so progress.json is sound again. */
  rewrite: boolean;
  /** Set when the files are in a state this process must not touch. */
  readOnlyReason?: string;
}

/**
 * Decides what to start from. A damaged progress.json is moved aside (never overwritten) when
 * this process holds the lock; the backup is used when it is valid. A file from a newer kadet,
 * or one that cannot be read at all, makes the session read-only: writing would destroy it.
 */
async function loadWithRecovery(
  paths: ProgressPaths,
  mayModifyFiles: boolean,
  clock: () => Date,
  migrations: MigrationTable,
): Promise<LoadedProgress> {
  const main = await readProgressFile(paths.file, migrations);
  switch (main.kind) {
    case "ok":
      return { data: main.data, warnings: [], rewrite: main.migratedFrom !== undefined && mayModifyFiles };
    case "newer":
      return readOnlyLoad(newerMessage(paths.file, main.version));
    case "unreadable":
      return readOnlyLoad(`could not read progress file ${paths.file}: ${main.reason}; ${NOT_SAVED}`);
    case "missing": {
      const backup = await readProgressFile(paths.backup, migrations);
      if (backup.kind === "missing") return { data: emptyProgress(), warnings: [], rewrite: false, nothingOnDisk: true };
      const opening = `progress file ${paths.file} was missing`;
      return recoverFromBackup(opening, backup, paths, mayModifyFiles, clock);
    }
    case "damaged": {
      let opening = `could not read progress file ${paths.file}: ${main.reason}`;
      if (!mayModifyFiles) {
        opening += "; the damaged file was left in place";
      } else {
        const aside = await moveAside(paths.file, paths.corruptFor(paths.file, clock()));
        if (!aside.moved) {
          return readOnlyLoad(`${opening}; it could not be moved aside (${aside.reason}); ${NOT_SAVED}`);
        }
        opening += `; the damaged file was kept as ${path.basename(aside.to)}`;
      }
      const backup = await readProgressFile(paths.backup, migrations);
      return recoverFromBackup(opening, backup, paths, mayModifyFiles, clock);
    }
  }
}

async function recoverFromBackup(
  opening: string,
  backup: ProgressFileContent,
  paths: ProgressPaths,
  mayModifyFiles: boolean,
  clock: () => Date,
): Promise<LoadedProgress> {
  const backupName = path.basename(paths.backup);
  switch (backup.kind) {
    case "ok": {
      const attempts = countAttempts(backup.data);
      const message = `${opening}; starting from the backup ${backupName} (${attempts} ${attempts === 1 ? "attempt" : "attempts"})`;
      return { data: backup.data, warnings: [message], rewrite: mayModifyFiles, recovering: true };
    }
    case "missing":
      return { data: emptyProgress(), warnings: [`${opening}; there is no backup, starting with empty progress`], rewrite: mayModifyFiles, recovering: true };
    case "damaged": {
      let message = `${opening}; the backup ${backupName} could not be read either (${backup.reason})`;
      if (mayModifyFiles) {
        const aside = await moveAside(paths.backup, paths.corruptFor(paths.backup, clock()));
        if (!aside.moved) return readOnlyLoad(`${message} and could not be moved aside (${aside.reason}); ${NOT_SAVED}`);
        message += ` and was kept as ${path.basename(aside.to)}`;
      }
      return { data: emptyProgress(), warnings: [`${message}; starting with empty progress`], rewrite: mayModifyFiles, recovering: true };
    }
    case "newer":
      return readOnlyLoad(`${opening}; ${newerMessage(paths.backup, backup.version)}`);
    case "unreadable":
      return readOnlyLoad(`${opening}; the backup ${backupName} could not be read either (${backup.reason}); ${NOT_SAVED}`);
  }
}

function readOnlyLoad(message: string): LoadedProgress {
  return { data: emptyProgress(), warnings: [message], rewrite: false, readOnlyReason: message };
}

function newerMessage(file: string, version: number): string {
  return `progress file ${file} was written by a newer kadet (schemaVersion ${version}; this one understands up to ${CURRENT_SCHEMA_VERSION}); ${NOT_SAVED}`;
}

type MoveAside = { moved: true; to: string } | { moved: false; reason: string };

/**
 * Moves `file` to `target` (or `target-1`, `-2`, ... when a file of that name is already kept).
 * link + unlink rather than rename, because rename would silently replace an older kept file.
 */
async function moveAside(file: string, target: string): Promise<MoveAside> {
  for (let n = 0; n < 100; n++) {
    const to = n === 0 ? target : `${target}-${n}`;
    if (await exists(to)) continue;
    try {
      await link(file, to);
    } catch (error) {
      if (isErrnoException(error) && error.code === "EEXIST") continue;
      // Some file systems have no hard links; the name was free a moment ago, so rename.
      try {
        await rename(file, to);
        return { moved: true, to };
      } catch (renameError) {
        return { moved: false, reason: errorText(renameError) };
      }
    }
    try {
      await unlink(file);
    } catch (error) {
      return { moved: false, reason: errorText(error) };
    }
    return { moved: true, to };
  }
  return { moved: false, reason: `too many kept files named ${path.basename(target)}` };
}

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch {
    return false;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

