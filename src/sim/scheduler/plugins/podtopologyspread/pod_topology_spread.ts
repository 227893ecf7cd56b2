/**
 * PodTopologySpread: keeps the pods of a group spread over topology domains
 * (zones, nodes, ...). `DoNotSchedule` constraints filter: a node is refused
 * when placing the pod there would make its domain hold more than `maxSkew`
 * matching pods above the emptiest domain. `ScheduleAnyway` constraints score:
 * fewer matching pods in the node's domains is better. A pod without
 * constraints of its own gets the cluster-level defaults (hostname maxSkew 3,
 * zone maxSkew 5, both ScheduleAnyway) when a Service, ReplicaSet,
 * StatefulSet or ReplicationController selects it.
 * Upstream (1.32): pkg/scheduler/framework/plugins/podtopologyspread/
 * (common.go, filtering.go, scoring.go, plugin.go), with the feature gates
 * NodeInclusionPolicyInPodTopologySpread and MatchLabelKeysInPodTopologySpread
 * on, as they are by default.
 * https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
 */
import type { ITopologySpreadConstraint } from "kubernetes-models/v1/TopologySpreadConstraint";
import type { Node, Pod } from "../../../api/types.js";
import type { Labels, Selector } from "../../../core/labels.js";
import {
  MAX_NODE_SCORE,
  SKIP,
  SUCCESS,
  unresolvable,
  unschedulable,
  type ClusterView,
  type CycleState,
  type FilterPlugin,
  type NodeInfo,
  type ScorePlugin,
} from "../../framework.js";
import { labelSelectorAsSelector, selectorIsEmpty, selectorMatches, type PodSelector } from "../../pod_info.js";
import { nodeMatchesRequiredAffinity } from "../nodeaffinity/node_affinity.js";
import { findUntoleratedTaint, isDoNotScheduleTaint } from "../tainttoleration/taint_toleration.js";

/** Verbatim from upstream's filtering.go. */
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

export const LABEL_HOSTNAME = "kubernetes.io/hostname";
export const LABEL_TOPOLOGY_ZONE = "topology.kubernetes.io/zone";

type Action = "DoNotSchedule" | "ScheduleAnyway";

/** systemDefaultConstraints in plugin.go (defaultingType: System, the default). */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly ITopologySpreadConstraint[] = [
  { topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: "ScheduleAnyway", maxSkew: 3 },
  { topologyKey: LABEL_TOPOLOGY_ZONE, whenUnsatisfiable: "ScheduleAnyway", maxSkew: 5 },
];

/** Go's math.MaxInt32: the critical path's starting value when no domain exists. */
const MAX_INT32 = 2 ** 31 - 1;

/** topologySpreadConstraint in common.go: the API object with its defaults applied. */
export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  selector: PodSelector;
  minDomains: number;
  nodeAffinityPolicy: string;
  nodeTaintsPolicy: string;
}

/** mergeLabelSetWithSelector: matchLabelKeys' values become equality requirements (Nothing stays Nothing). */
function mergeLabelSet(labels: Labels, selector: PodSelector): PodSelector {
  if (selector.nothing) return selector;
  const requirements: Selector = Object.entries(labels).map(([key, value]) => ({ key, op: "=" as const, value }));
  return { nothing: false, requirements: [...requirements, ...selector.requirements] };
}

/** filterTopologySpreadConstraints: the constraints with this whenUnsatisfiable, defaulted. */
function filterConstraints(constraints: readonly ITopologySpreadConstraint[], podLabels: Labels, action: Action): SpreadConstraint[] {
  const result: SpreadConstraint[] = [];
  for (const c of constraints) {
    if (c.whenUnsatisfiable !== action) continue;
    let selector = labelSelectorAsSelector(c.labelSelector);
    const matchLabels: Labels = {};
    for (const key of c.matchLabelKeys ?? []) if (Object.prototype.hasOwnProperty.call(podLabels, key)) matchLabels[key] = podLabels[key]!;
    if (Object.keys(matchLabels).length > 0) selector = mergeLabelSet(matchLabels, selector);
    result.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector,
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: c.nodeAffinityPolicy ?? "Honor",
      nodeTaintsPolicy: c.nodeTaintsPolicy ?? "Ignore",
    });
  }
  return result;
}

/**
 * helper.DefaultSelector: the union of the selectors of the Services that
 * select the pod, and of its controller's selector.
 */
function defaultSelector(pod: Pod, cluster: ClusterView): PodSelector {
  const namespace = pod.metadata.namespace ?? "default";
  const labelSet: Labels = {};
  const podLabels = pod.metadata.labels ?? {};
  for (const selector of cluster.workloads?.serviceSelectors(namespace) ?? []) {
    if (Object.entries(selector).every(([k, v]) => podLabels[k] === v)) Object.assign(labelSet, selector);
  }
  const requirements: Selector = Object.keys(labelSet)
    .sort()
    .map((key) => ({ key, op: "=" as const, value: labelSet[key]! }));
  const owner = (pod.metadata.ownerReferences ?? []).find((r) => r.controller === true);
  if (owner) {
    const ownerSelector = cluster.workloads?.controllerSelector(namespace, owner.apiVersion, owner.kind, owner.name);
    if (ownerSelector) requirements.push(...ownerSelector);
  }
  return { nothing: false, requirements };
}

/** buildDefaultConstraints: the system defaults, selecting the pod's group; none when the pod belongs to no group. */
function buildDefaultConstraints(pod: Pod, action: Action, cluster: ClusterView): SpreadConstraint[] {
  const constraints = filterConstraints(SYSTEM_DEFAULT_CONSTRAINTS, pod.metadata.labels ?? {}, action);
  if (constraints.length === 0) return [];
  const selector = defaultSelector(pod, cluster);
  if (selectorIsEmpty(selector)) return [];
  return constraints.map((c) => ({ ...c, selector }));
}

function constraintsOf(pod: Pod, action: Action, cluster: ClusterView): SpreadConstraint[] {
  const own = pod.spec?.topologySpreadConstraints ?? [];
  if (own.length > 0) return filterConstraints(own, pod.metadata.labels ?? {}, action);
  return buildDefaultConstraints(pod, action, cluster);
}

function hasLabel(labels: Labels, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(labels, key);
}

/** nodeLabelsMatchSpreadConstraints */
function nodeHasAllTopologyKeys(labels: Labels, constraints: readonly SpreadConstraint[]): boolean {
  return constraints.every((c) => hasLabel(labels, c.topologyKey));
}

/** matchNodeInclusionPolicies: nodeAffinityPolicy Honor (default) counts only nodes the pod's node affinity allows; nodeTaintsPolicy Honor only nodes whose taints it tolerates. */
function nodeIncluded(c: SpreadConstraint, pod: Pod, node: Node): boolean {
  if (c.nodeAffinityPolicy === "Honor" && !nodeMatchesRequiredAffinity(pod, node)) return false;
  if (c.nodeTaintsPolicy === "Honor" && findUntoleratedTaint(node.spec?.taints, pod.spec?.tolerations, isDoNotScheduleTaint)) return false;
  return true;
}

/** countPodsMatchSelector: terminating pods and other namespaces do not count; an empty selector counts nothing. */
export function countPodsMatchSelector(pods: readonly Pod[], selector: PodSelector, namespace: string): number {
  if (selectorIsEmpty(selector)) return 0;
  let count = 0;
  for (const p of pods) {
    if (p.metadata.deletionTimestamp || (p.metadata.namespace ?? "default") !== namespace) continue;
    if (selectorMatches(selector, p.metadata.labels)) count++;
  }
  return count;
}

/**
 * Counts already made, per NodeInfo pod list, per selector and namespace. A
 * NodeInfo's list never changes (binding a pod makes a new one), so a count
 * stays true for as long as its list lives; scoring 1,000 replicas over 10
 * nodes then recounts only the node that took the last pod.
 */
const matchCounts = new WeakMap<readonly Pod[], Map<string, number>>();

/** What a count depends on besides the pods: the selector and the namespace. */
function countKey(selector: PodSelector, namespace: string): string {
  return `${namespace}\u0000${selector.nothing}\u0000${JSON.stringify(selector.requirements)}`;
}

function countOnNode(pods: readonly Pod[], selector: PodSelector, namespace: string, key: string): number {
  let byKey = matchCounts.get(pods);
  if (!byKey) matchCounts.set(pods, (byKey = new Map()));
  let count = byKey.get(key);
  if (count === undefined) byKey.set(key, (count = countPodsMatchSelector(pods, selector, namespace)));
  return count;
}

const PRE_FILTER_KEY = "PreFilterPodTopologySpread";
const PRE_SCORE_KEY = "PreScorePodTopologySpread";

interface PreFilterState {
  constraints: SpreadConstraint[];
  /** Per constraint: topology value → matching pods in that domain (TpValueToMatchNum). */
  matchNum: Map<string, number>[];
  /** Per constraint: the smallest count over its domains (CriticalPaths[i][0].MatchNum). */
  minMatch: number[];
}

function preFilterStateOf(pod: Pod, cluster: ClusterView, constraints: SpreadConstraint[]): PreFilterState {
  const namespace = pod.metadata.namespace ?? "default";
  const matchNum = constraints.map(() => new Map<string, number>());
  const keys = constraints.map((c) => countKey(c.selector, namespace));
  for (const nodeInfo of cluster.allNodes) {
    const labels = nodeInfo.node.metadata.labels ?? {};
    if (!nodeHasAllTopologyKeys(labels, constraints)) continue;
    constraints.forEach((c, i) => {
      if (!nodeIncluded(c, pod, nodeInfo.node)) return;
      const value = labels[c.topologyKey]!;
      const counts = matchNum[i]!;
      counts.set(value, (counts.get(value) ?? 0) + countOnNode(nodeInfo.pods, c.selector, namespace, keys[i]!));
    });
  }
  return { constraints, matchNum, minMatch: matchNum.map(minOf) };
}

/** The critical path's minimum; MaxInt32 when there is no domain. */
function minOf(counts: ReadonlyMap<string, number>): number {
  let min = MAX_INT32;
  for (const n of counts.values()) if (n < min) min = n;
  return min;
}

interface PreScoreState {
  constraints: SpreadConstraint[];
  ignoredNodes: Set<string>;
  /** "key\0value" → matching pods, for the non-hostname constraints (TopologyPairToPodCounts). */
  pairCounts: Map<string, number>;
  normalizingWeight: number[];
  /** Per constraint: its countKey in the pod's namespace. */
  keys: string[];
}

function pairKey(key: string, value: string): string {
  return `${key}\u0000${value}`;
}

/** topologyNormalizingWeight: log(size + 2), so domains with few nodes weigh less. */
function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

function scoreForCount(count: number, maxSkew: number, weight: number): number {
  return count * weight + (maxSkew - 1);
}

/** The score's invalidScore marker for ignored nodes. */
const INVALID_SCORE = -1;

export const podTopologySpreadPlugin = {
  name: "PodTopologySpread",
  /** PreFilterExtensions.RemovePod: the removed pod leaves its domain's count, and the minimum is found again. */
  removePod(state: CycleState, pod: Pod, podToRemove: Pod, nodeInfo: NodeInfo) {
    const s = state.read<PreFilterState>(PRE_FILTER_KEY);
    if (!s || s.constraints.length === 0) return;
    const labels = nodeInfo.node.metadata.labels ?? {};
    if (!nodeHasAllTopologyKeys(labels, s.constraints) || (podToRemove.metadata.namespace ?? "default") !== (pod.metadata.namespace ?? "default")) return;
    const matchNum = s.matchNum.map((counts, i) => {
      const c = s.constraints[i]!;
      if (!nodeIncluded(c, pod, nodeInfo.node) || !selectorMatches(c.selector, podToRemove.metadata.labels)) return counts;
      const copy = new Map(counts);
      const value = labels[c.topologyKey]!;
      copy.set(value, (copy.get(value) ?? 0) - 1);
      return copy;
    });
    const minMatch = matchNum.map(minOf);
    state.write(PRE_FILTER_KEY, { constraints: s.constraints, matchNum, minMatch });
  },
  preFilter(pod: Pod, cluster: ClusterView, state: CycleState) {
    const constraints = constraintsOf(pod, "DoNotSchedule", cluster);
    if (constraints.length === 0) return { status: SKIP };
    state.write(PRE_FILTER_KEY, preFilterStateOf(pod, cluster, constraints));
    return { status: SUCCESS };
  },
  filter(pod: Pod, nodeInfo: NodeInfo, _cluster: ClusterView, state: CycleState) {
    const s = state.read<PreFilterState>(PRE_FILTER_KEY);
    if (!s || s.constraints.length === 0) return SUCCESS;
    const labels = nodeInfo.node.metadata.labels ?? {};
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i]!;
      if (!hasLabel(labels, c.topologyKey)) return unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);
      // With fewer eligible domains than minDomains, the global minimum counts as 0.
      const minMatch = s.matchNum[i]!.size < c.minDomains ? 0 : s.minMatch[i]!;
      const selfMatch = selectorMatches(c.selector, pod.metadata.labels) ? 1 : 0;
      const matchNum = s.matchNum[i]!.get(labels[c.topologyKey]!) ?? 0;
      if (matchNum + selfMatch - minMatch > c.maxSkew) return unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
    }
    return SUCCESS;
  },
  preScore(pod: Pod, feasible: readonly NodeInfo[], cluster: ClusterView, state: CycleState) {
    if (feasible.length === 0 || cluster.allNodes.length === 0) return SKIP;
    const constraints = constraintsOf(pod, "ScheduleAnyway", cluster);
    if (constraints.length === 0) return SKIP;
    // Only the pod's own constraints need every topology label; the system defaults let nodes without a zone still spread by hostname.
    const requireAll = (pod.spec?.topologySpreadConstraints ?? []).length > 0;
    const ignoredNodes = new Set<string>();
    const pairCounts = new Map<string, number>();
    // Pairs whose value no feasible node actually carries are never read by Score; they are sized but not counted.
    const domains = constraints.map(() => new Set<string>());
    for (const nodeInfo of feasible) {
      const labels = nodeInfo.node.metadata.labels ?? {};
      if (requireAll && !nodeHasAllTopologyKeys(labels, constraints)) {
        ignoredNodes.add(nodeInfo.name);
        continue;
      }
      constraints.forEach((c, i) => {
        if (c.topologyKey === LABEL_HOSTNAME) return;
        const value = labels[c.topologyKey] ?? "";
        domains[i]!.add(value);
        if (hasLabel(labels, c.topologyKey)) pairCounts.set(pairKey(c.topologyKey, value), 0);
      });
    }
    const normalizingWeight = constraints.map((c, i) =>
      topologyNormalizingWeight(c.topologyKey === LABEL_HOSTNAME ? feasible.length - ignoredNodes.size : domains[i]!.size),
    );
    const namespace = pod.metadata.namespace ?? "default";
    const keys = constraints.map((c) => countKey(c.selector, namespace));
    if (pairCounts.size > 0) {
      for (const nodeInfo of cluster.allNodes) {
        const labels = nodeInfo.node.metadata.labels ?? {};
        if (requireAll && !nodeHasAllTopologyKeys(labels, constraints)) continue;
        constraints.forEach((c, i) => {
          if (!nodeIncluded(c, pod, nodeInfo.node)) return;
          const key = pairKey(c.topologyKey, labels[c.topologyKey] ?? "");
          const current = pairCounts.get(key);
          if (current === undefined) return;
          pairCounts.set(key, current + countOnNode(nodeInfo.pods, c.selector, namespace, keys[i]!));
        });
      }
    }
    const s: PreScoreState = { constraints, ignoredNodes, pairCounts, normalizingWeight, keys };
    state.write(PRE_SCORE_KEY, s);
    return SUCCESS;
  },
  /** The sum over constraints of the matching pods in the node's domain, weighted by the domain count. */
  score(pod: Pod, nodeInfo: NodeInfo, _cluster: ClusterView, state: CycleState) {
    const s = state.read<PreScoreState>(PRE_SCORE_KEY);
    if (!s || s.ignoredNodes.has(nodeInfo.name)) return 0;
    const labels = nodeInfo.node.metadata.labels ?? {};
    let score = 0;
    s.constraints.forEach((c, i) => {
      if (!hasLabel(labels, c.topologyKey)) return;
      const count =
        c.topologyKey === LABEL_HOSTNAME
          ? countOnNode(nodeInfo.pods, c.selector, pod.metadata.namespace ?? "default", s.keys[i]!)
          : (s.pairCounts.get(pairKey(c.topologyKey, labels[c.topologyKey]!)) ?? 0);
      score += scoreForCount(count, c.maxSkew, s.normalizingWeight[i]!);
    });
    return Math.round(score);
  },
  /** Fewer matching pods is better: the lowest raw score gets 100; ignored nodes get 0. */
  normalizeScores(scores: readonly number[], state: CycleState, feasible: readonly NodeInfo[]) {
    const s = state.read<PreScoreState>(PRE_SCORE_KEY);
    if (!s) return [...scores];
    let min = Number.MAX_SAFE_INTEGER;
    let max = 0;
    const marked = scores.map((score, i) => {
      if (s.ignoredNodes.has(feasible[i]!.name)) return INVALID_SCORE;
      if (score < min) min = score;
      if (score > max) max = score;
      return score;
    });
    return marked.map((score) => {
      if (score === INVALID_SCORE) return 0;
      if (max === 0) return MAX_NODE_SCORE;
      return Math.trunc((MAX_NODE_SCORE * (max + min - score)) / max);
    });
  },
} satisfies FilterPlugin & ScorePlugin;
