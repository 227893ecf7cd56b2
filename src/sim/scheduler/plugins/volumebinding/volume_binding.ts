/**
 * VolumeBinding (pkg/scheduler/framework/plugins/volumebinding): a pod whose
 * PersistentVolumeClaims are missing, being deleted, or unbound with
 * Immediate binding cannot be scheduled (PreFilter, unresolvable); a claim
 * that waits for its first consumer must find a volume on the node (Filter).
 *
 * kadet has no PV controller or provisioner yet (issue 10), so a claim never
 * binds and WaitForFirstConsumer claims find no volume: their pods stay
 * Pending with upstream's reasons rather than running on storage that does
 * not exist.
 */
import type { Pod } from "../../../api/types.js";
import { SKIP, SUCCESS, unresolvable, type FilterPlugin, type VolumeLookup, type ClaimView } from "../../framework.js";

export type { VolumeLookup, ClaimView };

/** volumebinding.go / binder.go reason strings. */
export const ERR_REASON_UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims";
export const ERR_REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";

function claimNames(pod: Pod): string[] {
  return (pod.spec?.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim?.claimName ? [v.persistentVolumeClaim.claimName] : []));
}

function waitsForFirstConsumer(claim: ClaimView, lookup: VolumeLookup): boolean {
  return claim.storageClassName !== undefined && claim.storageClassName !== "" && lookup.bindingMode(claim.storageClassName) === "WaitForFirstConsumer";
}

export const volumeBindingPlugin = {
  name: "VolumeBinding",
  preFilter(pod, cluster) {
    const names = claimNames(pod);
    if (names.length === 0) return { status: SKIP };
    const lookup = cluster?.volumes;
    if (!lookup) return { status: SUCCESS };
    const namespace = pod.metadata.namespace ?? "default";
    let unboundImmediate = false;
    for (const name of names) {
      const claim = lookup.claim(namespace, name);
      if (!claim) return { status: unresolvable(`persistentvolumeclaim "${name}" not found`) };
      if (claim.deleting) return { status: unresolvable(`persistentvolumeclaim "${name}" is being deleted`) };
      if (claim.phase !== "Bound" && !waitsForFirstConsumer(claim, lookup)) unboundImmediate = true;
    }
    if (unboundImmediate) return { status: unresolvable(ERR_REASON_UNBOUND_IMMEDIATE) };
    return { status: SUCCESS };
  },
  filter(pod, _nodeInfo, cluster) {
    const lookup = cluster.volumes;
    if (!lookup) return SUCCESS;
    const namespace = pod.metadata.namespace ?? "default";
    for (const name of claimNames(pod)) {
      const claim = lookup.claim(namespace, name);
      // No PV controller or provisioner yet: a delayed-binding claim finds no volume on any node.
      if (claim && claim.phase !== "Bound" && waitsForFirstConsumer(claim, lookup)) return unresolvable(ERR_REASON_BIND_CONFLICT);
    }
    return SUCCESS;
  },
} satisfies FilterPlugin & { name: "VolumeBinding" };
