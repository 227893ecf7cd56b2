// Cases follow upstream's pkg/scheduler/framework/plugins/tainttoleration/taint_toleration_test.go
// (TestTaintTolerationFilter, TestTaintTolerationScore) and k8s.io/api/core/v1 toleration_test.go.
import { describe, expect, it } from "vitest";
import { buildSnapshot } from "../../snapshot.js";
import { makeNode, makePod } from "../../testing.js";
import { findUntoleratedTaint, taintTolerationPlugin, toleratesTaint, type Taint, type Toleration } from "./taint_toleration.js";

function filter(tolerations: Toleration[], taints: Taint[]) {
  const pod = makePod("p", { spec: { tolerations } });
  const [nodeInfo] = buildSnapshot([makeNode("n", { taints })], new Map());
  return taintTolerationPlugin.filter(pod, nodeInfo!);
}

describe("TaintToleration filter", () => {
  it("a pod having no tolerations can't be scheduled onto a node with nonempty taints", () => {
    expect(filter([], [{ key: "dedicated", value: "user1", effect: "NoSchedule" }])).toEqual({
      code: "UnschedulableAndUnresolvable",
      reasons: ["node(s) had untolerated taint {dedicated: user1}"],
    });
  });

  it("words an empty taint value as `{key: }`, as the control-plane taint reads in events", () => {
    expect(filter([], [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }]).reasons).toEqual([
      "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }",
    ]);
  });

  it("a pod which can be scheduled on a dedicated node assigned to user1 with effect NoSchedule", () => {
    expect(filter([{ key: "dedicated", value: "user1", effect: "NoSchedule" }], [{ key: "dedicated", value: "user1", effect: "NoSchedule" }]).code).toBe("Success");
  });

  it("a pod which can't be scheduled on a dedicated node assigned to user2 with effect NoSchedule", () => {
    expect(filter([{ key: "dedicated", operator: "Equal", value: "user2", effect: "NoSchedule" }], [{ key: "dedicated", value: "user1", effect: "NoSchedule" }]).code).toBe(
      "UnschedulableAndUnresolvable",
    );
  });

  it("a toleration with operator Exists tolerates the taint whatever its value", () => {
    expect(filter([{ key: "foo", operator: "Exists", effect: "NoSchedule" }], [{ key: "foo", value: "bar", effect: "NoSchedule" }]).code).toBe("Success");
  });

  it("keys and values match but a non-empty effect differs: can't be scheduled", () => {
    expect(filter([{ key: "foo", operator: "Equal", value: "bar", effect: "PreferNoSchedule" }], [{ key: "foo", value: "bar", effect: "NoSchedule" }]).code).toBe(
      "UnschedulableAndUnresolvable",
    );
  });

  it("an empty toleration effect matches the NoSchedule taint", () => {
    expect(filter([{ key: "foo", operator: "Equal", value: "bar" }], [{ key: "foo", value: "bar", effect: "NoSchedule" }]).code).toBe("Success");
  });

  it("PreferNoSchedule taints never block scheduling", () => {
    expect(filter([], [{ key: "foo", value: "bar", effect: "PreferNoSchedule" }]).code).toBe("Success");
  });

  it("NoExecute taints block scheduling like NoSchedule", () => {
    expect(filter([], [{ key: "node.kubernetes.io/not-ready", effect: "NoExecute" }]).reasons).toEqual([
      "node(s) had untolerated taint {node.kubernetes.io/not-ready: }",
    ]);
  });

  it("reports the first untolerated taint in node order", () => {
    const taints: Taint[] = [
      { key: "a", value: "1", effect: "NoSchedule" },
      { key: "b", value: "2", effect: "NoSchedule" },
    ];
    expect(findUntoleratedTaint(taints, [{ key: "a", operator: "Exists" }])?.key).toBe("b");
  });
});

describe("Toleration.ToleratesTaint", () => {
  it("empty key with Exists tolerates every taint of every effect", () => {
    for (const effect of ["NoSchedule", "PreferNoSchedule", "NoExecute"] as const) {
      expect(toleratesTaint({ operator: "Exists" }, { key: "anything", value: "v", effect })).toBe(true);
    }
  });

  it("operator defaults to Equal: the values must match", () => {
    expect(toleratesTaint({ key: "k", value: "v" }, { key: "k", value: "v", effect: "NoSchedule" })).toBe(true);
    expect(toleratesTaint({ key: "k", value: "w" }, { key: "k", value: "v", effect: "NoSchedule" })).toBe(false);
  });

  it("a different key is not tolerated even with Exists", () => {
    expect(toleratesTaint({ key: "other", operator: "Exists" }, { key: "k", effect: "NoExecute" })).toBe(false);
  });
});

describe("TaintToleration score", () => {
  it("the more intolerable PreferNoSchedule taints a node has, the lower its normalized score", () => {
    const pod = makePod("p", { spec: { tolerations: [{ key: "foo", operator: "Equal", value: "bar", effect: "PreferNoSchedule" }] } });
    const nodes = buildSnapshot(
      [
        makeNode("nodeA", { taints: [{ key: "foo", value: "bar", effect: "PreferNoSchedule" }] }),
        makeNode("nodeB", { taints: [{ key: "cpu-type", value: "arm64", effect: "PreferNoSchedule" }] }),
        makeNode("nodeC", {
          taints: [
            { key: "cpu-type", value: "arm64", effect: "PreferNoSchedule" },
            { key: "disk-type", value: "ssd", effect: "PreferNoSchedule" },
          ],
        }),
      ],
      new Map(),
    );
    const raw = nodes.map((n) => taintTolerationPlugin.score(pod, n));
    expect(raw).toEqual([0, 1, 2]);
    expect(taintTolerationPlugin.normalizeScores(raw)).toEqual([100, 50, 0]);
  });

  it("a toleration with effect NoSchedule does not count for PreferNoSchedule taints", () => {
    const pod = makePod("p", { spec: { tolerations: [{ key: "foo", operator: "Exists", effect: "NoSchedule" }] } });
    const [node] = buildSnapshot([makeNode("n", { taints: [{ key: "foo", value: "bar", effect: "PreferNoSchedule" }] })], new Map());
    expect(taintTolerationPlugin.score(pod, node!)).toBe(1);
  });
});
