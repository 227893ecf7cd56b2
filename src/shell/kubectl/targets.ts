/**
 * The objects a mutating verb (delete, label, scale) acts on: named ones,
 * those a selector or --all picks, or those named in -f manifests, resolved
 * the way kubectl's resource builder resolves them.
 */
import type { KindInfo } from "../../sim/api/kinds.js";
import type { StoredObject } from "../../sim/api/types.js";
import { matches, parseSelector, SelectorParseError, type Selector } from "../../sim/core/labels.js";
import { kindOfManifest } from "./common.js";
import { apiErrorText } from "./errors.js";
import { convertFieldSelector, fieldSelectorErrorText, matchesFields, parseFieldSelector } from "./field-selector.js";
import { readFilesOrKustomization } from "./kustomize/source.js";
import { parseResourceArgs } from "./resources.js";
import type { KubectlContext } from "./verb.js";

export const NO_RESOURCES_GIVEN =
  "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

export interface Target {
  info: KindInfo;
  namespace: string | undefined;
  name: string;
  /** The live object, or undefined when it was not found (error already recorded). */
  object?: StoredObject;
}

export type TargetsResult = { ok: true; targets: Target[]; errors: string; listed: boolean } | { ok: false; error: string };

export async function resolveTargets(ctx: KubectlContext, args: readonly string[], options: { ignoreNotFound?: boolean } = {}): Promise<TargetsResult> {
  const files = ctx.flags.strings("filename");
  const selectorText = ctx.flags.has("selector") ? ctx.flags.string("selector") : "";
  const fieldText = ctx.flags.has("field-selector") ? ctx.flags.string("field-selector") : "";
  const all = ctx.flags.has("all") && ctx.flags.bool("all");
  const allNamespaces = ctx.flags.has("all-namespaces") && ctx.flags.bool("all-namespaces");
  const targets: Target[] = [];
  let errors = "";
  const lookUp = (info: KindInfo, namespace: string | undefined, name: string) => {
    const got = ctx.world.api.get(info, namespace, name);
    if (got.ok) targets.push({ info, namespace, name, object: got.value });
    else if (!(options.ignoreNotFound && got.error.reason === "NotFound")) errors += `${apiErrorText(got.error)}\n`;
  };
  if (files.length > 0 || ctx.flags.string("kustomize") !== "") {
    const read = await readFilesOrKustomization(ctx, true);
    if (!read.ok) return { ok: false, error: `${read.warnings ?? ""}${read.error}` };
    for (const { object, decodeError } of read.manifests) {
      // The ContinueOnError builder reports a document it could not decode and visits the rest.
      if (decodeError !== undefined) {
        errors += `${decodeError}\n`;
        continue;
      }
      const info = kindOfManifest(object);
      if (!info) return { ok: false, error: `error: no matches for kind "${object.kind}" in version "${object.apiVersion}"` };
      lookUp(info, info.namespaced ? object.metadata?.namespace ?? ctx.namespace : undefined, object.metadata?.name ?? "");
    }
    return { ok: true, targets, errors, listed: false };
  }
  if (args.length === 0) return { ok: false, error: NO_RESOURCES_GIVEN };
  const parsed = parseResourceArgs(args);
  if (!parsed.ok) return parsed;
  const selecting = selectorText !== "" || fieldText !== "" || all;
  if (parsed.byName && selecting) return { ok: false, error: "error: name cannot be provided when a selector is specified" };
  if (!parsed.byName && !selecting) return { ok: false, error: "error: resource(s) were provided, but no name was specified" };
  const parsedSelector = parseSelectorFlag(selectorText);
  if (!parsedSelector.ok) return parsedSelector;
  const selector = parsedSelector.selector ?? [];
  const fields = fieldText === "" ? [] : parseFieldSelector(fieldText);
  if (typeof fields === "string") return { ok: false, error: `error: ${fields}` };
  for (const request of parsed.requests) {
    const namespace = request.info.namespaced ? ctx.namespace : undefined;
    if (parsed.byName) {
      for (const name of request.names) lookUp(request.info, namespace, name);
    } else {
      const listNs = request.info.namespaced && !allNamespaces ? ctx.namespace : undefined;
      const converted = convertFieldSelector(request.info, fields);
      if (!converted.ok) return { ok: false, error: fieldSelectorErrorText(request.info, selectorText, fieldText, converted.message) };
      for (const object of ctx.world.api.list(request.info, listNs)) {
        if (matches(object.metadata.labels, selector) && matchesFields(request.info, object, converted.requirements)) targets.push({ info: request.info, namespace: object.metadata.namespace, name: object.metadata.name, object });
      }
    }
  }
  return { ok: true, targets, errors, listed: !parsed.byName };
}

/** The `-l` flag's value as a selector (undefined when empty), or kubectl's error for a malformed one. */
export function parseSelectorFlag(text: string): { ok: true; selector: Selector | undefined } | { ok: false; error: string } {
  if (text === "") return { ok: true, selector: undefined };
  try {
    return { ok: true, selector: parseSelector(text) };
  } catch (e) {
    if (e instanceof SelectorParseError) return { ok: false, error: `error: ${e.message}` };
    throw e;
  }
}
