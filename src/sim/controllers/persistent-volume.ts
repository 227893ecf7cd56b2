/**
 * The PersistentVolume controller of kube-controller-manager
 * (pkg/controller/volume/persistentvolume/pv_controller.go): it binds claims
 * to volumes (syncUnboundClaim / syncBoundClaim), keeps the volumes' phases
 * (Available, Bound, Released, Failed) and reclaims released volumes (Retain
 * keeps them, Delete removes them). Claims it cannot satisfy get upstream's
 * events, repeated on its 15 s resync (--pvclaimbinder-sync-period) as the
 * real controller repeats them. Dynamic provisioning is delegated as
 * upstream delegates it: the claim is annotated for the external provisioner
 * (persistent-volume-provisioner.ts simulates rancher.io/local-path).
 */
import { kindNamed } from "../api/kinds.js";
import type { Event, Pod, StorageClass } from "../api/types.js";
import type { Loop } from "../core/loop.js";
import type { World } from "../world/world.js";
import { compareQuantities } from "../core/quantity.js";
import {
  ANN_BETA_STORAGE_PROVISIONER,
  ANN_BIND_COMPLETED,
  ANN_BOUND_BY_CONTROLLER,
  ANN_DYNAMICALLY_PROVISIONED,
  ANN_SELECTED_NODE,
  ANN_STORAGE_PROVISIONER,
  accessModesSatisfied,
  claimClass,
  findBestMatchForClaim,
  isVolumeBoundToClaim,
  podClaimNames,
  requestedStorage,
  volumeCapacity,
  volumeClass,
  volumeModeMismatches,
  type PersistentVolume,
  type PersistentVolumeClaim,
} from "./persistent-volume-match.js";
import { IS_DEFAULT_CLASS_ANNOTATION } from "../api/admission/plugins/default-storage-class.js";
import { compareBytes } from "../core/compare.js";
import { removeHostDir } from "./host-dirs.js";
import { parseTimestamp } from "../core/clock.js";

const PV = kindNamed("PersistentVolume")!;
const PVC = kindNamed("PersistentVolumeClaim")!;
const SC = kindNamed("StorageClass")!;
const POD = kindNamed("Pod")!;
const EVENT = kindNamed("Event")!;
const SOURCE = { component: "persistentvolume-controller" };

/** --pvclaimbinder-sync-period: how often unbound claims are looked at (and their events repeated). */
export const RESYNC_MS = 15_000;

const EVENT_REASONS_REPEATED = ["WaitForFirstConsumer", "WaitForPodScheduled", "FailedBinding", "ExternalProvisioning", "ProvisioningFailed", "VolumeMismatch"];

/** IsDelayBindingMode: the claim's class exists and binds on first consumer. */
export function isDelayBinding(claim: PersistentVolumeClaim, classOf: (name: string) => StorageClass | undefined): boolean {
  const name = claimClass(claim);
  if (name === "") return false;
  return classOf(name)?.volumeBindingMode === "WaitForFirstConsumer";
}

/** checkVolumeSatisfyClaim's errors, word for word. */
function volumeSatisfiesClaim(volume: PersistentVolume, claim: PersistentVolumeClaim): string | undefined {
  if (volume.metadata.deletionTimestamp) return `the volume is marked for deletion "${volume.metadata.name}"`;
  if ((compareQuantities(volumeCapacity(volume), requestedStorage(claim)) ?? -1) < 0) return "requested PV is too small";
  if (volumeClass(volume) !== claimClass(claim)) return "storageClassName does not match";
  if (volumeModeMismatches(claim, volume)) return "incompatible volumeMode";
  if (!accessModesSatisfied(claim, volume)) return "incompatible accessMode";
  return undefined;
}

export class PersistentVolumeController implements Loop<World> {
  readonly name = "persistentvolume-controller";

  /** Pending claims are looked at again on the resync period, which repeats their events. */
  nextWakeAt(world: World): number | undefined {
    let earliest: number | undefined;
    for (const claim of world.api.list<PersistentVolumeClaim>(PVC)) {
      if (claim.status?.phase !== "Pending" || claim.metadata.deletionTimestamp) continue;
      const last = lastRepeatedEvent(world, claim);
      if (last === undefined) continue;
      const at = last + RESYNC_MS;
      if (earliest === undefined || at < earliest) earliest = at;
    }
    return earliest;
  }

  reconcile(world: World): boolean {
    let changed = false;
    for (const volume of world.api.list<PersistentVolume>(PV)) changed = this.syncVolume(world, volume) || changed;
    for (const claim of world.api.list<PersistentVolumeClaim>(PVC)) {
      if (claim.metadata.deletionTimestamp) continue;
      const fresh = world.api.find<PersistentVolumeClaim>(PVC, claim.metadata.namespace, claim.metadata.name);
      if (fresh) changed = this.syncClaim(world, fresh) || changed;
    }
    return changed;
  }

  // ---- volumes (syncVolume)

  private syncVolume(world: World, volume: PersistentVolume): boolean {
    const ref = volume.spec?.claimRef;
    if (!ref) return setVolumePhase(world, volume, "Available");
    if (!ref.uid) return setVolumePhase(world, volume, "Available"); // pre-bound: the claim's sync binds it
    let claim = world.api.find<PersistentVolumeClaim>(PVC, ref.namespace, ref.name ?? "");
    if (claim && claim.metadata.uid !== ref.uid) claim = undefined; // a new claim of the same name is another claim
    if (!claim) {
      if (volume.status?.phase === "Released" || volume.status?.phase === "Failed") return this.reclaim(world, volume);
      setVolumePhase(world, volume, "Released");
      const released = world.api.find<PersistentVolume>(PV, undefined, volume.metadata.name);
      return released ? this.reclaim(world, released) || true : true;
    }
    if (!claim.spec?.volumeName) return false; // the claim's sync completes the binding
    if (claim.spec.volumeName === volume.metadata.name) return setVolumePhase(world, volume, "Bound");
    // The claim got bound to another volume.
    const annotations = volume.metadata.annotations ?? {};
    if (annotations[ANN_DYNAMICALLY_PROVISIONED] && volume.spec?.persistentVolumeReclaimPolicy === "Delete") {
      setVolumePhase(world, volume, "Released");
      const released = world.api.find<PersistentVolume>(PV, undefined, volume.metadata.name);
      return released ? this.reclaim(world, released) || true : true;
    }
    if (annotations[ANN_BOUND_BY_CONTROLLER]) {
      // unbindVolume: the controller's own half-done binding is undone.
      const copy = structuredClone(volume);
      delete copy.spec!.claimRef;
      delete copy.metadata.annotations![ANN_BOUND_BY_CONTROLLER];
      world.api.update(PV, copy);
      return true;
    }
    return false; // created pointing at that claim by its author: left for the user to fix
  }

  /** reclaimVolume: Retain keeps the volume Released; Delete removes it when a deleter exists. */
  private reclaim(world: World, volume: PersistentVolume): boolean {
    if (volume.status?.phase !== "Released") return false;
    const policy = volume.spec?.persistentVolumeReclaimPolicy ?? "Retain";
    if (policy === "Retain") return false;
    if (policy === "Recycle") return this.fail(world, volume, "VolumeFailedRecycle", "Recycle is not simulated by kadet (deprecated upstream)");
    const deleter = deleterError(volume);
    if (deleter !== undefined) return this.fail(world, volume, "VolumeFailedDelete", deleter);
    // local-path-provisioner's helper pod removes the directory on the volume's node.
    const node = volume.metadata.annotations?.["local.path.provisioner/selected-node"];
    if (node && volume.spec?.hostPath?.path) removeHostDir(world, node, volume.spec.hostPath.path);
    world.api.delete(PV, undefined, volume.metadata.name);
    return true;
  }

  private fail(world: World, volume: PersistentVolume, reason: string, message: string): boolean {
    const copy = structuredClone(volume);
    copy.status = { ...copy.status, phase: "Failed", message, lastPhaseTransitionTime: world.clock.nowIso() };
    world.api.updateStatus(PV, copy);
    world.events.record(volume, "Warning", reason, message, SOURCE);
    return true;
  }

  // ---- claims (syncClaim)

  private syncClaim(world: World, claim: PersistentVolumeClaim): boolean {
    if (claim.metadata.annotations?.[ANN_BIND_COMPLETED]) return this.syncBoundClaim(world, claim);
    return this.syncUnboundClaim(world, claim);
  }

  private syncBoundClaim(world: World, claim: PersistentVolumeClaim): boolean {
    const name = claim.spec?.volumeName;
    if (!name) return this.lose(world, claim, "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!");
    const volume = world.api.find<PersistentVolume>(PV, undefined, name);
    if (!volume) return this.lose(world, claim, "Bound claim has lost its PersistentVolume. Data on the volume is lost!");
    if (!volume.spec?.claimRef || volume.spec.claimRef.uid === claim.metadata.uid) return this.bind(world, volume, claim);
    return this.lose(world, claim, "Two claims are bound to the same volume, this one is bound incorrectly", "ClaimMisbound");
  }

  private lose(world: World, claim: PersistentVolumeClaim, message: string, reason = "ClaimLost"): boolean {
    if (claim.status?.phase === "Lost") return false;
    world.api.updateStatus(PVC, { ...claim, status: { ...claim.status, phase: "Lost" } });
    world.events.record(claim, "Warning", reason, message, SOURCE);
    return true;
  }

  private syncUnboundClaim(world: World, claim: PersistentVolumeClaim): boolean {
    const volumes = world.api.list<PersistentVolume>(PV);
    const classOf = (n: string) => world.api.find<StorageClass>(SC, undefined, n);
    const wanted = claim.spec?.volumeName;
    if (!wanted) {
      const delay = isDelayBinding(claim, classOf);
      const volume = findBestMatchForClaim(claim, volumes, delay);
      if (volume) return this.bind(world, volume, claim);
      if (claim.spec?.storageClassName === undefined || claim.spec.storageClassName === null) {
        // RetroactiveDefaultStorageClass (GA in 1.28): a class-less claim gets the default class that appeared since.
        const byDefault = defaultClass(world);
        if (byDefault) {
          world.api.update(PVC, { ...claim, spec: { ...claim.spec, storageClassName: byDefault } });
          return true;
        }
      }
      let changed = false;
      const className = claimClass(claim);
      if (delay && !claim.metadata.annotations?.[ANN_SELECTED_NODE]) {
        const pods = nonScheduledPodsUsing(world, claim);
        if (pods.length === 0) changed = this.repeatEvent(world, claim, "Normal", "WaitForFirstConsumer", "waiting for first consumer to be created before binding");
        else changed = this.repeatEvent(world, claim, "Normal", "WaitForPodScheduled", pods.length > 1 ? `waiting for pods ${pods.join(",")} to be scheduled` : `waiting for pod ${pods[0]} to be scheduled`);
      } else if (className !== "") {
        changed = this.provisionClaim(world, claim, classOf(className), className);
      } else {
        changed = this.repeatEvent(world, claim, "Normal", "FailedBinding", "no persistent volumes available for this claim and no storage class is set");
      }
      return setClaimPending(world, claim) || changed;
    }
    const volume = volumes.find((v) => v.metadata.name === wanted);
    if (!volume) return setClaimPending(world, claim); // the user asked for a volume that does not exist (yet)
    if (!volume.spec?.claimRef) {
      const mismatch = volumeSatisfiesClaim(volume, claim);
      if (mismatch) {
        const changed = this.repeatEvent(world, claim, "Warning", "VolumeMismatch", `Cannot bind to requested volume "${wanted}": ${mismatch}`);
        return setClaimPending(world, claim) || changed;
      }
      return this.bind(world, volume, claim);
    }
    if (isVolumeBoundToClaim(volume, claim)) return this.bind(world, volume, claim);
    const changed = this.repeatEvent(world, claim, "Warning", "FailedBinding", `volume "${wanted}" already bound to a different claim.`);
    return setClaimPending(world, claim) || changed;
  }

  /**
   * provisionClaim: with no in-tree plugin (all of them moved to CSI), a class's
   * provisioner outside `kubernetes.io/` is an external one, asked for through
   * the claim's annotations; `kubernetes.io/no-provisioner` names no plugin.
   */
  private provisionClaim(world: World, claim: PersistentVolumeClaim, storageClass: StorageClass | undefined, className: string): boolean {
    if (!storageClass) return this.repeatEvent(world, claim, "Warning", "ProvisioningFailed", `storageclass.storage.k8s.io "${className}" not found`);
    const provisioner = storageClass.provisioner;
    if (provisioner.startsWith("kubernetes.io/")) return this.repeatEvent(world, claim, "Warning", "ProvisioningFailed", `no volume plugin matched name: ${provisioner}`);
    let changed = false;
    const annotations = claim.metadata.annotations ?? {};
    if (annotations[ANN_STORAGE_PROVISIONER] !== provisioner || annotations[ANN_BETA_STORAGE_PROVISIONER] !== provisioner) {
      world.api.update(PVC, {
        ...claim,
        metadata: { ...claim.metadata, annotations: { ...annotations, [ANN_BETA_STORAGE_PROVISIONER]: provisioner, [ANN_STORAGE_PROVISIONER]: provisioner } },
      });
      changed = true;
    }
    const fresh = world.api.find<PersistentVolumeClaim>(PVC, claim.metadata.namespace, claim.metadata.name) ?? claim;
    const message = `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`;
    return this.repeatEvent(world, fresh, "Normal", "ExternalProvisioning", message) || changed;
  }

  /** bind(): the volume's claimRef, then its phase, then the claim's volumeName, then the claim's status. */
  private bind(world: World, volume: PersistentVolume, claim: PersistentVolumeClaim): boolean {
    let changed = false;
    if (!isVolumeBoundToClaim(volume, claim) || !volume.spec?.claimRef?.uid) {
      const copy = structuredClone(volume);
      const preBound = Boolean(copy.spec?.claimRef);
      copy.spec = {
        ...copy.spec,
        claimRef: { kind: "PersistentVolumeClaim", namespace: claim.metadata.namespace, name: claim.metadata.name, uid: claim.metadata.uid, apiVersion: "v1", resourceVersion: claim.metadata.resourceVersion },
      };
      if (!preBound) copy.metadata.annotations = { ...copy.metadata.annotations, [ANN_BOUND_BY_CONTROLLER]: "yes" };
      world.api.update(PV, copy);
      changed = true;
    }
    const boundVolume = world.api.find<PersistentVolume>(PV, undefined, volume.metadata.name)!;
    changed = setVolumePhase(world, boundVolume, "Bound") || changed;

    if (claim.spec?.volumeName !== volume.metadata.name || !claim.metadata.annotations?.[ANN_BIND_COMPLETED]) {
      const annotations: Record<string, string> = { ...claim.metadata.annotations, [ANN_BIND_COMPLETED]: "yes" };
      if (claim.spec?.volumeName !== volume.metadata.name) annotations[ANN_BOUND_BY_CONTROLLER] = "yes";
      world.api.update(PVC, { ...claim, metadata: { ...claim.metadata, annotations }, spec: { ...claim.spec, volumeName: volume.metadata.name } });
      changed = true;
    }
    const fresh = world.api.find<PersistentVolumeClaim>(PVC, claim.metadata.namespace, claim.metadata.name)!;
    const status = { ...fresh.status, phase: "Bound", accessModes: boundVolume.spec?.accessModes ?? [], capacity: { ...(fresh.status?.capacity ?? {}), ...(boundVolume.spec?.capacity ?? {}) } };
    // A resized claim keeps the capacity the resize reached; only a fresh binding copies the volume's.
    if (fresh.status?.phase === "Bound") status.capacity = { ...(boundVolume.spec?.capacity ?? {}), ...(fresh.status.capacity ?? {}) };
    if (JSON.stringify(status) !== JSON.stringify(fresh.status)) {
      world.api.updateStatus(PVC, { ...fresh, status });
      changed = true;
    }
    return changed;
  }

  /** Records an event at most once per resync period per (reason, message), as the 15 s resync does. */
  private repeatEvent(world: World, claim: PersistentVolumeClaim, type: "Normal" | "Warning", reason: string, message: string): boolean {
    // The two waiting events are one sync's answer: the controller syncs a claim when it changes and
    // on resync, not when a pod appears, so a pod created between resyncs does not switch the reason at once.
    const family = (r: string | undefined) => (r === "WaitForPodScheduled" ? "WaitForFirstConsumer" : r);
    const last = world.events
      .about(claim)
      .filter((e) => e.source?.component === SOURCE.component && family(e.reason) === family(reason) && (e.message === message || family(reason) === "WaitForFirstConsumer"))
      .at(-1);
    if (last && parseTimestamp(last.lastTimestamp ?? "") + RESYNC_MS > world.clock.now()) return false;
    world.events.record(claim, type, reason, message, SOURCE);
    return true;
  }
}

function lastRepeatedEvent(world: World, claim: PersistentVolumeClaim): number | undefined {
  let last: number | undefined;
  for (const e of world.api.list<Event>(EVENT, claim.metadata.namespace, { fieldSelector: { "involvedObject.uid": claim.metadata.uid } })) {
    if (e.source?.component !== SOURCE.component || !EVENT_REASONS_REPEATED.includes(e.reason ?? "")) continue;
    const at = parseTimestamp(e.lastTimestamp ?? "");
    if (last === undefined || at > last) last = at;
  }
  return last;
}

function setVolumePhase(world: World, volume: PersistentVolume, phase: "Available" | "Bound" | "Released"): boolean {
  if (volume.status?.phase === phase) return false;
  const copy = structuredClone(volume);
  copy.status = { phase, lastPhaseTransitionTime: world.clock.nowIso() };
  world.api.updateStatus(PV, copy);
  return true;
}

function setClaimPending(world: World, claim: PersistentVolumeClaim): boolean {
  const fresh = world.api.find<PersistentVolumeClaim>(PVC, claim.metadata.namespace, claim.metadata.name) ?? claim;
  if (fresh.status?.phase === "Pending") return false;
  world.api.updateStatus(PVC, { ...fresh, status: { ...fresh.status, phase: "Pending" } });
  return true;
}

/** GetDefaultClass: the newest class annotated as default. */
function defaultClass(world: World): string | undefined {
  return world.api
    .list<StorageClass>(SC)
    .filter((sc) => sc.metadata.annotations?.[IS_DEFAULT_CLASS_ANNOTATION] === "true")
    .sort((a, b) => compareBytes(b.metadata.creationTimestamp, a.metadata.creationTimestamp) || compareBytes(a.metadata.name, b.metadata.name))[0]?.metadata.name;
}

/** findNonScheduledPodsByPVC: pods that use the claim and have no node yet. */
function nonScheduledPodsUsing(world: World, claim: PersistentVolumeClaim): string[] {
  return world.api
    .list<Pod>(POD, claim.metadata.namespace)
    .filter((p) => !p.spec?.nodeName && podClaimNames(p).includes(claim.metadata.name))
    .map((p) => p.metadata.name);
}

/**
 * Why the volume cannot be deleted, or undefined when it can: volumes a
 * simulated provisioner made are deleted by it; the in-tree hostPath deleter
 * only removes paths under /tmp; nothing else has a deleter.
 */
function deleterError(volume: PersistentVolume): string | undefined {
  const provisionedBy = volume.metadata.annotations?.[ANN_DYNAMICALLY_PROVISIONED];
  if (provisionedBy === "rancher.io/local-path") return undefined;
  const hostPath = volume.spec?.hostPath?.path;
  if (hostPath !== undefined) return /\/tmp\/.+/.test(hostPath) ? undefined : `host_path deleter only supports /tmp/.+ but received provided ${hostPath}`;
  return `error getting deleter volume plugin for volume "${volume.metadata.name}": no deletable volume plugin matched`;
}
