/**
 * The `-o` dispatcher for kubectl verbs: turns the objects a command
 * produced into exactly what kubectl prints. Returns stdout text, or the
 * full stderr text kubectl prints before exiting 1 ("error: ...\n").
 */
import { printCustomColumns } from "./customcolumns.js";
import { toJSON } from "./json.js";
import { printJSONPath } from "./jsonpath.js";
import { printNames } from "./name.js";
import { printTable, type TableOptions } from "./table.js";
import { tableFor } from "./columns.js";
import { toYAML } from "./yaml.js";

export { humanDuration, shortHumanDuration, translateTimestampSince } from "./age.js";
export { toYAML } from "./yaml.js";
export { toJSON } from "./json.js";
export { formatName, printNames } from "./name.js";
export { printJSONPath, parseJSONPath, executeJSONPath, findJSONPathResults } from "./jsonpath.js";
export { printCustomColumns } from "./customcolumns.js";
export { printTable, formatTabular, formatLabels, type Table, type TableColumn, type TableRow, type TableOptions } from "./table.js";
export { tableFor, podRow, formatLabelSelector, KIND_PRINTERS } from "./columns.js";

/** `kubectl get -o xml`: the formats get accepts, sorted, as printflags lists them. */
export const GET_OUTPUT_FORMATS = [
  "custom-columns", "custom-columns-file", "go-template", "go-template-file", "json", "jsonpath",
  "jsonpath-as-json", "jsonpath-file", "name", "template", "templatefile", "wide", "yaml",
] as const;

export type PrintResult = { stdout: string } | { error: string };

export interface PrintOptions extends Omit<TableOptions, "wide"> {
  /** The virtual clock, for AGE columns. */
  now: number;
  /**
   * Print the objects as one List (kubectl get by type, or several names);
   * false prints a lone object by itself (kubectl get TYPE NAME).
   */
  asList?: boolean;
  /** JSON key order; see json.ts. Defaults to sorted, as for server objects. */
  keyOrder?: "sorted" | "asIs";
}

interface PrintableObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** The unstructured List kubectl get wraps several objects in. */
export function listOf(objects: readonly unknown[]): Record<string, unknown> {
  return { apiVersion: "v1", items: [...objects], kind: "List", metadata: { resourceVersion: "" } };
}

/** Several kinds print one table each, separated by a blank line (kubectl get all). */
function printTables(objects: readonly PrintableObject[], wide: boolean, options: PrintOptions): string {
  const kinds: string[] = [];
  for (const o of objects) if (!kinds.includes(o.kind ?? "")) kinds.push(o.kind ?? "");
  const withKind = options.withKind ?? kinds.length > 1;
  return kinds
    .map((kind) => printTable(tableFor(kind, objects.filter((o) => (o.kind ?? "") === kind), options.now), { ...options, wide, withKind }))
    .filter((t) => t !== "")
    .join("\n");
}

/**
 * Prints objects for `-o FORMAT` ("" is the default table). Unsupported but
 * real formats (go-template, *-file) say so plainly rather than pretend.
 */
export function printObjects(objects: readonly PrintableObject[], format: string, options: PrintOptions): PrintResult {
  const single = objects.length === 1 && !options.asList;
  const document = single ? objects[0] : listOf(objects);
  const eq = format.indexOf("=");
  const name = eq === -1 ? format : format.slice(0, eq);
  const arg = eq === -1 ? "" : format.slice(eq + 1);
  switch (name) {
    case "":
      return { stdout: printTables(objects, false, options) };
    case "wide":
      return { stdout: printTables(objects, true, options) };
    case "yaml":
      return { stdout: toYAML(document) };
    case "json":
      return { stdout: toJSON(document, { keyOrder: options.keyOrder ?? "sorted" }) };
    case "name":
      return { stdout: printNames(objects) };
    case "jsonpath":
      return printJSONPath(arg, document);
    case "custom-columns":
      return printCustomColumns(arg, objects, options.noHeaders ?? false);
    case "go-template":
    case "go-template-file":
    case "template":
    case "templatefile":
    case "jsonpath-file":
    case "jsonpath-as-json":
    case "custom-columns-file":
      return { error: `kadet: 'kubectl -o ${name}' is not simulated\n` };
  }
  return {
    error: `error: unable to match a printer suitable for the output format "${format}", allowed formats are: ${GET_OUTPUT_FORMATS.join(",")}\n`,
  };
}
