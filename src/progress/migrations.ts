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

export const MIGRATIONS: MigrationTable = { 1: attemptsV1toV2 };

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
