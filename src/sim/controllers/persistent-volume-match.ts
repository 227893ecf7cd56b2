/**
 * Which PersistentVolume a claim may bind to: a port of component-helpers'
 * storage/volume/pv_helpers.go (FindMatchingVolume, CheckAccessModes,
 * CheckNodeAffinity, GetPersistentVolume(Claim)Class) and of the PV
 * controller's access-mode index (pkg/controller/volume/persistentvolume/index.go):
 * volumes are grouped by their access-mode set, the smallest sets that hold
 * every requested mode are searched first, and inside a set the smallest
 * volume that is big enough wins. Shared by the PV controller (node unknown)
 * and the scheduler's VolumeBinding plugin (node known).
 */
import type { Node, PersistentVolume, PersistentVolumeClaim } from "../api/types.js";
import { fromLabelSelector, matches } from "../core/labels.js";
import { compareQuantities } from "../core/quantity.js";
import { nodeMatchesSelectorTerms } from "../scheduler/plugins/nodeaffinity/node_affinity.js";

export type { PersistentVolume, PersistentVolumeClaim };

/** pv_controller.go's annotations. */
export const ANN_BIND_COMPLETED = "pv.kubernetes.io/bind-completed";
export const ANN_BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller";
export const ANN_DYNAMICALLY_PROVISIONED = "pv.kubernetes.io/provisioned-by";
export const ANN_STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner";
export const ANN_BETA_STORAGE_PROVISIONER = "volume.beta.kubernetes.io/storage-provisioner";
export const ANN_SELECTED_NODE = "volume.kubernetes.io/selected-node";

/** The provisioner name that means "no dynamic provisioning" (local volumes). */
export const NOT_SUPPORTED_PROVISIONER = "kubernetes.io/no-provisioner";

/** The beta annotation still wins over the field, as upstream reads it. */
const BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

/** GetPersistentVolumeClaimClass: "" when the claim asks for no class (or names none). */
export function claimClass(claim: PersistentVolumeClaim): string {
  const beta = claim.metadata.annotations?.[BETA_CLASS_ANNOTATION];
  if (beta !== undefined) return beta;
  return claim.spec?.storageClassName ?? "";
}

/** GetPersistentVolumeClass. */
export function volumeClass(volume: PersistentVolume): string {
  const beta = volume.metadata.annotations?.[BETA_CLASS_ANNOTATION];
  if (beta !== undefined) return beta;
  return volume.spec?.storageClassName ?? "";
}

/** IsVolumeBoundToClaim: the volume's claimRef names this claim (and its uid, once set). */
export function isVolumeBoundToClaim(volume: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = volume.spec?.claimRef;
  if (!ref) return false;
  if (ref.name !== claim.metadata.name || ref.namespace !== claim.metadata.namespace) return false;
  return !ref.uid || ref.uid === claim.metadata.uid;
}

/** CheckVolumeModeMismatches: an unset mode means Filesystem on both sides. */
export function volumeModeMismatches(claim: PersistentVolumeClaim, volume: PersistentVolume): boolean {
  return (claim.spec?.volumeMode ?? "Filesystem") !== (volume.spec?.volumeMode ?? "Filesystem");
}

/** CheckAccessModes: every mode the claim asks for is one the volume offers. */
export function accessModesSatisfied(claim: PersistentVolumeClaim, volume: PersistentVolume): boolean {
  const offered = new Set(volume.spec?.accessModes ?? []);
  return (claim.spec?.accessModes ?? []).every((m) => offered.has(m));
}

/** CheckNodeAffinity: a volume without node affinity fits every node. */
export function volumeFitsNode(volume: PersistentVolume, node: Node): boolean {
  const required = volume.spec?.nodeAffinity?.required;
  if (!required) return true;
  return nodeMatchesSelectorTerms(required.nodeSelectorTerms ?? [], node);
}

export function requestedStorage(claim: PersistentVolumeClaim): string {
  return String(claim.spec?.resources?.requests?.storage ?? "0");
}

export function volumeCapacity(volume: PersistentVolume): string {
  return String(volume.spec?.capacity?.storage ?? "0");
}

function bigEnough(volume: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  return (compareQuantities(volumeCapacity(volume), requestedStorage(claim)) ?? -1) >= 0;
}

/**
 * FindMatchingVolume over one access-mode group. A volume pre-bound to the
 * claim wins at once; otherwise the smallest Available volume of the claim's
 * class whose labels match the claim's selector. With delayed binding and no
 * node (the PV controller's view), only pre-bound volumes are taken: the
 * scheduler binds the rest once it has picked a node.
 */
export function findMatchingVolume(
  claim: PersistentVolumeClaim,
  volumes: readonly PersistentVolume[],
  node: Node | undefined,
  delayBinding: boolean,
): PersistentVolume | undefined {
  let smallest: PersistentVolume | undefined;
  const selector = claim.spec?.selector ? fromLabelSelector(claim.spec.selector) : undefined;
  const requestedClass = claimClass(claim);
  for (const volume of volumes) {
    if (volume.spec?.claimRef && !isVolumeBoundToClaim(volume, claim)) continue;
    if (!bigEnough(volume, claim)) continue;
    if (volumeModeMismatches(claim, volume)) continue;
    if (volume.metadata.deletionTimestamp) continue;
    const fitsNode = node === undefined || volumeFitsNode(volume, node);
    if (isVolumeBoundToClaim(volume, claim)) return fitsNode ? volume : undefined;
    if (node === undefined && delayBinding) continue;
    if (volume.status?.phase !== "Available") continue;
    if (selector && !matches(volume.metadata.labels, selector)) continue;
    if (volumeClass(volume) !== requestedClass) continue;
    if (!fitsNode) continue;
    if (node !== undefined && !accessModesSatisfied(claim, volume)) continue;
    if (!smallest || (compareQuantities(volumeCapacity(smallest), volumeCapacity(volume)) ?? 0) > 0) smallest = volume;
  }
  return smallest;
}

/** The index key of an access-mode set: its modes in a fixed order (GetAccessModesAsString's order). */
const MODE_ORDER = ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"];

function modesKey(modes: readonly string[] | undefined): string {
  return MODE_ORDER.filter((m) => (modes ?? []).includes(m)).join(",");
}

/**
 * persistentVolumeOrderedIndex.findByClaim: the access-mode groups that hold
 * every mode the claim asks for, fewest modes first (byAccessModes), each
 * searched with findMatchingVolume; the first group with a match decides.
 */
export function findBestMatchForClaim(claim: PersistentVolumeClaim, volumes: readonly PersistentVolume[], delayBinding: boolean): PersistentVolume | undefined {
  const groups = new Map<string, PersistentVolume[]>();
  for (const v of volumes) {
    const key = modesKey(v.spec?.accessModes);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(v);
  }
  const wanted = claim.spec?.accessModes ?? [];
  const candidates = [...groups.entries()]
    .filter(([key]) => {
      const have = key === "" ? [] : key.split(",");
      return wanted.every((m) => have.includes(m));
    })
    .sort(([a], [b]) => (a === "" ? 0 : a.split(",").length) - (b === "" ? 0 : b.split(",").length));
  for (const [, group] of candidates) {
    const found = findMatchingVolume(claim, group, undefined, delayBinding);
    if (found) return found;
  }
  return undefined;
}

/** The claims a pod's volumes name, in the order of its volumes. */
export function podClaimNames(pod: { spec?: { volumes?: readonly { persistentVolumeClaim?: { claimName?: string } }[] } }): string[] {
  return (pod.spec?.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim?.claimName ? [v.persistentVolumeClaim.claimName] : []));
}
