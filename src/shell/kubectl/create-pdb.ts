/**
 * `kubectl create poddisruptionbudget|pdb NAME --selector=... --min-available=N|--max-unavailable=N`,
 * a port of kubectl 1.32's create_pdb.go: Validate's checks in its order, then the selector
 * turned into a LabelSelector by metav1.ParseToLabelSelector (`=` into matchLabels, the rest
 * into matchExpressions sorted by key, `!=` refused) and each budget by intstr.Parse (a number
 * is an int, anything else a string). Golden outputs: testdata/create-pdb*.golden.
 */
import { compareBytes } from "../../sim/core/compare.js";
import type { Requirement } from "../../sim/core/labels.js";
import type { CommandResult } from "../types.js";
import { fail, usageError } from "./errors.js";
import { checkWriteFlags, submitNew } from "./submit.js";
import { parseSelectorFlag } from "./targets.js";
import { defineVerb, type KubectlContext } from "./verb.js";

const DRY_RUN = { "dry-run": "unchanged" };
const NULL_TIME = null as unknown as string;
/** Validate's regexp: a number or a percentage (`10`, `30%`), not `10Gb`. */
const BUDGET_FORMAT = /^[0-9]+%?$/;

/** intstr.Parse: a value Atoi reads is an int, anything else a string. */
const intOrString = (value: string): number | string => (/^[0-9]+$/.test(value) ? Number(value) : value);

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** metav1.ParseToLabelSelector over labels.Parse's requirements (which come sorted by key). */
function toLabelSelector(requirements: readonly Requirement[]): LabelSelector | string {
  const matchLabels: Record<string, string> = {};
  const matchExpressions: NonNullable<LabelSelector["matchExpressions"]> = [];
  const sorted = [...requirements].sort((a, b) => compareBytes(a.key, b.key));
  for (const r of sorted) {
    switch (r.op) {
      case "=":
        matchLabels[r.key] = r.value;
        break;
      case "!=":
        return `"!=" is not a valid label selector operator`;
      case "in":
      case "notin":
        matchExpressions.push({ key: r.key, operator: r.op === "in" ? "In" : "NotIn", values: [...new Set(r.values)].sort(compareBytes) });
        break;
      case "exists":
        matchExpressions.push({ key: r.key, operator: "Exists" });
        break;
      case "!":
        matchExpressions.push({ key: r.key, operator: "DoesNotExist" });
        break;
    }
  }
  return { ...(matchExpressions.length > 0 ? { matchExpressions } : {}), ...(Object.keys(matchLabels).length > 0 ? { matchLabels } : {}) };
}

export const createPodDisruptionBudgetVerb = defineVerb({
  name: "poddisruptionbudget",
  aliases: ["pdb"],
  helpKey: "create-poddisruptionbudget",
  overrides: { noOptDefaults: DRY_RUN },
  execute(ctx: KubectlContext): CommandResult {
    // cobra's CommandPath names the command, not the alias typed (`pdb`).
    if (ctx.args.length !== 1) return usageError("kubectl create poddisruptionbudget", `exactly one NAME is required, got ${ctx.args.length}`);
    const name = ctx.args[0]!;
    const check = checkWriteFlags(ctx);
    if (check) return check;
    const selectorText = ctx.flags.string("selector");
    const minAvailable = ctx.flags.string("min-available");
    const maxUnavailable = ctx.flags.string("max-unavailable");
    if (selectorText === "") return fail("a selector must be specified");
    if (minAvailable === "" && maxUnavailable === "") return fail("one of min-available or max-unavailable must be specified");
    if (minAvailable !== "" && maxUnavailable !== "") return fail("min-available and max-unavailable cannot be both specified");
    if (minAvailable !== "" && !BUDGET_FORMAT.test(minAvailable)) return fail("invalid format specified for min-available");
    if (maxUnavailable !== "" && !BUDGET_FORMAT.test(maxUnavailable)) return fail("invalid format specified for max-unavailable");
    const parsed = parseSelectorFlag(selectorText);
    if (!parsed.ok) return fail(`couldn't parse the selector string "${selectorText}": ${parsed.error.replace(/^error: /, "")}`);
    const selector = toLabelSelector(parsed.selector ?? []);
    if (typeof selector === "string") return fail(selector);
    const pdb = {
      kind: "PodDisruptionBudget",
      apiVersion: "policy/v1",
      metadata: { name, ...(ctx.namespaceExplicit ? { namespace: ctx.namespace } : {}), creationTimestamp: NULL_TIME },
      spec: {
        ...(minAvailable !== "" ? { minAvailable: intOrString(minAvailable) } : {}),
        ...(maxUnavailable !== "" ? { maxUnavailable: intOrString(maxUnavailable) } : {}),
        selector,
      },
      // PodDisruptionBudgetStatus's fields in Go's order; the four counts have no omitempty.
      status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
    };
    return submitNew(ctx, pdb);
  },
});
