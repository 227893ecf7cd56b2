/**
 * `-o custom-columns=HEADER:path,...` (cli-runtime printers/customcolumn.go):
 * headers as given, each cell the JSONPath results joined by commas (Go %v
 * for maps and lists), "<none>" when a path finds nothing.
 */
import { goPrint } from "./gofmt.js";
import { findJSONPathResults, parseJSONPath } from "./jsonpath.js";
import { formatTabular } from "./table.js";

const relaxedPath = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/;

/** RelaxedJSONPathExpression: "name", ".name", "{name}", "{.name}" all become "{.name}". */
export function relaxedJSONPathExpression(path: string): { ok: true; template: string } | { ok: false; error: string } {
  if (path.length === 0) return { ok: true, template: path };
  const m = relaxedPath.exec(path);
  if (!m) {
    return { ok: false, error: "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'" };
  }
  return { ok: true, template: `{.${m[1] || m[2]}}` };
}

/** Prints objects as custom columns; the error is kubectl's stderr text. */
export function printCustomColumns(spec: string, objects: readonly unknown[], noHeaders: boolean): { stdout: string } | { error: string } {
  if (spec.length === 0) return { error: "error: custom-columns format specified but no custom columns given\n" };
  const headers: string[] = [];
  const templates: string[] = [];
  for (const part of spec.split(",")) {
    const colon = part.indexOf(":");
    if (colon === -1) {
      return { error: `error: unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>\n` };
    }
    const relaxed = relaxedJSONPathExpression(part.slice(colon + 1));
    if (!relaxed.ok) return { error: `error: ${relaxed.error}\n` };
    headers.push(part.slice(0, colon));
    templates.push(relaxed.template);
  }
  const parsed = [];
  for (const t of templates) {
    const p = parseJSONPath(t);
    if (!p.ok) return { error: `error: ${p.error}\n` };
    parsed.push(p.root);
  }
  const lines: string[][] = noHeaders ? [] : [headers];
  for (const obj of objects) {
    const line: string[] = [];
    for (const root of parsed) {
      const r = findJSONPathResults(root, obj, true);
      if (!r.ok) return { error: `error: ${r.error}\n` };
      const values = r.results;
      line.push(values.length === 0 || values[0]!.length === 0 ? "<none>" : values.flat().map(goPrint).join(","));
    }
    lines.push(line);
  }
  return { stdout: formatTabular(lines) };
}

