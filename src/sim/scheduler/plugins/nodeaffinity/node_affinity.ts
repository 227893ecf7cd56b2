/**
 * NodeAffinity: the pod's nodeSelector and its required node affinity
 * (terms ORed, expressions within a term ANDed; operators In, NotIn, Exists,
 * DoesNotExist, Gt, Lt; matchFields on metadata.name) filter nodes, and its
 * preferred terms score them by the sum of matching weights.
 * Upstream: pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go and
 * k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go.
 * https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#node-affinity
 */
import type { INodeSelectorRequirement } from "kubernetes-models/v1/NodeSelectorRequirement";
import type { INodeSelectorTerm } from "kubernetes-models/v1/NodeSelectorTerm";
import type { Node, Pod } from "../../../api/types.js";
import {
  MAX_NODE_SCORE,
  SKIP,
  SUCCESS,
  defaultNormalizeScore,
  unresolvable,
  type FilterPlugin,
  type ScorePlugin,
} from "../../framework.js";

/** ErrReasonPod, verbatim from upstream. */
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
/** errReasonConflict: every required term pins metadata.name to disjoint nodes. */
export const ERR_REASON_CONFLICT = "pod affinity terms conflict";

const INTEGER = /^[+-]?\d+$/;

/**
 * One matchExpressions requirement against node labels, or undefined when the
 * requirement is malformed (the upstream parser rejects it and the whole term
 * then matches nothing: "LazyErrorNodeSelector").
 */
function labelRequirementMatches(req: INodeSelectorRequirement, labels: Record<string, string>): boolean | undefined {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const value = has ? labels[req.key]! : undefined;
  const values = req.values ?? [];
  switch (req.operator) {
    case "In":
      if (values.length === 0) return undefined;
      return has && values.includes(value!);
    case "NotIn":
      if (values.length === 0) return undefined;
      return !has || !values.includes(value!);
    case "Exists":
      if (values.length !== 0) return undefined;
      return has;
    case "DoesNotExist":
      if (values.length !== 0) return undefined;
      return !has;
    case "Gt":
    case "Lt": {
      if (values.length !== 1 || !INTEGER.test(values[0]!)) return undefined;
      if (!has || !INTEGER.test(value!)) return false;
      const labelValue = BigInt(value!);
      const bound = BigInt(values[0]!);
      return req.operator === "Gt" ? labelValue > bound : labelValue < bound;
    }
    default:
      return undefined;
  }
}

/** matchFields supports only In/NotIn with exactly one value; the only field a node has is metadata.name. */
function fieldRequirementMatches(req: INodeSelectorRequirement, node: Node): boolean | undefined {
  const values = req.values ?? [];
  if (values.length !== 1) return undefined;
  const fieldValue = req.key === "metadata.name" ? node.metadata.name : "";
  if (req.operator === "In") return fieldValue === values[0];
  if (req.operator === "NotIn") return fieldValue !== values[0];
  return undefined;
}

function isEmptyTerm(term: INodeSelectorTerm): boolean {
  return (term.matchExpressions ?? []).length === 0 && (term.matchFields ?? []).length === 0;
}

/** A term matches when all its requirements do; empty or malformed terms match nothing. */
export function nodeSelectorTermMatches(term: INodeSelectorTerm, node: Node): boolean {
  if (isEmptyTerm(term)) return false;
  const labels = node.metadata.labels ?? {};
  for (const req of term.matchExpressions ?? []) {
    if (labelRequirementMatches(req, labels) !== true) return false;
  }
  for (const req of term.matchFields ?? []) {
    if (fieldRequirementMatches(req, node) !== true) return false;
  }
  return true;
}

/** NodeSelector.Match: terms are ORed. */
export function nodeMatchesSelectorTerms(terms: readonly INodeSelectorTerm[], node: Node): boolean {
  return terms.some((term) => nodeSelectorTermMatches(term, node));
}

/** RequiredNodeAffinity.Match: spec.nodeSelector (all labels equal) AND required node affinity. */
export function nodeMatchesRequiredAffinity(pod: Pod, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [key, value] of Object.entries(pod.spec?.nodeSelector ?? {})) {
    if (labels[key] !== value) return false;
  }
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required) return nodeMatchesSelectorTerms(required.nodeSelectorTerms ?? [], node);
  return true;
}

/**
 * PreFilter's node-name shortcut: when every required term pins
 * metadata.name with In, only those nodes are worth filtering (this is how
 * DaemonSet pods reach exactly one node).
 */
function nodeNamesFromRequiredTerms(terms: readonly INodeSelectorTerm[]): Set<string> | "all" {
  let union: Set<string> | undefined;
  for (const term of terms) {
    let termNames: Set<string> | undefined;
    for (const req of term.matchFields ?? []) {
      if (req.key !== "metadata.name" || req.operator !== "In") continue;
      const names = new Set(req.values ?? []);
      termNames = termNames ? new Set([...termNames].filter((n) => names.has(n))) : names;
    }
    // A term without a metadata.name In requirement lets every node through.
    if (!termNames) return "all";
    union = new Set([...(union ?? []), ...termNames]);
  }
  return union ?? "all";
}

export const nodeAffinityPlugin = {
  name: "NodeAffinity",
  preFilter(pod) {
    const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (!required && pod.spec?.nodeSelector === undefined) return { status: SKIP };
    const terms = required?.nodeSelectorTerms ?? [];
    if (terms.length === 0) return { status: SUCCESS };
    const names = nodeNamesFromRequiredTerms(terms);
    if (names === "all") return { status: SUCCESS };
    if (names.size === 0) return { status: unresolvable(ERR_REASON_CONFLICT) };
    return { status: SUCCESS, nodeNames: names };
  },
  filter(pod, nodeInfo) {
    return nodeMatchesRequiredAffinity(pod, nodeInfo.node) ? SUCCESS : unresolvable(ERR_REASON_POD);
  },
  preScore(pod) {
    const preferred = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
    return preferred === undefined ? SKIP : SUCCESS;
  },
  /** Sum of the weights of preferred terms the node matches (weight-0 and empty terms are ignored upstream). */
  score(pod, nodeInfo) {
    let total = 0;
    for (const term of pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) {
      if (term.weight === 0 || isEmptyTerm(term.preference)) continue;
      if (nodeSelectorTermMatches(term.preference, nodeInfo.node)) total += term.weight;
    }
    return total;
  },
  normalizeScores(scores) {
    return defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
  },
} satisfies FilterPlugin & ScorePlugin;
