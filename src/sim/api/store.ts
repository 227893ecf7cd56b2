/**
 * The object store behind the API server: objects keyed exactly as
 * kube-apiserver keys them in etcd (storage-keys.ts), and a global
 * resourceVersion counter. It is the `Storage` the API server writes
 * through; the etcd quorum model will implement the same interface. Controllers are
 * level-triggered loops that list what they need; the busiest ones (the kubelet's pod
 * workers) also read a short change log (changedSince), as an informer's watch would
 * tell them, so that a pass over 1,000 pods of which 3 changed costs 3, not 1,000.
 * Stored objects are deep-frozen copies: reads hand them out without copying
 * (the world reads far more than it writes), and any attempt to modify one
 * throws, so callers copy before they change (`structuredClone`). Snapshots
 * share the frozen objects, which makes them cheap.
 */
import type { KindInfo } from "./kinds.js";
import type { StoredObject } from "./types.js";
import { resourceKeyPrefix, storageKey } from "./storage-keys.js";
import type { StoreSnapshot as StoreSnapshotOf } from "../core/snapshot.js";
import { compareBytes } from "../core/compare.js";
import { objectVersion, RevisionLog, type KeyVersion } from "./revision-log.js";

/** [etcd key, object] pairs, e.g. ["/registry/pods/default/web", {...}]. */
export type StoreSnapshot = StoreSnapshotOf<StoredObject>;

/** What the API server needs of its storage: etcd's key space, typed by kind. */
export interface Storage {
  get(info: KindInfo, namespace: string | undefined, name: string): StoredObject | undefined;
  list(info: KindInfo, namespace?: string): StoredObject[];
  /** Whether `field` of this kind is indexed, so listIndexed can answer without a scan. */
  indexes(info: KindInfo, field: string): boolean;
  /** Objects whose indexed `field` equals `value`, in list order. */
  listIndexed(info: KindInfo, field: string, value: string, namespace?: string): StoredObject[];
  put(info: KindInfo, obj: StoredObject): void;
  remove(info: KindInfo, namespace: string | undefined, name: string): void;
  /** Every key under a prefix, in etcd's byte order (`etcdctl get PREFIX --prefix --keys-only`). */
  keys(prefix: string): string[];
  /** The object at an etcd key. */
  read(key: string): StoredObject | undefined;
  nextResourceVersion(): number;
  currentResourceVersion(): number;
}

/**
 * The index of pods by their controller's uid (the ownerReference with
 * controller: true), "" for pods without one: how a ReplicaSet finds its pods
 * and the orphans it may adopt without listing the namespace. Not a field
 * path, so no field selector can name it.
 */
export const CONTROLLER_INDEX = "(controller uid)";

/**
 * The index of events by what makes two events "the same thing happening
 * again" (client-go's EventCorrelator key, with the message itself): the
 * recorder finds the event to bump in O(1) however many events an object has.
 */
export const EVENT_KEY_INDEX = "(event key)";

export function eventKey(e: { involvedObject?: { uid?: string; fieldPath?: string }; reason?: string; message?: string; source?: { component?: string } }): string {
  return [e.involvedObject?.uid ?? "", e.reason ?? "", e.message ?? "", e.source?.component ?? "", e.involvedObject?.fieldPath ?? ""].join("\u0000");
}

/** The resource folder of a key: the key less its name (and namespace, for a namespaced object). */
function resourceKeyPrefixOfKey(key: string, namespaced: boolean): string {
  let end = key.lastIndexOf("/");
  if (namespaced) end = key.lastIndexOf("/", end - 1);
  return key.slice(0, end + 1);
}

/**
 * Secondary indexes, as client-go's indexers: a field path whose value finds
 * the objects holding it without a scan. The kubelet lists its pods by
 * `spec.nodeName`, the event recorder finds an object's events by
 * `involvedObject.uid`; without them each write of a large cluster cost O(n).
 */
const INDEXED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  "/registry/pods/": ["spec.nodeName", CONTROLLER_INDEX],
  "/registry/events/": ["involvedObject.uid", EVENT_KEY_INDEX],
};

function fieldValue(obj: StoredObject, path: string): string | undefined {
  if (path === EVENT_KEY_INDEX) return eventKey(obj as Parameters<typeof eventKey>[0]);
  if (path === CONTROLLER_INDEX) return obj.metadata.ownerReferences?.find((r) => r.controller === true)?.uid ?? "";
  let value: unknown = obj;
  for (const part of path.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return typeof value === "string" ? value : undefined;
}

/** The position of (namespace, name) in a list sorted by namespace then name, or where it would go. */
function positionIn(sorted: readonly StoredObject[], namespace: string, name: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareKey(sorted[mid]!, namespace, name) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Puts an object in a sorted list, in place of the one with its namespace and name if there is one. */
function insertSorted(sorted: StoredObject[], obj: StoredObject): void {
  const namespace = obj.metadata.namespace ?? "";
  const at = positionIn(sorted, namespace, obj.metadata.name);
  const current = sorted[at];
  if (current && compareKey(current, namespace, obj.metadata.name) === 0) sorted[at] = obj;
  else sorted.splice(at, 0, obj);
}

/** Takes the object with this namespace and name out of a sorted list; returns whether it was there. */
function removeSorted(sorted: StoredObject[], namespace: string, name: string): boolean {
  const at = positionIn(sorted, namespace, name);
  const current = sorted[at];
  if (!current || compareKey(current, namespace, name) !== 0) return false;
  sorted.splice(at, 1);
  return true;
}

/**
 * One resource's objects: sorted as list returns them (by namespace, then name), and its
 * indexes, each value's objects kept in that same order so that an indexed list needs no sort.
 */
class ResourceObjects {
  readonly sorted: StoredObject[] = [];
  readonly indexes = new Map<string, Map<string, StoredObject[]>>();
  /** Per index, per value: how many times an object with that value was stored or removed (never reset). */
  readonly versions = new Map<string, Map<string, number>>();

  constructor(fields: readonly string[]) {
    for (const field of fields) {
      this.indexes.set(field, new Map());
      this.versions.set(field, new Map());
    }
  }

  put(obj: StoredObject): void {
    const namespace = obj.metadata.namespace ?? "";
    const at = positionIn(this.sorted, namespace, obj.metadata.name);
    const current = this.sorted[at];
    if (current && compareKey(current, namespace, obj.metadata.name) === 0) {
      this.unindex(current);
      this.sorted[at] = obj;
    } else {
      this.sorted.splice(at, 0, obj);
    }
    this.index(obj);
  }

  /** Fills an empty set at once (a restore): one sort instead of an insertion per object. */
  load(objects: StoredObject[]): void {
    this.sorted.push(...objects.sort(compareByNamespaceAndName));
    for (const obj of this.sorted) this.index(obj);
  }

  remove(namespace: string | undefined, name: string): void {
    const at = positionIn(this.sorted, namespace ?? "", name);
    const current = this.sorted[at];
    if (!current || compareKey(current, namespace ?? "", name) !== 0) return;
    this.unindex(current);
    this.sorted.splice(at, 1);
  }

  /** The objects of one namespace: a contiguous run of the sorted list. */
  inNamespace(namespace: string): StoredObject[] {
    const from = positionIn(this.sorted, namespace, "");
    let to = from;
    while (to < this.sorted.length && (this.sorted[to]!.metadata.namespace ?? "") === namespace) to++;
    return this.sorted.slice(from, to);
  }

  private index(obj: StoredObject): void {
    for (const [field, index] of this.indexes) {
      const value = fieldValue(obj, field);
      if (value === undefined) continue;
      let list = index.get(value);
      if (!list) index.set(value, (list = []));
      insertSorted(list, obj);
      this.bump(field, value);
    }
  }

  private unindex(obj: StoredObject): void {
    for (const [field, index] of this.indexes) {
      const value = fieldValue(obj, field);
      if (value === undefined) continue;
      const list = index.get(value);
      if (list) removeSorted(list, obj.metadata.namespace ?? "", obj.metadata.name);
      if (list?.length === 0) index.delete(value);
      this.bump(field, value);
    }
  }

  private bump(field: string, value: string): void {
    const versions = this.versions.get(field)!;
    versions.set(value, (versions.get(value) ?? 0) + 1);
  }
}

/**
 * Where a reader last read the change log: what `changedSince` answers from. A cursor from
 * before the contents were replaced (an etcd restore) or from before the log's oldest kept
 * entry answers "look at everything", as a watch answers "too old resource version".
 */
export interface ChangeCursor {
  readonly epoch: number;
  readonly sequence: number;
}

/** One resource's recent writes and removals, oldest first: the sequence number and key of each. */
interface ChangeLog {
  /** Changes at or below this sequence are no longer listed. */
  floor: number;
  sequences: number[];
  keys: string[];
}

let storeEpochs = 0;

/** Entries a log keeps at least, however few objects its resource holds. */
const CHANGE_LOG_MINIMUM = 4096;

export class ObjectStore implements Storage {
  private objects = new Map<string, StoredObject>();
  private logs = new Map<string, ChangeLog>();
  /** Counts every put and remove: the change log's clock (resourceVersion does not move on a dry run's put). */
  private sequence = 0;
  private byResource = new Map<string, ResourceObjects>();
  private resourceVersion = 0;
  /** Writes per resource since this store's contents were last replaced (see changesOf). */
  private writes = new Map<string, number>();
  /** Unique among stores, so that no cursor or change token of one store is taken for another's. */
  private contentsEpoch = ++storeEpochs;
  /** etcd's older versions of keys (etcdctl get --rev, watch --rev, compaction). */
  private history = new RevisionLog(0);

  /** The keyspace's history: what `etcdctl get --rev` and `watch --rev` read. */
  revisions(): RevisionLog {
    return this.history;
  }

  /** The version of an API object's key as etcd holds it now (undefined: absent). */
  versionAt(key: string): KeyVersion | undefined {
    const obj = this.objects.get(key);
    return obj && objectVersion(obj, this.encodingOf(key));
  }

  /** Keys stored encrypted, with the transformer prefix each was written behind (k8s:enc:aescbc:v1:key1:). */
  private encodings = new Map<string, string>();
  /** The prefix a write of a kind is stored behind, "" for plain: the API server's encryption config (encryption/config.ts); unset, every write is plain. */
  private writePrefixOf: ((info: KindInfo) => string) | undefined;

  /** Sets (or clears) how writes are encrypted from now on; stored values keep the prefix they were written with. */
  encryptWritesWith(prefixOf: ((info: KindInfo) => string) | undefined): void {
    this.writePrefixOf = prefixOf;
  }

  /** The transformer prefix the value at `key` was stored behind; "" when it is stored plain. */
  encodingOf(key: string): string {
    return this.encodings.get(key) ?? "";
  }

  private encode(info: KindInfo, key: string): void {
    const prefix = this.writePrefixOf?.(info) ?? "";
    if (prefix !== "") this.encodings.set(key, prefix);
    else if (this.encodings.size > 0) this.encodings.delete(key);
  }

  /**
   * A token that changes whenever an object of the kind is written or removed: a loop that
   * only reacts to objects of a few kinds compares it with the last one it acted on.
   */
  changesOf(info: KindInfo): string {
    return `${this.contentsEpoch}:${this.writes.get(resourceKeyPrefix(info)) ?? 0}`;
  }

  private wrote(info: KindInfo, key: string): void {
    const resource = resourceKeyPrefix(info);
    this.writes.set(resource, (this.writes.get(resource) ?? 0) + 1);
    let log = this.logs.get(resource);
    // A new log holds every change of its resource this store has seen.
    if (!log) this.logs.set(resource, (log = { floor: 0, sequences: [], keys: [] }));
    log.sequences.push(++this.sequence);
    log.keys.push(key);
    // Keep the log a small multiple of what the resource holds: readers a whole log behind relist.
    const keep = Math.max(CHANGE_LOG_MINIMUM, 2 * (this.byResource.get(resource)?.sorted.length ?? 0));
    if (log.keys.length > 2 * keep) {
      const drop = log.keys.length - keep;
      log.floor = log.sequences[drop - 1]!;
      log.sequences.splice(0, drop);
      log.keys.splice(0, drop);
    }
  }

  /**
   * A token that changes whenever an object whose indexed `field` is (or was) `value` is stored
   * or removed: a ReplicaSet whose pods' token did not move since its last sync has nothing new
   * to count.
   */
  indexVersion(info: KindInfo, field: string, value: string): string {
    return `${this.contentsEpoch}:${this.byResource.get(resourceKeyPrefix(info))?.versions.get(field)?.get(value) ?? 0}`;
  }

  /** The position a reader of the change log is at now. */
  cursor(): ChangeCursor {
    return { epoch: this.contentsEpoch, sequence: this.sequence };
  }

  /**
   * The storage keys of the kind's objects written or removed since `cursor`, or undefined
   * when the log cannot tell (no cursor yet, the contents were replaced, or the log no longer
   * reaches back that far): then the reader must look at every object.
   */
  changedSince(info: KindInfo, cursor: ChangeCursor | undefined): Set<string> | undefined {
    if (!cursor || cursor.epoch !== this.contentsEpoch) return undefined;
    const log = this.logs.get(resourceKeyPrefix(info));
    if (!log) return new Set();
    if (cursor.sequence < log.floor) return undefined;
    const changed = new Set<string>();
    // Entries are in sequence order: find the first after the cursor, then take the rest.
    let low = 0;
    let high = log.sequences.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (log.sequences[mid]! <= cursor.sequence) low = mid + 1;
      else high = mid;
    }
    for (let i = low; i < log.keys.length; i++) changed.add(log.keys[i]!);
    return changed;
  }

  /** The counter the next write will take. */
  nextResourceVersion(): number {
    return ++this.resourceVersion;
  }

  currentResourceVersion(): number {
    return this.resourceVersion;
  }

  get(info: KindInfo, namespace: string | undefined, name: string): StoredObject | undefined {
    return this.objects.get(storageKey(info, namespace, name));
  }

  /** Objects of one kind, in one namespace or all, sorted by namespace then name as the API lists them. */
  list(info: KindInfo, namespace?: string): StoredObject[] {
    const objects = this.byResource.get(resourceKeyPrefix(info));
    if (!objects) return [];
    if (namespace === undefined || !info.namespaced) return [...objects.sorted];
    return objects.inNamespace(namespace);
  }

  /** Whether `field` of this kind is indexed (listIndexed answers for it). */
  indexes(info: KindInfo, field: string): boolean {
    return INDEXED_FIELDS[resourceKeyPrefix(info)]?.includes(field) ?? false;
  }

  /** Objects whose indexed `field` equals `value`, in list order, optionally in one namespace. */
  listIndexed(info: KindInfo, field: string, value: string, namespace?: string): StoredObject[] {
    const list = this.byResource.get(resourceKeyPrefix(info))?.indexes.get(field)?.get(value);
    if (!list) return [];
    if (namespace === undefined || !info.namespaced) return [...list];
    // Sorted by namespace first: one namespace's objects are a contiguous run.
    const from = positionIn(list, namespace, "");
    let to = from;
    while (to < list.length && list[to]!.metadata.namespace === namespace) to++;
    return list.slice(from, to);
  }

  private objectsOf(resource: string): ResourceObjects {
    let objects = this.byResource.get(resource);
    if (!objects) this.byResource.set(resource, (objects = new ResourceObjects(INDEXED_FIELDS[resource] ?? [])));
    return objects;
  }

  /**
   * Stores an object whose metadata the server has completed. The store takes
   * the object over and freezes it in place: callers pass a private object,
   * which may share (already frozen) parts with the version it replaces.
   */
  put(info: KindInfo, obj: StoredObject): void {
    const key = storageKey(info, obj.metadata.namespace, obj.metadata.name);
    const before = this.versionAt(key);
    const copy = deepFreeze(obj);
    this.objects.set(key, copy);
    this.objectsOf(resourceKeyPrefix(info)).put(copy);
    this.encode(info, key);
    this.history.record(Number(copy.metadata.resourceVersion ?? 0), key, before, this.versionAt(key));
    this.wrote(info, key);
  }

  /**
   * A write that changes only a few top-level fields of `spec` (a lease renewal): one key lookup,
   * and only the new spec and metadata are frozen (the rest is the stored, frozen version's).
   * Returns false when there is no such object.
   */
  putSpecFields(info: KindInfo, namespace: string | undefined, name: string, fields: Record<string, unknown>): boolean {
    const key = storageKey(info, namespace, name);
    const old = this.objects.get(key) as (StoredObject & { spec?: Record<string, unknown> }) | undefined;
    if (!old) return false;
    const before = this.versionAt(key);
    const next = Object.freeze({
      ...old,
      metadata: Object.freeze({ ...old.metadata, resourceVersion: String(this.nextResourceVersion()) }),
      spec: Object.freeze({ ...old.spec, ...deepFreeze(fields) }),
    }) as StoredObject;
    this.objects.set(key, next);
    this.objectsOf(resourceKeyPrefix(info)).put(next);
    this.encode(info, key);
    this.history.record(Number(next.metadata.resourceVersion), key, before, this.versionAt(key));
    this.wrote(info, key);
    return true;
  }

  remove(info: KindInfo, namespace: string | undefined, name: string): void {
    const key = storageKey(info, namespace, name);
    const before = this.versionAt(key);
    if (!this.objects.delete(key)) return;
    this.encodings.delete(key);
    this.byResource.get(resourceKeyPrefix(info))?.remove(namespace, name);
    this.wrote(info, key);
    // A deletion is a write: watchers of resourceVersion (the world's quiet check) must see it.
    this.history.record(this.nextResourceVersion(), key, before, undefined);
  }

  keys(prefix: string): string[] {
    return [...this.objects.keys()].filter((key) => key.startsWith(prefix)).sort(compareBytes);
  }

  read(key: string): StoredObject | undefined {
    return this.objects.get(key);
  }

  snapshot(): StoreSnapshot {
    return { objects: [...this.objects.entries()], resourceVersion: this.resourceVersion, ...(this.encodings.size > 0 ? { encodings: [...this.encodings] } : {}) };
  }

  /** Takes a snapshot's contents in place (etcd restored from a snapshot file): the API server keeps this same store. */
  replaceContents(snapshot: StoreSnapshot): void {
    const restored = ObjectStore.restore(snapshot);
    this.objects = restored.objects;
    this.byResource = restored.byResource;
    this.resourceVersion = restored.resourceVersion;
    this.encodings = restored.encodings;
    this.history = restored.history;
    this.logs = new Map();
    this.contentsEpoch = ++storeEpochs;
  }

  static restore(snapshot: StoreSnapshot): ObjectStore {
    const store = new ObjectStore();
    const byResource = new Map<string, StoredObject[]>();
    for (const [key, obj] of snapshot.objects) {
      // A snapshot read back from JSON is not frozen yet; one made in this process already is.
      const frozen = deepFreeze(obj);
      store.objects.set(key, frozen);
      const resource = resourceKeyPrefixOfKey(key, obj.metadata.namespace !== undefined);
      let list = byResource.get(resource);
      if (!list) byResource.set(resource, (list = []));
      list.push(frozen);
    }
    for (const [resource, objects] of byResource) store.objectsOf(resource).load(objects);
    store.resourceVersion = snapshot.resourceVersion;
    store.encodings = new Map(snapshot.encodings ?? []);
    store.history = new RevisionLog(snapshot.resourceVersion);
    return store;
  }
}

function compareKey(obj: StoredObject, namespace: string, name: string): number {
  const on = obj.metadata.namespace ?? "";
  if (on !== namespace) return on < namespace ? -1 : 1;
  return obj.metadata.name < name ? -1 : obj.metadata.name > name ? 1 : 0;
}

export function compareByNamespaceAndName(a: StoredObject, b: StoredObject): number {
  const an = a.metadata.namespace ?? "";
  const bn = b.metadata.namespace ?? "";
  if (an !== bn) return an < bn ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/** Freezes an object and everything in it. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
