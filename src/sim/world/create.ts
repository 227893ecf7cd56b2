/**
 * Builds worlds: wires the API server's admission, the controllers, the
 * scheduler and the kubelets, and lays out a preset. Building a preset runs a
 * minute of simulated start-up, so each (preset, seed) is built once per
 * process and later worlds are restored from its snapshot.
 */
import { CertificateSigningController } from "../controllers/certificate-signer.js";
import { HorizontalPodAutoscalerController } from "../controllers/horizontal-pod-autoscaler.js";
import { kindNamed } from "../api/kinds.js";
import { DaemonSetController } from "../controllers/daemonset.js";
import { DeploymentController } from "../controllers/deployment.js";
import { EndpointsController } from "../controllers/endpoints.js";
import { StatefulSetController } from "../controllers/statefulset.js";
import { CronJobController } from "../controllers/cronjob.js";
import { JobController } from "../controllers/job.js";
import { TtlAfterFinishedController } from "../controllers/ttl-after-finished.js";
import { GarbageCollector } from "../controllers/garbage-collector.js";
import { NamespaceController } from "../controllers/namespace.js";
import { NodeLifecycleController } from "../controllers/node-lifecycle.js";
import { PersistentVolumeController } from "../controllers/persistent-volume.js";
import { LocalPathProvisioner } from "../controllers/persistent-volume-provisioner.js";
import { StorageProtectionController } from "../controllers/storage-protection.js";
import { VolumeExpandController } from "../controllers/persistent-volume-expand.js";
import { ReplicaSetController } from "../controllers/replicaset.js";
import { TaintEvictionController } from "../controllers/taint-eviction.js";
import { Kubelets } from "../kubelet/kubelet.js";
import { EtcdCluster } from "../etcd/etcd.js";
import { admission } from "./admission.js";
import { buildPreset, PRESETS as PRESET_NAMES, type PresetName } from "./presets.js";
import { SchedulerLoop } from "./scheduler-loop.js";
import { DisruptionController } from "../controllers/disruption.js";
import { ResourceQuotaController } from "../controllers/resource-quota.js";
import { ClusterRoleAggregationController } from "../controllers/clusterrole-aggregation.js";
import type { Loop } from "../core/loop.js";
import type { WorldSnapshot } from "../core/snapshot.js";
import type { StoredObject } from "../api/types.js";
import { World } from "./world.js";
import { PodFiles } from "../kubelet/pod-files.js";
import { NodeLeases } from "../kubelet/node-lease.js";
import { componentActs, KUBE_CONTROLLER_MANAGER, KUBE_SCHEDULER } from "./control-plane.js";
import { LeaderElection } from "./leader-election.js";
import { ApiServerIdentityLeases } from "./apiserver-identity.js";

export const PRESETS: readonly string[] = PRESET_NAMES;

/** How long the cluster has been up when the learner arrives (node and add-on AGE). */
const CLUSTER_UPTIME_SECONDS = 3 * 24 * 3600;

function makeLoops(world: World): Loop<World>[] {
  const kubelets = new Kubelets();
  // The API server answers pods/log by asking the pod's kubelet.
  world.api.setPodLogSource((pod, container, previous) => kubelets.logsOf(pod, container, previous, world.clock.now()));
  world.componentActs = (component) => componentActs(world, component);
  // kcm(...) and scheduler(...) mark the loops kube-controller-manager and kube-scheduler run: they act only while their program leads (control-plane.ts).
  const kcm = (loop: Loop<World>) => runIn(KUBE_CONTROLLER_MANAGER, loop);
  // Controllers first, then the scheduler, then the kubelets: the order one pass takes.
  return [
    // etcd first: a restored snapshot replaces the store before anything acts on it.
    new EtcdCluster(),
    // Heartbeats before the controllers that read them: a kubelet that can renew again has renewed before node lifecycle looks.
    new NodeLeases(),
    new LeaderElection(),
    new ApiServerIdentityLeases(),
    kcm(new NamespaceController()),
    // Before the workload controllers, so a new quota's status is known when they create pods.
    kcm(new ResourceQuotaController()),
    kcm(new DeploymentController()),
    kcm(new ReplicaSetController()),
    kcm(new DaemonSetController()),
    kcm(new StatefulSetController()),
    kcm(new CronJobController()),
    kcm(new JobController()),
    kcm(new HorizontalPodAutoscalerController()),
    kcm(new TtlAfterFinishedController()),
    kcm(new EndpointsController()),
    kcm(new DisruptionController()),
    kcm(new GarbageCollector()),
    kcm(new PersistentVolumeController()),
    // Not part of kube-controller-manager: local-path-provisioner is a Deployment of its own.
    new LocalPathProvisioner(),
    kcm(new StorageProtectionController()),
    kcm(new VolumeExpandController()),
    kcm(new ClusterRoleAggregationController()),
    kcm(new CertificateSigningController()),
    // Before taint eviction, so that the unreachable taint it adds is acted on in the same pass.
    kcm(new NodeLifecycleController()),
    kcm(new TaintEvictionController()),
    runIn(KUBE_SCHEDULER, new SchedulerLoop()),
    kubelets,
    new PodFiles(),
  ];
}

/** Marks a loop as running inside a control-plane program (Loop.component). */
function runIn(component: string, loop: Loop<World>): Loop<World> {
  loop.component = component;
  return loop;
}

const built = new Map<string, WorldSnapshot<StoredObject>>();
const bakedLoaders = new Map<string, () => WorldSnapshot<StoredObject> | undefined>();

/**
 * Supplies a preset's start-up state built earlier (the build bakes one into dist/presets),
 * so that a fresh process need not simulate the cluster's first minute again. A function is
 * called only when the preset is first used (reading every preset costs a process that uses
 * one of them); one that returns undefined means "not baked": the preset is built.
 */
export function usePresetSnapshot(
  preset: string,
  seed: number,
  snapshot: WorldSnapshot<StoredObject> | (() => WorldSnapshot<StoredObject> | undefined),
): void {
  const key = `${preset}/${seed}`;
  if (typeof snapshot === "function") {
    built.delete(key);
    bakedLoaders.set(key, snapshot);
  } else {
    bakedLoaders.delete(key);
    built.set(key, snapshot);
  }
}

function bakedSnapshot(key: string): WorldSnapshot<StoredObject> | undefined {
  const load = bakedLoaders.get(key);
  if (!load) return undefined;
  bakedLoaders.delete(key);
  return load();
}

/** The start-up state of a preset, built now if no snapshot was supplied. */
export function presetSnapshot(preset: string, seed = 1): WorldSnapshot<StoredObject> {
  createWorld(preset, seed);
  return built.get(`${preset}/${seed}`)!;
}

export function createWorld(preset: string, seed = 1): World {
  if (!(PRESET_NAMES as readonly string[]).includes(preset)) throw new Error(`unknown preset "${preset}"`);
  const key = `${preset}/${seed}`;
  let snapshot = built.get(key) ?? bakedSnapshot(key);
  if (snapshot) built.set(key, snapshot);
  else {
    snapshot = buildFresh(preset as PresetName, seed).snapshot();
    built.set(key, snapshot);
  }
  return World.restore(snapshot, admission, makeLoops);
}

function buildFresh(preset: PresetName, seed: number): World {
  const world = new World(admission, seed);
  const loops = makeLoops(world);
  for (const loop of loops) world.addLoop(loop);
  buildPreset(world, loops.find((l): l is Kubelets => l instanceof Kubelets)!, preset);
  world.advance(20);
  // Jump to "the cluster has been running for a while", then forget start-up events.
  world.clock.advance(CLUSTER_UPTIME_SECONDS * 1000);
  world.reconcile();
  const events = kindNamed("Event")!;
  for (const e of world.api.list(events)) world.api.finalizeDeletion(events, e.metadata.namespace, e.metadata.name);
  return world;
}

/** A world in a snapshot's state (a JSON round trip of `world.snapshot()` included), with fresh loops. */
export function restoreWorld(snapshot: WorldSnapshot<StoredObject>): World {
  return World.restore(snapshot, admission, makeLoops);
}

/** An independent copy of a world in its current state, with fresh loops (for checks that run commands). */
export function cloneWorld(world: World): World {
  return World.restore(world.snapshot(), admission, makeLoops);
}
