// SchedulingGates (PreEnqueue, pkg/scheduler/framework/plugins/schedulinggates,
// 1.32): a pod with gates is not scheduled; it carries PodScheduled=False with
// reason SchedulingGated (kubectl's STATUS column then reads SchedulingGated)
// until every gate is removed. Gates may only be removed
// (validateOnlyDeletedSchedulingGates in pkg/apis/core/validation).
// https://kubernetes.io/docs/concepts/scheduling-eviction/pod-scheduling-readiness/
import { describe, expect, it } from "vitest";
import { kindNamed } from "../api/kinds.js";
import type { Pod } from "../api/types.js";
import { createWorld } from "./create.js";
import { nodeObject } from "./nodes.js";

const POD = kindNamed("Pod")!;
const NODE = kindNamed("Node")!;

describe("scheduling gates", () => {
  it("a gated pod waits with reason SchedulingGated and is scheduled once its gates are removed", () => {
    const world = createWorld("bare");
    world.api.create(NODE, nodeObject({ name: "w1", cpu: "2", memory: "4Gi", pods: 110, index: 10 }, world.clock.nowIso()), undefined);
    const spec = { schedulingGates: [{ name: "example.com/quota" }], containers: [{ name: "c", image: "nginx" }] };
    world.api.create(POD, { apiVersion: "v1", kind: "Pod", metadata: { name: "gated" }, spec } as unknown as Pod, "default");
    world.settle();
    const gated = world.api.find<Pod>(POD, "default", "gated")!;
    expect(gated.spec!.nodeName).toBeUndefined();
    expect(gated.status!.conditions!.find((c) => c.type === "PodScheduled")).toMatchObject({
      status: "False",
      reason: "SchedulingGated",
      message: "Scheduling is blocked due to non-empty scheduling gates",
    });

    const added = world.api.update(POD, { ...structuredClone(gated), spec: { ...structuredClone(gated.spec!), schedulingGates: [{ name: "example.com/quota" }, { name: "more" }] } });
    expect(added.ok).toBe(false);
    expect(!added.ok && added.error.message).toContain("spec.schedulingGates: Forbidden: only deletion is allowed, but found new scheduling gate 'more'");

    const released = world.api.update(POD, { ...structuredClone(gated), spec: { ...structuredClone(gated.spec!), schedulingGates: [] } });
    expect(released.ok).toBe(true);
    world.settle();
    expect(world.api.find<Pod>(POD, "default", "gated")!.spec!.nodeName).toBe("w1");
  });
});
