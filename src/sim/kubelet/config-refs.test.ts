/**
 * Missing ConfigMaps and Secrets as the kubelet reports them
 * (https://kubernetes.io/docs/tasks/configure-pod-container/configure-pod-configmap/ :
 * "If you reference a ConfigMap that doesn't exist ... the Pod won't start";
 * messages from pkg/kubelet/kubelet_pods.go makeEnvironmentVariables).
 */
import { describe, expect, it } from "vitest";
import { kindNamed } from "../api/kinds.js";
import type { Event, Pod } from "../api/types.js";
import { createWorld } from "../world/create.js";
import type { World } from "../world/world.js";

const POD = kindNamed("Pod")!;
const CM = kindNamed("ConfigMap")!;
const SECRET = kindNamed("Secret")!;
const EVENT = kindNamed("Event")!;

function runPod(world: World, container: Record<string, unknown>) {
  const r = world.api.create(POD, { apiVersion: "v1", kind: "Pod", metadata: { name: "app" }, spec: { containers: [{ name: "app", image: "nginx:1.27", ...container }] } }, "default");
  expect(r.ok).toBe(true);
  world.advance(30);
}

const waiting = (world: World) => world.api.find<Pod>(POD, "default", "app")?.status?.containerStatuses?.[0]?.state?.waiting;
const phase = (world: World) => world.api.find<Pod>(POD, "default", "app")?.status?.phase;
const events = (world: World) => world.api.list<Event>(EVENT, "default").filter((e) => e.involvedObject?.name === "app").map((e) => e.message);

describe("CreateContainerConfigError", () => {
  it("envFrom naming a missing ConfigMap keeps the container waiting, with the kubelet's message and event", () => {
    const world = createWorld("default");
    runPod(world, { envFrom: [{ configMapRef: { name: "cfg" } }] });
    expect(waiting(world)).toEqual({ reason: "CreateContainerConfigError", message: 'configmap "cfg" not found' });
    expect(phase(world)).toBe("Pending");
    expect(events(world)).toContain('Error: configmap "cfg" not found');
  });

  it("starts the container once the ConfigMap exists", () => {
    const world = createWorld("default");
    runPod(world, { envFrom: [{ configMapRef: { name: "cfg" } }] });
    world.api.create(CM, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg" }, data: { A: "1" } }, "default");
    world.advance(10);
    expect(phase(world)).toBe("Running");
  });

  it("a secretKeyRef to a key the Secret lacks names the key, namespace and Secret", () => {
    const world = createWorld("default");
    world.api.create(SECRET, { apiVersion: "v1", kind: "Secret", metadata: { name: "db" }, data: { user: "YQ==" } }, "default");
    runPod(world, { env: [{ name: "PASS", valueFrom: { secretKeyRef: { name: "db", key: "password" } } }] });
    expect(waiting(world)).toEqual({ reason: "CreateContainerConfigError", message: "couldn't find key password in Secret default/db" });
  });

  it("a missing Secret in valueFrom is `secret \"x\" not found`", () => {
    const world = createWorld("default");
    runPod(world, { env: [{ name: "PASS", valueFrom: { secretKeyRef: { name: "nope", key: "k" } } }] });
    expect(waiting(world)?.message).toBe('secret "nope" not found');
  });

  it("optional references that do not resolve are skipped and the container runs", () => {
    const world = createWorld("default");
    runPod(world, {
      envFrom: [{ configMapRef: { name: "cfg", optional: true } }],
      env: [{ name: "X", valueFrom: { configMapKeyRef: { name: "other", key: "k", optional: true } } }],
    });
    expect(phase(world)).toBe("Running");
  });
});
