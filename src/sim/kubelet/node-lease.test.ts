/**
 * Node leases (https://kubernetes.io/docs/concepts/architecture/leases/#node-heart-beats and
 * https://kubernetes.io/docs/concepts/architecture/nodes/#node-heartbeats): one Lease per node in
 * kube-node-lease, holderIdentity the node, leaseDurationSeconds 40, renewed every 10 s
 * (pkg/kubelet/nodelease: renewInterval = 0.25 × duration); the node lifecycle controller's
 * grace period (40 s) runs from the last renewal (tryUpdateNodeHealth).
 */
import { describe, expect, it } from "vitest";
import { kindNamed } from "../api/kinds.js";
import type { Node, StoredObject } from "../api/types.js";
import { createWorld } from "../world/create.js";
import type { World } from "../world/world.js";
import { NODE_LEASE_NAMESPACE, nodeLeaseRenewTime } from "./node-lease.js";

const LEASE = kindNamed("Lease")!;
const NODE = kindNamed("Node")!;
type Lease = StoredObject & { spec: { holderIdentity?: string; leaseDurationSeconds?: number; renewTime?: string; acquireTime?: string } };

const lease = (world: World, name: string) => world.api.find(LEASE, NODE_LEASE_NAMESPACE, name) as Lease | undefined;
const ready = (world: World, name: string) => world.api.find<Node>(NODE, undefined, name)!.status!.conditions!.find((c) => c.type === "Ready")!.status;

describe("node leases", () => {
  it("one per node, held by the node, 40 s long, owned by the Node, renewTime a MicroTime", () => {
    const world = createWorld("default");
    expect(world.api.list(LEASE, NODE_LEASE_NAMESPACE).map((l) => l.metadata.name)).toEqual(["controlplane", "node01", "node02"]);
    const l = lease(world, "node01")!;
    const node = world.api.find<Node>(NODE, undefined, "node01")!;
    expect(l.spec.holderIdentity).toBe("node01");
    expect(l.spec.leaseDurationSeconds).toBe(40);
    expect(l.spec.acquireTime).toBeUndefined();
    expect(l.spec.renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(l.metadata.ownerReferences).toEqual([{ apiVersion: "v1", kind: "Node", name: "node01", uid: node.metadata.uid }]);
  });

  it("renewed every 10 s while the kubelet runs, each renewal a new resourceVersion; not after it stops", () => {
    const world = createWorld("default");
    const first = nodeLeaseRenewTime(world, "node01")!;
    const rv = lease(world, "node01")!.metadata.resourceVersion;
    world.advance(10);
    expect(nodeLeaseRenewTime(world, "node01")).toBe(first + 10_000);
    expect(lease(world, "node01")!.metadata.resourceVersion).not.toBe(rv);
    world.hosts.setKubelet("node01", false, world.clock.now());
    const last = nodeLeaseRenewTime(world, "node01")!;
    world.advance(30);
    expect(nodeLeaseRenewTime(world, "node01")).toBe(last);
    expect(nodeLeaseRenewTime(world, "node02")).toBeGreaterThan(last);
  });

  it("NotReady comes 40 s after the last renewal, not 40 s after the kubelet stopped", () => {
    const world = createWorld("default");
    // Stop the kubelet 9 s after a renewal: the grace period is already 9 s spent.
    const renewedAt = nodeLeaseRenewTime(world, "node01")!;
    world.advance((renewedAt + 9_000 - world.clock.now()) / 1000);
    expect(nodeLeaseRenewTime(world, "node01")).toBe(renewedAt);
    world.hosts.setKubelet("node01", false, world.clock.now());
    world.advance(31);
    expect(ready(world, "node01")).toBe("True");
    world.advance(1);
    expect(ready(world, "node01")).toBe("Unknown");
  });

  it("a lease deleted by hand is made again at the kubelet's next renewal", () => {
    const world = createWorld("default");
    world.api.finalizeDeletion(LEASE, NODE_LEASE_NAMESPACE, "node02");
    world.advance(10);
    expect(lease(world, "node02")?.spec.holderIdentity).toBe("node02");
  });

  it("a node added later gets its own lease at once", () => {
    const world = createWorld("bare");
    world.api.create(NODE, { apiVersion: "v1", kind: "Node", metadata: { name: "late" } }, undefined);
    world.settle();
    expect(lease(world, "late")?.spec.holderIdentity).toBe("late");
  });
});
