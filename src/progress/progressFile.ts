/**
 * Reads one progress file (progress.json or its backup) and says what is in it, as a value:
 * valid data, nothing, damage (with a reason a learner can act on), a file from a newer
 * kadet, or an I/O failure. Deciding what to do about it is `openProgress`'s job.
 */
import { readFile } from "node:fs/promises";
import { migrateToCurrent, MIGRATIONS, type MigrationTable } from "./migrations.js";
import { describeSchemaIssues, ProgressDataSchema, type ProgressData } from "./schema.js";

export type ProgressFileContent =
  | { kind: "ok"; data: ProgressData; migratedFrom?: number }
  | { kind: "missing" }
  /** Bad JSON or schema-invalid: safe to move aside. */
  | { kind: "damaged"; reason: string }
  /** A newer kadet wrote it; this one must neither rewrite nor move it. */
  | { kind: "newer"; version: number }
  /** The file exists but could not be read (permissions, a folder in its place, ...). */
  | { kind: "unreadable"; reason: string };

export function parseProgressText(text: string, migrations: MigrationTable = MIGRATIONS): ProgressFileContent {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { kind: "damaged", reason: error instanceof Error ? error.message : String(error) };
  }
  const migrated = migrateToCurrent(raw, migrations);
  if (migrated.kind === "newer") return migrated;
  if (migrated.kind === "invalid") return { kind: "damaged", reason: migrated.reason };

  const parsed = ProgressDataSchema.safeParse(migrated.data);
  if (!parsed.success) return { kind: "damaged", reason: describeSchemaIssues(parsed.error) };
  return migrated.migratedFrom === undefined
    ? { kind: "ok", data: parsed.data }
    : { kind: "ok", data: parsed.data, migratedFrom: migrated.migratedFrom };
}

export async function readProgressFile(file: string, migrations: MigrationTable = MIGRATIONS): Promise<ProgressFileContent> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if (isErrnoException(error) && error.code === "ENOENT") return { kind: "missing" };
    return { kind: "unreadable", reason: error instanceof Error ? error.message : String(error) };
  }
  return parseProgressText(text, migrations);
}

export function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && "code" in error;
}

/** "3 attempts" / "1 attempt", used when telling the learner what a backup holds. */
export function countAttempts(data: ProgressData): number {
  let total = 0;
  for (const exercise of Object.values(data.exercises)) total += exercise.attempts.length;
  return total;
}
