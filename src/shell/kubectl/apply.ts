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
import { dryRunStrategy, kindOfManifest, operationLine } from "./common.js";
import { apiErrorText } from "./errors.js";
import { readManifests } from "./manifests.js";
import { inertKindWarning, unsimulatedFieldWarnings } from "./inert-kinds.js";
import { unsimulatedAuditWarning, unsimulatedSecurityWarning } from "./unsimulated-security.js";
import { parseOutputFormat, printObjects } from "./output.js";
import { defineVerb, type KubectlContext } from "./verb.js";

export const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

export const applyVerb = defineVerb({
  name: "apply",
  helpKey: "apply",
  overrides: { slices: ["filename"], noOptDefaults: { "dry-run": "unchanged" } },
  execute: (ctx) => apply(ctx),
});

async function apply(ctx: KubectlContext): Promise<CommandResult> {
  if (ctx.flags.bool("server-side")) return failure("kadet: 'kubectl apply --server-side' is not simulated yet");
  if (ctx.flags.string("kustomize") !== "") return failure("kadet: 'kubectl apply -k' is not simulated yet");
  const files = ctx.flags.strings("filename");
  if (files.length === 0) return failure("error: must specify one of -f and -k");
  const out = parseOutputFormat(ctx.flags.string("output"), false);
  if (!out.ok) return failure(out.error);
  const dry = dryRunStrategy(ctx);
  if (!dry.ok) return failure(dry.error);
  const read = await readManifests(ctx.family, files, ctx.flags.bool("recursive"), true);
  if (!read.ok) return failure(read.error);
  // cli-runtime's builder: a file with no objects in it is an error for apply.
  if (read.manifests.length === 0) return failure("error: no objects passed to apply");

  // The builder maps every object before anything is sent; documents it could not decode are
  // reported first (apply.go: GetObjects' error leads errs) and the rest are applied.
  let undecoded = "";
  for (const m of read.manifests) if (m.decodeError !== undefined) undecoded += `${m.decodeError}\n`;
  const manifests = read.manifests.filter((m) => m.decodeError === undefined);
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
  let warnings = "";
  const printed: KubeObject[] = [];
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
    } else {
      // apply.go warningNoLastAppliedConfigAnnotation (info.ObjectName(): plural.group/name), before the patch.
      if (live.value.metadata.annotations?.[LAST_APPLIED] === undefined) warnings += missingLastAppliedWarning(info.group ? `${info.plural}.${info.group}/${name}` : `${info.plural}/${name}`);
      const merged = threeWayMerge(live.value, annotated);
      if (JSON.stringify(merged) === JSON.stringify(live.value)) {
        result = live.value;
        operation = "unchanged";
      } else if (dry.value === "client") {
        result = merged;
        operation = "configured";
      } else {
        const updated = ctx.world.api.update(info, merged, { dryRun: dry.value === "server" });
        if (!updated.ok) {
          stderr += `${apiErrorText({ ...updated.error, message: `error when applying patch:\n${JSON.stringify(annotated)}\nto:\nResource: "${info.group ? `${info.group}/${info.version}` : info.version}, Resource=${info.plural}", GroupVersionKind: "${apiVersionOf(info)}, Kind=${info.kind}"\nName: "${name}", Namespace: "${namespace ?? ""}"\nfor: "${source}": ${updated.error.message}` })}\n`;
          continue;
        }
        result = updated.value;
        operation = JSON.stringify(updated.value) === JSON.stringify(live.value) ? "unchanged" : "configured";
      }
    }
    const inert = [inertKindWarning(info.kind, result), operation === "unchanged" ? undefined : unsimulatedSecurityWarning(object), unsimulatedAuditWarning(object)].filter(Boolean).join("\n") || undefined;
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
  return { stdout, stderr: warnings + stderr, exitCode: stderr.replace(dry.warning, "") === "" ? 0 : 1 };
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

/**
 * A three-way merge in the spirit of strategic merge patch: fields the last
 * applied configuration had and the new manifest dropped are removed; the
 * manifest's fields are set over the live object; lists of named items
 * (containers, env, ports with names, volumes) merge by name, other lists
 * are replaced. Fields set by the server (defaults, status) survive.
 */
export function threeWayMerge(live: StoredObject, manifest: KubeObject): KubeObject {
  const lastText = live.metadata.annotations?.[LAST_APPLIED];
  let last: Json = {};
  if (lastText) {
    try {
      last = JSON.parse(lastText) as Json;
    } catch {
      last = {};
    }
  }
  const merged = mergeValue(structuredClone(live) as unknown, manifest as unknown, last) as KubeObject;
  return merged;
}

function mergeValue(live: unknown, desired: unknown, last: unknown): unknown {
  if (isObject(desired)) {
    const base: Json = isObject(live) ? { ...live } : {};
    const lastObj: Json = isObject(last) ? last : {};
    for (const key of Object.keys(lastObj)) if (!(key in desired)) delete base[key];
    for (const [key, value] of Object.entries(desired)) base[key] = mergeValue(base[key], value, lastObj[key]);
    return base;
  }
  if (Array.isArray(desired)) {
    const named = desired.every((d) => isObject(d) && typeof d.name === "string");
    if (named && Array.isArray(live)) {
      const lastList = Array.isArray(last) ? last : [];
      return desired.map((d) => {
        const name = (d as Json).name;
        const liveItem = live.find((l) => isObject(l) && l.name === name);
        const lastItem = lastList.find((l) => isObject(l) && (l as Json).name === name);
        return mergeValue(liveItem, d, lastItem);
      });
    }
    return structuredClone(desired);
  }
  return desired;
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
