// The scheduling queue kept from the change log must hold what a full listing
// would: unassigned, undeleted pods of the default scheduler, gated ones apart,
// ordered as kube-scheduler's activeQ orders them (PrioritySort: higher
// priority first, then earlier creation; pkg/scheduler/framework/plugins/queuesort).
import { describe, expect, it } from "vitest";
import { kindNamed } from "../api/kinds.js";
import type { Pod } from "../api/types.js";
import { createWorld } from "./create.js";
import { queueOrder, SchedulingQueue } from "./scheduling-queue.js";

const POD = kindNamed("Pod")!;
const NAMESPACE = kindNamed("Namespace")!;
const PRIORITY_CLASS = kindNamed("PriorityClass")!;

function fullListing(world: ReturnType<typeof createWorld>): { pending: string[]; gated: string[] } {
  const waiting = world.api
    .list<Pod>(POD)
    .filter((p) => !p.spec?.nodeName && !p.metadata.deletionTimestamp && (p.spec?.schedulerName ?? "default-scheduler") === "default-scheduler");
  const id = (p: Pod) => `${p.metadata.namespace}/${p.metadata.name}`;
  return {
    pending: waiting.filter((p) => !(p.spec?.schedulingGates ?? []).length).sort(queueOrder).map(id),
    gated: waiting.filter((p) => (p.spec?.schedulingGates ?? []).length > 0).map(id),
  };
}

describe("the scheduling queue", () => {
  it("follows creates, binds, gate removals and deletions as a full listing would, in queue order", () => {
    const world = createWorld("bare");
    world.api.create(NAMESPACE, { apiVersion: "v1", kind: "Namespace", metadata: { name: "other" } }, undefined);
    world.api.create(PRIORITY_CLASS, { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "high" }, value: 1000 } as never, undefined);
    const queue = new SchedulingQueue();
    const id = (p: Pod) => `${p.metadata.namespace}/${p.metadata.name}`;
    const read = () => {
      const { pending, gated } = queue.read(world);
      return { pending: pending.map(id), gated: gated.map(id) };
    };
    const pod = (name: string, spec: Record<string, unknown> = {}) =>
      ({ apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { containers: [{ name: "c", image: "nginx" }], ...spec } }) as unknown as Pod;
    expect(read()).toEqual(fullListing(world));
    for (const name of ["m", "b", "z"]) world.api.create(POD, pod(name), "default");
    world.api.create(POD, pod("b"), "other");
    world.api.create(POD, pod("urgent", { priorityClassName: "high" }), "default");
    world.api.create(POD, pod("gated", { schedulingGates: [{ name: "x" }] }), "default");
    world.api.create(POD, pod("elsewhere", { schedulerName: "my-scheduler" }), "default");
    expect(read()).toEqual(fullListing(world));
    expect(read().pending[0]).toBe("default/urgent");
    world.clock.advance(5000);
    world.api.create(POD, pod("a"), "default");
    world.api.bind("default", "m", "nowhere");
    const gated = world.api.find<Pod>(POD, "default", "gated")!;
    world.api.update(POD, { ...structuredClone(gated), spec: { ...structuredClone(gated.spec!), schedulingGates: [] } });
    world.api.delete(POD, "default", "z");
    const state = read();
    expect(state).toEqual(fullListing(world));
    expect(state.pending).toEqual(["default/urgent", "default/b", "other/b", "default/gated", "default/a"]);
    expect(state.gated).toEqual([]);
  });
});
