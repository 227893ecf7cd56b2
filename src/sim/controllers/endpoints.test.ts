/**
 * The Endpoints controller against the documented behaviour of Services:
 * https://kubernetes.io/docs/concepts/services-networking/service/ (Endpoints,
 * Services without selectors, targetPort by name) and
 * https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/ (a pod that
 * is not Ready is taken out of its Services' endpoints).
 */
import { describe, expect, it } from "vitest";
import { kindNamed } from "../api/kinds.js";
import type { Endpoints, Pod } from "../api/types.js";
import { createWorld } from "../world/create.js";
import type { World } from "../world/world.js";
import { LAST_CHANGE_TRIGGER_TIME } from "./endpoints.js";

const POD = kindNamed("Pod")!;
const SERVICE = kindNamed("Service")!;
const ENDPOINTS = kindNamed("Endpoints")!;

function pod(name: string, labels: Record<string, string>, containers: unknown[]) {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, labels }, spec: { containers } };
}
const nginx = (ports: unknown[] = [{ containerPort: 80 }]) => [{ name: "web", image: "nginx:1.27", ports }];

function service(name: string, spec: Record<string, unknown>) {
  return { apiVersion: "v1", kind: "Service", metadata: { name, labels: { app: name } }, spec };
}

const endpointsOf = (world: World, name: string, ns = "default") => world.api.find<Endpoints>(ENDPOINTS, ns, name);
const ipOf = (world: World, name: string) => world.api.find<Pod>(POD, "default", name)!.status!.podIP!;

describe("Endpoints of a Service with a selector", () => {
  it("list the ready pods it selects, by IP, with the target port and the pod they are", () => {
    const world = createWorld("default");
    for (const name of ["a", "b"]) world.api.create(POD, pod(name, { app: "web" }, nginx()), "default");
    world.api.create(POD, pod("other", { app: "db" }, nginx()), "default");
    world.api.create(SERVICE, service("web", { selector: { app: "web" }, ports: [{ port: 8080, targetPort: 80 }] }), "default");
    world.advance(20);

    const ep = endpointsOf(world, "web")!;
    expect(ep.metadata.labels).toEqual({ app: "web" });
    const [subset] = ep.subsets!;
    expect(ep.subsets).toHaveLength(1);
    expect(subset!.ports).toEqual([{ port: 80, protocol: "TCP" }]);
    const expected = ["a", "b"].map((name) => ({ ip: ipOf(world, name), name })).sort((x, y) => (x.ip < y.ip ? -1 : 1));
    expect(subset!.addresses!.map((a) => ({ ip: a.ip, name: a.targetRef?.name }))).toEqual(expected);
    expect(subset!.addresses![0]!.targetRef).toMatchObject({ kind: "Pod", namespace: "default" });
    expect(subset!.addresses![0]!.nodeName).toMatch(/^node0[12]$/);
    expect(subset!.notReadyAddresses).toBeUndefined();
  });

  it("put a pod that is not Ready under notReadyAddresses, and take it out when it is deleted", () => {
    const world = createWorld("default");
    // sleep as PID 1 ignores SIGTERM, so the pod stays Terminating for its 30 s grace period.
    world.api.create(POD, pod("ok", { app: "web" }, [{ name: "c", image: "busybox:1.36", command: ["sleep", "3600"] }]), "default");
    // Keeps exiting: CrashLoopBackOff, never Ready, but it has an IP.
    world.api.create(POD, pod("crash", { app: "web" }, [{ name: "c", image: "busybox:1.36", command: ["false"] }]), "default");
    world.api.create(SERVICE, service("web", { selector: { app: "web" }, ports: [{ port: 80 }] }), "default");
    world.advance(30);

    const [subset] = endpointsOf(world, "web")!.subsets!;
    expect(subset!.addresses!.map((a) => a.targetRef?.name)).toEqual(["ok"]);
    expect(subset!.notReadyAddresses!.map((a) => a.targetRef?.name)).toEqual(["crash"]);

    world.api.delete(POD, "default", "ok");
    world.advance(1);
    // A terminating pod leaves the endpoints at once, before its grace period ends.
    expect(world.api.find(POD, "default", "ok")?.metadata.deletionTimestamp).toBeDefined();
    expect(endpointsOf(world, "web")!.subsets![0]!.addresses).toBeUndefined();
  });

  it("follow labels: a pod relabelled away from the selector drops out", () => {
    const world = createWorld("default");
    world.api.create(POD, pod("a", { app: "web" }, nginx()), "default");
    world.api.create(SERVICE, service("web", { selector: { app: "web" }, ports: [{ port: 80 }] }), "default");
    world.advance(20);
    expect(endpointsOf(world, "web")!.subsets).toHaveLength(1);

    const a = structuredClone(world.api.find<Pod>(POD, "default", "a")!);
    a.metadata.labels = { app: "frontend" };
    world.api.update(POD, a);
    world.advance(1);
    // No subsets at all: `kubectl get ep web` shows <none>.
    expect(endpointsOf(world, "web")!.subsets).toBeUndefined();
  });

  it("resolve a named targetPort from each pod's container ports, leaving out pods without it", () => {
    const world = createWorld("default");
    world.api.create(POD, pod("named", { app: "web" }, nginx([{ name: "http", containerPort: 8080 }])), "default");
    world.api.create(POD, pod("unnamed", { app: "web" }, nginx([{ containerPort: 80 }])), "default");
    world.api.create(SERVICE, service("web", { selector: { app: "web" }, ports: [{ name: "web", port: 80, targetPort: "http" }] }), "default");
    world.advance(20);

    const subsets = endpointsOf(world, "web")!.subsets!;
    expect(subsets).toHaveLength(1);
    expect(subsets[0]!.ports).toEqual([{ name: "web", port: 8080, protocol: "TCP" }]);
    expect(subsets[0]!.addresses!.map((a) => a.targetRef?.name)).toEqual(["named"]);
  });

  it("go away with their Service", () => {
    const world = createWorld("default");
    world.api.create(SERVICE, service("web", { selector: { app: "web" }, ports: [{ port: 80 }] }), "default");
    world.advance(2);
    expect(endpointsOf(world, "web")?.metadata.annotations?.[LAST_CHANGE_TRIGGER_TIME]).toBeDefined();
    world.api.delete(SERVICE, "default", "web");
    world.advance(2);
    expect(endpointsOf(world, "web")).toBeUndefined();
  });

  it("are not rewritten when nothing they show has changed", () => {
    const world = createWorld("default");
    world.api.create(POD, pod("a", { app: "web" }, nginx()), "default");
    world.api.create(SERVICE, service("web", { selector: { app: "web" }, ports: [{ port: 80 }] }), "default");
    world.advance(20);
    const before = endpointsOf(world, "web")!.metadata.resourceVersion;
    world.advance(120);
    expect(endpointsOf(world, "web")!.metadata.resourceVersion).toBe(before);
  });
});

describe("Endpoints of a Service without a selector", () => {
  it("are the user's own: the controller neither fills nor removes them", () => {
    const world = createWorld("default");
    world.api.create(POD, pod("a", { app: "web" }, nginx()), "default");
    world.api.create(SERVICE, service("external", { ports: [{ port: 5432 }] }), "default");
    world.advance(5);
    expect(endpointsOf(world, "external")).toBeUndefined();

    const manual = { apiVersion: "v1", kind: "Endpoints", metadata: { name: "external" }, subsets: [{ addresses: [{ ip: "192.0.2.42" }], ports: [{ port: 5432 }] }] };
    expect(world.api.create(ENDPOINTS, manual, "default").ok).toBe(true);
    world.advance(5);
    expect(endpointsOf(world, "external")!.subsets![0]!.addresses).toEqual([{ ip: "192.0.2.42" }]);
  });

  it("include the API server's own for the kubernetes Service", () => {
    const world = createWorld("default");
    expect(endpointsOf(world, "kubernetes")!.subsets).toEqual([{ addresses: [{ ip: "192.168.0.10" }], ports: [{ name: "https", port: 6443, protocol: "TCP" }] }]);
  });
});

describe("the default preset", () => {
  it("lists both coredns pods behind kube-dns on its three ports", () => {
    const world = createWorld("default");
    const [subset] = endpointsOf(world, "kube-dns", "kube-system")!.subsets!;
    expect(subset!.addresses!.map((a) => a.targetRef?.name)).toHaveLength(2);
    expect(subset!.addresses!.every((a) => a.targetRef?.name?.startsWith("coredns-"))).toBe(true);
    expect(subset!.ports!.map((p) => `${p.name}:${p.port}/${p.protocol}`)).toEqual(["dns:53/UDP", "dns-tcp:53/TCP", "metrics:9153/TCP"]);
  });
});
