// Cases follow upstream's pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable_test.go.
import { describe, expect, it } from "vitest";
import { buildSnapshot } from "../../snapshot.js";
import { makeNode, makePod } from "../../testing.js";
import { nodeUnschedulablePlugin } from "./node_unschedulable.js";

const [cordoned, normal] = buildSnapshot([makeNode("cordoned", { unschedulable: true }), makeNode("normal")], new Map());

describe("NodeUnschedulable filter", () => {
  it("does not schedule pod to unschedulable node (node.Spec.Unschedulable==true)", () => {
    expect(nodeUnschedulablePlugin.filter(makePod("p"), cordoned!)).toEqual({
      code: "UnschedulableAndUnresolvable",
      reasons: ["node(s) were unschedulable"],
    });
  });

  it("schedules pod to normal node", () => {
    expect(nodeUnschedulablePlugin.filter(makePod("p"), normal!).code).toBe("Success");
  });

  it("schedules pod with toleration to unschedulable node (as DaemonSet pods carry)", () => {
    const pod = makePod("p", { spec: { tolerations: [{ key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" }] } });
    expect(nodeUnschedulablePlugin.filter(pod, cordoned!).code).toBe("Success");
  });
});
