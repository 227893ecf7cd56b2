/**
 * The ClusterView one scheduling cycle hands to every plugin: the snapshot's
 * nodes, the lookups some plugins need, and the lists of nodes hosting pods
 * with pod affinity (the snapshot's HavePodsWithAffinityList), built at most
 * once per cycle and only when a plugin asks.
 */
import type { ClusterView, NamespaceLookup, NodeInfo, VolumeLookup, WorkloadLookup } from "./framework.js";

/** How many bound pods carry pod affinity of any kind, and required anti-affinity (the scheduler loop keeps these). */
export interface AffinityPodCounts {
  withAffinity: number;
  withRequiredAntiAffinity: number;
}

export interface ClusterLookups {
  volumes?: VolumeLookup;
  namespaces?: NamespaceLookup;
  workloads?: WorkloadLookup;
  /** When given and zero, the node lists are known to be empty without looking. */
  affinityPodCounts?: AffinityPodCounts;
}

const NONE: readonly NodeInfo[] = Object.freeze([]);

export function clusterView(allNodes: readonly NodeInfo[], lookups: ClusterLookups = {}): ClusterView {
  let withAffinity: readonly NodeInfo[] | undefined;
  let withRequiredAntiAffinity: readonly NodeInfo[] | undefined;
  const counts = lookups.affinityPodCounts;
  return {
    allNodes,
    ...(lookups.volumes ? { volumes: lookups.volumes } : {}),
    ...(lookups.namespaces ? { namespaces: lookups.namespaces } : {}),
    ...(lookups.workloads ? { workloads: lookups.workloads } : {}),
    nodesWithAffinityPods() {
      if (counts && counts.withAffinity === 0) return NONE;
      return (withAffinity ??= allNodes.filter((n) => n.podsWithAffinity.length > 0));
    },
    nodesWithRequiredAntiAffinityPods() {
      if (counts && counts.withRequiredAntiAffinity === 0) return NONE;
      return (withRequiredAntiAffinity ??= allNodes.filter((n) => n.podsWithRequiredAntiAffinity.length > 0));
    },
  };
}
