// End-to-end scheduling attempts, checked against kube-scheduler 1.32's
// schedulePod/FitError/DefaultPreemption behaviour (pkg/scheduler/schedule_one.go,
// framework/types.go, framework/preemption/preemption.go).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Node, Pod } from "../api/types.js";
import { defaultProfile } from "./registry.js";
import { schedule } from "./scheduler.js";
import { clusterView } from "./cluster_view.js";
import { CycleState } from "./framework.js";
import { buildSnapshot } from "./snapshot.js";
import { bound, makeNode, makePod } from "./testing.js";

const controlPlane = () =>
  makeNode("control-plane", {
    labels: { "node-role.kubernetes.io/control-plane": "" },
    taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }],
  });

describe("schedule: FailedScheduling messages", () => {
  it("with zero nodes: `no nodes available to schedule pods`", () => {
    const result = schedule({ pod: makePod("p"), nodes: [], podsByNode: new Map() });
    expect(result).toMatchObject({ kind: "Unschedulable", message: "no nodes available to schedule pods" });
  });

  it("reads like kube-scheduler 1.32 when workers are full and the control plane is tainted", () => {
    const nodes = [controlPlane(), makeNode("worker-1", { cpu: "1" }), makeNode("worker-2", { cpu: "1" })];
    const existing = bound(makePod("a", { cpu: "800m", nodeName: "worker-1" }), makePod("b", { cpu: "800m", nodeName: "worker-2" }));
    const result = schedule({ pod: makePod("p", { cpu: "500m" }), nodes, podsByNode: existing });
    expect(result.kind).toBe("Unschedulable");
    if (result.kind !== "Unschedulable") return;
    expect(result.message).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. " +
        "preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.",
    );
    expect(result.preemption).toBeUndefined();
    const w1 = result.record.nodes.find((n) => n.node === "worker-1")!;
    expect(w1).toMatchObject({ code: "Unschedulable", reasons: ["Insufficient cpu"], rejectedBy: "NodeResourcesFit" });
    expect(w1.preemption).toEqual({ code: "UnschedulableAndUnresolvable", reasons: ["No preemption victims found for incoming pod"] });
  });

  it("counts only the first rejecting filter per node, as RunFilterPlugins stops there", () => {
    // Cordoned and too small: NodeUnschedulable runs first, so only its reason counts.
    const nodes = [makeNode("n1", { unschedulable: true, cpu: "100m" })];
    const result = schedule({ pod: makePod("p", { cpu: "1" }), nodes, podsByNode: new Map() });
    expect(result.kind === "Unschedulable" && result.message).toBe(
      "0/1 nodes are available: 1 node(s) were unschedulable. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
    );
    const filters = result.record.nodes[0]!.filters;
    expect(filters.find((f) => f.plugin === "NodeResourcesFit")).toMatchObject({ code: "Unschedulable", ranByKubeScheduler: false });
  });

  it("a pod pinned to one node by matchFields (a DaemonSet pod) counts the others under the NodeAffinity PreFilter", () => {
    const nodes = [makeNode("a", { cpu: "1" }), makeNode("b"), makeNode("c")];
    const pod = makePod("ds", {
      cpu: "2",
      spec: {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: ["a"] }] }],
            },
          },
        },
      },
    });
    const result = schedule({ pod, nodes, podsByNode: new Map() });
    expect(result.kind === "Unschedulable" && result.message).toBe(
      "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. " +
        "preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
    );
  });

  it("preemptionPolicy: Never gives `not eligible due to preemptionPolicy=Never.`", () => {
    const result = schedule({ pod: makePod("p", { cpu: "4", spec: { preemptionPolicy: "Never" } }), nodes: [makeNode("n")], podsByNode: new Map() });
    expect(result.kind === "Unschedulable" && result.message).toBe(
      "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.",
    );
  });

  it("a PreFilter rejection: `pod affinity terms conflict`, and preemption cannot help anywhere", () => {
    const pod = makePod("p", {
      spec: {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                {
                  matchFields: [
                    { key: "metadata.name", operator: "In", values: ["a"] },
                    { key: "metadata.name", operator: "In", values: ["b"] },
                  ],
                },
              ],
            },
          },
        },
      },
    });
    const result = schedule({ pod, nodes: [makeNode("a"), makeNode("b")], podsByNode: new Map() });
    expect(result.kind === "Unschedulable" && result.message).toBe(
      "0/2 nodes are available: pod affinity terms conflict. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    );
  });
});

describe("schedule: preemption", () => {
  it("nominates the node where evicting lower-priority pods makes room, and drops the preemption postfix", () => {
    const nodes = [makeNode("a", { cpu: "1" }), makeNode("b", { cpu: "1" })];
    const existing = bound(
      makePod("low-a", { cpu: "800m", priority: 10, nodeName: "a" }),
      makePod("low-b", { cpu: "800m", priority: 0, nodeName: "b" }),
    );
    const result = schedule({ pod: makePod("urgent", { cpu: "500m", priority: 1000 }), nodes, podsByNode: existing });
    expect(result.kind).toBe("Unschedulable");
    if (result.kind !== "Unschedulable") return;
    expect(result.message).toBe("0/2 nodes are available: 2 Insufficient cpu.");
    // pickOneNodeForPreemption: the node whose highest-priority victim is lowest wins.
    expect(result.preemption?.nominatedNodeName).toBe("b");
    expect(result.preemption?.victims.map((v) => v.metadata.name)).toEqual(["low-b"]);
    expect(result.record.preemption).toEqual({ message: "", nominatedNodeName: "b", victims: ["default/low-b"] });
  });

  it("reprieves as many victims as still let the pod fit, most important first", () => {
    const nodes = [makeNode("a", { cpu: "1" })];
    const existing = bound(
      makePod("keep", { cpu: "400m", priority: 5, nodeName: "a" }),
      makePod("evict", { cpu: "400m", priority: 1, nodeName: "a" }),
    );
    const result = schedule({ pod: makePod("p", { cpu: "500m", priority: 100 }), nodes, podsByNode: existing });
    expect(result.kind === "Unschedulable" && result.preemption?.victims.map((v) => v.metadata.name)).toEqual(["evict"]);
  });

  it("reports why preemption fails on a node when even evicting every lower-priority pod is not enough", () => {
    const nodes = [makeNode("a", { cpu: "1" })];
    const existing = bound(makePod("same", { cpu: "900m", priority: 100, nodeName: "a" }), makePod("low", { cpu: "50m", nodeName: "a" }));
    const result = schedule({ pod: makePod("p", { cpu: "500m", priority: 100 }), nodes, podsByNode: existing });
    expect(result.kind === "Unschedulable" && result.message).toBe(
      "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Insufficient cpu.",
    );
  });
});

describe("schedule: scoring and placement", () => {
  it("uses the only feasible node without scoring", () => {
    const result = schedule({ pod: makePod("p"), nodes: [controlPlane(), makeNode("worker")], podsByNode: new Map() });
    expect(result).toMatchObject({ kind: "Scheduled", nodeName: "worker" });
    expect(result.record.nodes.find((n) => n.node === "worker")!.scores).toBeUndefined();
  });

  it("prefers the emptier node (LeastAllocated) and records the weighted scores", () => {
    const nodes = [makeNode("busy"), makeNode("idle")];
    const existing = bound(makePod("x", { cpu: "1500m", memory: "3Gi", nodeName: "busy" }));
    const result = schedule({ pod: makePod("p", { cpu: "100m", memory: "128Mi" }), nodes, podsByNode: existing });
    expect(result).toMatchObject({ kind: "Scheduled", nodeName: "idle" });
    const idle = result.record.nodes.find((n) => n.node === "idle")!;
    expect(idle.scores!.map((s) => [s.plugin, s.weight])).toEqual([
      ["TaintToleration", 3],
      ["NodeResourcesFit", 1],
      ["NodeResourcesBalancedAllocation", 1],
      ["ImageLocality", 1],
    ]);
    // A pod with no preferences and no group: PodTopologySpread and InterPodAffinity skip, as their PreScore returns Skip.
    expect(result.record.skippedScorePlugins).toEqual(["NodeAffinity", "PodTopologySpread", "InterPodAffinity"]);
    expect(idle.totalScore).toBe(idle.scores!.reduce((sum, s) => sum + s.weighted, 0));
  });

  it("breaks ties by node name whatever the input order (kube-scheduler would pick at random)", () => {
    const names = ["node-c", "node-a", "node-b"];
    for (const order of [names, [...names].reverse(), ["node-b", "node-c", "node-a"]]) {
      const result = schedule({ pod: makePod("p"), nodes: order.map((n) => makeNode(n)), podsByNode: new Map() });
      expect(result).toMatchObject({ kind: "Scheduled", nodeName: "node-a" });
      expect(result.record.tiedNodes).toEqual(["node-a", "node-b", "node-c"]);
    }
  });

  it("follows preferred node affinity when resources are equal", () => {
    const nodes = [makeNode("a"), makeNode("b", { labels: { disk: "ssd" } })];
    const pod = makePod("p", {
      spec: {
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: "disk", operator: "In", values: ["ssd"] }] } }],
          },
        },
      },
    });
    expect(schedule({ pod, nodes, podsByNode: new Map() })).toMatchObject({ kind: "Scheduled", nodeName: "b" });
  });
});

describe("schedule: property", () => {
  const taintArb = fc.record({
    key: fc.constantFrom("dedicated", "gpu", "node.kubernetes.io/not-ready"),
    value: fc.constantFrom("", "a", "b"),
    effect: fc.constantFrom("NoSchedule" as const, "PreferNoSchedule" as const, "NoExecute" as const),
  });
  const nodeArb = fc.record({
    cpu: fc.integer({ min: 0, max: 4000 }),
    memoryMi: fc.integer({ min: 0, max: 4096 }),
    pods: fc.integer({ min: 0, max: 4 }),
    zone: fc.constantFrom("a", "b"),
    taints: fc.array(taintArb, { maxLength: 2 }),
    unschedulable: fc.boolean(),
    boundCpu: fc.array(fc.integer({ min: 0, max: 2000 }), { maxLength: 3 }),
  });
  const podArb = fc.record({
    cpu: fc.integer({ min: 0, max: 3000 }),
    memoryMi: fc.integer({ min: 0, max: 3000 }),
    zone: fc.option(fc.constantFrom("a", "b"), { nil: undefined }),
    tolerations: fc.array(
      fc.record({
        key: fc.constantFrom("", "dedicated", "gpu"),
        operator: fc.constantFrom("Equal" as const, "Exists" as const),
        value: fc.constantFrom("", "a"),
        effect: fc.constantFrom(undefined, "NoSchedule" as const, "NoExecute" as const),
      }),
      { maxLength: 2 },
    ),
  });

  it("a scheduled pod's node passes every filter; an unschedulable pod's nodes all fail one", () => {
    const seen = { Scheduled: 0, Unschedulable: 0 };
    fc.assert(
      fc.property(fc.array(nodeArb, { minLength: 1, maxLength: 4 }), podArb, (nodeSpecs, podSpec) => {
        const nodes: Node[] = nodeSpecs.map((s, i) =>
          makeNode(`node-${i}`, {
            cpu: `${s.cpu}m`,
            memory: `${s.memoryMi}Mi`,
            pods: String(s.pods),
            labels: { zone: s.zone },
            taints: s.taints,
            unschedulable: s.unschedulable,
          }),
        );
        const boundPods: Pod[] = nodeSpecs.flatMap((s, i) => s.boundCpu.map((c, j) => makePod(`b-${i}-${j}`, { cpu: `${c}m`, nodeName: `node-${i}` })));
        const pod = makePod("p", {
          cpu: `${podSpec.cpu}m`,
          memory: `${podSpec.memoryMi}Mi`,
          spec: {
            tolerations: podSpec.tolerations.map((t) => (t.key === "" ? { operator: "Exists" as const } : t)),
            ...(podSpec.zone ? { nodeSelector: { zone: podSpec.zone } } : {}),
          },
        });
        const podsByNode = bound(...boundPods);
        const result = schedule({ pod, nodes, podsByNode });
        seen[result.kind]++;
        const snapshot = buildSnapshot(nodes, podsByNode);
        const passesAll = (name: string) =>
          defaultProfile.filters.every((f) => f.filter(pod, snapshot.find((n) => n.name === name)!, clusterView(snapshot), new CycleState()).code === "Success");
        if (result.kind === "Scheduled") {
          expect(passesAll(result.nodeName)).toBe(true);
          const totals = result.record.nodes.filter((n) => n.totalScore !== undefined).map((n) => n.totalScore!);
          const chosen = result.record.nodes.find((n) => n.node === result.nodeName)!;
          if (totals.length > 0) expect(chosen.totalScore).toBe(Math.max(...totals));
        } else {
          for (const n of nodes) expect(passesAll(n.metadata.name)).toBe(false);
          expect(result.message).toMatch(new RegExp(`^0/${nodes.length} nodes are available: `));
        }
      }),
      { seed: 20250101, numRuns: 300 },
    );
    // Both outcomes must actually occur, or the property proves nothing.
    expect(seen.Scheduled).toBeGreaterThan(20);
    expect(seen.Unschedulable).toBeGreaterThan(20);
  });
});
