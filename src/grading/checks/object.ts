/**
 * The `object` check: reads one object through the API server, as `kubectl
 * get KIND NAME -o jsonpath=...` would, and compares a field (or only checks
 * that the object exists, or does not).
 */
import { z } from "zod";
import { evaluateJSONPath } from "../jsonpath.js";
import { compare, comparatorFields, comparatorOf, describeExpected, refineComparator, showObserved } from "./comparators.js";
import { defineCheck } from "./define.js";
import { inNamespace, missingObjectMessage } from "./describe.js";
import { jsonPathField, kindField, kindOf } from "./fields.js";
import { result, type CheckContext, type CheckIdentity, type CheckResult } from "./types.js";

const ObjectCheckSchema = z
  .strictObject({ kind: kindField, name: z.string().min(1), namespace: z.string().min(1).optional(), jsonpath: jsonPathField.optional(), ...comparatorFields })
  .superRefine((spec, ctx) =>
    spec.jsonpath === undefined
      ? refineComparator(spec, ctx, { required: false, allowed: ["exists"], what: "an object check without jsonpath" })
      : refineComparator(spec, ctx, { required: true, what: "an object check with a jsonpath" }),
  );

export type ObjectCheckSpec = z.infer<typeof ObjectCheckSchema>;

export const objectCheck = defineCheck({
  type: "object",
  keys: { object: ObjectCheckSchema },
  toSpec: (input) => input.object,
  evaluate: evaluateObject,
});

function evaluateObject(check: CheckIdentity, spec: ObjectCheckSpec, ctx: CheckContext): CheckResult {
  const info = kindOf(spec.kind);
  if (!info) return result(check, { status: "error", message: `the check names an unknown kind "${spec.kind}"` });
  const namespace = info.namespaced ? spec.namespace ?? "default" : undefined;
  const label = `${info.kind} ${spec.name}`;
  const comparator = comparatorOf(spec);
  const found = ctx.world.api.find(info, namespace, spec.name);

  if (spec.jsonpath === undefined) {
    const wantAbsent = comparator?.op === "exists" && comparator.value === false;
    if (wantAbsent) {
      return found
        ? result(check, { status: "fail", observed: "exists", expected: "absent", message: `${label} still exists${inNamespace(info, namespace)}` })
        : result(check, { status: "pass", message: `no ${info.kind} named ${spec.name}${inNamespace(info, namespace)}, as expected` });
    }
    return found
      ? result(check, { status: "pass", message: `${label} exists${inNamespace(info, namespace)}` })
      : result(check, { status: "fail", observed: "absent", expected: "exists", message: missingObjectMessage(ctx.world, info, namespace, spec.name) });
  }

  if (!comparator) return result(check, { status: "error", message: "the check has a jsonpath but no comparator" });
  const expected = describeExpected(comparator);
  if (!found) {
    return result(check, { status: "fail", observed: "(no such object)", expected, message: missingObjectMessage(ctx.world, info, namespace, spec.name) });
  }
  const evaluated = evaluateJSONPath(spec.jsonpath, found);
  if (!evaluated.ok) {
    // The template parsed (the loader proved it); failing to execute means the object lacks the shape.
    return result(check, { status: "fail", observed: `(${evaluated.error})`, expected, message: `${label}: ${spec.jsonpath} cannot be read: ${evaluated.error}` });
  }
  const observed = showObserved(evaluated.output);
  const comparison = compare(comparator, evaluated.output);
  if (comparison.ok) return result(check, { status: "pass", observed, expected, message: `${label}: ${spec.jsonpath} is ${observed}` });
  return result(check, {
    status: "fail",
    observed,
    expected,
    message: `${label}: ${spec.jsonpath} is ${observed}, expected ${expected}${comparison.reason ? ` (${comparison.reason})` : ""}`,
  });
}
