/**
 * InterPodAffinity: a pod's required pod affinity and anti-affinity, and the
 * required anti-affinity of pods already running, filter nodes by topology
 * domain (the nodes sharing a value of the term's topologyKey); preferred terms
 * (the pod's and the running pods') score them.
 * Upstream (1.32): pkg/scheduler/framework/plugins/interpodaffinity/
 * (filtering.go, scoring.go, plugin.go), with HardPodAffinityWeight 1 and
 * IgnorePreferredTermsOfExistingPods false, the defaults.
 * https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity
 *
 * PreFilter counts matching pods per topology pair once per cycle (only for a
 * pod with required terms, or when running pods have required anti-affinity),
 * so Filter only looks a node's labels up in those counts.
 */
import type { Node, Pod } from "../../../api/types.js";
import type { Labels } from "../../../core/labels.js";
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
import {
  nothingSelector,
  podInfoOf,
  selectorIsEmpty,
  selectorMatches,
  termMatches,
  type AffinityTerm,
  type PodInfo,
  type WeightedAffinityTerm,
} from "../../pod_info.js";

/** Verbatim from upstream's filtering.go. */
export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";

/** InterPodAffinityArgs.HardPodAffinityWeight's default. */
export const HARD_POD_AFFINITY_WEIGHT = 1;

const PRE_FILTER_KEY = "PreFilterInterPodAffinity";
const PRE_SCORE_KEY = "PreScoreInterPodAffinity";

/** topologyToMatchedTermCount, keyed by "key\0value". */
type TopologyCounts = Map<string, number>;

function pairKey(key: string, value: string): string {
  return `${key}\u0000${value}`;
}

interface PreFilterState {
  podInfo: PodInfo;
  /** The incoming pod's namespace labels (existing pods' namespaceSelector terms read them). */
  namespaceLabels: Labels | undefined;
  existingAntiAffinityCounts: TopologyCounts;
  affinityCounts: TopologyCounts;
  antiAffinityCounts: TopologyCounts;
}

/** topologyToMatchedTermCount.update: only nodes carrying the topology key count. */
function update(counts: TopologyCounts, node: Node, topologyKey: string, value: number): void {
  const labels = node.metadata.labels;
  if (!labels || !Object.prototype.hasOwnProperty.call(labels, topologyKey)) return;
  const key = pairKey(topologyKey, labels[topologyKey]!);
  const next = (counts.get(key) ?? 0) + value;
  if (next === 0) counts.delete(key);
  else counts.set(key, next);
}

/** podMatchesAllAffinityTerms: the incoming pod's terms had their namespaceSelector merged, so no namespace labels. */
function podMatchesAllAffinityTerms(terms: readonly AffinityTerm[], pod: Pod): boolean {
  if (terms.length === 0) return false;
  return terms.every((t) => termMatches(t, pod, undefined));
}

/**
 * mergeAffinityTermNamespacesIfNotEmpty: a namespaceSelector of the incoming
 * pod becomes the list of namespaces it selects now. An empty selector ({},
 * every namespace) is kept as it is.
 */
function mergeNamespaces<T extends AffinityTerm>(term: T, cluster: ClusterView): T {
  if (term.namespaceSelector.nothing || selectorIsEmpty(term.namespaceSelector)) return term;
  const namespaces = new Set(term.namespaces);
  for (const ns of cluster.namespaces?.all() ?? []) if (selectorMatches(term.namespaceSelector, ns.labels)) namespaces.add(ns.name);
  return { ...term, namespaces, namespaceSelector: nothingSelector() };
}

function mergedPodInfo(pod: Pod, cluster: ClusterView, kinds: "required" | "preferred"): PodInfo {
  const info = podInfoOf(pod);
  if (kinds === "required") {
    if (info.requiredAffinityTerms.length === 0 && info.requiredAntiAffinityTerms.length === 0) return info;
    return {
      ...info,
      requiredAffinityTerms: info.requiredAffinityTerms.map((t) => mergeNamespaces(t, cluster)),
      requiredAntiAffinityTerms: info.requiredAntiAffinityTerms.map((t) => mergeNamespaces(t, cluster)),
    };
  }
  if (info.preferredAffinityTerms.length === 0 && info.preferredAntiAffinityTerms.length === 0) return info;
  return {
    ...info,
    preferredAffinityTerms: info.preferredAffinityTerms.map((t) => mergeNamespaces(t, cluster)),
    preferredAntiAffinityTerms: info.preferredAntiAffinityTerms.map((t) => mergeNamespaces(t, cluster)),
  };
}

function namespaceLabelsOf(pod: Pod, cluster: ClusterView): Labels | undefined {
  return cluster.namespaces?.labelsOf(pod.metadata.namespace ?? "default");
}

/** getExistingAntiAffinityCounts: running pods whose required anti-affinity matches the incoming pod. */
function existingAntiAffinityCounts(pod: Pod, cluster: ClusterView): TopologyCounts {
  const counts: TopologyCounts = new Map();
  const nodes = cluster.nodesWithRequiredAntiAffinityPods();
  if (nodes.length === 0) return counts;
  const nsLabels = namespaceLabelsOf(pod, cluster);
  for (const nodeInfo of nodes) {
    for (const existing of nodeInfo.podsWithRequiredAntiAffinity) {
      for (const term of podInfoOf(existing).requiredAntiAffinityTerms) {
        if (termMatches(term, pod, nsLabels)) update(counts, nodeInfo.node, term.topologyKey, 1);
      }
    }
  }
  return counts;
}

/** getIncomingAffinityAntiAffinityCounts: running pods matching the incoming pod's required terms, per topology pair. */
function incomingCounts(podInfo: PodInfo, cluster: ClusterView): { affinity: TopologyCounts; antiAffinity: TopologyCounts } {
  const affinity: TopologyCounts = new Map();
  const antiAffinity: TopologyCounts = new Map();
  if (podInfo.requiredAffinityTerms.length === 0 && podInfo.requiredAntiAffinityTerms.length === 0) return { affinity, antiAffinity };
  for (const nodeInfo of cluster.allNodes) {
    for (const existing of nodeInfo.pods) {
      // updateWithAffinityTerms: the existing pod must match all the terms.
      if (podMatchesAllAffinityTerms(podInfo.requiredAffinityTerms, existing)) {
        for (const term of podInfo.requiredAffinityTerms) update(affinity, nodeInfo.node, term.topologyKey, 1);
      }
      for (const term of podInfo.requiredAntiAffinityTerms) {
        if (termMatches(term, existing, undefined)) update(antiAffinity, nodeInfo.node, term.topologyKey, 1);
      }
    }
  }
  return { affinity, antiAffinity };
}

function satisfyPodAffinity(state: PreFilterState, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  let podsExist = true;
  for (const term of state.podInfo.requiredAffinityTerms) {
    if (!Object.prototype.hasOwnProperty.call(labels, term.topologyKey)) return false;
    if ((state.affinityCounts.get(pairKey(term.topologyKey, labels[term.topologyKey]!)) ?? 0) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  // The first pod of a group whose affinity matches itself: no pod anywhere matches yet, so it may go to any node with the topology labels.
  return state.affinityCounts.size === 0 && podMatchesAllAffinityTerms(state.podInfo.requiredAffinityTerms, state.podInfo.pod);
}

function satisfyPodAntiAffinity(state: PreFilterState, node: Node): boolean {
  if (state.antiAffinityCounts.size === 0) return true;
  const labels = node.metadata.labels ?? {};
  for (const term of state.podInfo.requiredAntiAffinityTerms) {
    if (!Object.prototype.hasOwnProperty.call(labels, term.topologyKey)) continue;
    if ((state.antiAffinityCounts.get(pairKey(term.topologyKey, labels[term.topologyKey]!)) ?? 0) > 0) return false;
  }
  return true;
}

function satisfyExistingPodsAntiAffinity(state: PreFilterState, node: Node): boolean {
  if (state.existingAntiAffinityCounts.size === 0) return true;
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if ((state.existingAntiAffinityCounts.get(pairKey(key, value)) ?? 0) > 0) return false;
  }
  return true;
}

/** preScoreState.topologyScore: topology key → value → summed weights. */
type ScoreMap = Map<string, Map<string, number>>;

function processTerm(scores: ScoreMap, term: AffinityTerm, weight: number, pod: Pod, nsLabels: Labels | undefined, node: Node, multiplier: number): void {
  if (!termMatches(term, pod, nsLabels)) return;
  const labels = node.metadata.labels!;
  if (!Object.prototype.hasOwnProperty.call(labels, term.topologyKey)) return;
  let values = scores.get(term.topologyKey);
  if (!values) scores.set(term.topologyKey, (values = new Map()));
  const value = labels[term.topologyKey]!;
  values.set(value, (values.get(value) ?? 0) + weight * multiplier);
}

function processTerms(scores: ScoreMap, terms: readonly WeightedAffinityTerm[], pod: Pod, nsLabels: Labels | undefined, node: Node, multiplier: number): void {
  for (const term of terms) processTerm(scores, term, term.weight, pod, nsLabels, node, multiplier);
}

/** processExistingPod: the incoming pod's preferences over the existing pod, and the existing pod's terms over the incoming one. */
function processExistingPod(scores: ScoreMap, podInfo: PodInfo, nsLabels: Labels | undefined, existing: Pod, node: Node): void {
  if (Object.keys(node.metadata.labels ?? {}).length === 0) return;
  processTerms(scores, podInfo.preferredAffinityTerms, existing, undefined, node, 1);
  processTerms(scores, podInfo.preferredAntiAffinityTerms, existing, undefined, node, -1);
  const existingInfo = podInfoOf(existing);
  for (const term of existingInfo.requiredAffinityTerms) processTerm(scores, term, HARD_POD_AFFINITY_WEIGHT, podInfo.pod, nsLabels, node, 1);
  processTerms(scores, existingInfo.preferredAffinityTerms, podInfo.pod, nsLabels, node, 1);
  processTerms(scores, existingInfo.preferredAntiAffinityTerms, podInfo.pod, nsLabels, node, -1);
}

export const interPodAffinityPlugin = {
  name: "InterPodAffinity",
  /** PreFilterExtensions.RemovePod: updateWithPod(podToRemove, node, -1). */
  removePod(state: CycleState, _pod: Pod, podToRemove: Pod, nodeInfo: NodeInfo) {
    const s = state.read<PreFilterState>(PRE_FILTER_KEY);
    if (!s) return;
    const existing = new Map(s.existingAntiAffinityCounts);
    const affinity = new Map(s.affinityCounts);
    const antiAffinity = new Map(s.antiAffinityCounts);
    const node = nodeInfo.node;
    // The removed pod's anti-affinity no longer applies to the incoming pod (nsLabels: the incoming pod's namespace).
    for (const term of podInfoOf(podToRemove).requiredAntiAffinityTerms) {
      if (termMatches(term, s.podInfo.pod, s.namespaceLabels)) update(existing, node, term.topologyKey, -1);
    }
    if (podMatchesAllAffinityTerms(s.podInfo.requiredAffinityTerms, podToRemove)) {
      for (const term of s.podInfo.requiredAffinityTerms) update(affinity, node, term.topologyKey, -1);
    }
    for (const term of s.podInfo.requiredAntiAffinityTerms) {
      if (termMatches(term, podToRemove, undefined)) update(antiAffinity, node, term.topologyKey, -1);
    }
    state.write(PRE_FILTER_KEY, { ...s, existingAntiAffinityCounts: existing, affinityCounts: affinity, antiAffinityCounts: antiAffinity });
  },
  preFilter(pod: Pod, cluster: ClusterView, state: CycleState) {
    const podInfo = mergedPodInfo(pod, cluster, "required");
    const existing = existingAntiAffinityCounts(pod, cluster);
    if (existing.size === 0 && podInfo.requiredAffinityTerms.length === 0 && podInfo.requiredAntiAffinityTerms.length === 0) {
      return { status: SKIP };
    }
    const { affinity, antiAffinity } = incomingCounts(podInfo, cluster);
    const preFilterState: PreFilterState = {
      podInfo,
      namespaceLabels: namespaceLabelsOf(pod, cluster),
      existingAntiAffinityCounts: existing,
      affinityCounts: affinity,
      antiAffinityCounts: antiAffinity,
    };
    state.write(PRE_FILTER_KEY, preFilterState);
    return { status: SUCCESS };
  },
  filter(_pod: Pod, nodeInfo: NodeInfo, _cluster: ClusterView, state: CycleState) {
    const s = state.read<PreFilterState>(PRE_FILTER_KEY);
    if (!s) return SUCCESS;
    // Affinity cannot be helped by preemption; the two anti-affinity checks can.
    if (!satisfyPodAffinity(s, nodeInfo.node)) return unresolvable(ERR_REASON_AFFINITY_RULES_NOT_MATCH);
    if (!satisfyPodAntiAffinity(s, nodeInfo.node)) return unschedulable(ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
    if (!satisfyExistingPodsAntiAffinity(s, nodeInfo.node)) return unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH);
    return SUCCESS;
  },
  preScore(pod: Pod, feasible: readonly NodeInfo[], cluster: ClusterView, state: CycleState) {
    if (feasible.length === 0) return SUCCESS;
    const affinity = pod.spec?.affinity;
    const hasConstraints =
      (affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).length > 0 ||
      (affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).length > 0;
    // Unless the pod has preferred terms, only nodes hosting pods with affinity can change a score.
    const nodes = hasConstraints ? cluster.allNodes : cluster.nodesWithAffinityPods();
    if (nodes.length === 0) return SKIP;
    const podInfo = mergedPodInfo(pod, cluster, "preferred");
    const nsLabels = namespaceLabelsOf(pod, cluster);
    const scores: ScoreMap = new Map();
    for (const nodeInfo of nodes) {
      for (const existing of hasConstraints ? nodeInfo.pods : nodeInfo.podsWithAffinity) processExistingPod(scores, podInfo, nsLabels, existing, nodeInfo.node);
    }
    if (scores.size === 0) return SKIP;
    state.write(PRE_SCORE_KEY, scores);
    return SUCCESS;
  },
  score(_pod: Pod, nodeInfo: NodeInfo, _cluster: ClusterView, state: CycleState) {
    const scores = state.read<ScoreMap>(PRE_SCORE_KEY);
    if (!scores) return 0;
    const labels = nodeInfo.node.metadata.labels ?? {};
    let score = 0;
    for (const [key, values] of scores) {
      if (Object.prototype.hasOwnProperty.call(labels, key)) score += values.get(labels[key]!) ?? 0;
    }
    return score;
  },
  /** Min-max scaling to 0..100: the raw scores can be negative (anti-affinity). */
  normalizeScores(scores: readonly number[], state: CycleState) {
    if (!state.read<ScoreMap>(PRE_SCORE_KEY)) return [...scores];
    let min = Infinity;
    let max = -Infinity;
    for (const s of scores) {
      if (s > max) max = s;
      if (s < min) min = s;
    }
    const diff = max - min;
    return scores.map((s) => (diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((s - min) / diff)) : 0));
  },
} satisfies FilterPlugin & ScorePlugin;
