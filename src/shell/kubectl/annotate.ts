/**
 * `kubectl annotate`: add (`k=v`), overwrite (only with --overwrite, even to the same value) and
 * remove (`k-`) annotations on named, selected or -f objects; `--list` prints them and
 * `--local -f` edits a file's objects without the server. Texts and checks are
 * kubectl/pkg/cmd/annotate/annotate.go (1.32) and cmdutil.ParsePairs/GetResourcesAndPairs.
 * https://kubernetes.io/docs/reference/kubectl/generated/kubectl_annotate/
 */
import type { KubeObject, StoredObject } from "../../sim/api/types.js";
import { failure, type CommandResult } from "../types.js";
import { dryRunStrategy, kindOfManifest, operationLine } from "./common.js";
import { apiErrorText } from "./errors.js";
import { readManifests } from "./manifests.js";
import { parseOutputFormat, printObjects } from "./output.js";
import { splitResourcesAndPairs } from "./set.js";
import { resolveTargets } from "./targets.js";
import { defineVerb, type KubectlContext } from "./verb.js";

export const annotateVerb = defineVerb({
  name: "annotate",
  helpKey: "annotate",
  overrides: { slices: ["filename"], noOptDefaults: { "dry-run": "unchanged" } },
  execute: (ctx) => annotate(ctx),
});

/** polymorphichelpers.ChangeCauseAnnotation: the one key --overwrite never guards. */
const CHANGE_CAUSE = "kubernetes.io/change-cause";

/** cmdutil.ParsePairs(args, kind, supportRemove=true): `k=v` sets, `k-` removes, anything else is invalid. */
export function parsePairsWithRemoval(pairs: readonly string[], pairType: string): { set: Map<string, string>; remove: string[] } | string {
  const set = new Map<string, string>();
  const remove: string[] = [];
  const invalid: string[] = [];
  for (const pair of pairs) {
    if (pair.includes("=") && !pair.startsWith("=")) {
      const at = pair.indexOf("=");
      set.set(pair.slice(0, at), pair.slice(at + 1));
    } else if (pair.endsWith("-") && pair !== "-") {
      remove.push(pair.slice(0, -1));
    } else {
      invalid.push(pair);
    }
  }
  return invalid.length > 0 ? `invalid ${pairType} format: ${invalid.join(", ")}` : { set, remove };
}

/** updateAnnotations: refuses declared keys that exist unless overwrite; returns the new object or the error. */
export function withAnnotations(obj: KubeObject, set: ReadonlyMap<string, string>, remove: readonly string[], overwrite: boolean): KubeObject | string {
  const current = obj.metadata?.annotations ?? {};
  if (!overwrite) {
    const clashes = [...set.keys()].filter((k) => k !== CHANGE_CAUSE && k in current).map((k) => `'${k}' already has a value (${current[k]})`);
    if (clashes.length > 0) return `--overwrite is false but found the following declared annotation(s): ${clashes.join("; ")}`;
  }
  const annotations: Record<string, string> = { ...current };
  for (const [k, v] of set) annotations[k] = v;
  for (const k of remove) delete annotations[k];
  const updated = structuredClone(obj);
  updated.metadata = { ...updated.metadata, annotations };
  return updated;
}

async function annotate(ctx: KubectlContext): Promise<CommandResult> {
  // Complete
  const list = ctx.flags.bool("list");
  const outputText = ctx.flags.string("output");
  const dry = dryRunStrategy(ctx);
  if (!dry.ok) return failure(dry.error);
  const out = parseOutputFormat(outputText, false, ctx.flags.string("template"));
  if (!out.ok) return failure(out.error);
  // annotate.go's "--list and --output may not be specified together" is unreachable in 1.32
  // (recorded: `--list -o yaml` lists), so --list simply wins.
  const split = splitResourcesAndPairs(ctx.args, "annotation");
  if (typeof split === "string") return failure(`error: ${split}`);
  const pairs = parsePairsWithRemoval(split.pairs, "annotation");
  if (typeof pairs === "string") return failure(`error: ${pairs}`);

  // Validate
  const local = ctx.flags.bool("local");
  const files = ctx.flags.strings("filename");
  const all = ctx.flags.bool("all");
  if (all && ctx.flags.string("selector") !== "") return failure("error: cannot set --all and --selector at the same time");
  if (all && ctx.flags.string("field-selector") !== "") return failure("error: cannot set --all and --field-selector at the same time");
  if (!local && split.resources.length < 1 && files.length === 0) return failure("error: one or more resources must be specified as <resource> <name> or <resource>/<name>");
  if (local) {
    if (dry.value === "server") return failure("error: cannot specify --local and --dry-run=server - did you mean --dry-run=client?");
    if (split.resources.length > 0) return failure("error: can only use local files by -f rsrc.yaml or --filename=rsrc.json when --local=true is set");
    if (files.length === 0) return failure("error: one or more files must be specified as -f rsrc.yaml or --filename=rsrc.json");
  }
  if (pairs.set.size < 1 && pairs.remove.length < 1 && !list) return failure("error: at least one annotation update is required");
  const both = pairs.remove.filter((k) => pairs.set.has(k));
  if (both.length > 0) return failure(`error: can not both modify and remove the following annotation(s) in the same command: ${both.join(", ")}`);

  // Run
  let objects: { object: KubeObject; live: boolean }[];
  let stderr = dry.warning;
  let single: boolean;
  if (local) {
    const read = await readManifests(ctx.family, files, ctx.flags.bool("recursive"));
    if (!read.ok) return failure(read.error);
    // Unstructured(): the file's objects as written (no Go struct defaults, unlike `set image --local`).
    objects = read.manifests.map((m) => ({ object: m.object, live: false }));
    single = objects.length === 1;
  } else {
    const resolved = await resolveTargets(ctx, split.resources);
    if (!resolved.ok) return failure(resolved.error);
    stderr += resolved.errors;
    objects = resolved.targets.filter((t) => t.object).map((t) => ({ object: t.object!, live: true }));
    // IntoSingleItemImplied: one object named (or one file), not a list or a selection.
    single = !resolved.listed && resolved.targets.length === 1;
  }
  const resourceVersion = ctx.flags.string("resource-version");
  if (resourceVersion !== "" && !single) return failure(`${stderr}error: --resource-version may only be used with a single resource`);

  let stdout = "";
  const errors: string[] = [];
  for (const { object, live } of objects) {
    const updated = withAnnotations(object, pairs.set, pairs.remove, ctx.flags.bool("overwrite"));
    if (typeof updated === "string") {
      errors.push(`error: ${updated}`);
      continue;
    }
    let result: KubeObject = updated;
    if (live && !list && dry.value !== "client") {
      if (resourceVersion !== "") updated.metadata = { ...updated.metadata, resourceVersion };
      const info = kindOfManifest(object)!;
      const written = ctx.world.api.update(info, updated, { dryRun: dry.value === "server" });
      if (!written.ok) {
        errors.push(apiErrorText(written.error));
        continue;
      }
      result = written.value;
    }
    if (list) {
      const annotations = Object.entries(result.metadata?.annotations ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const indent = single ? "" : " ";
      if (!single) {
        const group = (result.apiVersion ?? "").includes("/") ? result.apiVersion!.split("/")[0] : "";
        stdout += `Listing annotations for ${result.kind}.${group}/${result.metadata?.name ?? ""}:\n`;
      }
      for (const [k, v] of annotations) stdout += `${indent}${k}=${v}\n`;
      continue;
    }
    if (!out.format || out.format.kind === "name") {
      stdout += operationLine(result, "annotated", dry.value, out.format?.kind === "name");
      continue;
    }
    const printed = printObjects([result as StoredObject], out.format, { now: ctx.world.clock.now(), single: true });
    if ("error" in printed) errors.push(printed.error.startsWith("error: ") ? printed.error : `error: ${printed.error}`);
    else stdout += printed.stdout;
  }
  // Each line as cmdutil.CheckErr prints it: API errors bare (`The Deployment "web" is invalid`), others `error: `.
  stderr += [...new Set(errors)].map((e) => (e.endsWith("\n") ? e : `${e}\n`)).join("");
  return { stdout, stderr, exitCode: errors.length > 0 || resolvedFailed(stderr, dry.warning) ? 1 : 0 };
}

/** A named object that was not found (its error already in stderr) makes the command fail, as the builder's error does. */
function resolvedFailed(stderr: string, warning: string): boolean {
  return stderr.slice(warning.length).trim() !== "";
}
