// FitError.Error() of kube-scheduler 1.32 (pkg/scheduler/framework/types.go).
import { describe, expect, it } from "vitest";
import { unresolvable, unschedulable } from "./framework.js";
import { fitErrorMessage } from "./fit_error.js";

describe("fitErrorMessage", () => {
  it("counts reasons over nodes and appends the preemption message after a space", () => {
    const statuses = new Map([
      ["cp", unresolvable("node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }")],
      ["w1", unschedulable("Insufficient cpu")],
      ["w2", unschedulable("Insufficient cpu")],
    ]);
    expect(
      fitErrorMessage({
        numAllNodes: 3,
        nodeStatuses: statuses,
        postFilterMsg: "preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.",
      }),
    ).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.",
    );
  });

  it("counts every reason of a node, so one node can add to several entries", () => {
    const statuses = new Map([["w1", unschedulable("Insufficient cpu", "Insufficient memory")]]);
    expect(fitErrorMessage({ numAllNodes: 1, nodeStatuses: statuses })).toBe("0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory.");
  });

  it("sorts the entries as strings, count included, like Go's sort.Strings (so 10 sorts before 2)", () => {
    const statuses = new Map<string, ReturnType<typeof unschedulable>>();
    for (let i = 0; i < 10; i++) statuses.set(`a${i}`, unschedulable("Too many pods"));
    for (let i = 0; i < 2; i++) statuses.set(`b${i}`, unschedulable("Insufficient cpu"));
    expect(fitErrorMessage({ numAllNodes: 12, nodeStatuses: statuses })).toBe("0/12 nodes are available: 10 Too many pods, 2 Insufficient cpu.");
  });

  it("counts nodes without an explicit status under the absent-nodes status", () => {
    expect(
      fitErrorMessage({
        numAllNodes: 3,
        nodeStatuses: new Map([["n1", unschedulable("Insufficient cpu")]]),
        absentNodesStatus: unresolvable("node(s) didn't satisfy plugin(s) [NodeAffinity]"),
      }),
    ).toBe("0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity].");
  });

  it("a PreFilter rejection replaces the histogram", () => {
    expect(
      fitErrorMessage({
        numAllNodes: 2,
        nodeStatuses: new Map(),
        absentNodesStatus: unresolvable("pod affinity terms conflict"),
        preFilterMsg: "pod affinity terms conflict",
      }),
    ).toBe("0/2 nodes are available: pod affinity terms conflict.");
  });
});
