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
 * - Every node is evaluated (kube-scheduler does this too below 100 nodes;
 *   percentageOfNodesToScore only matters in larger clusters).
 * - The record also lists filters the real scheduler would not have run on a
 *   node after an earlier filter rejected it (marked ranByKubeScheduler:
 *   false); they never change the verdict or the message.
 */
import type { Node, Pod } from "../api/types.js";
import {
  SUCCESS,
  isRejected,
  unresolvable,
  type ClusterView,
  type Code,
  type FilterPlugin,
  type NodeInfo,
  type PluginName,
  type Status,
} from "./framework.js";
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
): { verdict: Status; rejectedBy?: PluginName; filters: FilterVerdict[] } {
  let verdict: Status = SUCCESS;
  let rejectedBy: PluginName | undefined;
  const verdicts: FilterVerdict[] = [];
  for (const plugin of filters) {
    if (skipped.has(plugin.name)) {
      verdicts.push({ plugin: plugin.name, code: "Skip", reasons: [], ranByKubeScheduler: false });
      continue;
    }
    const status = plugin.filter(pod, nodeInfo, cluster);
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

function runPreFilters(pod: Pod, filters: readonly FilterPlugin[], cluster: ClusterView): PreFilterStage {
  const stage: PreFilterStage = { verdicts: [], skipped: new Set(), narrowedBy: [] };
  for (const plugin of filters) {
    if (!plugin.preFilter) continue;
    const outcome = plugin.preFilter(pod, cluster);
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

function scoreFeasibleNodes(
  pod: Pod,
  feasible: readonly NodeInfo[],
  cluster: ClusterView,
  profile: Profile,
  records: ReadonlyMap<string, NodeRecord>,
): PluginName[] {
  const skipped: PluginName[] = [];
  const details = new Map<string, ScoreDetail[]>(feasible.map((n) => [n.name, []]));
  for (const { plugin, weight } of profile.scores) {
    if (plugin.preScore && plugin.preScore(pod, feasible).code === "Skip") {
      skipped.push(plugin.name);
      continue;
    }
    const raw = feasible.map((n) => plugin.score(pod, n, cluster));
    const normalized = plugin.normalizeScores ? plugin.normalizeScores(raw) : raw;
    feasible.forEach((n, i) => {
      details.get(n.name)!.push({ plugin: plugin.name, raw: raw[i]!, normalized: normalized[i]!, weight, weighted: normalized[i]! * weight });
    });
  }
  for (const n of feasible) {
    const record = records.get(n.name)!;
    record.scores = details.get(n.name)!;
    record.totalScore = record.scores.reduce((sum, s) => sum + s.weighted, 0);
  }
  return skipped;
}

export function schedule(input: SchedulingInput, profile: Profile = defaultProfile): ScheduleResult {
  const { pod } = input;
  const snapshot = input.snapshot ?? buildSnapshot(input.nodes, input.podsByNode);
  const cluster: ClusterView = { allNodes: snapshot, ...(input.volumes ? { volumes: input.volumes } : {}) };
  const record: SchedulingRecord = { pod: podKey(pod), preFilter: [], nodes: [], feasibleNodes: [], skippedScorePlugins: [] };

  if (snapshot.length === 0) return { kind: "Unschedulable", message: NO_NODES_AVAILABLE, record };

  const preFilter = runPreFilters(pod, profile.filters, cluster);
  record.preFilter = preFilter.verdicts;
  const records = new Map<string, NodeRecord>();
  const rejected = new Map<string, Status>();
  const feasible: NodeInfo[] = [];
  // Nodes a PreFilter node set leaves out get this status without being filtered.
  const absentNodesStatus = preFilter.rejection ?? unresolvable(`node(s) didn't satisfy plugin(s) [${[...preFilter.narrowedBy].sort(byteOrder).join(" ")}]`);

  for (const nodeInfo of snapshot) {
    const nodeRecord: NodeRecord = { node: nodeInfo.name, code: "Success", reasons: [], filters: [] };
    records.set(nodeInfo.name, nodeRecord);
    record.nodes.push(nodeRecord);
    if (preFilter.rejection || (preFilter.nodeNames && !preFilter.nodeNames.has(nodeInfo.name))) {
      nodeRecord.code = absentNodesStatus.code;
      nodeRecord.reasons = [...absentNodesStatus.reasons];
      nodeRecord.rejectedBy = "PreFilter";
      continue;
    }
    const outcome = runFiltersOnNode(pod, nodeInfo, cluster, profile.filters, preFilter.skipped);
    nodeRecord.filters = outcome.filters;
    nodeRecord.code = outcome.verdict.code;
    nodeRecord.reasons = [...outcome.verdict.reasons];
    if (outcome.rejectedBy) {
      nodeRecord.rejectedBy = outcome.rejectedBy;
      rejected.set(nodeInfo.name, outcome.verdict);
    } else {
      feasible.push(nodeInfo);
    }
  }
  record.feasibleNodes = feasible.map((n) => n.name);

  if (feasible.length === 0) return unschedulableResult(pod, cluster, profile, preFilter, rejected, absentNodesStatus, records, record);

  // "When only one node after predicate, just use it": no scoring at all.
  if (feasible.length === 1) {
    record.selectedNode = feasible[0]!.name;
    return { kind: "Scheduled", nodeName: feasible[0]!.name, record };
  }
  record.skippedScorePlugins = scoreFeasibleNodes(pod, feasible, cluster, profile, records);
  const best = Math.max(...feasible.map((n) => records.get(n.name)!.totalScore!));
  const tied = feasible.filter((n) => records.get(n.name)!.totalScore === best).map((n) => n.name).sort(byteOrder);
  record.selectedNode = tied[0]!;
  if (tied.length > 1) record.tiedNodes = tied;
  return { kind: "Scheduled", nodeName: tied[0]!, record };
}

function unschedulableResult(
  pod: Pod,
  cluster: ClusterView,
  profile: Profile,
  preFilter: PreFilterStage,
  rejected: ReadonlyMap<string, Status>,
  absentNodesStatus: Status,
  records: ReadonlyMap<string, NodeRecord>,
  record: SchedulingRecord,
): ScheduleResult {
  // The preemption step sees every node's status; absent nodes count as UnschedulableAndUnresolvable.
  const statusesForPreemption = new Map(rejected);
  for (const n of cluster.allNodes) if (!statusesForPreemption.has(n.name)) statusesForPreemption.set(n.name, absentNodesStatus);
  const runFilters = (p: Pod, nodeInfo: NodeInfo, view: ClusterView): Status =>
    runFiltersOnNode(p, nodeInfo, view, profile.filters, preFilter.skipped).verdict;
  const outcome = preempt(pod, cluster, statusesForPreemption, runFilters);
  for (const [name, status] of outcome.nodeStatuses) {
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

function candidateRecord(candidate: Candidate | undefined): Partial<PreemptionRecord> {
  if (!candidate) return {};
  return { nominatedNodeName: candidate.nodeName, victims: candidate.victims.map(podKey) };
}

// Helpers other parts of the model share with the scheduler.
export { podRequests, nodeAllocatable, type ResourceAmounts } from "./resources.js";
export { tolerationsTolerateTaint, findUntoleratedTaint, toleratesTaint } from "./plugins/tainttoleration/taint_toleration.js";
