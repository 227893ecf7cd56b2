/**
 * What the kubelet keeps about each pod it runs, outside the API: the
 * containers' lifecycle phases, timers and restart counts (part of the
 * world's snapshot as the kubelet loop's state), and the back-off constants
 * that image pulls and crashing containers share. Once a container exists,
 * its process lives in the shared runtime (runtime/container.ts), as a
 * node's containers live in containerd: the kubelet asks it what happened.
 */
import type { ProcessBehaviour, ResourceUsage } from "../catalog/images.js";
import type { RuntimeContainer } from "../runtime/container.js";
import type { Pod } from "../api/types.js";
import type { World } from "../world/world.js";
import type { Node } from "../api/types.js";

/** Back-off doubles from 10s to a 5 minute cap, for both image pulls and crashing containers. */
export const BACKOFF_INITIAL_S = 10;
export const BACKOFF_MAX_S = 300;
/** How long a failed pull shows as ErrImagePull before the back-off (ImagePullBackOff) begins. */
export const ERR_IMAGE_PULL_SECONDS = 10;

export type ContainerPhase = "pulling" | "pullFailed" | "pullBackOff" | "starting" | "configError" | "running" | "exited" | "crashBackOff" | "startFailed";

export type ProbeKind = "startup" | "liveness" | "readiness";

/** One prober's state: when it runs next, the streak so far, and its current result. */
export interface ProbeState {
  /**
   * When the probe runs next; absent once it never runs again. Not Infinity: state is
   * snapshotted as JSON, where Infinity becomes null, and a null read back as due at time 0
   * spun the prober loop to its guard on every start of a baked preset.
   */
  next?: number;
  successes: number;
  failures: number;
  ok: boolean;
}

export interface ContainerRun {
  name: string;
  image: string;
  init: boolean;
  phase: ContainerPhase;
  /** When the current phase ends (ms), if it ends by itself (pulls, back-off; a running process's end is the runtime's). */
  until?: number;
  restartCount: number;
  backoffSeconds: number;
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  /** The runtime's container of the current run (each restart is a new container, as with containerd). */
  runtime?: RuntimeContainer;
  /** The runtime's container of the run before, for `kubectl logs --previous`. */
  previous?: RuntimeContainer;
  /** The probers of the current run (probes.ts). */
  probes?: Partial<Record<ProbeKind, ProbeState>>;
  lastTermination?: { exitCode: number; reason: string; startedAt: number; finishedAt: number };
  /** A sidecar the kubelet is shutting down (sidecars.ts): it is not restarted when it exits. */
  stopping?: boolean;
  /** The spec's image changed while this run was alive: once it ends, start again with the new one. */
  specChanged?: boolean;
  message?: string;
  imageId?: string;
  /** The image as containerd names it once the container exists (docker.io/library/nginx:1.27). */
  imageName?: string;
  /** What `sim usage` says the container's processes use, over what its process model uses; kept across restarts. */
  usage?: Partial<ResourceUsage>;
}

/** Why a container's last run ended, as the kubelet reports it: the OOM killer's kill, else by exit code. */
export function terminationReason(c: ContainerRun): string {
  if (c.runtime?.state.status === "exited" && c.runtime.state.oomKilled) return "OOMKilled";
  return c.exitCode === 0 ? "Completed" : "Error";
}

export interface PodRun {
  uid: string;
  nodeName: string;
  ip: string;
  hostIP: string;
  startTime: number;
  containers: ContainerRun[];
  /** When a terminating pod's containers will all have stopped. */
  stopsAt?: number;
  /** A terminating pod's sidecars and when each gets its SIGTERM (after the app containers, last first). */
  sidecarStops?: { name: string; at: number }[];
  /** What the last status write reflected (see writeStatus). */
  lastWritten?: { key: string; resourceVersion: string };
  /** Every volume was set up (volumes.ts); until then no container starts. */
  volumesReady?: boolean;
  /** The kubelet's eviction manager evicted the pod (eviction.ts): its status message. */
  evicted?: { message: string };
}

export interface KubeletState {
  pods: Record<string, PodRun>;
  /** Next free host number per node for pod IPs. */
  nextIp: Record<string, number>;
  /** Each node's eviction manager (eviction.ts); absent in states saved before it existed. */
  eviction?: Record<string, NodeEvictionState>;
}

/** One node's eviction manager: when the memory threshold was last met, and when it may evict again. */
export interface NodeEvictionState {
  thresholdMetAt?: number;
  nextEvictionAt?: number;
}

/** What one step of a container's lifecycle sees: the pod, its node, the container's spec and an event recorder. */
export interface StepContext {
  world: World;
  pod: Pod;
  node: Node;
  now: number;
  spec: { name: string; image?: string; imagePullPolicy?: string; command?: string[]; args?: string[] } | undefined;
  record(type: "Normal" | "Warning", reason: string, message: string): void;
}

/** A step's outcome: go on to the container's next phase now, or wait for the clock or the API. */
export type StepOutcome = "next" | "wait";

/**
 * Kubelet state saved before the runtime held the processes (a container kept its
 * `behaviour` and log lines itself): the same container as a runtime record, so a
 * saved exam resumes. Logs are recomputed from the behaviour, which made them.
 */
export function upgradeKubeletState(state: KubeletState): KubeletState {
  for (const pod of Object.values(state.pods)) {
    for (const c of pod.containers as (ContainerRun & { behaviour?: ProcessBehaviour; logs?: unknown; previousLogs?: unknown })[]) {
      if (c.behaviour && !c.runtime && c.startedAt !== undefined) {
        const ended = c.phase !== "running" && c.finishedAt !== undefined;
        c.runtime = {
          behaviour: c.behaviour,
          state: ended ? { status: "exited", startedAt: c.startedAt, finishedAt: c.finishedAt!, exitCode: c.exitCode ?? 0, oomKilled: false } : { status: "running", startedAt: c.startedAt },
          runs: [{ startedAt: c.startedAt, ...(ended ? { finishedAt: c.finishedAt! } : {}) }],
        };
        if (c.phase === "running") c.until = undefined;
      }
      delete c.behaviour;
      delete c.logs;
      delete c.previousLogs;
    }
  }
  return state;
}
