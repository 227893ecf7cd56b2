/**
 * `kubectl taint`: adds (`key=value:Effect`, `key:Effect`), replaces (with
 * --overwrite) and removes (`key:Effect-`, `key-`) taints on named nodes, on
 * nodes a selector picks, or on all nodes. Argument checks, their order and
 * their texts follow kubectl/pkg/cmd/taint/taint.go and utils.go (1.32); the
 * client-side ones are recorded in testdata/errors/taint-*.err.
 * https://kubernetes.io/docs/reference/kubectl/generated/kubectl_taint/
 */
import { kindNamed, resolveResource } from "../../sim/api/kinds.js";
import { labelValueErrors, qualifiedNameErrors } from "../../sim/api/admission/messages.js";
import type { StoredObject } from "../../sim/api/types.js";
import { matches } from "../../sim/core/labels.js";
import { failure, type CommandResult } from "../types.js";
import { dryRunStrategy, dryRunSuffix } from "./common.js";
import { apiErrorText, usageError } from "./errors.js";
import { parseSelectorFlag } from "./targets.js";
import { defineVerb, type KubectlContext } from "./verb.js";

export type TaintEffect = "NoSchedule" | "PreferNoSchedule" | "NoExecute";
const EFFECTS: readonly string[] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

/** A node taint (core/v1 Taint); `effect` is empty only in a removal spec (`key-`). */
export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect | "";
  timeAdded?: string;
}

export const taintVerb = defineVerb({
  name: "taint",
  helpKey: "taint",
  overrides: { noOptDefaults: { "dry-run": "unchanged" } },
  execute: (ctx) => taint(ctx),
});

/** core/v1 Taint.ToString: `key=value:Effect`, `key:Effect`, `key=value:` or `key`. */
export function taintToString(t: Taint): string {
  const value = t.value ?? "";
  if (t.effect === "") return value === "" ? t.key : `${t.key}=${value}:`;
  return value === "" ? `${t.key}:${t.effect}` : `${t.key}=${value}:${t.effect}`;
}

/** utils.go parseTaint: `<key>=<value>:<effect>`, `<key>:<effect>` or `<key>`. */
function parseTaint(spec: string): Taint | string {
  const parts = spec.split(":");
  let key: string;
  let value = "";
  let effect = "";
  if (parts.length === 1) {
    key = parts[0]!;
  } else if (parts.length === 2) {
    effect = parts[1]!;
    if (!EFFECTS.includes(effect)) return `invalid taint effect: ${effect}, unsupported taint effect`;
    const kv = parts[0]!.split("=");
    if (kv.length > 2) return `invalid taint spec: ${spec}`;
    key = kv[0]!;
    if (kv.length === 2) {
      value = kv[1]!;
      const errs = labelValueErrors(value);
      if (errs.length > 0) return `invalid taint spec: ${spec}, ${errs.join("; ")}`;
    }
  } else {
    return `invalid taint spec: ${spec}`;
  }
  const errs = qualifiedNameErrors(key);
  if (errs.length > 0) return `invalid taint spec: ${spec}, ${errs.join("; ")}`;
  return { key, ...(value !== "" ? { value } : {}), effect: effect as TaintEffect | "" };
}

/** utils.go parseTaints: taints to add (each needs an effect, unique by key+effect) and to remove (`...-`). */
export function parseTaints(specs: readonly string[]): { add: Taint[]; remove: Taint[] } | string {
  const add: Taint[] = [];
  const remove: Taint[] = [];
  for (const spec of specs) {
    if (spec.endsWith("-")) {
      const parsed = parseTaint(spec.slice(0, -1));
      if (typeof parsed === "string") return parsed;
      remove.push({ key: parsed.key, effect: parsed.effect });
      continue;
    }
    const parsed = parseTaint(spec);
    if (typeof parsed === "string") return parsed;
    if (parsed.effect === "") return `invalid taint spec: ${spec}`;
    if (add.some((t) => t.key === parsed.key && t.effect === parsed.effect)) {
      // Go's %v of the Taint struct: {Key Value Effect TimeAdded}.
      return `duplicated taints with the same key and effect: {${parsed.key} ${parsed.value ?? ""} ${parsed.effect} <nil>}`;
    }
    add.push(parsed);
  }
  return { add, remove };
}

const sameTaint = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;

/**
 * utils.go reorganizeTaints: the node's new taint list (the added ones first,
 * then the old ones they do not replace, minus the removed ones), the word
 * kubectl prints (`tainted`, `untainted`, `modified`) and the removals that
 * matched nothing.
 */
export function reorganizeTaints(
  old: readonly Taint[],
  overwrite: boolean,
  add: readonly Taint[],
  remove: readonly Taint[],
): { taints: Taint[]; operation: "tainted" | "untainted" | "modified"; errors: string[] } {
  let taints: Taint[] = [...add];
  for (const o of old) if (!taints.some((t) => sameTaint(t, o))) taints.push(o);
  const added = old.length !== taints.length;
  const errors: string[] = [];
  // Upstream keeps only the last removal's outcome for the operation word.
  let deleted = false;
  for (const r of remove) {
    const before = taints.length;
    taints = taints.filter((t) => (r.effect === "" ? t.key !== r.key : !sameTaint(t, r)));
    deleted = taints.length !== before;
    if (!deleted) errors.push(`taint "${taintToString(r)}" not found`);
  }
  const operation = (added && deleted) || overwrite ? "modified" : added ? "tainted" : "untainted";
  return { taints, operation, errors };
}

/** utilerrors.Aggregate.Error(): one message alone, several as `[a, b]`. */
export function aggregateText(messages: readonly string[]): string {
  return messages.length === 1 ? messages[0]! : `[${messages.join(", ")}]`;
}

/**
 * cmdutil.CheckErr on what a command returned: one error as `error: msg`,
 * an aggregate of several as one line each without the prefix.
 */
export function checkErrText(messages: readonly string[]): string {
  if (messages.length === 0) return "";
  if (messages.length === 1) {
    const m = messages[0]!;
    return `${m.startsWith("error: ") || m.startsWith("Error from server") ? m : `error: ${m}`}\n`;
  }
  return messages.map((m) => `${m}\n`).join("");
}

async function taint(ctx: KubectlContext): Promise<CommandResult> {
  const dry = dryRunStrategy(ctx);
  if (!dry.ok) return failure(dry.error);
  // taint.go Complete: resources first, then taint changes (anything with `=`, `:` or a trailing `-`).
  const resources: string[] = [];
  const taintArgs: string[] = [];
  for (const arg of ctx.args) {
    const isTaint = arg.includes("=") || arg.includes(":") || arg.endsWith("-");
    if (isTaint) taintArgs.push(arg);
    else if (taintArgs.length > 0) return failure(`error: all resources must be specified before taint changes: ${arg}`);
    else resources.push(arg);
  }
  if (resources.length < 1) return failure("error: one or more resources must be specified as <resource> <name>");
  if (taintArgs.length < 1) return failure("error: at least one taint update is required");
  const parsed = parseTaints(taintArgs);
  if (typeof parsed === "string") return usageError(ctx.commandPath, parsed);
  const output = ctx.flags.string("output");
  if (output !== "" && output !== "name") return failure(`kadet: 'kubectl taint -o ${output}' is not simulated yet`);

  // taint.go Validate: the type must map to Node; no taint both added and removed; names or -l or --all.
  const typed = resources[0]!.toLowerCase();
  const info = resolveResource(typed);
  if (!info) return failure(`the server doesn't have a resource type "${typed}"`);
  if (info.kind !== "Node") return failure(`error: invalid resource type ${typed}, only node types are supported`);
  const conflicts: string[] = [];
  for (const a of parsed.add) {
    for (const r of parsed.remove) {
      if (a.key === r.key && (r.effect === "" || a.effect === r.effect)) conflicts.push(`${r.key}=${r.effect}`);
    }
  }
  if (conflicts.length > 0) return failure(`error: can not both modify and remove the following taint(s) in the same command: ${conflicts.join(", ")}`);
  const selectorText = ctx.flags.string("selector");
  const all = ctx.flags.bool("all");
  if (all && selectorText !== "") return failure("error: setting 'all' parameter with a non empty selector is prohibited");
  if (!all && selectorText === "" && resources.length < 2) return failure("error: at least one resource name must be specified since 'all' parameter is not set");
  const selector = parseSelectorFlag(selectorText);
  if (!selector.ok) return failure(selector.error);

  const nodeInfo = kindNamed("Node")!;
  const nodes: StoredObject[] = [];
  const errors: string[] = [];
  if (all || selectorText !== "") {
    for (const node of ctx.world.api.list(nodeInfo)) if (matches(node.metadata.labels, selector.selector ?? [])) nodes.push(node);
  } else {
    for (const name of resources.slice(1)) {
      const got = ctx.world.api.get(nodeInfo, undefined, name);
      if (got.ok) nodes.push(got.value);
      else errors.push(apiErrorText(got.error));
    }
  }

  const overwrite = ctx.flags.bool("overwrite");
  let stdout = "";
  for (const node of nodes) {
    const spec = (node.spec ?? {}) as { taints?: Taint[] };
    const old = spec.taints ?? [];
    if (!overwrite) {
      // utils.go checkIfTaintsAlreadyExists: keys of taints to add whose key and effect are already there.
      const exists = parsed.add.filter((t) => old.some((o) => sameTaint(o, t))).map((t) => t.key);
      if (exists.length > 0) {
        errors.push(`node ${node.metadata.name} already has ${exists.join(",")} taint(s) with same effect(s) and --overwrite is false`);
        continue;
      }
    }
    const result = reorganizeTaints(old, overwrite, parsed.add, parsed.remove);
    if (result.errors.length > 0) {
      errors.push(aggregateText(result.errors));
      continue;
    }
    if (dry.value !== "client") {
      const updated = structuredClone(node);
      const newSpec = { ...(updated.spec ?? {}) } as { taints?: Taint[] };
      if (result.taints.length > 0) newSpec.taints = result.taints;
      else delete newSpec.taints;
      updated.spec = newSpec;
      const written = ctx.world.api.update(nodeInfo, updated, { dryRun: dry.value === "server" });
      if (!written.ok) {
        errors.push(apiErrorText(written.error));
        continue;
      }
    }
    stdout += output === "name" ? `node/${node.metadata.name}\n` : `node/${node.metadata.name} ${result.operation}${dryRunSuffix(dry.value)}\n`;
  }
  const stderr = dry.warning + checkErrText(errors);
  return { stdout, stderr, exitCode: errors.length > 0 ? 1 : 0 };
}
