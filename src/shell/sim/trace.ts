/**
 * `sim trace -- kubectl ARGS...`: runs the kubectl command as usual, lets the
 * cluster settle, then prints the path its requests took, read from what the
 * model recorded and did: 1. Authentication (which user, by which
 * credentials), 2. Authorization (each request and the RBAC binding and rule
 * that allowed it, or why not), 3. Admission (defaulting, each mutating
 * plugin and the fields it changed, validation, each validating plugin),
 * 4. Storage (the etcd key and revision of each write), then for the pods the
 * writes made or led to: 5. Scheduling, 6. Kubelet (its events), 7. Container
 * runtime (the containers' IDs and states).
 */
import { kindNamed, KINDS } from "../../sim/api/kinds.js";
import type { PolicyRule, RequestAttributes } from "../../sim/api/auth/rbac.js";
import { RequestTrace, type TracedWrite } from "../../sim/api/trace.js";
import type { Pod, StoredObject } from "../../sim/api/types.js";
import { SchedulerLoop } from "../../sim/world/scheduler-loop.js";
import type { World } from "../../sim/world/world.js";
import { kubeconfigAware } from "../host/kubectl-on-host.js";
import { kubectlFamily } from "../kubectl/index.js";
import { chunksIfInterleaved, failure, type CommandResult, type FamilyContext, type OutputChunk } from "../types.js";

export const TRACE_USAGE = "Usage: sim trace -- kubectl ARGS...";
const POD = kindNamed("Pod")!;
const EVENT = kindNamed("Event")!;
/** Pods shown in sections 5-7; the rest are counted. */
const MAX_PODS = 3;
const kubectl = kubeconfigAware(kubectlFamily);

export async function traceCommand(args: string[], ctx: FamilyContext): Promise<CommandResult> {
  const command = args[0] === "--" ? args.slice(1) : args;
  if (command.length === 0) return failure(TRACE_USAGE);
  if (command[0] !== "kubectl") return failure(`sim trace: follows kubectl's requests only (got '${command[0]}')\n${TRACE_USAGE}`);
  const worlds = ctx.session.environment.clusters().map((c) => c.world);
  const tracer = new RequestTrace();
  for (const world of worlds) world.api.tracer = tracer;
  let result: CommandResult;
  try {
    result = await kubectl.run(command.slice(1), ctx);
  } finally {
    for (const world of worlds) world.api.tracer = undefined;
  }
  // What the controllers, the scheduler and the kubelets then do, as after any kubectl command.
  ctx.session.environment.settle();
  const world = worldOfWrites(worlds, tracer) ?? ctx.world;
  const trace = renderTrace(command.join(" "), tracer, world);
  const chunks: OutputChunk[] = [];
  if (result.stdout) chunks.push({ stream: "stdout", text: result.stdout });
  if (result.stderr) chunks.push({ stream: "stderr", text: result.stderr });
  chunks.push({ stream: "stdout", text: trace });
  return { stdout: result.stdout + trace, stderr: result.stderr, exitCode: result.exitCode, ...chunksIfInterleaved(chunks) };
}

/** The cluster the command wrote to (the context it used), found by its stored objects' uids. */
function worldOfWrites(worlds: World[], tracer: RequestTrace): World | undefined {
  const write = tracer.writes.find((w) => w.uid !== undefined && w.operation !== "delete");
  if (!write) return undefined;
  const info = kindNamed(write.kind);
  return worlds.find((w) => info && w.api.find(info, write.namespace, write.name)?.metadata.uid === write.uid);
}

const groupsText = (groups: readonly string[]) => `[${groups.join(" ")}]`;

function ruleText(rule: PolicyRule): string {
  const parts = [`verbs [${rule.verbs.join(" ")}]`];
  if (rule.apiGroups) parts.push(`apiGroups [${rule.apiGroups.map((g) => (g === "" ? '""' : g)).join(" ")}]`);
  if (rule.resources) parts.push(`resources [${rule.resources.join(" ")}]`);
  if (rule.resourceNames?.length) parts.push(`resourceNames [${rule.resourceNames.join(" ")}]`);
  if (rule.nonResourceURLs) parts.push(`nonResourceURLs [${rule.nonResourceURLs.join(" ")}]`);
  return parts.join(", ");
}

function requestText(attrs: RequestAttributes): string {
  const resource = `${attrs.resource}${attrs.subresource ? `/${attrs.subresource}` : ""}${attrs.apiGroup ? `.${attrs.apiGroup}` : ""}`;
  const named = attrs.name ? ` "${attrs.name}"` : "";
  const where = attrs.namespace ? ` in namespace "${attrs.namespace}"` : " (cluster scope)";
  return `${attrs.verb} ${resource}${named}${where}`;
}

function writeTitle(write: TracedWrite): string {
  const info = kindNamed(write.kind);
  const resource = info ? info.plural : write.kind;
  return `${write.operation} ${resource} ${write.namespace ? `${write.namespace}/` : ""}${write.name}`;
}

function admissionLines(write: TracedWrite): string[] {
  const lines = [`  ${writeTitle(write)}:`];
  const width = Math.max(...write.admission.map((s) => s.step.length), 10);
  for (const step of write.admission) {
    const tag = step.phase === "mutating" || step.phase === "validating" ? `(${step.phase})` : "";
    const label = `${step.step.padEnd(width)}  ${tag.padEnd(12)}`;
    let outcome: string;
    if (step.refused) outcome = `refused: ${step.refused}`;
    else if (step.phase === "validating" || step.phase === "validation") outcome = "passed";
    else outcome = step.changed.length === 0 ? "no change" : `set ${step.changed.join(", ")}`;
    lines.push(`    ${label}  ${outcome}`);
  }
  return lines;
}

/** The pods the writes created, or that controllers made for what they wrote (owners followed up to three levels). */
function podsOf(world: World, writes: TracedWrite[]): Pod[] {
  const uids = new Set(writes.filter((w) => w.operation !== "delete" && w.uid).map((w) => w.uid!));
  const namespaces = new Set(writes.map((w) => w.namespace).filter((n): n is string => n !== undefined));
  const pods: Pod[] = [];
  for (const namespace of namespaces) {
    for (const pod of world.api.list<Pod>(POD, namespace)) {
      let current: StoredObject | undefined = pod;
      for (let depth = 0; current && depth < 4; depth++) {
        if (uids.has(current.metadata.uid)) {
          pods.push(pod);
          break;
        }
        const refs = (current.metadata.ownerReferences ?? []) as { kind: string; name: string; controller?: boolean }[];
        const owner = refs.find((o) => o.controller);
        const info = owner ? KINDS.find((k) => k.kind === owner.kind) : undefined;
        current = owner && info ? world.api.find(info, namespace, owner.name) : undefined;
      }
    }
  }
  return pods;
}

function schedulingLines(world: World, pod: Pod): string[] {
  const name = `${pod.metadata.namespace}/${pod.metadata.name}`;
  const decision = world.loopsOfType(SchedulerLoop)?.decisions.get(pod.metadata.uid);
  if (!decision) return [`  ${name}: ${pod.spec?.nodeName ? `on ${pod.spec.nodeName}, placed without the scheduler` : "not scheduled yet"}`];
  if (decision.outcome === "Scheduled") {
    return [`  ${name}: bound to ${decision.nodeName} (pods/binding); ${decision.feasibleNodes} of ${decision.numAllNodes} nodes passed the filters; why: sim explain pod ${pod.metadata.name}${pod.metadata.namespace !== "default" ? ` -n ${pod.metadata.namespace}` : ""}`];
  }
  return [`  ${name}: not scheduled: ${decision.message}`];
}

interface EventLike {
  reason?: string;
  message?: string;
  source?: { component?: string; host?: string };
  involvedObject?: { uid?: string };
  metadata: { creationTimestamp?: string; resourceVersion?: string };
}

function kubeletLines(world: World, pod: Pod): string[] {
  const events = world.api
    .list(EVENT, pod.metadata.namespace)
    .map((e) => e as unknown as EventLike)
    .filter((e) => e.involvedObject?.uid === pod.metadata.uid && e.source?.component === "kubelet")
    .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion));
  const node = pod.spec?.nodeName;
  if (!node) return [];
  const lines = [`  ${pod.metadata.namespace}/${pod.metadata.name} on ${node}:`];
  if (events.length === 0) lines.push("    (no events from the kubelet yet)");
  for (const e of events) lines.push(`    ${e.reason}: ${e.message}`);
  return lines;
}

function runtimeLines(pod: Pod): string[] {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  if (statuses.length === 0) return [];
  const lines = [`  ${pod.metadata.namespace}/${pod.metadata.name}:`];
  for (const s of statuses) {
    const state = s.state?.running ? `running since ${s.state.running.startedAt}` : s.state?.waiting ? `waiting (${s.state.waiting.reason})` : s.state?.terminated ? `terminated (${s.state.terminated.reason}, exit code ${s.state.terminated.exitCode})` : "unknown";
    lines.push(`    ${s.name}: ${s.containerID ?? "(no container yet)"} ${state}, image ${s.imageID || s.image}`);
  }
  return lines;
}

export function renderTrace(commandLine: string, trace: RequestTrace, world: World): string {
  const out: string[] = ["", `sim trace: ${commandLine}`, ""];
  out.push("1. Authentication");
  if (!trace.authentication) out.push("  (no request reached an API server)");
  else {
    const { user, via } = trace.authentication;
    out.push(`  user "${user.name}", groups ${groupsText(user.groups)}`, `  from ${via}`);
    if (trace.impersonatedAs) out.push(`  impersonating user "${trace.impersonatedAs.name}", groups ${groupsText(trace.impersonatedAs.groups)} (--as: the impersonate verb was authorized first)`);
  }
  out.push("", "2. Authorization");
  if (trace.authorizations.length === 0) out.push("  (no request)");
  for (const { attrs, decision } of trace.authorizations) {
    if (!decision.allowed) out.push(`  ${requestText(attrs)}: denied (no RBAC rule allows it${decision.reason ? `; ${decision.reason}` : ""})`);
    else if (decision.reason === "") out.push(`  ${requestText(attrs)}: allowed: group system:masters passes before RBAC`);
    else out.push(`  ${requestText(attrs)}: ${decision.reason.replace(/^RBAC: allowed/, "allowed")}${decision.rule ? `, rule: ${ruleText(decision.rule)}` : ""}`);
  }
  out.push("", "3. Admission");
  if (trace.writes.length === 0) out.push("  (no write: reads are not admitted)");
  for (const write of trace.writes) {
    if (write.admission.length === 0) out.push(`  ${writeTitle(write)}: no admission (${write.operation === "delete" ? "deletes are not admitted in kadet" : "nothing to admit"})`);
    else out.push(...admissionLines(write));
  }
  out.push("", "4. Storage (etcd)");
  const stored = trace.writes.filter((w) => w.key !== "");
  if (stored.length === 0) out.push("  (nothing written)");
  for (const write of stored) out.push(`  ${write.operation === "delete" ? "deleted" : write.operation === "create" ? "created" : "updated"} ${write.key} at revision ${write.revision}`);
  const pods = podsOf(world, stored);
  const shown = pods.slice(0, MAX_PODS);
  const more = pods.length > MAX_PODS ? [`  ... and ${pods.length - MAX_PODS} more pods`] : [];
  out.push("", "5. Scheduling (kube-scheduler)");
  if (pods.length === 0) out.push("  (no pod came of this command)");
  for (const pod of shown) out.push(...schedulingLines(world, pod));
  out.push(...more, "", "6. Kubelet");
  const kubelet = shown.flatMap((p) => kubeletLines(world, p));
  out.push(...(kubelet.length > 0 ? kubelet : ["  (no pod on a node)"]), ...more, "", "7. Container runtime (containerd)");
  const runtime = shown.flatMap(runtimeLines);
  out.push(...(runtime.length > 0 ? runtime : ["  (no container)"]), ...more, "");
  return `${out.join("\n")}\n`;
}
