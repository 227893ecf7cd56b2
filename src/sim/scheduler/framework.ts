/**
 * The scheduling framework's contracts, shaped like upstream's
 * pkg/scheduler/framework: plugins return Status values (never throw), filter
 * plugins say whether a pod may run on a node, score plugins rank the nodes
 * that passed. The plugin names live here, in one place, as upstream keeps
 * them in plugins/names/names.go.
 */
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from "../api/types.js";
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
  | "VolumeBinding";

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
  preFilter?(pod: Pod, cluster?: ClusterView): PreFilterOutcome;
  filter(pod: Pod, nodeInfo: NodeInfo, cluster: ClusterView): Status;
}

export interface ScorePlugin extends Plugin {
  /** Optional PreScore; `Skip` means the plugin gives no score at all for this pod. */
  preScore?(pod: Pod, feasible: readonly NodeInfo[]): Status;
  /** Raw score of one feasible node. */
  score(pod: Pod, nodeInfo: NodeInfo, cluster: ClusterView): number;
  /** NormalizeScore over all feasible nodes, same order as given. */
  normalizeScores?(scores: readonly number[]): number[];
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
