/**
 * The kubelets of every node, as one loop. For each pod bound to a Ready node
 * it runs the pod lifecycle: sandbox and IP, image pulls (with
 * ErrImagePull → ImagePullBackOff and back-off), init containers in order,
 * containers started and restarted with CrashLoopBackOff back-off, phase and
 * conditions, graceful termination, and static pods from each node's
 * manifests folder. Its private state (timers, logs) is part of snapshots.
 * https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/
 */
import { fakeDigest } from "../core/digest.js";
import { kindNamed } from "../api/kinds.js";
import type { Node, Pod, StoredObject } from "../api/types.js";
import { toRfc3339 } from "../core/clock.js";
import { pullImage, pullSeconds, parseImageReference, type ImageInfo } from "../catalog/images.js";
import { startProcess } from "../catalog/processes.js";
import { unresolvedConfigReference } from "./config-refs.js";
import { kubeletRunning, syncStaticPods } from "./static-pods.js";
import { markedUnknown, postNodeReady } from "./node-status.js";
import type { ProcessBehaviour } from "../catalog/images.js";
import type { StatefulLoop } from "../core/loop.js";
import type { World } from "../world/world.js";

const POD = kindNamed("Pod")!;
const NODE = kindNamed("Node")!;

/** Back-off doubles from 10s to a 5 minute cap, for both image pulls and crashing containers. */
const BACKOFF_INITIAL_S = 10;
const BACKOFF_MAX_S = 300;
/** How long a failed pull shows as ErrImagePull before the back-off (ImagePullBackOff) begins. */
const ERR_IMAGE_PULL_SECONDS = 10;

type ContainerPhase = "pulling" | "pullFailed" | "pullBackOff" | "starting" | "configError" | "running" | "exited" | "crashBackOff" | "startFailed";

interface ContainerRun {
  name: string;
  image: string;
  init: boolean;
  phase: ContainerPhase;
  /** When the current phase ends (ms), if it ends by itself. */
  until?: number;
  restartCount: number;
  backoffSeconds: number;
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  /** Lines the current run has printed, with their times. */
  logs: { at: number; line: string }[];
  previousLogs: { at: number; line: string }[];
  lastTermination?: { exitCode: number; reason: string; startedAt: number; finishedAt: number };
  behaviour?: ProcessBehaviour;
  message?: string;
  imageId?: string;
  /** The image as containerd names it once the container exists (docker.io/library/nginx:1.27). */
  imageName?: string;
}

interface PodRun {
  uid: string;
  nodeName: string;
  ip: string;
  hostIP: string;
  startTime: number;
  containers: ContainerRun[];
  /** When a terminating pod's containers will all have stopped. */
  stopsAt?: number;
  /** What the last status write reflected (see writeStatus). */
  lastWritten?: { key: string; resourceVersion: string };
}

interface KubeletState {
  pods: Record<string, PodRun>;
  /** Next free host number per node for pod IPs. */
  nextIp: Record<string, number>;
}

export class Kubelets implements StatefulLoop<World> {
  readonly name = "kubelet";
  private state: KubeletState = { pods: {}, nextIp: {} };

  saveState(): unknown {
    return this.state;
  }

  loadState(state: unknown): void {
    this.state = state as KubeletState;
  }

  nextWakeAt(): number | undefined {
    let earliest: number | undefined;
    const consider = (at: number | undefined) => {
      if (at !== undefined && (earliest === undefined || at < earliest)) earliest = at;
    };
    for (const run of Object.values(this.state.pods)) {
      consider(run.stopsAt);
      for (const c of run.containers) {
        consider(c.until);
        // A looping process prints its next line on its own schedule.
        if (c.phase === "running" && c.behaviour?.kind === "runs" && c.behaviour.repeatLog) {
          const last = c.logs.length > 0 ? c.logs[c.logs.length - 1]!.at : c.startedAt!;
          consider(last + c.behaviour.repeatLog.everySeconds * 1000);
        }
      }
    }
    return earliest;
  }

  /** The log lines of a container (current run, or the previous one with `previous`). */
  logsOf(pod: Pod, container: string, previous = false): { at: number; line: string }[] | undefined {
    const run = this.state.pods[pod.metadata.uid]?.containers.find((c) => c.name === container);
    if (!run) return undefined;
    return previous ? run.previousLogs : run.logs;
  }

  reconcile(world: World): boolean {
    let changed = false;
    const nodes = new Map(world.api.list<Node>(NODE).map((n) => [n.metadata.name, n]));
    // A kubelet running again posts its node's status before it syncs pods (node-status.ts).
    for (const [name, node] of nodes) {
      if (!markedUnknown(node) || !kubeletRunning(world, name)) continue;
      const posted = postNodeReady(world, node);
      if (posted) {
        nodes.set(name, posted);
        changed = true;
      }
    }
    // Static pods come from each host's manifests folder (static-pods.ts).
    changed = syncStaticPods(world, nodes) || changed;
    const seen = new Set<string>();
    for (const pod of world.api.list<Pod>(POD)) {
      const nodeName = pod.spec?.nodeName;
      if (!nodeName) continue;
      seen.add(pod.metadata.uid);
      const node = nodes.get(nodeName);
      // A stopped kubelet does nothing: its containers keep running as they were, unobserved.
      if (!node || !isReady(node) || !kubeletRunning(world, nodeName)) continue;
      changed = this.syncPod(world, pod, node) || changed;
    }
    for (const uid of Object.keys(this.state.pods)) if (!seen.has(uid)) delete this.state.pods[uid];
    return changed;
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
    if (!terminalPhase) {
      const inits = run.containers.filter((c) => c.init);
      const mains = run.containers.filter((c) => !c.init);
      const pendingInit = inits.find((c) => !(c.phase === "exited" && c.exitCode === 0));
      if (pendingInit) this.step(world, pod, node, pendingInit, now, source);
      else for (const c of mains) this.step(world, pod, node, c, now, source);
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
      logs: [],
      previousLogs: [],
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

  /** Moves one container along its lifecycle as far as the clock allows. */
  private step(world: World, pod: Pod, node: Node, c: ContainerRun, now: number, source: { component: string; host: string }): void {
    const spec = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((s) => s.name === c.name);
    const fieldPath = `spec.${c.init ? "initContainers" : "containers"}{${c.name}}`;
    const record = (type: "Normal" | "Warning", reason: string, message: string) => world.events.record(pod, type, reason, message, source, fieldPath);

    for (let guard = 0; guard < 8; guard++) {
      switch (c.phase) {
        case "pulling": {
          if (c.until === undefined) {
            const policy = spec?.imagePullPolicy ?? "IfNotPresent";
            const present = nodeHasImage(node, c.image);
            if (present && policy !== "Always") {
              record("Normal", "Pulled", `Container image "${c.image}" already present on machine`);
              c.phase = "starting";
              continue;
            }
            if (policy === "Never") {
              c.phase = "startFailed";
              c.message = `Container image "${c.image}" is not present with pull policy of Never`;
              record("Warning", "ErrImageNeverPull", c.message);
              return;
            }
            record("Normal", "Pulling", `Pulling image "${c.image}"`);
            const outcome = pullImage(c.image);
            if (!outcome.ok) {
              c.phase = "pullFailed";
              c.message = outcome.message;
              record("Warning", "Failed", `Failed to pull image "${c.image}": ${outcome.message}`);
              record("Warning", "Failed", "Error: ErrImagePull");
              // ErrImagePull shows until the kubelet's next sync of the pod, then the back-off starts.
              c.until = now + ERR_IMAGE_PULL_SECONDS * 1000;
              return;
            }
            c.until = now + pullSeconds(outcome.image) * 1000;
            return;
          }
          if (now < c.until) return;
          const outcome = pullImage(c.image);
          if (outcome.ok) {
            const seconds = pullSeconds(outcome.image);
            record("Normal", "Pulled", `Successfully pulled image "${c.image}" in ${seconds}s (${seconds}s including waiting). Image size: ${outcome.image.sizeBytes} bytes.`);
            this.rememberImage(world, node, outcome.image, outcome.ref.full, outcome.digest);
          }
          c.until = undefined;
          c.phase = "starting";
          continue;
        }
        case "pullFailed": {
          if (now < (c.until ?? 0)) return;
          record("Normal", "BackOff", `Back-off pulling image "${c.image}"`);
          record("Warning", "Failed", "Error: ImagePullBackOff");
          c.phase = "pullBackOff";
          c.until = now + c.backoffSeconds * 1000;
          return;
        }
        case "pullBackOff": {
          if (c.until !== undefined && now < c.until) return;
          c.backoffSeconds = Math.min(c.backoffSeconds * 2, BACKOFF_MAX_S);
          c.until = undefined;
          c.phase = "pulling";
          continue;
        }
        case "configError":
          if (unresolvedConfigReference(world.api, pod.metadata.namespace ?? "default", spec) !== undefined) return;
          c.message = undefined;
          c.phase = "starting";
          continue;
        case "starting": {
          const image = pullImage(c.image);
          if (!image.ok) return;
          const configError = unresolvedConfigReference(world.api, pod.metadata.namespace ?? "default", spec);
          if (configError !== undefined) {
            c.phase = "configError";
            c.message = configError;
            record("Warning", "Failed", `Error: ${configError}`);
            return;
          }
          const started = startProcess(image.image, spec?.command, spec?.args);
          if (!started.ok) {
            c.phase = "startFailed";
            c.message = started.message;
            c.exitCode = started.exitCode;
            record("Warning", "Failed", `Error: ${started.message}`);
            return;
          }
          record("Normal", "Created", `Created container ${c.name}`);
          record("Normal", "Started", `Started container ${c.name}`);
          c.phase = "running";
          c.startedAt = now;
          c.behaviour = started.behaviour;
          c.imageId = `${image.ref.repository}@${image.digest}`;
          c.imageName = image.ref.full;
          c.logs = started.behaviour.logs.map((line) => ({ at: now, line }));
          c.until = started.behaviour.kind === "exits" ? now + started.behaviour.afterSeconds * 1000 : undefined;
          continue;
        }
        case "running": {
          const b = c.behaviour!;
          if (b.kind === "runs" && b.repeatLog) {
            const every = b.repeatLog.everySeconds * 1000;
            const last = c.logs.length > 0 ? c.logs[c.logs.length - 1]!.at : c.startedAt!;
            for (let t = last + every; t <= now && c.logs.length < 5000; t += every) c.logs.push({ at: t, line: b.repeatLog.line });
          }
          if (c.until === undefined || now < c.until) return;
          c.exitCode = b.kind === "exits" ? b.exitCode : 0;
          c.finishedAt = c.until;
          c.phase = "exited";
          c.until = undefined;
          continue;
        }
        case "exited": {
          const restartPolicy = pod.spec?.restartPolicy ?? "Always";
          const restarts = !c.init && (restartPolicy === "Always" || (restartPolicy === "OnFailure" && c.exitCode !== 0));
          const initRestarts = c.init && c.exitCode !== 0 && restartPolicy !== "Never";
          if (!restarts && !initRestarts) return;
          c.lastTermination = { exitCode: c.exitCode ?? 0, reason: c.exitCode === 0 ? "Completed" : "Error", startedAt: c.startedAt!, finishedAt: c.finishedAt! };
          c.previousLogs = c.logs;
          c.logs = [];
          c.phase = "crashBackOff";
          c.until = now + c.backoffSeconds * 1000;
          record("Warning", "BackOff", `Back-off restarting failed container ${c.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`);
          return;
        }
        case "crashBackOff": {
          if (now < (c.until ?? 0)) return;
          c.backoffSeconds = Math.min(c.backoffSeconds * 2, BACKOFF_MAX_S);
          c.restartCount++;
          c.until = undefined;
          c.phase = "starting";
          record("Normal", "Pulled", `Container image "${c.image}" already present on machine`);
          continue;
        }
        case "startFailed":
          return;
      }
    }
  }

  private terminate(world: World, pod: Pod, run: PodRun, now: number, source: { component: string; host: string }): boolean {
    if (run.stopsAt === undefined) {
      const grace = (pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
      let stop = 0;
      for (const c of run.containers) {
        if (c.phase !== "running") continue;
        world.events.record(pod, "Normal", "Killing", `Stopping container ${c.name}`, source, `spec.containers{${c.name}}`);
        // A process that ignores SIGTERM is killed when the grace period runs out.
        const ignores = (c.behaviour?.kind === "runs" || c.behaviour?.kind === "exits") && c.behaviour.ignoresSigterm === true;
        // ...unless it ends on its own first (`sleep 10` deleted after 5 s goes 5 s later).
        const endsBy = c.until !== undefined ? Math.max(1000, c.until - now) : grace;
        stop = Math.max(stop, ignores ? Math.min(grace, endsBy) : Math.min(grace, 1000));
      }
      run.stopsAt = now + stop;
    }
    if (now < run.stopsAt) return false;
    world.api.finalizeDeletion(POD, pod.metadata.namespace, pod.metadata.name);
    delete this.state.pods[pod.metadata.uid];
    return true;
  }

  private rememberImage(world: World, node: Node, image: ImageInfo, full: string, digest: string): void {
    const fresh = world.api.find<Node>(NODE, undefined, node.metadata.name);
    if (!fresh) return;
    const images = [...(fresh.status?.images ?? [])];
    if (images.some((i) => i.names?.includes(full))) return;
    const ref = parseImageReference(full);
    images.push({ names: [`${ref.repository}@${digest}`, full], sizeBytes: image.sizeBytes });
    world.api.updateStatus(NODE, { ...fresh, status: { ...fresh.status, images } });
  }

  private writeStatus(world: World, pod: Pod, run: PodRun, now: number): boolean {
    // The status is a function of the containers' state and the pod as last written: when neither
    // moved since our last write, there is nothing to compute.
    const key = run.containers.map((c) => `${c.phase}/${c.restartCount}/${c.exitCode ?? ""}/${c.logs.length}`).join(",");
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

function podStatus(pod: Pod, run: PodRun, hostIP: string, now: number): NonNullable<Pod["status"]> {
  const old = pod.status ?? {};
  const inits = run.containers.filter((c) => c.init);
  const mains = run.containers.filter((c) => !c.init);
  const initialized = inits.every((c) => c.phase === "exited" && c.exitCode === 0);
  const ready = initialized && mains.length > 0 && mains.every((c) => c.phase === "running");
  const restartPolicy = pod.spec?.restartPolicy ?? "Always";
  let phase = "Pending";
  if (initialized && mains.some((c) => c.phase === "running" || c.phase === "crashBackOff" || c.restartCount > 0 || (c.phase === "exited" && restartPolicy === "Always"))) phase = "Running";
  if (initialized && mains.length > 0 && mains.every((c) => c.phase === "exited")) {
    if (restartPolicy === "Never" || restartPolicy === "OnFailure") {
      phase = mains.every((c) => c.exitCode === 0) ? "Succeeded" : restartPolicy === "Never" ? "Failed" : "Running";
    }
  }
  const transition = (type: string, value: boolean, reason?: string): { type: string; status: string; lastProbeTime: null; lastTransitionTime: string; reason?: string } => {
    const before = old.conditions?.find((c) => c.type === type);
    const status = value ? "True" : "False";
    const at = before && before.status === status ? before.lastTransitionTime! : toRfc3339(now);
    return { type, status, lastProbeTime: null, lastTransitionTime: at, ...(reason && !value ? { reason } : {}) };
  };
  const notReadyReason = phase === "Succeeded" || phase === "Failed" ? "PodCompleted" : "ContainersNotReady";
  const conditions = [
    transition("PodReadyToStartContainers", true),
    transition("Initialized", initialized, "ContainersNotInitialized"),
    transition("Ready", ready, notReadyReason),
    transition("ContainersReady", ready, notReadyReason),
    transition("PodScheduled", true),
  ];
  const containerStatus = (c: ContainerRun) => ({
    name: c.name,
    // The kubelet reports the runtime's image name once a container exists, the spec's before.
    image: c.imageName ?? c.image,
    imageID: c.imageId ?? "",
    ...(c.startedAt !== undefined ? { containerID: `containerd://${fakeDigest(`${run.uid}/${c.name}/${c.restartCount}`)}` } : {}),
    ready: c.phase === "running" && (!c.init),
    restartCount: c.restartCount,
    started: c.phase === "running",
    state: containerState(c),
    ...(c.lastTermination
      ? {
          lastState: {
            terminated: {
              exitCode: c.lastTermination.exitCode,
              reason: c.lastTermination.reason,
              startedAt: toRfc3339(c.lastTermination.startedAt),
              finishedAt: toRfc3339(c.lastTermination.finishedAt),
              containerID: `containerd://${fakeDigest(`${run.uid}/${c.name}/${c.restartCount - 1}`)}`,
            },
          },
        }
      : { lastState: {} }),
  });
  return {
    phase,
    conditions,
    hostIP,
    hostIPs: [{ ip: hostIP }],
    podIP: run.ip,
    podIPs: [{ ip: run.ip }],
    startTime: toRfc3339(run.startTime),
    ...(inits.length > 0 ? { initContainerStatuses: inits.map(containerStatus) } : {}),
    containerStatuses: mains.map(containerStatus),
    qosClass: old.qosClass,
  } as unknown as NonNullable<Pod["status"]>;
}

function containerState(c: ContainerRun): Record<string, unknown> {
  switch (c.phase) {
    case "pulling":
    case "starting":
      return { waiting: { reason: c.restartCount > 0 ? "CrashLoopBackOff" : "ContainerCreating" } };
    case "pullFailed":
      return { waiting: { reason: "ErrImagePull", message: c.message } };
    case "configError":
      return { waiting: { reason: "CreateContainerConfigError", message: c.message } };
    case "pullBackOff":
      return { waiting: { reason: "ImagePullBackOff", message: `Back-off pulling image "${c.image}": ErrImagePull: ${c.message}` } };
    case "startFailed":
      return c.message?.startsWith("Container image")
        ? { waiting: { reason: "ErrImageNeverPull", message: c.message } }
        : { terminated: { exitCode: c.exitCode ?? 128, reason: "StartError", message: c.message, startedAt: "1970-01-01T00:00:00Z", finishedAt: "1970-01-01T00:00:00Z" } };
    case "running":
      return { running: { startedAt: toRfc3339(c.startedAt!) } };
    case "exited":
      return { terminated: { exitCode: c.exitCode ?? 0, reason: c.exitCode === 0 ? "Completed" : "Error", startedAt: toRfc3339(c.startedAt!), finishedAt: toRfc3339(c.finishedAt!) } };
    case "crashBackOff":
      return {
        waiting: {
          reason: "CrashLoopBackOff",
          message: `back-off ${formatBackoff(c.backoffSeconds)} restarting failed container=${c.name}`,
        },
      };
  }
}

function formatBackoff(seconds: number): string {
  return seconds >= 60 ? `${Math.floor(seconds / 60)}m${seconds % 60}s` : `${seconds}s`;
}

export function isReady(node: Node): boolean {
  return node.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
}

function nodeIp(node: Node): string {
  return node.status?.addresses?.find((a) => a.type === "InternalIP")?.address ?? "";
}

function nodeHasImage(node: Node, image: string): boolean {
  const full = parseImageReference(image).full;
  return node.status?.images?.some((i) => i.names?.includes(full)) ?? false;
}
