/**
 * The environment: several clusters by kubeconfig context under one clock,
 * and a JSON snapshot that restores exactly (issue 5 §1; the exam's
 * multi-cluster tasks: https://docs.linuxfoundation.org/tc-docs/certification/tips-cka-and-ckad).
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_CONTEXT, DEFAULT_SERVER, Environment } from "./environment.js";

describe("Environment", () => {
  it("starts with kubeadm's admin.conf as the kubeconfig and adds clusters with their own entries and server", () => {
    const env = new Environment("default");
    expect(env.currentContext).toBe(DEFAULT_CONTEXT);
    expect(env.kubeconfig!.clusters["kubernetes"]!["server"]).toBe(DEFAULT_SERVER);
    const first = env.world;
    expect(env.addContext("k8s-c2", "bare")).toEqual({ ok: true });
    expect(env.addContext("k8s-c2", "bare")).toEqual({ ok: false, message: 'context "k8s-c2" already exists' });
    expect(env.addContext("x", "nope").ok).toBe(false);
    expect(env.kubeconfig!.contexts["k8s-c2"]).toEqual({ cluster: "k8s-c2", user: "k8s-c2-admin" });
    const second = env.clusterAt(env.kubeconfig!.clusters["k8s-c2"]!["server"] as string)!;
    expect(second.world).not.toBe(first);
    // Adding a cluster does not switch to it; the kubeconfig's current context picks the world.
    expect(env.world).toBe(first);
    env.kubeconfigFromFile({ ...env.kubeconfig!, currentContext: "k8s-c2" });
    expect(env.world).toBe(second.world);
    // A kubeconfig that leads nowhere leaves the primary cluster for graders and sim commands.
    env.kubeconfigFromFile(undefined);
    expect(env.world).toBe(first);
  });

  it("keeps one clock: time that passes in one cluster passes in all", () => {
    const env = new Environment("default");
    env.addContext("c2", "default");
    const [a, b] = env.clusters();
    a!.world.advance(90);
    env.catchUp();
    expect(b!.world.clock.now()).toBe(a!.world.clock.now());
    env.settle();
    expect(b!.world.clock.now()).toBe(a!.world.clock.now());
  });

  it("refuses a snapshot of another version", () => {
    const snapshot = { ...new Environment().snapshot(), snapshotVersion: 99 };
    expect(() => Environment.restore(snapshot)).toThrow(/version 99/);
  });

  it("loads a version 2 snapshot (clusters keyed by context) with the kubeconfig it implied", () => {
    const env = new Environment("default");
    env.addContext("k8s-c2", "bare");
    const [main, second] = env.clusters().map((c) => c.world.snapshot());
    const v2 = {
      snapshotVersion: 2 as const,
      currentContext: "k8s-c2",
      contexts: [
        { context: "k8s-c2", cluster: "k8s-c2", user: "k8s-c2-admin", namespace: "dev", preset: "bare", world: second! },
        { context: DEFAULT_CONTEXT, cluster: "kubernetes", user: "kubernetes-admin", preset: "default", world: main! },
      ],
    };
    const restored = Environment.restore(JSON.parse(JSON.stringify(v2)));
    expect(restored.currentContext).toBe("k8s-c2");
    expect(restored.kubeconfig!.contexts["k8s-c2"]).toEqual({ cluster: "k8s-c2", user: "k8s-c2-admin", namespace: "dev" });
    expect(restored.currentPreset).toBe("bare");
    expect(restored.clusterAt(DEFAULT_SERVER)!.preset).toBe("default");
  });
});


describe("Environment hosts (issue 5 §1: every node is a host with kubeadm's files)", () => {
  it("gives every node of the default preset a host; controlplane has kubeadm's four manifests, workers none", () => {
    const env = new Environment("default");
    expect(env.world.hosts.list().map((h) => h.name)).toEqual(["controlplane", "node01", "node02"]);
    const cp = env.findHost("controlplane")!.host;
    // kubeadm's well-known paths: https://kubernetes.io/docs/reference/setup-tools/kubeadm/implementation-details/#constants-and-well-known-values-and-paths
    expect(Object.keys(cp.files).filter((p) => p.startsWith("/etc/kubernetes/manifests/")).sort()).toEqual([
      "/etc/kubernetes/manifests/etcd.yaml",
      "/etc/kubernetes/manifests/kube-apiserver.yaml",
      "/etc/kubernetes/manifests/kube-controller-manager.yaml",
      "/etc/kubernetes/manifests/kube-scheduler.yaml",
    ]);
    expect(cp.files["/var/lib/kubelet/config.yaml"]).toContain("staticPodPath: /etc/kubernetes/manifests");
    expect(cp.files["/etc/kubernetes/pki/etcd/server.crt"]).toBeDefined();
    expect(cp.files["/etc/kubernetes/kubelet.conf"]).toContain("user: system:node:controlplane");
    const worker = env.findHost("node01")!.host;
    expect(Object.keys(worker.files).some((p) => p.startsWith("/etc/kubernetes/manifests/"))).toBe(false);
    expect(worker.dirs).toContain("/etc/kubernetes/manifests");
    expect(env.findHost("nosuch")).toBeUndefined();
    expect(new Environment("bare").world.hosts.list()).toEqual([]);
  });

  it("keeps host files in the snapshot, through JSON", () => {
    const env = new Environment("default");
    env.world.hosts.writeFile("node01", "/etc/kubernetes/manifests/static-web.yaml", "kind: Pod\n");
    env.world.hosts.setKubelet("node02", false, env.now());
    const restored = Environment.restore(JSON.parse(JSON.stringify(env.snapshot())));
    expect(restored.findHost("node01")!.host.files["/etc/kubernetes/manifests/static-web.yaml"]).toBe("kind: Pod\n");
    expect(restored.findHost("node02")!.host.kubelet.active).toBe(false);
    expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(env.snapshot()));
  });
});
