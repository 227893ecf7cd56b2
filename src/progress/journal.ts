/**
 * The journal: `progress.journal`, one JSON line per attempt or lesson read, appended and
 * flushed to disk (fsync) before progress.json is rewritten. progress.json is then only a
 * summary that can always be rebuilt: whatever generation survives (progress.json, its
 * backup, or nothing) plus the journal's events that generation does not yet hold gives
 * every save that was ever acknowledged. A line cut short by a kill is the last one and is
 * ignored (and cut off by the next writer, so appends always start on a fresh line).
 */
import { open, readFile, rename, truncate, unlink } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { flushFolder } from "./atomicFileAdapter.js";
import { applyAttempt, applyLessonRead } from "./apply.js";
import { migrateToCurrent, MIGRATIONS, type MigrationTable } from "./migrations.js";
import { isErrnoException, readProgressFile } from "./progressFile.js";
import type { ReviewScheduler } from "./review.js";
import { AttemptSchema, CURRENT_SCHEMA_VERSION, type Attempt, type ProgressData } from "./schema.js";

export const JOURNAL_FILE_NAME = "progress.journal";
/** A journal longer than this is compacted after the next full write of progress.json. */
export const MAX_JOURNAL_LINES = 1000;

export type JournalEvent = { kind: "attempt"; exerciseId: string; attempt: Attempt } | { kind: "lesson"; lessonId: string; at: string };

/** A line on disk: the event and the schema version its attempt was written in. */
const JournalLineSchema = z.union([
  z.object({ v: z.number().int().positive(), kind: z.literal("attempt"), exerciseId: z.string(), attempt: z.unknown() }),
  z.object({ v: z.number().int().positive(), kind: z.literal("lesson"), lessonId: z.string(), at: z.iso.datetime({ offset: true }) }),
]);

export function journalLine(event: JournalEvent): string {
  return `${JSON.stringify({ v: CURRENT_SCHEMA_VERSION, ...event })}\n`;
}

export type JournalContent =
  | {
      kind: "ok";
      events: JournalEvent[];
      /** Bytes up to the end of the last complete line; more on disk means a torn tail. */
      soundLength: number;
      tornTail: boolean;
      /** Complete lines that could not be understood (hand edits, a newer kadet), skipped. */
      skipped: number;
    }
  | { kind: "unreadable"; reason: string };

export async function readJournal(file: string, migrations: MigrationTable = MIGRATIONS): Promise<JournalContent> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if (isErrnoException(error) && error.code === "ENOENT") return { kind: "ok", events: [], soundLength: 0, tornTail: false, skipped: 0 };
    return { kind: "unreadable", reason: error instanceof Error ? error.message : String(error) };
  }
  const soundLength = bytes.lastIndexOf(0x0a) + 1;
  const events: JournalEvent[] = [];
  let skipped = 0;
  for (const line of bytes.subarray(0, soundLength).toString("utf8").split("\n")) {
    if (line === "") continue;
    const event = parseLine(line, migrations);
    if (event === undefined) skipped++;
    else events.push(event);
  }
  return { kind: "ok", events, soundLength, tornTail: soundLength < bytes.length, skipped };
}

function parseLine(line: string, migrations: MigrationTable): JournalEvent | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  const parsed = JournalLineSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const entry = parsed.data;
  if (entry.kind === "lesson") return { kind: "lesson", lessonId: entry.lessonId, at: entry.at };
  // An attempt from an older kadet goes through the same migrations as a whole file would.
  const wrapped = migrateToCurrent({ schemaVersion: entry.v, exercises: { x: { attempts: [entry.attempt] } }, lessons: {} }, migrations);
  if (wrapped.kind !== "current") return undefined;
  const attempt = AttemptSchema.safeParse((wrapped.data["exercises"] as { x: { attempts: unknown[] } }).x.attempts[0]);
  return attempt.success ? { kind: "attempt", exerciseId: entry.exerciseId, attempt: attempt.data } : undefined;
}

/** Cuts a torn last line off, so the next append starts a line of its own. */
export async function cutTornTail(file: string, soundLength: number): Promise<void> {
  await truncate(file, soundLength);
}

/**
 * Applies to `data` the journal's attempts that `data` does not hold yet. A generation of
 * progress.json holds a prefix of the journal's events, so an attempt is matched by its full
 * content (counted, so two identical attempts stay two), and what is missing is applied in
 * journal order, as the store applied it the first time. Lesson reads replay harmlessly.
 */
export function replayJournal(
  data: ProgressData,
  events: readonly JournalEvent[],
  scheduler: ReviewScheduler,
): { data: ProgressData; added: number; lessonsChanged: number } {
  const result = structuredClone(data);
  const held = new Map<string, number>();
  for (const [exerciseId, entry] of Object.entries(result.exercises)) {
    for (const attempt of entry.attempts) {
      const key = attemptKey(exerciseId, attempt);
      held.set(key, (held.get(key) ?? 0) + 1);
    }
  }
  let added = 0;
  const lessonsChanged = new Set<string>();
  for (const event of events) {
    if (event.kind === "lesson") {
      const previous = JSON.stringify(result.lessons[event.lessonId]);
      applyLessonRead(result, event.lessonId, event.at);
      if (JSON.stringify(result.lessons[event.lessonId]) !== previous) lessonsChanged.add(event.lessonId);
      continue;
    }
    const key = attemptKey(event.exerciseId, event.attempt);
    const count = held.get(key) ?? 0;
    if (count > 0) {
      held.set(key, count - 1);
      continue;
    }
    applyAttempt(result, event.exerciseId, structuredClone(event.attempt), scheduler);
    added++;
  }
  return { data: result, added, lessonsChanged: lessonsChanged.size };
}

/**
 * The events `data` does not hold: attempts not matched by content (counted, as replay counts
 * them) and lesson reads that would still change it. What a compacted journal must keep.
 */
export function eventsNotHeldBy(data: ProgressData, events: readonly JournalEvent[]): JournalEvent[] {
  const lessons = structuredClone(data);
  const held = new Map<string, number>();
  for (const [exerciseId, entry] of Object.entries(data.exercises)) {
    for (const attempt of entry.attempts) {
      const key = attemptKey(exerciseId, attempt);
      held.set(key, (held.get(key) ?? 0) + 1);
    }
  }
  const kept: JournalEvent[] = [];
  for (const event of events) {
    if (event.kind === "lesson") {
      const previous = JSON.stringify(lessons.lessons[event.lessonId]);
      applyLessonRead(lessons, event.lessonId, event.at);
      if (JSON.stringify(lessons.lessons[event.lessonId]) !== previous) kept.push(event);
      continue;
    }
    const key = attemptKey(event.exerciseId, event.attempt);
    const count = held.get(key) ?? 0;
    if (count > 0) held.set(key, count - 1);
    else kept.push(event);
  }
  return kept;
}

function attemptKey(exerciseId: string, attempt: Attempt): string {
  return `${exerciseId}\n${canonicalJson(attempt)}`;
}

/** JSON with object keys sorted, so the same attempt read from two files compares equal. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * Appends events, one line each, flushed to disk before the promise resolves; appends are
 * queued so lines never interleave. After a failed append the next one starts with a newline,
 * in case the failure left part of a line behind.
 */
export class JournalWriter {
  private queue: Promise<void> = Promise.resolve();
  private mayBeTorn = false;
  private folderFlushed = false;
  /** Lines in the file, counted on the first compaction check, then kept up to date. */
  private lines: number | undefined;

  constructor(
    readonly file: string,
    private readonly compaction?: { backup: string; migrations?: MigrationTable; maxLines?: number; pid?: number },
  ) {}

  append(event: JournalEvent): Promise<void> {
    const line = journalLine(event);
    const run = this.queue.catch(() => undefined).then(() => this.write(line));
    this.queue = run;
    return run;
  }

  /**
   * Called after progress.json was written in full: once the journal is over maxLines, it is
   * rewritten with only the events progress.json.bak (the generation before that write) does
   * not hold, so either surviving generation plus the journal still gives every save. The new
   * journal is written aside, flushed, and renamed over the old one: a kill leaves the old
   * journal or the new, never a mix (a staging file left by a kill is removed on open). Lines
   * this kadet cannot read (a newer kadet's) stop compaction, as does a backup it cannot read.
   */
  compactIfLong(): Promise<void> {
    const run = this.queue.catch(() => undefined).then(() => this.compact());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async compact(): Promise<void> {
    if (this.compaction === undefined) return;
    const maxLines = this.compaction.maxLines ?? MAX_JOURNAL_LINES;
    if (this.lines === undefined) {
      const bytes = await readFile(this.file).catch(() => Buffer.alloc(0));
      this.lines = bytes.reduce((n, b) => (b === 0x0a ? n + 1 : n), 0);
    }
    if (this.lines <= maxLines) return;
    const journal = await readJournal(this.file, this.compaction.migrations);
    if (journal.kind !== "ok" || journal.skipped > 0) return;
    const backup = await readProgressFile(this.compaction.backup, this.compaction.migrations);
    if (backup.kind !== "ok") return;
    const kept = eventsNotHeldBy(backup.data, journal.events);
    if (kept.length >= journal.events.length) return;
    const staging = `${this.file}.tmp-${this.compaction.pid ?? process.pid}`;
    try {
      const handle = await open(staging, "w", 0o600);
      try {
        await handle.writeFile(kept.map(journalLine).join(""), "utf8");
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(staging, this.file);
    } catch (error) {
      await unlink(staging).catch(() => undefined);
      throw error;
    }
    await flushFolder(path.dirname(this.file));
    this.lines = kept.length;
    this.mayBeTorn = false;
  }

  private async write(line: string): Promise<void> {
    const text = this.mayBeTorn ? `\n${line}` : line;
    this.mayBeTorn = true;
    if (this.lines !== undefined) this.lines++;
    const handle = await open(this.file, "a", 0o600);
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    this.mayBeTorn = false;
    // The first append may have created the file: make its name durable too.
    if (!this.folderFlushed) {
      await flushFolder(path.dirname(this.file));
      this.folderFlushed = true;
    }
  }
}
