/**
 * `kubectl rollout status|history|undo|restart`: watching, listing, undoing
 * and restarting the rollouts of Deployments (and what of DaemonSets and
 * StatefulSets the model supports). Texts from kubectl 1.32's
 * pkg/cmd/rollout/*.go and pkg/polymorphichelpers (rollout_status.go,
 * history.go, rollback.go, objectrestarter.go). Undo is done on the client,
 * as kubectl does it: the chosen ReplicaSet's pod template (minus
 * pod-template-hash) is written back into the Deployment.
 * https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-back-a-deployment
 */
import type { KindInfo } from "../../sim/api/kinds.js";
import { kindNamed } from "../../sim/api/kinds.js";
import type { DaemonSet, Deployment, ReplicaSet, StoredObject } from "../../sim/api/types.js";
import { DEPLOYMENT_OWN_ANNOTATIONS } from "../../sim/controllers/deployment.js";
import { toRfc3339 } from "../../sim/core/clock.js";
import { failure, type CommandResult } from "../types.js";
import { dryRunStrategy, dryRunSuffix, kindSlashName, type DryRun } from "./common.js";
import { describePodTemplate } from "./describe/containers.js";
import { tabwrite, PrefixWriter } from "./describe/tabwriter.js";
import { replicaSetsOf } from "./describe/workloads.js";
import { flagError } from "./errors.js";
import { parseOutputFormat, printObjects, type OutputFormat } from "./output.js";
import { aggregate } from "./set.js";
import { Flags } from "./flags.js";
import { parseResourceArgs } from "./resources.js";
import { resolveTargets, type Target, type TargetsResult } from "./targets.js";
import { defineVerb, type KubectlContext } from "./verb.js";
import { sameTemplateIgnoringHash, templateWithoutHash } from "../../sim/core/pod-template.js";
import { revisionHistory, rollbackToRevision } from "./rollout-revisions.js";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const RS = kindNamed("ReplicaSet")!;
const REVISION = "deployment.kubernetes.io/revision";
const CHANGE_CAUSE = "kubernetes.io/change-cause";
const HASH_LABEL = "pod-template-hash";
const RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";
const REQUIRED_RESOURCE = "error: required resource not specified";

export const rolloutStatusVerb = defineVerb({
  name: "status",
  helpKey: "rollout-status",
  overrides: { slices: ["filename"] },
  execute: (ctx) => rolloutStatus(ctx),
});

export const rolloutHistoryVerb = defineVerb({
  name: "history",
  helpKey: "rollout-history",
  overrides: { slices: ["filename"] },
  execute: (ctx) => rolloutHistory(ctx),
});

export const rolloutUndoVerb = defineVerb({
  name: "undo",
  helpKey: "rollout-undo",
  overrides: { slices: ["filename"], noOptDefaults: { "dry-run": "unchanged" } },
  execute: (ctx) => rolloutUndo(ctx),
});

export const rolloutRestartVerb = defineVerb({
  name: "restart",
  helpKey: "rollout-restart",
  overrides: { slices: ["filename"] },
  execute: (ctx) => rolloutRestart(ctx),
});

// rollout_pause.go / rollout_resume.go with polymorphichelpers' objectpauser.go / objectresumer.go:
// only Deployments can be paused; a paused Deployment's template changes wait for resume.
export const rolloutPauseVerb = defineVerb({
  name: "pause",
  helpKey: "rollout-pause",
  overrides: { slices: ["filename"] },
  execute: (ctx) => setPaused(ctx, true),
});

export const rolloutResumeVerb = defineVerb({
  name: "resume",
  helpKey: "rollout-resume",
  overrides: { slices: ["filename"] },
  execute: (ctx) => setPaused(ctx, false),
});

export const rolloutVerb = defineVerb({
  name: "rollout",
  helpKey: "rollout",
  subcommands: [rolloutHistoryVerb, rolloutPauseVerb, rolloutRestartVerb, rolloutResumeVerb, rolloutStatusVerb, rolloutUndoVerb],
});

/** schema.GroupKind.String(): "Deployment.apps", "Pod". */
function groupKind(info: KindInfo): string {
  return info.group ? `${info.kind}.${info.group}` : info.kind;
}

function noResources(ctx: KubectlContext): boolean {
  return ctx.args.length === 0 && ctx.flags.strings("filename").length === 0;
}

/**
 * The rollout verbs build with ResourceTypeOrNameArgs(true, ...): a type with
 * no names and no selector means every object of that type in the namespace
 * (`kubectl rollout restart deployment -n test-namespace`).
 */
function resolveRolloutTargets(ctx: KubectlContext): Promise<TargetsResult> {
  const parsed = parseResourceArgs(ctx.args);
  const selecting = ctx.flags.string("selector") !== "" || ctx.flags.strings("filename").length > 0;
  if (!parsed.ok || parsed.byName || selecting || ctx.args.length === 0) return resolveTargets(ctx, ctx.args);
  const set = new Map(ctx.flags.parsed.set);
  set.set("all", true);
  return resolveTargets({ ...ctx, flags: new Flags({ ...ctx.flags.parsed, set }) }, ctx.args);
}

// ---------------------------------------------------------------- status

/** What a StatusViewer says about one object: a progress line, whether it is done, or an error. */
export type RolloutState = { line: string; done: boolean } | { error: string };

/** DeploymentStatusViewer.Status (polymorphichelpers/rollout_status.go, 1.32: no pod warnings yet). */
export function deploymentStatus(d: Deployment, revision: number): RolloutState {
  const name = d.metadata.name;
  if (revision > 0) {
    const text = d.metadata.annotations?.[REVISION];
    const running = Number(text);
    if (text === undefined || !Number.isInteger(running)) return { error: `cannot get the revision of deployment "${name}": strconv.ParseInt: parsing "${text ?? ""}": invalid syntax` };
    if (running !== revision) return { error: `desired revision (${revision}) is different from the running revision (${running})` };
  }
  const status = d.status ?? {};
  if ((d.metadata.generation ?? 0) <= (status.observedGeneration ?? 0)) {
    const progressing = (status.conditions ?? []).find((c) => c.type === "Progressing");
    if (progressing?.reason === "ProgressDeadlineExceeded") return { error: `deployment "${name}" exceeded its progress deadline` };
    const replicas = d.spec?.replicas ?? 1;
    const updated = status.updatedReplicas ?? 0;
    const total = status.replicas ?? 0;
    const available = status.availableReplicas ?? 0;
    const waiting = `Waiting for deployment "${name}" rollout to finish: `;
    if (updated < replicas) return { line: `${waiting}${updated} out of ${replicas} new replicas have been updated...\n`, done: false };
    if (total > updated) return { line: `${waiting}${total - updated} old replicas are pending termination...\n`, done: false };
    if (available < updated) return { line: `${waiting}${available} of ${updated} updated replicas are available...\n`, done: false };
    return { line: `deployment "${name}" successfully rolled out\n`, done: true };
  }
  return { line: "Waiting for deployment spec update to be observed...\n", done: false };
}

/** DaemonSetStatusViewer.Status. */
export function daemonSetStatus(ds: DaemonSet): RolloutState {
  const name = ds.metadata.name;
  if ((ds.spec?.updateStrategy?.type ?? "RollingUpdate") !== "RollingUpdate") return { error: "rollout status is only available for RollingUpdate strategy type" };
  const status = ds.status ?? { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 };
  if ((ds.metadata.generation ?? 0) <= (status.observedGeneration ?? 0)) {
    const desired = status.desiredNumberScheduled ?? 0;
    const waiting = `Waiting for daemon set "${name}" rollout to finish: `;
    if ((status.updatedNumberScheduled ?? 0) < desired) return { line: `${waiting}${status.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated...\n`, done: false };
    if ((status.numberAvailable ?? 0) < desired) return { line: `${waiting}${status.numberAvailable ?? 0} of ${desired} updated pods are available...\n`, done: false };
    return { line: `daemon set "${name}" successfully rolled out\n`, done: true };
  }
  return { line: "Waiting for daemon set spec update to be observed...\n", done: false };
}

/** StatefulSetStatusViewer.Status. */
export function statefulSetStatus(sts: Obj): RolloutState {
  const spec = sts.spec ?? {};
  const status = sts.status ?? {};
  const strategy = spec.updateStrategy ?? { type: "RollingUpdate" };
  if ((strategy.type ?? "RollingUpdate") !== "RollingUpdate") return { error: "rollout status is only available for RollingUpdate strategy type" };
  if (!status.observedGeneration || (sts.metadata.generation ?? 0) > status.observedGeneration) return { line: "Waiting for statefulset spec update to be observed...\n", done: false };
  const replicas: number = spec.replicas ?? 1;
  const ready: number = status.readyReplicas ?? 0;
  const updated: number = status.updatedReplicas ?? 0;
  if (ready < replicas) return { line: `Waiting for ${replicas - ready} pods to be ready...\n`, done: false };
  const partition = strategy.rollingUpdate?.partition;
  if (strategy.rollingUpdate) {
    if (partition !== undefined && updated < replicas - partition) {
      return { line: `Waiting for partitioned roll out to finish: ${updated} out of ${replicas - partition} new pods have been updated...\n`, done: false };
    }
    return { line: `partitioned roll out complete: ${updated} new pods have been updated...\n`, done: true };
  }
  if (status.updateRevision !== status.currentRevision) {
    return { line: `waiting for statefulset rolling update to complete ${updated} pods at revision ${status.updateRevision}...\n`, done: false };
  }
  return { line: `statefulset rolling update complete ${status.currentReplicas ?? 0} pods at revision ${status.currentRevision}...\n`, done: true };
}

function statusViewerFor(info: KindInfo): ((obj: StoredObject, revision: number) => RolloutState) | undefined {
  switch (info.kind) {
    case "Deployment":
      return (obj, revision) => deploymentStatus(obj as Deployment, revision);
    case "DaemonSet":
      return (obj) => daemonSetStatus(obj as DaemonSet);
    case "StatefulSet":
      return (obj) => statefulSetStatus(obj as Obj);
    default:
      return undefined;
  }
}

/** Go's time.ParseDuration, as the --timeout flag reads it; milliseconds. */
export function goDuration(text: string): number | undefined {
  if (text === "0") return 0;
  const parts = [...text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text) return undefined;
  const unitMs: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  return parts.reduce((sum, p) => sum + Number(p[1]) * unitMs[p[2]!]!, 0);
}

/**
 * How long kadet lets a rollout go without any visible progress before it
 * stops waiting: a little longer than the Deployment's progress deadline
 * (default 600 s), after which the real controller would have marked the
 * rollout failed and kubectl would have stopped.
 */
function stallLimitMs(obj: StoredObject): number {
  const deadline = (obj.spec as { progressDeadlineSeconds?: number } | undefined)?.progressDeadlineSeconds ?? 600;
  return (deadline + 60) * 1000;
}

async function rolloutStatus(ctx: KubectlContext): Promise<CommandResult> {
  const timeoutText = ctx.flags.string("timeout");
  const timeoutMs = goDuration(timeoutText);
  if (timeoutMs === undefined) {
    const why = /^\d+(\.\d*)?$/.test(timeoutText) ? `missing unit in duration "${timeoutText}"` : `invalid duration "${timeoutText}"`;
    return flagError(ctx.commandPath, `invalid argument "${timeoutText}" for "--timeout" flag: time: ${why}`);
  }
  if (noResources(ctx)) return failure(REQUIRED_RESOURCE);
  const revision = ctx.flags.int("revision");
  if (revision < 0) return failure(`error: revision must be a positive integer: ${revision}`);
  const resolved = await resolveRolloutTargets(ctx);
  if (!resolved.ok) return failure(resolved.error);
  if (resolved.errors !== "") return failure(resolved.errors.replace(/\n$/, ""));
  if (resolved.targets.length !== 1) {
    return failure(`error: rollout status is only supported on individual resources and resource collections - ${resolved.targets.length} resources were found`);
  }
  const target = resolved.targets[0]!;
  const viewer = statusViewerFor(target.info);
  if (!viewer) return failure(`error: no status viewer has been implemented for ${groupKind(target.info)}`);
  const watch = ctx.flags.bool("watch");
  const world = ctx.world;
  const started = world.clock.now();
  let lastChange = started;
  let last = "";
  let stdout = "";
  // kubectl prints the status at every watch event; kadet prints it when it
  // changes, since how often the model rewrites an object is not something
  // a learner should read meaning into.
  for (;;) {
    const obj = world.api.find(target.info, target.namespace, target.name);
    if (!obj) return { stdout, stderr: "error: object has been deleted\n", exitCode: 1 };
    const state = viewer(obj, revision);
    if ("error" in state) return { stdout, stderr: `error: ${state.error}\n`, exitCode: 1 };
    if (state.line !== last) {
      stdout += state.line;
      last = state.line;
      lastChange = world.clock.now();
    }
    if (state.done || !watch) return { stdout, stderr: "", exitCode: 0 };
    const now = world.clock.now();
    if (timeoutMs > 0 && now - started >= timeoutMs) return { stdout, stderr: "error: timed out waiting for the condition\n", exitCode: 1 };
    if (now - lastChange >= stallLimitMs(obj)) {
      const minutes = Math.round((now - started) / 60_000);
      return {
        stdout,
        stderr: `kadet: stopped waiting after ${minutes}m of simulated time without progress\n`,
        exitCode: 1,
      };
    }
    const step = timeoutMs > 0 ? Math.min(1000, started + timeoutMs - now) : 1000;
    world.advance(step / 1000);
  }
}

// ---------------------------------------------------------------- history

/** The ReplicaSets a Deployment owns, keyed by their revision annotation (later ones win, as in history.go's map). */
function revisionsOf(ctx: KubectlContext, d: Deployment): Map<number, ReplicaSet> {
  const { oldRSs, newRS } = replicaSetsOf(d, ctx.world.api.list<ReplicaSet>(RS, d.metadata.namespace));
  const byRevision = new Map<number, ReplicaSet>();
  for (const rs of [...oldRSs, ...(newRS ? [newRS] : [])]) {
    const text = rs.metadata.annotations?.[REVISION];
    if (text === undefined || !/^-?\d+$/.test(text)) continue;
    byRevision.set(Number(text), rs);
  }
  return byRevision;
}

/**
 * history.go printTemplate: DescribePodTemplate through a PrefixWriter that
 * writes straight to a buffer, so the tabs stay as they are (no tabwriter).
 */
export function printTemplate(template: Obj | undefined): string {
  const w = new RawPrefixWriter();
  describePodTemplate(template, w);
  return w.raw;
}

class RawPrefixWriter extends PrefixWriter {
  raw = "";
  override write(level: number, text: string): void {
    this.raw += "  ".repeat(level) + text;
  }
  override writeLine(...values: string[]): void {
    this.raw += values.join(" ") + "\n";
  }
}

/** DeploymentHistoryViewer.ViewHistory. */
export function deploymentHistory(ctx: KubectlContext, d: Deployment, revision: number): { text: string } | { error: string } {
  const templates = new Map<number, Obj>();
  for (const [v, rs] of revisionsOf(ctx, d)) {
    const template = structuredClone(rs.spec?.template ?? {}) as Obj;
    template.metadata ??= {};
    template.metadata.annotations ??= {};
    const cause = rs.metadata.annotations?.[CHANGE_CAUSE];
    if (cause) template.metadata.annotations[CHANGE_CAUSE] = cause;
    templates.set(v, template);
  }
  if (templates.size === 0) return { text: "No rollout history found." };
  if (revision > 0) {
    const template = templates.get(revision);
    if (!template) return { error: "unable to find the specified revision" };
    return { text: printTemplate(template) };
  }
  const rows = [...templates.keys()].sort((a, b) => a - b).map((r) => `${r}\t${templates.get(r)!.metadata.annotations[CHANGE_CAUSE] || "<none>"}\n`);
  return { text: tabwrite(`REVISION\tCHANGE-CAUSE\n${rows.join("")}`) };
}

async function rolloutHistory(ctx: KubectlContext): Promise<CommandResult> {
  const out = parseOutputFormat(ctx.flags.string("output"), false);
  if (!out.ok) return failure(out.error);
  if (noResources(ctx)) return failure(REQUIRED_RESOURCE);
  const revision = ctx.flags.int("revision");
  if (revision < 0) return failure(`error: revision must be a positive integer: ${revision}`);
  const resolved = await resolveRolloutTargets(ctx);
  if (!resolved.ok) return failure(resolved.error);
  let stdout = "";
  for (const target of resolved.targets) {
    const d = target.object!;
    const revisioned = target.info.kind === "StatefulSet" || target.info.kind === "DaemonSet";
    if (revisioned && !out.format) {
      const history = revisionHistory(ctx, d, revision);
      if ("error" in history) return { stdout, stderr: `${resolved.errors}error: ${history.error}\n`, exitCode: 1 };
      stdout += printWithOperation(ctx, target, `${revision > 0 ? `with revision #${revision}` : ""}\n${history.text}`, out.format, "none");
      continue;
    }
    if (revisioned) {
      return { stdout, stderr: resolved.errors + `kadet: 'kubectl rollout history -o' for ${target.info.plural} is not simulated yet\n`, exitCode: 1 };
    }
    if (target.info.kind !== "Deployment") return { stdout, stderr: `${resolved.errors}error: no history viewer has been implemented for "${groupKind(target.info)}"\n`, exitCode: 1 };
    if (out.format) {
      // With -o, history prints the revisions' objects (GetHistory: the ReplicaSets), oldest first.
      const byRevision = revisionsOf(ctx, d as Deployment);
      const chosen = revision > 0 ? [byRevision.get(revision)] : [...byRevision.keys()].sort((a, b) => a - b).map((r) => byRevision.get(r));
      if (chosen.some((rs) => rs === undefined)) return { stdout, stderr: `${resolved.errors}error: unable to find the specified revision\n`, exitCode: 1 };
      stdout += printEach(ctx, chosen as ReplicaSet[], out.format);
      continue;
    }
    const history = deploymentHistory(ctx, d as Deployment, revision);
    if ("error" in history) return { stdout, stderr: `${resolved.errors}error: ${history.error}\n`, exitCode: 1 };
    const withRevision = revision > 0 ? `with revision #${revision}` : "";
    stdout += printWithOperation(ctx, target, `${withRevision}\n${history.text}`, out.format, "none");
  }
  return { stdout, stderr: resolved.errors, exitCode: resolved.errors === "" ? 0 : 1 };
}

/** One PrintObj call per object on one printer: the YAML printer puts "---" between documents. */
function printEach(ctx: KubectlContext, objects: readonly StoredObject[], format: OutputFormat): string {
  const printed = objects.map((obj) => printObjects([obj], format, { now: ctx.world.clock.now(), single: true }));
  const texts = printed.map((p) => ("error" in p ? "" : p.stdout));
  return format.kind === "yaml" ? texts.join("---\n") : texts.join("");
}

/** The NamePrinter with an operation ("deployment.apps/web rolled back"), or the object in the -o format. */
function printWithOperation(ctx: KubectlContext, target: Target, operation: string, format: OutputFormat | undefined, dry: DryRun): string {
  if (!format || format.kind === "name") {
    const name = kindSlashName(target.info, target.name);
    return format?.kind === "name" ? `${name}\n` : `${name} ${operation}${dryRunSuffix(dry)}\n`;
  }
  const printed = printObjects([target.object!], format, { now: ctx.world.clock.now(), single: true });
  return "error" in printed ? "" : printed.stdout;
}

// ---------------------------------------------------------------- undo

/** rollback.go's annotationsToSkip: kept from the Deployment, never copied from the ReplicaSet. */
const ANNOTATIONS_TO_SKIP = DEPLOYMENT_OWN_ANNOTATIONS;

function canonical(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === "object") return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Obj)[k])]));
    return v;
  };
  return JSON.stringify(sort(value));
}

/** rollback.go deploymentRevision: the ReplicaSet of toRevision, or the previous one for 0. */
function replicaSetForRevision(ctx: KubectlContext, d: Deployment, toRevision: number): ReplicaSet | string {
  const byRevision = revisionsOf(ctx, d);
  if (toRevision > 0) return byRevision.get(toRevision) ?? `unable to find specified revision ${toRevision} in history`;
  const sorted = [...byRevision.keys()].sort((a, b) => b - a);
  const previous = sorted[1];
  if (previous === undefined) return `no rollout history found for deployment "${d.metadata.name}"`;
  return byRevision.get(previous)!;
}

/** DeploymentRollbacker.Rollback: returns the printer's operation text or an error. */
export function rollbackDeployment(ctx: KubectlContext, d: Deployment, toRevision: number, dry: DryRun): { operation: string } | { error: string } {
  if (toRevision < 0) return { error: `unable to find specified revision ${toRevision} in history` };
  const rs = replicaSetForRevision(ctx, d, toRevision);
  if (typeof rs === "string") return { error: rs };
  if (dry === "client") return { operation: printTemplate(rs.spec?.template as Obj | undefined) };
  if (d.spec?.paused) {
    return { error: `you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/${d.metadata.name}' and try again` };
  }
  if (sameTemplateIgnoringHash(rs.spec?.template as Obj, d.spec?.template as Obj)) {
    return { operation: `skipped rollback (current template already matches revision ${toRevision})` };
  }
  const annotations: Record<string, string> = {};
  for (const key of ANNOTATIONS_TO_SKIP) {
    const value = d.metadata.annotations?.[key];
    if (value !== undefined) annotations[key] = value;
  }
  for (const [key, value] of Object.entries(rs.metadata.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(key)) annotations[key] = value;
  const restored = structuredClone(d) as Obj;
  restored.spec.template = templateWithoutHash(rs.spec?.template as Obj);
  restored.metadata.annotations = annotations;
  const written = ctx.world.api.update(kindNamed("Deployment")!, restored as Deployment, { dryRun: dry === "server" });
  if (!written.ok) return { error: `failed restoring revision ${toRevision}: ${written.error.message}` };
  return { operation: "rolled back" };
}

async function rolloutUndo(ctx: KubectlContext): Promise<CommandResult> {
  const out = parseOutputFormat(ctx.flags.string("output"), false);
  if (!out.ok) return failure(out.error);
  const dry = dryRunStrategy(ctx);
  if (!dry.ok) return failure(dry.error);
  if (noResources(ctx)) return failure(REQUIRED_RESOURCE);
  const resolved = await resolveRolloutTargets(ctx);
  if (!resolved.ok) return failure(resolved.error);
  let stdout = "";
  const toRevision = ctx.flags.int("to-revision");
  for (const target of resolved.targets) {
    const fail = (message: string): CommandResult => ({ stdout, stderr: `${dry.warning}${resolved.errors}error: ${message}\n`, exitCode: 1 });
    if (target.info.kind === "StatefulSet" || target.info.kind === "DaemonSet") {
      const result = rollbackToRevision(ctx, target.object!, toRevision, dry.value);
      if ("error" in result) return fail(result.error);
      stdout += printWithOperation(ctx, target, result.operation, out.format, dry.value);
      continue;
    }
    if (target.info.kind !== "Deployment") return fail(`no rollbacker has been implemented for "${groupKind(target.info)}"`);
    const result = rollbackDeployment(ctx, target.object as Deployment, toRevision, dry.value);
    if ("error" in result) return fail(result.error);
    stdout += printWithOperation(ctx, target, result.operation, out.format, dry.value);
  }
  return { stdout, stderr: dry.warning + resolved.errors, exitCode: resolved.errors === "" ? 0 : 1 };
}

// ---------------------------------------------------------------- restart

/** objectrestarter.go: the restartedAt template annotation, at the simulated clock's time. */
export function restartedTemplate(obj: StoredObject, nowMs: number): { updated: Obj } | { error: string } {
  if (!["Deployment", "DaemonSet", "StatefulSet"].includes(obj.kind)) return { error: "restarting is not supported" };
  if (obj.kind === "Deployment" && (obj as Deployment).spec?.paused) return { error: "can't restart paused deployment (run rollout resume first)" };
  const updated = structuredClone(obj) as Obj;
  updated.spec ??= {};
  updated.spec.template ??= {};
  updated.spec.template.metadata ??= {};
  updated.spec.template.metadata.annotations = { ...(updated.spec.template.metadata.annotations ?? {}), [RESTARTED_AT]: toRfc3339(nowMs) };
  return { updated };
}

/** objectpauser.go / objectresumer.go: only Deployments, and only when it changes something. */
function pausedChange(paused: boolean): ObjectChange {
  return (obj) => {
    if (obj.kind !== "Deployment") return { error: `${paused ? "pausing" : "resuming"} is not supported` };
    const d = structuredClone(obj) as Deployment;
    if ((d.spec?.paused ?? false) === paused) return { error: paused ? "is already paused" : "is not paused" };
    d.spec = { ...d.spec!, paused };
    return { updated: d as Obj };
  };
}

async function setPaused(ctx: KubectlContext, paused: boolean): Promise<CommandResult> {
  return patchEach(ctx, paused ? "paused" : "resumed", pausedChange(paused));
}

async function rolloutRestart(ctx: KubectlContext): Promise<CommandResult> {
  return patchEach(ctx, "restarted", (obj) => {
    const restarted = restartedTemplate(obj, ctx.world.clock.now());
    if ("error" in restarted) return restarted;
    // rollout_restart.go reports an empty patch but still sends it and prints "restarted".
    if (canonical(restarted.updated) === canonical(obj)) return { ...restarted, warning: `failed to create patch for ${obj.metadata.name}: empty patch` };
    return restarted;
  });
}

/** What one of pause, resume or restart does to an object (set.PatchFn upstream). */
type ObjectChange = (obj: StoredObject) => { updated: Obj; warning?: string } | { error: string };

/**
 * The shape pause, resume and restart share (set.CalculatePatches, then a patch per object):
 * each object is changed or refused, written, and printed with the operation; errors are
 * aggregated after the objects that worked.
 */
async function patchEach(ctx: KubectlContext, operation: string, change: ObjectChange): Promise<CommandResult> {
  const out = parseOutputFormat(ctx.flags.string("output"), false);
  if (!out.ok) return failure(out.error);
  if (noResources(ctx)) return failure(REQUIRED_RESOURCE);
  const resolved = await resolveRolloutTargets(ctx);
  if (!resolved.ok) return failure(resolved.error);
  let stdout = "";
  const errors: string[] = [];
  for (const target of resolved.targets) {
    const changed = change(target.object!);
    if ("error" in changed) {
      const resource = target.info.group ? `${target.info.plural}.${target.info.group}` : target.info.plural;
      errors.push(`error: ${resource} "${target.name}" ${changed.error}`);
      continue;
    }
    if (changed.warning) errors.push(changed.warning);
    const written = ctx.world.api.update(target.info, changed.updated as StoredObject);
    if (!written.ok) {
      errors.push(`failed to patch: ${written.error.message}`);
      continue;
    }
    stdout += printWithOperation(ctx, { ...target, object: written.value }, operation, out.format, "none");
  }
  const stderr = resolved.errors + (errors.length > 0 ? aggregate(errors) : "");
  return { stdout, stderr, exitCode: stderr === "" ? 0 : 1 };
}
