/**
 * The writer every describer prints through: a port of Go's text/tabwriter
 * as kubectl's describe.tabbedString configures it (minwidth 0, tabwidth 8,
 * padding 2, pad with spaces, no flags) and of describe.go's PrefixWriter
 * (two spaces per level). Cells end at a tab; a column block is a run of
 * consecutive lines that have a cell in that column, so alignment restarts
 * after any line without a tab, and `flush()` (what DescribeEvents calls
 * before its table) starts a fresh alignment too.
 */

const MIN_WIDTH = 0;
const PADDING = 2;

/** describe.go LEVEL_0 … LEVEL_4. */
export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;
export const LEVEL_4 = 4;

/** Formats tab-separated text the way text/tabwriter.Writer.Flush does. */
export function tabwrite(text: string): string {
  const lines = text.split("\n").map((line) => line.split("\t"));
  const terminated = text.endsWith("\n");
  if (terminated) lines.pop();
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (line0: number, line1: number): void => {
    for (let i = line0; i < line1; i++) {
      const cells = lines[i]!;
      let text = "";
      cells.forEach((cell, j) => {
        text += cell;
        if (j < cells.length - 1 && j < widths.length) text += " ".repeat(Math.max(0, widths[j]! - width(cell)));
      });
      out.push(text);
    }
  };

  // tabwriter.format: find each block of lines with a cell in the current column.
  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let current = line0; current < line1; current++) {
      if (column >= lines[current]!.length - 1) continue;
      writeLines(line0, current);
      line0 = current;
      let blockWidth = MIN_WIDTH;
      for (; current < line1; current++) {
        const cells = lines[current]!;
        if (column >= cells.length - 1) break;
        blockWidth = Math.max(blockWidth, width(cells[column]!) + PADDING);
      }
      widths.push(blockWidth);
      format(line0, current);
      widths.pop();
      line0 = current;
      current--; // the outer loop's increment must look at the line that ended the block
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out.join("\n") + (terminated ? "\n" : "");
}

/** Go counts a cell's width in runes. */
function width(cell: string): number {
  return Array.from(cell).length;
}

/** describe.PrefixWriter over a tabwriter: Write(level, text), WriteLine, Flush. */
export class PrefixWriter {
  private flushed = "";
  private pending = "";

  /** Writes text indented by two spaces per level. */
  write(level: number, text: string): void {
    this.pending += "  ".repeat(level) + text;
  }

  /** fmt.Sprintln(a...): the values space-separated, then a newline. */
  writeLine(...values: string[]): void {
    this.pending += values.join(" ") + "\n";
  }

  /** Aligns what was written so far on its own, as tabwriter.Flush does. */
  flush(): void {
    this.flushed += tabwrite(this.pending);
    this.pending = "";
  }

  toString(): string {
    return this.flushed + tabwrite(this.pending);
  }
}

/** describe.tabbedString: runs a describer body against a fresh writer. */
export function tabbedString(body: (w: PrefixWriter) => void): string {
  const w = new PrefixWriter();
  body(w);
  return w.toString();
}
