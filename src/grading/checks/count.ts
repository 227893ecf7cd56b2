/**
 * The `count` check: how many objects of a kind match a label selector and a
 * field selector, as `kubectl get KIND -l ... --field-selector ...` would
 * list them, compared with equals / atLeast / atMost.
 */
import { parseSelector, matches, formatSelector } from "../../sim/core/labels.js";
import { z } from "zod";
import { convertFieldSelector, matchesFields, parseFieldSelector, type FieldRequirement } from "../../shell/kubectl/field-selector.js";
import { defineCheck } from "./define.js";
import { inNamespace, listNames, podPhase } from "./describe.js";
import { kindField, kindOf, selectorField } from "./fields.js";
import { result, type CheckContext, type CheckIdentity, type CheckResult } from "./types.js";

const fieldSelectorField = z.string().regex(/^\s*[\w.]+\s*(==|=|!=)\s*[^,]*(,\s*[\w.]+\s*(==|=|!=)\s*[^,]*)*$/, "must look like status.phase=Running");

const CountCheckSchema = z
  .strictObject({
    kind: kindField,
    namespace: z.string().min(1).optional(),
    selector: selectorField.optional(),
    fieldSelector: fieldSelectorField.optional(),
    equals: z.number().int().min(0).optional(),
    atLeast: z.number().int().min(0).optional(),
    atMost: z.number().int().min(0).optional(),
  })
  .superRefine((spec, ctx) => {
    if (spec.equals === undefined && spec.atLeast === undefined && spec.atMost === undefined) {
      ctx.addIssue({ code: "custom", message: "a count check needs equals, atLeast or atMost" });
    }
    if (spec.equals !== undefined && (spec.atLeast !== undefined || spec.atMost !== undefined)) {
      ctx.addIssue({ code: "custom", message: "use equals alone, or atLeast and/or atMost" });
    }
    // The kubectl the learner would type gets a BadRequest for a field the kind does not index: so does the author.
    const info = kindOf(spec.kind);
    const parsed = spec.fieldSelector === undefined ? [] : parseFieldSelector(spec.fieldSelector);
    if (info && typeof parsed !== "string") {
      const converted = convertFieldSelector(info, parsed);
      if (!converted.ok) ctx.addIssue({ code: "custom", path: ["fieldSelector"], message: `the API server refuses it for ${info.plural}: ${converted.message}` });
    }
  });

export type CountCheckSpec = z.infer<typeof CountCheckSchema>;

export const countCheck = defineCheck({
  type: "count",
  keys: { count: CountCheckSchema },
  toSpec: (input) => input.count,
  evaluate: evaluateCount,
});

function describeBound(spec: CountCheckSpec): string {
  if (spec.equals !== undefined) return `exactly ${spec.equals}`;
  const parts: string[] = [];
  if (spec.atLeast !== undefined) parts.push(`at least ${spec.atLeast}`);
  if (spec.atMost !== undefined) parts.push(`at most ${spec.atMost}`);
  return parts.join(" and ");
}

function withinBound(spec: CountCheckSpec, n: number): boolean {
  if (spec.equals !== undefined && n !== spec.equals) return false;
  if (spec.atLeast !== undefined && n < spec.atLeast) return false;
  if (spec.atMost !== undefined && n > spec.atMost) return false;
  return true;
}

function evaluateCount(check: CheckIdentity, spec: CountCheckSpec, ctx: CheckContext): CheckResult {
  const info = kindOf(spec.kind);
  if (!info) return result(check, { status: "error", message: `the check names an unknown kind "${spec.kind}"` });
  let selector;
  let fields: FieldRequirement[];
  try {
    selector = spec.selector ? parseSelector(spec.selector) : [];
  } catch (e) {
    return result(check, { status: "error", message: `the check's selector cannot be used: ${(e as Error).message}` });
  }
  const parsed = spec.fieldSelector ? parseFieldSelector(spec.fieldSelector) : [];
  const converted = typeof parsed === "string" ? { ok: false as const, message: parsed } : convertFieldSelector(info, parsed);
  if (!converted.ok) return result(check, { status: "error", message: `the check's field selector cannot be used: ${converted.message}` });
  fields = converted.requirements;
  const namespace = info.namespaced ? spec.namespace ?? "default" : undefined;
  const labelled = ctx.world.api.list(info, namespace).filter((o) => matches(o.metadata.labels, selector));
  const counted = labelled.filter((o) => matchesFields(info, o, fields));
  const n = counted.length;
  const expected = describeBound(spec);

  const what = [
    `${info.plural}`,
    selector.length > 0 ? ` labelled ${formatSelector(selector)}` : "",
    fields.length > 0 ? ` with ${spec.fieldSelector}` : "",
    inNamespace(info, namespace),
  ].join("");
  const names = counted.length > 0 ? ` (${listNames(counted.map((o) => o.metadata.name))})` : "";
  if (withinBound(spec, n)) return result(check, { status: "pass", observed: String(n), expected, message: `found ${n} ${what}${names}` });

  let message = `found ${n} ${what}${names}, expected ${expected}`;
  // Objects that have the labels but not the fields are usually the learner's clue (pods still Pending).
  const others = labelled.filter((o) => !counted.includes(o));
  if (fields.length > 0 && others.length > 0) {
    const shown = others.map((o) => (info.kind === "Pod" ? `${o.metadata.name}: ${podPhase(o)}` : o.metadata.name));
    message += `; ${others.length} more ${others.length === 1 ? "has" : "have"} the labels but not ${spec.fieldSelector} (${listNames(shown)})`;
  }
  return result(check, { status: "fail", observed: String(n), expected, message });
}
