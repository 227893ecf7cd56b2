/**
 * The check types, in the order authors read them in messages. This list is
 * the only place that names them: the exercise schema, the `Check` union and
 * `evaluateCheck` are all derived from it, so a new type is one file
 * (`defineCheck`) plus one entry here.
 */
import { z } from "zod";
import { buildCheck } from "./build.js";
import { commandCheck } from "./command.js";
import { containerCheck } from "./container.js";
import { countCheck } from "./count.js";
import { dockerfileCheck } from "./dockerfile.js";
import type { CheckDefinition, SpecOf } from "./define.js";
import { fileCheck } from "./file.js";
import { etcdSnapshotCheck } from "./etcdSnapshot.js";
import { historyCheck } from "./history.js";
import { imageCheck } from "./image.js";
import { objectCheck } from "./object.js";
import { serviceSelectsCheck } from "./serviceSelects.js";

export const CHECK_DEFINITIONS = [objectCheck, commandCheck, countCheck, fileCheck, historyCheck, serviceSelectsCheck, imageCheck, containerCheck, buildCheck, dockerfileCheck, etcdSnapshotCheck] as const;

type Definition = (typeof CHECK_DEFINITIONS)[number];
export type CheckType = Definition["type"];

interface CheckBase {
  id: string;
  description: string;
  weight: number;
}

/** A validated check, discriminated by `type`; its spec sits under the key named like the type. */
export type Check = Definition extends infer D ? (D extends { type: infer T extends string } ? CheckBase & { type: T } & Record<T, SpecOf<D>> : never) : never;

export const CHECK_TYPES: readonly CheckType[] = CHECK_DEFINITIONS.map((d) => d.type);

// Seen as the common contract, so lookups need no cast per type.
const definitions: readonly CheckDefinition[] = CHECK_DEFINITIONS as unknown as readonly CheckDefinition[];

export function definitionOf(type: string): CheckDefinition | undefined {
  return definitions.find((d) => d.type === type);
}

const BASE_KEYS = ["id", "description", "weight"] as const;
const ownerOfKey = new Map<string, CheckDefinition>();
for (const d of definitions) for (const key of Object.keys(d.keys)) ownerOfKey.set(key, d);

/** The types whose marking key a check entry carries. */
function typesIn(entry: Record<string, unknown>): CheckDefinition[] {
  return definitions.filter((d) => entry[d.type] !== undefined);
}

/**
 * A check entry's keys, validated by their owners. Keys are checked in
 * `checkEntryProblems` instead (unknown ones name the known types), so the
 * object is loose here.
 */
export const CheckEntrySchema = z
  .looseObject({
    id: z.string().min(1),
    description: z.string().min(1),
    weight: z.number().positive().default(1),
    ...Object.fromEntries(definitions.flatMap((d) => Object.entries(d.keys).map(([key, schema]) => [key, (schema as z.ZodType).optional()]))),
  })
  .superRefine((entry, ctx) => {
    const types = typesIn(entry);
    if (types.length === 1) types[0]!.refine?.(entry as never, ctx);
  });

export interface EntryProblem {
  /** Below the check entry: [] for the entry, ["stdout"] for a key's value. */
  path: (string | number)[];
  /** Points the error at this key's name in the entry. */
  key?: string;
  message: string;
}

/**
 * What is wrong with a check entry's set of keys: none or several types, a
 * key of another type, a key no type owns. Reported beside the schema's
 * issues, even when those stop the schema early.
 */
export function checkEntryProblems(entry: unknown): EntryProblem[] {
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) return [];
  const record = entry as Record<string, unknown>;
  const types = typesIn(record);
  const problems: EntryProblem[] = [];
  const unknown = Object.keys(record).filter((key) => !(BASE_KEYS as readonly string[]).includes(key) && !ownerOfKey.has(key));
  const known = `known types: ${CHECK_TYPES.join(", ")}`;
  for (const key of unknown) {
    problems.push({ path: [], key, message: types.length === 0 ? `unknown check type "${key}" (${known})` : `unknown key "${key}"` });
  }
  if (types.length === 0 && unknown.length === 0) problems.push({ path: [], message: `a check needs one of ${CHECK_TYPES.join(", ")}` });
  if (types.length > 1) problems.push({ path: [], message: `a check has one type, not ${types.map((d) => d.type).join(" and ")}` });
  for (const [key, owner] of ownerOfKey) {
    if (record[key] !== undefined && record[owner.type] === undefined) problems.push({ path: [key], message: `belongs to a ${owner.type} check (one with "${owner.type}")` });
  }
  return problems;
}

/** A parsed entry (exactly one type, as `checkEntryProblems` proved) as a `Check`. */
export function toCheck(entry: z.output<typeof CheckEntrySchema>): Check {
  const [definition] = typesIn(entry);
  if (!definition) throw new Error(`check "${entry.id}" has no type`);
  const base: CheckBase = { id: entry.id, description: entry.description, weight: entry.weight };
  return { ...base, type: definition.type, [definition.type]: definition.toSpec(entry as never) } as Check;
}
