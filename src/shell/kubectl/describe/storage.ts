/**
 * `kubectl describe` for PersistentVolume, PersistentVolumeClaim and
 * StorageClass: ports of describePersistentVolume, describePersistentVolumeClaim
 * (with printPersistentVolumeClaim and "Used By") and StorageClassDescriber
 * from kubectl's pkg/describe/describe.go (1.32).
 */
import type { Event, PersistentVolume, PersistentVolumeClaim, Pod, StorageClass } from "../../../sim/api/types.js";
import { formatLabels } from "../printers/table.js";
import { accessModesAsString } from "../printers/columns.js";
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline, rfc1123z, type Obj } from "./common.js";
import { LEVEL_0, LEVEL_1, LEVEL_2, tabbedString, type PrefixWriter } from "./tabwriter.js";
import { translateTimestampSince } from "../printers/age.js";
import { compareBytes } from "../../../sim/core/compare.js";

const BETA_CLASS = "volume.beta.kubernetes.io/storage-class";

/** Go's %v of a []string: [a b]. */
const goSlice = (items: readonly string[] | undefined) => `[${(items ?? []).join(" ")}]`;

/** printVolumeNodeAffinity with printNodeSelectorTermsMultilineWithIndent. */
function printVolumeNodeAffinity(w: PrefixWriter, affinity: Obj | undefined): void {
  w.write(LEVEL_0, "Node Affinity:\t");
  if (!affinity?.required) {
    w.writeLine("<none>");
    return;
  }
  w.writeLine("");
  w.write(LEVEL_1, "Required Terms:\t");
  const terms = (affinity.required.nodeSelectorTerms ?? []) as Obj[];
  if (terms.length === 0) {
    w.writeLine("<none>");
    return;
  }
  w.writeLine("");
  terms.forEach((term, i) => {
    w.write(LEVEL_2, `Term ${i}:\t`);
    const reqs = (term.matchExpressions ?? []) as Obj[];
    if (reqs.length === 0) {
      w.writeLine("<none>");
      return;
    }
    reqs.forEach((req, j) => {
      if (j !== 0) w.write(LEVEL_2, "\t");
      let expr = `${req.key} ${String(req.operator).toLowerCase()}`;
      if ((req.values ?? []).length > 0) expr = `${expr} [${(req.values as string[]).join(", ")}]`;
      w.write(LEVEL_0, `${expr}\n`);
    });
  });
}

/** The volume sources kadet's PVs use; others get the describer's default line. */
function printVolumeSource(w: PrefixWriter, spec: Obj): void {
  if (spec.hostPath) {
    w.write(LEVEL_2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${spec.hostPath.path}\n    HostPathType:\t${spec.hostPath.type ?? "<none>"}\n`);
  } else if (spec.local) {
    w.write(LEVEL_2, `Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t${spec.local.path}\n`);
  } else if (spec.nfs) {
    w.write(LEVEL_2, `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${spec.nfs.server}\n    Path:\t${spec.nfs.path}\n    ReadOnly:\t${spec.nfs.readOnly === true}\n`);
  } else {
    w.write(LEVEL_1, "<unknown>\n");
  }
}

export function describePersistentVolume(pv: PersistentVolume, events: Event[] | undefined, now: number): string {
  const spec = (pv.spec ?? {}) as Obj;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pv.metadata.name}\n`);
    printLabelsMultiline(w, "Labels", pv.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", pv.metadata.annotations);
    w.write(LEVEL_0, `Finalizers:\t${goSlice(pv.metadata.finalizers)}\n`);
    w.write(LEVEL_0, `StorageClass:\t${pv.metadata.annotations?.[BETA_CLASS] ?? spec.storageClassName ?? ""}\n`);
    if (pv.metadata.deletionTimestamp) w.write(LEVEL_0, `Status:\tTerminating (lasts ${translateTimestampSince(pv.metadata.deletionTimestamp, now)})\n`);
    else w.write(LEVEL_0, `Status:\t${pv.status?.phase ?? ""}\n`);
    w.write(LEVEL_0, `Claim:\t${spec.claimRef ? `${spec.claimRef.namespace ?? ""}/${spec.claimRef.name ?? ""}` : ""}\n`);
    w.write(LEVEL_0, `Reclaim Policy:\t${spec.persistentVolumeReclaimPolicy ?? ""}\n`);
    w.write(LEVEL_0, `Access Modes:\t${accessModesAsString(spec.accessModes)}\n`);
    if (spec.volumeAttributesClassName) w.write(LEVEL_0, `VolumeAttributesClass:\t${spec.volumeAttributesClassName}\n`);
    if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
    w.write(LEVEL_0, `Capacity:\t${spec.capacity?.storage ?? "0"}\n`);
    printVolumeNodeAffinity(w, spec.nodeAffinity);
    w.write(LEVEL_0, `Message:\t${pv.status?.message ?? ""}\n`);
    w.write(LEVEL_0, "Source:\n");
    printVolumeSource(w, spec);
    describeEvents(events, w, now);
  });
}

export function describePersistentVolumeClaim(pvc: PersistentVolumeClaim, pods: readonly Pod[], events: Event[] | undefined, now: number): string {
  const spec = (pvc.spec ?? {}) as Obj;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pvc.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${pvc.metadata.namespace ?? ""}\n`);
    w.write(LEVEL_0, `StorageClass:\t${pvc.metadata.annotations?.[BETA_CLASS] ?? spec.storageClassName ?? ""}\n`);
    if (pvc.metadata.deletionTimestamp) w.write(LEVEL_0, `Status:\tTerminating (lasts ${translateTimestampSince(pvc.metadata.deletionTimestamp, now)})\n`);
    else w.write(LEVEL_0, `Status:\t${pvc.status?.phase ?? ""}\n`);
    w.write(LEVEL_0, `Volume:\t${spec.volumeName ?? ""}\n`);
    printLabelsMultiline(w, "Labels", pvc.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", pvc.metadata.annotations);
    w.write(LEVEL_0, `Finalizers:\t${goSlice(pvc.metadata.finalizers)}\n`);
    const bound = Boolean(spec.volumeName);
    w.write(LEVEL_0, `Capacity:\t${bound ? (pvc.status?.capacity?.storage ?? "0") : ""}\n`);
    w.write(LEVEL_0, `Access Modes:\t${bound ? accessModesAsString(pvc.status?.accessModes) : ""}\n`);
    if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
    // printPodsMultiline: the pods whose volumes name the claim, by name.
    w.write(LEVEL_0, "Used By:\t");
    const users = pods.map((p) => p.metadata.name).sort(compareBytes);
    if (users.length === 0) w.writeLine("<none>");
    users.forEach((name, i) => {
      if (i !== 0) w.write(LEVEL_0, "\t");
      w.write(LEVEL_0, `${name}\n`);
    });
    const conditions = (pvc.status?.conditions ?? []) as Obj[];
    if (conditions.length > 0) {
      w.write(LEVEL_0, "Conditions:\n");
      w.write(LEVEL_1, "Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n");
      w.write(LEVEL_1, "----\t------\t-----------------\t------------------\t------\t-------\n");
      for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status} \t${rfc1123z(c.lastProbeTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ""} \t${c.message ?? ""}\n`);
    }
    describeEvents(events, w, now);
  });
}

const printBoolPtr = (v: boolean | undefined) => (v === undefined ? "<unset>" : v ? "True" : "False");

export function describeStorageClass(sc: StorageClass, events: Event[] | undefined, now: number): string {
  const annotations = sc.metadata.annotations ?? {};
  const isDefault = annotations["storageclass.kubernetes.io/is-default-class"] === "true" || annotations["storageclass.beta.kubernetes.io/is-default-class"] === "true";
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${sc.metadata.name}\n`);
    w.write(LEVEL_0, `IsDefaultClass:\t${isDefault ? "Yes" : "No"}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabels(annotations)}\n`);
    w.write(LEVEL_0, `Provisioner:\t${sc.provisioner}\n`);
    w.write(LEVEL_0, `Parameters:\t${formatLabels(sc.parameters)}\n`);
    w.write(LEVEL_0, `AllowVolumeExpansion:\t${printBoolPtr(sc.allowVolumeExpansion)}\n`);
    if ((sc.mountOptions ?? []).length === 0) w.write(LEVEL_0, "MountOptions:\t<none>\n");
    else {
      w.write(LEVEL_0, "MountOptions:\n");
      for (const o of sc.mountOptions ?? []) w.write(LEVEL_1, `${o}\n`);
    }
    if (sc.reclaimPolicy) w.write(LEVEL_0, `ReclaimPolicy:\t${sc.reclaimPolicy}\n`);
    if (sc.volumeBindingMode) w.write(LEVEL_0, `VolumeBindingMode:\t${sc.volumeBindingMode}\n`);
    describeEvents(events, w, now);
  });
}
