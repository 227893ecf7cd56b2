/**
 * The garbage collector: deletes dependents whose owners are gone
 * (background cascading deletion), and completes the `orphan` and
 * `foregroundDeletion` finalizers that `kubectl delete --cascade=orphan` and
 * `--cascade=foreground` ask for.
 * https://kubernetes.io/docs/concepts/architecture/garbage-collection/
 */
import { KINDS, type KindInfo } from "../api/kinds.js";
import type { StoredObject } from "../api/types.js";
import type { Loop } from "../core/loop.js";
import type { World } from "../world/world.js";

/**
 * Kinds that can own or be owned: every kind, as the real collector watches every resource that
 * supports delete (a ConfigMap whose ownerReference names a Deployment goes with it), except
 * Events, which are numerous and never owners or owned.
 */
const OWNED_KINDS = KINDS.filter((k) => k.kind !== "Event");

export class GarbageCollector implements Loop<World> {
  readonly name = "garbage-collector";
  /** The owned kinds and Nodes as they were at the last pass that changed nothing (the collector reacts to nothing else). */
  private settled: string | undefined;

  reconcile(world: World): boolean {
    const seen = OWNED_KINDS.map((k) => world.api.changesOf(k)).join(",");
    if (seen === this.settled) return false;
    const changed = this.collect(world);
    if (!changed) this.settled = seen;
    return changed;
  }

  private collect(world: World): boolean {
    let changed = false;
    const all: { info: KindInfo; obj: StoredObject }[] = [];
    for (const info of OWNED_KINDS) for (const obj of world.api.list(info)) all.push({ info, obj });
    // Every kind is listed (Nodes too, the owners of mirror pods), so these are all possible owners.
    const uids = new Set(all.map((e) => e.obj.metadata.uid));
    const byOwner = new Map<string, { info: KindInfo; obj: StoredObject }[]>();
    for (const entry of all) {
      for (const ref of entry.obj.metadata.ownerReferences ?? []) {
        let list = byOwner.get(ref.uid);
        if (!list) byOwner.set(ref.uid, (list = []));
        list.push(entry);
      }
    }

    for (const { info, obj } of all) {
      const finalizers = obj.metadata.finalizers ?? [];
      if (obj.metadata.deletionTimestamp && finalizers.includes("orphan")) {
        for (const dep of byOwner.get(obj.metadata.uid) ?? []) {
          const refs = (dep.obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== obj.metadata.uid);
          const next = structuredClone(dep.obj);
          if (refs.length > 0) next.metadata.ownerReferences = refs;
          else delete next.metadata.ownerReferences;
          world.api.update(dep.info, next);
        }
        changed = this.removeFinalizer(world, info, obj, "orphan") || changed;
        continue;
      }
      if (obj.metadata.deletionTimestamp && finalizers.includes("foregroundDeletion")) {
        const dependents = byOwner.get(obj.metadata.uid) ?? [];
        for (const dep of dependents) {
          if (!dep.obj.metadata.deletionTimestamp) {
            world.api.delete(dep.info, dep.obj.metadata.namespace, dep.obj.metadata.name, { propagationPolicy: "Foreground" });
            changed = true;
          }
        }
        if (dependents.length === 0) changed = this.removeFinalizer(world, info, obj, "foregroundDeletion") || changed;
        continue;
      }
      const refs = obj.metadata.ownerReferences ?? [];
      if (refs.length > 0 && refs.every((r) => !uids.has(r.uid)) && !obj.metadata.deletionTimestamp) {
        changed = world.api.delete(info, obj.metadata.namespace, obj.metadata.name, { propagationPolicy: "Background" }).ok || changed;
      }
    }
    return changed;
  }

  private removeFinalizer(world: World, info: KindInfo, obj: StoredObject, finalizer: string): boolean {
    const next = structuredClone(obj);
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    if (next.metadata.finalizers.length === 0) delete next.metadata.finalizers;
    return world.api.update(info, next).ok;
  }
}
