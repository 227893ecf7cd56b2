/**
 * The pod status a kubelet writes (pkg/kubelet/status, kubelet_pods.go
 * generateAPIPodStatus): phase, the five conditions with their transition
 * times, and each container's state, last state, image, imageID and
 * containerID, computed from the kubelet's record of its containers.
 */
import type { Pod } from "../api/types.js";
import { toRfc3339 } from "../core/clock.js";
import { fakeDigest } from "../core/digest.js";
import { terminationReason, type ContainerRun, type PodRun } from "./container-run.js";
import { isReadyContainer, isStarted } from "./probes.js";
import { isSidecar } from "./sidecars.js";

export function podStatus(pod: Pod, run: PodRun, hostIP: string, now: number): NonNullable<Pod["status"]> {
  const old = pod.status ?? {};
  const inits = run.containers.filter((c) => c.init);
  const sidecars = inits.filter((c) => isSidecar(pod, c));
  const regularInits = inits.filter((c) => !isSidecar(pod, c));
  const mains = run.containers.filter((c) => !c.init);
  const appStarted = mains.some((c) => c.startedAt !== undefined);
  // isInitContainerInitialized: a regular init container has completed, a sidecar has started.
  const initsDone = regularInits.every((c) => c.phase === "exited" && c.exitCode === 0);
  let initialized = initsDone && sidecars.every((c) => isStarted(c));
  // Readiness probes decide a running container's readiness (probes.ts); sidecars count too.
  const ready = !run.evicted && initialized && mains.length > 0 && [...mains, ...sidecars].every((c) => isReadyContainer(c));
  const restartPolicy = pod.spec?.restartPolicy ?? "Always";
  // getPhase: a sidecar not yet started holds the pod Pending until an app container has run.
  const sidecarsPending = sidecars.some((c) => !isStarted(c) && c.lastTermination === undefined && !c.stopping);
  let phase = "Pending";
  if (initsDone && (!sidecarsPending || appStarted) && mains.some((c) => c.phase === "running" || c.phase === "crashBackOff" || c.restartCount > 0 || (c.phase === "exited" && restartPolicy === "Always"))) phase = "Running";
  // A process that could not start (StartError) has terminated like one that exited.
  const terminated = (c: ContainerRun) => c.phase === "exited" || (c.phase === "startFailed" && !c.message?.startsWith("Container image"));
  if (initsDone && mains.length > 0 && mains.every(terminated)) {
    if (restartPolicy === "Never" || restartPolicy === "OnFailure") {
      phase = mains.every((c) => c.exitCode === 0) ? "Succeeded" : restartPolicy === "Never" ? "Failed" : "Running";
      // Terminated sidecars do not count, but one still running keeps the pod Running.
      if (phase !== "Running" && sidecars.some((c) => c.phase === "running")) phase = "Running";
    }
  }
  // An init container that failed under restartPolicy Never fails the pod (kubelet_pods.go getPhase: failedInitialization).
  if (restartPolicy === "Never" && regularInits.some((c) => terminated(c) && c.exitCode !== 0)) phase = "Failed";
  // GeneratePodInitializedCondition: a Succeeded pod is initialized.
  if (phase === "Succeeded") initialized = true;
  // The eviction manager's kill fails the pod whatever its restart policy (eviction_manager.go evictPod).
  if (run.evicted) phase = "Failed";
  const transition = (type: string, value: boolean, reason?: string): { type: string; status: string; lastProbeTime: null; lastTransitionTime: string; reason?: string } => {
    const before = old.conditions?.find((c) => c.type === type);
    const status = value ? "True" : "False";
    const at = before && before.status === status ? before.lastTransitionTime! : toRfc3339(now);
    return { type, status, lastProbeTime: null, lastTransitionTime: at, ...(reason && !value ? { reason } : {}) };
  };
  const notReadyReason = phase === "Succeeded" || phase === "Failed" ? "PodCompleted" : "ContainersNotReady";
  const conditions = [
    // PodDisruptionConditions (GA in 1.31): the kubelet marks the pods it evicts.
    ...(run.evicted ? [{ ...transition("DisruptionTarget", true), reason: "TerminationByKubelet", message: run.evicted.message }] : []),
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
    // A sidecar is ready as an app container is; a regular init container once it completed.
    ready: c.init && !isSidecar(pod, c) ? c.phase === "exited" && c.exitCode === 0 : isReadyContainer(c),
    restartCount: c.restartCount,
    started: isStarted(c),
    // In a pod with init containers, a container the runtime has not created yet waits as
    // PodInitializing, not ContainerCreating (kubelet_pods.go convertToAPIContainerStatuses:
    // defaultWaitingState); pull and config errors still show their own reasons.
    state: inits.length > 0 && (c.phase === "pulling" || c.phase === "starting") && c.restartCount === 0 ? { waiting: { reason: "PodInitializing" } } : containerState(c),
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
    ...(run.evicted ? { reason: "Evicted", message: run.evicted.message } : {}),
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
        : { terminated: { exitCode: c.exitCode ?? 128, reason: "StartError", message: c.message, startedAt: "1970-01-01T00:00:00Z", finishedAt: c.finishedAt === undefined ? "1970-01-01T00:00:00Z" : toRfc3339(c.finishedAt) } };
    case "running":
      return { running: { startedAt: toRfc3339(c.startedAt!) } };
    case "exited":
      return { terminated: { exitCode: c.exitCode ?? 0, reason: terminationReason(c), startedAt: toRfc3339(c.startedAt!), finishedAt: toRfc3339(c.finishedAt!) } };
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
