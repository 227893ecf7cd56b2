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
import type { StatefulLoop } from "../core/loop.js";
import { containerLogs, exitsAt, signalContainer } from "../runtime/container.js";
import type { ResourceUsage } from "../catalog/images.js";
import { nextEvictionWake, synchronizeMemoryEviction, type Resident } from "./eviction.js";
import { demandedUsage, observedUsage } from "./resource-usage.js";
import { milliValue } from "../core/quantity.js";
import type { World } from "../world/world.js";

const POD = kindNamed("Pod")!;
const NODE = kindNamed("Node")!;

export class Kubelets implements StatefulLoop<World> {
  readonly name = "kubelet";
  private state: KubeletState = { pods: {}, nextIp: {} };

  saveState(): unknown {
    return this.state;
  }

  loadState(state: unknown): void {
    this.state = upgradeKubeletState(state as KubeletState);
    this.stateVersion++;
  }

  /** Bumped whenever `state` may change (reconcile, loadState): the wake-up time is cached against it. */
  private stateVersion = 0;
  private wake: { key: string; at: number | undefined } | undefined;

  /** The earliest timer of any pod or node; walking every pod costs O(pods), so the answer is kept until something changes. */
  nextWakeAt(world: World): number | undefined {
    const key = `${this.stateVersion}/${world.api.resourceVersion()}/${world.hosts.version()}`;
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
    for (const run of Object.values(this.state.pods)) {
      consider(run.stopsAt);
      for (const c of run.containers) {
        consider(c.until);
        // A process's end is the runtime's to tell; its log lines are read when asked, so they wake nobody.
        if (c.phase === "running" && c.runtime) {
          consider(c.runtime.state.status === "exited" ? c.runtime.state.finishedAt : exitsAt(c.runtime));
          consider(nextProbeAt(c));
        }
      }
    }
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
    const seen = new Set<string>();
    // The working set of each node's containers, summed on the way (the eviction manager's signal).
    const used = new Map<string, number>();
    for (const pod of world.api.list<Pod>(POD)) {
      const nodeName = pod.spec?.nodeName;
      if (!nodeName) continue;
      seen.add(pod.metadata.uid);
      const node = nodes.get(nodeName);
      // A stopped kubelet does nothing: its containers keep running as they were, unobserved.
      if (!node || !isReady(node) || !kubeletRunning(world, nodeName)) continue;
      changed = this.syncPod(world, pod, node) || changed;
      const run = this.state.pods[pod.metadata.uid];
      if (run) used.set(nodeName, (used.get(nodeName) ?? 0) + podWorkingSet(run));
    }
    for (const uid of Object.keys(this.state.pods)) if (!seen.has(uid)) delete this.state.pods[uid];
    for (const [nodeName, bytes] of used) changed = this.manageEviction(world, nodes.get(nodeName)!, bytes) || changed;
    return changed;
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

  private syncPod(world: World, pod: Pod, node: Node): boolean {
    const now = world.clock.now();
    let run = this.state.pods[pod.metadata.uid];
    const source = { component: "kubelet", host: node.metadata.name };
    if (!run) {
      run = this.admit(pod, node, now);
      this.state.pods[pod.metadata.uid] = run;
    }

    if (pod.metadata.deletionTimestamp) return this.terminate(world, pod, run, now, source);

    const terminalPhase = pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";
    // Volumes are set up before the first container starts; a failure holds the pod in ContainerCreating.
    const mountError = !terminalPhase && !run.volumesReady ? volumeSetUpError(world, pod, node.metadata.name) : undefined;
    if (mountError) {
      if (!world.events.about(pod).some((e) => e.reason === "FailedMount" && e.message === mountError)) world.events.record(pod, "Warning", "FailedMount", mountError, source);
    } else if (!terminalPhase) {
      run.volumesReady = true;
      const inits = run.containers.filter((c) => c.init);
      const mains = run.containers.filter((c) => !c.init);
      const pendingInit = inits.find((c) => !(c.phase === "exited" && c.exitCode === 0));
      if (pendingInit) stepContainer(world, pod, node, pendingInit, now, source, run.ip);
      else for (const c of mains) stepContainer(world, pod, node, c, now, source, run.ip);
    }
    return this.writeStatus(world, pod, run, now);
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
        if (c.phase !== "running" || !c.runtime) continue;
        world.events.record(pod, "Normal", "Killing", `Stopping container ${c.name}`, source, `spec.containers{${c.name}}`);
        // SIGTERM through the runtime: a process that ignores it is killed when the grace period runs out...
        const ignores = signalContainer(c.runtime, now, "SIGTERM").state.status === "running";
        // ...unless it ends on its own first (`sleep 10` deleted after 5 s goes 5 s later).
        const exitAt = exitsAt(c.runtime);
        const endsBy = exitAt !== undefined ? Math.max(1000, exitAt - now) : grace;
        stop = Math.max(stop, ignores ? Math.min(grace, endsBy) : Math.min(grace, 1000));
      }
      run.stopsAt = now + stop;
    }
    if (now < run.stopsAt) return false;
    world.api.finalizeDeletion(POD, pod.metadata.namespace, pod.metadata.name);
    delete this.state.pods[pod.metadata.uid];
    return true;
  }

  private writeStatus(world: World, pod: Pod, run: PodRun, now: number): boolean {
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
    if (updated.ok) run.lastWritten = { key, resourceVersion: updated.value.metadata.resourceVersion };
    return updated.ok;
  }
}

/** The working set of a pod's running containers, in bytes. */
function podWorkingSet(run: PodRun): number {
  let sum = 0;
  for (const c of run.containers) sum += demandedUsage(c)?.memoryBytes ?? 0;
  return sum;
}

export function isReady(node: Node): boolean {
  return node.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
}

function nodeIp(node: Node): string {
  return node.status?.addresses?.find((a) => a.type === "InternalIP")?.address ?? "";
}
