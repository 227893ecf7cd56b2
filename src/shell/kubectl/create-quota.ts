/**
 * `kubectl create quota NAME [--hard=...] [--scopes=...]`, a port of
 * kubectl 1.32's create_quota.go: --hard is split on "," then "=", each value
 * parsed as a quantity (and printed canonically, `1.5Gi` → `1536Mi`); scopes
 * are not checked on the client, only refused when empty ("the apiserver
 * does it anyway"). Golden outputs: testdata/create-quota*.golden.
 */
import { canonicalQuantity, QUANTITY_FORMAT_ERROR } from "../../sim/core/quantity.js";
import { compareBytes } from "../../sim/core/compare.js";
import type { CommandResult } from "../types.js";
import { fail, usageError } from "./errors.js";
import { inertKindWarning } from "./inert-kinds.js";
import { checkWriteFlags, submitNew } from "./submit.js";
import { defineVerb, type KubectlContext } from "./verb.js";

const DRY_RUN = { "dry-run": "unchanged" };
const NULL_TIME = null as unknown as string;

/** populateResourceListV1; keys sorted as Go marshals a map. */
function parseHard(spec: string): Record<string, string> | undefined | CommandResult {
  if (spec === "") return undefined;
  const list: Record<string, string> = {};
  for (const statement of spec.split(",")) {
    const parts = statement.split("=");
    if (parts.length !== 2) return fail(`Invalid argument syntax ${statement}, expected <resource>=<value>`);
    const value = canonicalQuantity(parts[1]!);
    if (value === undefined) return fail(QUANTITY_FORMAT_ERROR);
    list[parts[0]!] = value;
  }
  return Object.fromEntries(Object.keys(list).sort(compareBytes).map((k) => [k, list[k]!]));
}

/** parseScopes */
function parseScopes(spec: string): string[] | undefined | CommandResult {
  if (spec === "") return undefined;
  const scopes = spec.split(",");
  if (scopes.includes("")) return fail('invalid resource quota scope ""');
  return scopes;
}

const isResult = (v: unknown): v is CommandResult => typeof v === "object" && v !== null && "exitCode" in v;

export const createQuotaVerb = defineVerb({
  name: "quota",
  aliases: ["resourcequota"],
  helpKey: "create-quota",
  overrides: { noOptDefaults: DRY_RUN },
  execute(ctx: KubectlContext) {
    if (ctx.args.length !== 1) return usageError(ctx.commandPath, `exactly one NAME is required, got ${ctx.args.length}`);
    const name = ctx.args[0]!;
    const check = checkWriteFlags(ctx);
    if (check) return check;
    const hard = parseHard(ctx.flags.string("hard"));
    if (isResult(hard)) return hard;
    const scopes = parseScopes(ctx.flags.string("scopes"));
    if (isResult(scopes)) return scopes;
    const quota = {
      kind: "ResourceQuota",
      apiVersion: "v1",
      metadata: { name, ...(ctx.namespaceExplicit ? { namespace: ctx.namespace } : {}), creationTimestamp: NULL_TIME },
      spec: { ...(hard ? { hard } : {}), ...(scopes ? { scopes } : {}) },
      status: {},
    };
    const result = submitNew(ctx, quota);
    const warning = inertKindWarning("ResourceQuota", quota);
    return result.exitCode === 0 && warning ? { ...result, stderr: `${warning}\n${result.stderr}` } : result;
  },
});
