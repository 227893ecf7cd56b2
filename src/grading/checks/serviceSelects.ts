/**
 * The `serviceSelects` check: a Service's selector matches at least N
 * Running pods in its namespace — the condition for it to have endpoints
 * (https://kubernetes.io/docs/concepts/services-networking/service/#services-in-kubernetes).
 * When it selects nothing, the message says which labels the pods do carry.
 */
import { kindNamed } from "../../sim/api/kinds.js";
import { formatSelector, fromMap, matches } from "../../sim/core/labels.js";
import type { StoredObject } from "../../sim/api/types.js";
import { z } from "zod";
import { defineCheck } from "./define.js";
import { listNames, missingObjectMessage, podPhase, POD } from "./describe.js";
import { result, type CheckContext, type CheckIdentity, type CheckResult } from "./types.js";

const ServiceSelectsSchema = z.strictObject({
  name: z.string().min(1),
  namespace: z.string().min(1).optional(),
  atLeast: z.number().int().min(1).default(1),
});

export type ServiceSelectsSpec = z.infer<typeof ServiceSelectsSchema>;

export const serviceSelectsCheck = defineCheck({
  type: "serviceSelects",
  keys: { serviceSelects: ServiceSelectsSchema },
  toSpec: (input) => input.serviceSelects,
  evaluate: evaluateServiceSelects,
});

/** Labels controllers add on their own; they only clutter a learner's view of a pod's labels. */
const GENERATED_LABELS = new Set(["pod-template-hash", "controller-revision-hash", "pod-template-generation", "statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index"]);

function shownLabels(pod: StoredObject): string {
  const labels = Object.entries(pod.metadata.labels ?? {}).filter(([key]) => !GENERATED_LABELS.has(key));
  return labels.length === 0 ? "(no labels)" : labels.map(([k, v]) => `${k}=${v}`).join(",");
}

/** "app=frontend" when all pods agree, else "app=api (api-1, api-2); app=db (db-0)". */
function describePodLabels(pods: StoredObject[]): string {
  const groups = new Map<string, string[]>();
  for (const pod of pods) {
    const key = shownLabels(pod);
    groups.set(key, [...(groups.get(key) ?? []), pod.metadata.name]);
  }
  if (groups.size === 1) return `the pods are labelled ${[...groups.keys()][0]}`;
  return `the pods are labelled ${[...groups.entries()].map(([labels, names]) => `${labels} (${listNames(names)})`).join("; ")}`;
}

function evaluateServiceSelects(check: CheckIdentity, spec: ServiceSelectsSpec, ctx: CheckContext): CheckResult {
  const namespace = spec.namespace ?? "default";
  const serviceInfo = kindNamed("Service")!;
  const expected = `at least ${spec.atLeast} Running pod${spec.atLeast === 1 ? "" : "s"}`;
  const service = ctx.world.api.find(serviceInfo, namespace, spec.name);
  if (!service) {
    return result(check, { status: "fail", observed: "(no such Service)", expected, message: missingObjectMessage(ctx.world, serviceInfo, namespace, spec.name) });
  }
  const selectorMap = ((service.spec ?? {}) as { selector?: Record<string, string> }).selector;
  if (!selectorMap || Object.keys(selectorMap).length === 0) {
    return result(check, {
      status: "fail",
      observed: "(no selector)",
      expected,
      message: `Service ${spec.name} has no selector, so it selects no pods (its endpoints would have to be managed by hand)`,
    });
  }
  const selector = fromMap(selectorMap);
  const shown = formatSelector(selector);
  const pods = ctx.world.api.list(POD(), namespace);
  const selected = pods.filter((p) => matches(p.metadata.labels, selector));
  const running = selected.filter((p) => podPhase(p) === "Running");
  const observed = `${running.length} Running pod${running.length === 1 ? "" : "s"}`;

  if (running.length >= spec.atLeast) {
    return result(check, { status: "pass", observed, expected, message: `Service ${spec.name} selects ${shown}: ${listNames(running.map((p) => p.metadata.name))}` });
  }
  let cause: string;
  if (pods.length === 0) cause = `there are no pods in namespace ${namespace}`;
  else if (selected.length === 0) cause = `no pod has ${selector.length === 1 ? "that label" : "those labels"} — ${describePodLabels(pods)}`;
  else {
    const notRunning = selected.filter((p) => podPhase(p) !== "Running").map((p) => `${p.metadata.name}: ${podPhase(p)}`);
    cause =
      `${selected.length} pod${selected.length === 1 ? " matches" : "s match"} but only ${running.length} ${running.length === 1 ? "is" : "are"} Running` +
      (notRunning.length > 0 ? ` (${listNames(notRunning)})` : "");
  }
  return result(check, { status: "fail", observed, expected, message: `Service ${spec.name} selects ${shown}; ${cause}` });
}
