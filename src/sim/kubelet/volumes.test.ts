/**
 * Volume set-up before containers start: pkg/volume/hostpath/host_path.go checkType and the
 * configmap/secret volume plugins' not-found errors, reported by the kubelet as FailedMount
 * (MountVolume.SetUp failed for volume "NAME" : ...).
 */
import { describe, expect, it } from "vitest";
import { kindNamed } from "../api/kinds.js";
import type { Event, Pod } from "../api/types.js";
import { createWorld } from "../world/create.js";
import type { World } from "../world/world.js";

const POD = kindNamed("Pod")!;
const EVENT = kindNamed("Event")!;

function pod(world: World, volumes: unknown[]) {
  const r = world.api.create(POD, {
    apiVersion: "v1", kind: "Pod", metadata: { name: "app" },
    spec: { nodeSelector: { "kubernetes.io/hostname": "node01" }, containers: [{ name: "app", image: "nginx:1.27" }], volumes },
  }, "default");
  if (!r.ok) throw new Error(r.error.message);
  world.advance(10);
}
const state = (w: World) => {
  const p = w.api.find<Pod>(POD, "default", "app")!;
  return `${p.status?.phase} ${p.status?.containerStatuses?.[0]?.state?.waiting?.reason ?? "running"}`;
};
const mounts = (w: World) => w.api.list<Event>(EVENT, "default").filter((e) => e.reason === "FailedMount").map((e) => `${e.type} ${e.message}`);

describe("kubelet volume set-up", () => {
  it("hostPath DirectoryOrCreate makes the directory on the node's machine; the pod runs", () => {
    const w = createWorld("default");
    pod(w, [{ name: "logs", hostPath: { path: "/var/log/app", type: "DirectoryOrCreate" } }]);
    expect(state(w)).toBe("Running running");
    expect(w.hosts.get("node01")?.dirs).toContain("/var/log/app");
    expect(w.hosts.get("node02")?.dirs).not.toContain("/var/log/app");
  });

  it("hostPath Directory that does not exist: ContainerCreating and FailedMount, until the directory is made", () => {
    const w = createWorld("default");
    pod(w, [{ name: "data", hostPath: { path: "/mnt/data", type: "Directory" } }]);
    expect(state(w)).toBe("Pending ContainerCreating");
    expect(mounts(w)).toEqual(['Warning MountVolume.SetUp failed for volume "data" : hostPath type check failed: /mnt/data is not a directory']);
    const host = w.hosts.get("node01")!;
    w.hosts.replaceFiles("node01", host.files, [...host.dirs, "/mnt", "/mnt/data"]);
    w.advance(10);
    expect(state(w)).toBe("Running running");
  });

  it("hostPath File against a directory: `is not a file`; FileOrCreate creates an empty file", () => {
    const w = createWorld("default");
    pod(w, [{ name: "conf", hostPath: { path: "/etc", type: "File" } }]);
    expect(mounts(w)).toEqual(['Warning MountVolume.SetUp failed for volume "conf" : hostPath type check failed: /etc is not a file']);
    const w2 = createWorld("default");
    pod(w2, [{ name: "lock", hostPath: { path: "/run/app.lock", type: "FileOrCreate" } }]);
    expect(w2.hosts.get("node01")?.files["/run/app.lock"]).toBe("");
  });

  it("a missing ConfigMap or Secret volume blocks the pod; optional ones do not", () => {
    const w = createWorld("default");
    pod(w, [{ name: "cfg", configMap: { name: "app-config" } }]);
    expect(mounts(w)).toEqual(['Warning MountVolume.SetUp failed for volume "cfg" : configmap "app-config" not found']);
    w.api.create(kindNamed("ConfigMap")!, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "app-config" }, data: { a: "1" } }, "default");
    w.advance(10);
    expect(state(w)).toBe("Running running");
    const w2 = createWorld("default");
    pod(w2, [{ name: "s", secret: { secretName: "creds", optional: true } }]);
    expect(state(w2)).toBe("Running running");
  });
});
