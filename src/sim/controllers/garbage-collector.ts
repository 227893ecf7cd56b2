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
import { compareByNamespaceAndName, type ChangeCursor } from "../api/store.js";
import { storageKey } from "../api/storage-keys.js";

/**
 * Kinds that can own or be owned: every kind, as the real collector watches every resource that
 * supports delete (a ConfigMap whose ownerReference names a Deployment goes with it), except
 * Events, which are numerous and never owners or owned.
 */
const OWNED_KINDS = KINDS.filter((k) => k.kind !== "Event");

type Entry = { info: KindInfo; obj: StoredObject };

/** What the collector's graph holds of one object: its uid and the uids its ownerReferences name. */
interface Node {
  info: KindInfo;
  uid: string;
  owners: string[];
}

export class GarbageCollector implements Loop<World> {
  readonly name = "garbage-collector";
  /** The owned kinds and Nodes as they were at the last pass that changed nothing (the collector reacts to nothing else). */
  private settled: string | undefined;
  /**
   * The real collector keeps a graph of owners and dependents fed by its informers and looks
   * only at the objects an event touched. Here: the graph by storage key, the keys of each uid
   * present (an owner is gone when its uid has none), each owner uid's dependents, and where the
   * store's change log was read last (see changedSince).
   * Not part of snapshots: after a restore the first pass rebuilds it from a full list.
   */
  private cursor: ChangeCursor | undefined;
  private graph = new Map<string, Node>();
  private dependents = new Map<string, Set<string>>();
  private keysByUid = new Map<string, string[]>();

  reconcile(world: World): boolean {
    const seen = OWNED_KINDS.map((k) => world.api.changesOf(k)).join(",");
    if (seen === this.settled) return false;
    const changes = world.watchChanges ? this.changesSinceLastPass(world) : undefined;
    this.cursor = world.api.cursor();
    const changed = changes ? this.collectChanged(world, changes) : this.collect(world);
    if (!changed) this.settled = seen;
    return changed;
  }

  /** Per kind, the keys written or removed since the last pass; undefined when the log cannot tell. */
  private changesSinceLastPass(world: World): Map<KindInfo, Set<string>> | undefined {
    if (!this.cursor) return undefined;
    const changes = new Map<KindInfo, Set<string>>();
    for (const info of OWNED_KINDS) {
      const keys = world.api.changedSince(info, this.cursor);
      if (!keys) return undefined;
      if (keys.size > 0) changes.set(info, keys);
    }
    return changes;
  }

  private collect(world: World): boolean {
    const all: Entry[] = [];
    for (const info of OWNED_KINDS) for (const obj of world.api.list(info)) all.push({ info, obj });
    this.graph.clear();
    this.dependents.clear();
    this.keysByUid.clear();
    for (const { info, obj } of all) this.add(storageKey(info, obj.metadata.namespace, obj.metadata.name), obj, info);
    // Every kind is listed (Nodes too, the owners of mirror pods), so these are all possible owners.
    const byOwner = new Map<string, Entry[]>();
    for (const entry of all) {
      for (const ref of entry.obj.metadata.ownerReferences ?? []) {
        let list = byOwner.get(ref.uid);
        if (!list) byOwner.set(ref.uid, (list = []));
        list.push(entry);
      }
    }
    return this.act(world, all, (uid) => byOwner.get(uid) ?? []);
  }

  /**
   * The pass a full one would make, over what can have changed: the objects written or removed,
   * the dependents of those removed (their owner may be gone) and the owners of every changed
   * object (a foreground deletion waits for its dependents), in the full pass's order and as
   * they were when the pass began.
   */
  private collectChanged(world: World, changes: Map<KindInfo, Set<string>>): boolean {
    const candidates = new Set<string>();
    const store = world.api.etcdStorage();
    for (const [info, keys] of changes) {
      for (const key of keys) {
        const before = this.graph.get(key);
        const now = store.read(key);
        if (before) {
          this.remove(key, before);
          if (before.uid !== now?.metadata.uid) for (const dep of this.dependents.get(before.uid) ?? []) candidates.add(dep);
          for (const owner of before.owners) for (const dep of this.ownerKeys(owner)) candidates.add(dep);
        }
        if (now) {
          this.add(key, now, info);
          candidates.add(key);
          for (const ref of now.metadata.ownerReferences ?? []) for (const dep of this.ownerKeys(ref.uid)) candidates.add(dep);
        }
      }
    }
    if (candidates.size === 0) return false;
    const entryOf = (key: string): Entry | undefined => {
      const obj = store.read(key);
      const info = this.graph.get(key)?.info;
      return obj && info ? { info, obj } : undefined;
    };
    const entries = new Map<string, Entry>();
    const resolve = (key: string) => {
      if (!entries.has(key)) {
        const entry = entryOf(key);
        if (entry) entries.set(key, entry);
      }
      return entries.get(key);
    };
    const work: Entry[] = [];
    for (const key of candidates) {
      const entry = resolve(key);
      if (entry) work.push(entry);
    }
    const order = new Map(OWNED_KINDS.map((k, i) => [k, i]));
    work.sort((a, b) => order.get(a.info)! - order.get(b.info)! || compareByNamespaceAndName(a.obj, b.obj));
    // Dependents as they are now, before this pass writes anything: only owners being deleted with
    // the orphan or foreground finalizer look at theirs.
    const byOwner = new Map<string, Entry[]>();
    for (const { obj } of work) {
      const finalizers = obj.metadata.finalizers ?? [];
      if (!obj.metadata.deletionTimestamp || !(finalizers.includes("orphan") || finalizers.includes("foregroundDeletion"))) continue;
      const keys = [...(this.dependents.get(obj.metadata.uid) ?? [])];
      const deps = keys.map(resolve).filter((e): e is Entry => e !== undefined);
      deps.sort((a, b) => order.get(a.info)! - order.get(b.info)! || compareByNamespaceAndName(a.obj, b.obj));
      byOwner.set(obj.metadata.uid, deps);
    }
    return this.act(world, work, (uid) => byOwner.get(uid) ?? []);
  }

  /** The keys of the object with this uid, if it is in the graph (an owner is a candidate when one of its dependents changes). */
  private ownerKeys(uid: string): string[] {
    return this.keysByUid.get(uid) ?? [];
  }

  private add(key: string, obj: StoredObject, info: KindInfo): void {
    const node = { info, uid: obj.metadata.uid, owners: (obj.metadata.ownerReferences ?? []).map((r) => r.uid) };
    this.graph.set(key, node);
    this.keysByUid.set(node.uid, [...(this.keysByUid.get(node.uid) ?? []), key]);
    for (const owner of node.owners) {
      let deps = this.dependents.get(owner);
      if (!deps) this.dependents.set(owner, (deps = new Set()));
      deps.add(key);
    }
  }

  private remove(key: string, node: Node): void {
    this.graph.delete(key);
    const keys = (this.keysByUid.get(node.uid) ?? []).filter((k) => k !== key);
    if (keys.length > 0) this.keysByUid.set(node.uid, keys);
    else this.keysByUid.delete(node.uid);
    for (const owner of node.owners) {
      const deps = this.dependents.get(owner);
      deps?.delete(key);
      if (deps?.size === 0) this.dependents.delete(owner);
    }
  }

  /** The collector's rules over these objects, given each owner's dependents and the uids present (keysByUid). */
  private act(world: World, objects: readonly Entry[], dependentsOf: (uid: string) => readonly Entry[]): boolean {
    let changed = false;
    const present = this.keysByUid;
    for (const { info, obj } of objects) {
      const finalizers = obj.metadata.finalizers ?? [];
      if (obj.metadata.deletionTimestamp && finalizers.includes("orphan")) {
        for (const dep of dependentsOf(obj.metadata.uid)) {
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
        const dependents = dependentsOf(obj.metadata.uid);
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
      if (refs.length > 0 && refs.every((r) => !present.has(r.uid)) && !obj.metadata.deletionTimestamp) {
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
