/**
 * NodeResourcesFit: a node fits when one more pod stays within its pod
 * count and the pod's effective cpu, memory and ephemeral-storage requests fit
 * in allocatable minus what bound pods already request. Scores with the
 * default LeastAllocated strategy (cpu and memory, weight 1 each).
 * Upstream: pkg/scheduler/framework/plugins/noderesources/fit.go,
 * least_allocated.go, resource_allocation.go (Kubernetes 1.32).
 * https://kubernetes.io/docs/concepts/scheduling-eviction/resource-bin-packing/
 */
import type { Pod } from "../../../api/types.js";
import { MAX_NODE_SCORE, SUCCESS, unschedulable, type FilterPlugin, type NodeInfo, type ScorePlugin } from "../../framework.js";
import { podRequests } from "../../resources.js";

/** Reasons verbatim from upstream's fitsRequest. */
export const REASON_TOO_MANY_PODS = "Too many pods";
export const REASON_INSUFFICIENT_CPU = "Insufficient cpu";
export const REASON_INSUFFICIENT_MEMORY = "Insufficient memory";
export const REASON_INSUFFICIENT_EPHEMERAL_STORAGE = "Insufficient ephemeral-storage";

/** What does not fit, in upstream's order: pods, cpu, memory, ephemeral-storage. */
export function insufficientResources(pod: Pod, nodeInfo: NodeInfo): string[] {
  const reasons: string[] = [];
  if (nodeInfo.pods.length + 1 > nodeInfo.allocatable.pods) reasons.push(REASON_TOO_MANY_PODS);
  const request = podRequests(pod);
  const free = (key: "cpu" | "memory" | "ephemeralStorage") => nodeInfo.allocatable[key] - nodeInfo.requested[key];
  // A request of 0 always fits, even on an over-committed node.
  if (request.cpu > 0 && request.cpu > free("cpu")) reasons.push(REASON_INSUFFICIENT_CPU);
  if (request.memory > 0 && request.memory > free("memory")) reasons.push(REASON_INSUFFICIENT_MEMORY);
  if (request.ephemeralStorage > 0 && request.ephemeralStorage > free("ephemeralStorage")) {
    reasons.push(REASON_INSUFFICIENT_EPHEMERAL_STORAGE);
  }
  return reasons;
}

/** The common case, checked without building a reasons list: everything fits. */
function fitsWithoutShortage(pod: Pod, nodeInfo: NodeInfo): boolean {
  if (nodeInfo.pods.length + 1 > nodeInfo.allocatable.pods) return false;
  const request = podRequests(pod);
  const { allocatable, requested } = nodeInfo;
  return (
    (request.cpu <= 0 || request.cpu <= allocatable.cpu - requested.cpu) &&
    (request.memory <= 0 || request.memory <= allocatable.memory - requested.memory) &&
    (request.ephemeralStorage <= 0 || request.ephemeralStorage <= allocatable.ephemeralStorage - requested.ephemeralStorage)
  );
}

/** leastRequestedScore: the free fraction of capacity after placing the pod, times 100, rounded down. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

export const nodeResourcesFitPlugin = {
  name: "NodeResourcesFit",
  filter(pod, nodeInfo) {
    if (fitsWithoutShortage(pod, nodeInfo)) return SUCCESS;
    // In 1.32 every shortage is Unschedulable (preemption may help); 1.34
    // started returning UnschedulableAndUnresolvable when a request exceeds
    // the whole node (kubernetes/kubernetes#131345).
    const reasons = insufficientResources(pod, nodeInfo);
    return reasons.length === 0 ? SUCCESS : unschedulable(...reasons);
  },
  /**
   * LeastAllocated over cpu and memory with weight 1 each. Requests of pods
   * (bound and incoming) without a cpu/memory request count as 100m / 200Mi.
   */
  score(pod, nodeInfo) {
    const request = podRequests(pod, { defaultMissing: true });
    let total = 0;
    let weights = 0;
    if (nodeInfo.allocatable.cpu !== 0) {
      total += leastRequestedScore(nodeInfo.nonZeroRequested.cpu + request.cpu, nodeInfo.allocatable.cpu);
      weights += 1;
    }
    if (nodeInfo.allocatable.memory !== 0) {
      total += leastRequestedScore(nodeInfo.nonZeroRequested.memory + request.memory, nodeInfo.allocatable.memory);
      weights += 1;
    }
    return weights === 0 ? 0 : Math.trunc(total / weights);
  },
} satisfies FilterPlugin & ScorePlugin;
