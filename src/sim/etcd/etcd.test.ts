import { describe, expect, it } from "vitest";
import { createWorld } from "../world/create.js";
import { EtcdCluster, snapDbPath } from "./etcd.js";
import { encodeSnapshotFile } from "./snapshot-file.js";
import { ETCD_MANIFEST } from "./members.js";
import { kindNamed } from "../api/kinds.js";

const etcdOf = (world: ReturnType<typeof createWorld>) => world.loopsOfType(EtcdCluster)!;

describe("etcd model", () => {
  it("has one member per control-plane host's etcd manifest, named by --name, leader at term 2", () => {
    const world = createWorld("default");
    world.settle();
    const etcd = etcdOf(world);
    const members = etcd.members(world);
    expect(members.map((m) => [m.name, m.clientURLs, m.peerURLs])).toEqual([["controlplane", ["https://192.168.0.10:2379"], ["https://192.168.0.10:2380"]]]);
    expect(etcd.leader()).toBe("controlplane");
    expect(etcd.term()).toBe(2);
    expect(etcd.quorum()).toBe(1);
  });

  it("serves the API server's objects at kube-apiserver's keys, with resourceVersion as mod_revision", () => {
    const world = createWorld("default");
    world.settle();
    const kvs = etcdOf(world).range(world, "/registry/services/specs/default/kubernetes", false);
    expect(kvs).toHaveLength(1);
    expect(JSON.parse(kvs[0]!.value).metadata.name).toBe("kubernetes");
    expect(kvs[0]!.modRevision).toBe(Number(JSON.parse(kvs[0]!.value).metadata.resourceVersion));
  });

  it("a stopped leader is replaced only after the election timeout, and a one-member cluster has no quorum without it", () => {
    const world = createWorld("default");
    world.settle();
    const etcd = etcdOf(world);
    etcd.setStopped(world, "controlplane", true);
    world.reconcile();
    expect(etcd.hasQuorum()).toBe(false);
    world.advance(3);
    expect(etcd.hasQuorum()).toBe(false);
    expect(etcd.term()).toBe(2); // pre-vote: no term inflation without a quorum
    etcd.setStopped(world, "controlplane", false);
    world.reconcile();
    expect(etcd.hasQuorum()).toBe(false); // the election timeout has not run out yet
    world.advance(1);
    expect(etcd.hasQuorum()).toBe(true);
    expect(etcd.term()).toBe(3);
  });

  it("learner keys share the store's revision counter", () => {
    const world = createWorld("default");
    world.settle();
    const etcd = etcdOf(world);
    const before = etcd.revision(world);
    etcd.put(world, "foo", "bar");
    expect(etcd.range(world, "foo", false)).toEqual([{ key: "foo", value: "bar", createRevision: before + 1, modRevision: before + 1, version: 1 }]);
    etcd.put(world, "foo", "baz");
    expect(etcd.range(world, "fo", true)[0]).toMatchObject({ value: "baz", createRevision: before + 1, modRevision: before + 2, version: 2 });
  });

  it("pointing etcd-data at a folder holding a restored snapshot brings back the snapshot's objects (CKA restore)", () => {
    const world = createWorld("default");
    world.settle();
    const etcd = etcdOf(world);
    const saved = encodeSnapshotFile(etcd.snapshotContent(world));
    const cm = kindNamed("ConfigMap")!;
    expect(world.api.create(cm, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "after", namespace: "default" } }, "default").ok).toBe(true);
    world.hosts.writeFile("controlplane", snapDbPath("/var/lib/etcd-restore"), saved);
    const manifest = world.hosts.get("controlplane")!.files[ETCD_MANIFEST]!;
    world.hosts.writeFile("controlplane", ETCD_MANIFEST, manifest.replace("      path: /var/lib/etcd\n", "      path: /var/lib/etcd-restore\n"));
    world.settle();
    expect(world.api.find(cm, "default", "after")).toBeUndefined();
    expect(etcd.hasQuorum()).toBe(true);
    expect(etcd.members(world)[0]!.hostDataDir).toBe("/var/lib/etcd-restore");
  });

  it("a data dir without a restored snapshot leaves the member down, saying it is not simulated", () => {
    const world = createWorld("default");
    world.settle();
    const manifest = world.hosts.get("controlplane")!.files[ETCD_MANIFEST]!;
    world.hosts.writeFile("controlplane", ETCD_MANIFEST, manifest.replace("      path: /var/lib/etcd\n", "      path: /var/lib/other\n"));
    world.settle();
    const etcd = etcdOf(world);
    expect(etcd.hasQuorum()).toBe(false);
    expect(etcd.members(world)[0]!.downReason).toMatch(/not simulated/);
  });
});

describe("the ha presets: stacked etcd on every control-plane host", () => {
  it("ha has three members with one --initial-cluster; losing one keeps a quorum (2 of 3), losing two does not", () => {
    const world = createWorld("ha");
    world.settle();
    const etcd = etcdOf(world);
    expect(etcd.members(world).map((m) => m.name)).toEqual(["controlplane-1", "controlplane-2", "controlplane-3"]);
    expect(etcd.quorum()).toBe(2);
    etcd.setHostDown(world, "controlplane-1", true);
    world.advance(2);
    expect(etcd.hasQuorum()).toBe(true);
    expect(etcd.leader()).toBe("controlplane-2");
    expect(etcd.term()).toBe(3);
    etcd.setHostDown(world, "controlplane-2", true);
    world.advance(2);
    expect(etcd.hasQuorum()).toBe(false);
    expect(etcd.term()).toBe(3);
  });

  it("ha5 tolerates two failures and not three (quorum 3 of 5)", () => {
    const world = createWorld("ha5");
    world.settle();
    const etcd = etcdOf(world);
    expect(etcd.members(world)).toHaveLength(5);
    for (const host of ["controlplane-1", "controlplane-2"]) etcd.setStopped(world, host, true);
    world.advance(2);
    expect(etcd.hasQuorum()).toBe(true);
    etcd.setStopped(world, "controlplane-3", true);
    world.advance(2);
    expect(etcd.hasQuorum()).toBe(false);
  });
});
