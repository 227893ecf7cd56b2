// Cases follow upstream's pkg/scheduler/framework/plugins/interpodaffinity/
// filtering_test.go and scoring_test.go (1.32): required affinity and
// anti-affinity by topology domain, existing pods' anti-affinity, the first pod
// of a self-affine group, namespaces and namespaceSelector, preferred terms'
// min-max normalised score, and the FailedScheduling reasons verbatim.
import { describe, expect, it } from "vitest";
import type { Pod } from "../../../api/types.js";
import type { NamespaceLookup } from "../../framework.js";
import { schedule } from "../../scheduler.js";
import { bound, makeNode, makePod } from "../../testing.js";
import {
  ERR_REASON_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH,
  ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH,
} from "./inter_pod_affinity.js";

type Spec = NonNullable<Pod["spec"]>;
const HOST = "kubernetes.io/hostname";
const ZONE = "topology.kubernetes.io/zone";

function labelled(name: string, labels: Record<string, string>, options: Parameters<typeof makePod>[1] = {}): Pod {
  const pod = makePod(name, options);
  return { ...pod, metadata: { ...pod.metadata, labels } };
}

const requiredAffinity = (labels: Record<string, string>, topologyKey: string, extra: object = {}): Spec["affinity"] => ({
  podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: labels }, topologyKey, ...extra }] },
});
const requiredAntiAffinity = (labels: Record<string, string>, topologyKey: string, extra: object = {}): Spec["affinity"] => ({
  podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: labels }, topologyKey, ...extra }] },
});

/** Three nodes: n1 and n2 in zone a, n3 in zone b. */
const zonedNodes = () => [
  makeNode("n1", { labels: { [ZONE]: "a" } }),
  makeNode("n2", { labels: { [ZONE]: "a" } }),
  makeNode("n3", { labels: { [ZONE]: "b" } }),
];

function verdicts(result: ReturnType<typeof schedule>): Record<string, string> {
  return Object.fromEntries(result.record.nodes.map((n) => [n.node, n.code === "Success" ? "ok" : `${n.code}: ${n.reasons.join("; ")}`]));
}

describe("InterPodAffinity filter", () => {
  it("required affinity: only nodes in the zone of a matching pod pass; the others are UnschedulableAndUnresolvable", () => {
    const db = labelled("db", { app: "db" }, { nodeName: "n3" });
    const pod = labelled("web", { app: "web" }, { spec: { affinity: requiredAffinity({ app: "db" }, ZONE) } });
    const result = schedule({ pod, nodes: zonedNodes(), podsByNode: bound(db) });
    expect(result).toMatchObject({ kind: "Scheduled", nodeName: "n3" });
    expect(verdicts(result)).toEqual({
      n1: `UnschedulableAndUnresolvable: ${ERR_REASON_AFFINITY_RULES_NOT_MATCH}`,
      n2: `UnschedulableAndUnresolvable: ${ERR_REASON_AFFINITY_RULES_NOT_MATCH}`,
      n3: "ok",
    });
  });

  it("required affinity fails on a node without the topology key, even where a matching pod runs", () => {
    const nodes = [makeNode("n1"), makeNode("n2", { labels: { [ZONE]: "a" } })];
    const db = labelled("db", { app: "db" }, { nodeName: "n1" });
    const pod = labelled("web", {}, { spec: { affinity: requiredAffinity({ app: "db" }, ZONE) } });
    const result = schedule({ pod, nodes, podsByNode: bound(db) });
    expect(result.kind === "Unschedulable" && result.message).toBe(
      `0/2 nodes are available: 2 ${ERR_REASON_AFFINITY_RULES_NOT_MATCH}. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.`,
    );
  });

  it("the first pod of a group whose affinity matches itself schedules when no pod matches yet", () => {
    const pod = labelled("cache-0", { app: "cache" }, { spec: { affinity: requiredAffinity({ app: "cache" }, HOST) } });
    expect(schedule({ pod, nodes: zonedNodes(), podsByNode: new Map() }).kind).toBe("Scheduled");
    // Not matching itself, it waits for a pod that does.
    const other = labelled("web", { app: "web" }, { spec: { affinity: requiredAffinity({ app: "cache" }, HOST) } });
    const result = schedule({ pod: other, nodes: zonedNodes(), podsByNode: new Map() });
    expect(result.kind === "Unschedulable" && result.message).toBe(
      `0/3 nodes are available: 3 ${ERR_REASON_AFFINITY_RULES_NOT_MATCH}. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`,
    );
  });

  it("once one pod of the group runs, the next must join its domain", () => {
    const first = labelled("cache-0", { app: "cache" }, { nodeName: "n2" });
    const pod = labelled("cache-1", { app: "cache" }, { spec: { affinity: requiredAffinity({ app: "cache" }, HOST) } });
    expect(schedule({ pod, nodes: zonedNodes(), podsByNode: bound(first) })).toMatchObject({ kind: "Scheduled", nodeName: "n2" });
  });

  it("required anti-affinity keeps the pod out of every node of a zone holding a matching pod (Unschedulable: preemption may help)", () => {
    const web = labelled("web-0", { app: "web" }, { nodeName: "n1" });
    const pod = labelled("web-1", { app: "web" }, { spec: { affinity: requiredAntiAffinity({ app: "web" }, ZONE) } });
    const result = schedule({ pod, nodes: zonedNodes(), podsByNode: bound(web) });
    expect(result).toMatchObject({ kind: "Scheduled", nodeName: "n3" });
    expect(verdicts(result)).toMatchObject({
      n1: `Unschedulable: ${ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH}`,
      n2: `Unschedulable: ${ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH}`,
    });
  });

  it("an existing pod's required anti-affinity keeps matching pods out of its domain", () => {
    const guard = labelled("guard", { app: "guard" }, { nodeName: "n3", spec: { affinity: requiredAntiAffinity({ app: "noisy" }, ZONE) } });
    const nodes = [...zonedNodes(), makeNode("n4", { labels: { [ZONE]: "b" } })];
    const pod = labelled("noisy", { app: "noisy" });
    const result = schedule({ pod, nodes, podsByNode: bound(guard) });
    expect(verdicts(result)).toMatchObject({
      n3: `Unschedulable: ${ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH}`,
      n4: `Unschedulable: ${ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH}`,
      n1: "ok",
    });
    // A pod the rule does not select is not affected.
    expect(verdicts(schedule({ pod: labelled("quiet", { app: "quiet" }), nodes, podsByNode: bound(guard) })).n3).toBe("ok");
  });

  it("a term covers the pod's own namespace unless it lists namespaces", () => {
    const db = labelled("db", { app: "db" }, { nodeName: "n1", namespace: "data" });
    const sameNs = labelled("web", {}, { spec: { affinity: requiredAffinity({ app: "db" }, HOST) } });
    expect(schedule({ pod: sameNs, nodes: zonedNodes(), podsByNode: bound(db) }).kind).toBe("Unschedulable");
    const listed = labelled("web", {}, { spec: { affinity: requiredAffinity({ app: "db" }, HOST, { namespaces: ["data"] }) } });
    expect(schedule({ pod: listed, nodes: zonedNodes(), podsByNode: bound(db) })).toMatchObject({ kind: "Scheduled", nodeName: "n1" });
  });

  it("namespaceSelector picks namespaces by their labels; {} means every namespace", () => {
    const db = labelled("db", { app: "db" }, { nodeName: "n3", namespace: "data" });
    const namespaces: NamespaceLookup = {
      labelsOf: (name: string) => ({ data: { team: "storage" }, default: {} } as Record<string, Record<string, string>>)[name],
      all: () => [
        { name: "data", labels: { team: "storage" } },
        { name: "default", labels: {} as Record<string, string> },
      ],
    };
    const bySelector = labelled("web", {}, { spec: { affinity: requiredAffinity({ app: "db" }, HOST, { namespaceSelector: { matchLabels: { team: "storage" } } }) } });
    expect(schedule({ pod: bySelector, nodes: zonedNodes(), podsByNode: bound(db), namespaces })).toMatchObject({ kind: "Scheduled", nodeName: "n3" });
    const wrongTeam = labelled("web", {}, { spec: { affinity: requiredAffinity({ app: "db" }, HOST, { namespaceSelector: { matchLabels: { team: "web" } } }) } });
    expect(schedule({ pod: wrongTeam, nodes: zonedNodes(), podsByNode: bound(db), namespaces }).kind).toBe("Unschedulable");
    const everywhere = labelled("web", {}, { spec: { affinity: requiredAffinity({ app: "db" }, HOST, { namespaceSelector: {} }) } });
    expect(schedule({ pod: everywhere, nodes: zonedNodes(), podsByNode: bound(db), namespaces })).toMatchObject({ kind: "Scheduled", nodeName: "n3" });
  });

  it("an existing pod's namespaceSelector is read against the incoming pod's namespace labels", () => {
    const guard = labelled("guard", { app: "guard" }, {
      nodeName: "n1",
      spec: { affinity: requiredAntiAffinity({ app: "x" }, HOST, { namespaceSelector: { matchLabels: { env: "prod" } } }) },
    });
    const namespaces: NamespaceLookup = { labelsOf: (name: string): Record<string, string> => (name === "prod" ? { env: "prod" } : {}), all: () => [] };
    const inProd = labelled("x", { app: "x" }, { namespace: "prod" });
    const inDev = labelled("x", { app: "x" }, { namespace: "dev" });
    expect(verdicts(schedule({ pod: inProd, nodes: zonedNodes(), podsByNode: bound(guard), namespaces })).n1).toBe(
      `Unschedulable: ${ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH}`,
    );
    expect(verdicts(schedule({ pod: inDev, nodes: zonedNodes(), podsByNode: bound(guard), namespaces })).n1).toBe("ok");
  });

  it("a pod without pod affinity, with no anti-affinity pods running, skips the plugin at PreFilter", () => {
    const result = schedule({ pod: makePod("p"), nodes: zonedNodes(), podsByNode: bound(labelled("a", { app: "a" }, { nodeName: "n1" })) });
    expect(result.record.preFilter.find((v) => v.plugin === "InterPodAffinity")).toMatchObject({ code: "Skip" });
    expect(result.record.skippedScorePlugins).toContain("InterPodAffinity");
  });

  it("preemption: evicting the lower-priority pod that the anti-affinity matches makes room", () => {
    const nodes = [makeNode("n1"), makeNode("n2")];
    const low1 = labelled("low-1", { app: "web" }, { nodeName: "n1", priority: 0 });
    const low2 = labelled("low-2", { app: "web" }, { nodeName: "n2", priority: 0 });
    const pod = labelled("web", { app: "web" }, { priority: 100, spec: { affinity: requiredAntiAffinity({ app: "web" }, HOST) } });
    const result = schedule({ pod, nodes, podsByNode: bound(low1, low2) });
    expect(result.kind).toBe("Unschedulable");
    if (result.kind !== "Unschedulable") return;
    expect(result.message).toBe(`0/2 nodes are available: 2 ${ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH}.`);
    expect(result.preemption).toMatchObject({ nominatedNodeName: "n1" });
    expect(result.preemption!.victims.map((v) => v.metadata.name)).toEqual(["low-1"]);
  });
});

describe("InterPodAffinity score", () => {
  const preferred = (weight: number, labels: Record<string, string>, topologyKey: string, anti = false): Spec["affinity"] => {
    const terms = [{ weight, podAffinityTerm: { labelSelector: { matchLabels: labels }, topologyKey } }];
    return anti ? { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: terms } } : { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: terms } };
  };

  it("preferred affinity: the zone of the matching pod scores 100 after min-max normalisation, the other 0", () => {
    const db = labelled("db", { app: "db" }, { nodeName: "n3" });
    const pod = labelled("web", {}, { spec: { affinity: preferred(50, { app: "db" }, ZONE) } });
    const result = schedule({ pod, nodes: zonedNodes(), podsByNode: bound(db) });
    expect(result).toMatchObject({ kind: "Scheduled", nodeName: "n3" });
    const scoreOf = (node: string) => result.record.nodes.find((n) => n.node === node)!.scores!.find((s) => s.plugin === "InterPodAffinity")!;
    expect(scoreOf("n3")).toMatchObject({ raw: 50, normalized: 100, weight: 2, weighted: 200 });
    expect(scoreOf("n1")).toMatchObject({ raw: 0, normalized: 0 });
  });

  it("preferred anti-affinity gives negative raw scores; normalisation still spans 0..100", () => {
    const web = labelled("web-0", { app: "web" }, { nodeName: "n1" });
    const pod = labelled("web-1", { app: "web" }, { spec: { affinity: preferred(10, { app: "web" }, ZONE, true) } });
    const result = schedule({ pod, nodes: zonedNodes(), podsByNode: bound(web) });
    const scoreOf = (node: string) => result.record.nodes.find((n) => n.node === node)!.scores!.find((s) => s.plugin === "InterPodAffinity")!;
    expect(scoreOf("n1")).toMatchObject({ raw: -10, normalized: 0 });
    expect(scoreOf("n3")).toMatchObject({ raw: 0, normalized: 100 });
    expect(result).toMatchObject({ kind: "Scheduled", nodeName: "n3" });
  });

  it("an existing pod's required affinity attracts a matching pod with HardPodAffinityWeight 1", () => {
    const follower = labelled("follower", { app: "f" }, { nodeName: "n3", spec: { affinity: requiredAffinity({ app: "leader" }, ZONE) } });
    const pod = labelled("leader", { app: "leader" });
    const result = schedule({ pod, nodes: zonedNodes(), podsByNode: bound(follower) });
    const scoreOf = (node: string) => result.record.nodes.find((n) => n.node === node)!.scores!.find((s) => s.plugin === "InterPodAffinity")!;
    expect(scoreOf("n3")).toMatchObject({ raw: 1, normalized: 100 });
  });
});
