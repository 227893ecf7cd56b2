// Cases follow upstream's pkg/scheduler/framework/plugins/noderesources/fit_test.go
// (TestEnoughRequests) and least_allocated_test.go.
import { describe, expect, it } from "vitest";
import { buildSnapshot } from "../../snapshot.js";
import { bound, makeNode, makePod } from "../../testing.js";
import { nodeResourcesFitPlugin } from "./fit.js";

// Upstream's enoughPodsTests node: 10 milli-cpu, 20 bytes of memory, 32 pods, 5 bytes of ephemeral storage.
const small = makeNode("machine1", { cpu: "10m", memory: "20", pods: "32", ephemeralStorage: "5" });

function filterOn(pod: ReturnType<typeof makePod>, existing: ReturnType<typeof makePod>[]) {
  const [nodeInfo] = buildSnapshot([small], bound(...existing));
  return nodeResourcesFitPlugin.filter(pod, nodeInfo!);
}

describe("NodeResourcesFit filter", () => {
  it("no resources requested always fits", () => {
    expect(filterOn(makePod("p"), [makePod("e", { cpu: "10m", memory: "20", nodeName: "machine1" })]).code).toBe("Success");
  });

  it("too many resources fails, reporting every insufficient resource as Unschedulable", () => {
    expect(filterOn(makePod("p", { cpu: "1m", memory: "1" }), [makePod("e", { cpu: "10m", memory: "20", nodeName: "machine1" })])).toEqual({
      code: "Unschedulable",
      reasons: ["Insufficient cpu", "Insufficient memory"],
    });
  });

  it("too many resources fails due to init container cpu", () => {
    const pod = makePod("p", {
      cpu: "1m",
      memory: "1",
      spec: { initContainers: [{ name: "init", image: "busybox", resources: { requests: { cpu: "3m", memory: "1" } } }] },
    });
    expect(filterOn(pod, [makePod("e", { cpu: "8m", memory: "19", nodeName: "machine1" })]).reasons).toEqual(["Insufficient cpu"]);
  });

  it("init container fits because it's the max, not sum, of containers and init containers", () => {
    const pod = makePod("p", {
      cpu: "1m",
      memory: "1",
      spec: { initContainers: [{ name: "init", image: "busybox", resources: { requests: { cpu: "1m", memory: "1" } } }] },
    });
    expect(filterOn(pod, [makePod("e", { cpu: "9m", memory: "19", nodeName: "machine1" })]).code).toBe("Success");
  });

  it("ephemeral-storage is checked when requested", () => {
    expect(filterOn(makePod("p", { ephemeralStorage: "10" }), []).reasons).toEqual(["Insufficient ephemeral-storage"]);
  });

  it("Too many pods when allocatable pods are used up, even for a pod requesting nothing", () => {
    const full = makeNode("full", { pods: "1" });
    const [nodeInfo] = buildSnapshot([full], bound(makePod("e", { nodeName: "full" })));
    expect(nodeResourcesFitPlugin.filter(makePod("p", { cpu: "1m" }), nodeInfo!)).toEqual({ code: "Unschedulable", reasons: ["Too many pods"] });
  });

  it("a request larger than the whole node is still Unschedulable in 1.32 (not Unresolvable)", () => {
    expect(filterOn(makePod("p", { cpu: "100" }), []).code).toBe("Unschedulable");
  });
});

describe("NodeResourcesFit score (LeastAllocated)", () => {
  it("nothing scheduled, resources requested, differently sized nodes (upstream: 37, 50)", () => {
    const nodes = buildSnapshot(
      [makeNode("node1", { cpu: "4000m", memory: "10000" }), makeNode("node2", { cpu: "6000m", memory: "10000" })],
      new Map(),
    );
    const pod = makePod("p", { cpu: "3000m", memory: "5000" });
    expect(nodes.map((n) => nodeResourcesFitPlugin.score(pod, n))).toEqual([37, 50]);
  });

  it("pods without requests count as 100m / 200Mi, so empty nodes still rank by size", () => {
    const nodes = buildSnapshot([makeNode("a", { cpu: "1", memory: "1Gi" }), makeNode("b", { cpu: "2", memory: "2Gi" })], new Map());
    const pod = makePod("p");
    // a: cpu (1000-100)*100/1000 = 90, memory (1024-200)*100/1024 = 80 → 85; b: 95, 90 → 92.
    expect(nodes.map((n) => nodeResourcesFitPlugin.score(pod, n))).toEqual([85, 92]);
  });
});
