/**
 * The object store behind the API server: objects keyed by resource,
 * namespace and name, and a global resourceVersion counter. (Controllers are
 * level-triggered loops that list what they need, so there is no watch log.)
 * Stored objects are deep-frozen copies: reads hand them out without copying
 * (the world reads far more than it writes), and any attempt to modify one
 * throws, so callers copy before they change (`structuredClone`). Snapshots
 * share the frozen objects, which makes them cheap.
 */
import type { KindInfo } from "./kinds.js";
import type { StoredObject } from "./types.js";
import type { StoreSnapshot as StoreSnapshotOf } from "../core/snapshot.js";

export type StoreSnapshot = StoreSnapshotOf<StoredObject>;

function keyOf(plural: string, namespace: string | undefined, name: string): string {
  return `${plural}/${namespace ?? ""}/${name}`;
}

export class ObjectStore {
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
    return this.objects.get(keyOf(info.plural, info.namespaced ? namespace : undefined, name));
  }

  /** Objects of one kind, in one namespace or all, sorted by namespace then name as the API lists them. */
  list(info: KindInfo, namespace?: string): StoredObject[] {
    let sorted = this.sortedCache.get(info.plural);
    if (!sorted) {
      const keys = this.byResource.get(info.plural) ?? new Set<string>();
      sorted = [...keys].map((key) => this.objects.get(key)!).sort(compareByNamespaceAndName);
      this.sortedCache.set(info.plural, sorted);
    }
    if (namespace === undefined || !info.namespaced) return [...sorted];
    return sorted.filter((obj) => obj.metadata.namespace === namespace);
  }

  /** Stores an object whose metadata the server has completed. */
  put(info: KindInfo, obj: StoredObject): void {
    const key = keyOf(info.plural, info.namespaced ? obj.metadata.namespace : undefined, obj.metadata.name);
    const copy = deepFreeze(structuredClone(obj));
    this.objects.set(key, copy);
    this.sortedCache.delete(info.plural);
    let keys = this.byResource.get(info.plural);
    if (!keys) this.byResource.set(info.plural, (keys = new Set()));
    keys.add(key);
  }

  remove(info: KindInfo, namespace: string | undefined, name: string): void {
    const key = keyOf(info.plural, info.namespaced ? namespace : undefined, name);
    if (!this.objects.delete(key)) return;
    this.byResource.get(info.plural)?.delete(key);
    this.sortedCache.delete(info.plural);
    // A deletion is a write: watchers of resourceVersion (the world's quiet check) must see it.
    this.nextResourceVersion();
  }

  snapshot(): StoreSnapshot {
    return { objects: [...this.objects.entries()], resourceVersion: this.resourceVersion };
  }

  static restore(snapshot: StoreSnapshot): ObjectStore {
    const store = new ObjectStore();
    for (const [key, obj] of snapshot.objects) {
      // A snapshot read back from JSON is not frozen yet; one made in this process already is.
      store.objects.set(key, deepFreeze(obj));
      const plural = key.slice(0, key.indexOf("/"));
      let keys = store.byResource.get(plural);
      if (!keys) store.byResource.set(plural, (keys = new Set()));
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
