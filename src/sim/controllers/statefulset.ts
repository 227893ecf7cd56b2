/**
 * The StatefulSet controller (pkg/controller/statefulset/stateful_set_control.go, 1.32):
 * pods named <set>-<ordinal> with hostname and subdomain (the headless Service named in
 * spec.serviceName gives them stable DNS names), created in ordinal order and each only once
 * its predecessors are Running and Ready (OrderedReady), or all at once (Parallel); scale-down
 * removes the highest ordinal first, one at a time under OrderedReady. Updates follow
 * ControllerRevisions: RollingUpdate replaces pods from the highest ordinal down to the
 * partition, one at a time, each after the previous one is Ready; OnDelete waits for the
 * learner to delete pods. For every volumeClaimTemplate the controller creates the claim
 * <template>-<set>-<ordinal> and mounts it; whether it binds is the storage model's concern
 * (PersistentVolumes and their binder), not this controller's.
 * https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/
 */
import { kindNamed } from "../api/kinds.js";
import type { KubeObject, Pod, StoredObject } from "../api/types.js";
import type { Loop } from "../core/loop.js";
import type { World } from "../world/world.js";
import { controllerRefTo, isControlledBy, isPodAvailable, isPodReady, nextAvailabilityOfWorkloads } from "./ownership.js";
import { ensureUpdateRevision, REVISION_HASH_LABEL, revisionsOf, templateOf } from "./statefulset-revisions.js";

const STS = kindNamed("StatefulSet")!;
const POD = kindNamed("Pod")!;
const PVC = kindNamed("PersistentVolumeClaim")!;
const SOURCE = { component: "statefulset-controller" };
const POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
const POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";

interface ClaimTemplate {
  metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
}

export type StatefulSet = StoredObject & {
  spec?: {
    replicas?: number;
    serviceName?: string;
    podManagementPolicy?: "OrderedReady" | "Parallel";
    updateStrategy?: { type?: "RollingUpdate" | "OnDelete"; rollingUpdate?: { partition?: number } };
    ordinals?: { start?: number };
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
    selector?: { matchLabels?: Record<string, string> };
    template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown> };
    volumeClaimTemplates?: ClaimTemplate[];
  };
  status?: Record<string, unknown>;
};

const ordinalOf = (set: StatefulSet, pod: Pod): number | undefined => {
  const prefix = `${set.metadata.name}-`;
  const rest = pod.metadata.name.startsWith(prefix) ? pod.metadata.name.slice(prefix.length) : "";
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : undefined;
};
const isRunningAndReady = (pod: Pod) => pod.status?.phase === "Running" && isPodReady(pod);
const isTerminating = (pod: Pod) => Boolean(pod.metadata.deletionTimestamp);
const isFailed = (pod: Pod) => pod.status?.phase === "Failed" || pod.status?.phase === "Succeeded";

export class StatefulSetController implements Loop<World> {
  readonly name = "statefulset-controller";

  /** Pods still inside minReadySeconds become available later: look again then. */
  nextWakeAt(world: World): number | undefined {
    return nextAvailabilityOfWorkloads(world, STS);
  }

  reconcile(world: World): boolean {
    let changed = false;
    for (const set of world.api.list<StatefulSet>(STS)) {
      if (set.metadata.deletionTimestamp) continue;
      changed = this.sync(world, set) || changed;
    }
    return changed;
  }

  private sync(world: World, set: StatefulSet): boolean {
    const spec = set.spec ?? {};
    const namespace = set.metadata.namespace!;
    const start = spec.ordinals?.start ?? 0;
    const replicas = spec.replicas ?? 1;
    const ordered = (spec.podManagementPolicy ?? "OrderedReady") === "OrderedReady";
    const pods = world.api.list<Pod>(POD, namespace).filter((p) => isControlledBy(p, set) && ordinalOf(set, p) !== undefined);
    const live = new Set(pods.map((p) => p.metadata.labels?.[REVISION_HASH_LABEL] ?? ""));
    const updateRevision = ensureUpdateRevision(world, set, live);
    if (!updateRevision) return false;
    const revisions = revisionsOf(world, set);
    const currentName = (set.status?.currentRevision as string | undefined) ?? updateRevision.metadata.name;
    const currentRevision = revisions.find((r) => r.metadata.name === currentName) ?? updateRevision;
    let changed = false;

    const byOrdinal = new Map(pods.map((p) => [ordinalOf(set, p)!, p]));
    const wanted = (ord: number) => ord >= start && ord < start + replicas;
    const rollingUpdate = (spec.updateStrategy?.type ?? "RollingUpdate") === "RollingUpdate";
    const partition = spec.updateStrategy?.rollingUpdate?.partition ?? 0;

    // Create (or replace failed) pods, lowest ordinal first.
    let blocked = false;
    for (let ord = start; ord < start + replicas && !blocked; ord++) {
      const pod = byOrdinal.get(ord);
      if (pod && isFailed(pod) && !isTerminating(pod)) {
        if (world.api.delete(POD, namespace, pod.metadata.name).ok) {
          world.events.record(set, "Normal", "SuccessfulDelete", `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`, SOURCE);
          changed = true;
        }
        if (ordered) blocked = true;
        continue;
      }
      if (!pod) {
        // newVersionedStatefulSetPod: below the partition, a pod is made from the current revision.
        const revision = rollingUpdate && ord < start + partition ? currentRevision : updateRevision;
        this.createPod(world, set, ord, templateOf(revision), revision.metadata.name);
        changed = true;
        if (ordered) blocked = true;
        continue;
      }
      if (ordered && (isTerminating(pod) || !isRunningAndReady(pod))) blocked = true;
    }

    // Scale down: the highest condemned ordinal first; under OrderedReady one at a time, and only when the others are healthy.
    const condemned = pods.filter((p) => !wanted(ordinalOf(set, p)!)).sort((a, b) => ordinalOf(set, b)! - ordinalOf(set, a)!);
    const anyTerminating = pods.some(isTerminating);
    const othersHealthy = pods.filter((p) => wanted(ordinalOf(set, p)!)).every((p) => isRunningAndReady(p) && !isTerminating(p));
    for (const pod of condemned) {
      if (isTerminating(pod)) continue;
      if (ordered && (blocked || anyTerminating || !othersHealthy)) break;
      if (world.api.delete(POD, namespace, pod.metadata.name).ok) {
        world.events.record(set, "Normal", "SuccessfulDelete", `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`, SOURCE);
        changed = true;
      }
      if (ordered) break;
    }

    // RollingUpdate: replace the highest pod at or above the partition that is not at the update revision, when every pod is healthy.
    const allHealthy = pods.length === replicas && pods.every((p) => isRunningAndReady(p) && !isTerminating(p));
    if (rollingUpdate && allHealthy && condemned.length === 0) {
      const stale = pods
        .filter((p) => ordinalOf(set, p)! >= start + partition && p.metadata.labels?.[REVISION_HASH_LABEL] !== updateRevision.metadata.name)
        .sort((a, b) => ordinalOf(set, b)! - ordinalOf(set, a)!)[0];
      if (stale && world.api.delete(POD, namespace, stale.metadata.name).ok) {
        world.events.record(set, "Normal", "SuccessfulDelete", `delete Pod ${stale.metadata.name} in StatefulSet ${set.metadata.name} successful`, SOURCE);
        changed = true;
      }
    }

    return this.writeStatus(world, set, currentRevision.metadata.name, updateRevision.metadata.name) || changed;
  }

  private createPod(world: World, set: StatefulSet, ordinal: number, template: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown> }, revisionName: string): void {
    const namespace = set.metadata.namespace!;
    const name = `${set.metadata.name}-${ordinal}`;
    const podSpec = structuredClone(template.spec ?? {}) as { hostname?: string; subdomain?: string; volumes?: { name: string }[] };
    // createPersistentVolumeClaims, then updateStorage: each claim template becomes this pod's volume of that name.
    for (const claim of set.spec?.volumeClaimTemplates ?? []) {
      const claimName = `${claim.metadata?.name}-${name}`;
      if (!world.api.find(PVC, namespace, claimName)) {
        const created = world.api.create(
          PVC,
          {
            apiVersion: "v1",
            kind: "PersistentVolumeClaim",
            metadata: { name: claimName, namespace, labels: { ...(claim.metadata?.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) }, ...(claim.metadata?.annotations ? { annotations: { ...claim.metadata.annotations } } : {}) },
            spec: structuredClone(claim.spec ?? {}),
          } as KubeObject,
          namespace,
        );
        if (!created.ok) {
          world.events.record(set, "Warning", "FailedCreate", `create Claim ${claimName} for Pod ${name} in StatefulSet ${set.metadata.name} failed error: ${created.error.message}`, SOURCE);
          return;
        }
        world.events.record(set, "Normal", "SuccessfulCreate", `create Claim ${claimName} Pod ${name} in StatefulSet ${set.metadata.name} success`, SOURCE);
      }
      podSpec.volumes = [...(podSpec.volumes ?? []).filter((v) => v.name !== claim.metadata?.name), { name: claim.metadata!.name!, persistentVolumeClaim: { claimName } } as { name: string }];
    }
    podSpec.hostname = name;
    if (set.spec?.serviceName) podSpec.subdomain = set.spec.serviceName;
    const pod: KubeObject = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name,
        namespace,
        labels: { ...(template.metadata?.labels ?? {}), [REVISION_HASH_LABEL]: revisionName, [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal) },
        ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        ownerReferences: [controllerRefTo(set)],
      },
      spec: podSpec,
    };
    const created = world.api.create(POD, pod, namespace);
    if (created.ok) world.events.record(set, "Normal", "SuccessfulCreate", `create Pod ${name} in StatefulSet ${set.metadata.name} successful`, SOURCE);
    else world.events.record(set, "Warning", "FailedCreate", `create Pod ${name} in StatefulSet ${set.metadata.name} failed error: ${created.error.message}`, SOURCE);
  }

  private writeStatus(world: World, set: StatefulSet, currentName: string, updateName: string): boolean {
    const namespace = set.metadata.namespace!;
    const now = world.clock.now();
    const pods = world.api.list<Pod>(POD, namespace).filter((p) => isControlledBy(p, set) && ordinalOf(set, p) !== undefined && !isTerminating(p));
    const replicas = pods.length;
    const ready = pods.filter(isPodReady).length;
    const available = pods.filter((p) => isPodAvailable(p, set.spec?.minReadySeconds ?? 0, now)).length;
    let current = pods.filter((p) => p.metadata.labels?.[REVISION_HASH_LABEL] === currentName).length;
    const updated = pods.filter((p) => p.metadata.labels?.[REVISION_HASH_LABEL] === updateName).length;
    let currentRevision = currentName;
    // completeRollingUpdate: once every pod runs the update revision and is ready, it becomes the current one.
    const want = set.spec?.replicas ?? 1;
    if (updated === want && ready === want && replicas === want) {
      currentRevision = updateName;
      current = updated;
    }
    const status: Record<string, unknown> = {
      availableReplicas: available,
      collisionCount: 0,
      ...(current > 0 ? { currentReplicas: current } : {}),
      currentRevision,
      observedGeneration: set.metadata.generation ?? 1,
      ...(ready > 0 ? { readyReplicas: ready } : {}),
      replicas,
      ...(updated > 0 ? { updatedReplicas: updated } : {}),
      updateRevision: updateName,
    };
    const fresh = world.api.find<StatefulSet>(STS, namespace, set.metadata.name);
    if (!fresh || JSON.stringify(fresh.status ?? {}) === JSON.stringify(status)) return false;
    return world.api.updateStatus(STS, { ...fresh, status } as KubeObject).ok;
  }
}
