/**
 * `kubectl label`: add (`k=v`), overwrite (with --overwrite) and remove
 * (`k-`) labels on named or selected objects (kubectl/pkg/cmd/label/label.go).
 * https://kubernetes.io/docs/reference/kubectl/generated/kubectl_label/
 */
import { auditLabelWarning } from "./unsimulated-security.js";
import { failure, type CommandResult } from "../types.js";
import { dryRunStrategy, dryRunSuffix, kindSlashName } from "./common.js";
import { apiErrorText } from "./errors.js";
import { resolveTargets } from "./targets.js";
import { defineVerb, type KubectlContext } from "./verb.js";

export const labelVerb = defineVerb({
  name: "label",
  helpKey: "label",
  overrides: { slices: ["filename"], noOptDefaults: { "dry-run": "unchanged" } },
  execute: (ctx) => label(ctx),
});

/** label.go parseLabels: `k=v` adds, `k-` removes; anything else is a resource argument. */
function splitArgs(args: readonly string[]): { resources: string[]; set: Record<string, string>; remove: string[] } | string {
  const resources: string[] = [];
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const arg of args) {
    if (arg.includes("=")) {
      const [key, ...rest] = arg.split("=");
      if (!key || rest.length !== 1) return `invalid label spec: ${arg}`;
      set[key] = rest[0]!;
    } else if (arg.endsWith("-")) {
      remove.push(arg.slice(0, -1));
    } else {
      resources.push(arg);
    }
  }
  return { resources, set, remove };
}

async function label(ctx: KubectlContext): Promise<CommandResult> {
  const split = splitArgs(ctx.args);
  if (typeof split === "string") return failure(`error: ${split}`);
  if (Object.keys(split.set).length === 0 && split.remove.length === 0) return failure("error: at least one label update is required");
  for (const key of split.remove) {
    if (key in split.set) return failure(`error: can not both modify and remove a label in the same command`);
  }
  const dry = dryRunStrategy(ctx);
  if (!dry.ok) return failure(dry.error);
  const overwrite = ctx.flags.bool("overwrite");
  const resolved = await resolveTargets(ctx, split.resources);
  if (!resolved.ok) return failure(resolved.error);
  let stdout = "";
  let stderr = dry.warning + resolved.errors;
  let notes = "";
  for (const target of resolved.targets) {
    const obj = structuredClone(target.object!);
    const labels: Record<string, string> = { ...(obj.metadata.labels ?? {}) };
    if (!overwrite) {
      const clash = Object.keys(split.set).find((k) => k in labels && labels[k] !== split.set[k]);
      if (clash) {
        stderr += `error: '${clash}' already has a value (${labels[clash]}), and --overwrite is false\n`;
        continue;
      }
    }
    const before = JSON.stringify(labels);
    Object.assign(labels, split.set);
    for (const key of split.remove) delete labels[key];
    const after = JSON.stringify(labels);
    obj.metadata.labels = labels;
    let message = "not labeled";
    if (before !== after) message = !overwrite && Object.keys(labels).length < Object.keys(JSON.parse(before) as object).length ? "unlabeled" : "labeled";
    if (before !== after && dry.value !== "client") {
      const updated = ctx.world.api.update(target.info, obj, { dryRun: dry.value === "server" });
      if (!updated.ok) {
        stderr += `${apiErrorText(updated.error)}\n`;
        continue;
      }
    }
    stdout += `${kindSlashName(target.info, target.name)} ${message}${dryRunSuffix(dry.value)}\n`;
    const audit = auditLabelWarning(target.info.kind, split.set);
    if (audit && !notes.includes(audit)) notes += `${audit}\n`;
  }
  return { stdout, stderr: notes + stderr, exitCode: stderr.replace(dry.warning, "") === "" ? 0 : 1 };
}
