/**
 * The world as a whole, against what a kubeadm cluster does. Each test cites
 * the behaviour it checks.
 */
import { describe, expect, it } from "vitest";
import { kindNamed } from "../api/kinds.js";
import type { Deployment, Event, Node, Pod, ReplicaSet } from "../api/types.js";
import { createWorld } from "./create.js";
import type { World } from "./world.js";

const POD = kindNamed("Pod")!;
const NODE = kindNamed("Node")!;
const DEPLOY = kindNamed("Deployment")!;
const RS = kindNamed("ReplicaSet")!;
const NS = kindNamed("Namespace")!;
const EVENT = kindNamed("Event")!;

const podsIn = (world: World, ns = "default") => world.api.list<Pod>(POD, ns);
const reasonOf = (pod: Pod) => pod.status?.containerStatuses?.[0]?.state?.waiting?.reason;

function deployment(name: string, replicas: number, image = "nginx:1.27", extra: Record<string, unknown> = {}) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "app", image }] } },
      ...extra,
    },
  };
}

function pod(name: string, spec: Record<string, unknown>) {
  return { apiVersion: "v1", kind: "Pod", metadata: { name }, spec };
}

describe("the default preset", () => {
  it("has three Ready nodes with the control plane tainted NoSchedule", () => {
    const world = createWorld("default");
    const nodes = world.api.list<Node>(NODE);
    expect(nodes.map((n) => n.metadata.name)).toEqual(["controlplane", "node01", "node02"]);
    expect(nodes[0]!.spec?.taints).toEqual([{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }]);
    for (const n of nodes) expect(n.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
  });

  it("runs the static control-plane pods, coredns and one kube-proxy per node", () => {
    const world = createWorld("default");
    const pods = podsIn(world, "kube-system");
    const names = pods.map((p) => p.metadata.name);
    for (const name of ["etcd-controlplane", "kube-apiserver-controlplane", "kube-controller-manager-controlplane", "kube-scheduler-controlplane"]) {
      expect(names).toContain(name);
    }
    // kube-proxy tolerates every taint (operator Exists), so it runs on the control plane too.
    const proxies = pods.filter((p) => p.metadata.labels?.["k8s-app"] === "kube-proxy");
    expect(proxies.map((p) => p.spec?.nodeName).sort()).toEqual(["controlplane", "node01", "node02"]);
    expect(pods.filter((p) => p.metadata.labels?.["k8s-app"] === "kube-dns")).toHaveLength(2);
    for (const p of pods) expect(p.status?.phase).toBe("Running");
  });

  it("a timer reached in a quiet cluster runs a full pass: pods become available after minReadySeconds when idle time is skipped too", () => {
    // https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#min-ready-seconds
    // Reached, a ReplicaSet's "available at" timer is no longer "to come" (at > now); the pass it was
    // set for used to be taken for lease renewals only, and AVAILABLE stayed behind for good.
    const run = (skip: boolean) => {
      const world = createWorld("default");
      world.skipIdleTime = skip;
      world.api.create(DEPLOY, deployment("web", 2, "nginx:1.27", { minReadySeconds: 10 }), "default");
      world.advance(60);
      const d = world.api.find<Deployment>(DEPLOY, "default", "web")!;
      world.api.update(DEPLOY, { ...d, spec: { ...d.spec!, replicas: 4 } });
      world.advance(60);
      return world.api.list<ReplicaSet>(RS, "default").map((rs) => rs.status);
    };
    const skipped = run(true);
    expect(skipped).toEqual(run(false));
    expect(skipped[0]).toMatchObject({ replicas: 4, readyReplicas: 4, availableReplicas: 4 });
  }, 20_000);

  it("skipping idle time gives exactly what stepping through every second gives", () => {
    const run = (skip: boolean) => {
      const world = createWorld("default");
      world.skipIdleTime = skip;
      world.api.create(DEPLOY, deployment("web", 3, "nginx:1.27", { minReadySeconds: 7 }), "default");
      world.api.create(POD, pod("crash", { containers: [{ name: "c", image: "busybox", command: ["sh", "-c", "echo boom; exit 3"] }] }), "default");
      world.api.create(POD, pod("typo", { containers: [{ name: "c", image: "ngnix" }] }), "default");
      world.api.create(POD, pod("ticker", { containers: [{ name: "c", image: "busybox", command: ["sh", "-c", "while true; do echo tick; sleep 4; done"] }] }), "default");
      world.advance(400);
      world.api.delete(POD, "default", "ticker");
      world.advance(45);
      return JSON.stringify(world.snapshot());
    };
    expect(run(true)).toBe(run(false));
    // Stepping 445 s one by one is slower since the control plane became static pods (open: profile it).
  }, 20_000);

  it("loops that look only at what changed (the store's change log) give exactly what full passes give", () => {
    const run = (watch: boolean) => {
      const world = createWorld("default");
      world.watchChanges = watch;
      world.api.create(kindNamed("ConfigMap")!, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg" }, data: { a: "1" } }, "default");
      world.api.create(DEPLOY, deployment("web", 6, "nginx:1.26"), "default");
      world.api.create(POD, pod("crash", { containers: [{ name: "c", image: "busybox", command: ["sh", "-c", "echo boom; exit 3"] }] }), "default");
      world.api.create(POD, pod("typo", { containers: [{ name: "c", image: "ngnix" }] }), "default");
      world.api.create(POD, pod("mounted", { containers: [{ name: "c", image: "busybox", command: ["sleep", "1d"], volumeMounts: [{ name: "v", mountPath: "/etc/cfg" }], env: [{ name: "A", valueFrom: { configMapKeyRef: { name: "cfg", key: "a" } } }] }], volumes: [{ name: "v", configMap: { name: "cfg" } }] }), "default");
      world.api.create(POD, pod("waits", { containers: [{ name: "c", image: "busybox", command: ["sleep", "1d"], env: [{ name: "B", valueFrom: { configMapKeyRef: { name: "later", key: "b" } } }] }] }), "default");
      world.api.create(POD, pod("sidecar", { restartPolicy: "Never", initContainers: [{ name: "log", image: "busybox", restartPolicy: "Always", command: ["sh", "-c", "sleep 1d"] }], containers: [{ name: "app", image: "busybox", command: ["sh", "-c", "sleep 40"] }] }), "default");
      world.api.create(POD, pod("probed", { containers: [{ name: "c", image: "busybox", command: ["sh", "-c", "touch /tmp/ok; sleep 20; rm /tmp/ok; sleep 1d"], livenessProbe: { exec: { command: ["cat", "/tmp/ok"] }, periodSeconds: 5 } }] }), "default");
      world.advance(60);
      const d = world.api.find<Deployment>(DEPLOY, "default", "web")!;
      world.api.update(DEPLOY, { ...d, spec: { ...d.spec!, template: { ...d.spec!.template, spec: { containers: [{ name: "nginx", image: "nginx:1.27" }] } } } });
      world.api.create(kindNamed("ConfigMap")!, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "later" }, data: { b: "2" } }, "default");
      world.advance(90);
      const cfg = world.api.find(kindNamed("ConfigMap")!, "default", "cfg")!;
      world.api.update(kindNamed("ConfigMap")!, { ...cfg, data: { a: "changed" } });
      world.api.delete(POD, "default", "crash");
      const scaled = world.api.find<Deployment>(DEPLOY, "default", "web")!;
      world.api.update(DEPLOY, { ...scaled, spec: { ...scaled.spec!, replicas: 2 } });
      world.advance(120);
      // A kubelet that stops: its node goes NotReady, then Ready again when it is back.
      world.hosts.setKubelet("node01", false, world.clock.now());
      world.advance(90);
      world.hosts.setKubelet("node01", true, world.clock.now());
      world.advance(60);
      // The garbage collector: an owner named by uid, orphaning, foreground and background cascades.
      const web = world.api.find<Deployment>(DEPLOY, "default", "web")!;
      const owned = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "owned", ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: web.metadata.uid }] }, data: {} };
      world.api.create(kindNamed("ConfigMap")!, owned, "default");
      world.api.create(kindNamed("ConfigMap")!, { ...owned, metadata: { name: "dangling", ownerReferences: [{ apiVersion: "v1", kind: "Pod", name: "gone", uid: "no-such-uid" }] } }, "default");
      world.api.create(DEPLOY, deployment("other", 2, "nginx:1.27"), "default");
      world.advance(30);
      const [oldRs] = world.api.list<ReplicaSet>(RS, "default").filter((r) => r.metadata.name.startsWith("other-"));
      world.api.delete(RS, "default", oldRs!.metadata.name, { propagationPolicy: "Orphan" });
      world.advance(10);
      world.api.delete(DEPLOY, "default", "web", { propagationPolicy: "Foreground" });
      world.advance(40);
      world.api.delete(DEPLOY, "default", "other", { propagationPolicy: "Background" });
      world.advance(40);
      // The scenario did reach the collector's rules (else the comparison would prove little).
      expect(world.api.find(kindNamed("ConfigMap")!, "default", "owned")).toBeUndefined();
      expect(world.api.find(kindNamed("ConfigMap")!, "default", "dangling")).toBeUndefined();
      expect(world.api.find(DEPLOY, "default", "web")).toBeUndefined();
      expect(world.api.list<Pod>(POD, "default").filter((p) => p.metadata.name.startsWith("web-") || p.metadata.name.startsWith("other-"))).toEqual([]);
      return JSON.stringify(world.snapshot());
    };
    expect(run(true)).toBe(run(false));
  }, 30_000);

  it("is deterministic: the same commands give the same state", () => {
    const run = () => {
      const world = createWorld("default");
      world.api.create(DEPLOY, deployment("web", 3), "default");
      world.advance(20);
      return JSON.stringify(world.snapshot().store);
    };
    expect(run()).toBe(run());
  });
});

// https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
describe("Deployments", () => {
  it("create a ReplicaSet named <deployment>-<pod-template-hash> whose pods become Ready", () => {
    const world = createWorld("default");
    world.api.create(DEPLOY, deployment("web", 3), "default");
    world.advance(15);
    const [rs] = world.api.list<ReplicaSet>(RS, "default");
    expect(rs!.metadata.name).toMatch(/^web-[4-9bcdf]+$/);
    expect(rs!.metadata.labels?.["pod-template-hash"]).toBe(rs!.metadata.name.slice(4));
    const pods = podsIn(world);
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(new RegExp(`^${rs!.metadata.name}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(p.status?.phase).toBe("Running");
      // The control plane's NoSchedule taint keeps ordinary pods off it.
      expect(p.spec?.nodeName).not.toBe("controlplane");
    }
    const d = world.api.find<Deployment>(DEPLOY, "default", "web")!;
    expect(d.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, updatedReplicas: 3 });
    expect(d.metadata.annotations?.["deployment.kubernetes.io/revision"]).toBe("1");
  });

  // https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#failed-deployment
  it("mark a rollout that makes no progress for progressDeadlineSeconds as ProgressDeadlineExceeded", () => {
    const world = createWorld("default");
    world.api.create(DEPLOY, deployment("web", 2, "nginx:1.27", { progressDeadlineSeconds: 60 }), "default");
    world.advance(20);
    const d = structuredClone(world.api.find<Deployment>(DEPLOY, "default", "web")!);
    d.spec!.template!.spec!.containers[0]!.image = "nginx:no-such-tag";
    world.api.update(DEPLOY, d);
    const progressing = () => world.api.find<Deployment>(DEPLOY, "default", "web")!.status?.conditions?.find((c) => c.type === "Progressing");
    world.advance(50);
    expect(progressing()).toMatchObject({ status: "True", reason: "ReplicaSetUpdated" });
    world.advance(30);
    const newRS = world.api.list<ReplicaSet>(RS, "default").find((rs) => rs.spec?.template?.spec?.containers[0]?.image === "nginx:no-such-tag")!;
    expect(progressing()).toMatchObject({ status: "False", reason: "ProgressDeadlineExceeded", message: `ReplicaSet "${newRS.metadata.name}" has timed out progressing.` });
    // The old pods keep serving: the controller does not roll back by itself.
    expect(world.api.find<Deployment>(DEPLOY, "default", "web")!.status?.availableReplicas).toBe(2);
  });

  it("replace a deleted pod (self-healing through the ReplicaSet)", () => {
    const world = createWorld("default");
    world.api.create(DEPLOY, deployment("web", 2), "default");
    world.advance(15);
    const victim = podsIn(world)[0]!;
    world.api.delete(POD, "default", victim.metadata.name);
    world.advance(15);
    const pods = podsIn(world);
    expect(pods).toHaveLength(2);
    expect(pods.map((p) => p.metadata.name)).not.toContain(victim.metadata.name);
  });

  it("release a pod whose labels stop matching and replace it (controller_ref_manager ClaimPods)", () => {
    const world = createWorld("default");
    world.api.create(DEPLOY, deployment("web", 2), "default");
    world.advance(15);
    const pulled = structuredClone(podsIn(world)[0]!);
    pulled.metadata.labels = { ...pulled.metadata.labels, app: "debug" };
    world.api.update(POD, pulled);
    world.advance(10);
    const after = world.api.find<Pod>(POD, "default", pulled.metadata.name)!;
    expect(after.metadata.ownerReferences).toBeUndefined();
    expect(podsIn(world).filter((p) => p.metadata.labels?.app === "web")).toHaveLength(2);
    expect(podsIn(world)).toHaveLength(3);
  });

  it("roll out a new template within maxSurge 25% and maxUnavailable 25%", () => {
    const world = createWorld("default");
    world.api.create(DEPLOY, deployment("web", 4), "default");
    world.advance(15);
    const d = structuredClone(world.api.find<Deployment>(DEPLOY, "default", "web")!);
    d.spec!.template!.spec!.containers[0]!.image = "nginx:1.26";
    world.api.update(DEPLOY, d);
    let maxPods = 0;
    let minAvailable = Infinity;
    for (let t = 0; t < 60; t++) {
      world.advance(1);
      const active = podsIn(world).filter((p) => !p.metadata.deletionTimestamp);
      maxPods = Math.max(maxPods, active.length);
      minAvailable = Math.min(minAvailable, active.filter((p) => p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True")).length);
    }
    // 4 replicas: surge ceil(25% of 4) = 1, unavailable floor(25% of 4) = 1.
    expect(maxPods).toBeLessThanOrEqual(5);
    expect(minAvailable).toBeGreaterThanOrEqual(3);
    const pods = podsIn(world);
    expect(pods).toHaveLength(4);
    for (const p of pods) expect(p.spec?.containers[0]?.image).toBe("nginx:1.26");
    const sets = world.api.list<ReplicaSet>(RS, "default");
    expect(sets).toHaveLength(2);
    expect(sets.map((rs) => rs.spec?.replicas).sort()).toEqual([0, 4]);
    expect(sets.map((rs) => rs.metadata.annotations?.["deployment.kubernetes.io/revision"]).sort()).toEqual(["1", "2"]);
  });

  it("cascade on delete: ReplicaSets and pods go with the Deployment (background propagation)", () => {
    const world = createWorld("default");
    world.api.create(DEPLOY, deployment("web", 2), "default");
    world.advance(15);
    world.api.delete(DEPLOY, "default", "web");
    world.advance(40);
    expect(world.api.list(RS, "default")).toHaveLength(0);
    expect(podsIn(world)).toHaveLength(0);
  });

  it("leave dependents behind with propagationPolicy Orphan", () => {
    const world = createWorld("default");
    world.api.create(DEPLOY, deployment("web", 2), "default");
    world.advance(15);
    world.api.delete(DEPLOY, "default", "web", { propagationPolicy: "Orphan" });
    world.advance(10);
    expect(world.api.find(DEPLOY, "default", "web")).toBeUndefined();
    const sets = world.api.list<ReplicaSet>(RS, "default");
    expect(sets).toHaveLength(1);
    expect(sets[0]!.metadata.ownerReferences).toBeUndefined();
    expect(podsIn(world)).toHaveLength(2);
  });
});

// https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-states
describe("the kubelet", () => {
  it("reports ErrImagePull and then ImagePullBackOff for an image that does not exist", () => {
    const world = createWorld("default");
    world.api.create(POD, pod("typo", { containers: [{ name: "web", image: "ngnix" }] }), "default");
    world.advance(5);
    expect(reasonOf(podsIn(world)[0]!)).toBe("ErrImagePull");
    world.advance(6);
    expect(reasonOf(podsIn(world)[0]!)).toBe("ImagePullBackOff");
    const events = world.api.list<Event>(EVENT, "default").map((e) => e.message);
    expect(events.some((m) => m?.startsWith('Failed to pull image "ngnix": failed to pull and unpack image "docker.io/library/ngnix:latest"'))).toBe(true);
  });

  it("restarts a container whose process exits, with CrashLoopBackOff in between", () => {
    const world = createWorld("default");
    // busybox's default command is `sh`, which exits at once without a terminal.
    world.api.create(POD, pod("bb", { containers: [{ name: "bb", image: "busybox" }] }), "default");
    world.advance(30);
    const p = podsIn(world)[0]!;
    expect(p.status?.containerStatuses?.[0]?.restartCount).toBeGreaterThanOrEqual(1);
    expect(p.status?.containerStatuses?.[0]?.lastState?.terminated?.reason).toBe("Completed");
  });

  it("completes a pod with restartPolicy Never whose command exits 0", () => {
    const world = createWorld("default");
    world.api.create(POD, pod("once", { restartPolicy: "Never", containers: [{ name: "c", image: "busybox", command: ["sh", "-c", "echo hello; sleep 2"] }] }), "default");
    world.advance(15);
    expect(podsIn(world)[0]!.status?.phase).toBe("Succeeded");
  });

  it("keeps a pod whose process ignores SIGTERM terminating for the whole grace period", () => {
    const world = createWorld("default");
    world.api.create(POD, pod("sleeper", { terminationGracePeriodSeconds: 30, containers: [{ name: "c", image: "busybox", command: ["sleep", "infinity"] }] }), "default");
    world.advance(10);
    world.api.delete(POD, "default", "sleeper");
    world.advance(20);
    expect(podsIn(world)).toHaveLength(1);
    world.advance(15);
    expect(podsIn(world)).toHaveLength(0);
  });

  // The usual exam pod, `kubectl run x --image=busybox -- sleep 3600`: a finite sleep as PID 1
  // ignores SIGTERM too (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination).
  it("keeps `sleep 3600` terminating for the grace period, and a shorter sleep only until it ends", () => {
    const world = createWorld("default");
    world.api.create(POD, pod("long", { containers: [{ name: "c", image: "busybox", args: ["sleep", "3600"] }] }), "default");
    world.api.create(POD, pod("short", { containers: [{ name: "c", image: "busybox", command: ["sleep", "25"] }] }), "default");
    world.advance(15);
    world.api.delete(POD, "default", "long");
    world.api.delete(POD, "default", "short");
    world.advance(20);
    expect(podsIn(world).map((p) => p.metadata.name)).toEqual(["long"]);
    world.advance(15);
    expect(podsIn(world)).toHaveLength(0);
  });
});

// https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
describe("scheduling", () => {
  it("leaves a pod Pending with kube-scheduler's FailedScheduling message when no node matches", () => {
    const world = createWorld("default");
    world.api.create(POD, pod("picky", { nodeSelector: { disktype: "ssd" }, containers: [{ name: "c", image: "nginx" }] }), "default");
    world.advance(5);
    const p = podsIn(world)[0]!;
    expect(p.status?.phase).toBe("Pending");
    const message = p.status?.conditions?.find((c) => c.type === "PodScheduled")?.message;
    expect(message).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
  });

  it("schedules onto the control plane when the pod tolerates its taint and selects it", () => {
    const world = createWorld("default");
    world.api.create(
      POD,
      pod("cp", {
        nodeSelector: { "kubernetes.io/hostname": "controlplane" },
        tolerations: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" }],
        containers: [{ name: "c", image: "nginx" }],
      }),
      "default",
    );
    world.advance(5);
    expect(podsIn(world)[0]!.spec?.nodeName).toBe("controlplane");
  });
});

// https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
describe("namespaces", () => {
  it("get a default ServiceAccount, and take their content with them when deleted", () => {
    const world = createWorld("default");
    world.api.create(NS, { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } }, undefined);
    world.advance(1);
    expect(world.api.find(kindNamed("ServiceAccount")!, "shop", "default")).toBeDefined();
    world.api.create(DEPLOY, deployment("web", 1), "shop");
    world.advance(10);
    world.api.delete(NS, undefined, "shop");
    world.advance(40);
    expect(world.api.find(NS, undefined, "shop")).toBeUndefined();
    expect(world.api.list(POD, "shop")).toHaveLength(0);
  });
});
