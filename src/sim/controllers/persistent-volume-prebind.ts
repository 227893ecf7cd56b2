/**
 * VolumeBinding's PreBind (binder.go BindPodVolumes / bindAPIUpdate), done
 * as the scheduler's API writes: a volume chosen for a delayed-binding claim
 * gets the claim in its claimRef (bound-by-controller), a claim to provision
 * gets the `volume.kubernetes.io/selected-node` annotation. The pod itself is
 * bound only when all its claims are bound (checkBindings), which the PV
 * controller and the provisioner complete in later passes.
 */
import { kindNamed } from "../api/kinds.js";
import type { Node, PersistentVolumeClaim, Pod } from "../api/types.js";
import type { VolumeLookup } from "../scheduler/framework.js";
import { podVolumeAssignments } from "../scheduler/plugins/volumebinding/volume_binding.js";
import type { World } from "../world/world.js";
import { ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER, ANN_SELECTED_NODE, podClaimNames } from "./persistent-volume-match.js";

const PV = kindNamed("PersistentVolume")!;
const PVC = kindNamed("PersistentVolumeClaim")!;
const NODE = kindNamed("Node")!;

/** "ready": every claim is bound, bind the pod; "wrote": PreBind wrote to the API; "waiting": nothing to write yet. */
export type PreBindOutcome = "ready" | "wrote" | "waiting";

export function bindPodVolumes(world: World, pod: Pod, nodeName: string, lookup: VolumeLookup): PreBindOutcome {
  const namespace = pod.metadata.namespace ?? "default";
  const claims = podClaimNames(pod).map((n) => lookup.claim(namespace, n));
  const unbound = claims.filter((c): c is PersistentVolumeClaim => c !== undefined && !(c.spec?.volumeName && c.metadata.annotations?.[ANN_BIND_COMPLETED]));
  if (unbound.length === 0) return "ready";
  const node = world.api.find<Node>(NODE, undefined, nodeName);
  if (!node) return "waiting";
  const outcome = podVolumeAssignments(pod, node, lookup);
  if (Array.isArray(outcome)) return "waiting";
  let wrote = false;
  for (const { claim, volume } of outcome.staticBindings) {
    if (volume.spec?.claimRef?.uid === claim.metadata.uid) continue; // written earlier: the PV controller finishes it
    world.api.update(PV, {
      ...volume,
      metadata: { ...volume.metadata, annotations: { ...volume.metadata.annotations, [ANN_BOUND_BY_CONTROLLER]: "yes" } },
      spec: {
        ...volume.spec,
        claimRef: { kind: "PersistentVolumeClaim", namespace, name: claim.metadata.name, uid: claim.metadata.uid, apiVersion: "v1", resourceVersion: claim.metadata.resourceVersion },
      },
    });
    wrote = true;
  }
  for (const claim of outcome.provisionings) {
    world.api.update(PVC, { ...claim, metadata: { ...claim.metadata, annotations: { ...claim.metadata.annotations, [ANN_SELECTED_NODE]: nodeName } } });
    wrote = true;
  }
  return wrote ? "wrote" : "waiting";
}
