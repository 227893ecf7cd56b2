/**
 * VolumeBinding against kube-scheduler's behaviour
 * (pkg/scheduler/framework/plugins/volumebinding/volume_binding.go PreFilter/Filter;
 * https://kubernetes.io/docs/concepts/storage/storage-classes/#volume-binding-mode).
 */
import { describe, expect, it } from "vitest";
import { kindNamed } from "../../../api/kinds.js";
import type { Event, Pod } from "../../../api/types.js";
import { createWorld } from "../../../world/create.js";
import type { World } from "../../../world/world.js";

const POD = kindNamed("Pod")!;
const PVC = kindNamed("PersistentVolumeClaim")!;
const EVENT = kindNamed("Event")!;

function podWithClaim(world: World) {
  world.api.create(POD, {
    apiVersion: "v1", kind: "Pod", metadata: { name: "db" },
    spec: { containers: [{ name: "db", image: "nginx:1.27" }], volumes: [{ name: "data", persistentVolumeClaim: { claimName: "data" } }] },
  }, "default");
  world.advance(5);
}

function claim(world: World, spec: Record<string, unknown>) {
  world.api.create(PVC, { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...spec } }, "default");
}

const failedScheduling = (world: World) =>
  world.api.list<Event>(EVENT, "default").filter((e) => e.reason === "FailedScheduling" && e.involvedObject?.name === "db").map((e) => e.message);
const nodeOf = (world: World) => world.api.find<Pod>(POD, "default", "db")?.spec?.nodeName;

describe("VolumeBinding", () => {
  it("a claim that does not exist keeps the pod Pending: PreFilter rejects it outright", () => {
    const world = createWorld("default");
    podWithClaim(world);
    expect(nodeOf(world)).toBeUndefined();
    expect(failedScheduling(world)).toEqual([
      '0/3 nodes are available: persistentvolumeclaim "data" not found. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    ]);
  });

  it("an unbound claim with Immediate binding (here: no class at all) is `pod has unbound immediate PersistentVolumeClaims`", () => {
    const world = createWorld("default");
    claim(world, { storageClassName: "" });
    podWithClaim(world);
    expect(nodeOf(world)).toBeUndefined();
    expect(failedScheduling(world)[0]).toBe(
      "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
  });

  it("a WaitForFirstConsumer claim of a class without provisioner finds no volume on any node", () => {
    const world = createWorld("default");
    world.api.create(kindNamed("StorageClass")!, { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "local-storage" }, provisioner: "kubernetes.io/no-provisioner", volumeBindingMode: "WaitForFirstConsumer" }, undefined);
    claim(world, { storageClassName: "local-storage" });
    podWithClaim(world);
    expect(nodeOf(world)).toBeUndefined();
    expect(failedScheduling(world)[0]).toMatch(/2 node\(s\) didn't find available persistent volumes to bind/);
  });

  it("a WaitForFirstConsumer claim of the default class (local-path) is provisioned on the node the pod is scheduled to", () => {
    const world = createWorld("default");
    claim(world, {});
    podWithClaim(world);
    expect(nodeOf(world)).toMatch(/^node0[12]$/);
    expect(failedScheduling(world)).toEqual([]);
  });

  it("pods without claims are not affected", () => {
    const world = createWorld("default");
    world.api.create(POD, { apiVersion: "v1", kind: "Pod", metadata: { name: "db" }, spec: { containers: [{ name: "db", image: "nginx:1.27" }] } }, "default");
    world.advance(5);
    expect(nodeOf(world)).toBeDefined();
  });
});
