/**
 * How the docker CLI prints lists (docker/cli cli/command/formatter):
 * `--format` is a Go template run once per row; `table ...` adds a header
 * row (the template run over the column names) and aligns the cells with
 * text/tabwriter (minwidth 10, tabwidth 1, padding 3, spaces); `json` is
 * `{{json .}}`. Plus go-units' HumanDuration for the CREATED column.
 */
import { executeTemplate, type TemplateResult } from "./go-template.js";

/** github.com/docker/go-units HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < 1) return "Less than a second";
  if (seconds === 1) return "1 second";
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes === 1) return "About a minute";
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(seconds / 3600);
  if (hours === 1) return "About an hour";
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(seconds / 3600 / 24 / 365)} years`;
}

/** text/tabwriter.NewWriter(out, 10, 1, 3, ' ', 0) over tab-separated lines. */
export function tabwrite(text: string): string {
  const trailingNewline = text.endsWith("\n");
  const lines = (trailingNewline ? text.slice(0, -1) : text).split("\n").map((l) => l.split("\t"));
  const widths: number[] = [];
  for (const cells of lines) {
    cells.slice(0, -1).forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, 10, [...cell].length + 3);
    });
  }
  const out = lines.map((cells) => cells.map((cell, i) => (i < cells.length - 1 ? cell + " ".repeat(widths[i]! - [...cell].length) : cell)).join("")).join("\n");
  return trailingNewline ? `${out}\n` : out;
}

export interface ListFormat {
  /** The --format value as given ("" for the command's default). */
  format: string;
  /** The command's default, e.g. "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}". */
  defaultFormat: string;
  /** What `-q` prints: "table {{.ID}}" without the header. */
  quietFormat?: string;
  quiet?: boolean;
  /** Column titles by field name, for the header row. */
  headers: Record<string, string>;
}

/** Renders rows as the CLI does; an error is the template's own message. */
export function renderList(rows: readonly Record<string, unknown>[], spec: ListFormat): TemplateResult {
  let format = spec.format || spec.defaultFormat;
  if (spec.quiet && spec.quietFormat) format = spec.quietFormat;
  if (format === "json") format = "{{json .}}";
  const table = format.startsWith("table");
  const template = (table ? format.slice(5).trimStart() : format).replace(/\\t/g, "\t").replace(/\\n/g, "\n");
  let out = "";
  if (table && !spec.quiet) {
    const header = executeTemplate(template, spec.headers);
    if (!header.ok) return header;
    out += `${header.output}\n`;
  }
  for (const row of rows) {
    const line = executeTemplate(template, row);
    if (!line.ok) return line;
    out += `${line.output}\n`;
  }
  return { ok: true, output: table ? tabwrite(out) : out };
}

/** Go's time.RFC3339Nano of a virtual-clock instant: fractional seconds without trailing zeros. */
export function rfc3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString();
  const [whole, frac] = iso.slice(0, -1).split(".") as [string, string];
  const trimmed = frac.replace(/0+$/, "");
  return `${whole}${trimmed ? `.${trimmed}` : ""}Z`;
}
