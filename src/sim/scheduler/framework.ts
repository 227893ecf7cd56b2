/**
 * The scheduling framework's contracts, shaped like upstream's
 * pkg/scheduler/framework: plugins return Status values (never throw), filter
 * plugins say whether a pod may run on a node, score plugins rank the nodes
 * that passed. The plugin names live here, in one place, as upstream keeps
 * them in plugins/names/names.go.
 */
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from "../api/types.js";
import type { Labels, Selector } from "../core/labels.js";
import type { ResourceAmounts } from "./resources.js";

/**
 * Status codes of framework.Status that this model uses. `Unschedulable`
 * means preemption might help; `UnschedulableAndUnresolvable` means it cannot
 * (the preemption step skips such nodes); `Skip` from PreFilter/PreScore
 * means the plugin has nothing to do for this pod.
 */
export type Code = "Success" | "Unschedulable" | "UnschedulableAndUnresolvable" | "Skip";

export interface Status {
  readonly code: Code;
  /** User-facing reasons, counted into the FailedScheduling message. */
  readonly reasons: readonly string[];
}

export const SUCCESS: Status = Object.freeze({ code: "Success", reasons: Object.freeze([]) as readonly string[] });
export const SKIP: Status = Object.freeze({ code: "Skip", reasons: Object.freeze([]) as readonly string[] });

export function unschedulable(...reasons: string[]): Status {
  return { code: "Unschedulable", reasons };
}

export function unresolvable(...reasons: string[]): Status {
  return { code: "UnschedulableAndUnresolvable", reasons };
}

/** Status.IsRejected(): the node (or pod) cannot be scheduled as things stand. */
export function isRejected(status: Status): boolean {
  return status.code === "Unschedulable" || status.code === "UnschedulableAndUnresolvable";
}

/** framework.MaxNodeScore */
export const MAX_NODE_SCORE = 100;

/** Names of the plugins this model implements, as in upstream's names.go. */
export type PluginName =
  | "NodeUnschedulable"
  | "NodeName"
  | "TaintToleration"
  | "NodeAffinity"
  | "NodeResourcesFit"
  | "NodeResourcesBalancedAllocation"
  | "ImageLocality"
  | "VolumeRestrictions"
  | "VolumeBinding"
  | "NodePorts"
  | "PodTopologySpread"
  | "InterPodAffinity";

/** What the scheduler knows about one image on one node (framework.ImageStateSummary). */
export interface ImageState {
  sizeBytes: number;
  /** How many nodes of the cluster hold this image. */
  numNodes: number;
}

/**
 * A node with the pods already bound to it and their summed requests
 * (framework.NodeInfo). Built once per scheduling attempt by snapshot.ts.
 */
export interface NodeInfo {
  readonly node: Node;
  readonly name: string;
  readonly pods: readonly Pod[];
  readonly allocatable: ResourceAmounts & { pods: number };
  /** Sum of the effective requests of `pods`. */
  readonly requested: ResourceAmounts;
  /** Like `requested`, but containers without a cpu/memory request count 100m / 200Mi (scoring only). */
  readonly nonZeroRequested: ResourceAmounts;
  /** Image name (every entry of status.images[].names) → state. */
  readonly imageStates: ReadonlyMap<string, ImageState>;
  /** The pods of `pods` with pod affinity or anti-affinity of any kind (NodeInfo.PodsWithAffinity). */
  readonly podsWithAffinity: readonly Pod[];
  /** The pods of `pods` with required pod anti-affinity (NodeInfo.PodsWithRequiredAntiAffinity). */
  readonly podsWithRequiredAntiAffinity: readonly Pod[];
}

/**
 * Data a plugin computes once per scheduling cycle (in PreFilter or PreScore)
 * and reads for every node (framework.CycleState), so Filter and Score never
 * walk the whole cluster per node.
 */
export class CycleState {
  private readonly data = new Map<string, unknown>();

  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  write(key: string, value: unknown): void {
    this.data.set(key, value);
  }

  /** A copy whose entries can be replaced without touching this one (preemption's dry runs). */
  clone(): CycleState {
    const copy = new CycleState();
    for (const [key, value] of this.data) copy.data.set(key, value);
    return copy;
  }
}

/** Namespaces and their labels, for affinity terms' namespaceSelector. */
export interface NamespaceLookup {
  labelsOf(name: string): Labels | undefined;
  all(): readonly { name: string; labels: Labels }[];
}

/**
 * What PodTopologySpread's default constraints read to find a pod's group
 * (helper.DefaultSelector): the Services that select it and its controller.
 */
export interface WorkloadLookup {
  /** spec.selector of every Service in the namespace that has one. */
  serviceSelectors(namespace: string): readonly Labels[];
  /** The selector of the pod's controller when it is a ReplicationController, ReplicaSet or StatefulSet that exists. */
  controllerSelector(namespace: string, apiVersion: string, kind: string, name: string): Selector | undefined;
}

/** What VolumeBinding and VolumeRestrictions may read of the cluster's storage objects. */
export interface VolumeLookup {
  claim(namespace: string, name: string): PersistentVolumeClaim | undefined;
  /** The StorageClass's provisioner and binding mode, undefined when the class does not exist. */
  storageClass(name: string): { provisioner: string; volumeBindingMode?: string } | undefined;
  volumes(): readonly PersistentVolume[];
  /** Pods (bound or not) other than the one being scheduled that use the claim. */
  podsUsingClaim(namespace: string, name: string): readonly Pod[];
}

/** What every plugin sees besides the pod and the node: the whole snapshot. */
export interface ClusterView {
  readonly allNodes: readonly NodeInfo[];
  /** PersistentVolumeClaims and StorageClasses, for VolumeBinding; absent in scheduler unit tests. */
  readonly volumes?: VolumeLookup;
  /** Namespace labels (namespaceSelector); absent in unit tests, where no namespace has labels. */
  readonly namespaces?: NamespaceLookup;
  /** Services and controllers (PodTopologySpread's default constraints); absent in unit tests. */
  readonly workloads?: WorkloadLookup;
  /** The nodes hosting pods with pod affinity (HavePodsWithAffinityList), computed at most once per cycle. */
  nodesWithAffinityPods(): readonly NodeInfo[];
  /** The nodes hosting pods with required anti-affinity (HavePodsWithRequiredAntiAffinityList). */
  nodesWithRequiredAntiAffinityPods(): readonly NodeInfo[];
}

export interface Plugin {
  readonly name: PluginName;
}

/** Result of a PreFilter: a status and, optionally, the only nodes worth filtering. */
export interface PreFilterOutcome {
  status: Status;
  /** When set, nodes outside this set are rejected without running filters (PreFilterResult.NodeNames). */
  nodeNames?: ReadonlySet<string>;
}

export interface FilterPlugin extends Plugin {
  /** Optional PreFilter; `Skip` means this plugin's filter does not apply to the pod. */
  preFilter?(pod: Pod, cluster: ClusterView, state: CycleState): PreFilterOutcome;
  filter(pod: Pod, nodeInfo: NodeInfo, cluster: ClusterView, state: CycleState): Status;
  /**
   * PreFilterExtensions.RemovePod, for plugins whose PreFilter state counts pods
   * across the cluster: preemption's dry runs take pods off a node, and the state
   * (in a cloned CycleState) must forget them. It replaces its entry, never
   * changes the one it read: the cycle's own state is shared.
   */
  removePod?(state: CycleState, pod: Pod, podToRemove: Pod, nodeInfo: NodeInfo): void;
}

export interface ScorePlugin extends Plugin {
  /** Optional PreScore; `Skip` means the plugin gives no score at all for this pod. */
  preScore?(pod: Pod, feasible: readonly NodeInfo[], cluster: ClusterView, state: CycleState): Status;
  /** Raw score of one feasible node. */
  score(pod: Pod, nodeInfo: NodeInfo, cluster: ClusterView, state: CycleState): number;
  /** NormalizeScore over all feasible nodes, same order as given. */
  normalizeScores?(scores: readonly number[], state: CycleState, feasible: readonly NodeInfo[]): number[];
}

/**
 * helper.DefaultNormalizeScore: scales scores to [0, maxPriority] by the
 * largest one; `reverse` turns "fewer is better" counts into scores.
 */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: readonly number[]): number[] {
  const maxCount = Math.max(0, ...scores);
  if (maxCount === 0) return scores.map((s) => (reverse ? maxPriority : s));
  return scores.map((s) => {
    const scaled = Math.trunc((maxPriority * s) / maxCount);
    return reverse ? maxPriority - scaled : scaled;
  });
}
