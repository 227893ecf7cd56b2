/**
 * The kubelet as a client of the shared runtime (issue 5 §3): a pod container's process is a
 * runtime/container.ts record, its end and its logs are the runtime's. Logs follow the kubelet's
 * GetContainerLogs (pkg/kubelet/kubelet_pods.go, validateContainerLogStatus): a container waiting
 * in back-off shows the last terminated container's output, for `logs` and `logs --previous` alike.
 */
import { describe, expect, it } from "vitest";
import { kindNamed } from "../api/kinds.js";
import type { Event, Pod } from "../api/types.js";
import { createWorld } from "../world/create.js";
import type { World } from "../world/world.js";
import { Kubelets } from "./kubelet.js";

const POD = kindNamed("Pod")!;

function run(world: World, script: string, restartPolicy = "Always") {
  const r = world.api.create(POD, {
    apiVersion: "v1", kind: "Pod", metadata: { name: "app" },
    spec: { restartPolicy, containers: [{ name: "app", image: "busybox:1.36", command: ["sh", "-c", script] }] },
  }, "default");
  if (!r.ok) throw new Error(r.error.message);
}
const logs = (w: World, previous = false) => {
  const r = w.api.podLog("default", "app", { container: "app", previous });
  return r.ok ? r.value.map((l) => l.line) : r.error.message;
};
const status = (w: World) => w.api.find<Pod>(POD, "default", "app")!.status!.containerStatuses![0]!;

describe("the kubelet drives the shared container runtime", () => {
  it("a crashing container: in back-off, logs and logs --previous both show the run that just ended", () => {
    const w = createWorld("default");
    run(w, "echo boom; exit 3");
    w.advance(5);
    expect(status(w).state?.waiting?.reason).toBe("CrashLoopBackOff");
    expect(status(w).lastState?.terminated?.exitCode).toBe(3);
    expect(logs(w)).toEqual(["boom"]);
    expect(logs(w, true)).toEqual(["boom"]);
  });

  it("a loop's lines are read from the runtime at the time asked, with no kubelet wake-up per line", () => {
    const w = createWorld("default");
    run(w, "while true; do echo tick; sleep 5; done");
    w.advance(5);
    const before = logs(w) as string[];
    w.advance(20);
    expect((logs(w) as string[]).length - before.length).toBe(4);
    const kubelets = w.loopsOfType(Kubelets)!;
    const wake = kubelets.nextWakeAt(w);
    // The only timers left are node status reports, minutes away, not the loop's 5 s.
    expect(wake === undefined || wake - w.clock.now() > 5000).toBe(true);
  });

  it("the kubelet's record of a running container is the runtime's state machine", () => {
    const w = createWorld("default");
    run(w, "sleep 30", "Never");
    w.advance(5);
    const saved = w.loopsOfType(Kubelets)!.saveState() as { pods: Record<string, { containers: { runtime?: { state: { status: string } } }[] }> };
    const container = Object.values(saved.pods).find((p) => p.containers.length === 1)!.containers[0]!;
    expect(container.runtime?.state.status).toBe("running");
    w.advance(30);
    expect(status(w).state?.terminated).toMatchObject({ exitCode: 0, reason: "Completed" });
  });
});

describe("pods run the shared process model (issue 11)", () => {
  const podWith = (w: World, container: Record<string, unknown>, restartPolicy = "Never") => {
    const r = w.api.create(POD, { apiVersion: "v1", kind: "Pod", metadata: { name: "app" }, spec: { restartPolicy, containers: [{ name: "app", image: "busybox:1.36", ...container }] } }, "default");
    if (!r.ok) throw new Error(r.error.message);
  };

  it("sh -c expands the pod's env; $(VAR) in args is the kubelet's expansion", () => {
    const w = createWorld("default");
    podWith(w, { env: [{ name: "X", value: "hi" }, { name: "Y", value: "$(X)-there" }], command: ["sh", "-c"], args: ["echo $X $Y $(X)"] });
    w.advance(10);
    expect(logs(w)).toEqual(["hi hi-there hi"]);
  });

  it("sleep 1h keeps the pod Running past one second (issue 11)", () => {
    const w = createWorld("default");
    podWith(w, { command: ["sleep", "1h"] });
    w.advance(120);
    expect(status(w).state?.running).toBeDefined();
  });

  it("sh -c 'ls /notexist' fails: terminated, Error, exit 1 (issue 11)", () => {
    const w = createWorld("default");
    podWith(w, { command: ["sh", "-c", "ls /notexist"] });
    w.advance(10);
    expect(status(w).state?.terminated).toMatchObject({ exitCode: 1, reason: "Error" });
    expect(logs(w)).toEqual(["ls: /notexist: No such file or directory"]);
  });

  it("a program missing from the image: StartError, exit 128, containerd's wording", () => {
    const w = createWorld("default");
    podWith(w, { command: ["nosuch"] });
    w.advance(10);
    expect(status(w).state?.terminated).toMatchObject({
      exitCode: 128,
      reason: "StartError",
      message: 'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "nosuch": executable file not found in $PATH: unknown',
    });
  });

  it("a start error is a termination like any other: restartPolicy Never fails the pod, Always restarts it with back-off", () => {
    // kubernetes/kubernetes#14491: a container that fails to start is governed by the pod's restart
    // policy; its last state keeps the StartError, the zero start time of a process that never ran,
    // and the time the start failed (the status kube-state-metrics#1861 quotes).
    const never = createWorld("default");
    podWith(never, { command: ["sleep 3600"] });
    never.advance(20);
    expect(never.api.find<Pod>(POD, "default", "app")!.status!.phase).toBe("Failed");

    const always = createWorld("default");
    podWith(always, { command: ["sleep 3600"] }, "Always");
    always.advance(60);
    const c = status(always);
    expect(c.restartCount).toBeGreaterThanOrEqual(2);
    expect(c.state?.waiting?.reason).toBe("CrashLoopBackOff");
    expect(c.lastState?.terminated).toMatchObject({ exitCode: 128, reason: "StartError", startedAt: "1970-01-01T00:00:00Z" });
    expect(c.lastState?.terminated?.finishedAt).toMatch(/^2026-/);
    expect(always.api.find<Pod>(POD, "default", "app")!.status!.phase).toBe("Running");
  });
});

describe("init containers (https://kubernetes.io/docs/concepts/workloads/pods/init-containers/)", () => {
  it("run one at a time, in order, before the app; until then the app container waits as PodInitializing", () => {
    // kubelet_pods.go convertToAPIContainerStatuses: in a pod with init containers, the default waiting reason is PodInitializing.
    const w = createWorld("default");
    const r = w.api.create(POD, {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "app" },
      spec: {
        initContainers: [
          { name: "first", image: "busybox:1.36", command: ["sleep", "20"] },
          { name: "second", image: "busybox:1.36", command: ["sleep", "20"] },
        ],
        containers: [{ name: "app", image: "busybox:1.36", command: ["sleep", "3600"] }],
      },
    }, "default");
    if (!r.ok) throw new Error(r.error.message);
    const pod = () => w.api.find<Pod>(POD, "default", "app")!.status!;
    w.advance(10);
    expect(pod().initContainerStatuses!.map((c) => Object.keys(c.state ?? {})[0])).toEqual(["running", "waiting"]);
    expect(pod().initContainerStatuses![1]!.state?.waiting?.reason).toBe("PodInitializing");
    expect(pod().containerStatuses![0]!.state?.waiting?.reason).toBe("PodInitializing");
    w.advance(20);
    expect(pod().initContainerStatuses!.map((c) => Object.keys(c.state ?? {})[0])).toEqual(["terminated", "running"]);
    expect(pod().containerStatuses![0]!.state?.waiting?.reason).toBe("PodInitializing");
    w.advance(30);
    expect(pod().containerStatuses![0]!.state?.running).toBeDefined();
    expect(pod().conditions!.find((c) => c.type === "Initialized")!.status).toBe("True");
  });

  it("a failed init container under restartPolicy Never fails the pod; the app never starts", () => {
    // "if the Pod has a restartPolicy of Never, and an init container fails during startup of that Pod,
    // Kubernetes treats the overall Pod as failed" (init-containers docs; kubelet_pods.go getPhase).
    const w = createWorld("default");
    const r = w.api.create(POD, { apiVersion: "v1", kind: "Pod", metadata: { name: "app" }, spec: { restartPolicy: "Never", initContainers: [{ name: "check", image: "busybox:1.36", command: ["false"] }], containers: [{ name: "app", image: "busybox:1.36", command: ["sleep", "3600"] }] } }, "default");
    if (!r.ok) throw new Error(r.error.message);
    w.advance(30);
    const status = w.api.find<Pod>(POD, "default", "app")!.status!;
    expect(status.phase).toBe("Failed");
    expect(status.initContainerStatuses![0]!.state?.terminated).toMatchObject({ exitCode: 1, reason: "Error" });
    expect(status.containerStatuses![0]!.state?.waiting?.reason).toBe("PodInitializing");
  });
});

describe("a pod's image changed in place (kubectl set image pod/...)", () => {
  // The image is one of the few pod fields an update may change; the kubelet restarts a container
  // whose definition changed (kuberuntime_manager.go computePodActions) and pulls the new image.
  const make = (w: World, spec: Record<string, unknown>) => {
    const r = w.api.create(POD, { apiVersion: "v1", kind: "Pod", metadata: { name: "app" }, spec }, "default");
    if (!r.ok) throw new Error(r.error.message);
  };
  const setImage = (w: World, mutate: (p: Pod) => void) => {
    const pod = structuredClone(w.api.find<Pod>(POD, "default", "app")!);
    mutate(pod);
    const r = w.api.update(POD, pod);
    if (!r.ok) throw new Error(r.error.message);
  };
  const pod = (w: World) => w.api.find<Pod>(POD, "default", "app")!.status!;

  it("a container in ImagePullBackOff starts with the corrected image, no restart counted", () => {
    const w = createWorld("default");
    make(w, { containers: [{ name: "app", image: "nginx:1.277" }] });
    w.advance(40);
    expect(pod(w).containerStatuses![0]!.state?.waiting?.reason).toBe("ImagePullBackOff");
    setImage(w, (p) => (p.spec!.containers[0]!.image = "nginx:1.27"));
    w.advance(20);
    expect(pod(w).containerStatuses![0]!).toMatchObject({ image: "docker.io/library/nginx:1.27", ready: true, restartCount: 0 });
  });

  it("an init container stuck on a bad image: fixed in place, it runs and the app starts", () => {
    const w = createWorld("default");
    make(w, { initContainers: [{ name: "migrate", image: "busybox:1.366", command: ["sleep", "5"] }], containers: [{ name: "app", image: "nginx:1.27" }] });
    w.advance(40);
    setImage(w, (p) => (p.spec!.initContainers![0]!.image = "busybox:1.36"));
    w.advance(40);
    expect(pod(w).initContainerStatuses![0]!.state?.terminated?.reason).toBe("Completed");
    expect(pod(w).phase).toBe("Running");
  });

  it("a running container is killed and restarted with the new image", () => {
    const w = createWorld("default");
    make(w, { containers: [{ name: "app", image: "nginx:1.26" }] });
    w.advance(20);
    setImage(w, (p) => (p.spec!.containers[0]!.image = "nginx:1.27"));
    w.advance(30);
    expect(pod(w).containerStatuses![0]!).toMatchObject({ image: "docker.io/library/nginx:1.27", restartCount: 1, ready: true });
    const events = w.api.list<Event>(kindNamed("Event")!, "default").map((e) => e.message);
    expect(events).toContain("Container app definition changed, will be restarted");
  });
});
