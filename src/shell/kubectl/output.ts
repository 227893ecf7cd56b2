/**
 * The `-o` flag: which printer kubectl picks (cli-runtime genericclioptions
 * PrintFlags) and printing a set of objects with it. Tables, YAML, JSON,
 * names, JSONPath and custom columns come from ./printers.
 */
import type { StoredObject } from "../../sim/api/types.js";
import { tableFor } from "./printers/columns.js";
import { printCustomColumns } from "./printers/customcolumns.js";
import { toJSON } from "./printers/json.js";
import { printGoTemplate } from "./printers/go-template.js";
import { printJSONPath } from "./printers/jsonpath.js";
import { printNames } from "./printers/name.js";
import { printTable } from "./printers/table.js";
import { toYAML } from "./printers/yaml.js";

export type OutputFormat =
  | { kind: "table"; wide: boolean }
  | { kind: "yaml" }
  | { kind: "json" }
  | { kind: "name" }
  | { kind: "jsonpath"; template: string }
  | { kind: "custom-columns"; spec: string }
  | { kind: "go-template"; template: string };

const OBJECT_FORMATS = "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml";
const GET_FORMATS = "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml";

/**
 * Reads `-o`. `forGet` allows the table formats (wide, custom-columns) that
 * only `get` has. The error is kubectl's NoCompatiblePrinterError text.
 */
export function parseOutputFormat(text: string, forGet: boolean, templateFlag = ""): { ok: true; format: OutputFormat | undefined } | { ok: false; error: string } {
  // PrintFlags.ToPrinter: --template alone means -o go-template.
  if (text === "" && templateFlag !== "") text = "go-template";
  const gt = text.match(/^(go-template|template)(?:=(.*))?$/s);
  if (gt) {
    const template = gt[2] ?? templateFlag;
    if (template === "") return { ok: false, error: "error: template format specified but no template given" };
    return { ok: true, format: { kind: "go-template", template } };
  }
  if (/^(go-template-file|templatefile)(=|$)/.test(text)) return { ok: false, error: `kadet: 'kubectl -o ${text.split("=")[0]}' is not simulated yet (use -o go-template=...)` };
  if (text === "") return { ok: true, format: forGet ? { kind: "table", wide: false } : undefined };
  if (text === "yaml") return { ok: true, format: { kind: "yaml" } };
  if (text === "json") return { ok: true, format: { kind: "json" } };
  if (text === "name") return { ok: true, format: { kind: "name" } };
  if (forGet && text === "wide") return { ok: true, format: { kind: "table", wide: true } };
  const jp = text.match(/^jsonpath=(.*)$/s);
  if (jp) return { ok: true, format: { kind: "jsonpath", template: jp[1]! } };
  const cc = text.match(/^custom-columns=(.*)$/s);
  if (forGet && cc) return { ok: true, format: { kind: "custom-columns", spec: cc[1]! } };
  const name = text.split("=")[0];
  return {
    ok: false,
    error: `error: unable to match a printer suitable for the output format "${name}", allowed formats are: ${forGet ? GET_FORMATS : OBJECT_FORMATS}`,
  };
}

export interface PrintOptions {
  now: number;
  /** Whether the user asked for one object by name (printed bare) rather than a list. */
  single: boolean;
  noHeaders?: boolean;
  showLabels?: boolean;
  withNamespace?: boolean;
  withKind?: boolean;
  columnLabels?: string[];
  /** Objects built by kubectl itself keep Go field order in JSON. */
  keyOrder?: "sorted" | "asIs";
}

/** A List the way kubectl wraps several objects for -o yaml|json|jsonpath. */
export function asList(objects: readonly unknown[]): Record<string, unknown> {
  return { apiVersion: "v1", items: objects, kind: "List", metadata: { resourceVersion: "" } };
}

/** Prints objects (all of one kind for tables); returns stdout or kubectl's stderr text. */
export function printObjects(objects: readonly StoredObject[] | readonly Record<string, unknown>[], format: OutputFormat, options: PrintOptions): { stdout: string } | { error: string } {
  const data = options.single && objects.length === 1 ? objects[0] : asList(objects);
  switch (format.kind) {
    case "yaml":
      return { stdout: options.single && objects.length === 1 ? toYAML(data) : toYAML(data) };
    case "json":
      return { stdout: toJSON(data, { keyOrder: options.keyOrder ?? "sorted" }) };
    case "name":
      return { stdout: printNames(objects as never) };
    case "jsonpath":
      return printJSONPath(format.template, data);
    case "custom-columns":
      return printCustomColumns(format.spec, objects, options.noHeaders ?? false);
    case "go-template":
      return printGoTemplate(format.template, data);
    case "table": {
      const kind = (objects[0] as { kind?: string } | undefined)?.kind ?? "";
      return {
        stdout: printTable(tableFor(kind, objects as never, options.now), {
          wide: format.wide,
          noHeaders: options.noHeaders ?? false,
          showLabels: options.showLabels ?? false,
          withNamespace: options.withNamespace ?? false,
          withKind: options.withKind ?? false,
          columnLabels: options.columnLabels ?? [],
        }),
      };
    }
  }
}
