// Cases follow upstream's pkg/scheduler/framework/plugins/noderesources/balanced_allocation_test.go.
import { describe, expect, it } from "vitest";
import { buildSnapshot } from "../../snapshot.js";
import { makeNode, makePod } from "../../testing.js";
import { balancedAllocationPlugin, balancedResourceScore } from "./balanced_allocation.js";

describe("NodeResourcesBalancedAllocation", () => {
  it("nothing scheduled, resources requested, differently sized nodes (upstream: 87, 100)", () => {
    const nodes = buildSnapshot(
      [makeNode("node1", { cpu: "4000m", memory: "10000" }), makeNode("node2", { cpu: "6000m", memory: "10000" })],
      new Map(),
    );
    const pod = makePod("p", {
      spec: {
        containers: [
          { name: "a", image: "nginx", resources: { requests: { cpu: "1000m", memory: "2000" } } },
          { name: "b", image: "nginx", resources: { requests: { cpu: "2000m", memory: "3000" } } },
        ],
      },
    });
    // node1: cpu 3000/4000 = 0.75, memory 0.5 → std 0.125 → 87; node2: 0.5 and 0.5 → 100.
    expect(nodes.map((n) => balancedAllocationPlugin.score(pod, n))).toEqual([87, 100]);
  });

  it("fractions are capped at 1 and resources a node does not have are ignored", () => {
    expect(balancedResourceScore([8000, 5000], [4000, 10000])).toBe(75);
    expect(balancedResourceScore([0, 5000], [0, 10000])).toBe(100);
  });
});
