// kubectl cordon, uncordon and drain against the live model, following
// https://kubernetes.io/docs/tasks/administer-cluster/safely-drain-node/ and the
// texts of kubectl 1.32's kubectl/pkg/cmd/drain/drain.go and kubectl/pkg/drain/
// (drain.go, filters.go). Client-side errors: testdata/errors/{cordon,uncordon,drain}-*.err.
import { describe, expect, it } from "vitest";
import { kindNamed } from "../../sim/api/kinds.js";
import type { StoredObject } from "../../sim/api/types.js";
import type { Session } from "../session.js";
import { formatGoDuration, parseGoDuration } from "./node-maintenance.js";
import { kubectlSession, recordedError } from "./testing.js";

const NODE = kindNamed("Node")!;
const POD = kindNamed("Pod")!;
const DEPLOYMENT = kindNamed("Deployment")!;

const nodeOf = (pod: StoredObject) => (pod.spec as { nodeName?: string }).nodeName;
const podsOn = (s: Session, node: string, namespace?: string) => s.world.api.list(POD, namespace).filter((p) => nodeOf(p) === node);
const unschedulable = (s: Session, node: string) => (s.world.api.find(NODE, undefined, node)!.spec as { unschedulable?: boolean }).unschedulable;
const corednsOn = (s: Session, node: string) => podsOn(s, node, "kube-system").find((p) => p.metadata.name.startsWith("coredns-"))!.metadata.name;
const proxyOn = (s: Session, node: string) => podsOn(s, node, "kube-system").find((p) => p.metadata.name.startsWith("kube-proxy-"))!.metadata.name;

describe("kubectl cordon / uncordon (drain.go RunCordonOrUncordon)", () => {
  it("cordon sets spec.unschedulable, get nodes shows SchedulingDisabled, and a second cordon says already", async () => {
    const s = kubectlSession();
    expect((await s.run("kubectl cordon node01")).stdout).toBe("node/node01 cordoned\n");
    expect(unschedulable(s, "node01")).toBe(true);
    expect((await s.run("kubectl get nodes node01 --no-headers")).stdout).toMatch(/^node01\s+Ready,SchedulingDisabled\s/);
    expect((await s.run("kubectl cordon node01")).stdout).toBe("node/node01 already cordoned\n");
    expect((await s.run("kubectl uncordon node01")).stdout).toBe("node/node01 uncordoned\n");
    expect(unschedulable(s, "node01")).toBeUndefined();
    expect((await s.run("kubectl uncordon node01")).stdout).toBe("node/node01 already uncordoned\n");
  });

  it("new pods stay off a cordoned node (NodeUnschedulable filter)", async () => {
    const s = kubectlSession();
    await s.run("kubectl cordon node01");
    await s.run("kubectl create deployment web --image=nginx --replicas=4");
    await s.run("sleep 20");
    const web = s.world.api.list(POD, "default");
    expect(web).toHaveLength(4);
    expect(web.every((p) => nodeOf(p) === "node02")).toBe(true);
  });

  it("-l selects nodes by label; --dry-run=client changes nothing", async () => {
    const s = kubectlSession();
    await s.run("kubectl label node node01 node02 pool=workers");
    expect((await s.run("kubectl cordon -l pool=workers --dry-run=client")).stdout).toBe("node/node01 cordoned (dry run)\nnode/node02 cordoned (dry run)\n");
    expect(unschedulable(s, "node01")).toBeUndefined();
    expect((await s.run("kubectl cordon -l pool=workers")).stdout).toBe("node/node01 cordoned\nnode/node02 cordoned\n");
    expect(unschedulable(s, "node02")).toBe(true);
  });

  it("a missing node is the server's NotFound and nothing is cordoned", async () => {
    const s = kubectlSession();
    const r = await s.run("kubectl cordon node01 nope");
    expect(r.stderr).toBe('Error from server (NotFound): nodes "nope" not found\n');
    expect(r.exitCode).toBe(1);
    expect(unschedulable(s, "node01")).toBeUndefined();
  });
});

describe("kubectl drain (drain.go, filters.go)", () => {
  it("refuses DaemonSet-managed pods without --ignore-daemonsets, but leaves the node cordoned", async () => {
    const s = kubectlSession();
    const proxy = proxyOn(s, "node01");
    const r = await s.run("kubectl drain node01");
    expect(r.stdout).toBe("node/node01 cordoned\n");
    expect(r.stderr).toBe(
      `error: unable to drain node "node01" due to error: cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/${proxy}, continuing command...\n` +
        "There are pending nodes to be drained:\n node01\n" +
        // CheckErr prints the node's own aggregate one error a line, without "error: ".
        `cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/${proxy}\n`,
    );
    expect(r.exitCode).toBe(1);
    expect(unschedulable(s, "node01")).toBe(true);
    expect(podsOn(s, "node01").length).toBe(2);
  });

  it("with --ignore-daemonsets evicts the rest; their ReplicaSets bring them up on another node", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment web --image=nginx --replicas=4");
    await s.run("sleep 20");
    const proxy = proxyOn(s, "node01");
    const coredns = corednsOn(s, "node01");
    const web = podsOn(s, "node01", "default").map((p) => p.metadata.name);
    expect(web.length).toBeGreaterThan(0);
    const r = await s.run("kubectl drain node01 --ignore-daemonsets");
    const evicting = [...web.map((n) => `default/${n}`), `kube-system/${coredns}`];
    expect(r.stdout).toBe(
      "node/node01 cordoned\n" +
        evicting.map((p) => `evicting pod ${p}\n`).join("") +
        evicting.map((p) => `pod/${p.split("/")[1]} evicted\n`).join("") +
        "node/node01 drained\n",
    );
    expect(r.stderr).toBe(`Warning: ignoring DaemonSet-managed Pods: kube-system/${proxy}\n`);
    expect(r.exitCode).toBe(0);
    // Only the DaemonSet pod is left on the node; the deployment is whole again elsewhere.
    expect(podsOn(s, "node01").map((p) => p.metadata.name)).toEqual([proxy]);
    await s.run("sleep 20");
    expect((await s.run("kubectl get deploy web --no-headers")).stdout).toMatch(/^web\s+4\/4\s/);
    expect(s.world.api.list(POD, "default").every((p) => nodeOf(p) === "node02")).toBe(true);
  });

  it("skips mirror pods: draining the control plane leaves its static pods", async () => {
    const s = kubectlSession();
    // The static pods' requests (etcd's 100Mi included) make the scheduler place CoreDNS on the workers.
    expect(podsOn(s, "controlplane", "kube-system").some((p) => p.metadata.name.startsWith("coredns-"))).toBe(false);
    const r = await s.run("kubectl drain controlplane --ignore-daemonsets");
    expect(r.stdout).toBe(`node/controlplane cordoned\nnode/controlplane drained\n`);
    const left = podsOn(s, "controlplane").map((p) => p.metadata.name);
    expect(left).toEqual(expect.arrayContaining(["etcd-controlplane", "kube-apiserver-controlplane", "kube-controller-manager-controlplane", "kube-scheduler-controlplane"]));
  });

  it("a pod without a controller needs --force, and is then deleted for good", async () => {
    const s = kubectlSession();
    await s.run("kubectl run lone --image=nginx");
    await s.run("sleep 10");
    const node = nodeOf(s.world.api.find(POD, "default", "lone")!)!;
    const refused = await s.run(`kubectl drain ${node} --ignore-daemonsets`);
    expect(refused.stderr).toContain(`error: unable to drain node "${node}" due to error: cannot delete Pods that declare no controller (use --force to override): default/lone, continuing command...\n`);
    expect(refused.stderr.endsWith("cannot delete Pods that declare no controller (use --force to override): default/lone\n")).toBe(true);
    expect(s.world.api.find(POD, "default", "lone")).toBeDefined();
    const forced = await s.run(`kubectl drain ${node} --ignore-daemonsets --force`);
    // Upstream groups warnings in a Go map (either order); the model keeps the pods' list order.
    expect(forced.stderr).toBe(`Warning: deleting Pods that declare no controller: default/lone; ignoring DaemonSet-managed Pods: kube-system/${proxyOn(s, node)}\n`);
    expect(forced.stdout).toContain("evicting pod default/lone\n");
    expect(forced.stdout).toContain("pod/lone evicted\n");
    expect(forced.exitCode).toBe(0);
    await s.run("sleep 20");
    expect(s.world.api.find(POD, "default", "lone")).toBeUndefined();
  });

  it("a pod with an emptyDir volume needs --delete-emptydir-data", async () => {
    const s = kubectlSession();
    const created = s.world.api.create(
      DEPLOYMENT,
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "cache", namespace: "default" },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: "cache" } },
          template: {
            metadata: { labels: { app: "cache" } },
            spec: { nodeName: "node01", containers: [{ name: "redis", image: "redis", volumeMounts: [{ name: "data", mountPath: "/data" }] }], volumes: [{ name: "data", emptyDir: {} }] },
          },
        },
      },
      "default",
    );
    expect(created.ok).toBe(true);
    await s.run("sleep 20");
    const cache = podsOn(s, "node01", "default")[0]!.metadata.name;
    const refused = await s.run("kubectl drain node01 --ignore-daemonsets");
    expect(refused.stderr).toContain(`due to error: cannot delete Pods with local storage (use --delete-emptydir-data to override): default/${cache}, continuing command...\n`);
    const r = await s.run("kubectl drain node01 --ignore-daemonsets --delete-emptydir-data");
    expect(r.stdout).toContain(`evicting pod default/${cache}\n`);
    expect(r.stdout).toMatch(/node\/node01 drained\n$/);
  });

  it("--dry-run=client lists the evictions and changes nothing", async () => {
    const s = kubectlSession();
    const coredns = corednsOn(s, "node01");
    const r = await s.run("kubectl drain node01 --ignore-daemonsets --dry-run=client");
    expect(r.stdout).toBe(`node/node01 cordoned (dry run)\nevicting pod kube-system/${coredns} (dry run)\nnode/node01 drained (dry run)\n`);
    expect(unschedulable(s, "node01")).toBeUndefined();
    expect(s.world.api.find(POD, "kube-system", coredns)).toBeDefined();
  });

  it("--dry-run=server asks for the eviction but waits for nothing", async () => {
    const s = kubectlSession();
    const coredns = corednsOn(s, "node01");
    const r = await s.run("kubectl drain node01 --ignore-daemonsets --dry-run=server");
    expect(r.stdout).toBe(`node/node01 cordoned (server dry run)\nevicting pod kube-system/${coredns} (server dry run)\nnode/node01 drained (server dry run)\n`);
    expect(unschedulable(s, "node01")).toBeUndefined();
    expect(s.world.api.find(POD, "kube-system", coredns)?.metadata.deletionTimestamp).toBeUndefined();
  });

  it("--disable-eviction deletes instead of evicting (no 'evicting pod' line)", async () => {
    const s = kubectlSession();
    const coredns = corednsOn(s, "node01");
    const r = await s.run("kubectl drain node01 --ignore-daemonsets --disable-eviction");
    expect(r.stdout).toBe(`node/node01 cordoned\npod/${coredns} deleted\nnode/node01 drained\n`);
  });

  it("--timeout gives up on a pod that takes longer to stop (a sleep as PID 1 ignores SIGTERM)", async () => {
    const s = kubectlSession();
    await s.run("kubectl run slow --image=busybox --command -- sleep 3600");
    await s.run("sleep 20");
    const node = nodeOf(s.world.api.find(POD, "default", "slow")!)!;
    const r = await s.run(`kubectl drain ${node} --force --pod-selector=run=slow --timeout=5s`);
    const error = 'error when waiting for pod "slow" in namespace "default" to terminate: global timeout reached: 5s';
    expect(r.stdout).toBe(`node/${node} cordoned\nevicting pod default/slow\n`);
    expect(r.stderr).toBe(
      "Warning: deleting Pods that declare no controller: default/slow\n" +
        `There are pending pods in node "${node}" when an error occurred: ${error}\npod/slow\n` +
        `error: unable to drain node "${node}" due to error: ${error}, continuing command...\n` +
        `There are pending nodes to be drained:\n ${node}\n${error}\n`,
    );
    expect(r.exitCode).toBe(1);
  });

  it("--pod-selector limits the pods drain looks at", async () => {
    const s = kubectlSession();
    const r = await s.run("kubectl drain node01 --pod-selector=k8s-app=kube-dns");
    expect(r.stdout).toMatch(/^node\/node01 cordoned\nevicting pod kube-system\/coredns-\S+\npod\/coredns-\S+ evicted\nnode\/node01 drained\n$/);
    expect(r.stderr).toBe("");
  });

  it.each([
    ["cordon", "cordon-no-args"],
    ["uncordon", "uncordon-no-args"],
    ["drain", "drain-no-args"],
    ["drain -l a=b node01", "drain-name-and-selector"],
    ["drain node01 --pod-selector=a=(", "drain-bad-pod-selector"],
    ["drain node01 --timeout=abc", "drain-bad-timeout"],
  ])("kubectl %s fails as the real client does", async (cmd, name) => {
    const r = await kubectlSession().run(`kubectl ${cmd.replace("a=(", "'a=('")}`);
    expect({ stderr: r.stderr, exitCode: r.exitCode }).toEqual(recordedError(name));
  });
});

describe("Go durations (time.ParseDuration, Duration.String)", () => {
  it("parses and prints as Go does", () => {
    expect(parseGoDuration("0s")).toBe(0);
    expect(parseGoDuration("1m30s")).toBe(90);
    expect(parseGoDuration("10")).toBe('time: missing unit in duration "10"');
    expect(formatGoDuration(5)).toBe("5s");
    expect(formatGoDuration(90)).toBe("1m30s");
    expect(formatGoDuration(3600)).toBe("1h0m0s");
  });
});
