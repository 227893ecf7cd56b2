import { describe, expect, it } from "vitest";
import { Clock } from "../core/clock.js";
import { Rng } from "../core/random.js";
import { ServiceAllocator } from "./allocators.js";
import { kindNamed } from "./kinds.js";
import { ApiServer, type Admission } from "./server.js";
import { ObjectStore } from "./store.js";
import type { StoredObject } from "./types.js";

const passThrough: Admission = { decodeStrict: () => undefined, applyDefaults: (o) => o, validate: () => [] };
const POD = kindNamed("Pod")!;
const NS = kindNamed("Namespace")!;
const SVC = kindNamed("Service")!;
const DEPLOY = kindNamed("Deployment")!;

function server(admission: Admission = passThrough) {
  const store = new ObjectStore();
  const rng = new Rng(7);
  const api = new ApiServer(store, new Clock(), rng, admission, new ServiceAllocator(store, rng));
  api.create(NS, { apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } }, undefined);
  return api;
}

const pod = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: "v1", kind: "Pod", metadata: { name, ...extra }, spec: { containers: [{ name: "c", image: "nginx" }] } });

// https://kubernetes.io/docs/reference/using-api/api-concepts/ (resource versions, status codes)
describe("ApiServer", () => {
  it("fills uid, resourceVersion, creationTimestamp and the namespace on create", () => {
    const api = server();
    const created = api.create(POD, pod("web"), "default");
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(created.value.metadata).toMatchObject({ name: "web", namespace: "default", creationTimestamp: "2026-01-01T09:00:00Z" });
    expect(created.value.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number(created.value.metadata.resourceVersion)).toBeGreaterThan(0);
  });

  it("answers NotFound and AlreadyExists in the API's words", () => {
    const api = server();
    const missing = api.get(POD, "default", "nope");
    expect(missing).toMatchObject({ ok: false, error: { code: 404, reason: "NotFound", message: 'pods "nope" not found' } });
    api.create(POD, pod("web"), "default");
    expect(api.create(POD, pod("web"), "default")).toMatchObject({ ok: false, error: { code: 409, reason: "AlreadyExists", message: 'pods "web" already exists' } });
    expect(api.get(DEPLOY, "default", "x")).toMatchObject({ ok: false, error: { message: 'deployments.apps "x" not found' } });
  });

  it("refuses objects in a namespace that does not exist or is terminating", () => {
    const api = server();
    expect(api.create(POD, pod("web"), "shop")).toMatchObject({ ok: false, error: { reason: "NotFound", message: 'namespaces "shop" not found' } });
    api.create(NS, { apiVersion: "v1", kind: "Namespace", metadata: { name: "old" } }, undefined);
    api.delete(NS, undefined, "old");
    expect(api.create(POD, pod("web"), "old")).toMatchObject({
      ok: false,
      error: { reason: "Forbidden", message: 'pods "web" is forbidden: unable to create new content in namespace old because it is being terminated' },
    });
  });

  it("generates names from generateName with a 5-character suffix", () => {
    const api = server();
    const created = api.create(POD, { ...pod(""), metadata: { generateName: "web-" } }, "default");
    expect(created.ok && created.value.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it("rejects an update carrying a stale resourceVersion with 409 Conflict", () => {
    const api = server();
    const first = api.create(POD, pod("web"), "default");
    if (!first.ok) throw new Error("create failed");
    const stale = structuredClone(first.value);
    api.update(POD, { ...first.value, metadata: { ...first.value.metadata, labels: { a: "1" } } });
    expect(api.update(POD, { ...stale, metadata: { ...stale.metadata, labels: { a: "2" } } })).toMatchObject({
      ok: false,
      error: { code: 409, message: 'Operation cannot be fulfilled on pods "web": the object has been modified; please apply your changes to the latest version and try again' },
    });
  });

  it("bumps metadata.generation only when a Deployment's spec changes", () => {
    const api = server();
    const d = api.create(DEPLOY, { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { replicas: 1 } }, "default");
    if (!d.ok) throw new Error("create failed");
    expect(d.value.metadata.generation).toBe(1);
    const labelled = api.update(DEPLOY, { ...d.value, metadata: { ...d.value.metadata, labels: { a: "b" }, resourceVersion: undefined as unknown as string } });
    expect(labelled.ok && labelled.value.metadata.generation).toBe(1);
    const scaled = api.update(DEPLOY, { ...d.value, spec: { replicas: 3 }, metadata: { ...d.value.metadata, resourceVersion: undefined as unknown as string } });
    expect(scaled.ok && scaled.value.metadata.generation).toBe(2);
  });

  it("marks a pod bound to a node as terminating rather than deleting it (graceful deletion)", () => {
    const api = server();
    api.create(POD, pod("web"), "default");
    api.bind("default", "web", "node01");
    const deleted = api.delete(POD, "default", "web");
    expect(deleted.ok && deleted.value.metadata.deletionTimestamp).toBe("2026-01-01T09:00:00Z");
    expect(deleted.ok && deleted.value.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(api.get(POD, "default", "web").ok).toBe(true);
  });

  it("refuses to bind a pod twice", () => {
    const api = server();
    api.create(POD, pod("web"), "default");
    api.bind("default", "web", "node01");
    expect(api.bind("default", "web", "node02")).toMatchObject({ ok: false, error: { reason: "Conflict" } });
  });
});

// https://kubernetes.io/docs/concepts/services-networking/cluster-ip-allocation/ and
// https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport
describe("Service allocation", () => {
  const svc = (name: string, spec: Record<string, unknown>) => ({ apiVersion: "v1", kind: "Service", metadata: { name }, spec: { ports: [{ port: 80 }], ...spec } });

  it("gives each ClusterIP service an address in 10.96.0.0/12 and NodePorts a port in 30000-32767", () => {
    const api = server();
    const a = api.create<StoredObject>(SVC, svc("a", { type: "NodePort" }), "default");
    if (!a.ok) throw new Error(a.error.message);
    const spec = a.value.spec as { clusterIP: string; ports: { nodePort: number }[] };
    const [o1, o2] = spec.clusterIP.split(".").map(Number);
    expect(o1).toBe(10);
    expect(o2! >= 96 && o2! <= 111).toBe(true);
    expect(spec.ports[0]!.nodePort).toBeGreaterThanOrEqual(30000);
    expect(spec.ports[0]!.nodePort).toBeLessThanOrEqual(32767);
  });

  it("refuses a ClusterIP or nodePort already in use, in the API's words", () => {
    const api = server();
    api.create(SVC, svc("a", { clusterIP: "10.96.0.50", type: "NodePort", ports: [{ port: 80, nodePort: 30080 }] }), "default");
    expect(api.create(SVC, svc("b", { clusterIP: "10.96.0.50" }), "default")).toMatchObject({
      ok: false,
      error: { message: 'Service "b" is invalid: spec.clusterIPs: Invalid value: ["10.96.0.50"]: failed to allocate IP 10.96.0.50: provided IP is already allocated' },
    });
    expect(api.create(SVC, svc("c", { type: "NodePort", ports: [{ port: 80, nodePort: 30080 }] }), "default")).toMatchObject({
      ok: false,
      error: { message: 'Service "c" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated' },
    });
  });

  it("keeps headless services headless", () => {
    const api = server();
    const created = api.create(SVC, svc("h", { clusterIP: "None" }), "default");
    expect(created.ok && (created.value.spec as { clusterIPs: string[] }).clusterIPs).toEqual(["None"]);
  });
});

// pkg/registry/core/pod/rest/log.go: the server checks the request, then proxies it to the pod's kubelet.
describe("pods/log subresource", () => {
  it("is a NotFound for a missing pod and a BadRequest for a container the pod lacks", () => {
    const api = server();
    api.create(POD, pod("web"), "default");
    const missing = api.podLog("default", "nope", { container: "c" });
    expect(!missing.ok && missing.error.message).toBe('pods "nope" not found');
    const bad = api.podLog("default", "web", { container: "x" });
    expect(!bad.ok && [bad.error.reason, bad.error.message]).toEqual(["BadRequest", "container x is not valid for pod web"]);
  });

  it("answers from the registered kubelet once the container has started, never before", () => {
    const api = server();
    api.create(POD, pod("web"), "default");
    api.setPodLogSource((p, container) => [{ at: 0, line: `${p.metadata.name}/${container}` }]);
    const pending = api.podLog("default", "web", { container: "c" });
    expect(!pending.ok && pending.error.message).toBe('container "c" in pod "web" is waiting to start: ContainerCreating');
    const stored = api.find(POD, "default", "web")!;
    api.update(POD, { ...structuredClone(stored), spec: { ...(stored.spec as object), nodeName: "node01" } });
    const bound = api.find(POD, "default", "web")!;
    api.updateStatus(POD, { ...structuredClone(bound), status: { containerStatuses: [{ name: "c", state: { running: {} } }] } });
    const read = api.podLog("default", "web", { container: "c" });
    expect(read.ok && read.value).toEqual([{ at: 0, line: "web/c" }]);
  });
});
