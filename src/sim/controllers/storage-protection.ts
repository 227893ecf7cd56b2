/**
 * The pvc-protection and pv-protection controllers
 * (pkg/controller/volume/pvcprotection, pvprotection): a claim being deleted
 * keeps its `kubernetes.io/pvc-protection` finalizer (and stays Terminating)
 * while a scheduled pod that is not terminated uses it (a pod not yet on a node
 * does not count: the kubelet will not start it with a claim being deleted); a volume being deleted keeps
 * `kubernetes.io/pv-protection` while it is Bound to a claim.
 */
import { kindNamed } from "../api/kinds.js";
import { PV_PROTECTION_FINALIZER, PVC_PROTECTION_FINALIZER } from "../api/admission/plugins/storage-object-in-use-protection.js";
import type { PersistentVolume, PersistentVolumeClaim, Pod, StoredObject } from "../api/types.js";
import type { Loop } from "../core/loop.js";
import type { World } from "../world/world.js";
import { podClaimNames } from "./persistent-volume-match.js";

const PV = kindNamed("PersistentVolume")!;
const PVC = kindNamed("PersistentVolumeClaim")!;
const POD = kindNamed("Pod")!;

export class StorageProtectionController implements Loop<World> {
  readonly name = "storage-protection";

  reconcile(world: World): boolean {
    let changed = false;
    for (const claim of world.api.list<PersistentVolumeClaim>(PVC)) {
      if (!claim.metadata.deletionTimestamp || !claim.metadata.finalizers?.includes(PVC_PROTECTION_FINALIZER)) continue;
      const inUse = world.api
        .list<Pod>(POD, claim.metadata.namespace)
        .some((p) => Boolean(p.spec?.nodeName) && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed" && podClaimNames(p).includes(claim.metadata.name));
      if (!inUse) changed = removeFinalizer(world, PVC, claim, PVC_PROTECTION_FINALIZER) || changed;
    }
    for (const volume of world.api.list<PersistentVolume>(PV)) {
      if (!volume.metadata.deletionTimestamp || !volume.metadata.finalizers?.includes(PV_PROTECTION_FINALIZER)) continue;
      if (volume.status?.phase !== "Bound") changed = removeFinalizer(world, PV, volume, PV_PROTECTION_FINALIZER) || changed;
    }
    return changed;
  }
}

function removeFinalizer(world: World, kind: typeof PV, obj: StoredObject, finalizer: string): boolean {
  const copy = structuredClone(obj);
  copy.metadata.finalizers = (copy.metadata.finalizers ?? []).filter((f) => f !== finalizer);
  return world.api.update(kind, copy).ok;
}
