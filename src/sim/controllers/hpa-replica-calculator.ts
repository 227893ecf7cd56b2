/**
 * The HPA's replica calculator for resource metrics, ported from
 * pkg/controller/podautoscaler/replica_calculator.go (GetResourceReplicas,
 * GetRawResourceReplicas, groupPods, calculatePodRequests) and
 * metrics/utilization.go: desiredReplicas = ceil(readyPods * usageRatio), where usageRatio is
 * the pods' summed usage over their summed requests against the target (or their average
 * usage against an average-value target); within the 0.1 tolerance nothing changes. Pods not
 * ready yet are left out (and counted as using nothing when scaling up); pods without metrics
 * count as using their request when scaling down and nothing when scaling up.
 * https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#algorithm-details
 */
import type { IContainer } from "kubernetes-models/v1";
import type { Pod } from "../api/types.js";
import { milliValue, isQuantity } from "../core/quantity.js";
import type { PodMetrics } from "../metrics/metrics-api.js";
import { parseTimestamp } from "../core/clock.js";

/** --horizontal-pod-autoscaler-tolerance's default. */
export const HPA_TOLERANCE = 0.1;
/** --horizontal-pod-autoscaler-cpu-initialization-period and initial-readiness-delay defaults. */
const CPU_INITIALIZATION_PERIOD_MS = 5 * 60_000;
const DELAY_OF_INITIAL_READINESS_MS = 30_000;
/** metrics-server's scrape window, the metric's Window. */
const METRIC_WINDOW_MS = 15_000;

export type ReplicaProposal = { ok: true; replicas: number; utilization?: number; rawMilli: number } | { ok: false; error: string };

/** A pod's usage of the resource in milli-units (millicores, or milli-bytes as Quantity.MilliValue). */
function podUsage(m: PodMetrics, resource: string): number {
  return m.containers.reduce((sum, c) => sum + (resource === "cpu" ? c.usage.milliCpu : c.usage.memoryBytes * 1000), 0);
}

function groupPods(pods: Pod[], metrics: Map<string, number>, resource: string, now: number): { ready: number; unready: Set<string>; missing: Set<string>; ignored: Set<string> } {
  let ready = 0;
  const unready = new Set<string>();
  const missing = new Set<string>();
  const ignored = new Set<string>();
  for (const pod of pods) {
    const name = pod.metadata.name;
    if (pod.metadata.deletionTimestamp || pod.status?.phase === "Failed") {
      ignored.add(name);
      continue;
    }
    if (pod.status?.phase === "Pending") {
      unready.add(name);
      continue;
    }
    if (!metrics.has(name)) {
      missing.add(name);
      continue;
    }
    if (resource === "cpu") {
      const condition = pod.status?.conditions?.find((c) => c.type === "Ready");
      const start = pod.status?.startTime ? parseTimestamp(String(pod.status.startTime)) : undefined;
      let isUnready: boolean;
      if (!condition || start === undefined) isUnready = true;
      else {
        const transition = parseTimestamp(String(condition.lastTransitionTime));
        // The sample is the moment's (timestamp now) over metrics-server's window.
        if (start + CPU_INITIALIZATION_PERIOD_MS > now) isUnready = condition.status === "False" || now < transition + METRIC_WINDOW_MS;
        else isUnready = condition.status === "False" && start + DELAY_OF_INITIAL_READINESS_MS > transition;
      }
      if (isUnready) {
        unready.add(name);
        continue;
      }
    }
    ready++;
  }
  return { ready, unready, missing, ignored };
}

/** calculatePodRequests: every container must request the resource. */
function podRequests(pods: Pod[], resource: string): { ok: true; requests: Map<string, number> } | { ok: false; error: string } {
  const requests = new Map<string, number>();
  for (const pod of pods) {
    let sum = 0;
    for (const c of (pod.spec?.containers ?? []) as IContainer[]) {
      const q = (c.resources?.requests as Record<string, string | number> | undefined)?.[resource];
      if (q === undefined || !isQuantity(q)) return { ok: false, error: `missing request for ${resource} in container ${c.name} of Pod ${pod.metadata.name}` };
      sum += milliValue(q);
    }
    requests.set(pod.metadata.name, sum);
  }
  return { ok: true, requests };
}

/** GetResourceReplicas (targetUtilization set) or GetRawResourceReplicas (targetAverageMilli set). */
export function resourceReplicas(
  currentReplicas: number,
  target: { utilization: number } | { averageMilli: number },
  resource: string,
  pods: Pod[],
  podMetrics: PodMetrics[],
  now: number,
): ReplicaProposal {
  if (pods.length === 0) return { ok: false, error: "no pods returned by selector while calculating replica count" };
  const metrics = new Map(podMetrics.map((m) => [m.name, podUsage(m, resource)]));
  const { ready, unready, missing, ignored } = groupPods(pods, metrics, resource, now);
  for (const name of [...ignored, ...unready]) metrics.delete(name);
  if (metrics.size === 0) return { ok: false, error: "did not receive metrics for targeted pods (pods might be unready)" };

  const utilizationRatio = (m: Map<string, number>, requests: Map<string, number>, targetUtilization: number) => {
    let usage = 0;
    let requested = 0;
    let entries = 0;
    for (const [name, value] of m) {
      const r = requests.get(name);
      if (r === undefined) continue;
      usage += value;
      requested += r;
      entries++;
    }
    if (requested === 0) return { ok: false as const, error: "no metrics returned matched known pods" };
    const utilization = Math.trunc((usage * 100) / requested);
    return { ok: true as const, ratio: utilization / targetUtilization, utilization, raw: Math.trunc(usage / entries) };
  };
  const averageRatio = (m: Map<string, number>, targetMilli: number) => {
    let usage = 0;
    for (const v of m.values()) usage += v;
    return { ratio: usage / m.size / targetMilli, raw: Math.trunc(usage / m.size) };
  };

  let requests = new Map<string, number>();
  let first: { ratio: number; utilization?: number; raw: number };
  if ("utilization" in target) {
    const r = podRequests(pods, resource);
    if (!r.ok) return r;
    requests = r.requests;
    const u = utilizationRatio(metrics, requests, target.utilization);
    if (!u.ok) return u;
    first = u;
  } else first = averageRatio(metrics, target.averageMilli);

  const scaleUpWithUnready = unready.size > 0 && first.ratio > 1.0;
  if (!scaleUpWithUnready && missing.size === 0) {
    if (Math.abs(1.0 - first.ratio) <= HPA_TOLERANCE) return { ok: true, replicas: currentReplicas, utilization: first.utilization, rawMilli: first.raw };
    return { ok: true, replicas: Math.ceil(first.ratio * ready), utilization: first.utilization, rawMilli: first.raw };
  }
  // Missing pods: on a scale-down they are assumed at their request (at the target), on a scale-up at zero; unready pods at zero.
  const filled = new Map(metrics);
  for (const name of missing) {
    if ("utilization" in target) filled.set(name, first.ratio < 1.0 ? requests.get(name) ?? 0 : 0);
    else filled.set(name, first.ratio < 1.0 ? target.averageMilli : 0);
  }
  if (scaleUpWithUnready) for (const name of unready) filled.set(name, 0);
  const again = "utilization" in target ? utilizationRatio(filled, requests, target.utilization) : { ok: true as const, ...averageRatio(filled, target.averageMilli) };
  if (!again.ok) return again;
  const newReplicas = Math.ceil(again.ratio * filled.size);
  if (Math.abs(1.0 - again.ratio) <= HPA_TOLERANCE || (first.ratio < 1.0 && newReplicas > currentReplicas) || (first.ratio > 1.0 && newReplicas < currentReplicas)) {
    return { ok: true, replicas: currentReplicas, utilization: first.utilization, rawMilli: first.raw };
  }
  return { ok: true, replicas: newReplicas, utilization: first.utilization, rawMilli: first.raw };
}
