// The disruption controller and the Eviction subresource against the default preset, following
// https://kubernetes.io/docs/tasks/run-application/configure-pdb/ (rounding, what counts as
// healthy), pkg/controller/disruption/disruption.go (getExpectedPodCount, countHealthyPods,
// buildDisruptedPodMap, failSafe, event texts) and pkg/registry/core/pod/storage/eviction.go.
import { describe, expect, it } from "vitest";
import { kindNamed } from "../api/kinds.js";
import type { Event, Pod } from "../api/types.js";
import type { PodDisruptionBudget } from "../api/policy/pod-disruption-budget.js";
import { EVICTION_REFUSED, MULTIPLE_BUDGETS } from "../api/policy/eviction.js";
import { createWorld } from "../world/create.js";
import type { World } from "../world/world.js";

const POD = kindNamed("Pod")!;
const PDB = kindNamed("PodDisruptionBudget")!;
const DEPLOYMENT = kindNamed("Deployment")!;
const DAEMON_SET = kindNamed("DaemonSet")!;
const EVENT = kindNamed("Event")!;

const template = (app: string) => ({ metadata: { labels: { app } }, spec: { containers: [{ name: "c", image: "nginx" }] } });

function deployment(w: World, name: string, replicas: number): void {
  const created = w.api.create(DEPLOYMENT, { apiVersion: "apps/v1", kind: "Deployment", metadata: { name }, spec: { replicas, selector: { matchLabels: { app: name } }, template: template(name) } }, "default");
  expect(created.ok).toBe(true);
}

function budget(w: World, name: string, spec: Record<string, unknown>): void {
  const created = w.api.create(PDB, { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name }, spec }, "default");
  expect(created.ok).toBe(true);
}

const statusOf = (w: World, name: string) => w.api.find<PodDisruptionBudget>(PDB, "default", name)!.status!;
const podsOf = (w: World, app: string) => w.api.list<Pod>(POD, "default").filter((p) => p.metadata.labels?.app === app && !p.metadata.deletionTimestamp);
const eventsOf = (w: World, name: string) => w.api.list<Event>(EVENT, "default").filter((e) => e.involvedObject.name === name).map((e) => `${e.type} ${e.reason} ${e.message}`);

function settled(): World {
  const w = createWorld("default");
  return w;
}

describe("disruption controller status (disruption.go trySync)", () => {
  it("an int minAvailable: desiredHealthy is it, expectedPods the pods selected, disruptionsAllowed the healthy surplus", () => {
    const w = settled();
    deployment(w, "web", 3);
    budget(w, "web", { minAvailable: 2, selector: { matchLabels: { app: "web" } } });
    w.advance(20);
    expect(statusOf(w, "web")).toMatchObject({ currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 1, observedGeneration: 1 });
    expect(statusOf(w, "web").conditions).toEqual([
      { type: "DisruptionAllowed", status: "True", reason: "SufficientPods", message: "", observedGeneration: 1, lastTransitionTime: expect.any(String) },
    ]);
  });

  it("percentages round up against the Deployment's scale (configure-pdb: 50% of 7 is 4); maxUnavailable subtracts from the scale", () => {
    const w = settled();
    deployment(w, "web", 7);
    budget(w, "half", { minAvailable: "50%", selector: { matchLabels: { app: "web" } } });
    budget(w, "most", { maxUnavailable: "30%", selector: { matchLabels: { app: "web" } } });
    w.advance(30);
    expect(statusOf(w, "half")).toMatchObject({ desiredHealthy: 4, expectedPods: 7, currentHealthy: 7, disruptionsAllowed: 3 });
    // ceil(30% of 7) = 3 may be unavailable: 4 must stay.
    expect(statusOf(w, "most")).toMatchObject({ desiredHealthy: 4, expectedPods: 7, disruptionsAllowed: 3 });
  });

  it("a budget that nothing can satisfy allows no disruption and says InsufficientPods; a budget selecting nothing records NoPods", () => {
    const w = settled();
    deployment(w, "web", 2);
    budget(w, "web", { maxUnavailable: 0, selector: { matchLabels: { app: "web" } } });
    budget(w, "empty", { minAvailable: 1, selector: { matchLabels: { app: "nothing" } } });
    w.advance(20);
    expect(statusOf(w, "web")).toMatchObject({ desiredHealthy: 2, currentHealthy: 2, disruptionsAllowed: 0 });
    expect(statusOf(w, "web").conditions?.[0]).toMatchObject({ status: "False", reason: "InsufficientPods" });
    expect(statusOf(w, "empty")).toMatchObject({ expectedPods: 0, disruptionsAllowed: 0 });
    expect(eventsOf(w, "empty")).toEqual(["Normal NoPods No matching pods found"]);
  });

  it("a percentage over DaemonSet pods cannot be resolved: failSafe sets SyncFailed with getScaleController's error", () => {
    const w = settled();
    const ds = w.api.create(DAEMON_SET, { apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "agent" }, spec: { selector: { matchLabels: { app: "agent" } }, template: template("agent") } }, "default");
    expect(ds.ok).toBe(true);
    budget(w, "agent", { maxUnavailable: 1, selector: { matchLabels: { app: "agent" } } });
    w.advance(20);
    expect(statusOf(w, "agent").disruptionsAllowed).toBe(0);
    expect(statusOf(w, "agent").conditions?.[0]).toMatchObject({ status: "False", reason: "SyncFailed", message: "daemonsets.apps does not implement the scale subresource" });
    expect(eventsOf(w, "agent")).toContain("Warning CalculateExpectedPodCountFailed Failed to calculate the number of expected pods: daemonsets.apps does not implement the scale subresource");
  });

  it("a spec change is observed: observedGeneration follows generation", () => {
    const w = settled();
    deployment(w, "web", 2);
    budget(w, "web", { minAvailable: 2, selector: { matchLabels: { app: "web" } } });
    w.advance(20);
    const pdb = structuredClone(w.api.find<PodDisruptionBudget>(PDB, "default", "web")!);
    pdb.spec = { ...pdb.spec, minAvailable: 1 };
    expect(w.api.update(PDB, pdb).ok).toBe(true);
    w.advance(1);
    expect(statusOf(w, "web")).toMatchObject({ observedGeneration: 2, desiredHealthy: 1, disruptionsAllowed: 1 });
  });
});

describe("the Eviction subresource (eviction.go)", () => {
  it("an allowed eviction spends the budget, records disruptedPods, marks DisruptionTarget and deletes gracefully; the next is refused with 429", () => {
    const w = settled();
    deployment(w, "web", 2);
    budget(w, "web", { minAvailable: 1, selector: { matchLabels: { app: "web" } } });
    w.advance(20);
    const [first, second] = podsOf(w, "web");
    const evicted = w.api.evict("default", first!.metadata.name);
    expect(evicted).toEqual({ ok: true, value: { status: "Success" } });
    const gone = w.api.find<Pod>(POD, "default", first!.metadata.name)!;
    expect(gone.metadata.deletionTimestamp).toBeDefined();
    expect(gone.status?.conditions?.find((c) => c.type === "DisruptionTarget")).toMatchObject({ status: "True", reason: "EvictionByEvictionAPI", message: "Eviction API: evicting" });
    expect(statusOf(w, "web").disruptionsAllowed).toBe(0);
    expect(Object.keys(statusOf(w, "web").disruptedPods ?? {})).toEqual([first!.metadata.name]);
    const refused = w.api.evict("default", second!.metadata.name);
    expect(refused).toMatchObject({ ok: false, error: { code: 429, reason: "TooManyRequests", message: EVICTION_REFUSED } });
  });

  it("once the replacement is Ready the budget allows a disruption again", () => {
    const w = settled();
    deployment(w, "web", 2);
    budget(w, "web", { minAvailable: 1, selector: { matchLabels: { app: "web" } } });
    w.advance(20);
    expect(w.api.evict("default", podsOf(w, "web")[0]!.metadata.name).ok).toBe(true);
    w.advance(60);
    expect(statusOf(w, "web")).toMatchObject({ currentHealthy: 2, disruptionsAllowed: 1 });
    expect(statusOf(w, "web").disruptedPods).toBeUndefined();
  });

  it("a pod under two budgets cannot be evicted (500); a Pending pod is deleted without asking its budget", () => {
    const w = settled();
    deployment(w, "web", 1);
    budget(w, "a", { maxUnavailable: 0, selector: { matchLabels: { app: "web" } } });
    budget(w, "b", { minAvailable: 1, selector: { matchLabels: { app: "web" } } });
    w.advance(20);
    expect(w.api.evict("default", podsOf(w, "web")[0]!.metadata.name)).toMatchObject({ ok: false, error: { code: 500, message: MULTIPLE_BUDGETS } });
    const pending = w.api.create(POD, { apiVersion: "v1", kind: "Pod", metadata: { name: "p", labels: { app: "solo" } }, spec: { nodeName: "nowhere", containers: [{ name: "c", image: "nginx" }] } }, "default");
    expect(pending.ok).toBe(true);
    budget(w, "solo", { maxUnavailable: 0, selector: { matchLabels: { app: "solo" } } });
    w.reconcile();
    expect(w.api.evict("default", "p").ok).toBe(true);
  });

  it("an unready pod: refused while the budget is not met, unless unhealthyPodEvictionPolicy is AlwaysAllow", () => {
    const w = settled();
    const unready = w.api.create(
      POD,
      { apiVersion: "v1", kind: "Pod", metadata: { name: "sick", labels: { app: "sick" } }, spec: { nodeName: "node01", containers: [{ name: "c", image: "nginx", readinessProbe: { exec: { command: ["false"] }, periodSeconds: 5 } }] } },
      "default",
    );
    expect(unready.ok).toBe(true);
    budget(w, "sick", { minAvailable: 1, selector: { matchLabels: { app: "sick" } } });
    w.advance(20);
    expect(w.api.find<Pod>(POD, "default", "sick")!.status?.phase).toBe("Running");
    expect(statusOf(w, "sick")).toMatchObject({ currentHealthy: 0, desiredHealthy: 1, disruptionsAllowed: 0 });
    expect(w.api.evict("default", "sick")).toMatchObject({ ok: false, error: { code: 429 } });
    const pdb = structuredClone(w.api.find<PodDisruptionBudget>(PDB, "default", "sick")!);
    pdb.spec = { ...pdb.spec, unhealthyPodEvictionPolicy: "AlwaysAllow" };
    expect(w.api.update(PDB, pdb).ok).toBe(true);
    w.reconcile();
    expect(w.api.evict("default", "sick").ok).toBe(true);
  });

  it("an approved eviction whose pod is not deleted stops counting after DeletionTimeout (2 min): NotDeleted event", () => {
    const w = settled();
    deployment(w, "web", 2);
    budget(w, "web", { minAvailable: 1, selector: { matchLabels: { app: "web" } } });
    w.advance(20);
    const pod = podsOf(w, "web")[0]!;
    // A dry run spends nothing; record the approval the way checkAndDecrement does, without the delete.
    expect(w.api.evict("default", pod.metadata.name, { dryRun: true }).ok).toBe(true);
    expect(statusOf(w, "web").disruptionsAllowed).toBe(1);
    const pdb = structuredClone(w.api.find<PodDisruptionBudget>(PDB, "default", "web")!);
    pdb.status = { ...pdb.status!, disruptionsAllowed: 0, disruptedPods: { [pod.metadata.name]: w.clock.nowIso() } };
    w.api.updateStatus(PDB, pdb);
    w.reconcile();
    expect(statusOf(w, "web")).toMatchObject({ currentHealthy: 1, disruptionsAllowed: 0 });
    w.advance(121);
    expect(statusOf(w, "web")).toMatchObject({ currentHealthy: 2, disruptionsAllowed: 1 });
    expect(eventsOf(w, pod.metadata.name)).toContain("Warning NotDeleted Pod was expected by PDB default/default to be deleted but it wasn't");
  });
});
