/**
 * The node lifecycle controller (pkg/controller/nodelifecycle/node_lifecycle_controller.go,
 * tryUpdateNodeHealth / doNoScheduleTaintingPass / doNoExecuteTaintingPass, and
 * pkg/controller/util/node MarkPodsNotReady) driven by the node's lease, which its kubelet renews while it runs.
 */
import { describe, expect, it } from "vitest";
import { kindNamed } from "../api/kinds.js";
import type { Node, Pod } from "../api/types.js";
import { createWorld } from "../world/create.js";
import type { World } from "../world/world.js";
import { NODE_MONITOR_GRACE_PERIOD_MS, NodeLifecycleController } from "./node-lifecycle.js";

const NODE = kindNamed("Node")!;
const POD = kindNamed("Pod")!;

const node = (world: World, name = "node01") => world.api.find<Node>(NODE, undefined, name)!;
const condition = (world: World, type: string, name = "node01") => node(world, name).status!.conditions!.find((c) => c.type === type)!;
const taints = (world: World, name = "node01") => ((node(world, name).spec as { taints?: { key: string; effect: string; timeAdded?: string }[] }).taints ?? []);

function podOn(world: World, nodeName: string): Pod {
  world.api.create(POD, { apiVersion: "v1", kind: "Pod", metadata: { name: "web" }, spec: { nodeName, containers: [{ name: "c", image: "nginx" }] } }, "default");
  world.settle();
  return world.api.find<Pod>(POD, "default", "web")!;
}

describe("node lifecycle: a stopped kubelet", () => {
  it("keeps its node Ready through the 40 s grace period", () => {
    const world = createWorld("default");
    world.hosts.setKubelet("node01", false, world.clock.now());
    world.advance(NODE_MONITOR_GRACE_PERIOD_MS / 1000 - 1);
    expect(condition(world, "Ready").status).toBe("True");
    expect(taints(world)).toEqual([]);
  });

  it("after the grace period: conditions Unknown with the controller's reason and message, both unreachable taints, pods not Ready", () => {
    const world = createWorld("default");
    const pod = podOn(world, "node01");
    expect(pod.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
    const heartbeat = condition(world, "Ready").lastHeartbeatTime;
    world.hosts.setKubelet("node01", false, world.clock.now());
    world.advance(45);
    for (const type of ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"]) {
      const c = condition(world, type);
      expect([c.status, c.reason, c.message]).toEqual(["Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status."]);
    }
    // The heartbeat is the kubelet's last, not the controller's.
    expect(condition(world, "Ready").lastHeartbeatTime).toBe(heartbeat);
    expect(taints(world).map((t) => `${t.key}:${t.effect}`)).toEqual(["node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute"]);
    expect(taints(world).every((t) => t.timeAdded !== undefined)).toBe(true);
    const after = world.api.find<Pod>(POD, "default", "web")!;
    expect(after.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("False");
    // Its containers still run: only the kubelet stopped.
    expect(after.status?.containerStatuses?.[0]?.state?.running).toBeDefined();
    type Ev = { reason?: string; message?: string; involvedObject: { kind?: string } };
    const reasons = world.api.list(kindNamed("Event")!).map((e) => e as unknown as Ev).filter((e) => e.reason === "NodeNotReady").map((e) => `${e.involvedObject.kind}: ${e.message}`);
    expect(reasons).toEqual(expect.arrayContaining(["Node: Node node01 status is now: NodeNotReady", "Pod: Node is not ready"]));
  });

  it("the taint eviction controller evicts its pods after the 300 s unreachable toleration", () => {
    const world = createWorld("default");
    podOn(world, "node01");
    world.hosts.setKubelet("node01", false, world.clock.now());
    world.advance(45 + 290);
    expect(world.api.find(POD, "default", "web")).toBeDefined();
    world.advance(20);
    const pod = world.api.find<Pod>(POD, "default", "web");
    // Evicted: deleted (a graceful deletion a stopped kubelet never finishes) or gone.
    expect(pod === undefined || pod.metadata.deletionTimestamp !== undefined).toBe(true);
  });

  it("a started kubelet posts Ready again; the taints go and its pods are Ready again", () => {
    const world = createWorld("default");
    podOn(world, "node01");
    world.hosts.setKubelet("node01", false, world.clock.now());
    world.advance(60);
    world.hosts.setKubelet("node01", true, world.clock.now());
    world.settle();
    const ready = condition(world, "Ready");
    expect([ready.status, ready.reason, ready.message]).toEqual(["True", "KubeletReady", "kubelet is posting ready status"]);
    expect(condition(world, "MemoryPressure").status).toBe("False");
    expect(taints(world)).toEqual([]);
    expect(world.api.find<Pod>(POD, "default", "web")!.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
  });

  it("the scheduler keeps new pods off the unreachable node (its NoSchedule taint)", () => {
    const world = createWorld("default");
    world.hosts.setKubelet("node01", false, world.clock.now());
    world.advance(45);
    for (let i = 0; i < 4; i++) world.api.create(POD, { apiVersion: "v1", kind: "Pod", metadata: { name: `p${i}` }, spec: { containers: [{ name: "c", image: "nginx" }] } }, "default");
    world.settle();
    const nodes = world.api.list<Pod>(POD, "default").map((p) => p.spec?.nodeName);
    expect(nodes).toHaveLength(4);
    expect(nodes.every((n) => n === "node02")).toBe(true);
  });

  it("declares its wake-up: skipping idle time equals stepping every second", () => {
    const skipped = createWorld("default");
    skipped.hosts.setKubelet("node01", false, skipped.clock.now());
    const wake = new NodeLifecycleController().nextWakeAt(skipped);
    expect(wake).toBe(skipped.clock.now() + NODE_MONITOR_GRACE_PERIOD_MS + 1000);
    skipped.advance(100);
    const stepped = createWorld("default");
    stepped.hosts.setKubelet("node01", false, stepped.clock.now());
    for (let i = 0; i < 100; i++) stepped.advance(1);
    expect(condition(stepped, "Ready")).toEqual(condition(skipped, "Ready"));
    expect(taints(stepped)).toEqual(taints(skipped));
  });
});

describe("node lifecycle: a cordoned node", () => {
  it("gets the node.kubernetes.io/unschedulable:NoSchedule taint while spec.unschedulable is set, and loses it after uncordon (doNoScheduleTaintingPass)", () => {
    const world = createWorld("default");
    const cordon = (value: boolean) => {
      const n = structuredClone(node(world));
      (n.spec as { unschedulable?: boolean }).unschedulable = value || undefined;
      if (!world.api.update(NODE, n).ok) throw new Error("update failed");
      world.settle();
    };
    cordon(true);
    expect(taints(world)).toEqual([{ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule", timeAdded: expect.any(String) }]);
    cordon(false);
    expect(taints(world)).toEqual([]);
  });
});
