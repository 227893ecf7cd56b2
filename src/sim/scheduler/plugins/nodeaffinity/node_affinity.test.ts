// Cases follow upstream's pkg/scheduler/framework/plugins/nodeaffinity/node_affinity_test.go
// (TestNodeAffinity, TestNodeAffinityPriority).
import type { INodeSelectorTerm } from "kubernetes-models/v1/NodeSelectorTerm";
import { describe, expect, it } from "vitest";
import type { Pod } from "../../../api/types.js";
import { buildSnapshot } from "../../snapshot.js";
import { makeNode, makePod } from "../../testing.js";
import { ERR_REASON_CONFLICT, ERR_REASON_POD, nodeAffinityPlugin } from "./node_affinity.js";

function requiredPod(terms: INodeSelectorTerm[] | undefined, nodeSelector?: Record<string, string>): Pod {
  return makePod("p", {
    spec: {
      ...(nodeSelector ? { nodeSelector } : {}),
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms as INodeSelectorTerm[] } } },
    },
  });
}

function fits(pod: Pod, labels: Record<string, string>, nodeName = "node1"): boolean {
  const [nodeInfo] = buildSnapshot([makeNode(nodeName, { labels })], new Map());
  const status = nodeAffinityPlugin.filter(pod, nodeInfo!);
  if (status.code !== "Success") expect(status).toEqual({ code: "UnschedulableAndUnresolvable", reasons: [ERR_REASON_POD] });
  return status.code === "Success";
}

describe("NodeAffinity filter: nodeSelector", () => {
  const pod = makePod("p", { spec: { nodeSelector: { foo: "bar" } } });
  it("missing labels", () => expect(fits(pod, {})).toBe(false));
  it("same labels", () => expect(fits(pod, { foo: "bar" })).toBe(true));
  it("node labels are superset", () => expect(fits(pod, { foo: "bar", baz: "blah" })).toBe(true));
  it("node labels are subset", () => expect(fits(makePod("p", { spec: { nodeSelector: { foo: "bar", baz: "blah" } } }), { foo: "bar" })).toBe(false));
});

describe("NodeAffinity filter: required node affinity", () => {
  it("In operator that matches the existing node", () => {
    expect(fits(requiredPod([{ matchExpressions: [{ key: "foo", operator: "In", values: ["bar", "value2"] }] }]), { foo: "bar" })).toBe(true);
  });

  it("Gt operator that matches the existing node (integers compared, not strings)", () => {
    expect(fits(requiredPod([{ matchExpressions: [{ key: "kernel-version", operator: "Gt", values: ["0204"] }] }]), { "kernel-version": "0206" })).toBe(true);
    expect(fits(requiredPod([{ matchExpressions: [{ key: "cores", operator: "Gt", values: ["8"] }] }]), { cores: "16" })).toBe(true);
    expect(fits(requiredPod([{ matchExpressions: [{ key: "cores", operator: "Lt", values: ["8"] }] }]), { cores: "16" })).toBe(false);
  });

  it("Gt on a missing or non-numeric label does not match", () => {
    expect(fits(requiredPod([{ matchExpressions: [{ key: "cores", operator: "Gt", values: ["1"] }] }]), {})).toBe(false);
    expect(fits(requiredPod([{ matchExpressions: [{ key: "cores", operator: "Gt", values: ["1"] }] }]), { cores: "many" })).toBe(false);
  });

  it("NotIn operator that matches the existing node, and matches a node without the label", () => {
    const pod = requiredPod([{ matchExpressions: [{ key: "mem-type", operator: "NotIn", values: ["DDR", "DDR2"] }] }]);
    expect(fits(pod, { "mem-type": "DDR3" })).toBe(true);
    expect(fits(pod, {})).toBe(true);
    expect(fits(pod, { "mem-type": "DDR" })).toBe(false);
  });

  it("Exists and DoesNotExist operators", () => {
    expect(fits(requiredPod([{ matchExpressions: [{ key: "GPU", operator: "Exists" }] }]), { GPU: "NVIDIA-GRID-K1" })).toBe(true);
    expect(fits(requiredPod([{ matchExpressions: [{ key: "GPU", operator: "DoesNotExist" }] }]), { GPU: "NVIDIA-GRID-K1" })).toBe(false);
  });

  it("affinity that doesn't match node's labels won't schedule onto the node", () => {
    expect(fits(requiredPod([{ matchExpressions: [{ key: "foo", operator: "In", values: ["value1", "value2"] }] }]), { foo: "bar" })).toBe(false);
  });

  it("a nil or empty []NodeSelectorTerm, or an empty term, matches no node", () => {
    expect(fits(requiredPod(undefined), { foo: "bar" })).toBe(false);
    expect(fits(requiredPod([]), { foo: "bar" })).toBe(false);
    expect(fits(requiredPod([{ matchExpressions: [] }]), { foo: "bar" })).toBe(false);
  });

  it("multiple matchExpressions are ANDed", () => {
    const pod = requiredPod([
      {
        matchExpressions: [
          { key: "GPU", operator: "Exists" },
          { key: "GPU", operator: "NotIn", values: ["AMD", "INTER"] },
        ],
      },
    ]);
    expect(fits(pod, { GPU: "NVIDIA-GRID-K1" })).toBe(true);
    expect(fits(pod, { GPU: "AMD" })).toBe(false);
  });

  it("multiple NodeSelectorTerms are ORed", () => {
    const pod = requiredPod([
      { matchExpressions: [{ key: "foo", operator: "In", values: ["bar", "value2"] }] },
      { matchExpressions: [{ key: "diffkey", operator: "In", values: ["wrong", "value2"] }] },
    ]);
    expect(fits(pod, { foo: "bar" })).toBe(true);
  });

  it("affinity and nodeSelector must both be satisfied", () => {
    const terms: INodeSelectorTerm[] = [{ matchExpressions: [{ key: "foo", operator: "Exists" }] }];
    expect(fits(requiredPod(terms, { foo: "bar" }), { foo: "bar" })).toBe(true);
    expect(fits(requiredPod(terms, { foo: "bar" }), { foo: "qux" })).toBe(false);
  });

  it("matchFields on metadata.name selects the named node only", () => {
    const pod = requiredPod([{ matchFields: [{ key: "metadata.name", operator: "In", values: ["node1"] }] }]);
    expect(fits(pod, {}, "node1")).toBe(true);
    expect(fits(pod, {}, "node2")).toBe(false);
  });

  it("a malformed term matches nothing, but other terms still count (LazyErrorNodeSelector)", () => {
    const pod = requiredPod([
      { matchExpressions: [{ key: "cores", operator: "Gt", values: ["not-a-number"] }] },
      { matchExpressions: [{ key: "foo", operator: "Exists" }] },
    ]);
    expect(fits(pod, { cores: "4", foo: "x" })).toBe(true);
    expect(fits(pod, { cores: "4" })).toBe(false);
  });
});

describe("NodeAffinity PreFilter", () => {
  it("Skip when the pod has neither nodeSelector nor required affinity", () => {
    expect(nodeAffinityPlugin.preFilter(makePod("p")).status.code).toBe("Skip");
  });

  it("returns the node names a metadata.name In requirement pins (DaemonSet pods)", () => {
    const outcome = nodeAffinityPlugin.preFilter(requiredPod([{ matchFields: [{ key: "metadata.name", operator: "In", values: ["node1"] }] }]));
    expect(outcome.status.code).toBe("Success");
    expect([...(outcome.nodeNames ?? [])]).toEqual(["node1"]);
  });

  it("all nodes when one term has no metadata.name requirement", () => {
    const outcome = nodeAffinityPlugin.preFilter(
      requiredPod([{ matchFields: [{ key: "metadata.name", operator: "In", values: ["node1"] }] }, { matchExpressions: [{ key: "foo", operator: "Exists" }] }]),
    );
    expect(outcome.nodeNames).toBeUndefined();
  });

  it("rejects with `pod affinity terms conflict` when the pinned names cannot intersect", () => {
    const outcome = nodeAffinityPlugin.preFilter(
      requiredPod([
        {
          matchFields: [
            { key: "metadata.name", operator: "In", values: ["node1"] },
            { key: "metadata.name", operator: "In", values: ["node2"] },
          ],
        },
      ]),
    );
    expect(outcome.status).toEqual({ code: "UnschedulableAndUnresolvable", reasons: [ERR_REASON_CONFLICT] });
  });
});

describe("NodeAffinity score", () => {
  const nodes = buildSnapshot(
    [
      makeNode("node1", { labels: { foo: "bar" } }),
      makeNode("node5", { labels: { foo: "bar", key: "value", az: "az1" } }),
      makeNode("node2", { labels: { key: "value" } }),
    ],
    new Map(),
  );

  it("PreScore skips when the pod has no preferred terms", () => {
    expect(nodeAffinityPlugin.preScore(makePod("p")).code).toBe("Skip");
  });

  it("all nodes match the preferred terms but with different priorities (upstream: 18, 100, 36)", () => {
    const pod = makePod("p", {
      spec: {
        affinity: {
          nodeAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 2, preference: { matchExpressions: [{ key: "foo", operator: "In", values: ["bar"] }] } },
              { weight: 4, preference: { matchExpressions: [{ key: "key", operator: "In", values: ["value"] }] } },
              {
                weight: 5,
                preference: {
                  matchExpressions: [
                    { key: "foo", operator: "In", values: ["bar"] },
                    { key: "key", operator: "In", values: ["value"] },
                    { key: "az", operator: "In", values: ["az1"] },
                  ],
                },
              },
            ],
          },
        },
      },
    });
    const raw = nodes.map((n) => nodeAffinityPlugin.score(pod, n));
    expect(raw).toEqual([2, 11, 4]);
    expect(nodeAffinityPlugin.normalizeScores(raw)).toEqual([18, 100, 36]);
  });
});
