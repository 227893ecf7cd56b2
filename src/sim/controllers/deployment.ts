/**
 * The Deployment controller, after kube-controller-manager's
 * pkg/controller/deployment: one ReplicaSet per pod template (named
 * <deployment>-<pod-template-hash>), rolling updates bounded by maxSurge and
 * maxUnavailable, Recreate, pause, revision annotations, history cleanup and
 * the Available/Progressing conditions.
 * https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
 */
import { kindNamed } from "../api/kinds.js";
import type { Deployment, Pod, ReplicaSet } from "../api/types.js";
import { toRfc3339, parseTimestamp } from "../core/clock.js";
import { templateHash } from "../core/random.js";
import type { Loop } from "../core/loop.js";
import type { World } from "../world/world.js";
import { controllerRefTo, isControlledBy } from "./ownership.js";
import { compareBytes } from "../core/compare.js";
import { sameTemplateIgnoringHash } from "../core/pod-template.js";

const DEPLOY = kindNamed("Deployment")!;
const RS = kindNamed("ReplicaSet")!;
const POD = kindNamed("Pod")!;
const SOURCE = { component: "deployment-controller" };
const REVISION = "deployment.kubernetes.io/revision";

/**
 * Annotations that belong to the Deployment itself and never pass between it and its
 * ReplicaSets (annotationsToSkip in deployment/util; kubectl's rollback.go keeps the same list).
 */
export const DEPLOYMENT_OWN_ANNOTATIONS: ReadonlySet<string> = new Set([
  "kubectl.kubernetes.io/last-applied-configuration",
  REVISION,
  "deployment.kubernetes.io/revision-history",
  "deployment.kubernetes.io/desired-replicas",
  "deployment.kubernetes.io/max-replicas",
  "deprecated.deployment.rollback.to",
]);

/**
 * The Deployment's own annotations, such as kubernetes.io/change-cause, go to the ReplicaSet of
 * its current template (copyDeploymentAnnotationsToReplicaSet): that is what `rollout history`
 * shows under CHANGE-CAUSE.
 */
function annotationsToCopy(d: Deployment): Record<string, string> {
  return Object.fromEntries(Object.entries(d.metadata.annotations ?? {}).filter(([key]) => !DEPLOYMENT_OWN_ANNOTATIONS.has(key)));
}
const HASH_LABEL = "pod-template-hash";

type Template = NonNullable<NonNullable<Deployment["spec"]>["template"]>;

export class DeploymentController implements Loop<World> {
  readonly name = "deployment-controller";

  /** A rollout still in progress fails at its progress deadline: look again just after it. */
  nextWakeAt(world: World): number | undefined {
    let earliest: number | undefined;
    for (const d of world.api.list<Deployment>(DEPLOY)) {
      const progressing = d.status?.conditions?.find((c) => c.type === "Progressing");
      if (d.spec?.paused || progressing?.reason !== "ReplicaSetUpdated") continue;
      const at = deadlineOf(d, progressing) + 1000;
      if (earliest === undefined || at < earliest) earliest = at;
    }
    return earliest;
  }

  reconcile(world: World): boolean {
    let changed = false;
    for (const d of world.api.list<Deployment>(DEPLOY)) {
      if (d.metadata.deletionTimestamp) continue;
      changed = this.sync(world, d) || changed;
    }
    return changed;
  }

  private sync(world: World, deployment: Deployment): boolean {
    let d = deployment;
    const namespace = d.metadata.namespace!;
    const owned = world.api.list<ReplicaSet>(RS, namespace).filter((rs) => isControlledBy(rs, d));
    const hash = templateHash(d.spec?.template);
    let newRS = owned.find((rs) => rs.metadata.labels?.[HASH_LABEL] === hash) ?? owned.find((rs) => sameTemplateIgnoringHash(rs.spec?.template, d.spec?.template));
    const oldRSs = owned.filter((rs) => rs !== newRS);
    let changed = false;

    if (d.spec?.paused) return this.syncStatus(world, d, newRS, oldRSs);

    if (!newRS) {
      const created = this.createNewReplicaSet(world, d, hash, oldRSs);
      if (!created) return false;
      newRS = created;
      changed = true;
    } else if (newRS.metadata.annotations?.[REVISION] !== String(nextRevision(oldRSs, newRS))) {
      // Rolling back to an old template makes its ReplicaSet the newest revision again.
      const revision = String(nextRevision(oldRSs, newRS));
      const annotations = { ...newRS.metadata.annotations, ...annotationsToCopy(d), [REVISION]: revision };
      const updated = world.api.update<ReplicaSet>(RS, { ...newRS, metadata: { ...newRS.metadata, annotations } });
      if (updated.ok) newRS = updated.value;
      changed = true;
    }

    // The Deployment carries its current revision too (SetDeploymentRevision in deployment/util).
    const revision = newRS.metadata.annotations?.[REVISION];
    if (revision && d.metadata.annotations?.[REVISION] !== revision) {
      const annotated = world.api.update<Deployment>(DEPLOY, { ...d, metadata: { ...d.metadata, annotations: { ...d.metadata.annotations, [REVISION]: revision } } });
      if (annotated.ok) d = annotated.value;
      changed = true;
    }

    const replicas = d.spec?.replicas ?? 1;
    if (d.spec?.strategy?.type === "Recreate") {
      changed = this.recreate(world, d, newRS, oldRSs, replicas) || changed;
    } else {
      changed = this.rollingUpdate(world, d, newRS, oldRSs, replicas) || changed;
    }
    changed = this.cleanupHistory(world, d, oldRSs) || changed;
    const fresh = world.api.find<ReplicaSet>(RS, namespace, newRS.metadata.name) ?? newRS;
    const freshOld = oldRSs.map((rs) => world.api.find<ReplicaSet>(RS, namespace, rs.metadata.name)).filter((rs): rs is ReplicaSet => rs !== undefined);
    return this.syncStatus(world, d, fresh, freshOld) || changed;
  }

  private createNewReplicaSet(world: World, d: Deployment, hash: string, oldRSs: ReplicaSet[]): ReplicaSet | undefined {
    const template = structuredClone(d.spec?.template ?? {}) as Template;
    template.metadata = { ...template.metadata, labels: { ...(template.metadata?.labels ?? {}), [HASH_LABEL]: hash } };
    const selector = structuredClone(d.spec?.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [HASH_LABEL]: hash };
    const replicas = d.spec?.replicas ?? 1;
    const surge = maxSurge(d, replicas);
    const created = world.api.create<ReplicaSet>(
      RS,
      {
        apiVersion: "apps/v1",
        kind: "ReplicaSet",
        metadata: {
          name: `${d.metadata.name}-${hash}`,
          namespace: d.metadata.namespace,
          labels: { ...template.metadata.labels },
          annotations: {
            ...annotationsToCopy(d),
            "deployment.kubernetes.io/desired-replicas": String(replicas),
            "deployment.kubernetes.io/max-replicas": String(replicas + surge),
            [REVISION]: String(nextRevision(oldRSs)),
          },
          ownerReferences: [controllerRefTo(d)],
        },
        spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector, template },
      },
      d.metadata.namespace,
    );
    return created.ok ? created.value : undefined;
  }

  private recreate(world: World, d: Deployment, newRS: ReplicaSet, oldRSs: ReplicaSet[], replicas: number): boolean {
    let changed = false;
    for (const rs of oldRSs) if ((rs.spec?.replicas ?? 0) > 0) changed = this.scale(world, d, rs, 0) || changed;
    const namespace = d.metadata.namespace!;
    const oldPodsLeft = world.api
      .list<Pod>(POD, namespace)
      .some((p) => oldRSs.some((rs) => isControlledBy(p, rs)));
    if (!oldPodsLeft && (newRS.spec?.replicas ?? 0) !== replicas) changed = this.scale(world, d, newRS, replicas) || changed;
    return changed;
  }

  /** reconcileNewReplicaSet + reconcileOldReplicaSets of upstream's rolling.go. */
  private rollingUpdate(world: World, d: Deployment, newRS: ReplicaSet, oldRSs: ReplicaSet[], replicas: number): boolean {
    let changed = false;
    const surge = maxSurge(d, replicas);
    const unavailable = maxUnavailable(d, replicas);
    const all = [newRS, ...oldRSs];
    const specTotal = all.reduce((sum, rs) => sum + (rs.spec?.replicas ?? 0), 0);
    const newReplicas = newRS.spec?.replicas ?? 0;

    // Scale the new ReplicaSet up, as far as maxSurge allows.
    if (newReplicas < replicas) {
      const room = replicas + surge - specTotal;
      if (room > 0) changed = this.scale(world, d, newRS, Math.min(replicas, newReplicas + room)) || changed;
    } else if (newReplicas > replicas) {
      changed = this.scale(world, d, newRS, replicas) || changed;
    }

    // Scale old ReplicaSets down, never below replicas - maxUnavailable available pods.
    const active = oldRSs.filter((rs) => (rs.spec?.replicas ?? 0) > 0);
    if (active.length === 0) return changed;
    const freshNew = world.api.find<ReplicaSet>(RS, d.metadata.namespace, newRS.metadata.name) ?? newRS;
    const allPods = [freshNew, ...oldRSs].reduce((sum, rs) => sum + (rs.spec?.replicas ?? 0), 0);
    const minAvailable = replicas - unavailable;
    const newUnavailable = (freshNew.spec?.replicas ?? 0) - (freshNew.status?.availableReplicas ?? 0);
    let maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return changed;

    // First drop old replicas that are not available anyway (they cost no availability).
    const target = new Map(active.map((rs) => [rs.metadata.name, rs.spec?.replicas ?? 0]));
    for (const rs of sortOldestFirst(active)) {
      if (maxScaledDown <= 0) break;
      const unhealthy = target.get(rs.metadata.name)! - (rs.status?.availableReplicas ?? 0);
      if (unhealthy <= 0) continue;
      const cut = Math.min(unhealthy, maxScaledDown);
      target.set(rs.metadata.name, target.get(rs.metadata.name)! - cut);
      changed = this.scale(world, d, rs, target.get(rs.metadata.name)!) || changed;
      maxScaledDown -= cut;
    }
    const available = [freshNew, ...oldRSs].reduce((sum, rs) => sum + (rs.status?.availableReplicas ?? 0), 0);
    let canScaleDown = available - minAvailable;
    for (const rs of sortOldestFirst(active)) {
      if (canScaleDown <= 0) break;
      const current = target.get(rs.metadata.name)!;
      if (current === 0) continue;
      const cut = Math.min(current, canScaleDown);
      changed = this.scale(world, d, rs, current - cut) || changed;
      canScaleDown -= cut;
    }
    return changed;
  }

  private scale(world: World, d: Deployment, rs: ReplicaSet, to: number): boolean {
    const fresh = world.api.find<ReplicaSet>(RS, rs.metadata.namespace, rs.metadata.name);
    if (!fresh) return false;
    const from = fresh.spec?.replicas ?? 0;
    const replicas = d.spec?.replicas ?? 1;
    const annotations = {
      ...fresh.metadata.annotations,
      "deployment.kubernetes.io/desired-replicas": String(replicas),
      "deployment.kubernetes.io/max-replicas": String(replicas + maxSurge(d, replicas)),
    };
    if (from === to && JSON.stringify(annotations) === JSON.stringify(fresh.metadata.annotations)) return false;
    const updated = world.api.update(RS, { ...fresh, metadata: { ...fresh.metadata, annotations }, spec: { ...fresh.spec!, replicas: to } });
    if (updated.ok && from !== to) {
      world.events.record(d, "Normal", "ScalingReplicaSet", `Scaled ${to > from ? "up" : "down"} replica set ${fresh.metadata.name} to ${to} from ${from}`, SOURCE);
    }
    return updated.ok;
  }

  /** Keeps at most revisionHistoryLimit old ReplicaSets that have scaled to zero. */
  private cleanupHistory(world: World, d: Deployment, oldRSs: ReplicaSet[]): boolean {
    const limit = d.spec?.revisionHistoryLimit ?? 10;
    const idle = sortOldestFirst(oldRSs.filter((rs) => (rs.spec?.replicas ?? 0) === 0 && (rs.status?.replicas ?? 0) === 0));
    let changed = false;
    for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) {
      changed = world.api.delete(RS, rs.metadata.namespace, rs.metadata.name).ok || changed;
    }
    return changed;
  }

  private syncStatus(world: World, d: Deployment, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): boolean {
    const all = [...(newRS ? [newRS] : []), ...oldRSs];
    const sum = (f: (rs: ReplicaSet) => number | undefined) => all.reduce((s, rs) => s + (f(rs) ?? 0), 0);
    const replicas = d.spec?.replicas ?? 1;
    const available = sum((rs) => rs.status?.availableReplicas);
    const total = sum((rs) => rs.status?.replicas);
    const updated = newRS?.status?.replicas ?? 0;
    const unavailable = Math.max(0, total - available);
    const now = toRfc3339(world.clock.now());
    const old = d.status?.conditions ?? [];
    const condition = (type: string, status: string, reason: string, message: string) => {
      const before = old.find((c) => c.type === type);
      const same = before && before.status === status && before.reason === reason && before.message === message;
      return {
        type,
        status,
        lastUpdateTime: same ? before.lastUpdateTime : now,
        lastTransitionTime: before && before.status === status ? before.lastTransitionTime : now,
        reason,
        message,
      };
    };
    const minAvailable = replicas - maxUnavailable(d, replicas);
    const availableCondition =
      available >= minAvailable
        ? condition("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.")
        : condition("Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.");
    let progressing;
    if (d.spec?.paused) progressing = condition("Progressing", "Unknown", "DeploymentPaused", "Deployment is paused");
    else if (newRS && updated === replicas && available === replicas && total === replicas)
      progressing = condition("Progressing", "True", "NewReplicaSetAvailable", `ReplicaSet "${newRS.metadata.name}" has successfully progressed.`);
    else if (newRS) {
      const before = old.find((c) => c.type === "Progressing");
      const oldReplicas = total - updated;
      const progressed =
        before === undefined ||
        before.reason === "NewReplicaSetAvailable" ||
        !before.message?.includes(`"${newRS.metadata.name}"`) ||
        updated > (d.status?.updatedReplicas ?? 0) ||
        oldReplicas < (d.status?.replicas ?? 0) - (d.status?.updatedReplicas ?? 0) ||
        sum((rs) => rs.status?.readyReplicas) > (d.status?.readyReplicas ?? 0) ||
        available > (d.status?.availableReplicas ?? 0);
      if (progressed) {
        // Any progress moves lastUpdateTime, which is what the deadline counts from (progress.go).
        progressing = { ...condition("Progressing", "True", "ReplicaSetUpdated", `ReplicaSet "${newRS.metadata.name}" is progressing.`), lastUpdateTime: now };
      } else if (before.reason === "ProgressDeadlineExceeded" || deadlinePassed(d, before, world.clock.now())) {
        progressing = condition("Progressing", "False", "ProgressDeadlineExceeded", `ReplicaSet "${newRS.metadata.name}" has timed out progressing.`);
      } else progressing = before;
    }
    // getReplicaFailures: the new ReplicaSet's ReplicaFailure condition is copied onto the Deployment.
    const failure = newRS?.status?.conditions?.find((c) => c.type === "ReplicaFailure");
    const replicaFailure = failure && { type: "ReplicaFailure", status: failure.status, lastUpdateTime: failure.lastTransitionTime, lastTransitionTime: failure.lastTransitionTime, reason: failure.reason, message: failure.message };
    const conditions = [availableCondition, ...(progressing ? [progressing] : []), ...(replicaFailure ? [replicaFailure] : [])];
    const status: Record<string, unknown> = {
      observedGeneration: d.metadata.generation ?? 1,
      ...(total ? { replicas: total } : {}),
      ...(updated ? { updatedReplicas: updated } : {}),
      ...(sum((rs) => rs.status?.readyReplicas) ? { readyReplicas: sum((rs) => rs.status?.readyReplicas) } : {}),
      ...(available ? { availableReplicas: available } : {}),
      ...(unavailable ? { unavailableReplicas: unavailable } : {}),
      conditions,
    };
    if (JSON.stringify(status) === JSON.stringify(d.status)) return false;
    return world.api.updateStatus(DEPLOY, { ...d, status }).ok;
  }
}

/**
 * A rollout that has made no progress for spec.progressDeadlineSeconds (default 600) is marked
 * failed: Progressing=False, reason ProgressDeadlineExceeded (DeploymentTimedOut in deployment/util).
 * https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#failed-deployment
 */
function deadlinePassed(d: Deployment, progressing: { lastUpdateTime?: string }, now: number): boolean {
  return deadlineOf(d, progressing) < now;
}

function deadlineOf(d: Deployment, progressing: { lastUpdateTime?: string }): number {
  return parseTimestamp(progressing.lastUpdateTime ?? "") + (d.spec?.progressDeadlineSeconds ?? 600) * 1000;
}

/** maxSurge resolved against replicas, rounding up; percentages per the Deployment docs. */
export function maxSurge(d: Deployment, replicas: number): number {
  if (d.spec?.strategy?.type === "Recreate") return 0;
  const surge = resolve(d.spec?.strategy?.rollingUpdate?.maxSurge ?? "25%", replicas, true);
  const unavailable = resolve(d.spec?.strategy?.rollingUpdate?.maxUnavailable ?? "25%", replicas, false);
  return surge === 0 && unavailable === 0 ? 0 : surge;
}

/** maxUnavailable resolved against replicas, rounding down; both zero means one may be unavailable. */
export function maxUnavailable(d: Deployment, replicas: number): number {
  if (d.spec?.strategy?.type === "Recreate") return replicas;
  const surge = resolve(d.spec?.strategy?.rollingUpdate?.maxSurge ?? "25%", replicas, true);
  const unavailable = resolve(d.spec?.strategy?.rollingUpdate?.maxUnavailable ?? "25%", replicas, false);
  if (surge === 0 && unavailable === 0) return 1;
  return Math.min(unavailable, replicas);
}

function resolve(value: number | string, total: number, roundUp: boolean): number {
  if (typeof value === "number") return value;
  const percent = Number.parseInt(value, 10) || 0;
  const exact = (percent * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

function nextRevision(oldRSs: ReplicaSet[], except?: ReplicaSet): number {
  const revisions = oldRSs.filter((rs) => rs !== except).map((rs) => Number(rs.metadata.annotations?.[REVISION] ?? 0));
  const current = except ? Number(except.metadata.annotations?.[REVISION] ?? 0) : 0;
  const maxOld = Math.max(0, ...revisions);
  return current > maxOld ? current : maxOld + 1;
}


function sortOldestFirst(list: ReplicaSet[]): ReplicaSet[] {
  return [...list].sort((a, b) => compareBytes(a.metadata.creationTimestamp, b.metadata.creationTimestamp) || compareBytes(a.metadata.name, b.metadata.name));
}
