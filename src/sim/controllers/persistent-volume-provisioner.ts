/**
 * The dynamic provisioner the default preset runs: rancher.io/local-path
 * (local-path-provisioner on sig-storage-lib-external-provisioner). It
 * serves claims the PV controller annotated for it: with
 * WaitForFirstConsumer only once the scheduler picked a node
 * (`volume.kubernetes.io/selected-node`); it creates the PV `pvc-<claim uid>`
 * as a hostPath directory under /opt/local-path-provisioner on that node,
 * pinned there by node affinity, pre-bound to the claim, with the class's
 * reclaim policy. Events and errors are the library's and the provisioner's.
 * The directory appears on the node's machine (host-dirs.ts).
 * Simplified: it acts at once (no helper pod creating the directory) and its
 * event source is `rancher.io/local-path_local-path-provisioner` without the
 * pod name and uid the real one appends.
 */
import { kindNamed } from "../api/kinds.js";
import type { KubeObject, PersistentVolume, PersistentVolumeClaim, StorageClass } from "../api/types.js";
import type { Loop } from "../core/loop.js";
import type { World } from "../world/world.js";
import { makeHostDir } from "./host-dirs.js";
import { ANN_BIND_COMPLETED, ANN_DYNAMICALLY_PROVISIONED, ANN_SELECTED_NODE, ANN_STORAGE_PROVISIONER, claimClass } from "./persistent-volume-match.js";

const PV = kindNamed("PersistentVolume")!;
const PVC = kindNamed("PersistentVolumeClaim")!;
const SC = kindNamed("StorageClass")!;

export const LOCAL_PATH_PROVISIONER = "rancher.io/local-path";
const SOURCE = { component: `${LOCAL_PATH_PROVISIONER}_local-path-provisioner` };
/** local-path-provisioner's default nodePathMap. */
export const LOCAL_PATH_ROOT = "/opt/local-path-provisioner";

/** provisioner.go's refusal of shared access modes. */
const ACCESS_MODE_ERROR = "NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes";
const NO_NODE_ERROR = "configuration error, no node was specified";

export class LocalPathProvisioner implements Loop<World> {
  readonly name = "local-path-provisioner";

  reconcile(world: World): boolean {
    let changed = false;
    for (const claim of world.api.list<PersistentVolumeClaim>(PVC)) {
      if (claim.metadata.deletionTimestamp || claim.metadata.annotations?.[ANN_BIND_COMPLETED]) continue;
      if (claim.metadata.annotations?.[ANN_STORAGE_PROVISIONER] !== LOCAL_PATH_PROVISIONER) continue;
      const storageClass = world.api.find<StorageClass>(SC, undefined, claimClass(claim));
      if (!storageClass || storageClass.provisioner !== LOCAL_PATH_PROVISIONER) continue;
      const node = claim.metadata.annotations?.[ANN_SELECTED_NODE];
      // shouldProvision: a delayed-binding claim waits for the scheduler's choice of node.
      if (storageClass.volumeBindingMode === "WaitForFirstConsumer" && node === undefined) continue;
      const name = `pvc-${claim.metadata.uid}`;
      if (world.api.find(PV, undefined, name)) continue;
      changed = this.provision(world, claim, storageClass, name, node) || changed;
    }
    return changed;
  }

  private provision(world: World, claim: PersistentVolumeClaim, storageClass: StorageClass, name: string, node: string | undefined): boolean {
    const key = `${claim.metadata.namespace}/${claim.metadata.name}`;
    const already = world.events.about(claim).some((e) => e.source?.component === SOURCE.component);
    if (!already) world.events.record(claim, "Normal", "Provisioning", `External provisioner is provisioning volume for claim "${key}"`, SOURCE);
    const error = (claim.spec?.accessModes ?? []).some((m) => m !== "ReadWriteOnce" && m !== "ReadWriteOncePod") ? ACCESS_MODE_ERROR : node === undefined ? NO_NODE_ERROR : undefined;
    if (error) {
      if (already) return !already;
      world.events.record(claim, "Warning", "ProvisioningFailed", `failed to provision volume with StorageClass "${storageClass.metadata.name}": ${error}`, SOURCE);
      return true;
    }
    const volume: KubeObject = {
      apiVersion: "v1",
      kind: "PersistentVolume",
      metadata: {
        name,
        annotations: { "local.path.provisioner/selected-node": node!, [ANN_DYNAMICALLY_PROVISIONED]: LOCAL_PATH_PROVISIONER },
      },
      spec: {
        accessModes: claim.spec?.accessModes ?? [],
        capacity: { storage: claim.spec?.resources?.requests?.storage ?? "0" },
        claimRef: { apiVersion: "v1", kind: "PersistentVolumeClaim", name: claim.metadata.name, namespace: claim.metadata.namespace, resourceVersion: claim.metadata.resourceVersion, uid: claim.metadata.uid },
        hostPath: { path: `${LOCAL_PATH_ROOT}/${name}_${claim.metadata.namespace}_${claim.metadata.name}`, type: "DirectoryOrCreate" },
        nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: [node!] }] }] } },
        persistentVolumeReclaimPolicy: storageClass.reclaimPolicy ?? "Delete",
        storageClassName: storageClass.metadata.name,
        volumeMode: claim.spec?.volumeMode ?? "Filesystem",
      },
    };
    const created = world.api.create<PersistentVolume>(PV, volume, undefined);
    if (!created.ok) {
      world.events.record(claim, "Warning", "ProvisioningFailed", `failed to provision volume with StorageClass "${storageClass.metadata.name}": ${created.error.message}`, SOURCE);
      return true;
    }
    makeHostDir(world, node!, `${LOCAL_PATH_ROOT}/${name}_${claim.metadata.namespace}_${claim.metadata.name}`);
    world.events.record(claim, "Normal", "ProvisioningSucceeded", `Successfully provisioned volume ${name}`, SOURCE);
    return true;
  }
}
