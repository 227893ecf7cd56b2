/**
 * One scheduling attempt for one pod, as kube-scheduler 1.32's schedulePod:
 * PreFilter → Filter on every node → (no fit) PostFilter/preemption and a
 * FailedScheduling message, or (fit) PreScore/Score/NormalizeScore with
 * weights → the highest total wins. Every step is kept in a
 * SchedulingRecord (node → plugin → result), like kube-scheduler-simulator's
 * recorder, so the trainer can explain a placement or a Pending pod.
 *
 * Deliberate differences from the real scheduler, all for determinism:
 * - Ties between top-scoring nodes go to the first node name in byte order;
 *   kube-scheduler picks one of them at random (selectHost's reservoir sampling).
 * - Nodes are filtered one after another; kube-scheduler filters them in
 *   parallel, so the nodes it reaches before it has found enough
 *   (percentageOfNodesToScore, from 100 nodes up) vary a little from run to run.
 * - The record also lists filters the real scheduler would not have run on a
 *   node after an earlier filter rejected it (marked ranByKubeScheduler:
 *   false); they never change the verdict or the message.
 */
import type { Node, Pod } from "../api/types.js";
import {
  CycleState,
  SUCCESS,
  isRejected,
  unresolvable,
  type ClusterView,
  type Code,
  type FilterPlugin,
  type NamespaceLookup,
  type NodeInfo,
  type PluginName,
  type Status,
  type WorkloadLookup,
} from "./framework.js";
import { clusterView, type AffinityPodCounts } from "./cluster_view.js";
import type { PodDisruptionBudget } from "../api/policy/pod-disruption-budget.js";
import { NO_NODES_AVAILABLE, fitErrorMessage } from "./fit_error.js";
import { preempt, type Candidate } from "./preemption.js";
import { defaultProfile, type Profile } from "./registry.js";
import { buildSnapshot } from "./snapshot.js";
import type { VolumeLookup } from "./plugins/volumebinding/volume_binding.js";

export interface SchedulingInput {
  pod: Pod;
  nodes: Node[];
  /** Pods already bound to each node (non-terminal), by node name. */
  podsByNode: ReadonlyMap<string, Pod[]>;
  /** The cluster's claims and storage classes (VolumeBinding). */
  volumes?: VolumeLookup;
  /**
   * The scheduler cache's snapshot of `nodes` and `podsByNode`, when the
   * caller keeps one (the scheduler loop, across the pods of one pass);
   * built from them otherwise.
   */
  snapshot?: NodeInfo[];
  /** Where filtering starts in the node list (kube-scheduler's nextStartNodeIndex); 0 when unset. */
  startNodeIndex?: number;
  /** Namespace labels, for affinity terms' namespaceSelector. */
  namespaces?: NamespaceLookup;
  /** Services and controllers, for PodTopologySpread's default constraints. */
  workloads?: WorkloadLookup;
  /**
   * How many bound pods carry pod affinity, when the caller keeps count: with
   * none, InterPodAffinity need not look through the nodes at all.
   */
  affinityPodCounts?: AffinityPodCounts;
  /** The cluster's PodDisruptionBudgets: preemption prefers victims whose removal breaks none. */
  budgets?: readonly PodDisruptionBudget[];
}

export interface PluginVerdict {
  plugin: PluginName;
  code: Code;
  reasons: string[];
}

export interface FilterVerdict extends PluginVerdict {
  /** False when kube-scheduler would have stopped at an earlier rejecting filter and never run this one. */
  ranByKubeScheduler: boolean;
}

export interface ScoreDetail {
  plugin: PluginName;
  /** What Score returned. */
  raw: number;
  /** After NormalizeScore (equal to raw for plugins without one). */
  normalized: number;
  weight: number;
  /** normalized × weight, the contribution to the total. */
  weighted: number;
}

export interface NodeRecord {
  node: string;
  /** The node's verdict: Success, the first rejecting filter's status, or the PreFilter/absent status. */
  code: Code;
  reasons: string[];
  /** Which plugin decided a rejection ("PreFilter" when the node was never filtered). */
  rejectedBy?: PluginName | "PreFilter";
  filters: FilterVerdict[];
  /** Only when two or more nodes passed the filters (kube-scheduler skips scoring for a single one). */
  scores?: ScoreDetail[];
  totalScore?: number;
  /** What the preemption dry run concluded for this node, when it ran. */
  preemption?: { code: Code; reasons: string[] };
}

export interface PreemptionRecord {
  /** The text after "preemption:" in the event, or "" when a candidate was found. */
  message: string;
  nominatedNodeName?: string;
  /** namespace/name of the pods preemption would evict, most important first. */
  victims?: string[];
}

export interface SchedulingRecord {
  /** namespace/name */
  pod: string;
  preFilter: (PluginVerdict & { nodeNames?: string[] })[];
  nodes: NodeRecord[];
  feasibleNodes: string[];
  /** Score plugins whose PreScore said Skip (they give no score for this pod). */
  skippedScorePlugins: PluginName[];
  selectedNode?: string;
  /** Nodes that shared the top total score; the first one by name was chosen. */
  tiedNodes?: string[];
  preemption?: PreemptionRecord;
  /** Set when the search stopped early (percentageOfNodesToScore): how many nodes were filtered, and how many feasible ones were wanted. */
  searchStopped?: { evaluated: number; wanted: number };
}

export type ScheduleResult =
  | { kind: "Scheduled"; nodeName: string; record: SchedulingRecord }
  | {
      kind: "Unschedulable";
      /** The FailedScheduling event message and PodScheduled condition message. */
      message: string;
      record: SchedulingRecord;
      /** Set when evicting lower-priority pods would make room: the pod is nominated to this node. */
      preemption?: { nominatedNodeName: string; victims: Pod[] };
    };

function podKey(pod: Pod): string {
  return `${pod.metadata.namespace ?? "default"}/${pod.metadata.name}`;
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Runs the profile's filters on one node; the verdict is the first rejection, as RunFilterPlugins returns. */
function runFiltersOnNode(
  pod: Pod,
  nodeInfo: NodeInfo,
  cluster: ClusterView,
  filters: readonly FilterPlugin[],
  skipped: ReadonlySet<PluginName>,
  state: CycleState,
): { verdict: Status; rejectedBy?: PluginName; filters: FilterVerdict[] } {
  let verdict: Status = SUCCESS;
  let rejectedBy: PluginName | undefined;
  const verdicts: FilterVerdict[] = [];
  for (const plugin of filters) {
    if (skipped.has(plugin.name)) {
      verdicts.push({ plugin: plugin.name, code: "Skip", reasons: [], ranByKubeScheduler: false });
      continue;
    }
    const status = plugin.filter(pod, nodeInfo, cluster, state);
    verdicts.push({ plugin: plugin.name, code: status.code, reasons: [...status.reasons], ranByKubeScheduler: rejectedBy === undefined });
    if (rejectedBy === undefined && isRejected(status)) {
      verdict = status;
      rejectedBy = plugin.name;
    }
  }
  return { verdict, ...(rejectedBy ? { rejectedBy } : {}), filters: verdicts };
}

interface PreFilterStage {
  verdicts: SchedulingRecord["preFilter"];
  skipped: Set<PluginName>;
  /** Set when a PreFilter rejected the pod outright. */
  rejection?: Status;
  /** Intersection of the node sets PreFilters returned, and who returned them. */
  nodeNames?: Set<string>;
  narrowedBy: PluginName[];
}

function runPreFilters(pod: Pod, filters: readonly FilterPlugin[], cluster: ClusterView, state: CycleState): PreFilterStage {
  const stage: PreFilterStage = { verdicts: [], skipped: new Set(), narrowedBy: [] };
  for (const plugin of filters) {
    if (!plugin.preFilter) continue;
    const outcome = plugin.preFilter(pod, cluster, state);
    stage.verdicts.push({
      plugin: plugin.name,
      code: outcome.status.code,
      reasons: [...outcome.status.reasons],
      ...(outcome.nodeNames ? { nodeNames: [...outcome.nodeNames].sort(byteOrder) } : {}),
    });
    if (outcome.status.code === "Skip") stage.skipped.add(plugin.name);
    if (isRejected(outcome.status)) {
      stage.rejection = outcome.status;
      return stage;
    }
    if (outcome.nodeNames) {
      stage.narrowedBy.push(plugin.name);
      const names = outcome.nodeNames;
      stage.nodeNames = stage.nodeNames ? new Set([...stage.nodeNames].filter((n) => names.has(n))) : new Set(names);
    }
  }
  return stage;
}

/** Runs the score plugins on the feasible nodes; the weighted totals, in `feasible`'s order. Details go to `records` when given. */
function scoreFeasibleNodes(
  pod: Pod,
  feasible: readonly NodeInfo[],
  cluster: ClusterView,
  profile: Profile,
  records: ReadonlyMap<string, NodeRecord> | undefined,
  record: SchedulingRecord,
  state: CycleState,
): number[] {
  const totals = new Array<number>(feasible.length).fill(0);
  const details = records ? feasible.map(() => [] as ScoreDetail[]) : undefined;
  for (const { plugin, weight } of profile.scores) {
    if (plugin.preScore && plugin.preScore(pod, feasible, cluster, state).code === "Skip") {
      record.skippedScorePlugins.push(plugin.name);
      continue;
    }
    const raw = feasible.map((n) => plugin.score(pod, n, cluster, state));
    const normalized = plugin.normalizeScores ? plugin.normalizeScores(raw, state, feasible) : raw;
    for (let i = 0; i < feasible.length; i++) {
      totals[i]! += normalized[i]! * weight;
      details?.[i]!.push({ plugin: plugin.name, raw: raw[i]!, normalized: normalized[i]!, weight, weighted: normalized[i]! * weight });
    }
  }
  if (records && details) {
    feasible.forEach((n, i) => {
      const nodeRecord = records.get(n.name)!;
      nodeRecord.scores = details[i]!;
      nodeRecord.totalScore = totals[i]!;
    });
  }
  return totals;
}

/**
 * The first rejecting filter's status, or undefined when the node passes (RunFilterPlugins stops at the first rejection).
 * `active` are the filters whose PreFilter did not say Skip, chosen once per cycle.
 */
function firstRejection(pod: Pod, nodeInfo: NodeInfo, cluster: ClusterView, active: readonly FilterPlugin[], state: CycleState): Status | undefined {
  for (let i = 0; i < active.length; i++) {
    const status = active[i]!.filter(pod, nodeInfo, cluster, state);
    if (isRejected(status)) return status;
  }
  return undefined;
}

/**
 * How many feasible nodes kube-scheduler looks for before it stops filtering
 * (numFeasibleNodesToFind with the default adaptive percentageOfNodesToScore):
 * every node below 100 nodes; otherwise 50% minus 1% per 125 nodes, at least
 * 5% and at least 100 nodes.
 * https://kubernetes.io/docs/concepts/scheduling-eviction/scheduler-perf-tuning/
 */
export function numFeasibleNodesToFind(numAllNodes: number): number {
  const MIN_NODES = 100;
  const MIN_PERCENTAGE = 5;
  if (numAllNodes < MIN_NODES) return numAllNodes;
  const percentage = Math.max(MIN_PERCENTAGE, 50 - Math.trunc(numAllNodes / 125));
  return Math.max(MIN_NODES, Math.trunc((numAllNodes * percentage) / 100));
}

/** What a scheduling cycle decided without its record (the scheduler loop keeps records only on demand). */
export type CycleOutcome =
  | { kind: "Scheduled"; nodeName: string }
  | { kind: "Unschedulable"; message: string; preemption?: { nominatedNodeName: string; victims: Pod[] } };

export interface CycleCounts {
  /** Nodes filtered this cycle (feasible + rejected); upstream advances nextStartNodeIndex by it. */
  processedNodes: number;
  numAllNodes: number;
  feasibleNodes: number;
}

/** One scheduling cycle with its full record: what `sim explain pod` shows. */
export function schedule(input: SchedulingInput, profile: Profile = defaultProfile): ScheduleResult & CycleCounts {
  return runCycle(input, profile, true) as ScheduleResult & CycleCounts;
}

/** The same cycle and verdict as `schedule`, keeping no per-node record (for large clusters: no allocation per node). */
export function scheduleWithoutRecord(input: SchedulingInput, profile: Profile = defaultProfile): CycleOutcome & CycleCounts {
  return runCycle(input, profile, false);
}

function runCycle(input: SchedulingInput, profile: Profile, full: boolean): (CycleOutcome | ScheduleResult) & CycleCounts {
  const { pod } = input;
  const snapshot = input.snapshot ?? buildSnapshot(input.nodes, input.podsByNode);
  const cluster = clusterView(snapshot, {
    ...(input.volumes ? { volumes: input.volumes } : {}),
    ...(input.namespaces ? { namespaces: input.namespaces } : {}),
    ...(input.workloads ? { workloads: input.workloads } : {}),
    ...(input.affinityPodCounts ? { affinityPodCounts: input.affinityPodCounts } : {}),
  });
  const state = new CycleState();
  const record: SchedulingRecord = { pod: podKey(pod), preFilter: [], nodes: [], feasibleNodes: [], skippedScorePlugins: [] };
  const counts = (processedNodes: number, feasibleNodes: number): CycleCounts => ({ processedNodes, numAllNodes: snapshot.length, feasibleNodes });

  if (snapshot.length === 0) return { kind: "Unschedulable", message: NO_NODES_AVAILABLE, record, ...counts(0, 0) };

  const preFilter = runPreFilters(pod, profile.filters, cluster, state);
  record.preFilter = preFilter.verdicts;
  const records = new Map<string, NodeRecord>();
  const rejected = new Map<string, Status>();
  const feasible: NodeInfo[] = [];
  // Nodes a PreFilter node set leaves out get this status without being filtered.
  const absentNodesStatus = preFilter.rejection ?? unresolvable(`node(s) didn't satisfy plugin(s) [${[...preFilter.narrowedBy].sort(byteOrder).join(" ")}]`);
  const candidates = preFilter.rejection ? [] : preFilter.nodeNames ? snapshot.filter((n) => preFilter.nodeNames!.has(n.name)) : snapshot;
  if (full) {
    for (const nodeInfo of snapshot) {
      const nodeRecord: NodeRecord = { node: nodeInfo.name, code: absentNodesStatus.code, reasons: [...absentNodesStatus.reasons], rejectedBy: "PreFilter", filters: [] };
      records.set(nodeInfo.name, nodeRecord);
    }
  }
  // Filter from where the previous cycle stopped, until enough feasible nodes are found (findNodesThatPassFilters).
  const wanted = numFeasibleNodesToFind(candidates.length);
  const start = candidates.length > 0 ? (input.startNodeIndex ?? 0) % candidates.length : 0;
  const active = preFilter.skipped.size > 0 ? profile.filters.filter((f) => !preFilter.skipped.has(f.name)) : profile.filters;
  for (let i = 0; i < candidates.length && feasible.length < wanted; i++) {
    const nodeInfo = candidates[(start + i) % candidates.length]!;
    if (full) {
      const outcome = runFiltersOnNode(pod, nodeInfo, cluster, profile.filters, preFilter.skipped, state);
      const nodeRecord: NodeRecord = { node: nodeInfo.name, code: outcome.verdict.code, reasons: [...outcome.verdict.reasons], filters: outcome.filters };
      if (outcome.rejectedBy) nodeRecord.rejectedBy = outcome.rejectedBy;
      records.set(nodeInfo.name, nodeRecord);
      if (outcome.rejectedBy) rejected.set(nodeInfo.name, outcome.verdict);
      else feasible.push(nodeInfo);
    } else {
      const verdict = firstRejection(pod, nodeInfo, cluster, active, state);
      if (verdict) rejected.set(nodeInfo.name, verdict);
      else feasible.push(nodeInfo);
    }
  }
  const cycleCounts = counts(feasible.length + rejected.size, feasible.length);
  if (full) {
    // The table lists the nodes in the snapshot's order; nodes the search never reached are left out.
    const stoppedEarly = cycleCounts.processedNodes < candidates.length;
    const reached = stoppedEarly ? new Set([...rejected.keys(), ...feasible.map((n) => n.name)]) : undefined;
    const candidateNames = stoppedEarly ? new Set(candidates.map((n) => n.name)) : undefined;
    for (const nodeInfo of snapshot) {
      if (!reached || reached.has(nodeInfo.name) || !candidateNames!.has(nodeInfo.name)) record.nodes.push(records.get(nodeInfo.name)!);
    }
    record.feasibleNodes = feasible.map((n) => n.name);
    if (stoppedEarly) record.searchStopped = { evaluated: cycleCounts.processedNodes, wanted };
  }

  if (feasible.length === 0) return { ...unschedulableResult(pod, cluster, profile, preFilter, state, rejected, absentNodesStatus, records, record, full, input.budgets ?? []), ...cycleCounts };

  // "When only one node after predicate, just use it": no scoring at all.
  if (feasible.length === 1) {
    record.selectedNode = feasible[0]!.name;
    return { kind: "Scheduled", nodeName: feasible[0]!.name, record, ...cycleCounts };
  }
  const totals = scoreFeasibleNodes(pod, feasible, cluster, profile, full ? records : undefined, record, state);
  let best = -Infinity;
  let chosen = "";
  let tiedCount = 0;
  // One pass: the first name in byte order among the top totals (on a uniform cluster hundreds tie; sorting them cost more than scoring).
  for (let i = 0; i < totals.length; i++) {
    const total = totals[i]!;
    const name = feasible[i]!.name;
    if (total > best) {
      best = total;
      chosen = name;
      tiedCount = 1;
    } else if (total === best) {
      tiedCount++;
      if (name < chosen) chosen = name;
    }
  }
  record.selectedNode = chosen;
  if (full && tiedCount > 1) record.tiedNodes = feasible.filter((_, i) => totals[i] === best).map((n) => n.name).sort(byteOrder);
  return { kind: "Scheduled", nodeName: chosen, record, ...cycleCounts };
}

function unschedulableResult(
  pod: Pod,
  cluster: ClusterView,
  profile: Profile,
  preFilter: PreFilterStage,
  state: CycleState,
  rejected: ReadonlyMap<string, Status>,
  absentNodesStatus: Status,
  records: ReadonlyMap<string, NodeRecord>,
  record: SchedulingRecord,
  full: boolean,
  budgets: readonly PodDisruptionBudget[],
): ScheduleResult {
  // The preemption step sees every node's status; absent nodes count as UnschedulableAndUnresolvable.
  const statusesForPreemption = new Map(rejected);
  for (const n of cluster.allNodes) if (!statusesForPreemption.has(n.name)) statusesForPreemption.set(n.name, absentNodesStatus);
  const runFilters = dryRunFilters(profile.filters, preFilter.skipped, state);
  const outcome = preempt(pod, cluster, statusesForPreemption, runFilters, budgets);
  if (full) for (const [name, status] of outcome.nodeStatuses) {
    records.get(name)!.preemption = { code: status.code, reasons: [...status.reasons] };
  }

  const message = fitErrorMessage({
    numAllNodes: cluster.allNodes.length,
    nodeStatuses: rejected,
    absentNodesStatus,
    ...(preFilter.rejection ? { preFilterMsg: preFilter.rejection.reasons.join(", ") } : {}),
    postFilterMsg: outcome.message,
  });
  record.preemption = { message: outcome.message, ...candidateRecord(outcome.candidate) };
  const result: ScheduleResult = { kind: "Unschedulable", message, record };
  if (outcome.candidate) result.preemption = { nominatedNodeName: outcome.candidate.nodeName, victims: outcome.candidate.victims };
  return result;
}

/**
 * The filters preemption runs on a node with some pods removed. Plugins whose
 * PreFilter counted pods across the cluster (InterPodAffinity,
 * PodTopologySpread) forget the removed pods in a copy of the cycle's state,
 * as SelectVictimsOnNode does through RunPreFilterExtensionRemovePod.
 */
function dryRunFilters(filters: readonly FilterPlugin[], skipped: ReadonlySet<PluginName>, state: CycleState) {
  const extended = filters.filter((f) => f.removePod && !skipped.has(f.name));
  let original: Map<string, NodeInfo> | undefined;
  return (p: Pod, nodeInfo: NodeInfo, view: ClusterView): Status => {
    if (extended.length === 0) return runFiltersOnNode(p, nodeInfo, view, filters, skipped, state).verdict;
    original ??= new Map(view.allNodes.map((n) => [n.name, n]));
    const before = original.get(nodeInfo.name);
    const kept = new Set(nodeInfo.pods);
    const removed = before ? before.pods.filter((pod) => !kept.has(pod)) : [];
    if (removed.length === 0) return runFiltersOnNode(p, nodeInfo, view, filters, skipped, state).verdict;
    const dryState = state.clone();
    for (const plugin of extended) for (const pod of removed) plugin.removePod!(dryState, p, pod, before!);
    return runFiltersOnNode(p, nodeInfo, view, filters, skipped, dryState).verdict;
  };
}

function candidateRecord(candidate: Candidate | undefined): Partial<PreemptionRecord> {
  if (!candidate) return {};
  return { nominatedNodeName: candidate.nodeName, victims: candidate.victims.map(podKey) };
}

// Helpers other parts of the model share with the scheduler.
export { podRequests, nodeAllocatable, type ResourceAmounts } from "./resources.js";
export { tolerationsTolerateTaint, findUntoleratedTaint, toleratesTaint } from "./plugins/tainttoleration/taint_toleration.js";
