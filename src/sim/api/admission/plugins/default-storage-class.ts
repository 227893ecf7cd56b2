/**
 * DefaultStorageClass (plugin/pkg/admission/storage/storageclass/setdefault):
 * a new PersistentVolumeClaim that names no class (the field absent, not
 * `""`, which asks for no class) gets the cluster's default StorageClass,
 * the one annotated `storageclass.kubernetes.io/is-default-class: "true"`;
 * with several, the newest wins (1.28+, GetDefaultClass).
 */
import type { AdmissionPlugin } from "./plugin.js";
import { compareBytes } from "../../../core/compare.js";

export const IS_DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

export const defaultStorageClass = {
  name: "DefaultStorageClass",
  admit: ({ operation, info, object, lookup }) => {
    if (operation !== "CREATE" || info.kind !== "PersistentVolumeClaim") return undefined;
    const spec = object.spec as { storageClassName?: string | null } | undefined;
    if (!spec || (spec.storageClassName !== undefined && spec.storageClassName !== null)) return undefined;
    const defaults = lookup
      .list("StorageClass")
      .filter((sc) => sc.metadata.annotations?.[IS_DEFAULT_CLASS_ANNOTATION] === "true")
      .sort((a, b) => compareBytes(b.metadata.creationTimestamp ?? "", a.metadata.creationTimestamp ?? "") || compareBytes(a.metadata.name, b.metadata.name));
    if (defaults[0]) spec.storageClassName = defaults[0].metadata.name;
    return undefined;
  },
} satisfies AdmissionPlugin;
