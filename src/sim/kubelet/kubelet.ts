/**
 * The kubelets of every node, as one loop: the pod workers. For each pod bound
 * to a Ready node whose kubelet runs it admits the pod (sandbox and IP), moves
 * init containers in order and then the containers along their lifecycle
 * (container-lifecycle.ts, image-pulls.ts), writes the pod status
 * (pod-status.ts), and finishes graceful termination. Static pods come from
 * each host's manifests folder (static-pods.ts), node status after a restart
 * from node-status.ts. Its private state (timers, logs) is part of snapshots.
 * https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/
 */
import { volumeSetUpError } from "./volumes.js";
import { kindNamed } from "../api/kinds.js";
import type { Node, Pod } from "../api/types.js";
import { kubeletRunning, syncStaticPods } from "./static-pods.js";
import { markedUnknown, nextStatusReport, postNodeReady, reportNodeStatus } from "./node-status.js";
import { BACKOFF_INITIAL_S, upgradeKubeletState, type ContainerRun, type KubeletState, type PodRun } from "./container-run.js";
import { stepContainer } from "./container-lifecycle.js";
import { podStatus } from "./pod-status.js";
import { isReadyContainer, isStarted, nextProbeAt } from "./probes.js";
import { appContainersFinished, isSidecar, sidecarStopSchedule, stopSidecarsInReverse } from "./sidecars.js";
import type { StatefulLoop } from "../core/loop.js";
import { containerLogs, exitsAt, signalContainer } from "../runtime/container.js";
import type { ResourceUsage } from "../catalog/images.js";
import { nextEvictionWake, synchronizeMemoryEviction, type Resident } from "./eviction.js";
import { demandedUsage, observedUsage } from "./resource-usage.js";
import { milliValue } from "../core/quantity.js";
import type { World } from "../world/world.js";
import { compareByNamespaceAndName, type ChangeCursor } from "../api/store.js";
import { storageKey } from "../api/storage-keys.js";
import { EtcdCluster } from "../etcd/etcd.js";

const POD = kindNamed("Pod")!;
const NODE = kindNamed("Node")!;
/** What a pod's sync reads besides the pod itself: a write of any of these makes every pod look again. */
const DEPENDENCIES = ["ConfigMap", "Secret", "PersistentVolumeClaim", "PersistentVolume", "Service", "ServiceAccount"].map((k) => kindNamed(k)!);
/** Container phases that move only with the clock (their timers are in runWakeAt) or with a change of the pod. */
const SETTLED_PHASES = new Set(["running", "exited", "crashBackOff"]);

export class Kubelets implements StatefulLoop<World> {
  readonly name = "kubelet";
  private state: KubeletState = { pods: {}, nextIp: {} };

  saveState(): unknown {
    return this.state;
  }

  loadState(state: unknown): void {
    this.state = upgradeKubeletState(state as KubeletState);
    this.stateVersion++;
    this.cursor = undefined;
    for (const key of [...this.synced.keys()]) this.untrack(key);
  }

  /** Bumped whenever `state` may change (reconcile, loadState): the wake-up time is cached against it. */
  private stateVersion = 0;
  /**
   * The pod workers look only at pods that changed or whose timer is due, as the real kubelet's
   * workers are woken by the pod's watch events and their own resync timers: a sync of a pod that
   * did neither does nothing. Where the pod change log was read at the start of the last pass,
   * what the pods' syncs read besides the pod as it was then, and per pod (by storage key) the uid
   * synced and when it must be synced again unchanged (its earliest timer; now: at every pass).
   * Not part of snapshots: a restored kubelet starts with a full pass.
   */
  private cursor: ChangeCursor | undefined;
  private dependencies = "";
  private synced = new Map<string, SyncedPod>();
  /** The keys of `synced` whose `again` is not Infinity: the only ones a pass must check for a due timer. */
  private timed = new Set<string>();
  /** Per node name, whether it was Ready at the last pass. */
  private readiness = new Map<string, boolean>();
  /** Per node, how many synced pods it has and their containers' working set (the eviction manager's signal). */
  private nodeUse = new Map<string, { pods: number; bytes: number }>();
  /** Pods whose run was changed from outside a sync (`sim usage`): synced at the next pass. */
  private dirty = new Set<string>();
  private wake: { key: string; at: number | undefined } | undefined;

  /** The earliest timer of any pod or node; walking every pod costs O(pods), so the answer is kept until something changes. */
  nextWakeAt(world: World): number | undefined {
    const key = `${this.stateVersion}/${world.api.writeMark()}/${world.hosts.version()}`;
    if (this.wake?.key !== key) this.wake = { key, at: this.computeNextWakeAt(world) };
    return this.wake.at;
  }

  private computeNextWakeAt(world: World): number | undefined {
    let earliest: number | undefined;
    const consider = (at: number | undefined) => {
      if (at !== undefined && (earliest === undefined || at < earliest)) earliest = at;
    };
    // Each running kubelet's periodic node status report, and its eviction manager's next pass.
    for (const node of world.api.list<Node>(NODE)) {
      if (!kubeletRunning(world, node.metadata.name)) continue;
      consider(nextStatusReport(node));
      consider(nextEvictionWake(this.state.eviction?.[node.metadata.name]));
    }
    // Each pod's earliest timer was worked out when it was last synced (a run moves only then).
    if (this.cursor) for (const entry of this.synced.values()) consider(entry.wake);
    else for (const run of Object.values(this.state.pods)) consider(runWakeAt(run));
    return earliest;
  }

  /**
   * The log lines of a container up to `now`, read from the runtime as the kubelet's
   * GetContainerLogs does: the current container, or with `previous` the last terminated
   * one. In back-off there is no current container, so both name the one that just ended
   * (pkg/kubelet/kubelet_pods.go, validateContainerLogStatus).
   */
  logsOf(pod: Pod, container: string, previous: boolean, now: number): { at: number; line: string }[] | undefined {
    const run = this.state.pods[pod.metadata.uid]?.containers.find((c) => c.name === container);
    if (!run) return undefined;
    const backingOff = run.phase === "crashBackOff";
    const source = previous && !backingOff ? run.previous : run.runtime;
    return source ? containerLogs(source, now) : [];
  }

  reconcile(world: World): boolean {
    this.stateVersion++;
    let changed = false;
    const nodes = new Map(world.api.list<Node>(NODE).map((n) => [n.metadata.name, n]));
    // A running kubelet posts its node's status (again after the controller marked it Unknown, and every 5 min) before it syncs pods (node-status.ts).
    for (const [name, node] of nodes) {
      if (!kubeletRunning(world, name)) continue;
      const due = nextStatusReport(node);
      const posted = markedUnknown(node) ? postNodeReady(world, node) : due !== undefined && due <= world.clock.now() ? reportNodeStatus(world, node) : undefined;
      if (posted) {
        nodes.set(name, posted);
        changed = true;
      }
    }
    // Static pods come from each host's manifests folder (static-pods.ts).
    changed = syncStaticPods(world, nodes) || changed;
    const now = world.clock.now();
    const changes = world.watchChanges ? world.api.changedSince(POD, this.cursor) : undefined;
    const readinessMoved = this.nodeReadinessMoved(world, nodes);
    this.cursor = world.api.cursor();
    // etcd's members too: an etcd container stops and starts with its member (control-plane-binaries.ts).
    const dependencies = `${DEPENDENCIES.map((k) => world.api.changesOf(k)).join(",")}/${world.hosts.machinesVersion()}/${world.loopsOfType(EtcdCluster)?.membersVersion() ?? 0}`;
    const full = changes === undefined || readinessMoved || dependencies !== this.dependencies;
    this.dependencies = dependencies;
    const pods = full ? world.api.list<Pod>(POD) : this.podsToSync(world, changes, now);
    if (full) {
      this.forgetAllBut(pods);
      this.dirty.clear();
    }
    for (const pod of pods) {
      const nodeName = pod.spec?.nodeName;
      if (!nodeName) continue;
      const node = nodes.get(nodeName);
      // A stopped kubelet does nothing: its containers keep running as they were, unobserved.
      if (!node || !isReady(node) || !kubeletRunning(world, nodeName)) continue;
      const synced = this.syncPod(world, pod, node);
      changed = synced.changed || changed;
      const run = this.state.pods[pod.metadata.uid];
      const key = storageKey(POD, pod.metadata.namespace, pod.metadata.name);
      if (run) {
        const wake = runWakeAt(run);
        this.track(key, { uid: pod.metadata.uid, node: nodeName, workingSet: podWorkingSet(run), wake, again: synced.retry || !isSettled(pod, run) ? now : (wake ?? Infinity) });
      } else this.untrack(key);
    }
    // The eviction manager of each running kubelet with pods, on the working set of its containers.
    for (const [nodeName, node] of nodes) {
      const use = this.nodeUse.get(nodeName);
      if (!use || !isReady(node) || !kubeletRunning(world, nodeName)) continue;
      changed = this.manageEviction(world, node, use.bytes) || changed;
    }
    return changed;
  }

  /**
   * Whether a node came, went, or became Ready or not Ready since the last pass: of a Node, that
   * is all that decides which pods are synced (a status report or an image list changes nothing
   * for a pod that did not change itself).
   */
  private nodeReadinessMoved(world: World, nodes: ReadonlyMap<string, Node>): boolean {
    const changed = world.watchChanges ? world.api.changedSince(NODE, this.cursor) : undefined;
    if (!changed) {
      this.readiness = new Map([...nodes].map(([name, node]) => [name, isReady(node)]));
      return true;
    }
    let moved = false;
    for (const key of changed) {
      const name = key.slice(key.lastIndexOf("/") + 1);
      const node = nodes.get(name);
      const ready = node ? isReady(node) : undefined;
      if (this.readiness.get(name) !== ready) moved = true;
      if (ready === undefined) this.readiness.delete(name);
      else this.readiness.set(name, ready);
    }
    return moved;
  }

  private track(key: string, entry: SyncedPod): void {
    this.untrack(key);
    this.synced.set(key, entry);
    if (entry.again !== Infinity) this.timed.add(key);
    const use = this.nodeUse.get(entry.node) ?? { pods: 0, bytes: 0 };
    this.nodeUse.set(entry.node, { pods: use.pods + 1, bytes: use.bytes + entry.workingSet });
  }

  private untrack(key: string): void {
    const entry = this.synced.get(key);
    this.synced.delete(key);
    this.timed.delete(key);
    this.dirty.delete(key);
    if (!entry) return;
    const use = this.nodeUse.get(entry.node)!;
    if (use.pods === 1) this.nodeUse.delete(entry.node);
    else this.nodeUse.set(entry.node, { pods: use.pods - 1, bytes: use.bytes - entry.workingSet });
  }

  /** The pods that changed since the last pass or whose timer is due, in list order (as a full pass would meet them); forgets the runs of pods that are gone. */
  private podsToSync(world: World, changes: ReadonlySet<string>, now: number): Pod[] {
    const keys = new Set(changes);
    for (const key of this.timed) if (this.synced.get(key)!.again <= now) keys.add(key);
    for (const key of this.dirty) keys.add(key);
    this.dirty.clear();
    const pods: Pod[] = [];
    for (const key of keys) {
      const pod = world.api.etcdStorage().read(key) as Pod | undefined;
      const entry = this.synced.get(key);
      if (entry && entry.uid !== pod?.metadata.uid) {
        delete this.state.pods[entry.uid];
        this.untrack(key);
      }
      if (pod) pods.push(pod);
    }
    return pods.sort(compareByNamespaceAndName);
  }

  /** After a full list: the runs of pods not in it are of pods that are gone. */
  private forgetAllBut(pods: readonly Pod[]): void {
    const live = new Set(pods.map((p) => p.metadata.uid));
    for (const uid of Object.keys(this.state.pods)) if (!live.has(uid)) delete this.state.pods[uid];
    for (const [key, entry] of this.synced) if (!live.has(entry.uid)) this.untrack(key);
  }

  private manageEviction(world: World, node: Node, usedBytes: number): boolean {
    const states = (this.state.eviction ??= {});
    const state = (states[node.metadata.name] ??= {});
    // Only a node under pressure needs its pods listed and ranked.
    const residents = (): Resident[] =>
      world.api.list<Pod>(POD).flatMap((pod) => {
        const run = pod.spec?.nodeName === node.metadata.name ? this.state.pods[pod.metadata.uid] : undefined;
        return run ? [{ pod, run }] : [];
      });
    const changed = synchronizeMemoryEviction(world, node, usedBytes, residents, state, (victim, message) => this.evict(world, victim, message));
    if (Object.keys(state).length === 0) delete states[node.metadata.name];
    return changed;
  }

  /** killPodFunc with a zero grace period (a hard threshold): every container is killed, the pod fails as Evicted. */
  private evict(world: World, { pod, run }: Resident, message: string): void {
    const now = world.clock.now();
    const source = { component: "kubelet", host: run.nodeName };
    world.events.record(pod, "Warning", "Evicted", message, source);
    for (const c of run.containers) {
      if (c.phase !== "running" || !c.runtime) continue;
      world.events.record(pod, "Normal", "Killing", `Stopping container ${c.name}`, source, `spec.containers{${c.name}}`);
      c.runtime = signalContainer(c.runtime, now, "SIGKILL");
      c.phase = "exited";
      c.exitCode = 137;
      c.finishedAt = now;
    }
    for (const c of run.containers) if (c.phase === "crashBackOff" || c.phase === "pulling" || c.phase === "starting") c.until = undefined;
    run.evicted = { message };
    this.writeStatus(world, pod, run, now);
  }

  /** `sim usage`: what a container's processes use from now on (memory bytes, millicores), over its process model. */
  setUsage(world: World, pod: Pod, container: string, usage: Partial<ResourceUsage>): boolean {
    const c = this.state.pods[pod.metadata.uid]?.containers.find((x) => x.name === container && !x.init);
    if (!c) return false;
    c.usage = { ...c.usage, ...usage };
    this.stateVersion++;
    this.dirty.add(storageKey(POD, pod.metadata.namespace, pod.metadata.name));
    world.stirred();
    return true;
  }

  /**
   * What the kubelet's stats report for each running container of a pod (the Summary API that
   * metrics-server scrapes): working set and CPU, throttled at the cpu limit and the node's cores.
   */
  usageOf(pod: Pod, node: Node | undefined): { name: string; usage: ResourceUsage }[] {
    const run = this.state.pods[pod.metadata.uid];
    if (!run || run.evicted) return [];
    const cpu = (node?.status?.capacity as Record<string, string> | undefined)?.cpu;
    const nodeMilliCpu = cpu ? milliValue(cpu) : Infinity;
    const specs = pod.spec?.containers ?? [];
    return run.containers.flatMap((c) => {
      if (c.init) return [];
      const usage = observedUsage(c, specs.find((s) => s.name === c.name) as never, nodeMilliCpu);
      return usage ? [{ name: c.name, usage }] : [];
    });
  }

  /** Syncs one pod; `retry` when a write failed (the API server refused or could not answer), so the next pass tries again. */
  private syncPod(world: World, pod: Pod, node: Node): { changed: boolean; retry: boolean } {
    const now = world.clock.now();
    let run = this.state.pods[pod.metadata.uid];
    const source = { component: "kubelet", host: node.metadata.name };
    if (!run) {
      run = this.admit(pod, node, now);
      this.state.pods[pod.metadata.uid] = run;
    }

    if (pod.metadata.deletionTimestamp) return { changed: this.terminate(world, pod, run, now, source), retry: false };

    const terminalPhase = pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";
    // Volumes are set up before the first container starts; a failure holds the pod in ContainerCreating.
    const mountError = !terminalPhase && !run.volumesReady ? volumeSetUpError(world, pod, node.metadata.name) : undefined;
    if (mountError) {
      if (!world.events.about(pod).some((e) => e.reason === "FailedMount" && e.message === mountError)) world.events.record(pod, "Warning", "FailedMount", mountError, source);
    } else if (!terminalPhase) {
      run.volumesReady = true;
      const mains = run.containers.filter((c) => !c.init);
      // Init containers in order: a regular one must exit 0, a sidecar only start (sidecars.ts);
      // once an app container has started, a restarting sidecar no longer holds the others back.
      const appStarted = mains.some((c) => c.startedAt !== undefined);
      let initialized = true;
      for (const c of run.containers.filter((c) => c.init)) {
        const sidecar = isSidecar(pod, c);
        if (!sidecar && c.phase === "exited" && c.exitCode === 0) continue;
        stepContainer(world, pod, node, c, now, source, run.ip);
        if (sidecar ? isStarted(c) || appStarted : c.phase === "exited" && c.exitCode === 0) continue;
        initialized = false;
        break;
      }
      if (initialized) for (const c of mains) stepContainer(world, pod, node, c, now, source, run.ip);
      if ((pod.spec?.initContainers ?? []).length > 0 && appContainersFinished(pod, run)) {
        stopSidecarsInReverse(pod, run, now, (c) => world.events.record(pod, "Normal", "Killing", `Stopping container ${c.name}`, source, `spec.initContainers{${c.name}}`));
      }
    }
    const written = this.writeStatus(world, pod, run, now);
    return { changed: written !== "failed" && written, retry: written === "failed" };
  }

  private admit(pod: Pod, node: Node, now: number): PodRun {
    const hostNetwork = pod.spec?.hostNetwork === true;
    const ip = hostNetwork ? nodeIp(node) : this.allocateIp(node);
    const make = (c: { name: string; image?: string }, init: boolean): ContainerRun => ({
      name: c.name,
      image: c.image ?? "",
      init,
      phase: "pulling",
      restartCount: 0,
      backoffSeconds: BACKOFF_INITIAL_S,
    });
    return {
      uid: pod.metadata.uid,
      nodeName: node.metadata.name,
      ip,
      hostIP: nodeIp(node),
      startTime: now,
      containers: [...(pod.spec?.initContainers ?? []).map((c) => make(c, true)), ...(pod.spec?.containers ?? []).map((c) => make(c, false))],
    };
  }

  private allocateIp(node: Node): string {
    const cidr = node.spec?.podCIDR ?? "10.244.0.0/24";
    const base = cidr.split("/")[0]!.split(".").slice(0, 3).join(".");
    const next = (this.state.nextIp[node.metadata.name] ?? 2);
    this.state.nextIp[node.metadata.name] = next >= 254 ? 2 : next + 1;
    return `${base}.${next}`;
  }

  private terminate(world: World, pod: Pod, run: PodRun, now: number, source: { component: string; host: string }): boolean {
    if (run.stopsAt === undefined) {
      const grace = (pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
      let stop = 0;
      for (const c of run.containers) {
        // Sidecars are stopped after the app containers, below.
        if (c.phase !== "running" || !c.runtime || isSidecar(pod, c)) continue;
        world.events.record(pod, "Normal", "Killing", `Stopping container ${c.name}`, source, `spec.containers{${c.name}}`);
        // SIGTERM through the runtime: a process that ignores it is killed when the grace period runs out...
        const ignores = signalContainer(c.runtime, now, "SIGTERM").state.status === "running";
        // ...unless it ends on its own first (`sleep 10` deleted after 5 s goes 5 s later).
        const exitAt = exitsAt(c.runtime);
        const endsBy = exitAt !== undefined ? Math.max(1000, exitAt - now) : grace;
        stop = Math.max(stop, ignores ? Math.min(grace, endsBy) : Math.min(grace, 1000));
      }
      const sidecars = sidecarStopSchedule(pod, run, now, now + stop, grace);
      run.stopsAt = sidecars.end;
      if (sidecars.stops.length > 0) run.sidecarStops = sidecars.stops;
    }
    // Each sidecar's turn to be stopped, last first, once the ones after it (and the app) are gone.
    while (run.sidecarStops?.length && run.sidecarStops[0]!.at <= now) {
      const { name } = run.sidecarStops.shift()!;
      world.events.record(pod, "Normal", "Killing", `Stopping container ${name}`, source, `spec.initContainers{${name}}`);
    }
    if (now < run.stopsAt) return false;
    world.api.finalizeDeletion(POD, pod.metadata.namespace, pod.metadata.name);
    delete this.state.pods[pod.metadata.uid];
    return true;
  }

  private writeStatus(world: World, pod: Pod, run: PodRun, now: number): boolean | "failed" {
    // The status is a function of the containers' state and the pod as last written: when neither
    // moved since our last write, there is nothing to compute.
    const key = `${run.evicted ? "evicted:" : ""}${run.containers.map((c) => `${c.phase}/${c.restartCount}/${c.exitCode ?? ""}/${isStarted(c)}/${isReadyContainer(c)}`).join(",")}`;
    if (run.lastWritten && run.lastWritten.key === key && run.lastWritten.resourceVersion === pod.metadata.resourceVersion) return false;
    const status = podStatus(pod, run, run.hostIP, now);
    if (JSON.stringify(status) === JSON.stringify(pod.status)) {
      run.lastWritten = { key, resourceVersion: pod.metadata.resourceVersion };
      return false;
    }
    const updated = world.api.updateStatus(POD, { ...pod, status });
    if (!updated.ok) return "failed";
    run.lastWritten = { key, resourceVersion: updated.value.metadata.resourceVersion };
    return true;
  }
}

/** The earliest instant at which a pod's run moves by itself: its termination, a container's timer, a process's end, a probe. */
function runWakeAt(run: PodRun): number | undefined {
  let earliest: number | undefined;
  const consider = (at: number | undefined) => {
    if (at !== undefined && (earliest === undefined || at < earliest)) earliest = at;
  };
  consider(run.stopsAt);
  consider(run.sidecarStops?.[0]?.at);
  for (const c of run.containers) {
    consider(c.until);
    // A process's end is the runtime's to tell; its log lines are read when asked, so they wake nobody.
    if (c.phase === "running" && c.runtime) {
      consider(c.runtime.state.status === "exited" ? c.runtime.state.finishedAt : exitsAt(c.runtime));
      consider(nextProbeAt(c));
    }
  }
  return earliest;
}

/**
 * Whether nothing but the clock (runWakeAt) or a change of the pod or its dependencies can move
 * the run. Pods still setting up volumes, waiting for an image or for a ConfigMap are synced at
 * every pass, as they read more than the change log covers (host files, the registry).
 */
function isSettled(pod: Pod, run: PodRun): boolean {
  // A pod that finished is only written again when it changes (or is deleted).
  if (pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed") return true;
  return run.volumesReady === true && run.containers.every((c) => SETTLED_PHASES.has(c.phase) || c.until !== undefined);
}

/** The working set of a pod's running containers, in bytes. */
function podWorkingSet(run: PodRun): number {
  let sum = 0;
  for (const c of run.containers) sum += demandedUsage(c)?.memoryBytes ?? 0;
  return sum;
}

/** What the pod workers keep of a pod they synced: its uid, node and working set, its earliest timer, and when to sync it again unchanged. */
interface SyncedPod {
  uid: string;
  node: string;
  workingSet: number;
  wake: number | undefined;
  /** now: at every pass (it reads more than the change log covers); its timer; Infinity: only on a change. */
  again: number;
}

export function isReady(node: Node): boolean {
  return node.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
}

function nodeIp(node: Node): string {
  return node.status?.addresses?.find((a) => a.type === "InternalIP")?.address ?? "";
}
