/**
 * The claims a StatefulSet's pod gets from its volumeClaimTemplates, as
 * pkg/controller/statefulset/stateful_set_utils.go and stateful_pod_control.go
 * make them: one claim per template named `<template>-<set>-<ordinal>` in the
 * set's namespace, labelled with the set's selector labels, created when
 * missing (events SuccessfulCreate / FailedCreate on the set), and the pod's
 * volumes pointed at them (updateStorage). For the StatefulSet controller;
 * the retention policy's ownerReferences (persistentVolumeClaimRetentionPolicy)
 * are the caller's job.
 */
import { kindNamed } from "../api/kinds.js";
import type { KubeObject, PersistentVolumeClaim, StoredObject } from "../api/types.js";
import type { World } from "../world/world.js";

const PVC = kindNamed("PersistentVolumeClaim")!;
const SOURCE = { component: "statefulset-controller" };

interface ClaimTemplate {
  metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
}

export interface StatefulSetLike extends StoredObject {
  spec?: { selector?: { matchLabels?: Record<string, string> }; volumeClaimTemplates?: ClaimTemplate[] };
}

interface PodVolume {
  name: string;
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  [source: string]: unknown;
}

/** getPersistentVolumeClaimName. */
export function claimNameFor(templateName: string, setName: string, ordinal: number): string {
  return `${templateName}-${setName}-${ordinal}`;
}

/** getPersistentVolumeClaims: template name → the claim the pod with this ordinal uses. */
export function claimsForOrdinal(set: StatefulSetLike, ordinal: number): Map<string, KubeObject> {
  const claims = new Map<string, KubeObject>();
  for (const template of set.spec?.volumeClaimTemplates ?? []) {
    const templateName = template.metadata?.name ?? "";
    const labels = { ...(template.metadata?.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) };
    claims.set(templateName, {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: {
        ...structuredClone(template.metadata ?? {}),
        name: claimNameFor(templateName, set.metadata.name, ordinal),
        namespace: set.metadata.namespace,
        labels,
      },
      spec: structuredClone(template.spec ?? {}),
    });
  }
  return claims;
}

/**
 * createPersistentVolumeClaims: creates the pod's missing claims and records
 * the controller's events. Returns false when a claim could not be created
 * (the controller then does not create the pod).
 */
export function createClaimsForPod(world: World, set: StatefulSetLike, podName: string, ordinal: number): boolean {
  let ok = true;
  for (const claim of claimsForOrdinal(set, ordinal).values()) {
    const name = claim.metadata!.name!;
    if (world.api.find<PersistentVolumeClaim>(PVC, set.metadata.namespace, name)) continue;
    const created = world.api.create(PVC, claim, set.metadata.namespace);
    if (created.ok) {
      world.events.record(set, "Normal", "SuccessfulCreate", `create Claim ${name} Pod ${podName} in StatefulSet ${set.metadata.name} success`, SOURCE);
    } else {
      world.events.record(set, "Warning", "FailedCreate", `create Claim ${name} for Pod ${podName} in StatefulSet ${set.metadata.name} failed error: ${created.error.message}`, SOURCE);
      ok = false;
    }
  }
  return ok;
}

/** updateStorage: the pod's volumes with each template's claim in place of a volume of the same name. */
export function podVolumesWithClaims(set: StatefulSetLike, volumes: readonly PodVolume[] | undefined, ordinal: number): PodVolume[] {
  const claims = claimsForOrdinal(set, ordinal);
  const out: PodVolume[] = [];
  for (const [templateName, claim] of claims) out.push({ name: templateName, persistentVolumeClaim: { claimName: claim.metadata!.name! } });
  for (const v of volumes ?? []) if (!claims.has(v.name)) out.push(v);
  return out;
}
