/**
 * The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go, 1.32): at each
 * scheduled time (spec.schedule in spec.timeZone, UTC otherwise: kube-controller-manager's zone
 * on a kubeadm node) it creates the Job <name>-<scheduled time in minutes since the epoch>,
 * honouring suspend, startingDeadlineSeconds (a run later than that is missed) and
 * concurrencyPolicy (Allow, Forbid: skip while one runs, Replace: delete the running one);
 * it tracks status.active, lastScheduleTime and lastSuccessfulTime, and keeps only
 * successfulJobsHistoryLimit / failedJobsHistoryLimit finished Jobs.
 * https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/
 */
import { kindNamed } from "../api/kinds.js";
import type { KubeObject, StoredObject } from "../api/types.js";
import { toRfc3339, parseTimestamp } from "../core/clock.js";
import type { Loop } from "../core/loop.js";
import type { World } from "../world/world.js";
import { nextAfter, parseStandard, rfc3339In, type CronSchedule } from "../core/cron-schedule.js";
import { isJobFinished, type Job } from "./job.js";
import { controllerRefTo, isControlledBy } from "./ownership.js";
import { compareBytes } from "../core/compare.js";

const CRONJOB = kindNamed("CronJob")!;
const JOB = kindNamed("Job")!;
const SOURCE = { component: "cronjob-controller" };
export const SCHEDULED_TIMESTAMP_ANNOTATION = "batch.kubernetes.io/cronjob-scheduled-timestamp";

interface ObjectReference {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
  resourceVersion: string;
  uid: string;
}

export type CronJob = StoredObject & {
  spec?: {
    schedule?: string;
    timeZone?: string;
    suspend?: boolean;
    startingDeadlineSeconds?: number;
    concurrencyPolicy?: "Allow" | "Forbid" | "Replace";
    successfulJobsHistoryLimit?: number;
    failedJobsHistoryLimit?: number;
    jobTemplate?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Record<string, unknown> };
  };
  status?: { active?: ObjectReference[]; lastScheduleTime?: string; lastSuccessfulTime?: string };
};

/** RFC 1123 with numeric zone, as Go's time.RFC1123Z prints (the MissSchedule event). */
function rfc1123z(ms: number): string {
  return new Date(ms).toUTCString().replace("GMT", "+0000");
}

function scheduleOf(cj: CronJob): CronSchedule | undefined {
  const parsed = parseStandard(cj.spec?.schedule ?? "");
  return parsed.ok ? parsed.schedule : undefined;
}

/** The newest scheduled time in (earliest, now], the one after `now`, and how many were passed over (mostRecentScheduleTime). */
function scheduleTimes(cj: CronJob, schedule: CronSchedule, now: number): { recent?: number; missed: number; next?: number } {
  const zone = cj.spec?.timeZone ?? "UTC";
  let earliest = parseTimestamp(cj.status?.lastScheduleTime ?? cj.metadata.creationTimestamp ?? "") || now;
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (deadline !== undefined) earliest = Math.max(earliest, now - deadline * 1000);
  let recent: number | undefined;
  let missed = 0;
  let t = nextAfter(schedule, earliest, zone);
  while (t !== undefined && t <= now) {
    recent = t;
    missed++;
    t = nextAfter(schedule, t, zone);
  }
  return { recent, missed, next: t };
}

export class CronJobController implements Loop<World> {
  readonly name = "cronjob-controller";
  /** When reconcile last ran, so that a schedule time reached between two passes still wakes the world (not snapshotted, see JobController). */
  private lastSyncAt = 0;

  nextWakeAt(world: World): number | undefined {
    let earliest: number | undefined;
    for (const cj of world.api.list<CronJob>(CRONJOB)) {
      if (cj.spec?.suspend || cj.metadata.deletionTimestamp) continue;
      const schedule = scheduleOf(cj);
      if (!schedule) continue;
      const from = Math.max(this.lastSyncAt, parseTimestamp(cj.status?.lastScheduleTime ?? cj.metadata.creationTimestamp ?? "") || 0);
      const at = nextAfter(schedule, from, cj.spec?.timeZone ?? "UTC");
      if (at !== undefined && (earliest === undefined || at < earliest)) earliest = at;
    }
    return earliest;
  }

  reconcile(world: World): boolean {
    this.lastSyncAt = world.clock.now();
    let changed = false;
    for (const cj of world.api.list<CronJob>(CRONJOB)) {
      if (cj.metadata.deletionTimestamp) continue;
      changed = this.sync(world, cj) || changed;
    }
    return changed;
  }

  private sync(world: World, cj: CronJob): boolean {
    const namespace = cj.metadata.namespace!;
    const now = world.clock.now();
    const jobs = world.api.list<Job>(JOB, namespace).filter((j) => isControlledBy(j, cj));
    const status = structuredClone(cj.status ?? {});
    let changed = false;

    // Drop finished or vanished Jobs from status.active (syncCronJob's first loop).
    const active: ObjectReference[] = [];
    for (const ref of status.active ?? []) {
      const job = jobs.find((j) => j.metadata.uid === ref.uid);
      if (!job) continue;
      const finished = isJobFinished(job);
      if (finished) {
        world.events.record(cj, "Normal", "SawCompletedJob", `Saw completed job: ${job.metadata.name}, status: ${finished}`, SOURCE);
        if (finished === "Complete") {
          const done = job.status?.completionTime;
          if (done && (!status.lastSuccessfulTime || parseTimestamp(done) > parseTimestamp(status.lastSuccessfulTime))) status.lastSuccessfulTime = done;
        }
        continue;
      }
      active.push(ref);
    }
    // A Job it owns but did not list (`kubectl create job --from=cronjob/...`) is not added to
    // status.active, as upstream does not (it only warns UnexpectedJob, which kadet leaves out).

    changed = this.cleanupFinishedJobs(world, cj, jobs) || changed;

    const schedule = scheduleOf(cj);
    if (schedule && !cj.spec?.suspend) {
      const { recent, missed } = scheduleTimes(cj, schedule, now);
      if (missed > 100) world.events.record(cj, "Warning", "TooManyMissedTimes", `too many missed start times: ${missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`, SOURCE);
      if (recent !== undefined) {
        const deadline = cj.spec?.startingDeadlineSeconds;
        const name = `${cj.metadata.name}-${Math.floor(recent / 60_000)}`;
        const policy = cj.spec?.concurrencyPolicy ?? "Allow";
        if (deadline !== undefined && recent + deadline * 1000 < now) {
          world.events.record(cj, "Warning", "MissSchedule", `Missed scheduled time to start a job: ${rfc1123z(recent)}`, SOURCE);
        } else if (active.some((r) => r.name === name)) {
          // Already started for this time.
        } else if (policy === "Forbid" && active.length > 0) {
          world.events.record(cj, "Normal", "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid", SOURCE);
        } else {
          if (policy === "Replace") {
            for (const ref of active.splice(0)) {
              if (world.api.delete(JOB, namespace, ref.name, { propagationPolicy: "Background" }).ok) {
                world.events.record(cj, "Normal", "SuccessfulDelete", `Deleted job ${ref.name}`, SOURCE);
              }
            }
          }
          const created = world.api.create<Job>(JOB, this.jobFor(cj, name, recent), namespace);
          if (created.ok) {
            world.events.record(cj, "Normal", "SuccessfulCreate", `Created job ${name}`, SOURCE);
            active.push(referenceTo(created.value));
          } else if (created.error.code !== 409) {
            world.events.record(cj, "Warning", "FailedCreate", `Error creating job: ${created.error.message}`, SOURCE);
          }
        }
        // lastScheduleTime moves even when the run was skipped (Forbid) or missed, as upstream's does.
        status.lastScheduleTime = toRfc3339(recent);
      }
    }

    if (active.length > 0) status.active = active;
    else delete status.active;
    const fresh = world.api.find<CronJob>(CRONJOB, namespace, cj.metadata.name);
    if (fresh && JSON.stringify(fresh.status ?? {}) !== JSON.stringify(status)) {
      world.api.updateStatus(CRONJOB, { ...fresh, status } as KubeObject);
      changed = true;
    }
    return changed;
  }

  /** getJobFromTemplate2: the template's labels and annotations, the scheduled-timestamp annotation, owned by the CronJob. */
  private jobFor(cj: CronJob, name: string, scheduled: number): KubeObject {
    const template = cj.spec?.jobTemplate ?? {};
    return {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: {
        name,
        namespace: cj.metadata.namespace,
        labels: { ...(template.metadata?.labels ?? {}) },
        annotations: { ...(template.metadata?.annotations ?? {}), [SCHEDULED_TIMESTAMP_ANNOTATION]: rfc3339In(scheduled, cj.spec?.timeZone ?? "UTC") },
        ownerReferences: [controllerRefTo(cj)],
      },
      spec: structuredClone(template.spec ?? {}),
    };
  }

  /** cleanupFinishedJobs: the oldest finished Jobs beyond each history limit go, with their pods. */
  private cleanupFinishedJobs(world: World, cj: CronJob, jobs: Job[]): boolean {
    let changed = false;
    const byStart = (a: Job, b: Job) => compareBytes(a.status?.startTime ?? a.metadata.creationTimestamp, b.status?.startTime ?? b.metadata.creationTimestamp) || compareBytes(a.metadata.name, b.metadata.name);
    for (const [kind, limit] of [["Complete", cj.spec?.successfulJobsHistoryLimit ?? 3], ["Failed", cj.spec?.failedJobsHistoryLimit ?? 1]] as const) {
      const finished = jobs.filter((j) => isJobFinished(j) === kind && !j.metadata.deletionTimestamp).sort(byStart);
      for (const job of finished.slice(0, Math.max(0, finished.length - limit))) {
        if (world.api.delete(JOB, job.metadata.namespace, job.metadata.name, { propagationPolicy: "Background" }).ok) {
          world.events.record(cj, "Normal", "SuccessfulDelete", `Deleted job ${job.metadata.name}`, SOURCE);
          changed = true;
        }
      }
    }
    return changed;
  }
}

function referenceTo(job: Job): ObjectReference {
  return { apiVersion: "batch/v1", kind: "Job", name: job.metadata.name, namespace: job.metadata.namespace!, resourceVersion: job.metadata.resourceVersion ?? "", uid: job.metadata.uid };
}
