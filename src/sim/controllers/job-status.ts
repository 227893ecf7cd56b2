/**
 * The Job controller's arithmetic, kept apart from its API calls: completed
 * indexes as ordered intervals ("0-2,4", indexed_job_utils.go), the pod failure
 * back-off (pkg/controller/job/backoff_utils.go), pod failure policy matching
 * (pod_failure_policy.go) and the conditions it writes (job_controller.go, 1.32).
 */
import type { Pod } from "../api/types.js";
import { parseTimestamp } from "../core/clock.js";

export const COMPLETION_INDEX_KEY = "batch.kubernetes.io/job-completion-index";
/** DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff in job_controller.go (1.32): 10 s doubling, capped at 10 min (the docs' "six minutes" is older). */
export const POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_POD_FAILURE_BACKOFF_MS = 10 * 60_000;

export interface JobCondition {
  type: string;
  status: "True" | "False";
  lastProbeTime: string;
  lastTransitionTime: string;
  reason?: string;
  message?: string;
}

export function condition(type: string, reason: string, message: string, nowIso: string): JobCondition {
  return { type, status: "True", lastProbeTime: nowIso, lastTransitionTime: nowIso, reason, message };
}

export const SUCCESS = { reason: "CompletionsReached", message: "Reached expected number of succeeded pods" };
export const BACKOFF_LIMIT_EXCEEDED = { reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit" };
export const DEADLINE_EXCEEDED = { reason: "DeadlineExceeded", message: "Job was active longer than specified deadline" };

/** The completion index a pod carries in its annotation, or undefined. */
export function completionIndexOf(pod: Pod): number | undefined {
  const raw = pod.metadata.annotations?.[COMPLETION_INDEX_KEY];
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  return Number(raw);
}

/** orderedIntervals.String(): consecutive indexes collapse to "first-last". */
export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}

/** parseIndexesFromString: "0-2,4" → {0,1,2,4}; malformed parts are skipped. */
export function parseIndexes(text: string | undefined): Set<number> {
  const out = new Set<number>();
  for (const part of (text ?? "").split(",")) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    const first = Number(m[1]);
    const last = m[2] === undefined ? first : Number(m[2]);
    for (let i = first; i <= last; i++) out.add(i);
  }
  return out;
}

/** When a finished pod finished: its last container's finishedAt, else its creation. */
export function finishedAt(pod: Pod): number {
  let latest = 0;
  for (const s of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    const at = s.state?.terminated?.finishedAt;
    if (at) latest = Math.max(latest, parseTimestamp(String(at)));
  }
  return latest || parseTimestamp(pod.metadata.creationTimestamp ?? "") || 0;
}

/** The back-off record (backoff_utils.go): failures since the last success and when the last one happened. */
export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime: number;
}

/** When the back-off ends, or undefined when there is none. */
export function backoffEndsAt(record: BackoffRecord | undefined): number | undefined {
  if (!record || record.failuresAfterLastSuccess === 0) return undefined;
  return record.lastFailureTime + Math.min(POD_FAILURE_BACKOFF_MS * 2 ** (record.failuresAfterLastSuccess - 1), MAX_POD_FAILURE_BACKOFF_MS);
}

/** getRemainingTime: how long before the next pod may be created, 0 when it may be now. */
export function backoffRemaining(record: BackoffRecord | undefined, now: number): number {
  if (!record || record.failuresAfterLastSuccess === 0) return 0;
  const delay = Math.min(POD_FAILURE_BACKOFF_MS * 2 ** (record.failuresAfterLastSuccess - 1), MAX_POD_FAILURE_BACKOFF_MS);
  return Math.max(0, delay - (now - record.lastFailureTime));
}

interface PodFailurePolicyRule {
  action: "FailJob" | "Ignore" | "Count" | "FailIndex";
  onExitCodes?: { containerName?: string; operator: "In" | "NotIn"; values: number[] };
  onPodConditions?: { type: string; status?: string }[];
}

export type PolicyMatch = { action: PodFailurePolicyRule["action"]; message?: string } | undefined;

/**
 * matchPodFailurePolicy: the first rule that matches a failed pod. Exit codes are read from the
 * terminated app (and init) containers, exit code 0 excluded, as upstream does.
 */
export function matchPodFailurePolicy(policy: { rules?: PodFailurePolicyRule[] } | undefined, pod: Pod): PolicyMatch {
  const rules = policy?.rules ?? [];
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index]!;
    if (rule.onExitCodes) {
      const req = rule.onExitCodes;
      const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
      for (const s of statuses) {
        const code = s.state?.terminated?.exitCode;
        if (code === undefined || code === 0) continue;
        if (req.containerName && req.containerName !== s.name) continue;
        const inValues = req.values.includes(code);
        if ((req.operator === "In") !== inValues) continue;
        const message =
          rule.action === "FailJob"
            ? `Container ${s.name} for pod ${pod.metadata.namespace}/${pod.metadata.name} failed with exit code ${code} matching ${rule.action} rule at index ${index}`
            : undefined;
        return { action: rule.action, message };
      }
    } else if (rule.onPodConditions) {
      const cond = rule.onPodConditions.find((want) => pod.status?.conditions?.some((c) => c.type === want.type && c.status === (want.status ?? "True")));
      if (cond) {
        const message = rule.action === "FailJob" ? `Pod ${pod.metadata.namespace}/${pod.metadata.name} has condition ${cond.type} matching ${rule.action} rule at index ${index}` : undefined;
        return { action: rule.action, message };
      }
    }
  }
  return undefined;
}
