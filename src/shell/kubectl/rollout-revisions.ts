/**
 * `kubectl rollout history|undo statefulset|daemonset`: ports of kubectl 1.32's
 * StatefulSetHistoryViewer / DaemonSetHistoryViewer and their Rollbackers
 * (pkg/polymorphichelpers history.go, rollback.go), read from the
 * ControllerRevisions the two controllers keep. printHistory reads each
 * revision's change cause from the revision's own annotations (the controllers
 * copy the set's annotations into a revision when they make it).
 */
import { kindNamed } from "../../sim/api/kinds.js";
import type { StoredObject } from "../../sim/api/types.js";
import { canonicalJson } from "../../sim/core/random.js";
import { revisionsOf, templateOf } from "../../sim/controllers/statefulset-revisions.js";
import type { DryRun } from "./common.js";
import { tabwrite } from "./describe/tabwriter.js";
import { printTemplate } from "./rollout.js";
import type { KubectlContext } from "./verb.js";

const CHANGE_CAUSE = "kubernetes.io/change-cause";
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function templatesByRevision(ctx: KubectlContext, sts: StoredObject): Map<number, Obj> {
  const out = new Map<number, Obj>();
  for (const r of revisionsOf(ctx.world, sts)) out.set(r.revision ?? 0, templateOf(r) as Obj);
  return out;
}

/** printHistory over the set's ControllerRevisions. */
export function revisionHistory(ctx: KubectlContext, owner: StoredObject, revision: number): { text: string } | { error: string } {
  const revisions = new Map(revisionsOf(ctx.world, owner).map((r) => [r.revision ?? 0, r]));
  if (revisions.size === 0) return { text: "No rollout history found." };
  if (revision > 0) {
    const chosen = revisions.get(revision);
    if (!chosen) return { error: `unable to find the specified revision` };
    return { text: printTemplate(templateOf(chosen) as Obj) };
  }
  const rows = [...revisions.keys()].sort((a, b) => a - b).map((r) => `${r}\t${revisions.get(r)!.metadata.annotations?.[CHANGE_CAUSE] || "<none>"}\n`);
  return { text: tabwrite(`REVISION\tCHANGE-CAUSE\n${rows.join("")}`) };
}

/** StatefulSetRollbacker.Rollback / DaemonSetRollbacker.Rollback: the printer's operation text, or an error. */
export function rollbackToRevision(ctx: KubectlContext, sts: StoredObject, toRevision: number, dry: DryRun): { operation: string } | { error: string } {
  if (toRevision < 0) return { error: `unable to find specified revision ${toRevision} in history` };
  const templates = templatesByRevision(ctx, sts);
  if (toRevision === 0 && templates.size <= 1) return { error: "no last revision to roll back to" };
  // findHistory: the given revision, or for 0 the one before the newest.
  const numbers = [...templates.keys()].sort((a, b) => b - a);
  const chosen = toRevision === 0 ? numbers[1]! : toRevision;
  const template = templates.get(chosen);
  if (!template) return { error: `unable to find specified revision ${toRevision} in history` };
  if (dry === "client") return { operation: printTemplate(template) };
  const current = (sts.spec as Obj | undefined)?.template;
  if (canonicalJson(current) === canonicalJson(template)) return { operation: `skipped rollback (current template already matches revision ${toRevision})` };
  const restored = structuredClone(sts) as Obj;
  restored.spec.template = structuredClone(template);
  const written = ctx.world.api.update(kindNamed(sts.kind)!, restored as StoredObject, { dryRun: dry === "server" });
  if (!written.ok) return { error: `failed restoring revision ${toRevision}: ${written.error.message}` };
  return { operation: "rolled back" };
}
