/**
 * `kubectl apply -f`: client-side apply as kubectl 1.32 does it by default.
 * A missing object is created with the manifest in the
 * `kubectl.kubernetes.io/last-applied-configuration` annotation; an existing
 * one gets a three-way merge (last applied → manifest, onto the live object)
 * and is reported `configured`, or `unchanged` when the merge changes nothing
 * (kubectl/pkg/cmd/apply/apply.go, apply/patcher.go).
 * https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/
 */
import { apiVersionOf } from "../../sim/api/kinds.js";
import type { KubeObject, StoredObject } from "../../sim/api/types.js";
import { failure, type CommandResult } from "../types.js";
import { dryRunStrategy, kindOfManifest, LAST_APPLIED, operationLine } from "./common.js";
import { checkPruneFlags, prune } from "./apply-prune.js";
import { applyViewLastAppliedVerb } from "./apply-view-last-applied.js";
import { matches } from "../../sim/core/labels.js";
import { parseSelectorFlag } from "./targets.js";
import { apiErrorText } from "./errors.js";
import { readFilesOrKustomization } from "./kustomize/source.js";
import { inertKindWarning, unsimulatedFieldWarnings } from "./inert-kinds.js";
import { unsimulatedSecurityWarning } from "./unsimulated-security.js";
import { parseOutputFormat, printObjects } from "./output.js";
import { applyStrategicMergePatch, PatchError } from "./patch/strategic-merge.js";
import { schemaOfKind } from "./patch/patch-strategies.js";
import { threeWayMergePatch } from "./patch/three-way.js";
import { defineVerb, type KubectlContext } from "./verb.js";

export { LAST_APPLIED };

export const applyVerb = defineVerb({
  name: "apply",
  helpKey: "apply",
  overrides: { slices: ["filename"], noOptDefaults: { "dry-run": "unchanged" } },
  subcommands: [applyViewLastAppliedVerb],
  unsimulated: ["set-last-applied", "edit-last-applied"],
  execute: (ctx) => apply(ctx),
});

async function apply(ctx: KubectlContext): Promise<CommandResult> {
  if (ctx.args.length > 0) return failure(`error: Unexpected args: [${ctx.args.join(" ")}]\nSee 'kubectl apply -h' for help and examples`);
  const out = parseOutputFormat(ctx.flags.string("output"), false);
  if (!out.ok) return failure(out.error);
  const dry = dryRunStrategy(ctx);
  if (!dry.ok) return failure(dry.error);
  const pruneFlags = checkPruneFlags(ctx);
  if (!pruneFlags.ok) return failure(pruneFlags.error);
  // apply.go Validate.
  if (ctx.flags.bool("force-conflicts") && !ctx.flags.bool("server-side")) return failure("error: --force-conflicts only works with --server-side");
  if (ctx.flags.string("subresource") !== "" && !ctx.flags.bool("server-side")) return failure("error: --subresource can only be specified for --server-side");
  if (ctx.flags.bool("server-side")) return failure("kadet: 'kubectl apply --server-side' is not simulated yet (no object records managedFields)");
  const selector = parseSelectorFlag(ctx.flags.string("selector"));
  if (!selector.ok) return failure(selector.error);
  const read = await readFilesOrKustomization(ctx, true);
  if (!read.ok) return { ...failure(read.error), stderr: `${read.warnings ?? ""}${read.error}\n` };
  // cli-runtime's builder: a file with no objects in it is an error for apply.
  if (read.manifests.length === 0) return failure("error: no objects passed to apply");

  // The builder maps every object before anything is sent; documents it could not decode are
  // reported first (apply.go: GetObjects' error leads errs) and the rest are applied.
  let undecoded = "";
  for (const m of read.manifests) if (m.decodeError !== undefined) undecoded += `${m.decodeError}\n`;
  // The builder's label selector (-l) keeps only the matching objects of the files.
  const manifests = read.manifests.filter((m) => m.decodeError === undefined && (!selector.selector || matches(m.object.metadata?.labels, selector.selector)));
  for (const { object, source } of manifests) {
    const info = kindOfManifest(object);
    if (!info) {
      return failure(
        `error: resource mapping not found for name: "${object.metadata?.name ?? ""}" namespace: "${object.metadata?.namespace ?? ""}" from "${source}": no matches for kind "${object.kind}" in version "${object.apiVersion}"\nensure CRDs are installed first`,
      );
    }
    const ns = object.metadata?.namespace;
    if (info.namespaced && ns && ctx.namespaceExplicit && ns !== ctx.namespace) {
      return failure(`error: the namespace from the provided object "${ns}" does not match the namespace "${ctx.namespace}". You must pass '--namespace=${ns}' to perform this operation.`);
    }
  }

  let stdout = "";
  let stderr = dry.warning + undecoded;
  const buildWarnings = "warnings" in read ? read.warnings ?? "" : "";
  let warnings = "";
  const printed: KubeObject[] = [];
  const visitedUids = new Set<string>();
  const visitedNamespaces = new Set<string>();
  for (const { object, source } of manifests) {
    const info = kindOfManifest(object)!;
    const namespace = info.namespaced ? object.metadata?.namespace ?? ctx.namespace : undefined;
    const name = object.metadata?.name ?? "";
    // applyOneObject: apply needs a name to find the live object; checked before any request.
    const generateName = object.metadata?.generateName;
    if (name === "" && generateName) {
      stderr += `error: from ${generateName}: cannot use generate name with apply\n`;
      continue;
    }
    const annotated = withLastApplied(namespace === undefined ? object : { ...object, metadata: { ...object.metadata, namespace } });
    const live = ctx.world.api.get(info, namespace, name);
    let result: KubeObject;
    let operation: string;
    if (!live.ok) {
      if (live.error.reason !== "NotFound") {
        stderr += `${apiErrorText({ ...live.error, message: `error when retrieving current configuration of:\nResource: "${info.plural}", GroupVersionKind: "${apiVersionOf(info)}, Kind=${info.kind}"\nName: "${name}", Namespace: "${namespace ?? ""}"\nfrom server for: "${source}": ${live.error.message}` })}\n`;
        continue;
      }
      if (dry.value === "client") {
        result = annotated;
      } else {
        const created = ctx.world.api.create(info, annotated, namespace, { dryRun: dry.value === "server" });
        if (!created.ok) {
          stderr += `${apiErrorText({ ...created.error, message: `error when creating "${source}": ${created.error.message}` })}\n`;
          continue;
        }
        result = created.value;
      }
      operation = "created";
    } else if (dry.value === "client") {
      // applyOneObject: under --dry-run=client an existing object is neither patched nor
      // warned about; it is reported configured and printed as read from the server.
      result = live.value;
      operation = "configured";
    } else {
      // apply.go warningNoLastAppliedConfigAnnotation (info.ObjectName(): plural.group/name), before the patch.
      if (live.value.metadata.annotations?.[LAST_APPLIED] === undefined) warnings += missingLastAppliedWarning(info.group ? `${info.plural}.${info.group}/${name}` : `${info.plural}/${name}`);
      const patched = threeWayApply(live.value, annotated);
      if (patched.patchText === "{}") {
        result = live.value;
        operation = "unchanged";
      } else {
        const updated = patched.ok ? ctx.world.api.update(info, patched.object, { dryRun: dry.value === "server" }) : { ok: false as const, error: { reason: "BadRequest", code: 400, message: patched.error } as never };
        if (!updated.ok) {
          stderr += `${apiErrorText({ ...updated.error, message: `error when applying patch:\n${patched.patchText}\nto:\nResource: "${info.group ? `${info.group}/${info.version}` : info.version}, Resource=${info.plural}", GroupVersionKind: "${apiVersionOf(info)}, Kind=${info.kind}"\nName: "${name}", Namespace: "${namespace ?? ""}"\nfor: "${source}": ${updated.error.message}` })}\n`;
          continue;
        }
        result = updated.value;
        operation = "configured";
      }
    }
    // MarkObjectVisited: what --prune must not delete.
    if (result.metadata?.uid) visitedUids.add(result.metadata.uid);
    if (namespace !== undefined) visitedNamespaces.add(namespace);
    const inert = [inertKindWarning(info.kind, result), operation === "unchanged" ? undefined : unsimulatedSecurityWarning(object)].filter(Boolean).join("\n") || undefined;
    if (inert) warnings += `${inert}\n`;
    for (const w of unsimulatedFieldWarnings(result)) warnings += `${w}\n`;
    if (!out.format || out.format.kind === "name") stdout += operationLine(result, operation, dry.value, out.format?.kind === "name");
    else printed.push(result);
  }
  if (out.format && out.format.kind !== "name" && printed.length > 0) {
    const p = printObjects(printed as StoredObject[], out.format, { now: ctx.world.clock.now(), single: printed.length === 1 });
    if ("error" in p) return failure(p.error);
    stdout += p.stdout;
  }
  if (ctx.flags.bool("prune")) {
    const pruned = prune(ctx, visitedUids, visitedNamespaces, selector.selector, dry.value);
    stdout += pruned.stdout;
    warnings += pruned.warning;
    stderr += pruned.stderr;
  }
  return { stdout, stderr: buildWarnings + warnings + stderr, exitCode: stderr.replace(dry.warning, "") === "" ? 0 : 1 };
}

/** kubectl 1.32's warning when apply meets an object that `create` (without --save-config) or `replace` made. */
export function missingLastAppliedWarning(objectName: string): string {
  return `Warning: resource ${objectName} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`;
}

/**
 * The manifest with its own JSON in the last-applied annotation (apply.go
 * GetModifiedConfiguration). kubectl serialises the object after setting its
 * annotations to a map without the last-applied key (so an empty map reads
 * `"annotations":{}`), and after the resource builder set its namespace.
 */
export function withLastApplied(object: KubeObject): KubeObject {
  const copy = structuredClone(object);
  const annotations = { ...(copy.metadata?.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  const forAnnotation = structuredClone(copy);
  forAnnotation.metadata = { ...(forAnnotation.metadata ?? {}), annotations };
  copy.metadata = { ...(copy.metadata ?? {}), annotations: { ...annotations, [LAST_APPLIED]: `${JSON.stringify(sortDeep(forAnnotation))}\n` } };
  return copy;
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortDeep((value as Record<string, unknown>)[k])]));
  }
  return value;
}

type Json = Record<string, unknown>;

/** The last-applied configuration as kubectl reads it (GetOriginalConfiguration); undefined when absent or not JSON. */
export function lastAppliedOf(live: StoredObject): Json | undefined {
  const text = live.metadata.annotations?.[LAST_APPLIED];
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Json) : undefined;
  } catch {
    return undefined;
  }
}

export type ThreeWayResult = { ok: true; patchText: string; object: KubeObject } | { ok: false; patchText: string; error: string };

/**
 * What apply sends and what the server makes of it: the three-way strategic merge patch
 * (last applied → manifest, against the live object; patch/three-way.ts) applied to the live
 * object as the API server applies a strategic merge patch (patch/strategic-merge.ts).
 */
export function threeWayApply(live: StoredObject, manifest: KubeObject): ThreeWayResult {
  const schema = schemaOfKind(live.kind);
  const patch = threeWayMergePatch(lastAppliedOf(live), manifest as unknown as Json, live as unknown as Json, schema);
  const patchText = JSON.stringify(patch);
  try {
    return { ok: true, patchText, object: applyStrategicMergePatch(live as unknown as Json, patch, schema) as unknown as KubeObject };
  } catch (e) {
    if (e instanceof PatchError) return { ok: false, patchText, error: e.message };
    throw e;
  }
}
