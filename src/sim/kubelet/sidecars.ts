/**
 * Sidecar containers (KEP-753, beta and on by default in 1.32): init containers with
 * `restartPolicy: Always`. They start in order with the other init containers, but the next one
 * starts as soon as a sidecar has *started* (its startup probe passed, or it is running when it
 * has none) instead of when it exits; they keep running beside the app containers, are restarted
 * whenever they exit, and count in the pod's readiness. When the app containers of a pod that
 * does not restart them have all finished (a Job's pod), and when the pod is deleted, the kubelet
 * stops the sidecars last, one by one in reverse order.
 * https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/
 */
import type { Pod } from "../api/types.js";
import { exitsAt, signalContainer, stopContainer } from "../runtime/container.js";
import type { ContainerRun, PodRun } from "./container-run.js";

/** kubetypes.IsRestartableInitContainer, by the container's name in the pod's spec. */
export function isSidecar(pod: Pod, c: ContainerRun): boolean {
  return c.init && (pod.spec?.initContainers ?? []).some((s) => s.name === c.name && (s as { restartPolicy?: string }).restartPolicy === "Always");
}

/** The pod's sidecars in spec order. */
export function sidecarsOf(pod: Pod, run: PodRun): ContainerRun[] {
  return run.containers.filter((c) => isSidecar(pod, c));
}

/**
 * Whether the app containers are done for good: every one has exited and the pod's
 * restartPolicy restarts none of them (Never, or OnFailure after success).
 */
export function appContainersFinished(pod: Pod, run: PodRun): boolean {
  const policy = pod.spec?.restartPolicy ?? "Always";
  if (policy === "Always") return false;
  const mains = run.containers.filter((c) => !c.init);
  if (mains.length === 0) return false;
  return mains.every((c) => c.phase === "exited" && (policy === "Never" || c.exitCode === 0));
}

/**
 * Once the app containers have finished, the sidecars are stopped last to first: each gets
 * SIGTERM when the one after it has exited, and SIGKILL when the pod's grace period runs out.
 * `c.stopping` keeps a stopped sidecar from being restarted.
 */
export function stopSidecarsInReverse(pod: Pod, run: PodRun, now: number, record: (c: ContainerRun) => void): void {
  const grace = pod.spec?.terminationGracePeriodSeconds ?? 30;
  for (const c of [...sidecarsOf(pod, run)].reverse()) {
    if (c.stopping) {
      if (c.phase === "running") return; // still going: the ones before it wait
      continue;
    }
    c.stopping = true;
    if (c.phase !== "running" || !c.runtime) {
      // Waiting to start (or in back-off): nothing to signal; it simply never starts again.
      continue;
    }
    record(c);
    c.runtime = stopContainer(c.runtime, now, "SIGTERM", grace).container;
    return;
  }
}

/**
 * For a deleted pod with sidecars: how long each sidecar takes to stop once signalled, in
 * reverse order after the app containers (which all got SIGTERM at `now` and are done by
 * `mainsDone`), sharing what is left of the grace period. Returns when each sidecar is signalled
 * and when the last one is gone.
 */
export function sidecarStopSchedule(pod: Pod, run: PodRun, now: number, mainsDone: number, graceMs: number): { stops: { name: string; at: number }[]; end: number } {
  let at = mainsDone;
  const stops: { name: string; at: number }[] = [];
  for (const c of [...sidecarsOf(pod, run)].reverse()) {
    if (c.phase !== "running" || !c.runtime) continue;
    const left = Math.max(0, now + graceMs - at);
    stops.push({ name: c.name, at });
    const ignores = signalContainer(c.runtime, at, "SIGTERM").state.status === "running";
    const exitAt = exitsAt(c.runtime);
    const endsBy = exitAt !== undefined ? Math.max(1000, exitAt - at) : left;
    at += ignores ? Math.min(left, endsBy) : Math.min(left, 1000);
  }
  return { stops, end: at };
}
