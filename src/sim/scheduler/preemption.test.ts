// DefaultPreemption and PodDisruptionBudgets, after kube-scheduler 1.32's
// framework/plugins/defaultpreemption/default_preemption.go (SelectVictimsOnNode,
// filterPodsWithPDBViolation) and framework/preemption/preemption.go (pickOneNodeForPreemption:
// "A node with minimum number of PDB violations" comes first).
// https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/#poddisruptionbudget-is-supported-but-not-guaranteed
import { describe, expect, it } from "vitest";
import type { Pod } from "../api/types.js";
import type { PodDisruptionBudget } from "../api/policy/pod-disruption-budget.js";
import { SUCCESS, unschedulable, type NodeInfo } from "./framework.js";
import { insufficientResources } from "./plugins/noderesources/fit.js";
import { preempt } from "./preemption.js";
import { clusterView } from "./cluster_view.js";
import { buildSnapshot } from "./snapshot.js";
import { bound, makeNode, makePod } from "./testing.js";

const fits = (pod: Pod, nodeInfo: NodeInfo) => {
  const reasons = insufficientResources(pod, nodeInfo);
  return reasons.length === 0 ? SUCCESS : unschedulable(...reasons);
};

function labelled(pod: Pod, labels: Record<string, string>): Pod {
  return { ...pod, metadata: { ...pod.metadata, labels } };
}

function budget(name: string, app: string, disruptionsAllowed: number, disruptedPods?: Record<string, string>): PodDisruptionBudget {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { name, namespace: "default", uid: name, resourceVersion: "1", creationTimestamp: "2025-01-01T00:00:00Z" },
    spec: { minAvailable: 1, selector: { matchLabels: { app } } },
    status: { disruptionsAllowed, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, ...(disruptedPods ? { disruptedPods } : {}) },
  };
}

function run(podsOnNodes: Pod[], budgets: PodDisruptionBudget[], nodes = ["a", "b"]) {
  const snapshot = buildSnapshot(nodes.map((n) => makeNode(n, { cpu: "1" })), bound(...podsOnNodes));
  const statuses = new Map(snapshot.map((n) => [n.name, unschedulable("Insufficient cpu")]));
  return preempt(makePod("urgent", { cpu: "600m", priority: 1000 }), clusterView(snapshot), statuses, (p, info) => fits(p, info), budgets);
}

describe("preemption honours PodDisruptionBudgets (filterPodsWithPDBViolation)", () => {
  it("picks the node whose victims violate no budget, even where it would otherwise lose on priority", () => {
    const pods = [
      // Lower priority on a, but its only disruption is already spent.
      labelled(makePod("guarded", { cpu: "800m", priority: 0, nodeName: "a" }), { app: "db" }),
      labelled(makePod("free", { cpu: "800m", priority: 10, nodeName: "b" }), { app: "web" }),
    ];
    expect(run(pods, []).candidate?.nodeName).toBe("a");
    const outcome = run(pods, [budget("db", "db", 0)]);
    expect(outcome.candidate).toEqual({ nodeName: "b", victims: [pods[1]], numPDBViolations: 0 });
  });

  it("a budget with disruptions to spare is no violation; one already approved in disruptedPods does not spend again", () => {
    const pods = [
      labelled(makePod("guarded", { cpu: "800m", priority: 0, nodeName: "a" }), { app: "db" }),
      labelled(makePod("free", { cpu: "800m", priority: 10, nodeName: "b" }), { app: "web" }),
    ];
    expect(run(pods, [budget("db", "db", 1)]).candidate).toMatchObject({ nodeName: "a", numPDBViolations: 0 });
    expect(run(pods, [budget("db", "db", 0, { guarded: "2025-01-01T00:00:00Z" })]).candidate).toMatchObject({ nodeName: "a", numPDBViolations: 0 });
  });

  it("on one node, a violating victim is reprieved before a non-violating one of higher priority", () => {
    const pods = [
      labelled(makePod("guarded", { cpu: "400m", priority: 0, nodeName: "a" }), { app: "db" }),
      labelled(makePod("other", { cpu: "400m", priority: 5, nodeName: "a" }), { app: "web" }),
    ];
    // Without budgets the more important pod ("other") is reprieved and "guarded" goes.
    expect(run(pods, [], ["a"]).candidate?.victims.map((v) => v.metadata.name)).toEqual(["guarded"]);
    const outcome = run(pods, [budget("db", "db", 0)], ["a"]);
    expect(outcome.candidate).toMatchObject({ nodeName: "a", numPDBViolations: 0 });
    expect(outcome.candidate?.victims.map((v) => v.metadata.name)).toEqual(["other"]);
  });

  it("when every choice violates a budget, preemption still happens and counts the violation", () => {
    const pods = [labelled(makePod("guarded", { cpu: "800m", priority: 0, nodeName: "a" }), { app: "db" })];
    expect(run(pods, [budget("db", "db", 0)], ["a"]).candidate).toMatchObject({ nodeName: "a", numPDBViolations: 1 });
  });
});
