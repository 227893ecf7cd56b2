/**
 * The control plane without an etcd quorum (https://etcd.io/docs/v3.5/op-guide/failures/#majority-failure:
 * "the etcd cluster fails and cannot accept more writes"; the API server then cannot serve, so
 * kube-scheduler and kube-controller-manager can neither read nor write, and their leases
 * cannot be renewed). The kubelets keep their containers running; nothing new is scheduled or
 * reconciled until the quorum is back. A stopped member's etcd pod is not running.
 */
import { describe, expect, it } from "vitest";
import { kindNamed } from "../api/kinds.js";
import type { Node, Pod } from "../api/types.js";
import { EtcdCluster } from "../etcd/etcd.js";
import { nodeLeaseRenewTime } from "../kubelet/node-lease.js";
import { apiServerState } from "./api-server-state.js";
import { componentActs } from "./control-plane.js";
import { createWorld } from "./create.js";
import type { World } from "./world.js";

const POD = kindNamed("Pod")!;
const DEPLOY = kindNamed("Deployment")!;
const NODE = kindNamed("Node")!;

const deployment = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { replicas: 2, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "app", image: "nginx" }] } } } };
const webPods = (world: World) => world.api.list<Pod>(POD, "default").filter((p) => p.metadata.labels?.app === "web");

function loseQuorum(world: World): EtcdCluster {
  const etcd = world.loopsOfType(EtcdCluster)!;
  const followers = etcd.members(world).filter((m) => !m.isLeader).map((m) => m.name);
  for (const name of followers) etcd.setStopped(world, name, true);
  world.advance(2);
  expect(apiServerState(world)).toBe("etcd-no-quorum");
  return etcd;
}

describe("lost etcd quorum", () => {
  it("nothing is scheduled or reconciled, running containers keep running; with the quorum back both resume", () => {
    const world = createWorld("ha");
    world.api.create(DEPLOY, deployment, "default");
    world.advance(10);
    expect(webPods(world).every((p) => p.status?.phase === "Running")).toBe(true);
    const etcd = loseQuorum(world);
    expect(componentActs(world, "kube-scheduler")).toBe(false);
    expect(componentActs(world, "kube-controller-manager")).toBe(false);
    // What was in the store when the quorum went: a pod nobody has scheduled yet, and a Deployment short of a pod.
    world.api.create(POD, { apiVersion: "v1", kind: "Pod", metadata: { name: "waits" }, spec: { containers: [{ name: "c", image: "nginx" }] } }, "default");
    const [gone, kept] = webPods(world);
    world.api.finalizeDeletion(POD, "default", gone!.metadata.name);
    world.advance(60);
    expect(world.api.find<Pod>(POD, "default", "waits")!.spec?.nodeName).toBeUndefined();
    expect(webPods(world).map((p) => p.metadata.name)).toEqual([kept!.metadata.name]);
    expect(webPods(world)[0]!.status?.containerStatuses?.[0]?.state?.running).toBeDefined();

    for (const m of etcd.members(world)) etcd.setStopped(world, m.name, false);
    world.advance(20);
    expect(apiServerState(world)).toBe("serving");
    expect(world.api.find<Pod>(POD, "default", "waits")!.spec?.nodeName).toMatch(/^node0[12]$/);
    expect(webPods(world)).toHaveLength(2);
  });

  it("the kubelets cannot renew their leases meanwhile; when the quorum is back they renew before node lifecycle looks: no node goes NotReady", () => {
    const world = createWorld("ha");
    const etcd = loseQuorum(world);
    const before = nodeLeaseRenewTime(world, "node01")!;
    world.advance(120);
    expect(nodeLeaseRenewTime(world, "node01")).toBe(before);
    for (const m of etcd.members(world)) etcd.setStopped(world, m.name, false);
    world.advance(10);
    expect(nodeLeaseRenewTime(world, "node01")).toBeGreaterThan(before + 120_000);
    for (const node of world.api.list<Node>(NODE)) expect(node.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
  });

  it("a member stopped with sim etcd stop: its etcd pod is not running (the quorum of the other two keeps the API serving)", () => {
    const world = createWorld("ha");
    const etcd = world.loopsOfType(EtcdCluster)!;
    etcd.setStopped(world, "controlplane-3", true);
    world.advance(10);
    expect(apiServerState(world)).toBe("serving");
    const pod = world.api.find<Pod>(POD, "kube-system", "etcd-controlplane-3")!;
    expect(pod.status?.containerStatuses?.[0]?.state?.running).toBeUndefined();
    expect(pod.status?.containerStatuses?.[0]?.ready).toBe(false);
    expect(world.api.find<Pod>(POD, "kube-system", "etcd-controlplane-1")!.status?.containerStatuses?.[0]?.state?.running).toBeDefined();
    // Started again, it runs at once, whatever back-off its container was in.
    world.advance(120);
    etcd.setStopped(world, "controlplane-3", false);
    world.advance(2);
    expect(world.api.find<Pod>(POD, "kube-system", "etcd-controlplane-3")!.status?.containerStatuses?.[0]?.state?.running).toBeDefined();
  });
});
