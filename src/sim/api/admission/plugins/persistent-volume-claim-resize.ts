/**
 * PersistentVolumeClaimResize (plugin/pkg/admission/storage/persistentvolume/resize):
 * a claim's storage request may grow only once it is Bound, and only when its
 * StorageClass (unchanged) sets `allowVolumeExpansion: true`. It also carries
 * ValidatePersistentVolumeClaimUpdate's rule that a bound claim's request may
 * not drop below its status.capacity (a validation error, not a refusal).
 */
import { compareQuantities } from "../../../core/quantity.js";
import { invalid } from "../../errors.js";
import { qualifiedKind } from "../../kinds.js";
import { forbidden, type AdmissionPlugin } from "./plugin.js";

type Claim = {
  metadata?: { annotations?: Record<string, string> };
  spec?: { storageClassName?: string | null; resources?: { requests?: { storage?: string } } };
  status?: { phase?: string; capacity?: { storage?: string } };
};

const claimClass = (c: Claim) => c.metadata?.annotations?.["volume.beta.kubernetes.io/storage-class"] ?? c.spec?.storageClassName ?? "";

export const persistentVolumeClaimResize = {
  name: "PersistentVolumeClaimResize",
  validate: (attributes) => {
    const { operation, info, object, old, lookup } = attributes;
    if (operation !== "UPDATE" || info.kind !== "PersistentVolumeClaim" || !old) return undefined;
    const next = object as Claim;
    const before = old as Claim;
    const newSize = next.spec?.resources?.requests?.storage;
    const oldSize = before.spec?.resources?.requests?.storage;
    const capacity = before.status?.capacity?.storage;
    if (before.status?.phase === "Bound" && newSize !== undefined && capacity !== undefined && (compareQuantities(newSize, capacity) ?? 0) < 0) {
      return invalid(info.kind, qualifiedKind(info), attributes.name, [{ field: "spec.resources.requests.storage", type: "Forbidden", detail: "field can not be less than status.capacity" }]);
    }
    if (newSize === undefined || oldSize === undefined || (compareQuantities(newSize, oldSize) ?? 0) <= 0) return undefined;
    if (before.status?.phase !== "Bound") return forbidden(attributes, "Only bound persistent volume claims can be expanded");
    const name = claimClass(next);
    const storageClass = name === "" || claimClass(before) !== name ? undefined : (lookup.find("StorageClass", undefined, name) as { allowVolumeExpansion?: boolean } | undefined);
    if (storageClass?.allowVolumeExpansion !== true) {
      return forbidden(attributes, "only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize");
    }
    return undefined;
  },
} satisfies AdmissionPlugin;
