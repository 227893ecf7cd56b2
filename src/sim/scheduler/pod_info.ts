/**
 * A pod's inter-pod affinity terms, parsed once per pod object
 * (framework.PodInfo and AffinityTerm in pkg/scheduler/framework/types.go):
 * label selectors turned into selectors, the namespaces each term covers, and
 * AffinityTerm.Matches. Shared by InterPodAffinity and the snapshot, which
 * lists the pods that carry affinity (NodeInfo.PodsWithAffinity).
 */
import type { ILabelSelector } from "@kubernetes-models/apimachinery/apis/meta/v1/LabelSelector";
import type { IPodAffinityTerm } from "kubernetes-models/v1/PodAffinityTerm";
import type { Pod } from "../api/types.js";
import { fromLabelSelector, matches, type Labels, type Selector } from "../core/labels.js";

/**
 * metav1.LabelSelectorAsSelector: a missing selector selects nothing, an
 * empty one ({}) everything.
 */
export interface PodSelector {
  readonly nothing: boolean;
  readonly requirements: Selector;
}

const NOTHING: PodSelector = Object.freeze({ nothing: true, requirements: Object.freeze([]) as unknown as Selector });

export function labelSelectorAsSelector(selector: ILabelSelector | null | undefined): PodSelector {
  if (selector === null || selector === undefined) return NOTHING;
  return { nothing: false, requirements: fromLabelSelector(selector) };
}

export function nothingSelector(): PodSelector {
  return NOTHING;
}

export function selectorMatches(selector: PodSelector, labels: Labels | undefined): boolean {
  return !selector.nothing && matches(labels, selector.requirements);
}

/** labels.Selector.Empty(): selects everything (Nothing is not empty). */
export function selectorIsEmpty(selector: PodSelector): boolean {
  return !selector.nothing && selector.requirements.length === 0;
}

export interface AffinityTerm {
  readonly namespaces: ReadonlySet<string>;
  readonly namespaceSelector: PodSelector;
  readonly selector: PodSelector;
  readonly topologyKey: string;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  readonly weight: number;
}

export interface PodInfo {
  readonly pod: Pod;
  readonly requiredAffinityTerms: readonly AffinityTerm[];
  readonly requiredAntiAffinityTerms: readonly AffinityTerm[];
  readonly preferredAffinityTerms: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly WeightedAffinityTerm[];
}

/** getNamespacesFromPodAffinityTerm: no namespaces and no namespaceSelector means the pod's own namespace. */
function newAffinityTerm(pod: Pod, term: IPodAffinityTerm): AffinityTerm {
  const namespaces = new Set<string>();
  if ((term.namespaces ?? []).length === 0 && (term.namespaceSelector === undefined || term.namespaceSelector === null)) {
    namespaces.add(pod.metadata.namespace ?? "default");
  } else for (const ns of term.namespaces ?? []) namespaces.add(ns);
  return {
    namespaces,
    namespaceSelector: labelSelectorAsSelector(term.namespaceSelector),
    selector: labelSelectorAsSelector(term.labelSelector),
    topologyKey: term.topologyKey,
  };
}

const cache = new WeakMap<Pod, PodInfo>();

/** framework.NewPodInfo's affinity part; pods are never changed in place, so the parse is kept per object. */
export function podInfoOf(pod: Pod): PodInfo {
  const cached = cache.get(pod);
  if (cached) return cached;
  const affinity = pod.spec?.affinity;
  const info: PodInfo = {
    pod,
    requiredAffinityTerms: (affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => newAffinityTerm(pod, t)),
    requiredAntiAffinityTerms: (affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => newAffinityTerm(pod, t)),
    preferredAffinityTerms: (affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => ({
      ...newAffinityTerm(pod, t.podAffinityTerm),
      weight: t.weight,
    })),
    preferredAntiAffinityTerms: (affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => ({
      ...newAffinityTerm(pod, t.podAffinityTerm),
      weight: t.weight,
    })),
  };
  cache.set(pod, info);
  return info;
}

/**
 * AffinityTerm.Matches: the pod is in one of the term's namespaces (listed,
 * or selected by labels) and its labels match the term's selector.
 * `namespaceLabels` are the labels of the pod's namespace.
 */
export function termMatches(term: AffinityTerm, pod: Pod, namespaceLabels: Labels | undefined): boolean {
  const inNamespace = term.namespaces.has(pod.metadata.namespace ?? "default") || selectorMatches(term.namespaceSelector, namespaceLabels ?? {});
  return inNamespace && selectorMatches(term.selector, pod.metadata.labels);
}

/** podWithAffinity in framework/types.go. */
export function hasPodAffinity(pod: Pod): boolean {
  const affinity = pod.spec?.affinity;
  return !!affinity && (!!affinity.podAffinity || !!affinity.podAntiAffinity);
}

/** podWithRequiredAntiAffinity in framework/types.go. */
export function hasRequiredPodAntiAffinity(pod: Pod): boolean {
  return (pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).length > 0;
}
