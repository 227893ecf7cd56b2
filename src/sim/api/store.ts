/**
 * The object store behind the API server: objects keyed by resource,
 * namespace and name, a global resourceVersion counter, and a change log
 * that watchers (controllers, `kubectl get -w`) read from.
 * It holds private copies: nothing outside can mutate a stored object.
 */
import type { KindInfo } from "./kinds.js";
import type { StoredObject } from "./types.js";

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

export interface WatchEvent {
  type: WatchEventType;
  resourceVersion: number;
  object: StoredObject;
}

export interface StoreSnapshot {
  objects: [string, StoredObject][];
  resourceVersion: number;
}

function keyOf(plural: string, namespace: string | undefined, name: string): string {
  return `${plural}/${namespace ?? ""}/${name}`;
}

export class ObjectStore {
  private objects = new Map<string, StoredObject>();
  private byResource = new Map<string, Set<string>>();
  private resourceVersion = 0;
  private log: WatchEvent[] = [];

  /** The counter the next write will take. */
  nextResourceVersion(): number {
    return ++this.resourceVersion;
  }

  currentResourceVersion(): number {
    return this.resourceVersion;
  }

  get(info: KindInfo, namespace: string | undefined, name: string): StoredObject | undefined {
    const found = this.objects.get(keyOf(info.plural, info.namespaced ? namespace : undefined, name));
    return found ? structuredClone(found) : undefined;
  }

  /** Objects of one kind, in one namespace or all, sorted by namespace then name as the API lists them. */
  list(info: KindInfo, namespace?: string): StoredObject[] {
    const keys = this.byResource.get(info.plural);
    if (!keys) return [];
    const out: StoredObject[] = [];
    for (const key of keys) {
      const obj = this.objects.get(key)!;
      if (namespace !== undefined && info.namespaced && obj.metadata.namespace !== namespace) continue;
      out.push(structuredClone(obj));
    }
    return out.sort(compareByNamespaceAndName);
  }

  /** Stores an object whose metadata the server has completed. */
  put(info: KindInfo, obj: StoredObject, type: "ADDED" | "MODIFIED"): void {
    const key = keyOf(info.plural, info.namespaced ? obj.metadata.namespace : undefined, obj.metadata.name);
    const copy = structuredClone(obj);
    this.objects.set(key, copy);
    let keys = this.byResource.get(info.plural);
    if (!keys) this.byResource.set(info.plural, (keys = new Set()));
    keys.add(key);
    this.log.push({ type, resourceVersion: Number(copy.metadata.resourceVersion), object: copy });
  }

  remove(info: KindInfo, namespace: string | undefined, name: string): void {
    const key = keyOf(info.plural, info.namespaced ? namespace : undefined, name);
    const obj = this.objects.get(key);
    if (!obj) return;
    this.objects.delete(key);
    this.byResource.get(info.plural)?.delete(key);
    this.log.push({ type: "DELETED", resourceVersion: this.nextResourceVersion(), object: obj });
  }

  /** Changes after a resourceVersion, oldest first. */
  changesSince(resourceVersion: number): WatchEvent[] {
    let i = this.log.length;
    while (i > 0 && this.log[i - 1]!.resourceVersion > resourceVersion) i--;
    return this.log.slice(i);
  }

  /** Drops change-log entries nobody will read again (the log only serves recent watches). */
  compact(keepAfter: number): void {
    let i = 0;
    while (i < this.log.length && this.log[i]!.resourceVersion <= keepAfter) i++;
    if (i > 0) this.log = this.log.slice(i);
  }

  snapshot(): StoreSnapshot {
    return { objects: structuredClone([...this.objects.entries()]), resourceVersion: this.resourceVersion };
  }

  static restore(snapshot: StoreSnapshot): ObjectStore {
    const store = new ObjectStore();
    for (const [key, obj] of structuredClone(snapshot.objects)) {
      store.objects.set(key, obj);
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
