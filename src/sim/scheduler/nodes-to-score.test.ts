// percentageOfNodesToScore: kube-scheduler stops filtering once it has found
// enough feasible nodes, starting where the previous cycle stopped.
// https://kubernetes.io/docs/concepts/scheduling-eviction/scheduler-perf-tuning/
// Upstream 1.32: pkg/scheduler/schedule_one.go (numFeasibleNodesToFind,
// findNodesThatPassFilters, nextStartNodeIndex).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { numFeasibleNodesToFind, schedule, scheduleWithoutRecord } from "./scheduler.js";
import { makeNode, makePod } from "./testing.js";

const names = (n: number) => Array.from({ length: n }, (_, i) => `n${String(i).padStart(4, "0")}`);

describe("numFeasibleNodesToFind (adaptive percentage)", () => {
  it("considers every node below 100 nodes", () => {
    expect(numFeasibleNodesToFind(3)).toBe(3);
    expect(numFeasibleNodesToFind(99)).toBe(99);
  });
  it("never goes below 100 nodes", () => {
    expect(numFeasibleNodesToFind(100)).toBe(100); // 50% of 100 = 50 → raised to 100
    expect(numFeasibleNodesToFind(200)).toBe(100); // 49% of 200 = 98 → 100
  });
  it("is 50% - nodes/125, at least 5%: 10% of a 5,000-node cluster, 5% from 5,625 nodes", () => {
    expect(numFeasibleNodesToFind(1000)).toBe(420); // 42%
    expect(numFeasibleNodesToFind(5000)).toBe(500); // 10%, the doc's example
    expect(numFeasibleNodesToFind(10000)).toBe(500); // floor of 5%
  });
});

describe("the search stops once enough feasible nodes are found", () => {
  const nodes = names(250).map((n) => makeNode(n, { cpu: "4" }));

  it("filters 120 of 250 nodes (48%) from nextStartNodeIndex, wrapping around", () => {
    const result = schedule({ pod: makePod("p", { cpu: "100m" }), nodes, podsByNode: new Map(), startNodeIndex: 200 });
    expect(result.processedNodes).toBe(120);
    expect(result.record.feasibleNodes[0]).toBe("n0200");
    expect(result.record.feasibleNodes.at(-1)).toBe("n0069");
    expect(result.record.searchStopped).toEqual({ evaluated: 120, wanted: 120 });
    // Nodes the search never reached are not in the record.
    expect(result.record.nodes.some((n) => n.node === "n0120")).toBe(false);
  });

  it("counts rejected nodes as processed too", () => {
    const tainted = nodes.map((n, i) => (i < 10 ? makeNode(n.metadata.name, { cpu: "4", taints: [{ key: "k", effect: "NoSchedule" }] }) : n));
    const result = scheduleWithoutRecord({ pod: makePod("p", { cpu: "100m" }), nodes: tainted, podsByNode: new Map() });
    expect(result).toMatchObject({ processedNodes: 130, feasibleNodes: 120, numAllNodes: 250 });
  });

  it("with no feasible node, every node is filtered and the message counts them all", () => {
    const result = scheduleWithoutRecord({ pod: makePod("p", { cpu: "8" }), nodes, podsByNode: new Map(), startNodeIndex: 17 });
    expect(result.processedNodes).toBe(250);
    expect(result.kind === "Unschedulable" && result.message.startsWith("0/250 nodes are available: 250 Insufficient cpu.")).toBe(true);
  });

  it("the verdict without a record is the verdict with one (any cluster size, start, request)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 160 }), fc.nat(400), fc.integer({ min: 1, max: 6000 }), (count, start, milli) => {
        const some = names(count).map((n, i) => makeNode(n, { cpu: String(1 + (i % 5)) }));
        const input = { pod: makePod("p", { cpu: `${milli}m` }), nodes: some, podsByNode: new Map(), startNodeIndex: start };
        const full = schedule(input);
        const quick = scheduleWithoutRecord(input);
        expect(quick.kind).toBe(full.kind);
        expect(quick.processedNodes).toBe(full.processedNodes);
        if (full.kind === "Scheduled" && quick.kind === "Scheduled") expect(quick.nodeName).toBe(full.nodeName);
        if (full.kind === "Unschedulable" && quick.kind === "Unschedulable") expect(quick.message).toBe(full.message);
      }),
      { numRuns: 60 },
    );
  });
});
