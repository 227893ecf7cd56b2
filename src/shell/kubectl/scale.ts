/**
 * `kubectl scale`: sets spec.replicas of deployments, replicasets,
 * statefulsets and replication controllers (kubectl/pkg/cmd/scale/scale.go).
 * https://kubernetes.io/docs/reference/kubectl/generated/kubectl_scale/
 */
import { failure, type CommandResult } from "../types.js";
import { dryRunStrategy, dryRunSuffix, kindSlashName } from "./common.js";
import { apiErrorText } from "./errors.js";
import { resolveTargets } from "./targets.js";
import { defineVerb, type KubectlContext } from "./verb.js";

const SCALABLE = new Set(["Deployment", "ReplicaSet", "StatefulSet", "ReplicationController"]);

export const scaleVerb = defineVerb({
  name: "scale",
  helpKey: "scale",
  requiredFlags: ["replicas"],
  overrides: { slices: ["filename"], noOptDefaults: { "dry-run": "unchanged" } },
  execute: (ctx) => scale(ctx),
});

async function scale(ctx: KubectlContext): Promise<CommandResult> {
  const replicas = ctx.flags.int("replicas");
  if (replicas < 0) return failure("error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0");
  const dry = dryRunStrategy(ctx);
  if (!dry.ok) return failure(dry.error);
  const resolved = await resolveTargets(ctx, ctx.args);
  if (!resolved.ok) return failure(resolved.error);
  let stdout = "";
  let stderr = dry.warning + resolved.errors;
  const current = ctx.flags.int("current-replicas");
  for (const target of resolved.targets) {
    const obj = target.object!;
    if (!SCALABLE.has(obj.kind)) {
      stderr += `error: no scaler has been implemented for ${target.info.kind}\n`;
      continue;
    }
    const spec = (obj.spec ?? {}) as { replicas?: number };
    if (current >= 0 && (spec.replicas ?? 1) !== current) {
      stderr += `error: Expected replicas to be ${current}, was ${spec.replicas ?? 1}\n`;
      continue;
    }
    if (dry.value !== "client") {
      const updated = ctx.world.api.update(target.info, { ...structuredClone(obj), spec: { ...structuredClone(spec), replicas } }, { dryRun: dry.value === "server" });
      if (!updated.ok) {
        stderr += `${apiErrorText(updated.error)}\n`;
        continue;
      }
    }
    stdout += `${kindSlashName(target.info, target.name)} scaled${dryRunSuffix(dry.value)}\n`;
  }
  return { stdout, stderr, exitCode: stderr.replace(dry.warning, "") === "" ? 0 : 1 };
}
