/**
 * A DaemonSet's RollingUpdate, planned the way kube-controller-manager 1.32's
 * pkg/controller/daemon/update.go rollingUpdate does: without maxSurge, old pods are deleted
 * (the manage step then creates their replacement once they are gone) while fewer than
 * maxUnavailable nodes lack an available pod; with maxSurge, a new pod starts beside the old one
 * on up to maxSurge nodes and the old one goes when the new one is available. Both budgets are
 * resolved against desiredNumberScheduled, rounding up. Unavailable old pods are replaced at
 * once, outside the budget.
 * https://kubernetes.io/docs/tasks/manage-daemon/update-daemon-set/
 */
import type { Pod } from "../api/types.js";
import { scaledValue } from "../api/policy/pod-disruption-budget.js";

/** One eligible node's daemon pods (not terminating): at most one old and one new. */
export interface NodePods {
  node: string;
  newPod?: Pod;
  oldPod?: Pod;
  /** More than one old or more than one new pod: the manage step's to clean up. */
  ambiguous: boolean;
}

export interface RollingUpdatePlan {
  deletePods: string[];
  createOnNodes: string[];
}

export interface RollingUpdateBudget {
  maxSurge: number;
  maxUnavailable: number;
}

/** updatedesiredNumberScheduled's budgets (util.UnavailableCount / SurgeCount), 1 unavailable when both are 0. */
export function rollingUpdateBudget(rollingUpdate: { maxSurge?: number | string; maxUnavailable?: number | string } | undefined, desired: number): RollingUpdateBudget {
  const surge = scaledValue(rollingUpdate?.maxSurge ?? 0, desired);
  const unavailable = scaledValue(rollingUpdate?.maxUnavailable ?? 1, desired);
  const maxSurge = typeof surge === "number" ? surge : 0;
  let maxUnavailable = typeof unavailable === "number" ? unavailable : 1;
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

/** rollingUpdate's two branches; `available` is IsPodAvailable with the set's minReadySeconds. */
export function planRollingUpdate(nodes: readonly NodePods[], budget: RollingUpdateBudget, available: (pod: Pod) => boolean): RollingUpdatePlan {
  return budget.maxSurge === 0 ? planWithoutSurge(nodes, budget.maxUnavailable, available) : planWithSurge(nodes, budget.maxSurge, available);
}

function planWithoutSurge(nodes: readonly NodePods[], maxUnavailable: number, available: (pod: Pod) => boolean): RollingUpdatePlan {
  let numUnavailable = 0;
  const replacements: string[] = [];
  const candidates: string[] = [];
  for (const { newPod, oldPod, ambiguous } of nodes) {
    if (ambiguous || (newPod === undefined) === (oldPod === undefined)) {
      // No pod yet, or an old and a new one: the manage step acts; count the node unavailable.
      numUnavailable++;
    } else if (newPod) {
      if (!available(newPod)) numUnavailable++;
    } else if (!available(oldPod!)) {
      replacements.push(oldPod!.metadata.name);
      numUnavailable++;
    } else if (numUnavailable < maxUnavailable) {
      candidates.push(oldPod!.metadata.name);
    }
  }
  const remaining = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.length);
  return { deletePods: [...replacements, ...candidates.slice(0, remaining)], createOnNodes: [] };
}

function planWithSurge(nodes: readonly NodePods[], maxSurge: number, available: (pod: Pod) => boolean): RollingUpdatePlan {
  let numSurge = 0;
  const deletePods: string[] = [];
  const allowedNewNodes: string[] = [];
  const candidateNewNodes: string[] = [];
  for (const { node, newPod, oldPod, ambiguous } of nodes) {
    if (ambiguous) {
      numSurge++;
      continue;
    }
    if (!oldPod) continue;
    if (!newPod) {
      if (!available(oldPod)) allowedNewNodes.push(node);
      else if (numSurge < maxSurge) candidateNewNodes.push(node);
      continue;
    }
    // Already surged here: wait for the new pod, then retire the old one.
    if (!available(newPod)) numSurge++;
    else deletePods.push(oldPod.metadata.name);
  }
  const remaining = Math.min(Math.max(0, maxSurge - numSurge), candidateNewNodes.length);
  return { deletePods, createOnNodes: [...allowedNewNodes, ...candidateNewNodes.slice(0, remaining)] };
}
