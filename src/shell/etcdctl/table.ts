/**
 * etcdctl's table format: olekukonko/tablewriter as printer_table.go sets it
 * up (ALIGN_RIGHT cells, headers centred with the left half rounded down,
 * one space of padding, +---+ borders). Recorded in testdata/*.table.golden.
 */
export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const border = `+${widths.map((w) => "-".repeat(w + 2)).join("+")}+\n`;
  const centre = (text: string, width: number) => {
    const gap = width - text.length;
    const left = Math.floor(gap / 2);
    return " ".repeat(left) + text + " ".repeat(gap - left);
  };
  const head = `|${header.map((h, i) => ` ${centre(h, widths[i]!)} `).join("|")}|\n`;
  const body = rows.map((r) => `|${widths.map((w, i) => ` ${(r[i] ?? "").padStart(w)} `).join("|")}|\n`).join("");
  return border + head + border + body + border;
}

/** dustin/go-humanize Bytes (SI units), as etcdctl prints DB sizes: "20 kB", "2.5 MB". */
export function humanizeBytes(bytes: number): string {
  if (bytes < 10) return `${bytes} B`;
  const units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
  const e = Math.floor(Math.log(bytes) / Math.log(1000));
  const value = bytes / 1000 ** e;
  const rounded = Math.floor(value * 10 + 0.5) / 10;
  // Go's %.0f rounds half to even (20.5 → "20", as etcdctl prints 20480 bytes).
  const text = rounded < 10 ? rounded.toFixed(1) : String(rounded % 1 === 0.5 && Math.floor(rounded) % 2 === 0 ? Math.floor(rounded) : Math.round(rounded));
  return `${text} ${units[e]}`;
}
