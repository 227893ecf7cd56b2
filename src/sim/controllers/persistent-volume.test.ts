/**
 * The PV controller, the local-path provisioner and VolumeBinding together, against
 * upstream: pkg/controller/volume/persistentvolume (binder_test.go, index_test.go),
 * component-helpers storage/volume FindMatchingVolume, and
 * https://kubernetes.io/docs/concepts/storage/persistent-volumes/ (binding, reclaiming).
 */
import { describe, expect, it } from "vitest";
import { kindNamed } from "../api/kinds.js";
import type { Event, PersistentVolume, PersistentVolumeClaim, Pod } from "../api/types.js";
import { createWorld } from "../world/create.js";
import type { World } from "../world/world.js";

const PV = kindNamed("PersistentVolume")!;
const PVC = kindNamed("PersistentVolumeClaim")!;
const POD = kindNamed("Pod")!;
const SC = kindNamed("StorageClass")!;
const EVENT = kindNamed("Event")!;

function pv(world: World, name: string, spec: Record<string, unknown>, labels?: Record<string, string>) {
  const r = world.api.create(PV, {
    apiVersion: "v1", kind: "PersistentVolume", metadata: { name, ...(labels ? { labels } : {}) },
    spec: { capacity: { storage: "1Gi" }, accessModes: ["ReadWriteOnce"], storageClassName: "", hostPath: { path: `/mnt/${name}` }, ...spec },
  }, undefined);
  if (!r.ok) throw new Error(r.error.message);
}
function pvc(world: World, name: string, spec: Record<string, unknown>, namespace = "default") {
  const r = world.api.create(PVC, {
    apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name },
    spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...spec },
  }, namespace);
  if (!r.ok) throw new Error(r.error.message);
}
function pod(world: World, name: string, claim: string) {
  const r = world.api.create(POD, {
    apiVersion: "v1", kind: "Pod", metadata: { name },
    spec: { containers: [{ name: "app", image: "nginx:1.27" }], volumes: [{ name: "data", persistentVolumeClaim: { claimName: claim } }] },
  }, "default");
  if (!r.ok) throw new Error(r.error.message);
}
const getPV = (w: World, n: string) => w.api.find<PersistentVolume>(PV, undefined, n);
const getPVC = (w: World, n: string) => w.api.find<PersistentVolumeClaim>(PVC, "default", n);
const eventsOf = (w: World, name: string) =>
  w.api.list<Event>(EVENT, "default").filter((e) => e.involvedObject.name === name).map((e) => `${e.type} ${e.reason} ${e.message}`);

describe("PV controller: binding", () => {
  it("a claim of class \"\" binds an Available volume of class \"\": claimRef, phases, capacity and access modes copied", () => {
    const w = createWorld("default");
    pv(w, "pv1", { capacity: { storage: "2Gi" } });
    w.advance(1);
    expect(getPV(w, "pv1")?.status?.phase).toBe("Available");
    pvc(w, "data", { storageClassName: "" });
    w.advance(1);
    const claim = getPVC(w, "data")!;
    expect(claim.status).toMatchObject({ phase: "Bound", accessModes: ["ReadWriteOnce"], capacity: { storage: "2Gi" } });
    expect(claim.spec?.volumeName).toBe("pv1");
    expect(claim.metadata.annotations).toMatchObject({ "pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes" });
    const volume = getPV(w, "pv1")!;
    expect(volume.status?.phase).toBe("Bound");
    expect(volume.spec?.claimRef).toMatchObject({ kind: "PersistentVolumeClaim", namespace: "default", name: "data", uid: claim.metadata.uid });
  });

  it("index.go: the smallest access-mode set that holds the request is searched first, then the smallest volume in it", () => {
    const w = createWorld("default");
    pv(w, "rwo-rwx-1g", { accessModes: ["ReadWriteOnce", "ReadWriteMany"], capacity: { storage: "1Gi" } });
    pv(w, "rwo-5g", { capacity: { storage: "5Gi" } });
    pv(w, "rwo-2g", { capacity: { storage: "2Gi" } });
    pv(w, "rwo-500m", { capacity: { storage: "500Mi" } });
    pvc(w, "data", { storageClassName: "" });
    w.advance(1);
    expect(getPVC(w, "data")?.spec?.volumeName).toBe("rwo-2g");
    pvc(w, "shared", { storageClassName: "", accessModes: ["ReadWriteMany"] });
    w.advance(1);
    expect(getPVC(w, "shared")?.spec?.volumeName).toBe("rwo-rwx-1g");
  });

  it("class, selector and volumeMode must match; a claim that fits nothing stays Pending with FailedBinding", () => {
    const w = createWorld("default");
    pv(w, "fast", { storageClassName: "fast" });
    pv(w, "block", { volumeMode: "Block" });
    pv(w, "labelled", {}, { tier: "gold" });
    pvc(w, "gold", { storageClassName: "", selector: { matchLabels: { tier: "gold" } } });
    pvc(w, "silver", { storageClassName: "", selector: { matchLabels: { tier: "silver" } } });
    w.advance(1);
    expect(getPVC(w, "gold")?.spec?.volumeName).toBe("labelled");
    expect(getPVC(w, "silver")?.status?.phase).toBe("Pending");
    expect(eventsOf(w, "silver")).toEqual(["Normal FailedBinding no persistent volumes available for this claim and no storage class is set"]);
  });

  it("a volume pre-bound by claimRef (no uid) is kept for that claim only", () => {
    const w = createWorld("default");
    pv(w, "reserved", { claimRef: { namespace: "default", name: "mine" } });
    pvc(w, "other", { storageClassName: "" });
    w.advance(1);
    expect(getPVC(w, "other")?.status?.phase).toBe("Pending");
    expect(getPV(w, "reserved")?.status?.phase).toBe("Available");
    pvc(w, "mine", { storageClassName: "" });
    w.advance(1);
    expect(getPVC(w, "mine")?.spec?.volumeName).toBe("reserved");
    // The controller did not choose this binding: no bound-by-controller on the volume.
    expect(getPV(w, "reserved")?.metadata.annotations?.["pv.kubernetes.io/bound-by-controller"]).toBeUndefined();
  });

  it("volumeName naming a volume that does not satisfy the claim: VolumeMismatch with checkVolumeSatisfyClaim's words", () => {
    const w = createWorld("default");
    pv(w, "small", { capacity: { storage: "500Mi" } });
    pvc(w, "data", { storageClassName: "", volumeName: "small" });
    w.advance(1);
    expect(getPVC(w, "data")?.status?.phase).toBe("Pending");
    expect(eventsOf(w, "data")).toEqual(['Warning VolumeMismatch Cannot bind to requested volume "small": requested PV is too small']);
  });

  it("the resync repeats a pending claim's event every 15 s (count goes up)", () => {
    const w = createWorld("default");
    pvc(w, "data", { storageClassName: "" });
    w.advance(46);
    const e = w.api.list<Event>(EVENT, "default").find((x) => x.reason === "FailedBinding");
    expect(e?.count).toBe(4);
  });
});

describe("PV controller: reclaiming", () => {
  it("Retain: the volume is Released when its claim goes, is not rebound, and is Available again once claimRef is cleared", () => {
    const w = createWorld("default");
    pv(w, "keep", {});
    pvc(w, "data", { storageClassName: "" });
    w.advance(1);
    w.api.delete(PVC, "default", "data");
    w.advance(1);
    expect(getPV(w, "keep")?.status?.phase).toBe("Released");
    pvc(w, "data", { storageClassName: "" });
    w.advance(1);
    expect(getPVC(w, "data")?.status?.phase).toBe("Pending");
    const released = getPV(w, "keep")!;
    w.api.update(PV, { ...released, spec: { ...released.spec, claimRef: undefined } });
    w.advance(1);
    expect(getPVC(w, "data")?.spec?.volumeName).toBe("keep");
  });

  it("Delete: a hostPath outside /tmp cannot be deleted (Failed, VolumeFailedDelete); under /tmp it is removed", () => {
    const w = createWorld("default");
    pv(w, "mnt", { persistentVolumeReclaimPolicy: "Delete", hostPath: { path: "/mnt/data" } });
    pvc(w, "a", { storageClassName: "", volumeName: "mnt" });
    pv(w, "tmp", { persistentVolumeReclaimPolicy: "Delete", hostPath: { path: "/tmp/data" } });
    pvc(w, "b", { storageClassName: "", volumeName: "tmp" });
    w.advance(1);
    w.api.delete(PVC, "default", "a");
    w.api.delete(PVC, "default", "b");
    w.advance(1);
    expect(getPV(w, "mnt")?.status).toMatchObject({ phase: "Failed", message: "host_path deleter only supports /tmp/.+ but received provided /mnt/data" });
    expect(getPV(w, "tmp")).toBeUndefined();
  });
});

describe("dynamic provisioning with the default class local-path (WaitForFirstConsumer)", () => {
  it("the claim waits for a consumer; the pod's node gets a pvc-<uid> volume pinned to it; the pod runs there", () => {
    const w = createWorld("default");
    pvc(w, "data", {});
    w.advance(1);
    expect(getPVC(w, "data")?.spec?.storageClassName).toBe("local-path");
    expect(eventsOf(w, "data")).toEqual(["Normal WaitForFirstConsumer waiting for first consumer to be created before binding"]);
    pod(w, "app", "data");
    w.advance(5);
    const claim = getPVC(w, "data")!;
    const name = `pvc-${claim.metadata.uid}`;
    expect(claim.status?.phase).toBe("Bound");
    expect(claim.spec?.volumeName).toBe(name);
    const running = w.api.find<Pod>(POD, "default", "app")!;
    const node = running.spec?.nodeName;
    expect(node).toMatch(/^node0[12]$/);
    expect(claim.metadata.annotations?.["volume.kubernetes.io/selected-node"]).toBe(node);
    const volume = getPV(w, name)!;
    expect(volume.spec).toMatchObject({
      persistentVolumeReclaimPolicy: "Delete",
      storageClassName: "local-path",
      hostPath: { path: `/opt/local-path-provisioner/${name}_default_data`, type: "DirectoryOrCreate" },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: [node] }] }] } },
    });
    expect(eventsOf(w, "data")).toEqual([
      "Normal WaitForFirstConsumer waiting for first consumer to be created before binding",
      "Normal ExternalProvisioning Waiting for a volume to be created either by the external provisioner 'rancher.io/local-path' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.",
      'Normal Provisioning External provisioner is provisioning volume for claim "default/data"',
      `Normal ProvisioningSucceeded Successfully provisioned volume ${name}`,
    ]);
    expect(running.status?.phase).toBe("Running");
    const dir = `/opt/local-path-provisioner/${name}_default_data`;
    expect(w.hosts.get(node!)?.dirs).toContain(dir);
    // Delete policy: the volume goes with the claim, and its directory with it.
    w.api.delete(POD, "default", "app");
    w.advance(40);
    w.api.delete(PVC, "default", "data");
    w.advance(1);
    expect(getPV(w, name)).toBeUndefined();
    expect(w.hosts.get(node!)?.dirs).not.toContain(dir);
  });

  it("a Retain class keeps the provisioned volume Released", () => {
    const w = createWorld("default");
    w.api.create(SC, { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "keep" }, provisioner: "rancher.io/local-path", reclaimPolicy: "Retain", volumeBindingMode: "WaitForFirstConsumer" }, undefined);
    pvc(w, "data", { storageClassName: "keep" });
    pod(w, "app", "data");
    w.advance(5);
    const name = getPVC(w, "data")!.spec!.volumeName!;
    w.api.delete(POD, "default", "app");
    w.advance(40);
    w.api.delete(PVC, "default", "data");
    w.advance(1);
    expect(getPV(w, name)?.status?.phase).toBe("Released");
  });

  it("local-path refuses ReadWriteMany with the provisioner's error", () => {
    const w = createWorld("default");
    pvc(w, "shared", { accessModes: ["ReadWriteMany"] });
    pod(w, "app", "shared");
    w.advance(5);
    expect(eventsOf(w, "shared")).toContain('Warning ProvisioningFailed failed to provision volume with StorageClass "local-path": NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes');
    expect(getPVC(w, "shared")?.status?.phase).toBe("Pending");
  });
});

describe("kubernetes.io/no-provisioner and local volumes", () => {
  const localClass = (w: World, mode: string) =>
    w.api.create(SC, { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "local-storage" }, provisioner: "kubernetes.io/no-provisioner", volumeBindingMode: mode }, undefined);
  const pinned = (node: string) => ({ nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: [node] }] }] } } });

  it("WaitForFirstConsumer: the pod goes where the local volume is; without one, `didn't find available persistent volumes to bind`", () => {
    const w = createWorld("default");
    localClass(w, "WaitForFirstConsumer");
    pvc(w, "data", { storageClassName: "local-storage" });
    pod(w, "app", "data");
    w.advance(3);
    const failed = w.api.list<Event>(EVENT, "default").filter((e) => e.reason === "FailedScheduling").map((e) => e.message);
    expect(failed).toEqual([
      "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't find available persistent volumes to bind. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    ]);
    expect(eventsOf(w, "data")).toEqual(["Normal WaitForPodScheduled waiting for pod app to be scheduled"]);
    pv(w, "local-node02", { storageClassName: "local-storage", local: { path: "/mnt/disks/vol1" }, hostPath: undefined, ...pinned("node02") });
    w.advance(1);
    // An unschedulable pod is retried when the cluster changes.
    w.advance(300);
    expect(w.api.find<Pod>(POD, "default", "app")?.spec?.nodeName).toBe("node02");
    expect(getPVC(w, "data")?.spec?.volumeName).toBe("local-node02");
  });

  it("Immediate with no-provisioner: ProvisioningFailed `no volume plugin matched name` and the pod has unbound immediate claims", () => {
    const w = createWorld("default");
    localClass(w, "Immediate");
    pvc(w, "data", { storageClassName: "local-storage" });
    pod(w, "app", "data");
    w.advance(2);
    expect(eventsOf(w, "data")).toEqual(["Warning ProvisioningFailed no volume plugin matched name: kubernetes.io/no-provisioner"]);
    const failed = w.api.list<Event>(EVENT, "default").filter((e) => e.reason === "FailedScheduling").map((e) => e.message);
    expect(failed[0]).toBe("0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
  });

  it("a bound local volume on node01 keeps the claim's pods on node01; cordoning node01 is a volume node affinity conflict", () => {
    const w = createWorld("default");
    pv(w, "local-node01", { local: { path: "/mnt/disks/vol1" }, hostPath: undefined, ...pinned("node01") });
    pvc(w, "data", { storageClassName: "" });
    w.advance(1);
    pod(w, "a", "data");
    w.advance(2);
    expect(w.api.find<Pod>(POD, "default", "a")?.spec?.nodeName).toBe("node01");
  });
});

describe("VolumeRestrictions: ReadWriteOncePod", () => {
  it("a second pod using a RWOP claim fits no node", () => {
    const w = createWorld("default");
    pvc(w, "solo", { accessModes: ["ReadWriteOncePod"] });
    pod(w, "first", "solo");
    w.advance(3);
    expect(w.api.find<Pod>(POD, "default", "first")?.spec?.nodeName).toBeDefined();
    pod(w, "second", "solo");
    w.advance(3);
    expect(w.api.find<Pod>(POD, "default", "second")?.spec?.nodeName).toBeUndefined();
    const failed = w.api.list<Event>(EVENT, "default").filter((e) => e.reason === "FailedScheduling" && e.involvedObject.name === "second").map((e) => e.message);
    expect(failed[0]).toMatch(/^0\/3 nodes are available: 1 node\(s\) had untolerated taint \{node-role.kubernetes.io\/control-plane: \}, 2 node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode\./);
  });
});

describe("StorageObjectInUseProtection and the protection controllers", () => {
  it("a claim in use stays Terminating with kubernetes.io/pvc-protection until its pod is gone; a Bound volume keeps pv-protection", () => {
    const w = createWorld("default");
    pvc(w, "data", {});
    pod(w, "app", "data");
    w.advance(5);
    const name = getPVC(w, "data")!.spec!.volumeName!;
    expect(getPVC(w, "data")?.metadata.finalizers).toEqual(["kubernetes.io/pvc-protection"]);
    expect(getPV(w, name)?.metadata.finalizers).toEqual(["kubernetes.io/pv-protection"]);
    w.api.delete(PV, undefined, name);
    w.api.delete(PVC, "default", "data");
    w.advance(5);
    expect(getPVC(w, "data")?.metadata.deletionTimestamp).toBeDefined();
    expect(getPV(w, name)?.status?.phase).toBe("Bound");
    w.api.delete(POD, "default", "app");
    w.advance(40);
    expect(getPVC(w, "data")).toBeUndefined();
    expect(getPV(w, name)).toBeUndefined();
  });
});

describe("PersistentVolumeClaimResize admission", () => {
  const grow = (w: World, size: string) => {
    const claim = getPVC(w, "data")!;
    return w.api.update(PVC, { ...claim, spec: { ...claim.spec, resources: { requests: { storage: size } } } });
  };
  it("growing a claim whose class does not allow expansion is Forbidden with the plugin's words; an unbound one too", () => {
    const w = createWorld("default");
    pvc(w, "data", {});
    w.advance(1);
    const unbound = grow(w, "2Gi");
    expect(!unbound.ok && unbound.error.message).toBe('persistentvolumeclaims "data" is forbidden: Only bound persistent volume claims can be expanded');
    pod(w, "app", "data");
    w.advance(5);
    const refused = grow(w, "2Gi");
    expect(!refused.ok && refused.error.message).toBe(
      'persistentvolumeclaims "data" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize',
    );
  });
  it("with allowVolumeExpansion the request grows", () => {
    const w = createWorld("default");
    w.api.create(SC, { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name: "grow" }, provisioner: "rancher.io/local-path", allowVolumeExpansion: true, volumeBindingMode: "WaitForFirstConsumer" }, undefined);
    pvc(w, "data", { storageClassName: "grow" });
    pod(w, "app", "data");
    w.advance(5);
    expect(grow(w, "2Gi").ok).toBe(true);
    w.advance(2);
    // No resizer runs beside local-path (as on real clusters): the request grew, the capacity did not.
    expect(getPVC(w, "data")?.status?.capacity?.storage).toBe("1Gi");
    expect(eventsOf(w, "data").at(-1)).toBe("Normal ExternalExpanding waiting for an external controller to expand this PVC");
    const shrink = grow(w, "500Mi");
    expect(!shrink.ok && shrink.error.message).toBe('PersistentVolumeClaim "data" is invalid: spec.resources.requests.storage: Forbidden: field can not be less than status.capacity');
  });
});
