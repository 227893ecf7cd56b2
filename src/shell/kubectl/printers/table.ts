/**
 * kubectl's human-readable tables: the column decoration of cli-runtime
 * printers/tableprinter.go (upper-case headers, wide-only columns, NAMESPACE
 * first for -A, -L label columns, LABELS last for --show-labels, kind/name
 * for several kinds at once) and the alignment of Go's text/tabwriter as
 * kubectl configures it (minwidth 6, padding 3, spaces).
 */
import { resourceKindPrefix, type NamedObject } from "./name.js";

const TABWRITER_MIN_WIDTH = 6;
const TABWRITER_PADDING = 3;

/** A column definition as printers.go declares it; priority 1 means `-o wide` only. */
export interface TableColumn {
  name: string;
  priority?: number;
}

export type Cell = string | number | boolean | null | undefined;

export interface TableRow {
  cells: Cell[];
  /** The object the row describes; its namespace and labels feed the decorations. */
  object?: NamedObject & { metadata?: { name?: string; namespace?: string; labels?: Record<string, string> } };
}

export interface Table {
  columns: TableColumn[];
  rows: TableRow[];
}

export interface TableOptions {
  wide?: boolean;
  noHeaders?: boolean;
  /** -A / --all-namespaces: a NAMESPACE column first. */
  withNamespace?: boolean;
  /** --show-labels: a LABELS column last. */
  showLabels?: boolean;
  /** -L key1,key2: one column per key, headed by the key's last path segment. */
  columnLabels?: string[];
  /** Prefix NAME cells with kind.group/ (kubectl get all, or several kinds). */
  withKind?: boolean;
}

/** labels.FormatLabels: "k=v,k2=v2" sorted by key, "<none>" when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return "<none>";
  return keys.map((k) => `${k}=${labels![k]}`).join(",");
}

function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "string") {
    // printTable truncates a cell at its first newline.
    const nl = cell.indexOf("\n");
    return nl >= 0 ? cell.slice(0, nl) + "..." : cell;
  }
  return String(cell);
}

/** A cell's width as tabwriter counts it: in code points (UTF-16 surrogate pairs are one). */
function widthOf(cell: string): number {
  return SURROGATE.test(cell) ? Array.from(cell).length : cell.length;
}
const SURROGATE = /[\ud800-\udfff]/;

/** Go text/tabwriter with kubectl's settings, over lines of cells. */
export function formatTabular(lines: string[][]): string {
  const widths: number[] = [];
  // Each cell's width, row after row (the last cell of a line is not padded, so not kept).
  const cellWidths: number[] = [];
  for (const line of lines) {
    for (let i = 0; i < line.length - 1; i++) {
      const width = widthOf(line[i]!);
      cellWidths.push(width);
      widths[i] = Math.max(widths[i] ?? 0, TABWRITER_MIN_WIDTH, width + TABWRITER_PADDING);
    }
  }
  let out = "";
  let k = 0;
  for (let row = 0; row < lines.length; row++) {
    const line = lines[row]!;
    if (row > 0) out += "\n";
    for (let i = 0; i < line.length - 1; i++) out += line[i]! + " ".repeat(widths[i]! - cellWidths[k++]!);
    if (line.length > 0) out += line[line.length - 1]!;
  }
  return lines.length > 0 ? `${out}\n` : out;
}

/** printTable + decorateTable: the text `kubectl get` prints for one kind's rows. */
export function printTable(table: Table, options: TableOptions = {}): string {
  if (table.rows.length === 0) return ""; // kubectl prints no headers for no rows
  const visible = table.columns.flatMap((c, i) => (options.wide || !c.priority ? [i] : []));
  const columnLabels = options.columnLabels ?? [];
  const lines: string[][] = [];
  if (!options.noHeaders) {
    const headers = visible.map((i) => table.columns[i]!.name.toUpperCase());
    for (const label of columnLabels) headers.push(label.split("/").pop()!.toUpperCase());
    if (options.showLabels) headers.push("LABELS");
    if (options.withNamespace) headers.unshift("NAMESPACE");
    lines.push(headers);
  }
  const nameIndex = table.columns.findIndex((c) => c.name === "Name");
  for (const row of table.rows) {
    const line: string[] = [];
    if (options.withNamespace) line.push(row.object?.metadata?.namespace ?? "");
    for (const i of visible) {
      const text = cellText(row.cells[i]);
      line.push(i === nameIndex && options.withKind && row.object ? `${resourceKindPrefix(row.object)}/${text}` : text);
    }
    if (columnLabels.length > 0 || options.showLabels) {
      const labels = row.object?.metadata?.labels ?? {};
      for (const key of columnLabels) line.push(labels[key] ?? "");
      if (options.showLabels) line.push(formatLabels(labels));
    }
    lines.push(line);
  }
  return formatTabular(lines);
}
