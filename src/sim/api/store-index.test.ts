import { describe, expect, it } from "vitest";
import { kindNamed } from "./kinds.js";
import { CONTROLLER_INDEX, ObjectStore } from "./store.js";
import type { StoredObject } from "./types.js";

const POD = kindNamed("Pod")!;
const EVENT = kindNamed("Event")!;

function pod(namespace: string, name: string, nodeName?: string): StoredObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { namespace, name, uid: `${namespace}-${name}` }, ...(nodeName ? { spec: { nodeName } } : {}) } as StoredObject;
}

describe("ObjectStore order and indexes (client-go indexers: kubelets list pods by spec.nodeName)", () => {
  it("lists in namespace-then-name order whatever the write order, per namespace too", () => {
    const store = new ObjectStore();
    for (const [ns, name] of [["b", "x"], ["a", "z"], ["b", "a"], ["a", "b"], ["c", "m"]] as const) store.put(POD, pod(ns, name));
    expect(store.list(POD).map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual(["a/b", "a/z", "b/a", "b/x", "c/m"]);
    expect(store.list(POD, "b").map((p) => p.metadata.name)).toEqual(["a", "x"]);
    expect(store.list(POD, "nope")).toEqual([]);
    store.remove(POD, "b", "a");
    expect(store.list(POD, "b").map((p) => p.metadata.name)).toEqual(["x"]);
  });

  it("keeps the spec.nodeName index right through binds, rebinds and deletes", () => {
    const store = new ObjectStore();
    store.put(POD, pod("default", "web-1"));
    store.put(POD, pod("default", "web-2", "node01"));
    expect(store.listIndexed(POD, "spec.nodeName", "node01").map((p) => p.metadata.name)).toEqual(["web-2"]);
    store.put(POD, pod("default", "web-1", "node01"));
    store.put(POD, pod("default", "web-2", "node02"));
    expect(store.listIndexed(POD, "spec.nodeName", "node01").map((p) => p.metadata.name)).toEqual(["web-1"]);
    expect(store.listIndexed(POD, "spec.nodeName", "node02").map((p) => p.metadata.name)).toEqual(["web-2"]);
    store.remove(POD, "default", "web-2");
    expect(store.listIndexed(POD, "spec.nodeName", "node02")).toEqual([]);
    expect(store.indexes(POD, "spec.nodeName")).toBe(true);
    expect(store.indexes(POD, "status.phase")).toBe(false);
  });

  it("a restored store answers the same lists and indexes as the one it was taken from", () => {
    const store = new ObjectStore();
    for (let i = 9; i >= 0; i--) store.put(POD, pod(`ns${i % 3}`, `p${i}`, `n${i % 2}`));
    store.put(EVENT, { apiVersion: "v1", kind: "Event", metadata: { namespace: "ns0", name: "e1" }, involvedObject: { uid: "u1" } } as unknown as StoredObject);
    const restored = ObjectStore.restore(JSON.parse(JSON.stringify(store.snapshot())));
    expect(restored.list(POD)).toEqual(store.list(POD));
    expect(restored.list(POD, "ns1")).toEqual(store.list(POD, "ns1"));
    expect(restored.listIndexed(POD, "spec.nodeName", "n1")).toEqual(store.listIndexed(POD, "spec.nodeName", "n1"));
    expect(restored.listIndexed(EVENT, "involvedObject.uid", "u1").map((e) => e.metadata.name)).toEqual(["e1"]);
  });
});

describe("ObjectStore.changesOf (what lets a loop skip a pass when its kinds did not change)", () => {
  it("moves on each write or removal of the kind, not on reads or writes of other kinds, and on a restore of the contents", () => {
    const store = new ObjectStore();
    const start = store.changesOf(POD);
    store.put(EVENT, { apiVersion: "v1", kind: "Event", metadata: { namespace: "a", name: "e", uid: "e" } } as StoredObject);
    store.list(POD);
    expect(store.changesOf(POD)).toBe(start);
    store.put(POD, pod("a", "x"));
    const afterPut = store.changesOf(POD);
    expect(afterPut).not.toBe(start);
    store.remove(POD, "a", "x");
    expect(store.changesOf(POD)).not.toBe(afterPut);
    const beforeRestore = store.changesOf(POD);
    store.replaceContents(new ObjectStore().snapshot());
    expect(store.changesOf(POD)).not.toBe(beforeRestore);
  });
});

describe("ObjectStore.changedSince (a watch's events since a resourceVersion: what the kubelet's pod workers are woken by)", () => {
  const key = (ns: string, name: string) => `/registry/pods/${ns}/${name}`;

  it("lists the keys written or removed after the cursor, of that kind only", () => {
    const store = new ObjectStore();
    store.put(POD, pod("a", "before"));
    const cursor = store.cursor();
    store.put(POD, pod("a", "x"));
    store.put(EVENT, { apiVersion: "v1", kind: "Event", metadata: { namespace: "a", name: "e", uid: "e" } } as StoredObject);
    store.put(POD, pod("a", "x", "node01"));
    store.remove(POD, "a", "before");
    expect([...store.changedSince(POD, cursor)!].sort()).toEqual([key("a", "before"), key("a", "x")]);
    expect(store.changedSince(POD, store.cursor())).toEqual(new Set());
  });

  it("answers undefined (relist) without a cursor, after the contents were replaced, or once the log no longer reaches back", () => {
    const store = new ObjectStore();
    expect(store.changedSince(POD, undefined)).toBeUndefined();
    const old = store.cursor();
    store.replaceContents(new ObjectStore().snapshot());
    expect(store.changedSince(POD, old)).toBeUndefined();
    const cursor = store.cursor();
    // Far more writes than the log keeps for a resource of one object.
    for (let i = 0; i < 20_000; i++) store.put(POD, pod("a", "busy", `n${i}`));
    expect(store.changedSince(POD, cursor)).toBeUndefined();
    const recent = store.cursor();
    store.put(POD, pod("a", "busy", "last"));
    expect(store.changedSince(POD, recent)).toEqual(new Set([key("a", "busy")]));
  });

  it("a cursor of one store is not taken for another's (a restored world has a new store)", () => {
    const first = new ObjectStore();
    first.put(POD, pod("a", "x"));
    const cursor = first.cursor();
    const second = ObjectStore.restore(first.snapshot());
    expect(second.changedSince(POD, cursor)).toBeUndefined();
  });
});

describe("ObjectStore.indexVersion (how a ReplicaSet knows none of its pods changed)", () => {
  it("moves when an object with the value is stored, changed, moved away or removed, and not for other values", () => {
    const store = new ObjectStore();
    const owned = (name: string, owner: string) => ({ ...pod("a", name), metadata: { namespace: "a", name, uid: name, ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: owner, uid: owner, controller: true }] } }) as StoredObject;
    const v = () => store.indexVersion(POD, CONTROLLER_INDEX, "rs1");
    const start = v();
    store.put(POD, owned("p1", "rs2"));
    expect(v()).toBe(start);
    store.put(POD, owned("p2", "rs1"));
    const added = v();
    expect(added).not.toBe(start);
    store.put(POD, { ...owned("p2", "rs1"), spec: { nodeName: "n1" } } as StoredObject);
    const updated = v();
    expect(updated).not.toBe(added);
    store.put(POD, owned("p2", "rs2"));
    const released = v();
    expect(released).not.toBe(updated);
    expect(store.listIndexed(POD, CONTROLLER_INDEX, "rs1")).toEqual([]);
    expect(store.listIndexed(POD, CONTROLLER_INDEX, "rs2").map((p) => p.metadata.name)).toEqual(["p1", "p2"]);
    store.remove(POD, "a", "p1");
    expect(v()).toBe(released);
  });
});
