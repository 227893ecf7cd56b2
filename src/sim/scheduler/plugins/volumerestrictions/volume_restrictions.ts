/**
 * VolumeRestrictions, the ReadWriteOncePod part
 * (pkg/scheduler/framework/plugins/volumerestrictions/volume_restrictions.go):
 * a claim with the ReadWriteOncePod access mode may be used by one scheduled
 * pod in the whole cluster. Another pod that uses it fits no node; the code
 * is Unschedulable, so preemption may evict the holder if it has a lower
 * priority. (The in-tree disk conflicts of GCE PD, AWS EBS, RBD and iSCSI
 * are not modelled: kadet has no such volumes.)
 */
import { podClaimNames } from "../../../controllers/persistent-volume-match.js";
import { SKIP, SUCCESS, unschedulable, type FilterPlugin } from "../../framework.js";

/** ErrReasonReadWriteOncePodConflict, verbatim. */
export const ERR_REASON_READ_WRITE_ONCE_POD_CONFLICT = "node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode";

export const volumeRestrictionsPlugin = {
  name: "VolumeRestrictions",
  preFilter(pod) {
    if (podClaimNames(pod).length === 0) return { status: SKIP };
    return { status: SUCCESS };
  },
  filter(pod, _nodeInfo, cluster) {
    const lookup = cluster.volumes;
    if (!lookup) return SUCCESS;
    const namespace = pod.metadata.namespace ?? "default";
    for (const name of podClaimNames(pod)) {
      const claim = lookup.claim(namespace, name);
      if (!claim?.spec?.accessModes?.includes("ReadWriteOncePod")) continue;
      // The conflict is counted over every scheduled pod of the cluster, so every node reports it.
      const holders = cluster.allNodes.some((info) =>
        info.pods.some((p) => p.metadata.uid !== pod.metadata.uid && (p.metadata.namespace ?? "default") === namespace && podClaimNames(p).includes(name)),
      );
      if (holders) return unschedulable(ERR_REASON_READ_WRITE_ONCE_POD_CONFLICT);
    }
    return SUCCESS;
  },
} satisfies FilterPlugin & { name: "VolumeRestrictions" };
