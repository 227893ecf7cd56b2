/**
 * The pod strategy's PrepareForCreate step for matchLabelKeys and
 * mismatchLabelKeys in pod (anti-)affinity terms (MatchLabelKeysInPodAffinity,
 * beta and on by default in 1.32): the API server looks each key up in the new
 * pod's labels and adds `key in (value)` (matchLabelKeys) or `key notin
 * (value)` (mismatchLabelKeys) to the term's labelSelector, so the scheduler
 * only ever reads the selector. Keys the pod lacks are ignored; a term without
 * labelSelector is left alone.
 * Upstream: pkg/registry/core/pod/strategy.go (applyMatchLabelKeysAndMismatchLabelKeys).
 * https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#matchlabelkeys
 */
import type { IPodAffinityTerm } from "kubernetes-models/v1/PodAffinityTerm";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";

function applyToTerm(term: IPodAffinityTerm, labels: Record<string, string>): void {
  if (!term.labelSelector) return;
  const added: { key: string; operator: string; values: string[] }[] = [];
  for (const key of term.matchLabelKeys ?? []) if (Object.prototype.hasOwnProperty.call(labels, key)) added.push({ key, operator: "In", values: [labels[key]!] });
  for (const key of term.mismatchLabelKeys ?? []) if (Object.prototype.hasOwnProperty.call(labels, key)) added.push({ key, operator: "NotIn", values: [labels[key]!] });
  if (added.length > 0) term.labelSelector.matchExpressions = [...(term.labelSelector.matchExpressions ?? []), ...added];
}

export function applyMatchLabelKeysAndMismatchLabelKeys(spec: IPodSpec | undefined, labels: Record<string, string> | undefined): void {
  const affinity = spec?.affinity;
  if (!affinity) return;
  for (const group of [affinity.podAffinity, affinity.podAntiAffinity]) {
    if (!group) continue;
    for (const term of group.requiredDuringSchedulingIgnoredDuringExecution ?? []) applyToTerm(term, labels ?? {});
    for (const weighted of group.preferredDuringSchedulingIgnoredDuringExecution ?? []) applyToTerm(weighted.podAffinityTerm, labels ?? {});
  }
}
