/**
 * The Job controller (pkg/controller/job/job_controller.go, 1.32): runs pods
 * until spec.completions of them succeed (at most spec.parallelism at once),
 * Indexed jobs with one pod per completion index, replacement pods after
 * failures with the pod failure back-off (10 s doubling), and the end states:
 * SuccessCriteriaMet then Complete, or FailureTarget then Failed
 * (BackoffLimitExceeded, DeadlineExceeded, PodFailurePolicy) once no pod is
 * left terminating. Terminal pods are counted once each; upstream does that
 * with the batch.kubernetes.io/job-tracking pod finalizer and
 * status.uncountedTerminatedPods, kadet with the set of counted pod uids it
 * keeps in its loop state (the pods carry no such finalizer here).
 * https://kubernetes.io/docs/concepts/workloads/controllers/job/
 */
import { CreateBackOff, type CreateBackOffState } from "./create-backoff.js";
import { kindNamed } from "../api/kinds.js";
import type { KubeObject, Pod, StoredObject } from "../api/types.js";
import type { StatefulLoop } from "../core/loop.js";
import type { World } from "../world/world.js";
import { isControlledBy, isPodReady, podFromTemplate } from "./ownership.js";
import { compareBytes } from "../core/compare.js";
import {
  BACKOFF_LIMIT_EXCEEDED,
  COMPLETION_INDEX_KEY,
  DEADLINE_EXCEEDED,
  SUCCESS,
  backoffEndsAt,
  backoffRemaining,
  completionIndexOf,
  condition,
  finishedAt,
  formatIndexes,
  matchPodFailurePolicy,
  parseIndexes,
  type BackoffRecord,
  type JobCondition,
} from "./job-status.js";
import { parseTimestamp } from "../core/clock.js";

const JOB = kindNamed("Job")!;
const POD = kindNamed("Pod")!;
const SOURCE = { component: "job-controller" };

/** The parts of a Job the controller reads. */
export interface JobSpec {
  parallelism?: number;
  completions?: number | null;
  completionMode?: "NonIndexed" | "Indexed";
  backoffLimit?: number;
  activeDeadlineSeconds?: number;
  ttlSecondsAfterFinished?: number;
  suspend?: boolean;
  podFailurePolicy?: { rules?: never[] };
  template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: { restartPolicy?: string; containers?: { env?: unknown[] }[]; initContainers?: { env?: unknown[] }[] } & Record<string, unknown> };
}

export interface JobStatus {
  startTime?: string;
  completionTime?: string;
  active?: number;
  ready?: number;
  terminating?: number;
  succeeded?: number;
  failed?: number;
  completedIndexes?: string;
  conditions?: JobCondition[];
  uncountedTerminatedPods?: Record<string, never>;
}

export type Job = StoredObject & { spec?: JobSpec; status?: JobStatus };

/** A Job is finished once it has a Complete or Failed condition that is True (IsJobFinished). */
export function isJobFinished(job: Job): "Complete" | "Failed" | undefined {
  for (const c of job.status?.conditions ?? []) if ((c.type === "Complete" || c.type === "Failed") && c.status === "True") return c.type;
  return undefined;
}

interface JobMemory {
  /** Pods already counted into status.succeeded/failed (or ignored by the pod failure policy). */
  counted: string[];
  backoff?: BackoffRecord;
}

/** Not a uid, so it cannot clash with a Job's memory in the saved state. */
const FAILED_CREATES_KEY = "failedCreates";

export class JobController implements StatefulLoop<World> {
  readonly name = "job-controller";
  private memory = new Map<string, JobMemory>();
  /**
   * When reconcile last ran: a timer due since then must still wake the world, even if it is
   * already past. Not snapshotted (it depends on how time was stepped); after a restore it is 0,
   * which costs one extra pass.
   */
  private lastSyncAt = 0;
  /** Jobs whose last pod create failed wait before the next try (create-backoff.ts). */
  private readonly failedCreates = new CreateBackOff();

  saveState(): unknown {
    const saved: Record<string, unknown> = Object.fromEntries(this.memory);
    return this.failedCreates.nextRetryAt() === undefined ? saved : { ...saved, [FAILED_CREATES_KEY]: this.failedCreates.save() };
  }

  loadState(state: unknown): void {
    const { [FAILED_CREATES_KEY]: failed, ...memory } = (state ?? {}) as Record<string, unknown>;
    this.memory = new Map(Object.entries(memory as Record<string, JobMemory>));
    this.failedCreates.load(failed as CreateBackOffState | undefined);
  }

  /** The instants a Job must be looked at again without any API change: its deadline and the end of a back-off. */
  nextWakeAt(world: World): number | undefined {
    let earliest: number | undefined;
    const consider = (at: number | undefined) => {
      if (at !== undefined && at > this.lastSyncAt && (earliest === undefined || at < earliest)) earliest = at;
    };
    for (const job of world.api.list<Job>(JOB)) {
      if (isJobFinished(job) || job.spec?.suspend) continue;
      const start = job.status?.startTime;
      if (job.spec?.activeDeadlineSeconds !== undefined && start) consider(parseTimestamp(start) + job.spec.activeDeadlineSeconds * 1000);
      consider(backoffEndsAt(this.memory.get(job.metadata.uid)?.backoff));
    }
    consider(this.failedCreates.nextRetryAt());
    return earliest;
  }

  reconcile(world: World): boolean {
    this.lastSyncAt = world.clock.now();
    let changed = false;
    const live = new Set<string>();
    for (const job of world.api.list<Job>(JOB)) {
      live.add(job.metadata.uid);
      if (isJobFinished(job)) continue;
      changed = this.sync(world, job) || changed;
    }
    for (const uid of [...this.memory.keys()]) if (!live.has(uid)) this.memory.delete(uid);
    this.failedCreates.keepOnly(live);
    return changed;
  }

  private sync(world: World, job: Job): boolean {
    const spec = job.spec ?? {};
    const namespace = job.metadata.namespace!;
    const now = world.clock.now();
    const nowIso = world.clock.nowIso();
    const memory = this.memory.get(job.metadata.uid) ?? { counted: [] };
    const counted = new Set(memory.counted);
    const status: JobStatus = structuredClone(job.status ?? {});
    const conditions = (status.conditions ??= []);
    const indexed = spec.completionMode === "Indexed";
    const completions = spec.completions ?? undefined;
    let changed = false;

    const pods = world.api.list<Pod>(POD, namespace).filter((p) => isControlledBy(p, job));
    const isTerminal = (p: Pod) => p.status?.phase === "Succeeded" || p.status?.phase === "Failed";
    const succeededIndexes = parseIndexes(status.completedIndexes);
    let failJobMessage: string | undefined;

    // Count every pod that finished since the last sync, in the order they finished.
    const newlyFinished = pods.filter((p) => isTerminal(p) && !counted.has(p.metadata.uid)).sort((a, b) => finishedAt(a) - finishedAt(b));
    let backoff = memory.backoff;
    for (const pod of newlyFinished) {
      counted.add(pod.metadata.uid);
      if (pod.status?.phase === "Succeeded") {
        if (indexed) {
          const ix = completionIndexOf(pod);
          if (ix !== undefined && completions !== undefined && ix < completions) succeededIndexes.add(ix);
        } else status.succeeded = (status.succeeded ?? 0) + 1;
        backoff = undefined;
        continue;
      }
      const match = spec.podFailurePolicy ? matchPodFailurePolicy(spec.podFailurePolicy, pod) : undefined;
      if (match?.action === "Ignore") continue;
      if (match?.action === "FailJob") failJobMessage ??= match.message;
      status.failed = (status.failed ?? 0) + 1;
      backoff = { failuresAfterLastSuccess: (backoff?.failuresAfterLastSuccess ?? 0) + 1, lastFailureTime: finishedAt(pod) };
    }
    if (indexed) {
      status.succeeded = succeededIndexes.size;
      status.completedIndexes = formatIndexes(succeededIndexes);
    }

    let active = pods.filter((p) => !isTerminal(p) && !p.metadata.deletionTimestamp);
    if (!status.startTime && !spec.suspend) status.startTime = nowIso;

    // Failure first, then success, as syncJob orders them.
    const has = (type: string) => conditions.find((c) => c.type === type && c.status === "True");
    let failure = has("FailureTarget");
    if (!failure && !has("SuccessCriteriaMet")) {
      const restarts = spec.template?.spec?.restartPolicy === "OnFailure" ? sumRestarts(active) : 0;
      const limit = spec.backoffLimit ?? 6;
      const reason = failJobMessage
        ? { reason: "PodFailurePolicy", message: failJobMessage }
        : (status.failed ?? 0) > limit || (spec.template?.spec?.restartPolicy === "OnFailure" && (limit === 0 ? restarts > 0 : restarts >= limit))
          ? BACKOFF_LIMIT_EXCEEDED
          : spec.activeDeadlineSeconds !== undefined && !spec.suspend && status.startTime && now - parseTimestamp(status.startTime) >= spec.activeDeadlineSeconds * 1000
            ? DEADLINE_EXCEEDED
            : undefined;
      if (reason) {
        failure = condition("FailureTarget", reason.reason, reason.message, nowIso);
        conditions.push(failure);
      }
    }

    if (failure) {
      // Every pod still running is deleted, and counts as failed (the job is finished).
      for (const pod of active) {
        if (world.api.delete(POD, namespace, pod.metadata.name).ok) {
          world.events.record(job, "Normal", "SuccessfulDelete", `Deleted pod: ${pod.metadata.name}`, SOURCE);
          counted.add(pod.metadata.uid);
          status.failed = (status.failed ?? 0) + 1;
        }
      }
      active = [];
    } else if (spec.suspend) {
      for (const pod of active) if (world.api.delete(POD, namespace, pod.metadata.name).ok) world.events.record(job, "Normal", "SuccessfulDelete", `Deleted pod: ${pod.metadata.name}`, SOURCE);
      active = [];
      if (setSuspended(conditions, true, nowIso)) world.events.record(job, "Normal", "Suspended", "Job suspended", SOURCE);
    } else {
      if (setSuspended(conditions, false, nowIso)) {
        world.events.record(job, "Normal", "Resumed", "Job resumed", SOURCE);
        status.startTime = nowIso;
      }
      if (!has("SuccessCriteriaMet")) {
        const result = this.manageJob(world, job, active, succeededIndexes, status, backoff, now);
        active = result.active;
        changed = result.changed || changed;
      }
      const succeeded = status.succeeded ?? 0;
      const complete = completions === undefined ? succeeded > 0 && active.length === 0 : succeeded >= completions && active.length === 0;
      if (complete && !has("SuccessCriteriaMet")) conditions.push(condition("SuccessCriteriaMet", SUCCESS.reason, SUCCESS.message, nowIso));
    }

    // The final condition waits until no pod of the Job is terminating (JobPodReplacementPolicy, on in 1.32).
    const stillThere = world.api.list<Pod>(POD, namespace).filter((p) => isControlledBy(p, job));
    const terminating = stillThere.filter((p) => p.metadata.deletionTimestamp && !isTerminal(p)).length;
    status.active = active.length;
    status.ready = active.filter(isPodReady).length;
    status.terminating = terminating;
    status.uncountedTerminatedPods = {};
    if (terminating === 0) {
      const target = has("FailureTarget");
      const criteria = has("SuccessCriteriaMet");
      if (target && !has("Failed")) {
        conditions.push(condition("Failed", target.reason!, target.message!, nowIso));
        world.events.record(job, "Warning", target.reason!, target.message!, SOURCE);
      } else if (criteria && !has("Complete") && active.length === 0) {
        conditions.push(condition("Complete", criteria.reason!, criteria.message!, nowIso));
        status.completionTime = nowIso;
        world.events.record(job, "Normal", "Completed", "Job completed", SOURCE);
      }
    }

    // Forget pods that are gone: their uids will not come back.
    const present = new Set(stillThere.map((p) => p.metadata.uid));
    this.memory.set(job.metadata.uid, { counted: [...counted].filter((uid) => present.has(uid)), ...(backoff ? { backoff } : {}) });

    const written = withoutEmpty(status);
    const fresh = world.api.find<Job>(JOB, namespace, job.metadata.name);
    if (fresh && JSON.stringify(written) !== JSON.stringify(fresh.status ?? {})) {
      world.api.updateStatus(JOB, { ...fresh, status: written } as KubeObject);
      changed = true;
    }
    return changed;
  }

  /** manageJob: creates or deletes pods so that as many run as parallelism and the remaining completions allow. */
  private manageJob(world: World, job: Job, active: Pod[], succeededIndexes: Set<number>, status: JobStatus, backoff: BackoffRecord | undefined, now: number): { active: Pod[]; changed: boolean } {
    const spec = job.spec ?? {};
    const namespace = job.metadata.namespace!;
    const parallelism = spec.parallelism ?? 1;
    const completions = spec.completions ?? undefined;
    const succeeded = status.succeeded ?? 0;
    let changed = false;
    let want: number;
    if (completions === undefined) want = succeeded > 0 ? Math.min(active.length, parallelism) : parallelism;
    else want = Math.max(0, Math.min(completions - succeeded, parallelism));

    if (active.length > want) {
      const extra = [...active].sort((a, b) => compareBytes(b.metadata.creationTimestamp, a.metadata.creationTimestamp) || compareBytes(b.metadata.name, a.metadata.name)).slice(0, active.length - want);
      for (const pod of extra) {
        if (world.api.delete(POD, namespace, pod.metadata.name).ok) {
          world.events.record(job, "Normal", "SuccessfulDelete", `Deleted pod: ${pod.metadata.name}`, SOURCE);
          changed = true;
        }
      }
      return { active: active.filter((p) => !extra.includes(p)), changed };
    }
    if (active.length === want || backoffRemaining(backoff, now) > 0 || this.failedCreates.waiting(job.metadata.uid, now)) return { active, changed };

    const toCreate: (number | undefined)[] = [];
    if (spec.completionMode === "Indexed" && completions !== undefined) {
      const running = new Set(active.map(completionIndexOf));
      for (let ix = 0; ix < completions && toCreate.length < want - active.length; ix++) if (!succeededIndexes.has(ix) && !running.has(ix)) toCreate.push(ix);
    } else for (let i = active.length; i < want; i++) toCreate.push(undefined);

    const created: Pod[] = [];
    for (const index of toCreate) {
      const pod = podFor(job, index);
      const result = world.api.create<Pod>(POD, pod, namespace);
      changed = true;
      if (!result.ok) {
        world.events.record(job, "Warning", "FailedCreate", `Error creating: ${result.error.message}`, SOURCE);
        this.failedCreates.failed(job.metadata.uid, now);
        break;
      }
      this.failedCreates.succeeded(job.metadata.uid);
      created.push(result.value);
      world.events.record(job, "Normal", "SuccessfulCreate", `Created pod: ${result.value.metadata.name}`, SOURCE);
    }
    return { active: [...active, ...created], changed };
  }
}

/** A pod from the Job's template; an Indexed job's pod carries its index (annotation, label, hostname, JOB_COMPLETION_INDEX). */
function podFor(job: Job, index: number | undefined): KubeObject {
  const template = job.spec?.template ?? {};
  if (index === undefined) return podFromTemplate(template, job, `${job.metadata.name}-`);
  const pod = podFromTemplate(template, job, `${job.metadata.name}-${index}-`) as KubeObject & { metadata: { annotations?: Record<string, string>; labels?: Record<string, string> }; spec: Record<string, unknown> };
  pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [COMPLETION_INDEX_KEY]: String(index) };
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [COMPLETION_INDEX_KEY]: String(index) };
  // podGenerator / addCompletionIndexEnvVariable in indexed_job_utils.go.
  pod.spec.hostname ??= `${job.metadata.name}-${index}`;
  const indexEnv = { name: "JOB_COMPLETION_INDEX", valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${COMPLETION_INDEX_KEY}']` } } };
  for (const key of ["initContainers", "containers"] as const) {
    for (const c of (pod.spec[key] as { env?: { name: string }[] }[] | undefined) ?? []) {
      if (!(c.env ?? []).some((e) => e.name === "JOB_COMPLETION_INDEX")) c.env = [...(c.env ?? []), structuredClone(indexEnv)];
    }
  }
  return pod;
}

/** pastBackoffLimitOnFailure's count: restarts of the containers of running or pending pods. */
function sumRestarts(pods: Pod[]): number {
  let total = 0;
  for (const p of pods) {
    if (p.status?.phase !== "Running" && p.status?.phase !== "Pending") continue;
    for (const s of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) total += s.restartCount ?? 0;
  }
  return total;
}

/** ensureJobConditionStatus for Suspended: true when the condition changed (a False one is written only after a True one). */
function setSuspended(conditions: JobCondition[], suspended: boolean, nowIso: string): boolean {
  const existing = conditions.find((c) => c.type === "Suspended");
  if (!existing) {
    if (!suspended) return false;
    conditions.push(condition("Suspended", "JobSuspended", "Job suspended", nowIso));
    return true;
  }
  const want = suspended ? "True" : "False";
  if (existing.status === want) return false;
  Object.assign(existing, { status: want, reason: suspended ? "JobSuspended" : "JobResumed", message: suspended ? "Job suspended" : "Job resumed", lastProbeTime: nowIso, lastTransitionTime: nowIso });
  return true;
}

/** The API's omitempty: zero counts, empty strings and an empty condition list are not written (ready and terminating are pointers, kept). */
function withoutEmpty(status: JobStatus): JobStatus {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(status)) {
    if (value === undefined) continue;
    if ((key === "active" || key === "succeeded" || key === "failed") && value === 0) continue;
    if (key === "completedIndexes" && value === "") continue;
    if (key === "conditions" && (value as unknown[]).length === 0) continue;
    out[key] = value;
  }
  return out as JobStatus;
}
