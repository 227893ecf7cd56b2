/**
 * kube-scheduler's view of the pods it has to place: every pod that names the
 * default scheduler, has no node and is not being deleted, kept from the
 * store's change log instead of listing every pod on every pass (100,000 pods
 * held in a cluster were listed, filtered and sorted once per pass).
 * Pods with scheduling gates are kept apart: they never enter the queue.
 */
import { kindNamed } from "../api/kinds.js";
import { compareByNamespaceAndName, type ChangeCursor } from "../api/store.js";
import type { Pod } from "../api/types.js";
import { compareBytes } from "../core/compare.js";
import { storageKey } from "../api/storage-keys.js";
import type { World } from "./world.js";

const POD = kindNamed("Pod")!;

function waitsForScheduler(p: Pod): boolean {
  return !p.spec?.nodeName && !p.metadata.deletionTimestamp && (p.spec?.schedulerName ?? "default-scheduler") === "default-scheduler";
}

function isGated(p: Pod): boolean {
  return (p.spec?.schedulingGates ?? []).length > 0;
}

/**
 * The scheduling queue's order: higher priority first, then oldest, then by
 * name; last by namespace, which is where the store's listing order left equal
 * pods before (the order every pass used to sort from).
 */
export function queueOrder(a: Pod, b: Pod): number {
  return (
    (b.spec?.priority ?? 0) - (a.spec?.priority ?? 0) ||
    compareBytes(a.metadata.creationTimestamp, b.metadata.creationTimestamp) ||
    compareBytes(a.metadata.name, b.metadata.name) ||
    compareByNamespaceAndName(a, b)
  );
}

/** The first index in `list` (sorted by `order`) whose element is not before `item`. */
function lowerBound<T>(list: readonly T[], item: T, order: (a: T, b: T) => number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (order(list[mid]!, item) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** A list kept sorted by `order`, with one entry per storage key. */
class SortedPods {
  private readonly byKey = new Map<string, Pod>();
  readonly list: Pod[] = [];

  constructor(private readonly order: (a: Pod, b: Pod) => number) {}

  /** Puts the pod in (or replaces it); the fields the order reads never change on a stored pod. */
  put(key: string, pod: Pod): void {
    const old = this.byKey.get(key);
    if (old) this.list.splice(lowerBound(this.list, old, this.order), 1);
    this.byKey.set(key, pod);
    this.list.splice(lowerBound(this.list, pod, this.order), 0, pod);
  }

  remove(key: string): void {
    const old = this.byKey.get(key);
    if (!old) return;
    this.byKey.delete(key);
    this.list.splice(lowerBound(this.list, old, this.order), 1);
  }
}

export class SchedulingQueue {
  private cursor: ChangeCursor | undefined;
  private pending = new SortedPods(queueOrder);
  private gated = new SortedPods(compareByNamespaceAndName);

  /** Pending pods in queue order, and gated ones in the store's order (a gated pod is written once, in that order). */
  read(world: World): { pending: readonly Pod[]; gated: readonly Pod[] } {
    const changes = world.watchChanges ? world.api.changedSince(POD, this.cursor) : undefined;
    this.cursor = world.api.cursor();
    if (!changes) {
      this.pending = new SortedPods(queueOrder);
      this.gated = new SortedPods(compareByNamespaceAndName);
      for (const pod of world.api.list<Pod>(POD)) this.place(storageKey(POD, pod.metadata.namespace, pod.metadata.name), pod);
    } else {
      for (const key of changes) this.place(key, world.api.etcdStorage().read(key) as Pod | undefined);
    }
    return { pending: this.pending.list, gated: this.gated.list };
  }

  private place(key: string, pod: Pod | undefined): void {
    if (pod && waitsForScheduler(pod)) {
      if (isGated(pod)) {
        this.pending.remove(key);
        this.gated.put(key, pod);
      } else {
        this.gated.remove(key);
        this.pending.put(key, pod);
      }
    } else {
      this.pending.remove(key);
      this.gated.remove(key);
    }
  }
}
