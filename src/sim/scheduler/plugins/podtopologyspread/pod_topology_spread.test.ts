// Cases follow upstream's pkg/scheduler/framework/plugins/podtopologyspread/
// filtering_test.go and scoring_test.go (1.32) and the examples of
// https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
// (four nodes in two zones, maxSkew 1, minDomains, the node inclusion policies,
// matchLabelKeys, the cluster-level default constraints).
import type { ITopologySpreadConstraint } from "kubernetes-models/v1/TopologySpreadConstraint";
import { describe, expect, it } from "vitest";
import type { Pod } from "../../../api/types.js";
import { fromLabelSelector } from "../../../core/labels.js";
import type { WorkloadLookup } from "../../framework.js";
import { schedule } from "../../scheduler.js";
import { bound, makeNode, makePod } from "../../testing.js";
import { ERR_REASON_CONSTRAINTS_NOT_MATCH, ERR_REASON_NODE_LABEL_NOT_MATCH } from "./pod_topology_spread.js";

const ZONE = "topology.kubernetes.io/zone";
const HOST = "kubernetes.io/hostname";

function labelled(name: string, labels: Record<string, string>, options: Parameters<typeof makePod>[1] = {}): Pod {
  const pod = makePod(name, options);
  return { ...pod, metadata: { ...pod.metadata, labels } };
}

/** The docs' cluster: node1, node2 in zoneA; node3, node4 in zoneB. */
const docsNodes = () => [
  makeNode("node1", { labels: { [ZONE]: "zoneA" } }),
  makeNode("node2", { labels: { [ZONE]: "zoneA" } }),
  makeNode("node3", { labels: { [ZONE]: "zoneB" } }),
  makeNode("node4", { labels: { [ZONE]: "zoneB" } }),
];

/** The docs' three foo pods: two in zoneA, one in zoneB. */
const docsPods = () =>
  bound(
    labelled("foo-1", { foo: "bar" }, { nodeName: "node1" }),
    labelled("foo-2", { foo: "bar" }, { nodeName: "node2" }),
    labelled("foo-3", { foo: "bar" }, { nodeName: "node3" }),
  );

const spread = (c: Partial<ITopologySpreadConstraint> = {}): ITopologySpreadConstraint => ({
  maxSkew: 1,
  topologyKey: ZONE,
  whenUnsatisfiable: "DoNotSchedule",
  labelSelector: { matchLabels: { foo: "bar" } },
  ...c,
});

function verdicts(result: ReturnType<typeof schedule>): Record<string, string> {
  return Object.fromEntries(result.record.nodes.map((n) => [n.node, n.code === "Success" ? "ok" : `${n.code}: ${n.reasons.join("; ")}`]));
}

describe("PodTopologySpread filter", () => {
  it("maxSkew 1 over zones: with 2/1 pods, only zoneB's nodes pass (the docs' example)", () => {
    const pod = labelled("mypod", { foo: "bar" }, { spec: { topologySpreadConstraints: [spread()] } });
    const result = schedule({ pod, nodes: docsNodes(), podsByNode: docsPods() });
    expect(verdicts(result)).toEqual({
      node1: `Unschedulable: ${ERR_REASON_CONSTRAINTS_NOT_MATCH}`,
      node2: `Unschedulable: ${ERR_REASON_CONSTRAINTS_NOT_MATCH}`,
      node3: "ok",
      node4: "ok",
    });
  });

  it("maxSkew 2 lets every zone take the pod", () => {
    const pod = labelled("mypod", { foo: "bar" }, { spec: { topologySpreadConstraints: [spread({ maxSkew: 2 })] } });
    expect(Object.values(verdicts(schedule({ pod, nodes: docsNodes(), podsByNode: docsPods() })))).toEqual(["ok", "ok", "ok", "ok"]);
  });

  it("a node without the topology key: `(missing required label)`, UnschedulableAndUnresolvable", () => {
    const nodes = [...docsNodes(), makeNode("node5")];
    const pod = labelled("mypod", { foo: "bar" }, { spec: { topologySpreadConstraints: [spread()] } });
    const result = schedule({ pod, nodes, podsByNode: docsPods() });
    expect(verdicts(result).node5).toBe(`UnschedulableAndUnresolvable: ${ERR_REASON_NODE_LABEL_NOT_MATCH}`);
  });

  it("the FailedScheduling message when every zone is at its skew", () => {
    // Two pods in zoneA, none in zoneB, and zoneB's nodes are too small for the pod.
    const nodes = [
      makeNode("node1", { labels: { [ZONE]: "zoneA" } }),
      makeNode("node3", { labels: { [ZONE]: "zoneB" }, cpu: "100m" }),
    ];
    const existing = bound(labelled("foo-1", { foo: "bar" }, { nodeName: "node1" }), labelled("foo-2", { foo: "bar" }, { nodeName: "node1" }));
    const pod = labelled("mypod", { foo: "bar" }, { cpu: "500m", spec: { topologySpreadConstraints: [spread()] } });
    const result = schedule({ pod, nodes, podsByNode: existing });
    expect(result.kind === "Unschedulable" && result.message).toBe(
      `0/2 nodes are available: 1 Insufficient cpu, 1 ${ERR_REASON_CONSTRAINTS_NOT_MATCH}. ` +
        "preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.",
    );
  });

  it("minDomains: fewer eligible domains than minDomains makes the global minimum 0", () => {
    // One pod in each zone: with minDomains 3 (only 2 zones exist), placing a second pod anywhere gives skew 2 > 1.
    const existing = bound(labelled("a", { foo: "bar" }, { nodeName: "node1" }), labelled("b", { foo: "bar" }, { nodeName: "node3" }));
    const withMin = labelled("p", { foo: "bar" }, { spec: { topologySpreadConstraints: [spread({ minDomains: 3 })] } });
    expect(schedule({ pod: withMin, nodes: docsNodes(), podsByNode: existing }).kind).toBe("Unschedulable");
    const without = labelled("p", { foo: "bar" }, { spec: { topologySpreadConstraints: [spread()] } });
    expect(schedule({ pod: without, nodes: docsNodes(), podsByNode: existing }).kind).toBe("Scheduled");
  });

  it("nodeAffinityPolicy Honor (default) leaves out domains the pod's nodeSelector excludes; Ignore counts them", () => {
    // zoneC holds no pod but the pod may not go there: honoured, the minimum is zoneB's 1 and zoneB passes.
    const nodes = [...docsNodes(), makeNode("node5", { labels: { [ZONE]: "zoneC", pool: "other" } })];
    for (const n of nodes.slice(0, 4)) n.metadata.labels!["pool"] = "main";
    const honour = labelled("p", { foo: "bar" }, { spec: { nodeSelector: { pool: "main" }, topologySpreadConstraints: [spread()] } });
    expect(verdicts(schedule({ pod: honour, nodes, podsByNode: docsPods() })).node3).toBe("ok");
    const ignore = labelled("p", { foo: "bar" }, { spec: { nodeSelector: { pool: "main" }, topologySpreadConstraints: [spread({ nodeAffinityPolicy: "Ignore" })] } });
    // Counted, empty zoneC is the minimum: zoneB (1 + 1 - 0 = 2) no longer passes.
    expect(verdicts(schedule({ pod: ignore, nodes, podsByNode: docsPods() })).node3).toBe(`Unschedulable: ${ERR_REASON_CONSTRAINTS_NOT_MATCH}`);
  });

  it("nodeTaintsPolicy Honor leaves out tainted nodes the pod does not tolerate; Ignore (default) counts them", () => {
    const nodes = [...docsNodes(), makeNode("node5", { labels: { [ZONE]: "zoneC" }, taints: [{ key: "gpu", value: "yes", effect: "NoSchedule" }] })];
    const ignore = labelled("p", { foo: "bar" }, { spec: { topologySpreadConstraints: [spread()] } });
    expect(verdicts(schedule({ pod: ignore, nodes, podsByNode: docsPods() })).node3).toBe(`Unschedulable: ${ERR_REASON_CONSTRAINTS_NOT_MATCH}`);
    const honour = labelled("p", { foo: "bar" }, { spec: { topologySpreadConstraints: [spread({ nodeTaintsPolicy: "Honor" })] } });
    expect(verdicts(schedule({ pod: honour, nodes, podsByNode: docsPods() })).node3).toBe("ok");
  });

  it("matchLabelKeys adds the pod's own values to the selector (one revision spreads on its own)", () => {
    // The old revision's pods sit in zoneA; the new revision counts only its own, so zoneA is fine again.
    const existing = bound(
      labelled("old-1", { app: "web", "pod-template-hash": "old" }, { nodeName: "node1" }),
      labelled("old-2", { app: "web", "pod-template-hash": "old" }, { nodeName: "node2" }),
    );
    const c = spread({ labelSelector: { matchLabels: { app: "web" } } });
    const plain = labelled("new-1", { app: "web", "pod-template-hash": "new" }, { spec: { topologySpreadConstraints: [c] } });
    expect(verdicts(schedule({ pod: plain, nodes: docsNodes(), podsByNode: existing })).node1).toBe(`Unschedulable: ${ERR_REASON_CONSTRAINTS_NOT_MATCH}`);
    const keyed = labelled("new-1", { app: "web", "pod-template-hash": "new" }, { spec: { topologySpreadConstraints: [{ ...c, matchLabelKeys: ["pod-template-hash"] }] } });
    expect(verdicts(schedule({ pod: keyed, nodes: docsNodes(), podsByNode: existing })).node1).toBe("ok");
  });

  it("a constraint without labelSelector selects nothing, so it never refuses a node", () => {
    const pod = labelled("p", { foo: "bar" }, { spec: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: "DoNotSchedule" }] } });
    expect(Object.values(verdicts(schedule({ pod, nodes: docsNodes(), podsByNode: docsPods() })))).toEqual(["ok", "ok", "ok", "ok"]);
  });

  it("ScheduleAnyway constraints never filter: PreFilter skips", () => {
    const pod = labelled("p", { foo: "bar" }, { spec: { topologySpreadConstraints: [spread({ whenUnsatisfiable: "ScheduleAnyway" })] } });
    const result = schedule({ pod, nodes: docsNodes(), podsByNode: docsPods() });
    expect(result.record.preFilter.find((v) => v.plugin === "PodTopologySpread")).toMatchObject({ code: "Skip" });
  });
});

describe("PodTopologySpread and preemption (PreFilterExtensions.RemovePod)", () => {
  it("a dry run that removes matching pods counts their zone again without them", () => {
    const nodes = [makeNode("n1", { labels: { [ZONE]: "zoneA" } }), makeNode("n2", { labels: { [ZONE]: "zoneB" }, cpu: "1" })];
    const existing = bound(
      labelled("a1", { foo: "bar" }, { nodeName: "n1", priority: 0 }),
      labelled("a2", { foo: "bar" }, { nodeName: "n1", priority: 0 }),
      labelled("filler", { other: "x" }, { nodeName: "n2", cpu: "900m", priority: 0 }),
    );
    const pod = labelled("p", { foo: "bar" }, { cpu: "500m", priority: 100, spec: { topologySpreadConstraints: [spread()] } });
    const result = schedule({ pod, nodes, podsByNode: existing });
    expect(result.kind).toBe("Unschedulable");
    // n1 is refused by the spread (2 + 1 − 0 > 1) but becomes a preemption candidate once a1 and a2 are gone:
    // no per-node preemption failure is recorded for it.
    expect(verdicts(result).n1).toBe(`Unschedulable: ${ERR_REASON_CONSTRAINTS_NOT_MATCH}`);
    expect(result.record.nodes.find((n) => n.node === "n1")!.preemption).toBeUndefined();
    // Fewer victims win: the filler on n2.
    expect(result.kind === "Unschedulable" && result.preemption?.victims.map((v) => v.metadata.name)).toEqual(["filler"]);
  });
});

describe("PodTopologySpread score", () => {
  const scoreOf = (result: ReturnType<typeof schedule>, node: string) =>
    result.record.nodes.find((n) => n.node === node)!.scores!.find((s) => s.plugin === "PodTopologySpread")!;

  it("hostname, ScheduleAnyway: count × log(nodes + 2) + (maxSkew − 1), rounded; fewer pods normalise to 100", () => {
    const nodes = [makeNode("a"), makeNode("b")];
    const existing = bound(labelled("x", { foo: "bar" }, { nodeName: "a" }), labelled("y", { foo: "bar" }, { nodeName: "a" }));
    const pod = labelled("p", { foo: "bar" }, { spec: { topologySpreadConstraints: [spread({ topologyKey: HOST, whenUnsatisfiable: "ScheduleAnyway" })] } });
    const result = schedule({ pod, nodes, podsByNode: existing });
    // 2 × ln 4 = 2.77 → 3; max 3, min 0: a → 100 × (3 + 0 − 3) / 3 = 0, b → 100.
    expect(scoreOf(result, "a")).toMatchObject({ raw: 3, normalized: 0, weight: 2 });
    expect(scoreOf(result, "b")).toMatchObject({ raw: 0, normalized: 100, weighted: 200 });
    expect(result).toMatchObject({ kind: "Scheduled", nodeName: "b" });
  });

  it("zones: the pods of the whole zone count, weighted by log(zones + 2)", () => {
    const pod = labelled("p", { foo: "bar" }, { spec: { topologySpreadConstraints: [spread({ whenUnsatisfiable: "ScheduleAnyway" })] } });
    const result = schedule({ pod, nodes: docsNodes(), podsByNode: docsPods() });
    // zoneA: 2 × ln 4 = 2.77 → 3; zoneB: 1 × ln 4 = 1.39 → 1. Normalised: zoneA 100 × (3 + 1 − 3) / 3 = 33, zoneB 100.
    expect(scoreOf(result, "node1")).toMatchObject({ raw: 3, normalized: 33 });
    expect(scoreOf(result, "node4")).toMatchObject({ raw: 1, normalized: 100 });
  });

  it("the pod's own constraints need every topology key: nodes without it are ignored (score 0)", () => {
    const nodes = [...docsNodes(), makeNode("bare")];
    const pod = labelled("p", { foo: "bar" }, { spec: { topologySpreadConstraints: [spread({ whenUnsatisfiable: "ScheduleAnyway" })] } });
    expect(scoreOf(schedule({ pod, nodes, podsByNode: docsPods() }), "bare")).toMatchObject({ raw: 0, normalized: 0 });
  });

  describe("system default constraints (hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway)", () => {
    const rsSelector = fromLabelSelector({ matchLabels: { app: "web" } });
    const workloads: WorkloadLookup = {
      serviceSelectors: () => [],
      controllerSelector: (_ns, apiVersion, kind, name) => (apiVersion === "apps/v1" && kind === "ReplicaSet" && name === "web-1" ? rsSelector : undefined),
    };
    const owned = (name: string, nodeName?: string) => {
      const pod = labelled(name, { app: "web" }, nodeName ? { nodeName } : {});
      return { ...pod, metadata: { ...pod.metadata, ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-1", uid: "u", controller: true }] } };
    };

    it("a ReplicaSet's pod spreads by hostname even on nodes without zone labels", () => {
      const nodes = [makeNode("a"), makeNode("b")];
      const existing = bound(owned("web-x", "a"), owned("web-y", "a"));
      const result = schedule({ pod: owned("web-z"), nodes, podsByNode: existing, workloads });
      // a: 2 × ln 4 + (3 − 1) = 4.77 → 5; b: 0 + 2 = 2. Normalised: a 100 × (5 + 2 − 5) / 5 = 40, b 100 × (5 + 2 − 2) / 5 = 100.
      expect(scoreOf(result, "a")).toMatchObject({ raw: 5, normalized: 40 });
      expect(scoreOf(result, "b")).toMatchObject({ raw: 2, normalized: 100 });
    });

    it("a Service selecting the pod is enough to form its group", () => {
      const withService: WorkloadLookup = { serviceSelectors: () => [{ app: "web" }], controllerSelector: () => undefined };
      const nodes = [makeNode("a"), makeNode("b")];
      const existing = bound(labelled("w1", { app: "web" }, { nodeName: "a" }));
      const result = schedule({ pod: labelled("w2", { app: "web" }), nodes, podsByNode: existing, workloads: withService });
      expect(result.record.skippedScorePlugins).not.toContain("PodTopologySpread");
      expect(scoreOf(result, "b").normalized).toBe(100);
    });

    it("a pod of no group (no Service, no controller) gets no default constraints", () => {
      const result = schedule({ pod: labelled("solo", { app: "web" }), nodes: [makeNode("a"), makeNode("b")], podsByNode: new Map(), workloads });
      expect(result.record.skippedScorePlugins).toContain("PodTopologySpread");
    });
  });
});
