/**
 * `kubectl create job NAME --image=IMAGE [-- COMMAND...]` and
 * `kubectl create job NAME --from=cronjob/CRONJOB`: ports of create_job.go
 * (createJob, createJobFromCronJob), kubectl 1.32. A Job made from a
 * CronJob copies its job template and carries the annotation
 * cronjob.kubernetes.io/instantiate: manual and an owner reference to it.
 */
import { kindNamed } from "../../sim/api/kinds.js";
import type { KubeObject, StoredObject } from "../../sim/api/types.js";
import { failure, type CommandResult } from "../types.js";
import { apiFailure } from "./errors.js";
import { checkWriteFlags, submitNew } from "./submit.js";
import { defineVerb, type KubectlContext } from "./verb.js";
import { usageError } from "./errors.js";

const NULL_TIME = null as unknown as string;
const CRONJOB_NAMES = new Set(["cronjob", "cronjobs", "cj", "cronjob.batch", "cronjobs.batch"]);

function singleName(ctx: KubectlContext): string | CommandResult {
  if (ctx.args.length !== 1) return usageError(ctx.commandPath, `exactly one NAME is required, got ${ctx.args.length}`);
  return ctx.args[0]!;
}

/** The Job createJobFromCronJob builds: the CronJob's job template, owned by the CronJob. */
export function jobFromCronJob(cronJob: StoredObject, name: string, namespace: string | undefined): KubeObject {
  const template = ((cronJob.spec ?? {}) as { jobTemplate?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: unknown } }).jobTemplate ?? {};
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name,
      ...(namespace ? { namespace } : {}),
      creationTimestamp: NULL_TIME,
      ...(template.metadata?.labels ? { labels: { ...template.metadata.labels } } : {}),
      annotations: { "cronjob.kubernetes.io/instantiate": "manual", ...(template.metadata?.annotations ?? {}) },
      ownerReferences: [{ apiVersion: "batch/v1", kind: "CronJob", name: cronJob.metadata.name, uid: cronJob.metadata.uid, controller: true }],
    },
    spec: structuredClone(template.spec ?? {}),
    status: {},
  };
}

export const createJobVerb = defineVerb({
  name: "job",
  helpKey: "create-job",
  overrides: { noOptDefaults: { "dry-run": "unchanged" } },
  execute(ctx) {
    const name = singleName(ctx);
    if (typeof name !== "string") return name;
    const image = ctx.flags.string("image");
    const from = ctx.flags.string("from");
    // create_job.go Validate: exactly one of --image and --from, and no command with --from.
    if ((image === "") === (from === "")) return failure("error: either --image or --from must be specified");
    if (from !== "" && ctx.argsAfterDash.length > 0) return failure("error: cannot specify --from and command");
    const check = checkWriteFlags(ctx);
    if (check) return check;
    const namespace = ctx.namespaceExplicit ? ctx.namespace : undefined;
    if (from !== "") {
      const slash = from.indexOf("/");
      const resource = slash < 0 ? "" : from.slice(0, slash).toLowerCase();
      const source = slash < 0 ? "" : from.slice(slash + 1);
      if (!CRONJOB_NAMES.has(resource) || source === "") return failure(`kadet: 'kubectl create job --from=${from}' is not simulated: only --from=cronjob/NAME is`);
      const cronJob = ctx.world.api.find(kindNamed("CronJob")!, ctx.namespace, source);
      if (!cronJob) return apiFailure({ kind: "ApiError", code: 404, reason: "NotFound", message: `cronjobs.batch "${source}" not found` });
      return submitNew(ctx, jobFromCronJob(cronJob, name, namespace));
    }
    const container: Record<string, unknown> = { name, image, ...(ctx.argsAfterDash.length > 0 ? { command: [...ctx.argsAfterDash] } : {}), resources: {} };
    const job: KubeObject = {
      kind: "Job",
      apiVersion: "batch/v1",
      metadata: { name, ...(namespace ? { namespace } : {}), creationTimestamp: NULL_TIME },
      spec: { template: { metadata: { creationTimestamp: NULL_TIME }, spec: { containers: [container], restartPolicy: "Never" } } },
      status: {},
    };
    return submitNew(ctx, job);
  },
});
