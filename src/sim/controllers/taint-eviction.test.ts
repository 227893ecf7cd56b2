// The taint eviction controller against the default preset (nodes tainted through
// the API, as kubectl taint does), following
// https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/#taint-based-evictions
// and pkg/controller/tainteviction/taint_eviction.go (event texts, getMinTolerationTime).
import { describe, expect, it } from "vitest";
import { kindNamed } from "../api/kinds.js";
import type { Event, StoredObject } from "../api/types.js";
import { createWorld } from "../world/create.js";
import type { World } from "../world/world.js";
import { matchingTolerations, minTolerationSeconds, TaintEvictionController } from "./taint-eviction.js";

const POD = kindNamed("Pod")!;
const NODE = kindNamed("Node")!;
const EVENT = kindNamed("Event")!;
const DEPLOYMENT = kindNamed("Deployment")!;

function world(): World {
  const w = createWorld("default");
  // Registered in src/sim/world/create.ts by the lead; added by hand until then.
  w.addLoop(new TaintEvictionController());
  return w;
}

/** What `kubectl taint nodes NODE maint=now:NoExecute` (or `maint-`) writes. */
function setTaints(w: World, node: string, taints: { key: string; value?: string; effect: string }[]) {
  const current = structuredClone(w.api.find(NODE, undefined, node)!);
  current.spec = { ...(current.spec ?? {}), taints };
  expect(w.api.update(NODE, current).ok).toBe(true);
}
const MAINT = [{ key: "maint", value: "now", effect: "NoExecute" }];

const nodeOf = (pod: StoredObject | undefined) => (pod?.spec as { nodeName?: string } | undefined)?.nodeName;
const evictionEvents = (s: World, namespace: string) =>
  s.api.list<Event>(EVENT, namespace).filter((e) => e.reason === "TaintManagerEviction").map((e) => e.message);

function tolerantPod(s: World, name: string, tolerationSeconds?: number) {
  const created = s.api.create(
    POD,
    {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name, namespace: "default" },
      spec: {
        nodeName: "node01",
        containers: [{ name: "web", image: "nginx" }],
        tolerations: [{ key: "maint", operator: "Equal", value: "now", effect: "NoExecute", ...(tolerationSeconds !== undefined ? { tolerationSeconds } : {}) }],
      },
    },
    "default",
  );
  expect(created.ok).toBe(true);
}

describe("taint eviction controller", () => {
  it("a NoExecute taint evicts pods that do not tolerate it; their ReplicaSet recreates them elsewhere", () => {
    const s = world();
    const created = s.api.create(
      DEPLOYMENT,
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web", namespace: "default" },
        spec: { replicas: 4, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "nginx", image: "nginx" }] } } },
      },
      "default",
    );
    expect(created.ok).toBe(true);
    s.advance(20);
    const onNode01 = s.api.list(POD, "default").filter((p) => nodeOf(p) === "node01").map((p) => p.metadata.name);
    expect(onNode01.length).toBeGreaterThan(0);
    setTaints(s, "node01", MAINT);
    s.advance(1);
    expect(evictionEvents(s, "default")).toEqual(expect.arrayContaining(onNode01.map((n) => `Marking for deletion Pod default/${n}`)));
    s.advance(40);
    const web = s.api.list(POD, "default");
    expect(web.some((p) => onNode01.includes(p.metadata.name))).toBe(false);
    expect(web.filter((p) => !p.metadata.deletionTimestamp && nodeOf(p) === "node02")).toHaveLength(4);
    // kube-proxy tolerates every taint (operator Exists) and stays.
    expect(s.api.list(POD, "kube-system").some((p) => p.metadata.name.startsWith("kube-proxy-") && nodeOf(p) === "node01")).toBe(true);
  });

  it("a pod that tolerates the taint for tolerationSeconds goes when they run out", () => {
    const s = world();
    tolerantPod(s, "patient", 60);
    tolerantPod(s, "forever");
    s.advance(10);
    setTaints(s, "node01", MAINT);
    s.advance(1);
    s.advance(40);
    expect(s.api.find(POD, "default", "patient")?.metadata.deletionTimestamp).toBeUndefined();
    s.advance(30);
    const patient = s.api.find(POD, "default", "patient");
    expect(patient === undefined || patient.metadata.deletionTimestamp !== undefined).toBe(true);
    expect(evictionEvents(s, "default")).toEqual(["Marking for deletion Pod default/patient"]);
    // No tolerationSeconds: tolerated for ever.
    expect(s.api.find(POD, "default", "forever")?.metadata.deletionTimestamp).toBeUndefined();
  });

  it("removing the taint before the toleration runs out cancels the eviction", () => {
    const s = world();
    tolerantPod(s, "patient", 60);
    s.advance(10);
    setTaints(s, "node01", MAINT);
    s.advance(1);
    s.advance(20);
    setTaints(s, "node01", []);
    s.advance(1);
    s.advance(60);
    expect(s.api.find(POD, "default", "patient")?.metadata.deletionTimestamp).toBeUndefined();
    expect(evictionEvents(s, "default")).toEqual(["Cancelling deletion of Pod default/patient"]);
  });
});

describe("toleration helpers (v1helper.GetMatchingTolerations, getMinTolerationTime)", () => {
  const taint = { key: "k", value: "v", effect: "NoExecute" as const };
  it("match each taint to the first toleration that tolerates it", () => {
    expect(matchingTolerations([taint], [])).toEqual({ allTolerated: false, used: [] });
    expect(matchingTolerations([taint], [{ operator: "Exists" }])).toEqual({ allTolerated: true, used: [{ operator: "Exists" }] });
  });
  it("0 without tolerations, -1 when none sets tolerationSeconds, else the shortest (negative counts as 0)", () => {
    expect(minTolerationSeconds([])).toBe(0);
    expect(minTolerationSeconds([{ operator: "Exists" }])).toBe(-1);
    expect(minTolerationSeconds([{ tolerationSeconds: 300 }, { tolerationSeconds: 30 }])).toBe(30);
    expect(minTolerationSeconds([{ tolerationSeconds: -5 }])).toBe(0);
  });
});
