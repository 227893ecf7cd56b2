/**
 * The expand controller of kube-controller-manager (pkg/controller/volume/expand,
 * "volume_expand"): a Bound claim whose request grew past its capacity is
 * handed to an external resizer, with the event `ExternalExpanding: waiting
 * for an external controller to expand this PVC` (no in-tree plugin kadet
 * models can expand: hostPath and local volumes cannot). No resizer runs in
 * kadet's clusters, as none runs next to local-path-provisioner, so the
 * capacity stays as it was: spec shows the new request, status the old size.
 */
import { kindNamed } from "../api/kinds.js";
import type { PersistentVolumeClaim } from "../api/types.js";
import type { Loop } from "../core/loop.js";
import { compareQuantities } from "../core/quantity.js";
import type { World } from "../world/world.js";

const PVC = kindNamed("PersistentVolumeClaim")!;
const SOURCE = { component: "volume_expand" };
export const EXTERNAL_EXPANDING_MESSAGE = "waiting for an external controller to expand this PVC";

export class VolumeExpandController implements Loop<World> {
  readonly name = "volume-expand";

  reconcile(world: World): boolean {
    let changed = false;
    for (const claim of world.api.list<PersistentVolumeClaim>(PVC)) {
      if (claim.status?.phase !== "Bound" || claim.metadata.deletionTimestamp) continue;
      const wanted = claim.spec?.resources?.requests?.storage;
      const capacity = claim.status.capacity?.storage;
      if (wanted === undefined || capacity === undefined || (compareQuantities(String(wanted), String(capacity)) ?? 0) <= 0) continue;
      // Recorded once: the controller syncs a claim when it changes, not periodically
      // (simplified: a second resize of the same claim does not count the event up).
      if (world.events.about(claim).some((e) => e.reason === "ExternalExpanding")) continue;
      world.events.record(claim, "Normal", "ExternalExpanding", EXTERNAL_EXPANDING_MESSAGE, SOURCE);
      changed = true;
    }
    return changed;
  }
}
