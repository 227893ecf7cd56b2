/**
 * The learner's progress as the rest of kadet sees it: record attempts and lesson reads, ask
 * for an exercise's history, a summary, or what is due for review. Built by `openProgress`;
 * saving goes through lowdb and whatever adapter it was given (atomic file, or memory when
 * the session is read-only). Saving never throws: the result says whether it reached disk.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { Low } from "lowdb";
import { explainErrno } from "./dataFolder.js";
import { isErrnoException } from "./progressFile.js";
import { applyAttempt, applyLessonRead } from "./apply.js";
import type { JournalEvent, JournalWriter } from "./journal.js";
import type { HeldLock } from "./lock.js";
import type { ReviewScheduler } from "./review.js";
import type { ReviewGrade } from "./skillGrade.js";
import {
  AttemptSchema,
  describeSchemaIssues,
  type Attempt,
  type CheckOutcome,
  type CommandLogEntry,
  type ExerciseProgress,
  type LessonProgress,
  type ProgressData,
  type SkillCard,
} from "./schema.js";

/** Observed and expected texts longer than this are cut, so one noisy check cannot bloat the file. */
export const MAX_CHECK_TEXT_CHARS = 4000;
const TRUNCATION_MARK = "\n[... cut by kadet]";

/** What the grader hands over after an attempt. Score and pass/fail are derived from `checks`. */
export interface AttemptInput {
  /** Defaults to the store's clock. */
  at?: Date;
  /** The command log; a bare line means its exit status is not known. */
  commands: readonly (string | CommandLogEntry)[];
  /** Unknown (null) when not given. */
  hintsUsed?: number;
  solutionViewed?: boolean;
  durationMs?: number;
  /** The exercise's `minutes`, which the review grade compares the time taken with; unknown (null) when not given. */
  minutes?: number;
  files?: Readonly<Record<string, string>>;
  checks: readonly CheckOutcome[];
}

/**
 * `repeated` is set when this very reason has already reached the learner (as a warning from
 * `openProgress`, or with an earlier save), so a caller can say it once rather than at every
 * attempt.
 */
export type SaveResult = { saved: true } | { saved: false; reason: string; repeated?: true };

export interface RecordedAttempt {
  attempt: Attempt;
  exercise: ExerciseProgress;
  /** This attempt was the first to pass every check. */
  newlyCompleted: boolean;
  /** The review grade each check's card got (skillGrade.ts), by check id. */
  grades: Record<string, ReviewGrade>;
  save: SaveResult;
}

export interface TopicSummary {
  attempted: number;
  completed: number;
  points: number;
}

export interface ProgressSummary {
  lessonsRead: number;
  exercisesAttempted: number;
  exercisesCompleted: number;
  /** Sum of each exercise's best score. */
  points: number;
  /** Only filled for exercises the `topicsOf` lookup knows; keys sorted. */
  byTopic: Record<string, TopicSummary>;
}

/** One skill card (a check of an exercise) with its due date and its retrievability now. */
export interface SkillItem {
  exerciseId: string;
  checkId: string;
  due: Date;
  /** 0..1: the chance of passing it now, by FSRS's forgetting curve. */
  retrievability: number;
  card: SkillCard;
}

/** An exercise with due skill cards: served as one micro-exercise, since its checks share a world. */
export interface DueReview {
  exerciseId: string;
  /** The earliest due date among its due cards. */
  due: Date;
  /** The lowest retrievability among its due cards: the order reviews are served in. */
  retrievability: number;
  /** Its due cards, lowest retrievability first. */
  items: SkillItem[];
  /** The most lapses of any of its cards (FSRS counts a lapse each time a learnt card is failed). */
  lapses: number;
}

export interface ProgressStoreOptions {
  path: string;
  clock: () => Date;
  scheduler: ReviewScheduler;
  /** Set when this session must not write; the text says why (and was among the open warnings). */
  readOnlyReason?: string;
  lock?: HeldLock;
  /** Where each attempt and lesson read is appended before progress.json is rewritten. */
  journal?: JournalWriter;
  /** Runs once when the store closes (e.g. to drop an exit hook). */
  onClose?: () => void;
}

export class ProgressStore {
  private closed = false;
  /** Reasons for unsaved work the learner has already been given. */
  private readonly reported = new Set<string>();

  constructor(
    private readonly db: Low<ProgressData>,
    private readonly options: ProgressStoreOptions,
  ) {
    if (options.readOnlyReason !== undefined) this.reported.add(options.readOnlyReason);
  }

  /** The progress file this store reads and writes. */
  get path(): string {
    return this.options.path;
  }

  get readOnly(): boolean {
    return this.readOnlyReason !== undefined;
  }

  /** Why nothing is being saved, or undefined when saves go to disk. */
  get readOnlyReason(): string | undefined {
    if (this.closed) return "the progress store is closed";
    return this.options.readOnlyReason;
  }

  exercise(exerciseId: string): ExerciseProgress | undefined {
    const entry = this.db.data.exercises[exerciseId];
    return entry === undefined ? undefined : structuredClone(entry);
  }

  lesson(lessonId: string): LessonProgress | undefined {
    const entry = this.db.data.lessons[lessonId];
    return entry === undefined ? undefined : structuredClone(entry);
  }

  /** A copy of everything, e.g. for export. */
  snapshot(): ProgressData {
    return structuredClone(this.db.data);
  }

  /** Throws a TypeError for an attempt the schema would reject (a grader bug, e.g. NaN points). */
  async recordAttempt(exerciseId: string, input: AttemptInput): Promise<RecordedAttempt> {
    const at = input.at ?? this.options.clock();
    const attempt = buildAttempt(input, at);
    const { entry, newlyCompleted, grades } = applyAttempt(this.db.data, exerciseId, attempt, this.options.scheduler);
    const save = await this.save({ kind: "attempt", exerciseId, attempt: structuredClone(attempt) });
    return { attempt: structuredClone(attempt), exercise: structuredClone(entry), newlyCompleted, grades, save };
  }

  async markLessonRead(lessonId: string, at: Date = this.options.clock()): Promise<SaveResult> {
    const when = at.toISOString();
    applyLessonRead(this.db.data, lessonId, when);
    return this.save({ kind: "lesson", lessonId, at: when });
  }

  summary(topicsOf: (exerciseId: string) => readonly string[] = () => []): ProgressSummary {
    const byTopic = new Map<string, TopicSummary>();
    let exercisesAttempted = 0;
    let exercisesCompleted = 0;
    // Hundredths, like the grader: best scores of 3.34 and 3.33 add up to 6.67, not 6.670000000000001.
    let cents = 0;
    const topicCents = new Map<string, number>();
    for (const [exerciseId, entry] of Object.entries(this.db.data.exercises)) {
      if (entry.attempts.length === 0) continue;
      const completed = entry.completedAt !== null;
      const best = entry.bestScore ?? 0;
      exercisesAttempted++;
      if (completed) exercisesCompleted++;
      cents += toCents(best);
      for (const topic of new Set(topicsOf(exerciseId))) {
        const totals = byTopic.get(topic) ?? { attempted: 0, completed: 0, points: 0 };
        totals.attempted++;
        if (completed) totals.completed++;
        const inTopic = (topicCents.get(topic) ?? 0) + toCents(best);
        topicCents.set(topic, inTopic);
        totals.points = inTopic / 100;
        byTopic.set(topic, totals);
      }
    }
    const sortedTopics = [...byTopic.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return {
      lessonsRead: Object.keys(this.db.data.lessons).length,
      exercisesAttempted,
      exercisesCompleted,
      points: cents / 100,
      byTopic: Object.fromEntries(sortedTopics),
    };
  }

  /** Every skill card, with its retrievability at `now`; ordered by exercise id, then check id (byte order). */
  skillItems(now: Date): SkillItem[] {
    const items: SkillItem[] = [];
    for (const [exerciseId, entry] of Object.entries(this.db.data.exercises)) {
      for (const [checkId, card] of Object.entries(entry.cards)) {
        items.push({ exerciseId, checkId, due: new Date(card.due), retrievability: this.options.scheduler.retrievability(card, now), card: structuredClone(card) });
      }
    }
    return items.sort((a, b) => byteOrder(a.exerciseId, b.exerciseId) || byteOrder(a.checkId, b.checkId));
  }

  /**
   * Exercises with a skill card due at `now`, lowest retrievability first (the one most likely
   * forgotten comes first), then earliest due, then id, for a stable order.
   */
  dueForReview(now: Date): DueReview[] {
    const byExercise = new Map<string, SkillItem[]>();
    for (const item of this.skillItems(now)) {
      if (item.due.getTime() > now.getTime()) continue;
      const list = byExercise.get(item.exerciseId) ?? [];
      list.push(item);
      byExercise.set(item.exerciseId, list);
    }
    const due: DueReview[] = [...byExercise.entries()].map(([exerciseId, items]) => {
      items.sort((a, b) => a.retrievability - b.retrievability || byteOrder(a.checkId, b.checkId));
      const cards = Object.values(this.db.data.exercises[exerciseId]?.cards ?? {});
      return {
        exerciseId,
        due: new Date(Math.min(...items.map((i) => i.due.getTime()))),
        retrievability: items[0]!.retrievability,
        items,
        lapses: Math.max(0, ...cards.map((c) => c.lapses)),
      };
    });
    return due.sort((a, b) => a.retrievability - b.retrievability || a.due.getTime() - b.due.getTime() || byteOrder(a.exerciseId, b.exerciseId));
  }

  /** Waits for pending saves and releases the lock; later saves report that the store is closed. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pendingSave.catch(() => undefined);
    this.options.onClose?.();
    await this.options.lock?.release();
  }

  private notSaved(reason: string): SaveResult {
    if (this.reported.has(reason)) return { saved: false, reason, repeated: true };
    this.reported.add(reason);
    return { saved: false, reason };
  }

  private pendingSave: Promise<SaveResult> = Promise.resolve({ saved: true });

  /** The journal line first (flushed), then progress.json: a kill in between loses nothing. */
  private save(event: JournalEvent): Promise<SaveResult> {
    const reason = this.readOnlyReason;
    if (reason !== undefined) return Promise.resolve(this.notSaved(reason));
    const journaled = this.options.journal?.append(event) ?? Promise.resolve();
    const journal = this.options.journal;
    const run = journaled
      .then(() => this.db.write())
      // A long journal is compacted only now, with this generation written in full; a failed
      // compaction keeps the whole journal, which loses nothing.
      .then(() => journal?.compactIfLong().catch(() => undefined))
      .then(
        (): SaveResult => ({ saved: true }),
        (error: unknown): SaveResult => this.notSaved(saveFailure(this.path, error)),
      );
    this.pendingSave = run;
    return run;
  }
}

/** A failed save in plain words; a vanished folder is named as such rather than as ENOENT. */
function saveFailure(file: string, error: unknown): string {
  const dir = path.dirname(file);
  if (isErrnoException(error) && error.code === "ENOENT" && !existsSync(dir)) {
    return `could not save progress to ${file}: the data folder ${dir} no longer exists (was it deleted while kadet was running?); restart kadet to create it again`;
  }
  return `could not save progress to ${file}: ${explainErrno(error)}`;
}

function buildAttempt(input: AttemptInput, at: Date): Attempt {
  const checks = input.checks.map(trimCheckTexts);
  const attempt: Attempt = {
    at: at.toISOString(),
    commands: input.commands.map((c) =>
      typeof c === "string" ? { line: c, exitCode: null } : { line: c.line, exitCode: c.exitCode, ...(c.modelTime !== undefined ? { modelTime: c.modelTime } : {}) },
    ),
    hintsUsed: input.hintsUsed ?? null,
    solutionViewed: input.solutionViewed ?? null,
    durationMs: input.durationMs ?? null,
    minutes: input.minutes ?? null,
    checks,
    score: sumPoints(checks.filter((check) => check.result === "pass")),
    maxScore: sumPoints(checks),
    passed: checks.length > 0 && checks.every((check) => check.result === "pass"),
  };
  if (input.files !== undefined) attempt.files = { ...input.files };
  // Refuse here rather than write a file that the next load would call damaged.
  const checked = AttemptSchema.safeParse(attempt);
  if (!checked.success) throw new TypeError(`invalid attempt: ${describeSchemaIssues(checked.error)}`);
  return attempt;
}

/**
 * Adds points in integer hundredths, so that 3.34 + 3.33 + 3.33 is 10 and not
 * 10.000000000000002: the grader allocates points to the hundredth (grading/points.ts).
 */
function sumPoints(checks: readonly CheckOutcome[]): number {
  return checks.reduce((cents, check) => cents + toCents(check.points), 0) / 100;
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toCents(points: number): number {
  return Math.round(points * 100);
}

function trimCheckTexts(check: CheckOutcome): CheckOutcome {
  const trimmed: CheckOutcome = { ...check };
  if (trimmed.observed !== undefined) trimmed.observed = cut(trimmed.observed);
  if (trimmed.expected !== undefined) trimmed.expected = cut(trimmed.expected);
  return trimmed;
}

function cut(text: string): string {
  return text.length <= MAX_CHECK_TEXT_CHARS ? text : text.slice(0, MAX_CHECK_TEXT_CHARS) + TRUNCATION_MARK;
}
