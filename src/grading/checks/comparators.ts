/**
 * Comparators: how a check compares what it observed (a JSONPath result, a
 * command's stdout, a file's text) with what the exercise expects. Values are
 * compared as strings, trimmed; greaterThan/lessThan compare numbers.
 * `matches` is an unanchored regular expression, as grep would use it, in RE2
 * syntax (regex.ts says why).
 */
import { z } from "zod";
import { checkRegexError, compileCheckRegex } from "./regex.js";

export const COMPARATOR_KEYS = ["equals", "notEquals", "matches", "contains", "oneOf", "greaterThan", "lessThan", "exists"] as const;
export type ComparatorKey = (typeof COMPARATOR_KEYS)[number];

/** YAML authors write `equals: 3` as often as `equals: "3"`; both mean the text "3". */
const ScalarText = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));
const NumberLike = z.union([z.number(), z.string().regex(/^\s*-?\d+(\.\d+)?\s*$/, "must be a number")]).transform((v) => Number(v));

/** The comparator keys, to spread into any schema that compares a value. */
export const comparatorFields = {
  equals: ScalarText.optional(),
  notEquals: ScalarText.optional(),
  matches: z.string().optional(),
  contains: ScalarText.optional(),
  oneOf: z.array(ScalarText).min(1).optional(),
  greaterThan: NumberLike.optional(),
  lessThan: NumberLike.optional(),
  exists: z.boolean().optional(),
};

export type Comparator =
  | { op: "equals" | "notEquals" | "contains"; value: string }
  | { op: "matches"; value: string }
  | { op: "oneOf"; values: string[] }
  | { op: "greaterThan" | "lessThan"; value: number }
  | { op: "exists"; value: boolean };

type ComparatorFieldValues = { [K in ComparatorKey]?: unknown };

/** The comparator keys present in a parsed spec. */
export function comparatorKeysIn(spec: ComparatorFieldValues): ComparatorKey[] {
  return COMPARATOR_KEYS.filter((key) => spec[key] !== undefined);
}

/** Validates a spec's comparator keys for zod's superRefine: at most one (or exactly one), regexes that compile. */
export function refineComparator(
  spec: ComparatorFieldValues,
  ctx: z.RefinementCtx,
  rule: { required: boolean; allowed?: readonly ComparatorKey[]; what: string },
): void {
  const keys = comparatorKeysIn(spec);
  if (keys.length > 1) {
    ctx.addIssue({ code: "custom", message: `use one comparator, not ${keys.join(" and ")}` });
  } else if (keys.length === 0 && rule.required) {
    ctx.addIssue({ code: "custom", message: `${rule.what} needs a comparator (${COMPARATOR_KEYS.join(", ")})` });
  }
  for (const key of keys) {
    if (rule.allowed && !rule.allowed.includes(key)) {
      ctx.addIssue({ code: "custom", path: [key], message: `${rule.what} can only use ${rule.allowed.join(", ")}` });
    }
  }
  if (typeof spec.matches === "string") {
    const error = regexError(spec.matches);
    if (error) ctx.addIssue({ code: "custom", path: ["matches"], message: `invalid regular expression: ${error}` });
  }
}

export const regexError = checkRegexError;

/** The single comparator of a validated spec, or undefined when it has none. */
export function comparatorOf(spec: {
  equals?: string;
  notEquals?: string;
  matches?: string;
  contains?: string;
  oneOf?: string[];
  greaterThan?: number;
  lessThan?: number;
  exists?: boolean;
}): Comparator | undefined {
  if (spec.equals !== undefined) return { op: "equals", value: spec.equals };
  if (spec.notEquals !== undefined) return { op: "notEquals", value: spec.notEquals };
  if (spec.matches !== undefined) return { op: "matches", value: spec.matches };
  if (spec.contains !== undefined) return { op: "contains", value: spec.contains };
  if (spec.oneOf !== undefined) return { op: "oneOf", values: spec.oneOf };
  if (spec.greaterThan !== undefined) return { op: "greaterThan", value: spec.greaterThan };
  if (spec.lessThan !== undefined) return { op: "lessThan", value: spec.lessThan };
  if (spec.exists !== undefined) return { op: "exists", value: spec.exists };
  return undefined;
}

/** How the expectation reads in a verdict: `nginx:1.27`, `matching /^web-/`, `greater than 2`. */
export function describeExpected(comparator: Comparator): string {
  switch (comparator.op) {
    case "equals":
      return comparator.value === "" ? "(empty)" : comparator.value;
    case "notEquals":
      return `anything but ${comparator.value === "" ? "(empty)" : comparator.value}`;
    case "matches":
      return `matching /${comparator.value}/`;
    case "contains":
      return `containing ${JSON.stringify(comparator.value)}`;
    case "oneOf":
      return `one of ${comparator.values.join(", ")}`;
    case "greaterThan":
      return `greater than ${comparator.value}`;
    case "lessThan":
      return `less than ${comparator.value}`;
    case "exists":
      return comparator.value ? "set (not empty)" : "not set (empty)";
  }
}

export type Comparison = { ok: true } | { ok: false; reason?: string };

/** Compares an observed value; `undefined` (absent) compares like the empty string. */
export function compare(comparator: Comparator, observed: string | undefined): Comparison {
  const text = (observed ?? "").trim();
  switch (comparator.op) {
    case "equals":
      return verdict(text === comparator.value.trim());
    case "notEquals":
      return verdict(text !== comparator.value.trim());
    case "matches":
      return verdict(compileCheckRegex(comparator.value).test(text));
    case "contains":
      return verdict(text.includes(comparator.value));
    case "oneOf":
      return verdict(comparator.values.some((v) => v.trim() === text));
    case "greaterThan":
    case "lessThan": {
      if (!/^-?\d+(\.\d+)?$/.test(text)) return { ok: false, reason: text === "" ? "nothing to compare: the value is empty" : `"${text}" is not a number` };
      const n = Number(text);
      return verdict(comparator.op === "greaterThan" ? n > comparator.value : n < comparator.value);
    }
    case "exists":
      return verdict((text !== "") === comparator.value);
  }
}

const verdict = (ok: boolean): Comparison => (ok ? { ok: true } : { ok: false });

/** An observed value as a verdict shows it. */
export function showObserved(observed: string | undefined): string {
  const text = (observed ?? "").trim();
  return text === "" ? "(empty)" : text;
}
