/**
 * `kubectl edit` as kubectl 1.32 does it (kubectl/pkg/cmd/util/editor/editoptions.go, normal
 * edit mode): read the objects, write them with the edit header to a temporary file, open the
 * learner's editor on it (editor-launch.ts), then patch each changed object with a two-way
 * strategic merge patch (edit-patch.ts). A file that does not parse, or an object the server
 * refuses as invalid, reopens with the reasons in the header; saving it unchanged gives up and
 * keeps the file. https://kubernetes.io/docs/reference/kubectl/generated/kubectl_edit/
 */
import { qualifiedResource, type KindInfo } from "../../sim/api/kinds.js";
import type { KubeObject, StoredObject } from "../../sim/api/types.js";
import { failure, type CommandResult } from "../types.js";
import { LAST_APPLIED, withLastApplied } from "./apply.js";
import { kindOfManifest, kindSlashName } from "./common.js";
import { applyMergePatch, twoWayMergePatch } from "./edit-patch.js";
import { editHeader, hasLines, manualStrip, stripComments, type EditReason } from "./edit-file.js";
import { apiErrorText } from "./errors.js";
import { parseManifestText } from "./manifests.js";
import { toJSON } from "./printers/json.js";
import { toYAML } from "./printers/yaml.js";
import { parseResourceArgs } from "./resources.js";
import { resolveTargets, type Target } from "./targets.js";
import { defineVerb, type KubectlContext } from "./verb.js";
import { renderFieldError } from "../../sim/api/errors.js";

export const editVerb = defineVerb({
  name: "edit",
  helpKey: "edit",
  overrides: { slices: ["filename"] },
  execute: (ctx) => edit(ctx),
});

type Json = Record<string, unknown>;

const MAX_ROUNDS = 20;

interface Item {
  info: KindInfo;
  object: StoredObject;
}

/** One run of the edit loop's outcome, written to stdout/stderr as kubectl does. */
class Output {
  stdout = "";
  stderr = "";
  err(line: string): void {
    this.stderr += `${line}\n`;
  }
  done(exitCode: number): CommandResult {
    return { stdout: this.stdout, stderr: this.stderr, exitCode };
  }
  /** preservedFile + CheckErr: where the changes were kept, then the error. */
  fail(error: string, file?: string): CommandResult {
    if (file) this.err(`A copy of your changes has been stored to ${JSON.stringify(file)}`);
    this.err(error.startsWith("error: ") ? error : `error: ${error}`);
    return this.done(1);
  }
}

async function edit(ctx: KubectlContext): Promise<CommandResult> {
  if (ctx.flags.string("kustomize") !== "") return failure("kadet: 'kubectl edit -k' is not simulated yet");
  const subresource = ctx.flags.string("subresource");
  if (subresource !== "" && subresource !== "status") return failure(`error: invalid subresource value: "${subresource}". Must be one of [status]`);
  if (subresource !== "") return failure("kadet: 'kubectl edit --subresource' is not simulated yet");
  const launch = ctx.family.session.launchEditor?.bind(ctx.family.session);
  if (!launch) return failure("kadet: 'kubectl edit' needs a shell session with an editor");
  const format = ctx.flags.string("output");
  if (format !== "" && format !== "yaml" && format !== "json") {
    return failure(`error: unable to match a printer suitable for the output format ${JSON.stringify(format)}, allowed formats are: json,yaml`);
  }
  const outputPatch = ctx.flags.bool("output-patch");
  const saveConfig = ctx.flags.bool("save-config");
  const crlf = ctx.flags.bool("windows-line-endings");
  // Read so they do not draw kadet's "ignored" warning: there are no managedFields to show or own,
  // and the strict field validation is always the API server's here.
  ctx.flags.string("field-manager");
  ctx.flags.bool("show-managed-fields");
  ctx.flags.string("validate");

  const found = await originals(ctx);
  if (!found.ok) return failure(found.error);
  const out = new Output();
  out.stderr += found.errors;
  const items = found.items;
  if (items.length === 0) {
    if (found.errors !== "") return out.done(1);
    return out.fail("edit cancelled, no objects found");
  }

  const asJson = format === "json";
  const ext = asJson ? ".json" : ".yaml";
  const document = items.length === 1 ? (items[0]!.object as unknown as Json) : { apiVersion: "v1", items: items.map((i) => i.object), kind: "List", metadata: {} };
  const printed = asJson ? toJSON(document) : toYAML(document);
  const original = printed;
  let edited = "";
  let reasons: EditReason[] = [];
  let containsError = false;
  let previousFile: string | undefined;
  for (let round = 1; ; round++) {
    // An editor command that changes the file every time (sed adding a bracket) would reopen it forever.
    if (round > MAX_ROUNDS) {
      out.err(`kadet: the editor reopened the file ${MAX_ROUNDS} times without a valid edit; kadet stopped (kubectl would go on reopening it)`);
      return out.fail("Edit cancelled, no valid changes were saved.", previousFile);
    }
    // The header is only written for YAML; a reopened file keeps the learner's text without its comments.
    let buffer = asJson ? "" : editHeader(reasons);
    buffer += containsError ? manualStrip(edited) : printed;
    if (crlf) buffer = buffer.replace(/\r?\n/g, "\r\n");
    const file = await tempFile(ctx, ext);
    const written = await ctx.family.writeFile(file, buffer, 0o600);
    if (!written.ok) return out.fail(written.error, previousFile);
    const launched = await launch(file, ctx.family);
    if (launched.output) {
      out.stdout += launched.output.stdout;
      out.stderr += launched.output.stderr;
    }
    if (!launched.ok) {
      if (launched.note) out.err(launched.note);
      return out.fail(launched.error, previousFile);
    }
    const editedBefore = edited;
    edited = (await ctx.family.readFile(file)) ?? "";
    if (containsError && stripComments(editedBefore) === stripComments(edited)) return out.fail("Edit cancelled, no valid changes were saved.", file);
    if (previousFile) await removeFile(ctx, previousFile);
    previousFile = undefined;

    if (stripComments(original) === stripComments(edited)) {
      await removeFile(ctx, file);
      out.err("Edit cancelled, no changes made.");
      return out.done(0);
    }
    if (!hasLines(edited)) {
      await removeFile(ctx, file);
      out.err("Edit cancelled, saved file was empty.");
      return out.done(0);
    }
    previousFile = file;

    const parsed = parseManifestText(edited, "edited-file");
    if (!parsed.ok) {
      containsError = true;
      reasons = [{ head: `The edited file had a syntax error: ${parsed.error.replace(/^error: /, "").replace(/^error parsing edited-file: /, "")}`, other: [] }];
      continue;
    }
    // The builder maps every object before anything is sent; an unknown kind fails Infos() like a syntax error.
    const unmapped = parsed.manifests.find((m) => !kindOfManifest(m.object));
    if (unmapped) {
      const o = unmapped.object;
      containsError = true;
      reasons = [{ head: `The edited file had a syntax error: resource mapping not found for name: ${JSON.stringify(o.metadata?.name ?? "")} namespace: ${JSON.stringify(o.metadata?.namespace ?? "")} from "edited-file": no matches for kind ${JSON.stringify(o.kind)} in version ${JSON.stringify(o.apiVersion)}\nensure CRDs are installed first`, other: [] }];
      continue;
    }
    containsError = false;
    reasons = [];
    const updated = parsed.manifests.map((m) => m.object);
    for (const object of updated) {
      const ns = object.metadata?.namespace;
      const info = kindOfManifest(object);
      if (info?.namespaced && ns !== undefined && ns !== ctx.namespace) {
        return out.fail(`the namespace from the provided object "${ns}" does not match the namespace "${ctx.namespace}". You must pass '--namespace=${ns}' to perform this operation.`, file);
      }
    }

    let retryable = 0;
    let notFound = 0;
    let invalid = 0;
    let yamlPrinted = 0;
    for (const object of updated) {
      const uid = object.metadata?.uid;
      const match = items.find((i) => i.object.metadata.uid === uid);
      if (!match) return out.fail(`no original object found for ${JSON.stringify(object.metadata?.name ?? "")}`, file);
      const modified = (saveConfig ? withLastApplied(withoutLastApplied(object)) : object) as unknown as Json;
      const resource = resourceString(match.info);
      const name = match.object.metadata.name;
      if (sameJson(match.object, modified)) {
        out.stdout += nameLine(match.info, name, "skipped", format);
        continue;
      }
      const patch = twoWayMergePatch(match.object as unknown as Json, modified);
      // mergepatch preconditions: apiVersion, kind and metadata.name may not change.
      const meta = patch.metadata as Json | undefined;
      if ("apiVersion" in patch || "kind" in patch || (meta && ("name" in meta || "managedFields" in meta))) {
        return out.fail("At least one of apiVersion, kind and name was changed", file);
      }
      if (outputPatch) out.stdout += `Patch: ${JSON.stringify(patch)}\n`;
      const result = sendPatch(ctx, match, patch);
      if (!result.ok) {
        const e = result.error;
        if (e.reason === "Invalid") {
          invalid++;
          reasons.push({ head: `${resource} ${JSON.stringify(name)} was not valid`, other: (e.causes ?? []).map(renderFieldError) });
          out.err(`error: ${resource} ${JSON.stringify(name)} is invalid`);
        } else if (e.reason === "NotFound") {
          notFound++;
          out.err(`error: ${resource} ${JSON.stringify(name)} could not be found on the server`);
        } else {
          retryable++;
          out.err(`error: ${resource} ${JSON.stringify(name)} could not be patched: ${apiErrorText(e).replace(/^Error from server \(\w+\): /, "")}`);
        }
        continue;
      }
      match.object = result.value;
      // The YAML printer separates the objects it prints after the first with `---` (printers.YAMLPrinter).
      if (format === "yaml" && yamlPrinted++ > 0) out.stdout += "---\n";
      out.stdout += format === "" ? nameLine(match.info, name, "edited", format) : format === "json" ? toJSON(result.value) : toYAML(result.value);
    }
    if (retryable > 0) {
      out.err(`You can run \`kubectl replace -f ${file}\` to try this update again.`);
      return out.done(1);
    }
    if (notFound > 0) {
      out.err(`The edits you made on deleted resources have been saved to ${JSON.stringify(file)}`);
      return out.done(1);
    }
    if (invalid === 0) {
      await removeFile(ctx, file);
      return out.done(0);
    }
    containsError = true;
  }
}

/** The objects to edit, read fresh from the server (the builder's Latest()). */
async function originals(ctx: KubectlContext): Promise<{ ok: true; items: Item[]; errors: string } | { ok: false; error: string }> {
  const selecting = ctx.flags.string("selector") !== "" || ctx.flags.strings("filename").length > 0;
  const parsed = parseResourceArgs(ctx.args);
  // ResourceTypeOrNameArgs(true, ...): a bare type edits every object of it.
  if (!selecting && parsed.ok && !parsed.byName && parsed.requests.length > 0) {
    const items = parsed.requests.flatMap((r) => ctx.world.api.list(r.info, r.info.namespaced ? ctx.namespace : undefined).map((object) => ({ info: r.info, object })));
    return { ok: true, items, errors: "" };
  }
  const resolved = await resolveTargets(ctx, ctx.args);
  if (!resolved.ok) return resolved;
  const items = resolved.targets.filter((t): t is Target & { object: StoredObject } => t.object !== undefined).map((t) => ({ info: t.info, object: t.object }));
  return { ok: true, items, errors: resolved.errors };
}

/** PATCH with the strategic merge patch: onto the live object, whose resourceVersion a patch naming one must match. */
function sendPatch(ctx: KubectlContext, item: Item, patch: Json) {
  const live = ctx.world.api.get(item.info, item.object.metadata.namespace, item.object.metadata.name);
  if (!live.ok) return live;
  const patched = applyMergePatch(structuredClone(live.value) as unknown as Json, patch) as unknown as KubeObject;
  const meta = patch.metadata as Json | undefined;
  // Only a resourceVersion the learner typed is a precondition; otherwise the patch applies to the latest object.
  if (!(meta && "resourceVersion" in meta)) patched.metadata = { ...patched.metadata, resourceVersion: live.value.metadata.resourceVersion };
  return ctx.world.api.update(item.info, patched);
}

function withoutLastApplied(object: KubeObject): KubeObject {
  const copy = structuredClone(object);
  if (copy.metadata?.annotations) delete copy.metadata.annotations[LAST_APPLIED];
  return copy;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortDeep(a)) === JSON.stringify(sortDeep(b));
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value && typeof value === "object") return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortDeep((value as Json)[k])]));
  return value;
}

/** editResults.addError's resource string: the plural, with its group (`deployments.apps`). */
function resourceString(info: KindInfo): string {
  return qualifiedResource(info);
}

function nameLine(info: KindInfo, name: string, operation: string, format: string): string {
  return format === "" ? `${kindSlashName(info, name)} ${operation}\n` : "";
}

/** os.CreateTemp in $TMPDIR as editor.go tempFile names it: `/tmp/kubectl-edit-` + 5 of [a-z0-9] + ext. */
async function tempFile(ctx: KubectlContext, ext: string): Promise<string> {
  const letters = "abcdefghijklmnopqrstuvwxyz0123456789";
  const dir = (ctx.family.env.TMPDIR ?? "/tmp").replace(/\/$/, "") || "/tmp";
  for (let attempt = 0; ; attempt++) {
    // Deterministic, like everything in the sandbox: the clock and the attempt pick the name.
    let seed = (Math.floor(ctx.world.clock.now()) + attempt * 7919) >>> 0;
    let suffix = "";
    for (let i = 0; i < 5; i++) {
      seed = (Math.imul(seed ^ (seed >>> 15), 2246822519) + 374761393 + i) >>> 0;
      suffix += letters[seed % letters.length];
    }
    const path = `${dir}/kubectl-edit-${suffix}${ext}`;
    if ((await ctx.family.readFile(path)) === undefined || attempt > 100) return path;
  }
}

async function removeFile(ctx: KubectlContext, path: string): Promise<void> {
  // The shell's file access has no unlink; an emptied marker would be wrong, so the file system is asked directly.
  await ctx.family.removeFile?.(path);
}
