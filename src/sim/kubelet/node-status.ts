/**
 * The kubelet's node status updates (pkg/kubelet/kubelet_node_status.go), as
 * far as kadet models them: a kubelet that runs again after the node
 * lifecycle controller marked its node Unknown posts its conditions anew
 * (Ready True, "kubelet is posting ready status", heartbeat now) and records
 * the NodeReady event. Between changes it re-posts its conditions every
 * nodeStatusReportFrequency (5 min, the KubeletConfiguration default), which
 * moves their lastHeartbeatTime. The heartbeat in between is the node's
 * Lease, renewed every 10 s (node-lease.ts).
 */
import { kindNamed } from "../api/kinds.js";
import type { Node } from "../api/types.js";
import { toRfc3339, parseTimestamp } from "../core/clock.js";
import { NODE_STATUS_UNKNOWN_REASON } from "../controllers/node-lifecycle.js";
import type { World } from "../world/world.js";

const NODE = kindNamed("Node")!;

/** The conditions a healthy kubelet posts (setNodeReadyCondition and the pressure setters). */
const HEALTHY: Record<string, { status: string; reason: string; message: string }> = {
  MemoryPressure: { status: "False", reason: "KubeletHasSufficientMemory", message: "kubelet has sufficient memory available" },
  DiskPressure: { status: "False", reason: "KubeletHasNoDiskPressure", message: "kubelet has no disk pressure" },
  PIDPressure: { status: "False", reason: "KubeletHasSufficientPID", message: "kubelet has sufficient PID available" },
  Ready: { status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" },
};

/** Whether the node controller gave up on this node's kubelet (its Ready is Unknown for lack of heartbeats). */
export function markedUnknown(node: Node): boolean {
  const ready = node.status?.conditions?.find((c) => c.type === "Ready");
  return ready?.status === "Unknown" && ready.reason === NODE_STATUS_UNKNOWN_REASON;
}

/** A running kubelet's status update for a node marked Unknown; returns the node as written, or undefined. */
export function postNodeReady(world: World, node: Node): Node | undefined {
  const at = toRfc3339(world.clock.now());
  const conditions = (node.status?.conditions ?? []).map((c) => {
    const healthy = HEALTHY[c.type];
    if (!healthy) return c;
    const transition = c.status !== healthy.status ? at : c.lastTransitionTime;
    return { ...c, ...healthy, lastHeartbeatTime: at, lastTransitionTime: transition };
  });
  const updated = world.api.updateStatus<Node>(NODE, { ...node, status: { ...node.status, conditions } });
  if (!updated.ok) return undefined;
  world.events.record(updated.value, "Normal", "NodeReady", `Node ${node.metadata.name} status is now: NodeReady`, { component: "kubelet", host: node.metadata.name });
  return updated.value;
}

/** KubeletConfiguration's nodeStatusReportFrequency default. */
export const NODE_STATUS_REPORT_FREQUENCY_MS = 5 * 60 * 1000;

/** When a running kubelet next re-posts this node's status (its Ready condition's heartbeat plus the report frequency). */
export function nextStatusReport(node: Node): number | undefined {
  const ready = node.status?.conditions?.find((c) => c.type === "Ready");
  if (ready?.status !== "True" || !ready.lastHeartbeatTime) return undefined;
  return parseTimestamp(String(ready.lastHeartbeatTime)) + NODE_STATUS_REPORT_FREQUENCY_MS;
}

/** The periodic report: the kubelet's conditions unchanged, their heartbeat now. Returns the node as written, or undefined. */
export function reportNodeStatus(world: World, node: Node): Node | undefined {
  const at = toRfc3339(world.clock.now());
  const conditions = (node.status?.conditions ?? []).map((c) => (HEALTHY[c.type] ? { ...c, lastHeartbeatTime: at } : c));
  const updated = world.api.updateStatus<Node>(NODE, { ...node, status: { ...node.status, conditions } });
  return updated.ok ? updated.value : undefined;
}
