/**
 * What a ResourceQuota counts, per kind: the quota evaluators of
 * pkg/quota/v1/evaluator/core (pods.go, services.go,
 * persistent_volume_claims.go) and the generic object counter of
 * k8s.io/apiserver/pkg/quota/v1/generic (object_count_evaluator.go). The
 * admission plugin and the quota controller share them, so what admission
 * charges and what the controller recounts always agree.
 * https://kubernetes.io/docs/concepts/policy/resource-quotas/
 */
import { compareBytes } from "../../core/compare.js";
import { compareQuantities } from "../../core/quantity.js";
import type { KindInfo } from "../kinds.js";
import { addLists, podLimits, podRequests, type ResourceList } from "../resource-list.js";
import type { KubeObject } from "../types.js";
import { parseTimestamp } from "../../core/clock.js";

/** The scopes `spec.scopes` takes that kadet evaluates (PriorityClass and CrossNamespacePodAffinity are not). */
export const SUPPORTED_SCOPES = ["Terminating", "NotTerminating", "BestEffort", "NotBestEffort"] as const;

/** core/v1 ResourceQuota status fields: spec.hard, spec.scopes. */
export interface QuotaLike {
  metadata: { name: string; namespace?: string };
  spec?: { hard?: ResourceList; scopes?: string[]; scopeSelector?: { matchExpressions?: { scopeName: string; operator: string; values?: string[] }[] } };
  status?: { hard?: ResourceList; used?: ResourceList };
}

export interface Evaluator {
  /** Names in `hard` this evaluator counts (MatchingResources). */
  matchingResources(hard: readonly string[]): string[];
  /** The object's usage (Usage); `now` (ms) decides whether a terminating pod still counts. */
  usage(obj: KubeObject, now: number): ResourceList;
  /** Whether an object of this kind matches one scope (MatchesScopeFunc); non-pod kinds match none. */
  matchesScope(scope: string, obj: KubeObject): boolean;
  /** Which operations change usage (Handles). */
  handles: readonly ("CREATE" | "UPDATE")[];
  /** Constraints: a message when the object cannot be admitted under these required names. */
  constraints?(required: readonly string[], obj: KubeObject): string | undefined;
}

/** generic.ObjectCountQuotaResourceNameFor: `count/pods`, `count/deployments.apps`. */
export function objectCountName(info: KindInfo): string {
  return info.group === "" ? `count/${info.plural}` : `count/${info.plural}.${info.group}`;
}

/** core/registry.go legacyObjectCountAliases. */
const LEGACY_ALIASES: Record<string, string> = { ConfigMap: "configmaps", ResourceQuota: "resourcequotas", ReplicationController: "replicationcontrollers", Secret: "secrets" };

const one = "1";
const noScope = () => false;
const intersect = (hard: readonly string[], known: readonly string[]) => hard.filter((name) => known.includes(name));

function objectCounter(info: KindInfo): Evaluator {
  const names = [objectCountName(info), ...(LEGACY_ALIASES[info.kind] ? [LEGACY_ALIASES[info.kind]!] : [])];
  return {
    matchingResources: (hard) => intersect(hard, names),
    usage: () => Object.fromEntries(names.map((n) => [n, one])),
    matchesScope: noScope,
    handles: ["CREATE"],
  };
}

// ------------------------------------------------------------------ pods

const POD_RESOURCES = [
  "count/pods", "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage",
  "limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods",
];

/** The names a quota on cpu or memory makes each container state (pods.go validationSet: "it was a mistake"). */
const VALIDATION_SET = ["cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory"];

/** podComputeUsageHelper */
function computeUsage(requests: ResourceList, limits: ResourceList): ResourceList {
  const out: ResourceList = { pods: one };
  for (const r of ["cpu", "memory", "ephemeral-storage"]) {
    if (requests[r] !== undefined) {
      out[r] = requests[r]!;
      out[`requests.${r}`] = requests[r]!;
    }
    if (limits[r] !== undefined) out[`limits.${r}`] = limits[r]!;
  }
  return out;
}

type PodLike = KubeObject & {
  metadata?: { deletionTimestamp?: string; deletionGracePeriodSeconds?: number };
  spec?: { activeDeadlineSeconds?: number; containers?: ContainerLike[]; initContainers?: ContainerLike[] };
  status?: { phase?: string };
};
interface ContainerLike {
  name: string;
  resources?: { requests?: ResourceList; limits?: ResourceList };
}

/** IsTerminating: the pod has an active deadline. */
export const isTerminating = (pod: KubeObject) => ((pod as PodLike).spec?.activeDeadlineSeconds ?? -1) >= 0;
/** qos.GetPodQOS == BestEffort: no container asks for or caps cpu or memory (the QoS compute resources). */
function isBestEffort(pod: KubeObject): boolean {
  const spec = (pod as PodLike).spec ?? {};
  return [...(spec.containers ?? []), ...(spec.initContainers ?? [])].every((c) =>
    ["cpu", "memory"].every((r) => c.resources?.requests?.[r] === undefined && c.resources?.limits?.[r] === undefined),
  );
}

/** QuotaV1Pod: finished pods, and pods past their deletion grace, no longer count. */
function podCounts(pod: PodLike, now: number): boolean {
  const phase = pod.status?.phase;
  if (phase === "Failed" || phase === "Succeeded") return false;
  const deletion = pod.metadata?.deletionTimestamp;
  const grace = pod.metadata?.deletionGracePeriodSeconds;
  if (deletion !== undefined && grace !== undefined && now > parseTimestamp(deletion) + grace * 1000) return false;
  return true;
}

const podEvaluator: Evaluator = {
  matchingResources: (hard) => intersect(hard, POD_RESOURCES),
  usage(obj, now) {
    const usage: ResourceList = { "count/pods": one };
    if (!podCounts(obj as PodLike, now)) return usage;
    return addLists(usage, computeUsage(podRequests(obj), podLimits(obj)));
  },
  matchesScope(scope, pod) {
    switch (scope) {
      case "Terminating": return isTerminating(pod);
      case "NotTerminating": return !isTerminating(pod);
      case "BestEffort": return isBestEffort(pod);
      case "NotBestEffort": return !isBestEffort(pod);
      default: return false;
    }
  },
  handles: ["CREATE"],
  constraints(required, obj) {
    const needed = required.filter((r) => VALIDATION_SET.includes(r));
    const spec = (obj as PodLike).spec ?? {};
    const missing = new Map<string, Set<string>>();
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      const has = computeUsage(c.resources?.requests ?? {}, c.resources?.limits ?? {});
      for (const name of needed) if (!(name in has)) (missing.get(name) ?? missing.set(name, new Set()).get(name)!).add(c.name);
    }
    if (missing.size === 0) return undefined;
    const parts = [...missing.keys()].sort(compareBytes).map((name) => `${name} for: ${[...missing.get(name)!].sort(compareBytes).join(",")}`);
    return `must specify ${parts.join("; ")}`;
  },
};

// -------------------------------------------------------------- services

const SERVICE_RESOURCES = ["count/services", "services", "services.loadbalancers", "services.nodeports"];

const serviceEvaluator: Evaluator = {
  matchingResources: (hard) => intersect(hard, SERVICE_RESOURCES),
  usage(obj) {
    const spec = (obj.spec ?? {}) as { type?: string; ports?: unknown[] };
    const ports = String(spec.ports?.length ?? 0);
    const usage: ResourceList = { "count/services": one, services: one, "services.loadbalancers": "0", "services.nodeports": "0" };
    if (spec.type === "NodePort") usage["services.nodeports"] = ports;
    if (spec.type === "LoadBalancer") {
      usage["services.nodeports"] = ports;
      usage["services.loadbalancers"] = one;
    }
    return usage;
  },
  matchesScope: noScope,
  handles: ["CREATE", "UPDATE"],
};

// ------------------------------------------------------------------ claims

const STORAGE_CLASS_SUFFIX = ".storageclass.storage.k8s.io/";
const CLAIM_RESOURCES = ["count/persistentvolumeclaims", "persistentvolumeclaims", "requests.storage"];

const claimEvaluator: Evaluator = {
  matchingResources: (hard) =>
    hard.filter((name) => CLAIM_RESOURCES.includes(name) || (name.includes(STORAGE_CLASS_SUFFIX) && /\/(persistentvolumeclaims|requests\.storage)$/.test(name))),
  usage(obj) {
    const spec = (obj.spec ?? {}) as { storageClassName?: string; resources?: { requests?: ResourceList } };
    const status = (obj.status ?? {}) as { allocatedResources?: ResourceList };
    const usage: ResourceList = { persistentvolumeclaims: one, "count/persistentvolumeclaims": one };
    const className = spec.storageClassName ?? "";
    if (className !== "") usage[`${className}${STORAGE_CLASS_SUFFIX}persistentvolumeclaims`] = one;
    // getStorageUsage: the larger of what is asked and what an expansion already allocated.
    let storage = spec.resources?.requests?.storage;
    const allocated = status.allocatedResources?.storage;
    if (allocated !== undefined && (storage === undefined || (compareQuantities(allocated, storage) ?? 0) > 0)) storage = allocated;
    if (storage !== undefined) {
      usage["requests.storage"] = storage;
      if (className !== "") usage[`${className}${STORAGE_CLASS_SUFFIX}requests.storage`] = storage;
    }
    return usage;
  },
  matchesScope: noScope,
  handles: ["CREATE", "UPDATE"],
};

/** The evaluator for a kind (the registry, with an object counter for every other kind). */
export function evaluatorFor(info: KindInfo): Evaluator {
  switch (info.kind) {
    case "Pod": return podEvaluator;
    case "Service": return serviceEvaluator;
    case "PersistentVolumeClaim": return claimEvaluator;
    default: return objectCounter(info);
  }
}

/** getScopeSelectorsFromQuota: spec.scopes plus scopeSelector's expressions, as scope names. */
function scopesOf(quota: QuotaLike): string[] {
  return [...(quota.spec?.scopes ?? []), ...(quota.spec?.scopeSelector?.matchExpressions ?? []).map((e) => e.scopeName)];
}

/** generic.Matches: the quota limits something this kind uses, and the object is in every one of its scopes. */
export function quotaMatches(evaluator: Evaluator, quota: QuotaLike, hard: ResourceList, obj: KubeObject): boolean {
  if (evaluator.matchingResources(Object.keys(hard)).length === 0) return false;
  return scopesOf(quota).every((scope) => evaluator.matchesScope(scope, obj));
}
