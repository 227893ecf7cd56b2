/**
 * The object store behind the API server: objects keyed exactly as
 * kube-apiserver keys them in etcd (storage-keys.ts), and a global
 * resourceVersion counter. It is the `Storage` the API server writes
 * through; the etcd quorum model will implement the same interface. (Controllers are
 * level-triggered loops that list what they need, so there is no watch log.)
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

/** [etcd key, object] pairs, e.g. ["/registry/pods/default/web", {...}]. */
export type StoreSnapshot = StoreSnapshotOf<StoredObject>;

/** What the API server needs of its storage: etcd's key space, typed by kind. */
export interface Storage {
  get(info: KindInfo, namespace: string | undefined, name: string): StoredObject | undefined;
  list(info: KindInfo, namespace?: string): StoredObject[];
  put(info: KindInfo, obj: StoredObject): void;
  remove(info: KindInfo, namespace: string | undefined, name: string): void;
  /** Every key under a prefix, in etcd's byte order (`etcdctl get PREFIX --prefix --keys-only`). */
  keys(prefix: string): string[];
  /** The object at an etcd key. */
  read(key: string): StoredObject | undefined;
  nextResourceVersion(): number;
  currentResourceVersion(): number;
}

/** The resource folder of a key: the key less its name (and namespace, for a namespaced object). */
function resourceKeyPrefixOfKey(key: string, namespaced: boolean): string {
  let end = key.lastIndexOf("/");
  if (namespaced) end = key.lastIndexOf("/", end - 1);
  return key.slice(0, end + 1);
}

export class ObjectStore implements Storage {
  private objects = new Map<string, StoredObject>();
  private byResource = new Map<string, Set<string>>();
  private resourceVersion = 0;
  /** Objects of one resource sorted as list returns them; dropped on every write to that resource. */
  private sortedCache = new Map<string, StoredObject[]>();

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
    const resource = resourceKeyPrefix(info);
    let sorted = this.sortedCache.get(resource);
    if (!sorted) {
      const keys = this.byResource.get(resource) ?? new Set<string>();
      sorted = [...keys].map((key) => this.objects.get(key)!).sort(compareByNamespaceAndName);
      this.sortedCache.set(resource, sorted);
    }
    if (namespace === undefined || !info.namespaced) return [...sorted];
    return sorted.filter((obj) => obj.metadata.namespace === namespace);
  }

  /** Stores an object whose metadata the server has completed. */
  put(info: KindInfo, obj: StoredObject): void {
    const key = storageKey(info, obj.metadata.namespace, obj.metadata.name);
    const resource = resourceKeyPrefix(info);
    const copy = deepFreeze(structuredClone(obj));
    this.objects.set(key, copy);
    this.sortedCache.delete(resource);
    let keys = this.byResource.get(resource);
    if (!keys) this.byResource.set(resource, (keys = new Set()));
    keys.add(key);
  }

  remove(info: KindInfo, namespace: string | undefined, name: string): void {
    const key = storageKey(info, namespace, name);
    if (!this.objects.delete(key)) return;
    const resource = resourceKeyPrefix(info);
    this.byResource.get(resource)?.delete(key);
    this.sortedCache.delete(resource);
    // A deletion is a write: watchers of resourceVersion (the world's quiet check) must see it.
    this.nextResourceVersion();
  }

  keys(prefix: string): string[] {
    return [...this.objects.keys()].filter((key) => key.startsWith(prefix)).sort(compareBytes);
  }

  read(key: string): StoredObject | undefined {
    return this.objects.get(key);
  }

  snapshot(): StoreSnapshot {
    return { objects: [...this.objects.entries()], resourceVersion: this.resourceVersion };
  }

  static restore(snapshot: StoreSnapshot): ObjectStore {
    const store = new ObjectStore();
    for (const [key, obj] of snapshot.objects) {
      // A snapshot read back from JSON is not frozen yet; one made in this process already is.
      store.objects.set(key, deepFreeze(obj));
      const resource = resourceKeyPrefixOfKey(key, obj.metadata.namespace !== undefined);
      let keys = store.byResource.get(resource);
      if (!keys) store.byResource.set(resource, (keys = new Set()));
      keys.add(key);
    }
    store.resourceVersion = snapshot.resourceVersion;
    return store;
  }
}

function compareByNamespaceAndName(a: StoredObject, b: StoredObject): number {
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
