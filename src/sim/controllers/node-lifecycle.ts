/**
 * The node lifecycle controller of kube-controller-manager
 * (pkg/controller/nodelifecycle/node_lifecycle_controller.go): a node whose
 * kubelet has not posted a heartbeat for node-monitor-grace-period (50 s in
 * 1.32, kubernetes/kubernetes#126287; 40 s before) gets its conditions set to Unknown ("Kubelet stopped posting node
 * status."), the `node.kubernetes.io/unreachable` NoSchedule and NoExecute
 * taints (the taint eviction controller then evicts pods after their 300 s
 * tolerations), and its pods marked not Ready (MarkPodsNotReady). When the
 * kubelet posts Ready again, the taints go.
 *
 * Heartbeats: as upstream's tryUpdateNodeHealth, a node's probe time is the
 * latest of its kubelet's lease renewal (the Lease named after the node in
 * kube-node-lease, renewed every 10 s: kubelet/node-lease.ts) and its Ready
 * condition's lastHeartbeatTime (the status report every 5 min). It runs
 * inside kube-controller-manager (the world runs it only while that program
 * leads and reaches the API server: world/control-plane.ts), so while it is
 * down nodes are not watched, as on a real cluster.
 */
import { kindNamed } from "../api/kinds.js";
import type { Node, Pod } from "../api/types.js";
import { toRfc3339, parseTimestamp } from "../core/clock.js";
import type { Loop } from "../core/loop.js";
import { nodeLeaseRenewTime } from "../kubelet/node-lease.js";
import type { World } from "../world/world.js";

const NODE = kindNamed("Node")!;
const POD = kindNamed("Pod")!;
const SOURCE = { component: "node-controller" };

/** --node-monitor-grace-period's default: 50s since 1.32 (kubernetes/kubernetes#126287 raised it from 40s). */
export const NODE_MONITOR_GRACE_PERIOD_MS = 50_000;
export const UNREACHABLE_TAINT_KEY = "node.kubernetes.io/unreachable";
export const NODE_STATUS_UNKNOWN_REASON = "NodeStatusUnknown";
export const NODE_STATUS_UNKNOWN_MESSAGE = "Kubelet stopped posting node status.";
/** The conditions tryUpdateNodeHealth sets to Unknown (the kubelet's own conditions). */
const WATCHED_CONDITIONS = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"];

type Condition = NonNullable<NonNullable<Node["status"]>["conditions"]>[number];
type NodeTaint = { key: string; value?: string; effect: string; timeAdded?: string };

/** The node's last heartbeat: its lease's renewTime or its Ready condition's lastHeartbeatTime, whichever is later; undefined with neither. */
function lastHeartbeat(world: World, node: Node): number | undefined {
  const lease = nodeLeaseRenewTime(world, node.metadata.name);
  const posted = parseTimestamp(String(readyOf(node)?.lastHeartbeatTime ?? ""));
  if (Number.isNaN(posted)) return lease;
  return lease === undefined ? posted : Math.max(lease, posted);
}

const readyOf = (node: Node): Condition | undefined => node.status?.conditions?.find((c) => c.type === "Ready");
const taintsOf = (node: Node): NodeTaint[] => ((node.spec as { taints?: NodeTaint[] } | undefined)?.taints ?? []);

export class NodeLifecycleController implements Loop<World> {
  readonly name = "node-lifecycle-controller";

  /**
   * The earliest heartbeat of a node not yet Unknown, from a walk of every node. Renewals only move
   * heartbeats later, so the walk is redone only after another write or once that instant's grace
   * has run out: until then no node can have timed out.
   */
  private earliest: { key: string; beat: number | undefined } | undefined;

  private earliestBeat(world: World): number | undefined {
    const key = `${world.api.writeMark()}/${world.api.changesOf(NODE)}`;
    const kept = this.earliest;
    if (kept?.key === key && (kept.beat === undefined || world.clock.now() <= kept.beat + NODE_MONITOR_GRACE_PERIOD_MS)) return kept.beat;
    let beat: number | undefined;
    for (const node of world.api.list<Node>(NODE)) {
      const at = readyOf(node)?.status === "Unknown" ? undefined : lastHeartbeat(world, node);
      if (at !== undefined && (beat === undefined || at < beat)) beat = at;
    }
    this.earliest = { key, beat };
    return beat;
  }

  nextWakeAt(world: World): number | undefined {
    const beat = this.earliestBeat(world);
    // The grace period must have passed strictly (now.After(probe + grace)); the clock moves in whole seconds.
    return beat === undefined ? undefined : beat + NODE_MONITOR_GRACE_PERIOD_MS + 1000;
  }

  reconcile(world: World): boolean {
    const now = world.clock.now();
    const earliest = this.earliestBeat(world);
    const anyTimedOut = earliest !== undefined && now > earliest + NODE_MONITOR_GRACE_PERIOD_MS;
    const timedOut = (node: Node) => {
      if (!anyTimedOut) return false;
      const beat = lastHeartbeat(world, node);
      return beat !== undefined && now > beat + NODE_MONITOR_GRACE_PERIOD_MS && readyOf(node)?.status !== "Unknown";
    };
    // Cheap checks first: this runs on every pass of every step, and most passes find nothing to do.
    const due = world.api.list<Node>(NODE).filter((node) => timedOut(node) || taintsOutOfStep(node));
    if (due.length === 0) return false;
    let changed = false;
    for (const node of due) changed = (timedOut(node) ? markUnknown(world, node, now) : syncTaints(world, node, now)) || changed;
    return changed;
  }
}

/** v1.TaintNodeUnschedulable: doNoScheduleTaintingPass mirrors spec.unschedulable (a cordon) as this NoSchedule taint. */
export const UNSCHEDULABLE_TAINT_KEY = "node.kubernetes.io/unschedulable";
const cordoned = (node: Node) => (node.spec as { unschedulable?: boolean } | undefined)?.unschedulable === true;
const hasUnschedulableTaint = (node: Node) => taintsOf(node).some((t) => t.key === UNSCHEDULABLE_TAINT_KEY && t.effect === "NoSchedule");

const unreachable = (node: Node) => readyOf(node)?.status === "Unknown" && readyOf(node)?.reason === NODE_STATUS_UNKNOWN_REASON;
const hasUnreachableTaint = (node: Node, effect: string) => taintsOf(node).some((t) => t.key === UNREACHABLE_TAINT_KEY && t.effect === effect);

/** v1.TaintNodeMemoryPressure: doNoScheduleTaintingPass mirrors a MemoryPressure True condition as this NoSchedule taint. */
export const MEMORY_PRESSURE_TAINT_KEY = "node.kubernetes.io/memory-pressure";
const memoryPressure = (node: Node) => node.status?.conditions?.some((c) => c.type === "MemoryPressure" && c.status === "True") ?? false;
const hasMemoryPressureTaint = (node: Node) => taintsOf(node).some((t) => t.key === MEMORY_PRESSURE_TAINT_KEY && t.effect === "NoSchedule");

/** Whether the node's unreachable taints disagree with its Ready condition, its unschedulable taint with spec.unschedulable, or its memory-pressure taint with MemoryPressure. */
function taintsOutOfStep(node: Node): boolean {
  const both = hasUnreachableTaint(node, "NoSchedule") && hasUnreachableTaint(node, "NoExecute");
  const any = hasUnreachableTaint(node, "NoSchedule") || hasUnreachableTaint(node, "NoExecute");
  return (unreachable(node) ? !both : any) || cordoned(node) !== hasUnschedulableTaint(node) || memoryPressure(node) !== hasMemoryPressureTaint(node);
}

/** tryUpdateNodeHealth: every kubelet condition to Unknown, its heartbeat kept; then the pods and the taints. */
function markUnknown(world: World, node: Node, now: number): boolean {
  const wasReady = readyOf(node)?.status === "True";
  const at = toRfc3339(now);
  const conditions = (node.status?.conditions ?? []).map((c) =>
    WATCHED_CONDITIONS.includes(c.type) ? { ...c, status: "Unknown", reason: NODE_STATUS_UNKNOWN_REASON, message: NODE_STATUS_UNKNOWN_MESSAGE, lastTransitionTime: at } : c,
  );
  const updated = world.api.updateStatus<Node>(NODE, { ...node, status: { ...node.status, conditions } });
  if (!updated.ok) return false;
  if (wasReady) {
    // RecordNodeStatusChange, then MarkPodsNotReady (pkg/controller/util/node/controller_utils.go).
    world.events.record(updated.value, "Normal", "NodeNotReady", `Node ${node.metadata.name} status is now: NodeNotReady`, SOURCE);
    markPodsNotReady(world, node.metadata.name, at);
  }
  syncTaints(world, updated.value, now);
  return true;
}

function markPodsNotReady(world: World, nodeName: string, at: string): void {
  for (const pod of world.api.list<Pod>(POD)) {
    if (pod.spec?.nodeName !== nodeName) continue;
    const conditions = pod.status?.conditions ?? [];
    const ready = conditions.find((c) => c.type === "Ready");
    if (!ready || ready.status === "False") continue;
    const next = conditions.map((c) => (c.type === "Ready" ? { ...c, status: "False", lastTransitionTime: at } : c));
    const updated = world.api.updateStatus<Pod>(POD, { ...pod, status: { ...pod.status, conditions: next } });
    if (updated.ok) world.events.record(updated.value, "Warning", "NodeNotReady", "Node is not ready", SOURCE);
  }
}

/**
 * doNoScheduleTaintingPass and doNoExecuteTaintingPass for a cordon and the unreachable case: Ready Unknown
 * carries both taints, any other Ready status neither (the not-ready taints, for Ready False,
 * are not modelled: nothing in kadet sets Ready False).
 */
function syncTaints(world: World, node: Node, now: number): boolean {
  if (!taintsOutOfStep(node)) return false;
  const taints = taintsOf(node);
  let next: NodeTaint[];
  if (unreachable(node)) {
    const at = toRfc3339(now);
    next = [...taints];
    for (const effect of ["NoSchedule", "NoExecute"]) if (!hasUnreachableTaint(node, effect)) next.push({ key: UNREACHABLE_TAINT_KEY, effect, timeAdded: at });
  } else {
    next = taints.filter((t) => t.key !== UNREACHABLE_TAINT_KEY);
  }
  // SwapNodeControllerTaint stamps every taint it adds with timeAdded.
  if (cordoned(node) && !hasUnschedulableTaint(node)) next.push({ key: UNSCHEDULABLE_TAINT_KEY, effect: "NoSchedule", timeAdded: toRfc3339(now) });
  if (!cordoned(node)) next = next.filter((t) => t.key !== UNSCHEDULABLE_TAINT_KEY);
  if (memoryPressure(node) && !hasMemoryPressureTaint(node)) next.push({ key: MEMORY_PRESSURE_TAINT_KEY, effect: "NoSchedule", timeAdded: toRfc3339(now) });
  if (!memoryPressure(node)) next = next.filter((t) => t.key !== MEMORY_PRESSURE_TAINT_KEY);
  const spec = { ...(node.spec ?? {}) } as Record<string, unknown>;
  if (next.length > 0) spec.taints = next;
  else delete spec.taints;
  return world.api.update(NODE, { ...node, spec } as Node).ok;
}
