/**
 * Brings an older progress file up to the current schema version, one step at a time.
 * Each step only reshapes; the result is still checked against the current schema on load.
 */
import { CURRENT_SCHEMA_VERSION } from "./schema.js";

/** Turns data of version N (the table key) into data of version N+1. */
export type Migration = (data: Record<string, unknown>) => Record<string, unknown>;
export type MigrationTable = Readonly<Record<number, Migration>>;

/**
 * 1 → 2: commands become a log with exit codes, and attempts gain hints used, solution viewed
 * and time taken. Version 1 never recorded those, so they become null ("not known") rather
 * than a guess such as 0 hints, which a review scheduler would read as a clean attempt.
 */
function attemptsV1toV2(data: Record<string, unknown>): Record<string, unknown> {
  const exercises = data["exercises"];
  if (typeof exercises !== "object" || exercises === null || Array.isArray(exercises)) return data;
  const migrated: Record<string, unknown> = {};
  for (const [id, entry] of Object.entries(exercises as Record<string, unknown>)) {
    const attempts = (entry as { attempts?: unknown } | null)?.attempts;
    if (!Array.isArray(attempts)) {
      migrated[id] = entry;
      continue;
    }
    migrated[id] = {
      ...(entry as Record<string, unknown>),
      attempts: attempts.map((attempt: unknown) => {
        if (typeof attempt !== "object" || attempt === null) return attempt;
        const old = attempt as Record<string, unknown>;
        const commands = Array.isArray(old["commands"]) ? old["commands"].map((line: unknown) => ({ line, exitCode: null })) : old["commands"];
        return { ...old, commands, hintsUsed: null, solutionViewed: null, durationMs: null };
      }),
    };
  }
  return { ...data, exercises: migrated };
}

/** The intervals of the five-box Leitner scheduler that wrote version 2's `review` cards. */
export const V2_LEITNER_INTERVAL_DAYS: readonly number[] = [1, 3, 7, 14, 30];

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * FSRS's difficulty runs from 1 to 10; a Leitner box says nothing about it, so a migrated
 * card starts at the middle and FSRS moves it from the next review on.
 */
export const MIGRATED_DIFFICULTY = 5.5;

/**
 * 2 → 3: the exercise's one Leitner card becomes one FSRS card per check (the checks of the
 * latest attempt), and attempts gain `minutes` (null: version 2 did not keep it, so no time
 * rule applies to them). A migrated card keeps the Leitner card's due date, reviews, lapses
 * and last review, so nothing the learner was told about what is due moves. Its stability is
 * the box's interval in days: Leitner chose that interval as the gap at which the card should
 * still be recalled, which is what FSRS's stability means at 90% retention. Its state is
 * "review": kadet schedules without minute steps (review.ts), where every reviewed card is.
 */
function cardsV2toV3(data: Record<string, unknown>): Record<string, unknown> {
  const exercises = data["exercises"];
  if (typeof exercises !== "object" || exercises === null || Array.isArray(exercises)) return data;
  const migrated: Record<string, unknown> = {};
  for (const [id, value] of Object.entries(exercises as Record<string, unknown>)) {
    if (typeof value !== "object" || value === null) {
      migrated[id] = value;
      continue;
    }
    const { review, ...entry } = value as Record<string, unknown>;
    const attempts = Array.isArray(entry["attempts"]) ? entry["attempts"] : [];
    const newAttempts = attempts.map((a: unknown) => (typeof a === "object" && a !== null ? { ...(a as object), minutes: null } : a));
    const cards: Record<string, unknown> = {};
    const card = leitnerToFsrs(review);
    if (card !== undefined) for (const checkId of latestCheckIds(attempts)) cards[checkId] = { ...card };
    migrated[id] = { ...entry, attempts: newAttempts, cards };
  }
  return { ...data, exercises: migrated };
}

function latestCheckIds(attempts: readonly unknown[]): string[] {
  const last = attempts[attempts.length - 1] as { checks?: unknown } | undefined;
  if (!Array.isArray(last?.checks)) return [];
  return last.checks.map((c: unknown) => (c as { id?: unknown }).id).filter((id): id is string => typeof id === "string");
}

function leitnerToFsrs(review: unknown): Record<string, unknown> | undefined {
  if (typeof review !== "object" || review === null) return undefined;
  const card = review as Record<string, unknown>;
  if (card["scheduler"] !== "leitner") return undefined;
  const due = typeof card["due"] === "string" ? card["due"] : undefined;
  const last = typeof card["lastReviewedAt"] === "string" ? card["lastReviewedAt"] : null;
  if (due === undefined) return undefined;
  const state = card["state"] as { box?: unknown } | undefined;
  const lastBox = V2_LEITNER_INTERVAL_DAYS.length - 1;
  const box = typeof state?.box === "number" && Number.isInteger(state.box) && state.box >= 0 ? Math.min(state.box, lastBox) : 0;
  const reviews = typeof card["reviews"] === "number" ? card["reviews"] : 0;
  const lapses = typeof card["lapses"] === "number" ? card["lapses"] : 0;
  const intervalDays = V2_LEITNER_INTERVAL_DAYS[box] ?? 1;
  const scheduledDays = last === null ? intervalDays : Math.max(0, Math.round((Date.parse(due) - Date.parse(last)) / DAY_MS));
  return {
    due,
    stability: intervalDays,
    difficulty: MIGRATED_DIFFICULTY,
    scheduledDays,
    learningSteps: 0,
    reps: reviews,
    lapses,
    state: "review",
    lastReview: last,
    // Leitner kept no grades; a lapse-free first box is not a failure, so it is left unknown.
    lastGrade: null,
  };
}

export const MIGRATIONS: MigrationTable = { 1: attemptsV1toV2, 2: cardsV2toV3 };

export type MigrationResult =
  | { kind: "current"; data: Record<string, unknown>; migratedFrom?: number }
  /** Written by a newer kadet: must not be rewritten by this one. */
  | { kind: "newer"; version: number }
  | { kind: "invalid"; reason: string };

export function migrateToCurrent(
  raw: unknown,
  table: MigrationTable = MIGRATIONS,
  current: number = CURRENT_SCHEMA_VERSION,
): MigrationResult {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { kind: "invalid", reason: "the top level is not a JSON object" };
  }
  let data = raw as Record<string, unknown>;
  const version = data["schemaVersion"];
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    return { kind: "invalid", reason: `schemaVersion is ${JSON.stringify(version) ?? "missing"}, expected a positive integer` };
  }
  if (version > current) return { kind: "newer", version };
  if (version === current) return { kind: "current", data };

  for (let from = version; from < current; from++) {
    const step = table[from];
    if (step === undefined) {
      return { kind: "invalid", reason: `no migration from schemaVersion ${from} to ${from + 1}` };
    }
    try {
      data = { ...step(data), schemaVersion: from + 1 };
    } catch (error) {
      return { kind: "invalid", reason: `migration from schemaVersion ${from} failed: ${errorText(error)}` };
    }
  }
  return { kind: "current", data, migratedFrom: version };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
