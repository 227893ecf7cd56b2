// The scheduler loop keeps its snapshot and its count of pods with pod
// affinity up to date within one pass, as kube-scheduler's cache does after
// each bind (AssumePod): a pod bound earlier in the pass constrains the next
// ones (interpodaffinity/filtering.go's existing anti-affinity counts).
import { describe, expect, it } from "vitest";
import { kindNamed } from "../api/kinds.js";
import type { Pod } from "../api/types.js";
import { createWorld } from "./create.js";
import { nodeObject } from "./nodes.js";
import { SchedulerLoop } from "./scheduler-loop.js";

const POD = kindNamed("Pod")!;
const NODE = kindNamed("Node")!;

const antiAffinity = {
  podAntiAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "db" } }, topologyKey: "kubernetes.io/hostname" }],
  },
};

function pod(name: string, labels: Record<string, string>, affinity?: object): Pod {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, labels }, spec: { ...(affinity ? { affinity } : {}), containers: [{ name: "c", image: "redis:7" }] } } as unknown as Pod;
}

describe("scheduler loop and pod affinity within one pass", () => {
  it("three anti-affine pods on two nodes: two bound, the third refused in the same pass", () => {
    const world = createWorld("bare");
    for (const [i, name] of ["w1", "w2"].entries()) world.api.create(NODE, nodeObject({ name, cpu: "4", memory: "8Gi", pods: 110, index: 10 + i }, world.clock.nowIso()), undefined);
    for (const name of ["db-0", "db-1", "db-2"]) world.api.create(POD, pod(name, { app: "db" }, antiAffinity), "default");
    world.loopsOfType(SchedulerLoop)!.reconcile(world);
    const nodes = ["db-0", "db-1", "db-2"].map((n) => world.api.find<Pod>(POD, "default", n)!.spec!.nodeName ?? "");
    expect(nodes.filter((n) => n !== "").sort()).toEqual(["w1", "w2"]);
    const pending = ["db-0", "db-1", "db-2"].find((_, i) => nodes[i] === "")!;
    expect(world.api.find<Pod>(POD, "default", pending)!.status!.conditions![0]!.message).toBe(
      "0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.",
    );
  });

  it("a plain pod scheduled after an anti-affine one in the same pass is kept off its node", () => {
    const world = createWorld("bare");
    // The big node wins on free resources, so only the guard's rule can send the second pod to the small one.
    world.api.create(NODE, nodeObject({ name: "big", cpu: "64", memory: "256Gi", pods: 110, index: 10 }, world.clock.nowIso()), undefined);
    world.api.create(NODE, nodeObject({ name: "small", cpu: "2", memory: "4Gi", pods: 110, index: 11 }, world.clock.nowIso()), undefined);
    // Same creation time: the queue takes them by name, a-guard first.
    world.api.create(POD, pod("a-guard", { app: "guard" }, antiAffinity), "default");
    world.api.create(POD, pod("b-db", { app: "db" }), "default");
    world.loopsOfType(SchedulerLoop)!.reconcile(world);
    expect(world.api.find<Pod>(POD, "default", "a-guard")!.spec!.nodeName).toBe("big");
    expect(world.api.find<Pod>(POD, "default", "b-db")!.spec!.nodeName).toBe("small");
  });
});
