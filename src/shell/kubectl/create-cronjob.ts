/**
 * `kubectl create cronjob NAME --image=IMAGE --schedule=SCHEDULE [--restart=R] [-- COMMAND...]`:
 * a port of create_cronjob.go, kubectl 1.32 (the job template is named after the
 * CronJob, its one container too; --restart defaults to OnFailure).
 */
import type { KubeObject } from "../../sim/api/types.js";
import type { CommandResult } from "../types.js";
import { usageError } from "./errors.js";
import { checkWriteFlags, submitNew } from "./submit.js";
import { defineVerb, type KubectlContext } from "./verb.js";

const NULL_TIME = null as unknown as string;

function singleName(ctx: KubectlContext): string | CommandResult {
  if (ctx.args.length !== 1) return usageError(ctx.commandPath, `exactly one NAME is required, got ${ctx.args.length}`);
  return ctx.args[0]!;
}

export const createCronJobVerb = defineVerb({
  name: "cronjob",
  aliases: ["cj"],
  helpKey: "create-cronjob",
  requiredFlags: ["image", "schedule"],
  overrides: { noOptDefaults: { "dry-run": "unchanged" } },
  execute(ctx) {
    const name = singleName(ctx);
    if (typeof name !== "string") return name;
    const check = checkWriteFlags(ctx);
    if (check) return check;
    const container: Record<string, unknown> = { name, image: ctx.flags.string("image"), ...(ctx.argsAfterDash.length > 0 ? { command: [...ctx.argsAfterDash] } : {}), resources: {} };
    const cronJob: KubeObject = {
      kind: "CronJob",
      apiVersion: "batch/v1",
      metadata: { name, ...(ctx.namespaceExplicit ? { namespace: ctx.namespace } : {}), creationTimestamp: NULL_TIME },
      spec: {
        schedule: ctx.flags.string("schedule"),
        jobTemplate: {
          metadata: { name, creationTimestamp: NULL_TIME },
          spec: { template: { metadata: { creationTimestamp: NULL_TIME }, spec: { containers: [container], restartPolicy: ctx.flags.string("restart") || "OnFailure" } } },
        },
      },
      status: {},
    };
    return submitNew(ctx, cronJob);
  },
});
