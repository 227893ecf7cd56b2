/**
 * Container resource usage in the kubelet, checked against the Kubernetes docs:
 * https://kubernetes.io/docs/tasks/configure-pod-container/assign-memory-resource/ (a polinux/stress
 * container allocating 250M under a 100Mi limit is OOMKilled, exit code 137, and restarted with
 * back-off), https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
 * (CPU over the limit is throttled, not killed), and node-pressure eviction
 * (https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/, the message of
 * pkg/kubelet/eviction/helpers.go evictionMessage, rankMemoryPressure's order).
 */
import { describe, expect, it } from "vitest";
import { kindNamed } from "../api/kinds.js";
import type { Event, Node, Pod } from "../api/types.js";
import { createWorld } from "../world/create.js";
import type { World } from "../world/world.js";
import { Kubelets } from "./kubelet.js";
import { stressBehaviour } from "../catalog/stress.js";

const POD = kindNamed("Pod")!;
const NODE = kindNamed("Node")!;
const EVENT = kindNamed("Event")!;
const Mi = 1024 * 1024;

function pod(w: World, name: string, container: Record<string, unknown>, spec: Record<string, unknown> = {}) {
  const r = w.api.create(POD, { apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { nodeName: "node01", containers: [{ name: "app", ...container }], ...spec } }, "default");
  if (!r.ok) throw new Error(r.error.message);
}
const get = (w: World, name: string) => w.api.find<Pod>(POD, "default", name)!;
const events = (w: World, reason: string) => w.api.list<Event>(EVENT).filter((e) => e.reason === reason).map((e) => e.message);
const kubelets = (w: World) => w.loopsOfType(Kubelets)!;
const usage = (w: World, name: string) => kubelets(w).usageOf(get(w, name), w.api.find<Node>(NODE, undefined, "node01"))[0]?.usage;

describe("stress (polinux/stress, stress.c 1.0.4)", () => {
  it("--vm 1 --vm-bytes 250M holds 250 MiB (M is 1024*1024) and prints the dispatch line", () => {
    const b = stressBehaviour(["--vm", "1", "--vm-bytes", "250M", "--vm-hang", "1"]);
    expect(b.kind).toBe("runs");
    expect(b.usage?.memoryBytes).toBe(251 * Mi);
    expect(b.logs).toEqual(["stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd"]);
  });
  it("--cpu 2 spins two cores; --timeout ends the run with its success line; no work prints the usage", () => {
    expect(stressBehaviour(["--cpu", "2"]).usage?.milliCpu).toBe(2000);
    const timed = stressBehaviour(["-c", "1", "-t", "1m"]);
    expect(timed).toMatchObject({ kind: "exits", afterSeconds: 60, exitCode: 0, later: [{ afterSeconds: 60, line: "stress: info: [1] successful run completed in 60s" }] });
    expect(stressBehaviour([]).logs[0]).toBe("`stress' imposes certain types of compute stress on your system");
    expect(stressBehaviour(["--bogus"])).toMatchObject({ kind: "exits", exitCode: 1 });
  });
});

describe("memory limits: the OOM killer", () => {
  it("the docs' memory-demo-2: 250M under a 100Mi limit is OOMKilled (137) and restarted with CrashLoopBackOff", () => {
    const w = createWorld("default");
    pod(w, "memory-demo-2", { image: "polinux/stress", resources: { requests: { memory: "50Mi" }, limits: { memory: "100Mi" } }, command: ["stress"], args: ["--vm", "1", "--vm-bytes", "250M", "--vm-hang", "1"] });
    w.advance(40);
    const s = get(w, "memory-demo-2").status!.containerStatuses![0]!;
    expect(s.lastState?.terminated).toMatchObject({ exitCode: 137, reason: "OOMKilled" });
    expect(s.restartCount).toBeGreaterThanOrEqual(2);
    expect(s.state?.waiting?.reason).toBe("CrashLoopBackOff");
    expect(events(w, "BackOff")[0]).toMatch(/^Back-off restarting failed container app in pod memory-demo-2_default/);
  });

  it("under the limit it runs; sim usage over the limit then kills it; restartPolicy Never leaves it terminated OOMKilled", () => {
    const w = createWorld("default");
    pod(w, "web", { image: "nginx:1.27", resources: { limits: { memory: "128Mi" } } }, { restartPolicy: "Never" });
    w.advance(10);
    expect(get(w, "web").status!.phase).toBe("Running");
    expect(usage(w, "web")).toEqual({ memoryBytes: 8 * Mi, milliCpu: 1 });
    kubelets(w).setUsage(w, get(w, "web"), "app", { memoryBytes: 200 * Mi });
    w.settle();
    const killed = get(w, "web");
    expect(killed.status!.phase).toBe("Failed");
    expect(killed.status!.containerStatuses![0]!.state?.terminated).toMatchObject({ exitCode: 137, reason: "OOMKilled" });
  });

  it("CPU over the limit is throttled at the limit, not killed; without a limit the node's cores bound it", () => {
    const w = createWorld("default");
    pod(w, "burn", { image: "polinux/stress", command: ["stress"], args: ["--cpu", "3"], resources: { limits: { cpu: "500m" } } });
    pod(w, "free", { image: "polinux/stress", command: ["stress"], args: ["--cpu", "3"] });
    w.advance(10);
    expect(get(w, "burn").status!.containerStatuses![0]!.state?.running).toBeDefined();
    expect(usage(w, "burn")?.milliCpu).toBe(500);
    expect(usage(w, "free")?.milliCpu).toBe(2000);
  });
});

describe("node memory pressure: the eviction manager", () => {
  it("memory.available<100Mi: MemoryPressure, the memory-pressure taint, and the pod over its request evicted with the kubelet's message", () => {
    const w = createWorld("default");
    pod(w, "hog", { image: "nginx:1.27", resources: { requests: { memory: "100Mi" } } });
    pod(w, "steady", { image: "nginx:1.27", resources: { requests: { memory: "3Gi" }, limits: { memory: "3Gi" } } });
    w.advance(10);
    kubelets(w).setUsage(w, get(w, "steady"), "app", { memoryBytes: 2048 * Mi });
    kubelets(w).setUsage(w, get(w, "hog"), "app", { memoryBytes: 2000 * Mi });
    w.settle();
    const hog = get(w, "hog");
    expect(hog.status!.phase).toBe("Failed");
    expect(hog.status!.reason).toBe("Evicted");
    // 4Gi - 2048Mi - 2000Mi - node01's kube-proxy (20Mi) and coredns (15Mi) = 13Mi available.
    expect(hog.status!.message).toBe("The node was low on resource: memory. Threshold quantity: 100Mi, available: 13Mi. Container app was using 2000Mi, request is 100Mi, has larger consumption of memory. ");
    expect(hog.status!.conditions!.find((c) => c.type === "DisruptionTarget")).toMatchObject({ status: "True", reason: "TerminationByKubelet" });
    expect(events(w, "Evicted")).toEqual([hog.status!.message]);
    expect(get(w, "steady").status!.phase).toBe("Running");
    const node = w.api.find<Node>(NODE, undefined, "node01")!;
    expect(node.status!.conditions!.find((c) => c.type === "MemoryPressure")).toMatchObject({ status: "True", reason: "KubeletHasInsufficientMemory" });
    expect(node.spec?.taints).toContainEqual(expect.objectContaining({ key: "node.kubernetes.io/memory-pressure", effect: "NoSchedule" }));
    expect(events(w, "NodeHasInsufficientMemory")).toEqual(["Node node01 status is now: NodeHasInsufficientMemory"]);
    // evictionPressureTransitionPeriod: the condition and its taint go 5 minutes after the pressure.
    w.advance(285);
    expect(w.api.find<Node>(NODE, undefined, "node01")!.status!.conditions!.find((c) => c.type === "MemoryPressure")!.status).toBe("True");
    w.advance(15);
    const after = w.api.find<Node>(NODE, undefined, "node01")!;
    expect(after.status!.conditions!.find((c) => c.type === "MemoryPressure")!.status).toBe("False");
    expect(after.spec?.taints ?? []).not.toContainEqual(expect.objectContaining({ key: "node.kubernetes.io/memory-pressure" }));
  });

  it("rankMemoryPressure: among pods over their requests, the lower priority goes first", () => {
    const w = createWorld("default");
    w.api.create(kindNamed("PriorityClass")!, { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "high" }, value: 1000 } as never, undefined);
    pod(w, "important", { image: "nginx:1.27" }, { priorityClassName: "high" });
    pod(w, "batch", { image: "nginx:1.27" });
    w.advance(10);
    kubelets(w).setUsage(w, get(w, "important"), "app", { memoryBytes: 3000 * Mi });
    kubelets(w).setUsage(w, get(w, "batch"), "app", { memoryBytes: 1000 * Mi });
    w.settle();
    expect(get(w, "batch").status!.reason).toBe("Evicted");
    expect(get(w, "important").status!.phase).toBe("Running");
  });
});
