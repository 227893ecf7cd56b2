/**
 * `kubectl cordon`, `uncordon` and `drain`: mark nodes (un)schedulable, and
 * evict the pods on a node so that their controllers bring them up elsewhere.
 * Order of checks, output and error texts follow kubectl 1.32's
 * kubectl/pkg/cmd/drain/drain.go (the commands) and kubectl/pkg/drain/
 * drain.go + filters.go (which pods may go, the eviction and the wait).
 * https://kubernetes.io/docs/tasks/administer-cluster/safely-drain-node/
 */
import { kindNamed } from "../../sim/api/kinds.js";
import type { StoredObject } from "../../sim/api/types.js";
import type { DeleteOptions } from "../../sim/api/server.js";
import { matches } from "../../sim/core/labels.js";
import { failure, type CommandResult } from "../types.js";
import { dryRunStrategy, dryRunSuffix, type DryRun } from "./common.js";
import { apiErrorText, flagError, usageError } from "./errors.js";
import { aggregateText, checkErrText } from "./taint.js";
import { parseSelectorFlag } from "./targets.js";
import { defineVerb, type KubectlContext } from "./verb.js";
import { parseTimestamp } from "../../sim/core/clock.js";

const NODE = kindNamed("Node")!;
const POD = kindNamed("Pod")!;
const DAEMON_SET = kindNamed("DaemonSet")!;
/** kubectl waits forever when --timeout is 0; the model stops letting time pass after this long. */
const MAX_WAIT_SECONDS = 600;

// filters.go: the messages behind drain's refusals and warnings.
export const DAEMONSET_FATAL = "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)";
export const DAEMONSET_WARNING = "ignoring DaemonSet-managed Pods";
export const LOCAL_STORAGE_FATAL = "Pods with local storage (use --delete-emptydir-data to override)";
export const LOCAL_STORAGE_WARNING = "deleting Pods with local storage";
export const UNMANAGED_FATAL = "cannot delete Pods that declare no controller (use --force to override)";
export const UNMANAGED_WARNING = "deleting Pods that declare no controller";
const MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror";

const overrides = { noOptDefaults: { "dry-run": "unchanged" } };

export const cordonVerb = defineVerb({ name: "cordon", helpKey: "cordon", overrides, execute: (ctx) => cordonCommand(ctx, true) });
export const uncordonVerb = defineVerb({ name: "uncordon", helpKey: "uncordon", overrides, execute: (ctx) => cordonCommand(ctx, false) });
export const drainVerb = defineVerb({ name: "drain", helpKey: "drain", overrides, execute: (ctx) => drain(ctx) });

interface Output {
  stdout: string;
  stderr: string;
}

/** drain.go Complete: the nodes named or selected, after the argument checks every one of the three verbs makes. */
function completeNodes(ctx: KubectlContext): { ok: true; nodes: StoredObject[]; dry: DryRun; warning: string } | { ok: false; result: CommandResult } {
  const verb = ctx.commandPath.split(" ").at(-1)!;
  const selectorText = ctx.flags.string("selector");
  if (ctx.args.length === 0 && !ctx.flags.has("selector")) return { ok: false, result: usageError(ctx.commandPath, `USAGE: ${verb} NODE [flags]`) };
  // UsageErrorf with a message that already says "error: ", so CheckErr adds no second one.
  if (ctx.args.length > 0 && selectorText !== "") {
    return { ok: false, result: failure(`error: cannot specify both a node name and a --selector option\nSee '${ctx.commandPath} -h' for help and examples`) };
  }
  const dry = dryRunStrategy(ctx);
  if (!dry.ok) return { ok: false, result: failure(dry.error) };
  if (verb === "drain") {
    const timeout = parseGoDuration(ctx.flags.string("timeout"));
    if (typeof timeout === "string") return { ok: false, result: flagError(ctx.commandPath, `invalid argument "${ctx.flags.string("timeout")}" for "--timeout" flag: ${timeout}`) };
    if (!parseSelectorFlag(ctx.flags.string("pod-selector")).ok) return { ok: false, result: failure("error: --pod-selector=<pod_selector> must be a valid label selector") };
  }
  const nodes: StoredObject[] = [];
  if (selectorText !== "") {
    const selector = parseSelectorFlag(selectorText);
    if (!selector.ok) return { ok: false, result: failure(selector.error) };
    for (const node of ctx.world.api.list(NODE)) if (matches(node.metadata.labels, selector.selector ?? [])) nodes.push(node);
  } else {
    // The builder runs without ContinueOnError: the first missing node ends the command.
    for (const name of ctx.args) {
      const got = ctx.world.api.get(NODE, undefined, name);
      if (!got.ok) return { ok: false, result: failure(apiErrorText(got.error)) };
      nodes.push(got.value);
    }
  }
  return { ok: true, nodes, dry: dry.value, warning: dry.warning };
}

async function cordonCommand(ctx: KubectlContext, desired: boolean): Promise<CommandResult> {
  const completed = completeNodes(ctx);
  if (!completed.ok) return completed.result;
  const out: Output = { stdout: "", stderr: completed.warning };
  cordonNodes(ctx, completed.nodes, desired, completed.dry, out);
  return { ...out, exitCode: 0 };
}

/**
 * drain.go RunCordonOrUncordon: sets spec.unschedulable where it differs.
 * Failures are printed and the command goes on (it returns no error).
 */
export function cordonNodes(ctx: KubectlContext, nodes: readonly StoredObject[], desired: boolean, dry: DryRun, out: Output): void {
  const verb = desired ? "cordon" : "uncordon";
  for (const node of nodes) {
    const name = node.metadata.name;
    const current = ctx.world.api.find(NODE, undefined, name) ?? node;
    const unschedulable = Boolean((current.spec as { unschedulable?: boolean } | undefined)?.unschedulable);
    if (unschedulable === desired) {
      out.stdout += `node/${name} already ${verb}ed${dryRunSuffix(dry)}\n`;
      continue;
    }
    if (dry !== "client") {
      const updated = structuredClone(current);
      const spec = { ...(updated.spec ?? {}) } as { unschedulable?: boolean };
      // The cordon helper's patch sets true, or drops the field (omitempty) when uncordoning.
      if (desired) spec.unschedulable = true;
      else delete spec.unschedulable;
      updated.spec = spec;
      const written = ctx.world.api.update(NODE, updated, { dryRun: dry === "server" });
      if (!written.ok) {
        out.stderr += `error: unable to ${verb} node "${name}": ${apiErrorText(written.error)}\n`;
        continue;
      }
    }
    out.stdout += `node/${name} ${verb}ed${dryRunSuffix(dry)}\n`;
  }
}

type PodDeleteStatus =
  | { delete: true; reason: "Okay" }
  | { delete: false; reason: "Skip" }
  | { delete: boolean; reason: "Warning"; message: string }
  | { delete: false; reason: "Error"; message: string };

export interface DrainOptions {
  force: boolean;
  ignoreDaemonSets: boolean;
  deleteEmptyDirData: boolean;
  /** --skip-wait-for-delete-timeout: pods deleted longer ago than this are skipped (0: never). */
  skipWaitForDeleteTimeoutSeconds: number;
}

interface PodSpecView {
  volumes?: { emptyDir?: unknown }[];
}

const finished = (pod: StoredObject) => ["Succeeded", "Failed"].includes((pod.status as { phase?: string } | undefined)?.phase ?? "");
const controllerOf = (pod: StoredObject) => pod.metadata.ownerReferences?.find((r) => r.controller === true);

/** filters.go makeFilters, in upstream's order; the first filter that keeps a pod decides its status. */
function podDeleteStatus(ctx: KubectlContext, pod: StoredObject, options: DrainOptions): PodDeleteStatus {
  const filters: ((pod: StoredObject) => PodDeleteStatus)[] = [
    (p) => {
      const deleted = p.metadata.deletionTimestamp;
      const skip = options.skipWaitForDeleteTimeoutSeconds > 0 && deleted !== undefined && Math.floor((ctx.world.clock.now() - parseTimestamp(deleted)) / 1000) > options.skipWaitForDeleteTimeoutSeconds;
      return skip ? { delete: false, reason: "Skip" } : { delete: true, reason: "Okay" };
    },
    (p) => {
      const ref = controllerOf(p);
      if (!ref || ref.kind !== "DaemonSet" || finished(p)) return { delete: true, reason: "Okay" };
      const owner = ctx.world.api.get(DAEMON_SET, p.metadata.namespace, ref.name);
      if (!owner.ok) {
        // An orphaned DaemonSet pod may go, with --force.
        if (owner.error.reason === "NotFound" && options.force) return { delete: true, reason: "Warning", message: owner.error.message };
        return { delete: false, reason: "Error", message: owner.error.message };
      }
      if (!options.ignoreDaemonSets) return { delete: false, reason: "Error", message: DAEMONSET_FATAL };
      return { delete: false, reason: "Warning", message: DAEMONSET_WARNING };
    },
    (p) => (p.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined ? { delete: false, reason: "Skip" } : { delete: true, reason: "Okay" }),
    (p) => {
      const hasLocalStorage = ((p.spec as PodSpecView | undefined)?.volumes ?? []).some((v) => v.emptyDir !== undefined);
      if (!hasLocalStorage || finished(p)) return { delete: true, reason: "Okay" };
      if (!options.deleteEmptyDirData) return { delete: false, reason: "Error", message: LOCAL_STORAGE_FATAL };
      return { delete: true, reason: "Warning", message: LOCAL_STORAGE_WARNING };
    },
    (p) => {
      if (finished(p) || controllerOf(p)) return { delete: true, reason: "Okay" };
      if (options.force) return { delete: true, reason: "Warning", message: UNMANAGED_WARNING };
      return { delete: false, reason: "Error", message: UNMANAGED_FATAL };
    },
  ];
  let status: PodDeleteStatus = { delete: true, reason: "Okay" };
  for (const filter of filters) {
    status = filter(pod);
    if (!status.delete) break;
  }
  return status;
}

export interface PodDeleteList {
  /** The pods drain will evict. */
  pods: StoredObject[];
  /** PodDeleteList.Warnings(): `message: ns/pod, ns/pod` groups joined by "; ". */
  warnings: string;
  /** PodDeleteList.errors(): one per message, `cannot delete ...: ns/pod, ...`. */
  errors: string[];
}

/** drain.go GetPodsForDeletion: the pods on a node (matching --pod-selector), sorted into evict, skip, warn and refuse. */
export function podsForDeletion(ctx: KubectlContext, nodeName: string, options: DrainOptions): PodDeleteList {
  const selector = parseSelectorFlag(ctx.flags.has("pod-selector") ? ctx.flags.string("pod-selector") : "");
  const podSelector = selector.ok ? selector.selector ?? [] : [];
  const onNode = ctx.world.api.list(POD, undefined, { fieldSelector: { "spec.nodeName": nodeName } }).filter((p) => matches(p.metadata.labels, podSelector));
  const pods: StoredObject[] = [];
  // Upstream groups by message in a Go map (random order); first-seen order keeps the model deterministic.
  const warned = new Map<string, string[]>();
  const failed = new Map<string, string[]>();
  for (const pod of onNode) {
    const status = podDeleteStatus(ctx, pod, options);
    if (status.delete) pods.push(pod);
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (status.reason === "Warning") warned.set(status.message, [...(warned.get(status.message) ?? []), key]);
    if (status.reason === "Error") failed.set(status.message || "unexpected error", [...(failed.get(status.message || "unexpected error") ?? []), key]);
  }
  const warnings = [...warned].map(([message, keys]) => `${message}: ${keys.join(", ")}`).join("; ");
  const errors = [...failed].map(([message, keys]) => `${message.toLowerCase().startsWith("cannot delete") ? message : `cannot delete ${message}`}: ${keys.join(", ")}`);
  return { pods, warnings, errors };
}

async function drain(ctx: KubectlContext): Promise<CommandResult> {
  const completed = completeNodes(ctx);
  if (!completed.ok) return completed.result;
  const { nodes, dry } = completed;
  const options: DrainOptions = {
    force: ctx.flags.bool("force"),
    ignoreDaemonSets: ctx.flags.bool("ignore-daemonsets"),
    deleteEmptyDirData: ctx.flags.bool("delete-emptydir-data"),
    skipWaitForDeleteTimeoutSeconds: ctx.flags.int("skip-wait-for-delete-timeout"),
  };
  const out: Output = { stdout: "", stderr: completed.warning };
  cordonNodes(ctx, nodes, true, dry, out);

  // drain.go RunDrain: a node that cannot be drained is reported and the others still are.
  const fatal: DrainError[] = [];
  const remaining: string[] = [];
  for (const node of nodes) {
    const name = node.metadata.name;
    const error = drainNode(ctx, name, options, dry, out);
    if (error === undefined) {
      out.stdout += `node/${name} drained${dryRunSuffix(dry)}\n`;
      continue;
    }
    out.stderr += `error: unable to drain node "${name}" due to error: ${aggregateText(error.messages)}, continuing command...\n`;
    fatal.push(error);
    remaining.push(name);
  }
  if (remaining.length > 0) out.stderr += `There are pending nodes to be drained:\n${remaining.map((n) => ` ${n}\n`).join("")}`;
  out.stderr += fatalText(fatal);
  return { ...out, exitCode: fatal.length > 0 ? 1 : 0 };
}

/** Why one node was not drained: an aggregate of errors (filters, evictions) or one plain error (a delete). */
interface DrainError {
  messages: string[];
  aggregate: boolean;
}

/**
 * cmdutil.CheckErr(utilerrors.NewAggregate(fatal)): an aggregate of one is
 * unwrapped once, so one node's own aggregate prints a line per error with
 * no "error: " prefix; several nodes print a line each.
 */
function fatalText(fatal: readonly DrainError[]): string {
  if (fatal.length === 0) return "";
  if (fatal.length === 1) {
    const only = fatal[0]!;
    return only.aggregate ? only.messages.map((m) => `${m}\n`).join("") : checkErrText(only.messages);
  }
  return fatal.map((f) => `${aggregateText(f.messages)}\n`).join("");
}

/**
 * drain.go deleteOrEvictPodsSimple for one node: refuses when a filter
 * refuses a pod, prints the warnings, then evicts (or, with
 * --disable-eviction, deletes) the pods and lets time pass until they are gone.
 */
function drainNode(ctx: KubectlContext, nodeName: string, options: DrainOptions, dry: DryRun, out: Output): DrainError | undefined {
  const list = podsForDeletion(ctx, nodeName, options);
  if (list.errors.length > 0) return { messages: list.errors, aggregate: true };
  if (list.warnings !== "") out.stderr += `Warning: ${list.warnings}\n`;
  if (dry === "client") {
    for (const pod of list.pods) out.stdout += `evicting pod ${pod.metadata.namespace}/${pod.metadata.name} (dry run)\n`;
    return undefined;
  }
  if (list.pods.length === 0) return undefined;
  const grace = ctx.flags.int("grace-period");
  const deleteOptions = grace >= 0 ? { gracePeriodSeconds: grace } : {};
  const timeout = parseGoDuration(ctx.flags.string("timeout")) as number;
  const errors = ctx.flags.bool("disable-eviction") ? deletePods(ctx, list.pods, deleteOptions, dry, timeout, out) : evictPods(ctx, list.pods, deleteOptions, dry, timeout, out);
  if (errors === undefined) return undefined;
  if ("plain" in errors) return { messages: [errors.plain], aggregate: false };
  const still = podsForDeletion(ctx, nodeName, options).pods;
  if (still.length > 0) {
    out.stderr += `There are pending pods in node "${nodeName}" when an error occurred: ${aggregateText(errors.aggregate)}\n${still.map((p) => `pod/${p.metadata.name}\n`).join("")}`;
  }
  return { messages: errors.aggregate, aggregate: true };
}

/** A drain's failure: evictPods' aggregate of per-pod errors, or deletePods' one error. */
type EvictionErrors = { aggregate: string[] } | { plain: string };

/** What kubectl says when its --timeout ran out, or kadet's bound on kubectl's "wait forever". */
function timeoutReached(timeout: number): string {
  return timeout > 0 ? `global timeout reached: ${formatGoDuration(timeout)}` : `kadet stopped waiting after ${MAX_WAIT_SECONDS}s of simulated time`;
}

const goneSince = (ctx: KubectlContext, pod: StoredObject) => ctx.world.api.find(POD, pod.metadata.namespace, pod.metadata.name)?.metadata.uid !== pod.metadata.uid;

/**
 * drain.go evictPods: one worker per pod, run here in turn on the virtual clock. Each prints
 * `evicting pod`, asks the Eviction API, and on 429 (a PodDisruptionBudget allows no
 * disruption now) prints the refusal and tries again 5 s later; once evicted it waits, polling
 * each second, for the pod to be gone. All of it is bounded by --timeout (kubectl's 0 waits for
 * ever; kadet stops after MAX_WAIT_SECONDS, as its wait for deletions always has).
 */
function evictPods(ctx: KubectlContext, pods: readonly StoredObject[], deleteOptions: DeleteOptions, dry: DryRun, timeout: number, out: Output): EvictionErrors | undefined {
  const limit = timeout > 0 ? timeout : MAX_WAIT_SECONDS;
  const errors: string[] = [];
  type Worker = { pod: StoredObject; retryAt: number; evicted: boolean };
  let workers: Worker[] = pods.map((pod) => ({ pod, retryAt: 0, evicted: false }));
  for (let waited = 0; ; waited++) {
    for (const worker of workers.filter((w) => !w.evicted && w.retryAt <= waited)) {
      const { namespace, name } = worker.pod.metadata;
      out.stdout += `evicting pod ${namespace}/${name}${dry === "server" ? " (server dry run)" : ""}\n`;
      if (waited >= limit) {
        errors.push(`error when evicting pods/"${name}" -n "${namespace}": ${timeoutReached(timeout)}`);
        workers = workers.filter((w) => w !== worker);
        continue;
      }
      const result = ctx.world.api.evict(namespace!, name, { ...deleteOptions, dryRun: dry === "server" });
      if (result.ok) {
        worker.evicted = true;
        if (dry === "server") workers = workers.filter((w) => w !== worker);
        continue;
      }
      if (result.error.code === 429) {
        out.stderr += `error when evicting pods/"${name}" -n "${namespace}" (will retry after 5s): ${result.error.message}\n`;
        worker.retryAt = waited + 5;
        continue;
      }
      if (result.error.reason !== "NotFound") errors.push(`error when evicting pods/"${name}" -n "${namespace}": ${result.error.message}`);
      workers = workers.filter((w) => w !== worker);
    }
    // waitForDelete: gone, or replaced by a pod of the same name with a new uid.
    for (const worker of workers.filter((w) => w.evicted && goneSince(ctx, w.pod))) out.stdout += `pod/${worker.pod.metadata.name} evicted\n`;
    workers = workers.filter((w) => !(w.evicted && goneSince(ctx, w.pod)));
    if (workers.length === 0) break;
    if (waited >= limit && workers.every((w) => w.evicted)) {
      for (const { pod } of workers) errors.push(`error when waiting for pod "${pod.metadata.name}" in namespace "${pod.metadata.namespace}" to terminate: ${timeoutReached(timeout)}`);
      break;
    }
    ctx.world.advance(1);
  }
  return errors.length > 0 ? { aggregate: errors } : undefined;
}

/** drain.go deletePods: delete each pod (the first refusal ends the drain), then wait for all of them. */
function deletePods(ctx: KubectlContext, pods: readonly StoredObject[], deleteOptions: DeleteOptions, dry: DryRun, timeout: number, out: Output): EvictionErrors | undefined {
  const waiting: StoredObject[] = [];
  for (const pod of pods) {
    const result = ctx.world.api.delete(POD, pod.metadata.namespace, pod.metadata.name, { ...deleteOptions, dryRun: dry === "server" });
    if (!result.ok) {
      if (result.error.reason === "NotFound") continue;
      return { plain: apiErrorText(result.error) };
    }
    if (dry !== "server") waiting.push(pod);
  }
  const limit = timeout > 0 ? timeout : MAX_WAIT_SECONDS;
  let pending = waiting;
  for (let waited = 0; ; waited++) {
    for (const pod of pending.filter((p) => goneSince(ctx, p))) out.stdout += `pod/${pod.metadata.name} deleted\n`;
    pending = pending.filter((p) => !goneSince(ctx, p));
    if (pending.length === 0) return undefined;
    if (waited >= limit) return { plain: timeoutReached(timeout) };
    ctx.world.advance(1);
  }
}

/** time.ParseDuration, in seconds, or Go's error text. */
export function parseGoDuration(text: string): number | string {
  if (text === "0") return 0;
  const units: Record<string, number> = { ns: 1e-9, us: 1e-6, "µs": 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  const m = text.match(/^([-+]?)((?:(?:\d+\.?\d*|\.\d+)[a-zµ]+)+)$/);
  if (!m) {
    if (/^[-+]?(\d+\.?\d*|\.\d+)$/.test(text)) return `time: missing unit in duration "${text}"`;
    return `time: invalid duration "${text}"`;
  }
  let seconds = 0;
  for (const part of m[2]!.matchAll(/(\d+\.?\d*|\.\d+)([a-zµ]+)/g)) {
    const unit = units[part[2]!];
    if (unit === undefined) return `time: unknown unit "${part[2]}" in duration "${text}"`;
    seconds += Number(part[1]) * unit;
  }
  return m[1] === "-" ? -seconds : seconds;
}

/** time.Duration.String for whole and fractional seconds: 20s, 1m30s, 1h0m0s, 500ms. */
export function formatGoDuration(seconds: number): string {
  if (seconds === 0) return "0s";
  if (seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round((seconds % 60) * 1000) / 1000;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}
