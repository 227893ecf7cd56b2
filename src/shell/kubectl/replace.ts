/**
 * `kubectl replace -f`: a PUT of each manifest over its live object (which must exist),
 * `pod/web replaced`; with `--force`, delete each object, wait (on the virtual clock) until it
 * is gone, then create it again: `pod "web" deleted` + `pod/web replaced`
 * (kubectl/pkg/cmd/replace/replace.go, 1.32). A PUT replaces the whole spec, so a manifest
 * that drops a field drops it from the object, and a pod's immutable fields are refused as
 * the API server refuses them (--force is how a learner changes them).
 * https://kubernetes.io/docs/reference/kubectl/generated/kubectl_replace/
 */
import type { KubeObject, StoredObject } from "../../sim/api/types.js";
import { failure, type CommandResult } from "../types.js";
import { withLastApplied } from "./apply.js";
import { dryRunStrategy, kindOfManifest, operationLine, type DryRun } from "./common.js";
import { apiErrorText } from "./errors.js";
import { inertKindWarning } from "./inert-kinds.js";
import { unsimulatedSecurityWarning } from "./unsimulated-security.js";
import { readFilesOrKustomization } from "./kustomize/source.js";
import { parseGoDuration } from "./node-maintenance.js";
import { parseOutputFormat, printObjects, type OutputFormat } from "./output.js";
import { defineVerb, type KubectlContext } from "./verb.js";

export const replaceVerb = defineVerb({
  name: "replace",
  helpKey: "replace",
  overrides: { slices: ["filename"], noOptDefaults: { "dry-run": "unchanged" } },
  execute: (ctx) => replace(ctx),
});

/** forceReplace's wait when --timeout is 0. */
const FORCE_WAIT_SECONDS = 5 * 60;

async function replace(ctx: KubectlContext): Promise<CommandResult> {
  const out = parseOutputFormat(ctx.flags.string("output"), false, ctx.flags.string("template"));
  if (!out.ok) return failure(out.error);
  const dry = dryRunStrategy(ctx);
  if (!dry.ok) return failure(dry.error);
  if (ctx.flags.string("raw") !== "") return failure("kadet: 'kubectl replace --raw' is not simulated yet");
  if (ctx.flags.string("subresource") !== "") return failure("kadet: 'kubectl replace --subresource' is not simulated yet, so the command was not run");
  const files = ctx.flags.strings("filename");
  const kustomize = ctx.flags.string("kustomize");
  if (files.length > 0 && kustomize !== "") return failure("error: only one of -f or -k can be specified");
  if (files.length === 0 && kustomize === "") return failure("error: must specify one of -f and -k");
  const force = ctx.flags.bool("force");
  const grace = ctx.flags.has("grace-period") ? ctx.flags.int("grace-period") : -1;
  if (grace >= 0 && !force) return failure("error: --grace-period must have --force specified");
  const timeout = ctx.flags.has("timeout") ? parseGoDuration(ctx.flags.string("timeout")) : 0;
  if (typeof timeout === "string") return failure(`error: ${timeout}`);
  if (timeout !== 0 && !force) return failure("error: --timeout must have --force specified");
  if (force && dry.value !== "none") return failure("error: --dry-run can not be used when --force is set");
  if (force && ctx.flags.string("cascade") !== "background") return failure("kadet: 'kubectl replace --force --cascade' is not simulated yet");

  const read = await readFilesOrKustomization(ctx);
  if (!read.ok) return { ...failure(read.error), stderr: `${read.warnings ?? ""}${read.error}\n` };
  if (read.manifests.length === 0) return failure("error: no objects passed to replace");
  const objects: { object: KubeObject; source: string; namespace: string | undefined }[] = [];
  for (const { object, source } of read.manifests) {
    const info = kindOfManifest(object);
    if (!info) return failure(`error: resource mapping not found for name: "${object.metadata?.name ?? ""}" namespace: "${object.metadata?.namespace ?? ""}" from "${source}": no matches for kind "${object.kind}" in version "${object.apiVersion}"\nensure CRDs are installed first`);
    const ns = object.metadata?.namespace;
    if (info.namespaced && ns && ctx.namespaceExplicit && ns !== ctx.namespace) {
      return failure(`error: the namespace from the provided object "${ns}" does not match the namespace "${ctx.namespace}". You must pass '--namespace=${ns}' to perform this operation.`);
    }
    const namespace = info.namespaced ? ns ?? ctx.namespace : undefined;
    objects.push({ object: namespace === undefined ? object : { ...object, metadata: { ...object.metadata, namespace } }, source, namespace });
  }
  return force ? forceReplace(ctx, objects, grace, timeout || FORCE_WAIT_SECONDS, out.format) : replaceInPlace(ctx, objects, dry.value, dry.warning, out.format);
}

/** --save-config writes the manifest into the last-applied annotation; otherwise an existing one is kept as the file has it. */
function withSaveConfig(ctx: KubectlContext, object: KubeObject): KubeObject {
  return ctx.flags.bool("save-config") ? withLastApplied(object) : object;
}

function replaceInPlace(ctx: KubectlContext, objects: { object: KubeObject; source: string; namespace: string | undefined }[], dry: DryRun, warning: string, format: OutputFormat | undefined): CommandResult {
  let stdout = "";
  let stderr = warning;
  let failed = false;
  let warnings = "";
  for (const { object, source, namespace } of objects) {
    const info = kindOfManifest(object)!;
    const name = object.metadata?.name ?? "";
    let result: KubeObject = withSaveConfig(ctx, object);
    if (dry !== "client") {
      const live = ctx.world.api.get(info, namespace, name);
      if (!live.ok) {
        stderr += `${apiErrorText({ ...live.error, message: `error when replacing "${source}": ${live.error.message}` })}\n`;
        failed = true;
        continue;
      }
      const written = ctx.world.api.update(info, result, { dryRun: dry === "server" });
      if (!written.ok) {
        stderr += `${apiErrorText({ ...written.error, message: `error when replacing "${source}": ${written.error.message}` })}\n`;
        failed = true;
        continue;
      }
      result = written.value;
    }
    const inert = [inertKindWarning(info.kind, result), unsimulatedSecurityWarning(object)].filter(Boolean).join("\n") || undefined;
    if (inert) warnings += `${inert}\n`;
    stdout += printOne(ctx, result, dry, format);
  }
  return { stdout, stderr: warnings + stderr, exitCode: failed ? 1 : 0 };
}

function forceReplace(ctx: KubectlContext, objects: { object: KubeObject; source: string; namespace: string | undefined }[], grace: number, timeoutSeconds: number, format: OutputFormat | undefined): CommandResult {
  let stdout = "";
  let stderr = "";
  const deleted: { object: KubeObject; uid: string }[] = [];
  // DeleteResult: every object is deleted first (a missing one is an error, and nothing is created).
  for (const { object, namespace } of objects) {
    const info = kindOfManifest(object)!;
    const name = object.metadata?.name ?? "";
    const result = ctx.world.api.delete(info, namespace, name, grace >= 0 ? { gracePeriodSeconds: grace } : {});
    if (!result.ok) return { stdout, stderr: `${apiErrorText(result.error)}\n`, exitCode: 1 };
    deleted.push({ object, uid: result.value.metadata.uid });
    stdout += `${info.kind.toLowerCase()}${info.group ? `.${info.group}` : ""} "${name}" deleted\n`;
  }
  // wait.PollImmediate(1s, timeout): until every deleted object is gone.
  const gone = () => deleted.every(({ object, uid }) => {
    const live = ctx.world.api.find(kindOfManifest(object)!, object.metadata?.namespace, object.metadata?.name ?? "");
    return !live || live.metadata.uid !== uid;
  });
  for (let waited = 0; !gone(); waited++) {
    if (waited >= timeoutSeconds) return { stdout, stderr: "error: timed out waiting for the condition\n", exitCode: 1 };
    ctx.world.advance(1);
  }
  for (const { object, source, namespace } of objects) {
    const info = kindOfManifest(object)!;
    const input = withSaveConfig(ctx, structuredClone(object));
    if (input.metadata) delete input.metadata.resourceVersion;
    const created = ctx.world.api.create(info, input, namespace);
    if (!created.ok) {
      stderr += `${apiErrorText({ ...created.error, message: `error when creating "${source}": ${created.error.message}` })}\n`;
      continue;
    }
    stdout += printOne(ctx, created.value, "none", format);
  }
  return { stdout, stderr, exitCode: stderr === "" ? 0 : 1 };
}

function printOne(ctx: KubectlContext, obj: KubeObject, dry: DryRun, format: OutputFormat | undefined): string {
  if (!format || format.kind === "name") return operationLine(obj, "replaced", dry, format?.kind === "name");
  const printed = printObjects([obj as StoredObject], format, { now: ctx.world.clock.now(), single: true });
  return "error" in printed ? printed.error : printed.stdout;
}
