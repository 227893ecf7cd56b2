/**
 * NodeResourcesBalancedAllocation: prefers nodes whose cpu and memory would
 * be used in similar proportions after placing the pod:
 * score = (1 - std(fractions)) * 100, where each fraction = requested / allocatable
 * capped at 1, and for two resources std = |f1 - f2| / 2. Uses the real
 * requests (no 100m/200Mi defaults).
 * Upstream: pkg/scheduler/framework/plugins/noderesources/balanced_allocation.go (1.32).
 */
import { MAX_NODE_SCORE, type ScorePlugin } from "../../framework.js";
import { podRequests } from "../../resources.js";

/** balancedResourceScorer */
export function balancedResourceScore(requested: readonly number[], allocatable: readonly number[]): number {
  const fractions: number[] = [];
  for (let i = 0; i < requested.length; i++) {
    const alloc = allocatable[i]!;
    if (alloc === 0) continue;
    fractions.push(Math.min(1, requested[i]! / alloc));
  }
  let std = 0;
  if (fractions.length === 2) {
    std = Math.abs((fractions[0]! - fractions[1]!) / 2);
  } else if (fractions.length > 2) {
    const mean = fractions.reduce((a, b) => a + b, 0) / fractions.length;
    std = Math.sqrt(fractions.reduce((sum, f) => sum + (f - mean) * (f - mean), 0) / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

export const balancedAllocationPlugin = {
  name: "NodeResourcesBalancedAllocation",
  score(pod, nodeInfo) {
    const request = podRequests(pod);
    const cpu = nodeInfo.allocatable.cpu;
    const memory = nodeInfo.allocatable.memory;
    // The two-resource case of balancedResourceScore without its arrays (this runs once per feasible node).
    if (cpu !== 0 && memory !== 0) {
      const fCpu = Math.min(1, (nodeInfo.requested.cpu + request.cpu) / cpu);
      const fMemory = Math.min(1, (nodeInfo.requested.memory + request.memory) / memory);
      return Math.trunc((1 - Math.abs((fCpu - fMemory) / 2)) * MAX_NODE_SCORE);
    }
    // resource_allocation.go leaves both at 0 when the node has none, and the scorer then skips it.
    return balancedResourceScore(
      [cpu === 0 ? 0 : nodeInfo.requested.cpu + request.cpu, memory === 0 ? 0 : nodeInfo.requested.memory + request.memory],
      [cpu, memory],
    );
  },
} satisfies ScorePlugin;
