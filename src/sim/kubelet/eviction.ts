/**
 * The kubelet's eviction manager for memory (pkg/kubelet/eviction), one per node. The signal is
 * memory.available = the node's memory capacity minus the working sets of the containers it runs
 * (kadet's system daemons use nothing), against the default hard threshold memory.available<100Mi.
 * Once it is met the kubelet reports MemoryPressure True (the node lifecycle controller then adds
 * the node.kubernetes.io/memory-pressure:NoSchedule taint) and, every monitoring interval (10 s),
 * evicts one pod in rankMemoryPressure's order: pods using more memory than they request first,
 * then lower priority, then the largest use above the request. Static and critical pods are never
 * evicted. The condition goes back to False once the threshold has not been met for
 * evictionPressureTransitionPeriod (5 min).
 * https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/
 */
import type { IContainer } from "kubernetes-models/v1";
import { kindNamed } from "../api/kinds.js";
import type { Node, Pod } from "../api/types.js";
import { toRfc3339 } from "../core/clock.js";
import { quantityInFormat, unitValue } from "../core/quantity.js";
import type { World } from "../world/world.js";
import type { NodeEvictionState, PodRun } from "./container-run.js";
import { containerRequests, demandedUsage } from "./resource-usage.js";
import { CONFIG_MIRROR } from "./static-pods.js";

const NODE = kindNamed("Node")!;

/** The kubelet's default evictionHard memory.available<100Mi. */
export const MEMORY_AVAILABLE_THRESHOLD = "100Mi";
const THRESHOLD_BYTES = 100 * 1024 * 1024;
/** The eviction manager's monitoring interval (kubelet.go evictionMonitoringPeriod). */
export const EVICTION_MONITORING_INTERVAL_MS = 10_000;
/** KubeletConfiguration evictionPressureTransitionPeriod's default. */
export const EVICTION_PRESSURE_TRANSITION_MS = 5 * 60_000;
/** scheduling.SystemCriticalPriority: pods at or above it are critical (kubelettypes.IsCriticalPod). */
const SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;

/** pkg/kubelet/eviction/helpers.go's message formats. */
const nodeLowMessage = (resource: string) => `The node was low on resource: ${resource}. `;
const thresholdMetMessage = (quantity: string, available: string) => `Threshold quantity: ${quantity}, available: ${available}. `;
const containerMessage = (name: string, usage: string, request: string, resource: string) => `Container ${name} was using ${usage}, request is ${request}, has larger consumption of ${resource}. `;

/** A pod the kubelet runs on the node, as the eviction manager sees it. */
export interface Resident {
  pod: Pod;
  run: PodRun;
}

const bytes = (n: number) => quantityInFormat(String(n), "BinarySI")!;

function containersOf(pod: Pod): IContainer[] {
  return (pod.spec?.containers ?? []) as IContainer[];
}

function podMemory(r: Resident): { usage: number; request: number } {
  let usage = 0;
  let request = 0;
  for (const c of r.run.containers) usage += demandedUsage(c)?.memoryBytes ?? 0;
  for (const spec of containersOf(r.pod)) request += containerRequests(spec).memoryBytes;
  return { usage, request };
}

function critical(pod: Pod): boolean {
  return pod.metadata.annotations?.[CONFIG_MIRROR] !== undefined || (pod.spec?.priority ?? 0) >= SYSTEM_CRITICAL_PRIORITY;
}

/** rankMemoryPressure: orderedBy(exceedMemoryRequests, priority, memory); ties keep the given order. */
export function rankForMemoryEviction(residents: readonly Resident[]): Resident[] {
  const scored = residents.map((r, i) => ({ r, i, m: podMemory(r), priority: r.pod.spec?.priority ?? 0 }));
  scored.sort((a, b) => {
    const exceedA = a.m.usage > a.m.request ? 0 : 1;
    const exceedB = b.m.usage > b.m.request ? 0 : 1;
    if (exceedA !== exceedB) return exceedA - exceedB;
    if (a.priority !== b.priority) return a.priority - b.priority;
    const above = b.m.usage - b.m.request - (a.m.usage - a.m.request);
    return above !== 0 ? above : a.i - b.i;
  });
  return scored.map((s) => s.r);
}

/** evictionMessage for memory: the threshold, then every container using more than it requests. */
export function memoryEvictionMessage(r: Resident, availableBytes: number): string {
  let message = nodeLowMessage("memory") + thresholdMetMessage(MEMORY_AVAILABLE_THRESHOLD, bytes(availableBytes));
  for (const spec of containersOf(r.pod)) {
    const usage = demandedUsage(r.run.containers.find((c) => c.name === spec.name && !c.init) ?? ({} as never))?.memoryBytes;
    const request = containerRequests(spec).memoryBytes;
    if (usage !== undefined && usage > request) message += containerMessage(spec.name, bytes(usage), request === 0 ? "0" : String((spec.resources?.requests as Record<string, unknown>)?.memory), "memory");
  }
  return message;
}

function memoryPressureCondition(node: Node): boolean {
  return node.status?.conditions?.some((c) => c.type === "MemoryPressure" && c.status === "True") ?? false;
}

function setMemoryPressure(world: World, node: Node, pressure: boolean): void {
  const at = toRfc3339(world.clock.now());
  const [status, reason, message, eventReason] = pressure
    ? ["True", "KubeletHasInsufficientMemory", "kubelet has insufficient memory available", "NodeHasInsufficientMemory"]
    : ["False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", "NodeHasSufficientMemory"];
  const conditions = (node.status?.conditions ?? []).map((c) => (c.type === "MemoryPressure" ? { ...c, status, reason, message, lastHeartbeatTime: at, lastTransitionTime: at } : c));
  const updated = world.api.updateStatus<Node>(NODE, { ...node, status: { ...node.status, conditions } });
  // recordNodeStatusEvent: "Node %s status is now: %s".
  if (updated.ok) world.events.record(updated.value, "Normal", eventReason, `Node ${node.metadata.name} status is now: ${eventReason}`, { component: "kubelet", host: node.metadata.name });
}

/** The node's memory capacity in bytes (what memory.available is measured against). */
function capacityBytes(node: Node): number {
  const memory = (node.status?.capacity as Record<string, string> | undefined)?.memory;
  return memory ? unitValue(memory) : Infinity;
}

/**
 * One pass of the node's eviction manager. `usedBytes` is the working set of every container it
 * runs; `residents` lists its pods (asked only once the threshold is met); `evict` kills a pod
 * with the eviction message. Returns whether anything was written.
 */
export function synchronizeMemoryEviction(world: World, node: Node, usedBytes: number, residents: () => readonly Resident[], state: NodeEvictionState, evict: (r: Resident, message: string) => void): boolean {
  const now = world.clock.now();
  const available = capacityBytes(node) - usedBytes;
  const met = available < THRESHOLD_BYTES;
  if (met) state.thresholdMetAt = now;
  const pressure = state.thresholdMetAt !== undefined && now - state.thresholdMetAt < EVICTION_PRESSURE_TRANSITION_MS;
  let changed = false;
  if (pressure !== memoryPressureCondition(node)) {
    setMemoryPressure(world, node, pressure);
    changed = true;
  }
  if (!pressure) delete state.thresholdMetAt;
  if (state.nextEvictionAt !== undefined && now >= state.nextEvictionAt) delete state.nextEvictionAt;
  if (!met || state.nextEvictionAt !== undefined) return changed;
  const candidates = residents().filter((r) => !r.run.evicted && !r.pod.metadata.deletionTimestamp && !critical(r.pod) && r.pod.status?.phase !== "Succeeded" && r.pod.status?.phase !== "Failed");
  const victim = rankForMemoryEviction(candidates)[0];
  if (!victim) return changed;
  evict(victim, memoryEvictionMessage(victim, available));
  state.nextEvictionAt = now + EVICTION_MONITORING_INTERVAL_MS;
  return true;
}

/** When the eviction manager next has something to do: another eviction, or the condition's transition back. */
export function nextEvictionWake(state: NodeEvictionState | undefined): number | undefined {
  if (state?.thresholdMetAt === undefined) return undefined;
  const back = state.thresholdMetAt + EVICTION_PRESSURE_TRANSITION_MS;
  return state.nextEvictionAt !== undefined && state.nextEvictionAt < back ? state.nextEvictionAt : back;
}
