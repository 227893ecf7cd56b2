/**
 * The Job strategy's selector generation (pkg/registry/batch/job/strategy.go,
 * generateSelectorIfNeeded, 1.32): unless spec.manualSelector is true, the API
 * server labels the pod template with the Job's name and uid, under both the
 * legacy keys and the batch.kubernetes.io/ ones, and selects on the uid, so two
 * Jobs never claim each other's pods. (Upstream generates it in the strategy,
 * once the uid is known; kadet does it just before validation.)
 */
import type { KubeObject } from "./types.js";

export const JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
export const CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid";
const LEGACY_JOB_NAME_LABEL = "job-name";
const LEGACY_CONTROLLER_UID_LABEL = "controller-uid";

type JobShape = { spec?: { manualSelector?: boolean; selector?: { matchLabels?: Record<string, string> }; template?: { metadata?: { labels?: Record<string, string> } } } };

/** Adds the generated labels and selector in place; a label the user set already is left as written (validation then judges it). */
export function generateJobSelector(job: KubeObject, uid: string): void {
  const spec = (job as JobShape).spec;
  if (!spec || spec.manualSelector === true) return;
  const template = (spec.template ??= {});
  const meta = (template.metadata ??= {});
  const labels = (meta.labels ??= {});
  const name = job.metadata?.name ?? "";
  for (const key of [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL]) labels[key] ??= name;
  for (const key of [LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL]) labels[key] ??= uid;
  const selector = (spec.selector ??= {});
  const matchLabels = (selector.matchLabels ??= {});
  matchLabels[CONTROLLER_UID_LABEL] ??= uid;
  // SetDefaults_Job copies the template's labels to a Job that has none; the API server defaults
  // again on every read from storage, so a client sees the generated ones there too.
  const jobMeta = (job.metadata ??= {});
  if (!jobMeta.labels || Object.keys(jobMeta.labels).length === 0) jobMeta.labels = { ...labels };
}
