/**
 * `kubectl get`: tables per kind, -o yaml|json|name|wide|jsonpath|custom-columns,
 * selectors, -A, and kubectl's "No resources found" notice on stderr
 * (kubectl/pkg/cmd/get/get.go).
 * https://kubernetes.io/docs/reference/kubectl/generated/kubectl_get/
 */
import { convertFieldSelector, fieldSelectorErrorText, matchesFields, parseFieldSelector } from "./field-selector.js";
import { sortObjectsBy } from "./printers/sort-by.js";
import { parseSelectorFlag } from "./targets.js";
import { matches } from "../../sim/core/labels.js";
import type { StoredObject } from "../../sim/api/types.js";
import { failure, type CommandResult } from "../types.js";
import { apiErrorText } from "./errors.js";
import { parseOutputFormat, printObjects } from "./output.js";
import { parseResourceArgs } from "./resources.js";
import { defineVerb, type KubectlContext } from "./verb.js";

export const NO_RESOURCE_TYPE =
  'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
  "error: Required resource not specified.\n" +
  'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n' +
  "See 'kubectl get -h' for help and examples";

export const getVerb = defineVerb({
  name: "get",
  helpKey: "get",
  overrides: { slices: ["label-columns"] },
  execute: (ctx) => get(ctx),
});

/** Whether kubectl prints "in NS namespace" after "No resources found". */
function noResourcesMessage(ctx: KubectlContext, allNamespaces: boolean, namespaced: boolean): string {
  return allNamespaces || !namespaced ? "No resources found\n" : `No resources found in ${ctx.namespace} namespace.\n`;
}

function get(ctx: KubectlContext): CommandResult {
  if (ctx.flags.bool("watch") || ctx.flags.bool("watch-only")) return failure("kadet: 'kubectl get --watch' is not simulated");
  if (ctx.flags.strings("filename").length > 0) return failure("kadet: 'kubectl get -f' is not simulated yet");
  if (ctx.flags.string("kustomize") !== "") return failure("kadet: 'kubectl get -k' is not simulated yet");
  const out = parseOutputFormat(ctx.flags.string("output"), true, ctx.flags.string("template"));
  if (!out.ok) return failure(out.error);
  const format = out.format!;
  const parsed = parseResourceArgs(ctx.args);
  if (!parsed.ok) return failure(parsed.error);
  if (parsed.requests.length === 0) return failure(NO_RESOURCE_TYPE);

  const parsedSelector = parseSelectorFlag(ctx.flags.string("selector"));
  if (!parsedSelector.ok) return failure(parsedSelector.error);
  const selector = parsedSelector.selector;
  const fieldText = ctx.flags.string("field-selector");
  const fields = fieldText === "" ? [] : parseFieldSelector(fieldText);
  if (typeof fields === "string") return failure(`error: ${fields}`);
  if (parsed.byName && selector) return failure("error: name cannot be provided when a selector is specified");

  const allNamespaces = ctx.flags.bool("all-namespaces");
  const now = ctx.world.clock.now();
  let stderr = "";
  const found: { objects: StoredObject[] }[] = [];
  for (const request of parsed.requests) {
    const namespace = request.info.namespaced && !allNamespaces ? ctx.namespace : undefined;
    let objects: StoredObject[];
    if (request.names.length > 0) {
      objects = [];
      for (const name of request.names) {
        const result = ctx.world.api.get(request.info, request.info.namespaced ? ctx.namespace : undefined, name);
        if (result.ok) objects.push(result.value);
        else stderr += `${apiErrorText(result.error)}\n`;
      }
    } else {
      const converted = convertFieldSelector(request.info, fields);
      if (!converted.ok) return failure(fieldSelectorErrorText(request.info, ctx.flags.string("selector"), fieldText, converted.message));
      objects = ctx.world.api.list(request.info, namespace);
      if (selector) objects = objects.filter((o) => matches(o.metadata.labels, selector!));
      objects = objects.filter((o) => matchesFields(request.info, o, converted.requirements));
    }
    found.push({ objects });
  }

  const single = parsed.byName && parsed.requests.length === 1 && parsed.requests[0]!.names.length === 1;
  const sortBy = ctx.flags.string("sort-by");
  if (sortBy !== "") {
    const sorted = sortAsGetDoes(found, parsed.requests, sortBy, format.kind === "table", single, now);
    // The table path returns the sorter's error alone; printGeneric aggregates it with the others.
    if (typeof sorted === "string") return { stdout: "", stderr: (format.kind === "table" ? "" : stderr) + sorted + "\n", exitCode: 1 };
  }
  const all = found.flatMap((f) => f.objects);
  const anyNamespaced = parsed.requests.some((r) => r.info.namespaced);
  if (all.length === 0) {
    const notice = parsed.byName ? "" : noResourcesMessage(ctx, allNamespaces, anyNamespaced);
    return { stdout: "", stderr: stderr + notice, exitCode: stderr === "" ? 0 : 1 };
  }

  const exitCode = stderr === "" ? 0 : 1;
  if (format.kind !== "table") {
    const printed = printObjects(all, format, { now, single, noHeaders: ctx.flags.bool("no-headers") });
    if ("error" in printed) return { stdout: "", stderr: stderr + printed.error, exitCode: 1 };
    return { stdout: printed.stdout, stderr, exitCode };
  }
  // One table per kind, blank line between, kind/name in NAME when several kinds are asked for.
  const withKind = parsed.requests.length > 1 || ctx.flags.bool("show-kind");
  const tables = found
    .filter((f) => f.objects.length > 0)
    .map((f) => {
      const printed = printObjects(f.objects, format, {
        now,
        single: false,
        noHeaders: ctx.flags.bool("no-headers"),
        showLabels: ctx.flags.bool("show-labels"),
        withNamespace: allNamespaces && f.objects.some((o) => o.metadata.namespace !== undefined),
        withKind,
        columnLabels: ctx.flags.strings("label-columns"),
      });
      return "stdout" in printed ? printed.stdout : "";
    });
  return { stdout: tables.join("\n"), stderr, exitCode };
}

/**
 * Where get.go sorts: a table per kind, its rows (by name, each object is a one-row table of its
 * own, so named objects keep their order); any other output, every object in one list, unless a
 * single object was asked for by name. Sorts `found` in place; returns kubectl's error text.
 */
function sortAsGetDoes(found: { objects: StoredObject[] }[], requests: readonly { names: string[] }[], path: string, table: boolean, single: boolean, now: number): string | undefined {
  if (!table) {
    if (single) return undefined;
    const sorted = sortObjectsBy(found.flatMap((f) => f.objects), path, "list", now);
    if (!sorted.ok) return sorted.error;
    // One list across kinds: the sorted order replaces the per-kind groups.
    found.splice(0, found.length, { objects: sorted.objects });
    return undefined;
  }
  for (const [i, f] of found.entries()) {
    const tables = requests[i]!.names.length > 0 ? f.objects.map((o) => [o]) : [f.objects];
    const out: StoredObject[] = [];
    for (const rows of tables) {
      const sorted = sortObjectsBy(rows, path, "table", now);
      if (!sorted.ok) return sorted.error;
      out.push(...sorted.objects);
    }
    f.objects = out;
  }
  return undefined;
}
