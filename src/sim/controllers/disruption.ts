/**
 * The disruption controller (kube-controller-manager 1.32, pkg/controller/disruption): keeps
 * every PodDisruptionBudget's status: the pods it selects (expectedPods), how many must be healthy
 * (desiredHealthy: minAvailable, or the controllers' scale less maxUnavailable; percentages
 * resolved against that scale, rounded up), how many are (currentHealthy: Ready, not terminating,
 * not just approved for eviction), and so disruptionsAllowed and the DisruptionAllowed condition.
 * The Eviction subresource (api/policy/eviction.ts) spends what this computes.
 *
 * Change-driven: it recomputes only when a budget, a pod or a scalable workload was written since
 * its last pass, or when an approved eviction's DeletionTimeout runs out; with no budget it does
 * nothing at all.
 * https://kubernetes.io/docs/concepts/workloads/pods/disruptions/
 * https://kubernetes.io/docs/tasks/run-application/configure-pdb/
 */
import { kindNamed } from "../api/kinds.js";
import type { OwnerReference, Pod, StoredObject } from "../api/types.js";
import {
  DELETION_TIMEOUT_MS,
  DISRUPTION_ALLOWED,
  SYNC_FAILED,
  conditionsAreUpToDate,
  pdbSelectsForController,
  scaledValue,
  setStatusCondition,
  withDisruptionAllowedCondition,
  type PodDisruptionBudget,
  type PodDisruptionBudgetStatus,
} from "../api/policy/pod-disruption-budget.js";
import type { ILabelSelector } from "@kubernetes-models/apimachinery/apis/meta/v1/LabelSelector";
import { compareBytes } from "../core/compare.js";
import type { Loop } from "../core/loop.js";
import type { World } from "../world/world.js";
import { controllerRefOf, isPodReady } from "./ownership.js";
import { parseTimestamp } from "../core/clock.js";

const PDB = kindNamed("PodDisruptionBudget")!;
const POD = kindNamed("Pod")!;
/** The kinds whose scale a budget's percentage is resolved against (the controller's finders). */
const SCALED = ["ReplicaSet", "Deployment", "StatefulSet", "ReplicationController"].map((k) => kindNamed(k)!);
/** Kinds kadet knows that have no scale subresource: the error getScaleController gives for them. */
const NO_SCALE: Record<string, string> = { DaemonSet: "daemonsets.apps", Job: "jobs.batch", CronJob: "cronjobs.batch" };
const SOURCE = { component: "controllermanager" };

export class DisruptionController implements Loop<World> {
  readonly name = "disruption-controller";
  /** The writes this controller last acted on (not snapshotted: a restored world syncs once more, harmlessly). */
  private seen = "";
  private recheckAt: number | undefined;
  /** Each budget's resourceVersion when it was last synced (uid → version), to tell its events once per change. */
  private syncedVersions = new Map<string, string>();

  nextWakeAt(): number | undefined {
    return this.recheckAt;
  }

  reconcile(world: World): boolean {
    const mark = [PDB, POD, ...SCALED].map((k) => world.api.changesOf(k)).join("|");
    const now = world.clock.now();
    if (mark === this.seen && (this.recheckAt === undefined || this.recheckAt > now)) return false;
    this.seen = mark;
    this.recheckAt = undefined;
    let changed = false;
    const budgets = world.api.list<PodDisruptionBudget>(PDB);
    for (const pdb of budgets) {
      if (pdb.metadata.deletionTimestamp) continue;
      changed = this.sync(world, pdb) || changed;
    }
    if (this.syncedVersions.size > budgets.length) {
      const live = new Set(budgets.map((b) => b.metadata.uid));
      for (const uid of this.syncedVersions.keys()) if (!live.has(uid)) this.syncedVersions.delete(uid);
    }
    // Its own status writes moved the budgets' token: they need no second look.
    this.seen = [PDB, POD, ...SCALED].map((k) => world.api.changesOf(k)).join("|");
    return changed;
  }

  /** trySync, with failSafe when the expected count cannot be worked out. */
  private sync(world: World, pdb: PodDisruptionBudget): boolean {
    // Upstream syncs a budget when it or one of its own pods changes; this loop looks at every
    // budget on any pod change, so its events are told only when the budget itself was written.
    const budgetChanged = this.syncedVersions.get(pdb.metadata.uid) !== pdb.metadata.resourceVersion;
    this.syncedVersions.set(pdb.metadata.uid, pdb.metadata.resourceVersion);
    const record = (type: "Normal" | "Warning", reason: string, message: string) => {
      if (budgetChanged) world.events.record(pdb, type, reason, message, SOURCE);
    };
    const pods = world.api.list<Pod>(POD, pdb.metadata.namespace).filter((p) => pdbSelectsForController(pdb, p));
    if (pods.length === 0) record("Normal", "NoPods", "No matching pods found");
    const expected = expectedPodCount(world, pdb, pods);
    if (typeof expected === "string") {
      record("Warning", "CalculateExpectedPodCountFailed", `Failed to calculate the number of expected pods: ${expected}`);
      return this.failSafe(world, pdb, expected);
    }
    if (expected.unmanaged.length > 0) {
      record(
        "Warning",
        "UnmanagedPods",
        `Pods selected by this PodDisruptionBudget (selector: ${goSelector(pdb.spec?.selector)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
      );
    }
    const now = world.clock.now();
    const disrupted = this.disruptedPods(world, pdb, pods, now);
    const currentHealthy = pods.filter((p) => !p.metadata.deletionTimestamp && !(p.metadata.name in disrupted) && isPodReady(p)).length;
    return updateStatus(world, pdb, currentHealthy, expected.desiredHealthy, expected.expectedCount, disrupted);
  }

  /**
   * buildDisruptedPodMap: approved evictions whose pod has not gone yet, forgotten (with a
   * NotDeleted event on the pod) once DeletionTimeout has passed; the earliest expiry is when
   * the budget must be looked at again.
   */
  private disruptedPods(world: World, pdb: PodDisruptionBudget, pods: readonly Pod[], now: number): Record<string, string> {
    const approved = pdb.status?.disruptedPods ?? {};
    const kept: Record<string, string> = {};
    for (const pod of pods) {
      if (pod.metadata.deletionTimestamp) continue;
      const at = approved[pod.metadata.name];
      if (at === undefined) continue;
      const expectedDeletion = parseTimestamp(at) + DELETION_TIMEOUT_MS;
      if (expectedDeletion < now) {
        // Upstream's format string names the namespace twice.
        world.events.record(pod, "Warning", "NotDeleted", `Pod was expected by PDB ${pdb.metadata.namespace}/${pdb.metadata.namespace} to be deleted but it wasn't`, SOURCE);
        continue;
      }
      kept[pod.metadata.name] = at;
      // Dropped once strictly past (upstream: expectedDeletion.Before(now)), so look just after it.
      if (this.recheckAt === undefined || expectedDeletion + 1 < this.recheckAt) this.recheckAt = expectedDeletion + 1;
    }
    return Object.fromEntries(Object.keys(kept).sort(compareBytes).map((k) => [k, kept[k]!]));
  }

  /** failSafe: no disruption is allowed while the status cannot be computed. */
  private failSafe(world: World, pdb: PodDisruptionBudget, message: string): boolean {
    const status: PodDisruptionBudgetStatus = { ...(pdb.status ?? emptyStatus()), disruptionsAllowed: 0 };
    status.conditions = setStatusCondition(
      status.conditions ?? [],
      { type: DISRUPTION_ALLOWED, status: "False", reason: SYNC_FAILED, message, ...(status.observedGeneration !== undefined ? { observedGeneration: status.observedGeneration } : {}) },
      world.clock.nowIso(),
    );
    return writeStatus(world, pdb, status);
  }
}

const emptyStatus = (): PodDisruptionBudgetStatus => ({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });

interface Expected {
  expectedCount: number;
  desiredHealthy: number;
  unmanaged: string[];
}

/** getExpectedPodCount: maxUnavailable and percentage minAvailable need the controllers' scale; an int minAvailable counts the pods. */
function expectedPodCount(world: World, pdb: PodDisruptionBudget, pods: readonly Pod[]): Expected | string {
  const { maxUnavailable, minAvailable } = pdb.spec ?? {};
  if (maxUnavailable !== undefined) {
    const scale = expectedScale(world, pods);
    if (typeof scale === "string") return scale;
    const max = scaledValue(maxUnavailable, scale.expectedCount);
    if (typeof max === "string") return max;
    return { ...scale, desiredHealthy: Math.max(0, scale.expectedCount - max) };
  }
  if (minAvailable === undefined) return { expectedCount: 0, desiredHealthy: 0, unmanaged: [] };
  if (typeof minAvailable === "number") return { expectedCount: pods.length, desiredHealthy: minAvailable, unmanaged: [] };
  const scale = expectedScale(world, pods);
  if (typeof scale === "string") return scale;
  const min = scaledValue(minAvailable, scale.expectedCount);
  if (typeof min === "string") return min;
  return { ...scale, desiredHealthy: min };
}

/** getExpectedScale: the sum of the scales of the pods' controllers, each counted once. */
function expectedScale(world: World, pods: readonly Pod[]): { expectedCount: number; unmanaged: string[] } | string {
  const scales = new Map<string, number>();
  const unmanaged: string[] = [];
  for (const pod of pods) {
    const ref = controllerRefOf(pod);
    if (!ref) {
      unmanaged.push(pod.metadata.name);
      continue;
    }
    if (scales.has(ref.uid)) continue;
    const found = controllerScale(world, ref, pod.metadata.namespace!);
    if (typeof found === "string") return found;
    if (!found) return `found no controllers for pod "${pod.metadata.name}"`;
    scales.set(found.uid, found.scale);
  }
  let expectedCount = 0;
  for (const scale of scales.values()) expectedCount += scale;
  return { expectedCount, unmanaged };
}

/** The finders in upstream's order: ReplicaSet (not owned by a Deployment), Deployment through its ReplicaSet, RC, StatefulSet, then the scale subresource. */
function controllerScale(world: World, ref: OwnerReference, namespace: string): { uid: string; scale: number } | undefined | string {
  const replicas = (o: StoredObject) => (o.spec as { replicas?: number } | undefined)?.replicas ?? 1;
  const owned = (kind: string, name: string, uid: string) => {
    const info = kindNamed(kind);
    const found = info ? world.api.find(info, namespace, name) : undefined;
    return found && found.metadata.uid === uid ? found : undefined;
  };
  if (ref.kind === "ReplicaSet") {
    const rs = owned("ReplicaSet", ref.name, ref.uid);
    if (!rs) return undefined;
    const deploymentRef = controllerRefOf(rs);
    if (!deploymentRef || deploymentRef.kind !== "Deployment") return { uid: rs.metadata.uid, scale: replicas(rs) };
    const deployment = owned("Deployment", deploymentRef.name, deploymentRef.uid);
    return deployment ? { uid: deployment.metadata.uid, scale: replicas(deployment) } : undefined;
  }
  if (ref.kind === "ReplicationController" || ref.kind === "StatefulSet") {
    const owner = owned(ref.kind, ref.name, ref.uid);
    return owner ? { uid: owner.metadata.uid, scale: replicas(owner) } : undefined;
  }
  const resource = NO_SCALE[ref.kind];
  return resource ? `${resource} does not implement the scale subresource` : undefined;
}

/** updatePdbStatus: nothing is written when every field already agrees. */
function updateStatus(world: World, pdb: PodDisruptionBudget, currentHealthy: number, desiredHealthy: number, expectedPods: number, disruptedPods: Record<string, string>): boolean {
  // expectedCount > 0 keeps a budget that selects nothing yet safe when its first pods appear.
  const allowed = currentHealthy - desiredHealthy;
  const disruptionsAllowed = expectedPods <= 0 || allowed <= 0 ? 0 : allowed;
  const status = pdb.status;
  const generation = pdb.metadata.generation ?? 1;
  if (
    status &&
    status.currentHealthy === currentHealthy &&
    status.desiredHealthy === desiredHealthy &&
    status.expectedPods === expectedPods &&
    status.disruptionsAllowed === disruptionsAllowed &&
    JSON.stringify(status.disruptedPods ?? {}) === JSON.stringify(disruptedPods) &&
    status.observedGeneration === generation &&
    conditionsAreUpToDate(pdb)
  ) {
    return false;
  }
  const next = withDisruptionAllowedCondition(
    {
      observedGeneration: generation,
      ...(Object.keys(disruptedPods).length > 0 ? { disruptedPods } : {}),
      disruptionsAllowed,
      currentHealthy,
      desiredHealthy,
      expectedPods,
      ...(status?.conditions ? { conditions: status.conditions } : {}),
    },
    world.clock.nowIso(),
  );
  return writeStatus(world, pdb, next);
}

function writeStatus(world: World, pdb: PodDisruptionBudget, status: PodDisruptionBudgetStatus): boolean {
  const written = world.api.updateStatus(PDB, { ...pdb, status });
  return written.ok && written.value.metadata.resourceVersion !== pdb.metadata.resourceVersion;
}

/** %v of the *metav1.LabelSelector in the UnmanagedPods event: its generated String() method. */
function goSelector(selector: ILabelSelector | null | undefined): string {
  if (!selector) return "nil";
  const labels = Object.keys(selector.matchLabels ?? {}).sort(compareBytes).map((k) => `${k}: ${selector.matchLabels![k]},`).join("");
  const expressions = (selector.matchExpressions ?? []).map((e) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(" ")}],}`).join(",");
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${expressions}},}`;
}
