/**
 * Owner references and pod templates, shared by the workload controllers.
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/owners-dependents/
 */
import { apiVersionOf, kindNamed, type KindInfo } from "../api/kinds.js";
import type { KubeObject, OwnerReference, Pod, StoredObject } from "../api/types.js";
import type { World } from "../world/world.js";
import { parseTimestamp } from "../core/clock.js";

/** The controller owner reference a controller puts on what it creates. */
export function controllerRefTo(owner: StoredObject): OwnerReference {
  const info = kindNamed(owner.kind)!;
  return {
    apiVersion: apiVersionOf(info),
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function controllerRefOf(obj: StoredObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

export function isControlledBy(obj: StoredObject, owner: StoredObject): boolean {
  return controllerRefOf(obj)?.uid === owner.metadata.uid;
}

interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: unknown;
}

/** A new pod from a workload's template, named with generateName as controllers do ("web-7d4b9c-"). */
export function podFromTemplate(template: PodTemplate, owner: StoredObject, generateName: string): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      generateName,
      namespace: owner.metadata.namespace,
      labels: { ...(template.metadata?.labels ?? {}) },
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [controllerRefTo(owner)],
    },
    spec: structuredClone(template.spec ?? {}),
  };
}

export function isPodActive(pod: Pod): boolean {
  return pod.status?.phase !== "Succeeded" && pod.status?.phase !== "Failed" && !pod.metadata.deletionTimestamp;
}

export function isPodReady(pod: Pod): boolean {
  // A plain loop: controllers ask this of every pod they count, many times a pass.
  const conditions = pod.status?.conditions;
  if (!conditions) return false;
  for (let i = 0; i < conditions.length; i++) if (conditions[i]!.type === "Ready" && conditions[i]!.status === "True") return true;
  return false;
}

/** Ready for at least minReadySeconds (https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#min-ready-seconds). */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  if (minReadySeconds <= 0) return isPodReady(pod);
  const ready = pod.status?.conditions?.find((c) => c.type === "Ready" && c.status === "True");
  if (!ready) return false;
  return parseTimestamp(ready.lastTransitionTime ?? "") + minReadySeconds * 1000 <= now;
}

/** When a Ready pod becomes available, if that is still to come (minReadySeconds > 0). */
export function availableAt(pod: Pod, minReadySeconds: number, now: number): number | undefined {
  if (minReadySeconds <= 0) return undefined;
  const ready = pod.status?.conditions?.find((c) => c.type === "Ready" && c.status === "True");
  if (!ready) return undefined;
  const at = parseTimestamp(ready.lastTransitionTime ?? "") + minReadySeconds * 1000;
  return at > now ? at : undefined;
}

/** The earliest instant one of these pods becomes available: the time a workload controller must look again. */
export function nextAvailability(pods: readonly Pod[], minReadySeconds: number, now: number): number | undefined {
  let earliest: number | undefined;
  for (const pod of pods) {
    const at = availableAt(pod, minReadySeconds, now);
    if (at !== undefined && (earliest === undefined || at < earliest)) earliest = at;
  }
  return earliest;
}

/**
 * For workload controllers: the next instant a pod of any `kind` workload
 * (ReplicaSet, DaemonSet) ends its minReadySeconds and becomes available.
 */
export function nextAvailabilityOfWorkloads(world: World, kind: KindInfo): number | undefined {
  let earliest: number | undefined;
  const now = world.clock.now();
  for (const owner of world.api.list(kind)) {
    const minReady = (owner.spec as { minReadySeconds?: number } | undefined)?.minReadySeconds ?? 0;
    if (minReady <= 0) continue;
    const pods = world.api.list<Pod>(kindNamed("Pod")!, owner.metadata.namespace).filter((p) => isControlledBy(p, owner));
    const at = nextAvailability(pods, minReady, now);
    if (at !== undefined && (earliest === undefined || at < earliest)) earliest = at;
  }
  return earliest;
}
