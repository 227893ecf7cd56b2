/**
 * Static pods from the host's manifests folder (issue 5 §1;
 * https://kubernetes.io/docs/tasks/configure-pod-container/static-pod/): the
 * control plane's mirror pods come from controlplane's files, and the
 * scheduler works only while its static pod runs.
 */
import { describe, expect, it } from "vitest";
import { kindNamed } from "../api/kinds.js";
import type { Pod } from "../api/types.js";
import { createWorld } from "../world/create.js";
import { CONFIG_HASH, CONFIG_MIRROR } from "./static-pods.js";

const POD = kindNamed("Pod")!;
const SCHEDULER_FILE = "/etc/kubernetes/manifests/kube-scheduler.yaml";
const pod = (name: string) => ({ apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { containers: [{ name: "c", image: "nginx" }] } });
const find = (world: ReturnType<typeof createWorld>, ns: string, name: string) => world.api.find(POD, ns, name) as Pod | undefined;

describe("static pods", () => {
  it("mirror pods carry the kubelet's hash annotations and the toleration of every NoExecute taint", () => {
    const world = createWorld("default");
    const mirror = find(world, "kube-system", "kube-scheduler-controlplane")!;
    expect(mirror.metadata.annotations?.[CONFIG_HASH]).toMatch(/^[0-9a-f]{32}$/);
    expect(mirror.metadata.annotations?.[CONFIG_MIRROR]).toBe(mirror.metadata.annotations?.[CONFIG_HASH]);
    expect(mirror.metadata.annotations?.["kubernetes.io/config.source"]).toBe("file");
    expect(mirror.spec?.tolerations).toContainEqual({ operator: "Exists", effect: "NoExecute" });
    expect(mirror.status?.phase).toBe("Running");
  });

  it("removing kube-scheduler.yaml stops the scheduler pod and scheduling; restoring it brings both back", () => {
    const world = createWorld("default");
    const manifest = world.hosts.get("controlplane")!.files[SCHEDULER_FILE]!;
    world.hosts.removeFile("controlplane", SCHEDULER_FILE);
    world.advance(5);
    expect(find(world, "kube-system", "kube-scheduler-controlplane")).toBeUndefined();
    world.api.create(POD, pod("waits"), "default");
    world.advance(30);
    expect(find(world, "default", "waits")!.spec?.nodeName).toBeUndefined();
    expect(find(world, "default", "waits")!.status?.phase).toBe("Pending");

    world.hosts.writeFile("controlplane", SCHEDULER_FILE, manifest);
    world.advance(5);
    expect(find(world, "kube-system", "kube-scheduler-controlplane")!.status?.phase).toBe("Running");
    expect(find(world, "default", "waits")!.spec?.nodeName).toBeDefined();
  });

  it("an edited manifest replaces the mirror pod: a bad image shows as ErrImagePull and the scheduler is down", () => {
    const world = createWorld("default");
    const before = find(world, "kube-system", "kube-scheduler-controlplane")!;
    const text = world.hosts.get("controlplane")!.files[SCHEDULER_FILE]!;
    world.hosts.writeFile("controlplane", SCHEDULER_FILE, text.replace("image: registry.k8s.io/kube-scheduler:v1.32.0", "image: registry.k8s.io/kube-schedulr:v1.32.0"));
    world.advance(3);
    const after = find(world, "kube-system", "kube-scheduler-controlplane")!;
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect(after.spec?.containers[0]!.image).toBe("registry.k8s.io/kube-schedulr:v1.32.0");
    expect(after.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe("ErrImagePull");
    world.api.create(POD, pod("waits"), "default");
    world.advance(10);
    expect(find(world, "default", "waits")!.spec?.nodeName).toBeUndefined();
  });

  it("a file that is not valid YAML stops its pod, as the kubelet skips it", () => {
    const world = createWorld("default");
    world.hosts.writeFile("controlplane", SCHEDULER_FILE, "apiVersion: v1\nkind: Pod\nmetadata: [\n");
    world.advance(3);
    expect(find(world, "kube-system", "kube-scheduler-controlplane")).toBeUndefined();
  });

  it("a stopped kubelet leaves its static pods alone", () => {
    const world = createWorld("default");
    world.hosts.setKubelet("controlplane", false, world.clock.now());
    world.hosts.removeFile("controlplane", SCHEDULER_FILE);
    world.advance(5);
    expect(find(world, "kube-system", "kube-scheduler-controlplane")).toBeDefined();
    world.hosts.setKubelet("controlplane", true, world.clock.now());
    world.advance(1);
    expect(find(world, "kube-system", "kube-scheduler-controlplane")).toBeUndefined();
  });
});
