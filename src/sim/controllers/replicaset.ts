/**
 * The ReplicaSet controller: keeps the number of active pods matching a
 * ReplicaSet's selector at spec.replicas, adopting orphans that match and
 * deleting the least valuable pods first when there are too many.
 * https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/
 */
import { kindNamed } from "../api/kinds.js";
import type { Pod, ReplicaSet } from "../api/types.js";
import { fromLabelSelector, matches, type Selector } from "../core/labels.js";
import type { StatefulLoop } from "../core/loop.js";
import { TokenBucket, type TokenBucketState } from "../core/rate-limiter.js";
import type { World } from "../world/world.js";
import { controllerRefOf, controllerRefTo, isControlledBy, isPodActive, isPodAvailable, isPodReady, nextAvailabilityOfWorkloads, podFromTemplate } from "./ownership.js";
import { toRfc3339 } from "../core/clock.js";
import { CreateBackOff, type CreateBackOffState } from "./create-backoff.js";
import { hasTemplateLabels, ReplicaSetTallies } from "./replicaset-tally.js";

const RS = kindNamed("ReplicaSet")!;
const POD = kindNamed("Pod")!;
const SOURCE = { component: "replicaset-controller" };
/** kube-controller-manager's defaults: --kube-api-qps=20, --kube-api-burst=30. */
const KUBE_API_QPS = 20;
const KUBE_API_BURST = 30;
export class ReplicaSetController implements StatefulLoop<World> {
  readonly name = "replicaset-controller";
  /**
   * Pod creates and deletes go through the controller manager's rate-limited API client, so a
   * ReplicaSet of 100000 replicas fills up over simulated time (and every command still answers
   * promptly) instead of being created in one blocking step.
   */
  private readonly client = new TokenBucket(KUBE_API_QPS, KUBE_API_BURST);
  /** Set when a sync stopped for want of a token; the controller looks again when one is there. */
  private throttled = false;
  /** ReplicaSets whose last pod create failed wait before the next try (create-backoff.ts). */
  private readonly failedCreates = new CreateBackOff();
  /** Each ReplicaSet's pods counted, kept from the pod change log (not snapshotted: rebuilt on demand). */
  private readonly tallies = new ReplicaSetTallies();
  /**
   * Per ReplicaSet uid, what it and its pods (and the orphans it could adopt) were when its last
   * sync left nothing to do: a sync that sees the same again would change nothing, as the real
   * controller is only woken by an event of the ReplicaSet or of a pod. Not kept for a
   * ReplicaSet whose result depends on the clock (minReadySeconds, a create back-off, a throttled
   * client). Not part of snapshots: after a restore every ReplicaSet syncs once.
   */
  private readonly settled = new Map<string, string>();

  saveState(): unknown {
    return { client: this.client.save(), throttled: this.throttled, failedCreates: this.failedCreates.save() };
  }

  loadState(state: unknown): void {
    const saved = state as { client: TokenBucketState; throttled: boolean; failedCreates?: CreateBackOffState };
    this.client.load(saved.client);
    this.throttled = saved.throttled;
    this.failedCreates.load(saved.failedCreates);
  }

  /** Pods still inside minReadySeconds become available later: look again then. */
  nextWakeAt(world: World): number | undefined {
    const wakes = [nextAvailabilityOfWorkloads(world, RS), this.failedCreates.nextRetryAt()];
    if (this.throttled) wakes.push(this.client.nextTokenAt(world.clock.now()));
    const due = wakes.filter((t): t is number => t !== undefined);
    return due.length ? Math.min(...due) : undefined;
  }

  reconcile(world: World): boolean {
    this.throttled = false;
    let changed = false;
    const live = new Set<string>();
    for (const rs of world.api.list<ReplicaSet>(RS)) {
      live.add(rs.metadata.uid);
      if (rs.metadata.deletionTimestamp) continue;
      if (world.watchChanges && this.settled.get(rs.metadata.uid) === settledMark(world, rs)) continue;
      this.settled.delete(rs.metadata.uid);
      const throttledBefore: boolean = this.throttled;
      this.throttled = false;
      const synced = this.sync(world, rs);
      changed = synced || changed;
      const dependsOnClock = this.throttled || this.failedCreates.waiting(rs.metadata.uid, world.clock.now()) || (rs.spec?.minReadySeconds ?? 0) > 0;
      const fresh = world.api.find<ReplicaSet>(RS, rs.metadata.namespace, rs.metadata.name);
      if (fresh && !dependsOnClock) this.settled.set(rs.metadata.uid, settledMark(world, fresh));
      this.throttled = this.throttled || throttledBefore;
    }
    this.failedCreates.keepOnly(live);
    this.tallies.keepOnly(live);
    for (const uid of this.settled.keys()) if (!live.has(uid)) this.settled.delete(uid);
    return changed;
  }

  private sync(world: World, rs: ReplicaSet): boolean {
    const selector = fromLabelSelector(rs.spec?.selector);
    const namespace = rs.metadata.namespace!;
    if (world.watchChanges) {
      // The common case (no pod to release, no orphan to adopt) is counted from the kept tally.
      this.tallies.refresh(world);
      const tally = this.tallies.of(world, rs);
      if (tally.nonMatching.size === 0 && !hasAdoptableOrphan(world, namespace, selector)) {
        return this.manage(world, rs, false, {
          active: tally.active,
          activePods: () => [...tally.countedPods()],
          counts: (minReadySeconds, now) => {
            this.tallies.refresh(world);
            let available = tally.ready;
            if (minReadySeconds > 0) {
              available = 0;
              for (const p of tally.countedPods()) if (isPodAvailable(p, minReadySeconds, now)) available++;
            }
            return { replicas: tally.active, fullyLabeledReplicas: tally.fullyLabeled, readyReplicas: tally.ready, availableReplicas: available };
          },
        });
      }
    }
    let changed = false;
    const pods: Pod[] = [];
    const listedAt = world.api.controlledByVersion(POD, rs);
    let allMatched = true;
    for (const pod of world.api.listControlledBy<Pod>(POD, namespace, rs)) {
      if (matches(pod.metadata.labels, selector)) {
        pods.push(pod);
        continue;
      }
      allMatched = false;
      // A pod whose labels no longer match is released (ClaimPods in controller_ref_manager.go)
      // and the ReplicaSet makes a replacement.
      const refs = (pod.metadata.ownerReferences ?? []).filter((r) => r.uid !== rs.metadata.uid);
      const released = structuredClone(pod);
      if (refs.length > 0) released.metadata.ownerReferences = refs;
      else delete released.metadata.ownerReferences;
      changed = world.api.update(POD, released).ok || changed;
    }
    // Adopt orphans whose labels match.
    if (selector.length > 0) {
      for (const pod of world.api.listControlledBy<Pod>(POD, namespace, undefined)) {
        if (!matches(pod.metadata.labels, selector) || !isPodActive(pod)) continue;
        const adopted = world.api.update<Pod>(POD, { ...pod, metadata: { ...pod.metadata, ownerReferences: [...(pod.metadata.ownerReferences ?? []), controllerRefTo(rs)] } });
        if (adopted.ok) {
          pods.push(adopted.value);
          changed = true;
        }
      }
    }
    const active = pods.filter(isPodActive);
    return this.manage(world, rs, changed, {
      active: active.length,
      activePods: () => active,
      created: (pod) => active.push(pod),
      counts: (minReadySeconds, now) => {
        // The pods as they are now: those listed above unless this sync (or anyone) wrote one since.
        const current = allMatched && world.api.controlledByVersion(POD, rs) === listedAt ? active : world.api.listControlledBy<Pod>(POD, namespace, rs).filter(isPodActive);
        const templateLabels = Object.entries(rs.spec?.template?.metadata?.labels ?? {});
        const counts = { replicas: current.length, fullyLabeledReplicas: 0, readyReplicas: 0, availableReplicas: 0 };
        for (const p of current) {
          if (hasTemplateLabels(p, templateLabels)) counts.fullyLabeledReplicas++;
          if (isPodReady(p)) counts.readyReplicas++;
          if (isPodAvailable(p, minReadySeconds, now)) counts.availableReplicas++;
        }
        return counts;
      },
    });
  }

  /** manageReplicas and the status update, given the ReplicaSet's active pods (as counted or as listed). */
  private manage(world: World, rs: ReplicaSet, claimedChanges: boolean, pods: OwnedPods): boolean {
    let changed = claimedChanges;
    const namespace = rs.metadata.namespace!;
    const want = rs.spec?.replicas ?? 1;
    const diff = pods.active - want;
    const waiting = this.failedCreates.waiting(rs.metadata.uid, world.clock.now());
    // What manageReplicas returned: undefined when it ran and succeeded, a message when a create failed.
    let createError: string | undefined;
    if (diff < 0 && !waiting) {
      for (let i = 0; i < -diff; i++) {
        if (!this.client.tryAccept(world.clock.now())) {
          this.throttled = true;
          break;
        }
        changed = true;
        const created = world.api.create<Pod>(POD, podFromTemplate(rs.spec?.template ?? {}, rs, `${rs.metadata.name}-`), namespace, { builtByModel: true });
        if (created.ok) {
          pods.created?.(created.value);
          this.failedCreates.succeeded(rs.metadata.uid);
          world.events.record(rs, "Normal", "SuccessfulCreate", `Created pod: ${created.value.metadata.name}`, SOURCE);
        } else {
          world.events.record(rs, "Warning", "FailedCreate", `Error creating: ${created.error.message}`, SOURCE);
          createError = created.error.message;
          this.failedCreates.failed(rs.metadata.uid, world.clock.now());
          break;
        }
      }
    } else if (diff >= 0) {
      this.failedCreates.succeeded(rs.metadata.uid);
    }
    if (diff > 0) {
      // Only as many as the client lets through can go in this pass: ranking the rest is wasted (one
      // more is tried, so that a throttled client is noticed as before).
      for (const pod of inDeletionOrder(pods.activePods(), Math.min(diff, this.client.available(world.clock.now()) + 1))) {
        if (!this.client.tryAccept(world.clock.now())) {
          this.throttled = true;
          break;
        }
        changed = true;
        const deleted = world.api.delete(POD, namespace, pod.metadata.name);
        if (deleted.ok) world.events.record(rs, "Normal", "SuccessfulDelete", `Deleted pod: ${pod.metadata.name}`, SOURCE);
      }
    }

    const now = world.clock.now();
    const status = { ...pods.counts(rs.spec?.minReadySeconds ?? 0, now), observedGeneration: rs.metadata.generation ?? 1 };
    const fresh = world.api.find<ReplicaSet>(RS, namespace, rs.metadata.name);
    const next: Record<string, unknown> = withoutZeroCounts(status);
    const conditions = replicaFailure(fresh?.status?.conditions ?? [], createError, !waiting || diff >= 0, now);
    if (conditions.length > 0) next.conditions = conditions;
    if (fresh && JSON.stringify(next) !== JSON.stringify(fresh.status)) {
      world.api.updateStatus(RS, { ...fresh, status: next });
      changed = true;
    }
    return changed;
  }
}

/** A ReplicaSet's active pods as a sync sees them: how many, which (for a scale-down), and the status counts after its writes. */
interface OwnedPods {
  active: number;
  activePods(): readonly Pod[];
  created?(pod: Pod): void;
  counts(minReadySeconds: number, now: number): { replicas: number; fullyLabeledReplicas: number; readyReplicas: number; availableReplicas: number };
}

/** An orphan in the namespace that the ReplicaSet would adopt. */
function hasAdoptableOrphan(world: World, namespace: string, selector: Selector): boolean {
  if (selector.length === 0) return false;
  for (const pod of world.api.listControlledBy<Pod>(POD, namespace, undefined)) if (matches(pod.metadata.labels, selector) && isPodActive(pod)) return true;
  return false;
}

/** The ReplicaSet as stored, its pods' and the orphan pods' change tokens. */
function settledMark(world: World, rs: ReplicaSet): string {
  return `${rs.metadata.resourceVersion}|${world.api.controlledByVersion(POD, rs)}|${world.api.controlledByVersion(POD, undefined)}`;
}

type RsCondition = NonNullable<NonNullable<ReplicaSet["status"]>["conditions"]>[number];

/**
 * calculateStatus's ReplicaFailure condition: set (reason FailedCreate, the API's message) when a
 * create failed and none is there yet; removed after a sync that ran without error. A sync
 * skipped while the ReplicaSet waits out its back-off changes nothing, as upstream runs none.
 */
function replicaFailure(conditions: readonly RsCondition[], createError: string | undefined, synced: boolean, now: number): RsCondition[] {
  const existing = conditions.find((c) => c.type === "ReplicaFailure");
  if (createError !== undefined && !existing) {
    return [...conditions, { type: "ReplicaFailure", status: "True", lastTransitionTime: toRfc3339(now), reason: "FailedCreate", message: createError }];
  }
  if (createError === undefined && synced && existing) return conditions.filter((c) => c.type !== "ReplicaFailure");
  return [...conditions];
}

/** The API omits zero counts (omitempty), except replicas. */
function withoutZeroCounts(status: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(status)) if (value !== 0 || key === "replicas") out[key] = value;
  return out;
}

/**
 * Which pods go first when scaling down, after upstream's ActivePods ordering:
 * unscheduled before scheduled, pending before running, not ready before
 * ready, more restarts first, newer before older. Each pod's rank is worked
 * out once, not at every comparison.
 */
function inDeletionOrder(pods: readonly Pod[], count: number): Pod[] {
  return firstInOrder(pods.map(rankOf), count, byDeletionOrder).map((r) => r.pod);
}

/** A stored pod is frozen, so its rank never changes: worked out once per version of the pod. */
const ranks = new WeakMap<Pod, Ranked>();

function rankOf(p: Pod): Ranked {
  const known = ranks.get(p);
  if (known) return known;
  const ranked = rankPod(p);
  if (Object.isFrozen(p)) ranks.set(p, ranked);
  return ranked;
}

function rankPod(p: Pod): Ranked {
  let restarts = 0;
  for (const c of p.status?.containerStatuses ?? []) if (c.restartCount > restarts) restarts = c.restartCount;
  const phase = p.status?.phase === "Pending" ? 0 : p.status?.phase === "Unknown" ? 1 : 2;
  // Scheduled, phase and readiness in one number, most significant first; more restarts go first.
  const rank = ((p.spec?.nodeName ? 1 : 0) * 3 + phase) * 2 + (isPodReady(p) ? 1 : 0);
  return { pod: p, rank, restarts };
}

type Ranked = { pod: Pod; rank: number; restarts: number };

// Timestamps and pod names are ASCII, where JavaScript's string order is Go's byte order (compareBytes), only cheaper.
const newerFirst = (a: string, b: string) => (a > b ? -1 : a < b ? 1 : 0);
const byDeletionOrder = (a: Ranked, b: Ranked): number =>
  a.rank - b.rank || b.restarts - a.restarts || newerFirst(a.pod.metadata.creationTimestamp, b.pod.metadata.creationTimestamp) || newerFirst(a.pod.metadata.name, b.pod.metadata.name);

/** The first `count` items in the order `compare` gives (a total order): what sort then slice gives, without sorting all when few are wanted. */
export function firstInOrder<T>(items: readonly T[], count: number, compare: (a: T, b: T) => number): T[] {
  if (count <= 0) return [];
  if (count * 8 >= items.length) return [...items].sort(compare).slice(0, count);
  const best: T[] = [];
  for (const item of items) {
    if (best.length === count && compare(item, best[count - 1]!) >= 0) continue;
    let low = 0;
    let high = best.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compare(best[mid]!, item) <= 0) low = mid + 1;
      else high = mid;
    }
    best.splice(low, 0, item);
    if (best.length > count) best.pop();
  }
  return best;
}
