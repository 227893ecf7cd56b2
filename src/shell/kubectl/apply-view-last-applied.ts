/**
 * `kubectl apply view-last-applied (TYPE NAME | TYPE -l SEL | -f FILE)`: the
 * last-applied-configuration annotation of each object, as YAML (sigs.k8s.io/yaml JSONToYAML)
 * or as indented JSON (json.Indent of the annotation, its trailing newline kept), one after
 * the other (kubectl/pkg/cmd/apply/apply_view_last_applied.go).
 */
import { failure, type CommandResult } from "../types.js";
import { LAST_APPLIED } from "./common.js";
import { usageError } from "./errors.js";
import { toYAML } from "./printers/yaml.js";
import { resolveTargets } from "./targets.js";
import { defineVerb, type KubectlContext } from "./verb.js";

export const applyViewLastAppliedVerb = defineVerb({
  name: "view-last-applied",
  helpKey: "apply-view-last-applied",
  overrides: { slices: ["filename"] },
  execute: (ctx) => viewLastApplied(ctx),
});

async function viewLastApplied(ctx: KubectlContext): Promise<CommandResult> {
  const format = ctx.flags.string("output");
  const resolved = await resolveTargets(ctx, ctx.args);
  if (!resolved.ok) return failure(resolved.error);
  if (resolved.errors !== "") return { stdout: "", stderr: resolved.errors, exitCode: 1 };
  let stdout = "";
  for (const target of resolved.targets) {
    if (!target.object) continue;
    const text = target.object.metadata.annotations?.[LAST_APPLIED];
    let config: unknown;
    try {
      config = text ? JSON.parse(text) : undefined;
    } catch {
      config = undefined;
    }
    if (config === undefined) return { stdout, stderr: `error: no last-applied-configuration annotation found on resource: ${target.name}\n`, exitCode: 1 };
    if (format === "json") stdout += `${JSON.stringify(config, null, 2)}\n`;
    else if (format === "yaml") stdout += toYAML(config);
    else return usageError(ctx.commandPath, `Unexpected -o output mode: ${format}, the flag 'output' must be one of yaml|json`);
  }
  return { stdout, stderr: "", exitCode: 0 };
}
