/**
 * Builds the scheduler's view of the cluster for one scheduling attempt
 * (upstream's cache snapshot): one NodeInfo per node with its bound pods,
 * their summed requests, and which images it holds.
 */
import type { Node, Pod } from "../api/types.js";
import type { ImageState, NodeInfo } from "./framework.js";
import { hasPodAffinity, hasRequiredPodAntiAffinity } from "./pod_info.js";
import { nodeAllocatable, podRequests, type ResourceAmounts } from "./resources.js";

function sumRequests(pods: readonly Pod[], defaultMissing: boolean): ResourceAmounts {
  const total: ResourceAmounts = { cpu: 0, memory: 0, ephemeralStorage: 0 };
  for (const p of pods) {
    const r = podRequests(p, { defaultMissing });
    total.cpu += r.cpu;
    total.memory += r.memory;
    total.ephemeralStorage += r.ephemeralStorage;
  }
  return total;
}

/** How many nodes hold each image name, as the cache's imageStates count them. */
function countImageSpread(nodes: readonly Node[]): Map<string, number> {
  const spread = new Map<string, number>();
  for (const node of nodes) {
    const names = new Set<string>();
    for (const image of node.status?.images ?? []) for (const name of image.names ?? []) names.add(name);
    for (const name of names) spread.set(name, (spread.get(name) ?? 0) + 1);
  }
  return spread;
}

function imageStatesOf(node: Node, spread: ReadonlyMap<string, number>): Map<string, ImageState> {
  const states = new Map<string, ImageState>();
  for (const image of node.status?.images ?? []) {
    for (const name of image.names ?? []) {
      states.set(name, { sizeBytes: image.sizeBytes ?? 0, numNodes: spread.get(name) ?? 1 });
    }
  }
  return states;
}

/** A NodeInfo for `node` holding exactly `pods` (preemption builds these with victims removed). */
export function nodeInfoWithPods(base: NodeInfo, pods: readonly Pod[]): NodeInfo {
  return {
    ...base,
    pods,
    requested: sumRequests(pods, false),
    nonZeroRequested: sumRequests(pods, true),
    podsWithAffinity: pods.filter(hasPodAffinity),
    podsWithRequiredAntiAffinity: pods.filter(hasRequiredPodAntiAffinity),
  };
}

/** The NodeInfo after `pod` is bound to its node (upstream's cache AddPod): sums grow by the pod's own requests. */
export function nodeInfoWithAddedPod(base: NodeInfo, pod: Pod): NodeInfo {
  return {
    ...base,
    pods: [...base.pods, pod],
    requested: plus(base.requested, podRequests(pod, { defaultMissing: false })),
    nonZeroRequested: plus(base.nonZeroRequested, podRequests(pod, { defaultMissing: true })),
    podsWithAffinity: hasPodAffinity(pod) ? [...base.podsWithAffinity, pod] : base.podsWithAffinity,
    podsWithRequiredAntiAffinity: hasRequiredPodAntiAffinity(pod) ? [...base.podsWithRequiredAntiAffinity, pod] : base.podsWithRequiredAntiAffinity,
  };
}

function plus(a: ResourceAmounts, b: ResourceAmounts): ResourceAmounts {
  return { cpu: a.cpu + b.cpu, memory: a.memory + b.memory, ephemeralStorage: a.ephemeralStorage + b.ephemeralStorage };
}

export function buildSnapshot(nodes: readonly Node[], podsByNode: ReadonlyMap<string, readonly Pod[]>): NodeInfo[] {
  const spread = countImageSpread(nodes);
  return nodes.map((node) => {
    const pods = podsByNode.get(node.metadata.name) ?? [];
    return {
      node,
      name: node.metadata.name,
      pods,
      allocatable: nodeAllocatable(node),
      requested: sumRequests(pods, false),
      nonZeroRequested: sumRequests(pods, true),
      imageStates: imageStatesOf(node, spread),
      podsWithAffinity: pods.filter(hasPodAffinity),
      podsWithRequiredAntiAffinity: pods.filter(hasRequiredPodAntiAffinity),
    };
  });
}
