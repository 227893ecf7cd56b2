// Preemption carried out, as kube-scheduler 1.32's prepareCandidate does it
// (pkg/scheduler/framework/preemption/preemption.go): the victim gets
// DisruptionTarget/PreemptionByScheduler, a `Preempted by pod <uid> on node <node>`
// event and a graceful delete; the preemptor is nominated, then bound there.
import { describe, expect, it } from "vitest";
import { kindNamed } from "../api/kinds.js";
import type { Pod } from "../api/types.js";
import { createWorld } from "./create.js";
import { nodeObject } from "./nodes.js";
import { SchedulerLoop as SchedulerLoopType } from "./scheduler-loop.js";

const POD = kindNamed("Pod")!;
const NODE = kindNamed("Node")!;
const PRIORITY_CLASS = kindNamed("PriorityClass")!;

function pod(name: string, cpu: string, priorityClassName?: string): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name },
    spec: { ...(priorityClassName ? { priorityClassName } : {}), containers: [{ name: "c", image: "nginx", resources: { requests: { cpu } } }] },
  } as unknown as Pod;
}

describe("preemption", () => {
  it("evicts the lower-priority pod, nominates the node, then binds the preemptor there", () => {
    const world = createWorld("bare");
    world.api.create(NODE, nodeObject({ name: "w1", cpu: "2", memory: "4Gi", pods: 110, index: 10 }, world.clock.nowIso()), undefined);
    world.api.create(PRIORITY_CLASS, { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "urgent" }, value: 1000 }, undefined);
    world.api.create(POD, pod("filler", "1500m"), "default");
    world.settle();
    expect(world.api.find<Pod>(POD, "default", "filler")!.spec!.nodeName).toBe("w1");

    const vip = world.api.create<Pod>(POD, pod("vip", "1", "urgent"), "default");
    const vipUid = (vip.ok ? vip.value : undefined)!.metadata.uid;
    world.loopsOfType(SchedulerLoopType)!.reconcile(world);
    const filler = world.api.find<Pod>(POD, "default", "filler")!;
    expect(filler.metadata.deletionTimestamp).toBeDefined();
    expect(filler.status!.conditions!.find((c) => c.type === "DisruptionTarget")).toMatchObject({
      status: "True",
      reason: "PreemptionByScheduler",
      message: "default-scheduler: preempting to accommodate a higher priority pod",
    });
    expect(world.api.find<Pod>(POD, "default", "vip")!.status!.nominatedNodeName).toBe("w1");
    const events = world.events.about(filler).filter((e) => e.reason === "Preempted");
    expect(events.map((e) => e.message)).toEqual([`Preempted by pod ${vipUid} on node w1`]);

    world.advance(60);
    expect(world.api.find<Pod>(POD, "default", "filler")).toBeUndefined();
    expect(world.api.find<Pod>(POD, "default", "vip")!.spec!.nodeName).toBe("w1");
  });
});
