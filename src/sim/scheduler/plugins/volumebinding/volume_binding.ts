/**
 * VolumeBinding (pkg/scheduler/framework/plugins/volumebinding, binder.go):
 * PreFilter rejects pods whose claims are missing, being deleted, or unbound
 * with Immediate binding; Filter checks, per node, that bound claims' volumes
 * may be used there (their node affinity) and that every claim waiting for
 * its first consumer either finds an Available volume usable on the node or
 * can be provisioned there (its class has a provisioner other than
 * `kubernetes.io/no-provisioner`). `podVolumeAssignments` is what PreBind
 * writes once a node is picked: volumes to bind, claims to provision.
 */
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from "../../../api/types.js";
import {
  ANN_BIND_COMPLETED,
  ANN_SELECTED_NODE,
  NOT_SUPPORTED_PROVISIONER,
  claimClass,
  findMatchingVolume,
  podClaimNames,
  requestedStorage,
  volumeClass,
  volumeFitsNode,
} from "../../../controllers/persistent-volume-match.js";
import { compareQuantities } from "../../../core/quantity.js";
import { SKIP, SUCCESS, unresolvable, type FilterPlugin, type VolumeLookup } from "../../framework.js";

export type { VolumeLookup };

/** volume_binding.go / binder.go reason strings. */
export const ERR_REASON_UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims";
export const ERR_REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
export const ERR_REASON_NODE_CONFLICT = "node(s) had volume node affinity conflict";
export const ERR_REASON_PV_NOT_EXIST = "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)";

/** isPVCFullyBound: the claim names its volume and the PV controller finished the binding. */
function isFullyBound(claim: PersistentVolumeClaim): boolean {
  return Boolean(claim.spec?.volumeName) && claim.metadata.annotations?.[ANN_BIND_COMPLETED] !== undefined;
}

function delaysBinding(claim: PersistentVolumeClaim, lookup: VolumeLookup): boolean {
  const name = claimClass(claim);
  return name !== "" && lookup.storageClass(name)?.volumeBindingMode === "WaitForFirstConsumer";
}

interface PodClaims {
  bound: PersistentVolumeClaim[];
  unboundDelayed: PersistentVolumeClaim[];
  unboundImmediate: PersistentVolumeClaim[];
}

/** getPodVolumeClaims, or the PreFilter error for a missing or deleted claim. */
function podVolumeClaims(pod: Pod, lookup: VolumeLookup): PodClaims | string {
  const namespace = pod.metadata.namespace ?? "default";
  const out: PodClaims = { bound: [], unboundDelayed: [], unboundImmediate: [] };
  for (const name of podClaimNames(pod)) {
    const claim = lookup.claim(namespace, name);
    if (!claim) return `persistentvolumeclaim "${name}" not found`;
    if (claim.metadata.deletionTimestamp) return `persistentvolumeclaim "${name}" is being deleted`;
    if (isFullyBound(claim)) out.bound.push(claim);
    else if (delaysBinding(claim, lookup)) {
      // A claim the scheduler already handed to a node and a provisioner is waited for, not re-decided.
      out.unboundDelayed.push(claim);
    } else out.unboundImmediate.push(claim);
  }
  return out;
}

export interface VolumeAssignments {
  /** Available volumes the scheduler binds to claims (GetBindVolumeToClaim). */
  staticBindings: { claim: PersistentVolumeClaim; volume: PersistentVolume }[];
  /** Claims to provision on the node (the selected-node annotation). */
  provisionings: PersistentVolumeClaim[];
}

/**
 * FindPodVolumes for one node: the reasons the node does not fit, or what
 * PreBind would write. Claims are matched smallest request first
 * (findMatchingVolumes sorts them), and a volume chosen for one claim is not
 * offered to the next.
 */
export function podVolumeAssignments(pod: Pod, node: Node, lookup: VolumeLookup): VolumeAssignments | string[] {
  const claims = podVolumeClaims(pod, lookup);
  if (typeof claims === "string") return [claims];
  const reasons = new Set<string>();
  const volumes = lookup.volumes();
  for (const claim of claims.bound) {
    const volume = volumes.find((v) => v.metadata.name === claim.spec?.volumeName);
    if (!volume) reasons.add(ERR_REASON_PV_NOT_EXIST);
    else if (!volumeFitsNode(volume, node)) reasons.add(ERR_REASON_NODE_CONFLICT);
  }
  const result: VolumeAssignments = { staticBindings: [], provisionings: [] };
  const chosen = new Set<string>();
  const pending = [...claims.unboundDelayed].sort((a, b) => compareQuantities(requestedStorage(a), requestedStorage(b)) ?? 0);
  for (const claim of pending) {
    const selected = claim.metadata.annotations?.[ANN_SELECTED_NODE];
    if (selected !== undefined) {
      // Handed to a provisioner for `selected` already: only that node can have its volume.
      if (selected !== node.metadata.name) reasons.add(ERR_REASON_BIND_CONFLICT);
      continue;
    }
    const candidates = volumes.filter((v) => !chosen.has(v.metadata.name) && volumeClass(v) === claimClass(claim));
    const volume = findMatchingVolume(claim, candidates, node, true);
    if (volume) {
      chosen.add(volume.metadata.name);
      result.staticBindings.push({ claim, volume });
      continue;
    }
    const provisioner = lookup.storageClass(claimClass(claim))?.provisioner;
    if (provisioner === undefined || provisioner === NOT_SUPPORTED_PROVISIONER) reasons.add(ERR_REASON_BIND_CONFLICT);
    else result.provisionings.push(claim);
  }
  return reasons.size > 0 ? [...reasons] : result;
}

export const volumeBindingPlugin = {
  name: "VolumeBinding",
  preFilter(pod, cluster) {
    if (podClaimNames(pod).length === 0) return { status: SKIP };
    const lookup = cluster?.volumes;
    if (!lookup) return { status: SUCCESS };
    const claims = podVolumeClaims(pod, lookup);
    if (typeof claims === "string") return { status: unresolvable(claims) };
    if (claims.unboundImmediate.length > 0) return { status: unresolvable(ERR_REASON_UNBOUND_IMMEDIATE) };
    return { status: SUCCESS };
  },
  filter(pod, nodeInfo, cluster) {
    const lookup = cluster.volumes;
    if (!lookup || podClaimNames(pod).length === 0) return SUCCESS;
    const outcome = podVolumeAssignments(pod, nodeInfo.node, lookup);
    // Filter's conflicts are all UnschedulableAndUnresolvable: evicting pods frees no volume.
    return Array.isArray(outcome) ? unresolvable(...outcome) : SUCCESS;
  },
} satisfies FilterPlugin & { name: "VolumeBinding" };
