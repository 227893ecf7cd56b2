/**
 * `kubectl patch`: a strategic merge (default), JSON merge (`--type merge`) or JSON
 * (`--type json`) patch applied to named, selected or -f objects, or with `--local` to a
 * file's objects without the server; prints `patched` or `patched (no change)`
 * (kubectl/pkg/cmd/patch/patch.go, 1.32). The API server's patch handler is modelled here:
 * the patch is applied to the live object, which is then written as an update (validation,
 * admission and resourceVersion as for any write).
 * https://kubernetes.io/docs/tasks/manage-kubernetes-objects/update-api-object-kubectl-patch/
 */
import type { KubeObject, StoredObject } from "../../sim/api/types.js";
import { failure, type CommandResult } from "../types.js";
import { dryRunStrategy, kindOfManifest, operationLine } from "./common.js";
import { apiErrorText } from "./errors.js";
import { readManifests, yamlChunkToValue } from "./manifests.js";
import { parseOutputFormat, printObjects } from "./output.js";
import { applyJsonPatch, decodeJsonPatch } from "./patch/json-patch.js";
import { schemaOfKind } from "./patch/patch-strategies.js";
import { applyMergePatch, applyStrategicMergePatch, PatchError } from "./patch/strategic-merge.js";
import { resolveTargets } from "./targets.js";
import { defineVerb, type KubectlContext } from "./verb.js";

export const patchVerb = defineVerb({
  name: "patch",
  helpKey: "patch",
  overrides: { slices: ["filename"], noOptDefaults: { "dry-run": "unchanged" } },
  execute: (ctx) => patch(ctx),
});

type PatchType = "strategic" | "merge" | "json";

/** The patch document: JSON, or YAML converted to JSON (yaml.ToJSON). */
export function parsePatchText(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (jsonError) {
    const parsed = yamlChunkToValue(text);
    if (parsed.ok) return parsed;
    // A JSON document cut short reaches the patch decoder, whose complaint kubectl prints (recorded).
    if (/^\s*[{[]/.test(text) && /end of JSON input|Unexpected end/.test(String(jsonError))) return { ok: false, error: "error: invalid JSON document" };
    return { ok: false, error: `error: unable to parse "${text}": ${parsed.error}` };
  }
}

/** Applies one patch to an object as the API server's patcher does; the error is upstream's text. */
export function applyPatch(obj: KubeObject, type: PatchType, document: unknown): { ok: true; value: KubeObject } | { ok: false; error: string } {
  try {
    if (type === "json") return { ok: true, value: applyJsonPatch(obj, decodeJsonPatch(document)) as KubeObject };
    if (type === "merge") return { ok: true, value: applyMergePatch(obj, document) as KubeObject };
    return { ok: true, value: applyStrategicMergePatch(obj as unknown as Record<string, unknown>, document, schemaOfKind(obj.kind)) as unknown as KubeObject };
  } catch (e) {
    if (e instanceof PatchError) return { ok: false, error: e.message };
    throw e;
  }
}

async function patch(ctx: KubectlContext): Promise<CommandResult> {
  const out = parseOutputFormat(ctx.flags.string("output"), false, ctx.flags.string("template"));
  if (!out.ok) return failure(out.error);
  const dry = dryRunStrategy(ctx);
  if (!dry.ok) return failure(dry.error);
  if (ctx.flags.string("subresource") !== "") return failure("kadet: 'kubectl patch --subresource' is not simulated yet, so the command was not run");
  if (ctx.flags.string("kustomize") !== "") return failure("kadet: 'kubectl patch -k' is not simulated yet");
  const local = ctx.flags.bool("local");
  const files = ctx.flags.strings("filename");

  // Validate
  const type = ctx.flags.string("type");
  const inline = ctx.flags.string("patch");
  const patchFile = ctx.flags.string("patch-file");
  if (inline === "" && patchFile === "") return failure("error: must specify --patch or --patch-file containing the contents of the patch");
  if (inline !== "" && patchFile !== "") return failure("error: cannot specify --patch and --patch-file together");
  if (local && ctx.args.length > 0) return failure("error: cannot specify --local and server resources");
  if (local && dry.value === "server") return failure("error: cannot specify --local and --dry-run=server - did you mean --dry-run=client?");
  if (type !== "json" && type !== "merge" && type !== "strategic") return failure(`error: --type must be one of [json merge strategic], not "${type}"`);

  // Run: the resource builder first, then the patch text.
  let objects: { object: KubeObject; live: boolean }[];
  let stderr = dry.warning;
  if (local) {
    if (files.length === 0) return failure("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'");
    const read = await readManifests(ctx.family, files, ctx.flags.bool("recursive"));
    if (!read.ok) return failure(read.error);
    objects = read.manifests.map((m) => ({ object: m.object, live: false }));
  } else {
    const resolved = await resolveTargets(ctx, ctx.args);
    if (!resolved.ok) return failure(resolved.error);
    stderr += resolved.errors;
    objects = resolved.targets.filter((t) => t.object).map((t) => ({ object: t.object!, live: true }));
  }
  let text = inline;
  if (patchFile !== "") {
    const read = await ctx.family.readFile(patchFile);
    if (read === undefined) return failure(`${stderr}error: unable to read patch file: open ${patchFile}: no such file or directory`);
    text = read;
  }
  const document = parsePatchText(text);
  if (!document.ok) return failure(stderr + document.error);

  let stdout = "";
  const errors: string[] = [];
  for (const { object, live } of objects) {
    const patched = applyPatch(object, type, document.value);
    if (!patched.ok) {
      errors.push(live ? serverPatchError(type, patched.error) : `error: ${patched.error}`);
      continue;
    }
    let result = patched.value;
    const changed = JSON.stringify(result) !== JSON.stringify(object);
    if (live && dry.value !== "client" && changed) {
      const info = kindOfManifest(object)!;
      const written = ctx.world.api.update(info, { ...result, metadata: { ...result.metadata, resourceVersion: object.metadata?.resourceVersion } } as KubeObject, { dryRun: dry.value === "server" });
      if (!written.ok) {
        errors.push(apiErrorText(written.error));
        continue;
      }
      result = written.value;
    }
    if (!out.format || out.format.kind === "name") {
      stdout += operationLine(result, changed ? "patched" : "patched (no change)", dry.value, out.format?.kind === "name");
      continue;
    }
    const printed = printObjects([result as StoredObject], out.format, { now: ctx.world.clock.now(), single: true });
    if ("error" in printed) errors.push(printed.error.startsWith("error: ") ? printed.error : `error: ${printed.error}`);
    else stdout += printed.stdout;
  }
  // Each line as cmdutil.CheckErr prints it: API errors bare (`The Deployment "web" is invalid`), others `error: `.
  stderr += [...new Set(errors)].map((e) => (e.endsWith("\n") ? e : `${e}\n`)).join("");
  return { stdout, stderr, exitCode: errors.length > 0 || stderr.length > dry.warning.length ? 1 : 0 };
}

/**
 * How kube-apiserver answers a patch it cannot apply (endpoints/handlers/patch.go,
 * interpretPatchError / interpretJSONPatchError): a failed JSON patch `test` is 422 with the
 * generic message, other patch errors are 400 with the patcher's text.
 */
function serverPatchError(type: PatchType, message: string): string {
  if (type === "json" && message.startsWith("testing value ")) return "The request is invalid: the server rejected our request due to an error in our request";
  return `Error from server (BadRequest): ${message}`;
}
