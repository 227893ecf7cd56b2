/**
 * ResourceQuota end to end in one world: the quota controller's status
 * (pkg/controller/resourcequota syncResourceQuota), the admission plugin's
 * refusals in upstream's words (plugin/pkg/admission/resourcequota/controller.go
 * CheckRequest, pkg/quota/v1/evaluator/core/pods.go Constraints), and what a
 * ReplicaSet records when quota refuses its pods.
 * https://kubernetes.io/docs/concepts/policy/resource-quotas/
 */
import { describe, expect, it } from "vitest";
import { kindNamed } from "../api/kinds.js";
import type { StoredObject } from "../api/types.js";
import { evaluatorFor } from "../api/quota/evaluators.js";
import { createWorld } from "../world/create.js";
import type { World } from "../world/world.js";

type AnyObj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const kind = (name: string) => kindNamed(name)!;

function namespaceWith(world: World, ns: string, hard: Record<string, string>, extra: AnyObj = {}): void {
  world.api.create(kind("Namespace"), { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } }, undefined);
  const q = world.api.create(kind("ResourceQuota"), { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "q" }, spec: { hard, ...extra } }, ns);
  if (!q.ok) throw new Error(q.error.message);
  world.reconcile();
}

const pod = (name: string, resources?: AnyObj, spec: AnyObj = {}) => ({
  apiVersion: "v1", kind: "Pod", metadata: { name },
  spec: { containers: [{ name: "web", image: "nginx", ...(resources ? { resources } : {}) }], ...spec },
});
const status = (world: World, ns: string) => (world.api.find(kind("ResourceQuota"), ns, "q") as StoredObject).status as AnyObj;
const message = (r: { ok: boolean; error?: { message: string } }) => (r.ok ? "admitted" : r.error!.message);

describe("ResourceQuota", () => {
  const world = createWorld("bare");

  it("the controller copies spec.hard to status.hard and counts used for exactly those names", () => {
    namespaceWith(world, "counts", { pods: "2", "requests.cpu": "1", "requests.memory": "1Gi", configmaps: "5" });
    // Each namespace gets kube-root-ca.crt, which a configmaps quota counts like any other.
    expect(status(world, "counts")).toEqual({
      hard: { configmaps: "5", pods: "2", "requests.cpu": "1", "requests.memory": "1Gi" },
      used: { configmaps: "1", pods: "0", "requests.cpu": "0", "requests.memory": "0" },
    });
  });

  it("an admitted pod is charged at once; sums keep the notation (256Mi + 256Mi = 512Mi)", () => {
    const res = { requests: { cpu: "250m", memory: "256Mi" } };
    expect(world.api.create(kind("Pod"), pod("a", res), "counts").ok).toBe(true);
    expect(status(world, "counts").used).toMatchObject({ pods: "1", "requests.cpu": "250m", "requests.memory": "256Mi" });
    expect(world.api.create(kind("Pod"), pod("b", res), "counts").ok).toBe(true);
    world.reconcile();
    expect(status(world, "counts").used).toEqual({ configmaps: "1", pods: "2", "requests.cpu": "500m", "requests.memory": "512Mi" });
  });

  it("exceeded quota names the quota and what was requested, used and limited", () => {
    const r = world.api.create(kind("Pod"), pod("x", { requests: { cpu: "100m", memory: "1Mi" } }), "counts");
    expect(message(r)).toBe('pods "x" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2');
    expect(!r.ok && r.error.code).toBe(403);
  });

  it("a quota on cpu or memory requires every container to state it: failed quota ... must specify", () => {
    namespaceWith(world, "compute", { "limits.cpu": "2", "limits.memory": "2Gi", "requests.cpu": "1" });
    const r = world.api.create(kind("Pod"), pod("x", { requests: { cpu: "100m" } }), "compute");
    expect(message(r)).toBe('pods "x" is forbidden: failed quota: q: must specify limits.cpu for: web; limits.memory for: web');
  });

  it("several resources over the limit are listed together, sorted", () => {
    const r = world.api.create(kind("Pod"), pod("big", { limits: { cpu: "3", memory: "3Gi" } }), "compute");
    expect(message(r)).toBe(
      'pods "big" is forbidden: exceeded quota: q, requested: limits.cpu=3,limits.memory=3Gi,requests.cpu=3, used: limits.cpu=0,limits.memory=0,requests.cpu=0, limited: limits.cpu=2,limits.memory=2Gi,requests.cpu=1',
    );
  });

  it("a LimitRange's defaults run first, so they satisfy the quota's must-specify rule", () => {
    world.api.create(kind("LimitRange"), {
      apiVersion: "v1", kind: "LimitRange", metadata: { name: "defaults" },
      spec: { limits: [{ type: "Container", default: { cpu: "500m", memory: "256Mi" }, defaultRequest: { cpu: "100m", memory: "128Mi" } }] },
    }, "compute");
    const r = world.api.create(kind("Pod"), pod("bare"), "compute");
    expect(r.ok).toBe(true);
    expect(status(world, "compute").used).toEqual({ "limits.cpu": "500m", "limits.memory": "256Mi", "requests.cpu": "100m" });
  });

  it("object counts: count/<resource>.<group> and services with their node ports", () => {
    namespaceWith(world, "objects", { "count/deployments.apps": "1", services: "5", "services.nodeports": "1" });
    const deploy = (name: string) => ({
      apiVersion: "apps/v1", kind: "Deployment", metadata: { name },
      spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "c", image: "nginx" }] } } },
    });
    expect(world.api.create(kind("Deployment"), deploy("one"), "objects").ok).toBe(true);
    expect(message(world.api.create(kind("Deployment"), deploy("two"), "objects"))).toBe(
      'deployments.apps "two" is forbidden: exceeded quota: q, requested: count/deployments.apps=1, used: count/deployments.apps=1, limited: count/deployments.apps=1',
    );
    const svc = (name: string, ports: number) => ({
      apiVersion: "v1", kind: "Service", metadata: { name },
      spec: { type: "NodePort", selector: { app: "x" }, ports: Array.from({ length: ports }, (_, i) => ({ name: `p${i}`, port: 80 + i })) },
    });
    expect(message(world.api.create(kind("Service"), svc("two-ports", 2), "objects"))).toBe(
      'services "two-ports" is forbidden: exceeded quota: q, requested: services.nodeports=2, used: services.nodeports=0, limited: services.nodeports=1',
    );
  });

  it("requests.storage and persistentvolumeclaims for claims", () => {
    namespaceWith(world, "storage", { "requests.storage": "5Gi", persistentvolumeclaims: "3" });
    const claim = (name: string, size: string) => ({
      apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name },
      spec: { accessModes: ["ReadWriteOnce"], storageClassName: "", resources: { requests: { storage: size } } },
    });
    expect(world.api.create(kind("PersistentVolumeClaim"), claim("a", "4Gi"), "storage").ok).toBe(true);
    expect(message(world.api.create(kind("PersistentVolumeClaim"), claim("b", "2Gi"), "storage"))).toBe(
      'persistentvolumeclaims "b" is forbidden: exceeded quota: q, requested: requests.storage=2Gi, used: requests.storage=4Gi, limited: requests.storage=5Gi',
    );
  });

  it("scopes: a BestEffort quota counts only pods without requests or limits", () => {
    namespaceWith(world, "scoped", { pods: "1" }, { scopes: ["BestEffort"] });
    expect(world.api.create(kind("Pod"), pod("be"), "scoped").ok).toBe(true);
    expect(world.api.create(kind("Pod"), pod("burstable", { requests: { cpu: "100m" } }), "scoped").ok).toBe(true);
    expect(message(world.api.create(kind("Pod"), pod("be2"), "scoped"))).toBe(
      'pods "be2" is forbidden: exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1',
    );
    world.reconcile();
    expect(status(world, "scoped").used).toEqual({ pods: "1" });
  });

  it("a server-side dry run is refused like the real thing but charges nothing", () => {
    namespaceWith(world, "dry", { pods: "1" });
    expect(world.api.create(kind("Pod"), pod("p"), "dry", { dryRun: true }).ok).toBe(true);
    expect(status(world, "dry").used).toEqual({ pods: "0" });
  });

  it("a ReplicaSet whose pods quota refuses records FailedCreate with the admission message", () => {
    namespaceWith(world, "rs", { pods: "1" });
    world.api.create(kind("ReplicaSet"), {
      apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "web" },
      spec: { replicas: 3, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx" }] } } },
    }, "rs");
    world.advance(5);
    expect(world.api.list(kind("Pod"), "rs")).toHaveLength(1);
    const failed = world.api.list(kind("Event"), "rs").map((e) => e as AnyObj).filter((e) => e.reason === "FailedCreate");
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]!.message).toMatch(/^Error creating: pods "web-[a-z0-9]{5}" is forbidden: exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1$/);
    // replica_set.go calculateStatus: a ReplicaFailure condition with the same message.
    const rs = world.api.find(kind("ReplicaSet"), "rs", "web") as AnyObj;
    expect(rs.status.conditions).toEqual([
      { type: "ReplicaFailure", status: "True", lastTransitionTime: expect.any(String), reason: "FailedCreate", message: expect.stringMatching(/is forbidden: exceeded quota: q/) },
    ]);
  });

  it("the ReplicaSet retries with the workqueue's back-off (5ms doubling), not at every pass, and fills up once the quota allows", () => {
    world.advance(60);
    const failures = world.api.list(kind("Event"), "rs").filter((e) => (e as AnyObj).reason === "FailedCreate").length;
    // 0,1,2,...,7 s (sub-second delays), then 1.28 s, 2.56 s, ... doubling: about 14 tries in 65 s.
    expect(failures).toBeGreaterThan(8);
    expect(failures).toBeLessThan(20);
    const q = world.api.find(kind("ResourceQuota"), "rs", "q")!;
    world.api.update(kind("ResourceQuota"), { ...q, spec: { hard: { pods: "3" } } });
    world.advance(600);
    expect(world.api.list(kind("Pod"), "rs")).toHaveLength(3);
    expect((world.api.find(kind("ReplicaSet"), "rs", "web") as AnyObj).status.conditions).toBeUndefined();
  });

  it("pods that finished, or are past their deletion grace, no longer count for pods; count/pods counts them all (QuotaV1Pod)", () => {
    const evaluator = evaluatorFor(kind("Pod"));
    const p = pod("p", { requests: { cpu: "100m" } });
    expect(evaluator.usage({ ...p, status: { phase: "Running" } }, 0)).toEqual({ "count/pods": "1", pods: "1", cpu: "100m", "requests.cpu": "100m" });
    expect(evaluator.usage({ ...p, status: { phase: "Succeeded" } }, 0)).toEqual({ "count/pods": "1" });
    const deleting = { ...p, metadata: { name: "p", deletionTimestamp: "2026-01-01T00:00:00Z", deletionGracePeriodSeconds: 30 } };
    expect(evaluator.usage(deleting, Date.parse("2026-01-01T00:00:29Z"))).toHaveProperty("pods", "1");
    expect(evaluator.usage(deleting, Date.parse("2026-01-01T00:00:31Z"))).toEqual({ "count/pods": "1" });
  });
});
