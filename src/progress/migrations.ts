/**
 * Brings an older progress file up to the current schema version, one step at a time.
 * Version 1 is the first, so the table is empty; the next schema change adds `1: (v1) => v2`
 * here and a test that feeds a real v1 file through it.
 */
import { CURRENT_SCHEMA_VERSION } from "./schema.js";

/** Turns data of version N (the table key) into data of version N+1. */
export type Migration = (data: Record<string, unknown>) => Record<string, unknown>;
export type MigrationTable = Readonly<Record<number, Migration>>;

export const MIGRATIONS: MigrationTable = {};

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
