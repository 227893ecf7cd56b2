/**
 * StorageObjectInUseProtection (plugin/pkg/admission/storage/storageobjectinuseprotection):
 * every new PersistentVolumeClaim gets the `kubernetes.io/pvc-protection`
 * finalizer and every new PersistentVolume `kubernetes.io/pv-protection`, so
 * that deleting one still in use only marks it Terminating; the protection
 * controllers (controllers/storage-protection.ts) remove the finalizer once
 * no pod uses the claim, or the volume is no longer Bound.
 */
import type { AdmissionPlugin } from "./plugin.js";

export const PVC_PROTECTION_FINALIZER = "kubernetes.io/pvc-protection";
export const PV_PROTECTION_FINALIZER = "kubernetes.io/pv-protection";

export const storageObjectInUseProtection = {
  name: "StorageObjectInUseProtection",
  admit: ({ operation, info, object }) => {
    if (operation !== "CREATE") return undefined;
    const finalizer = info.kind === "PersistentVolumeClaim" ? PVC_PROTECTION_FINALIZER : info.kind === "PersistentVolume" ? PV_PROTECTION_FINALIZER : undefined;
    if (!finalizer) return undefined;
    const finalizers = object.metadata.finalizers ?? [];
    if (!finalizers.includes(finalizer)) object.metadata.finalizers = [...finalizers, finalizer];
    return undefined;
  },
} satisfies AdmissionPlugin;
