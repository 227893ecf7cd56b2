// Sidecar containers in the kubelet (KEP-753, on by default in 1.32), after
// https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/, the API reference of
// Container.restartPolicy ("continually restarted on exit until all regular containers have
// terminated ... the next init container starts immediately after this init container is
// started, or after any startupProbe has successfully completed"), and pkg/kubelet's getPhase /
// GeneratePodInitializedCondition / GenerateContainersReadyCondition.
import { describe, expect, it } from "vitest";
import { kindNamed } from "../api/kinds.js";
import type { Event, Pod } from "../api/types.js";
import { createWorld } from "../world/create.js";
import type { World } from "../world/world.js";

const POD = kindNamed("Pod")!;
const EVENT = kindNamed("Event")!;

function pod(w: World, spec: Record<string, unknown>): void {
  const created = w.api.create(POD, { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { nodeName: "node01", ...spec } }, "default");
  expect(created.ok).toBe(true);
}

const current = (w: World) => w.api.find<Pod>(POD, "default", "p")!;
const initStatus = (w: World, name: string) => (current(w).status?.initContainerStatuses ?? []).find((s) => s.name === name)!;
const condition = (w: World, type: string) => current(w).status?.conditions?.find((c) => c.type === type)?.status;
const killings = (w: World) => w.api.list<Event>(EVENT, "default").filter((e) => e.reason === "Killing" && e.involvedObject.name === "p").map((e) => e.message);

const shipper = { name: "shipper", image: "busybox:1.36", restartPolicy: "Always", command: ["sh", "-c", "while true; do echo ship; sleep 5; done"] };
const app = { name: "app", image: "nginx:1.27" };

describe("sidecar containers", () => {
  it("a sidecar keeps running beside the app: the next init container and the app start once it has started, and it counts in Ready", () => {
    const w = createWorld("default");
    pod(w, { initContainers: [shipper, { name: "setup", image: "busybox:1.36", command: ["true"] }], containers: [app] });
    w.advance(20);
    expect(current(w).status?.phase).toBe("Running");
    expect(initStatus(w, "shipper")).toMatchObject({ started: true, ready: true, state: { running: expect.any(Object) } });
    expect(initStatus(w, "setup")).toMatchObject({ started: false, ready: true, state: { terminated: { exitCode: 0, reason: "Completed" } } });
    expect(condition(w, "Initialized")).toBe("True");
    expect(condition(w, "Ready")).toBe("True");
  });

  it("its startup probe gates the next init container", () => {
    const w = createWorld("default");
    const slow = { ...shipper, startupProbe: { exec: { command: ["true"] }, initialDelaySeconds: 30, periodSeconds: 5 } };
    pod(w, { initContainers: [slow, { name: "setup", image: "busybox:1.36", command: ["true"] }], containers: [app] });
    w.advance(15);
    expect(initStatus(w, "shipper")).toMatchObject({ started: false, state: { running: expect.any(Object) } });
    expect(initStatus(w, "setup").state).toEqual({ waiting: { reason: "PodInitializing" } });
    expect(current(w).status?.phase).toBe("Pending");
    w.advance(40);
    expect(initStatus(w, "shipper").started).toBe(true);
    expect(initStatus(w, "setup").state?.terminated?.exitCode).toBe(0);
    expect(current(w).status?.phase).toBe("Running");
  });

  it("a sidecar that exits is restarted even under restartPolicy Never, without stopping the app", () => {
    const w = createWorld("default");
    pod(w, { restartPolicy: "Never", initContainers: [{ name: "flaky", image: "busybox:1.36", restartPolicy: "Always", command: ["sh", "-c", "sleep 10; exit 1"] }], containers: [app] });
    w.advance(60);
    expect(initStatus(w, "flaky").restartCount).toBeGreaterThan(0);
    expect(current(w).status?.phase).toBe("Running");
    expect(current(w).status?.containerStatuses?.[0]?.state?.running).toBeDefined();
  });

  it("a Job-style pod completes when its app containers finish: the sidecar is then stopped and the pod Succeeded", () => {
    const w = createWorld("default");
    pod(w, { restartPolicy: "Never", initContainers: [{ name: "proxy", image: "nginx:1.27", restartPolicy: "Always" }], containers: [{ name: "work", image: "busybox:1.36", command: ["sh", "-c", "sleep 5"] }] });
    w.advance(60);
    expect(current(w).status?.phase).toBe("Succeeded");
    expect(initStatus(w, "proxy").state?.terminated).toBeDefined();
    expect(initStatus(w, "proxy").restartCount).toBe(0);
    expect(killings(w)).toEqual(["Stopping container proxy"]);
  });

  it("a deleted pod stops the app first, then the sidecars in reverse order", () => {
    const w = createWorld("default");
    const second = { ...shipper, name: "metrics" };
    pod(w, { initContainers: [shipper, second], containers: [app] });
    w.advance(20);
    w.api.delete(POD, "default", "p");
    w.advance(60);
    expect(w.api.find(POD, "default", "p")).toBeUndefined();
    expect(killings(w)).toEqual(["Stopping container app", "Stopping container metrics", "Stopping container shipper"]);
  });
});
