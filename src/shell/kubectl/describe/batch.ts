/**
 * `kubectl describe job` and `kubectl describe cronjob`: ports of describeJob
 * and describeCronJob (with describeJobTemplate and printActiveJobs) from
 * kubectl's pkg/describe/describe.go, 1.32, over the status the Job and
 * CronJob controllers write.
 */
import type { Event, StoredObject } from "../../../sim/api/types.js";
import { controllerOf, describeEvents, printAnnotationsMultiline, printLabelsMultiline, rfc1123z, type Obj } from "./common.js";
import { describePodTemplate } from "./containers.js";
import { LEVEL_0, tabbedString, type PrefixWriter } from "./tabwriter.js";
import { humanDuration } from "../printers/age.js";
import { selectorString } from "./workloads.js";
import { parseTimestamp } from "../../../sim/core/clock.js";

const isSet = (v: unknown): boolean => v !== undefined && v !== null;

/** printBoolPtr: True, False or <unset>. */
export function printBoolPtr(value: unknown): string {
  if (!isSet(value)) return "<unset>";
  return value ? "True" : "False";
}

/** capIndexesListOrNone: the completed indexes, cut after the first comma past 50 characters. */
function capIndexesListOrNone(indexes: string | undefined, softLimit: number): string {
  if (!indexes) return "<none>";
  let ix = softLimit;
  while (ix < indexes.length && indexes[ix] !== ",") ix++;
  return ix >= indexes.length ? indexes : `${indexes.slice(0, ix + 1)}...`;
}

export function describeJob(job: StoredObject, events: Event[] | undefined, now: number): string {
  const spec = (job.spec ?? {}) as Obj;
  const status = (job.status ?? {}) as Obj;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${job.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${job.metadata.namespace ?? ""}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec.selector)}\n`);
    printLabelsMultiline(w, "Labels", job.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", job.metadata.annotations);
    const controlledBy = controllerOf(job);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    if (isSet(spec.parallelism)) w.write(LEVEL_0, `Parallelism:\t${spec.parallelism}\n`);
    w.write(LEVEL_0, `Completions:\t${isSet(spec.completions) ? spec.completions : "<unset>"}\n`);
    if (isSet(spec.completionMode)) w.write(LEVEL_0, `Completion Mode:\t${spec.completionMode}\n`);
    if (isSet(spec.suspend)) w.write(LEVEL_0, `Suspend:\t${spec.suspend}\n`);
    if (isSet(spec.backoffLimit)) w.write(LEVEL_0, `Backoff Limit:\t${spec.backoffLimit}\n`);
    if (isSet(spec.ttlSecondsAfterFinished)) w.write(LEVEL_0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
    if (status.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    if (status.completionTime) w.write(LEVEL_0, `Completed At:\t${rfc1123z(status.completionTime)}\n`);
    if (status.startTime && status.completionTime) {
      w.write(LEVEL_0, `Duration:\t${humanDuration(parseTimestamp(status.completionTime) - parseTimestamp(status.startTime))}\n`);
    }
    if (isSet(spec.activeDeadlineSeconds)) w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
    const counts = `${status.active ?? 0} Active${isSet(status.ready) ? ` (${status.ready} Ready)` : ""} / ${status.succeeded ?? 0} Succeeded / ${status.failed ?? 0} Failed`;
    w.write(LEVEL_0, `Pods Statuses:\t${counts}\n`);
    if (spec.completionMode === "Indexed") w.write(LEVEL_0, `Completed Indexes:\t${capIndexesListOrNone(status.completedIndexes, 50)}\n`);
    describePodTemplate(spec.template, w);
    describeEvents(events, w, now);
  });
}

function describeJobTemplate(jobTemplate: Obj | undefined, w: PrefixWriter): void {
  const spec = (jobTemplate?.spec ?? {}) as Obj;
  w.write(LEVEL_0, `Selector:\t${spec.selector ? selectorString(spec.selector) : "<unset>"}\n`);
  w.write(LEVEL_0, `Parallelism:\t${isSet(spec.parallelism) ? spec.parallelism : "<unset>"}\n`);
  w.write(LEVEL_0, `Completions:\t${isSet(spec.completions) ? spec.completions : "<unset>"}\n`);
  if (isSet(spec.activeDeadlineSeconds)) w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  describePodTemplate(spec.template, w);
}

export function describeCronJob(cronJob: StoredObject, events: Event[] | undefined, now: number): string {
  const spec = (cronJob.spec ?? {}) as Obj;
  const status = (cronJob.status ?? {}) as Obj;
  const limit = (v: unknown) => (isSet(v) ? String(v) : "<unset>");
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${cronJob.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${cronJob.metadata.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", cronJob.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", cronJob.metadata.annotations);
    w.write(LEVEL_0, `Schedule:\t${spec.schedule ?? ""}\n`);
    w.write(LEVEL_0, `Concurrency Policy:\t${spec.concurrencyPolicy ?? ""}\n`);
    w.write(LEVEL_0, `Suspend:\t${printBoolPtr(spec.suspend)}\n`);
    w.write(LEVEL_0, `Successful Job History Limit:\t${limit(spec.successfulJobsHistoryLimit)}\n`);
    w.write(LEVEL_0, `Failed Job History Limit:\t${limit(spec.failedJobsHistoryLimit)}\n`);
    w.write(LEVEL_0, `Starting Deadline Seconds:\t${isSet(spec.startingDeadlineSeconds) ? `${spec.startingDeadlineSeconds}s` : "<unset>"}\n`);
    describeJobTemplate(spec.jobTemplate, w);
    w.write(LEVEL_0, `Last Schedule Time:\t${status.lastScheduleTime ? rfc1123z(status.lastScheduleTime) : "<unset>"}\n`);
    const active = ((status.active ?? []) as Obj[]).map((ref) => ref.name ?? "");
    w.write(LEVEL_0, `Active Jobs:\t${active.length === 0 ? "<none>" : active.join(", ")}\n`);
    describeEvents(events, w, now);
  });
}
