/**
 * What several verbs share: the --dry-run strategy, the success line kubectl
 * prints after a write (`deployment.apps/web created (dry run)`), and looking
 * up kinds the way kubectl's REST mapper answers.
 */
import { kindFor, resolveResource, type KindInfo } from "../../sim/api/kinds.js";
import type { KubeObject } from "../../sim/api/types.js";
import { klogLine } from "./errors.js";
import { resourceKindPrefix } from "./printers/name.js";
import type { KubectlContext } from "./verb.js";

export type DryRun = "none" | "client" | "server";

/** cmdutil.GetDryRunStrategy, with its deprecation warnings (klog) for `--dry-run` alone or a boolean. */
export function dryRunStrategy(ctx: KubectlContext): { ok: true; value: DryRun; warning: string } | { ok: false; error: string } {
  const text = ctx.flags.string("dry-run");
  const now = ctx.world.clock.now();
  switch (text) {
    case "unchanged":
      return { ok: true, value: "client", warning: klogLine("W", "helpers.go:702", "--dry-run is deprecated and can be replaced with --dry-run=client.", now) };
    case "client":
    case "server":
    case "none":
      return { ok: true, value: text, warning: "" };
    default: {
      const b = ["1", "t", "T", "TRUE", "true", "True"].includes(text) ? true : ["0", "f", "F", "FALSE", "false", "False"].includes(text) ? false : undefined;
      if (b === undefined) return { ok: false, error: `error: Invalid dry-run value (${text}). Must be "none", "server", or "client".` };
      const to = b ? "client" : "none";
      return { ok: true, value: to, warning: klogLine("W", "helpers.go:709", `--dry-run=${b} is deprecated (boolean value) and can be replaced with --dry-run=${to}.`, now) };
    }
  }
}

/** The suffix kubectl adds to its operation messages under dry run. */
export function dryRunSuffix(dryRun: DryRun): string {
  return dryRun === "client" ? " (dry run)" : dryRun === "server" ? " (server dry run)" : "";
}

/** `deployment.apps/web created (dry run)`, or just the name with `-o name`. */
/** The annotation client-side apply keeps its last applied configuration in. */
export const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

export function operationLine(obj: KubeObject, operation: string, dryRun: DryRun, nameOnly = false): string {
  const name = `${resourceKindPrefix(obj)}/${obj.metadata?.name ?? ""}`;
  return nameOnly ? `${name}\n` : `${name} ${operation}${dryRunSuffix(dryRun)}\n`;
}

/** `kind.group/name` for a kind and name. */
export function kindSlashName(info: KindInfo, name: string): string {
  return `${info.group ? `${info.kind.toLowerCase()}.${info.group}` : info.kind.toLowerCase()}/${name}`;
}

/** A manifest's kind, as the REST mapper would find it from apiVersion + kind. */
export function kindOfManifest(obj: KubeObject): KindInfo | undefined {
  return kindFor(obj.apiVersion, obj.kind);
}

export { resolveResource };

/** Drops null values the way an object decoded into Go structs omits them (creationTimestamp: null). */
export function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutNulls) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNulls(v);
    return out as T;
  }
  return value;
}
