/**
 * `kubectl delete`: by name, -f, -l or --all; --grace-period, --force with
 * its warning, --cascade, and --wait (default true) during which kubectl
 * waits for the objects to be gone: the world runs on, one second at a time
 * (kubectl/pkg/cmd/delete/delete.go).
 * https://kubernetes.io/docs/reference/kubectl/generated/kubectl_delete/
 */
import type { PropagationPolicy } from "../../sim/api/server.js";
import { failure, type CommandResult } from "../types.js";
import { dryRunStrategy, dryRunSuffix, kindSlashName } from "./common.js";
import { apiErrorText, klogLine } from "./errors.js";
import { parseOutputFormat } from "./output.js";
import { resolveTargets } from "./targets.js";
import { defineVerb, type KubectlContext } from "./verb.js";

/** How long `--wait` lets the world run before giving up, when --timeout is 0 (kubectl's "a week" is far too long to simulate). */
const MAX_WAIT_SECONDS = 600;
export const FORCE_WARNING =
  "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n";

export const deleteVerb = defineVerb({
  name: "delete",
  helpKey: "delete",
  overrides: { slices: ["filename"], noOptDefaults: { "dry-run": "unchanged", cascade: "background" } },
  execute: (ctx) => deleteObjects(ctx),
});

function cascadePolicy(ctx: KubectlContext): { ok: true; policy: PropagationPolicy; warning: string } | { ok: false; error: string } {
  const value = ctx.flags.string("cascade");
  const now = ctx.world.clock.now();
  switch (value) {
    case "background":
      return { ok: true, policy: "Background", warning: "" };
    case "foreground":
      return { ok: true, policy: "Foreground", warning: "" };
    case "orphan":
      return { ok: true, policy: "Orphan", warning: "" };
    case "true":
      return { ok: true, policy: "Background", warning: klogLine("W", "delete_flags.go:244", "--cascade=true is deprecated (boolean value) and can be replaced with --cascade=background.", now) };
    case "false":
      return { ok: true, policy: "Orphan", warning: klogLine("W", "delete_flags.go:244", "--cascade=false is deprecated (boolean value) and can be replaced with --cascade=orphan.", now) };
    default:
      return { ok: false, error: `error: invalid cascade value (${value}). Must be "background", "foreground", or "orphan".` };
  }
}

async function deleteObjects(ctx: KubectlContext): Promise<CommandResult> {
  const out = parseOutputFormat(ctx.flags.string("output"), false);
  if (!out.ok) return failure(out.error);
  if (out.format && out.format.kind !== "name") return failure(`error: unable to match a printer suitable for the output format "${ctx.flags.string("output")}", allowed formats are: name`);
  const dry = dryRunStrategy(ctx);
  if (!dry.ok) return failure(dry.error);
  const cascade = cascadePolicy(ctx);
  if (!cascade.ok) return failure(cascade.error);
  const force = ctx.flags.bool("force");
  let grace = ctx.flags.has("grace-period") ? ctx.flags.int("grace-period") : -1;
  if (ctx.flags.bool("now")) grace = 1;
  // delete.go: --grace-period=0 without --force becomes 1; --force alone means 0.
  if (grace === 0 && !force) grace = 1;
  if (force && grace < 0) grace = 0;

  const resolved = await resolveTargets(ctx, ctx.args, { ignoreNotFound: ctx.flags.bool("ignore-not-found") });
  if (!resolved.ok) return failure(resolved.error);
  let stderr = dry.warning + cascade.warning + resolved.errors;
  if (force && grace === 0) stderr = FORCE_WARNING + stderr;
  let stdout = "";
  if (resolved.targets.length === 0 && resolved.listed && !ctx.flags.bool("ignore-not-found")) stdout += "No resources found\n";

  const deleted: typeof resolved.targets = [];
  for (const target of resolved.targets) {
    if (dry.value !== "client") {
      const result = ctx.world.api.delete(target.info, target.namespace, target.name, {
        propagationPolicy: cascade.policy,
        ...(grace >= 0 ? { gracePeriodSeconds: grace } : {}),
        dryRun: dry.value === "server",
      });
      if (!result.ok) {
        stderr += `${apiErrorText(result.error)}\n`;
        continue;
      }
    }
    deleted.push(target);
    const name = kindSlashName(target.info, target.name);
    if (out.format?.kind === "name") stdout += `${name}\n`;
    else stdout += `${target.info.kind.toLowerCase()}${target.info.group ? `.${target.info.group}` : ""} "${target.name}" ${force && grace === 0 ? "force deleted" : "deleted"}${dryRunSuffix(dry.value)}\n`;
  }

  if (dry.value === "none" && ctx.flags.bool("wait") && deleted.length > 0) {
    // kubectl waits for each object to disappear; in the model that means letting time pass.
    for (let waited = 0; waited < MAX_WAIT_SECONDS; waited++) {
      if (deleted.every((t) => !ctx.world.api.find(t.info, t.namespace, t.name) || ctx.world.api.find(t.info, t.namespace, t.name)!.metadata.uid !== t.object?.metadata.uid)) break;
      ctx.world.advance(1);
    }
  }
  return { stdout, stderr, exitCode: stderr.replace(FORCE_WARNING, "").replace(dry.warning, "").replace(cascade.warning, "") === "" ? 0 : 1 };
}
