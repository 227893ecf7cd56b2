/**
 * TaintToleration: filters out nodes with a NoSchedule/NoExecute taint the
 * pod does not tolerate, and scores nodes by how many PreferNoSchedule taints
 * the pod does not tolerate (fewer is better). The toleration matching here is
 * also what the node lifecycle controller uses for NoExecute eviction.
 * Upstream: pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go,
 * k8s.io/api/core/v1/toleration.go (ToleratesTaint),
 * k8s.io/component-helpers/scheduling/corev1 (TolerationsTolerateTaint, FindMatchingUntoleratedTaint).
 * https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
 */
import type { IToleration } from "kubernetes-models/v1/Toleration";
import type { ITaint } from "kubernetes-models/v1/Taint";
import { MAX_NODE_SCORE, SUCCESS, defaultNormalizeScore, unresolvable, type FilterPlugin, type ScorePlugin } from "../../framework.js";

export type Toleration = IToleration;
export type Taint = ITaint;

/** The filter's reason, verbatim from upstream: `node(s) had untolerated taint {key: value}`. */
export function untoleratedTaintReason(taint: Taint): string {
  return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ""}}`;
}

/**
 * Toleration.ToleratesTaint: an empty effect matches every effect, an empty
 * key (with Exists) matches every key, the operator defaults to Equal.
 */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? "") {
    case "":
    case "Equal":
      return (toleration.value ?? "") === (taint.value ?? "");
    case "Exists":
      return true;
    default:
      return false;
  }
}

/** v1helper.TolerationsTolerateTaint */
export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/**
 * v1helper.FindMatchingUntoleratedTaint: the first taint (in node order) that
 * passes `include` and that no toleration tolerates.
 */
export function findUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
  include: (taint: Taint) => boolean = () => true,
): Taint | undefined {
  return (taints ?? []).find((taint) => include(taint) && !tolerationsTolerateTaint(tolerations, taint));
}

/** helper.DoNotScheduleTaintsFilterFunc: the filter looks only at NoSchedule and NoExecute. */
export function isDoNotScheduleTaint(taint: Taint): boolean {
  return taint.effect === "NoSchedule" || taint.effect === "NoExecute";
}

export const taintTolerationPlugin = {
  name: "TaintToleration",
  filter(pod, nodeInfo) {
    if (!nodeInfo.node.spec?.taints || nodeInfo.node.spec.taints.length === 0) return SUCCESS;
    const taint = findUntoleratedTaint(nodeInfo.node.spec?.taints, pod.spec?.tolerations, isDoNotScheduleTaint);
    return taint ? unresolvable(untoleratedTaintReason(taint)) : SUCCESS;
  },
  /** Counts PreferNoSchedule taints not tolerated by a toleration with effect PreferNoSchedule or empty. */
  score(pod, nodeInfo) {
    // Most nodes carry no taint at all: nothing to count (the score loop runs once per feasible node).
    const taints = nodeInfo.node.spec?.taints;
    if (!taints || taints.length === 0) return 0;
    const tolerations = (pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === "PreferNoSchedule");
    return taints.filter(
      (taint) => taint.effect === "PreferNoSchedule" && !tolerationsTolerateTaint(tolerations, taint),
    ).length;
  },
  normalizeScores(scores) {
    return defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
  },
} satisfies FilterPlugin & ScorePlugin;
