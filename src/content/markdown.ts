/**
 * Turns lesson and task Markdown (the CommonMark subset the content format allows: ATX
 * headings, paragraphs, lists, block quotes, fenced code, `code`, **bold**, *emphasis*,
 * links, thematic breaks, and GFM tables) into terminal lines. Prose is wrapped to a width;
 * code blocks and tables are kept whole, because a YAML line or a table row broken in the
 * middle of a word reads wrong: a view cuts them with a visible marker (`clipLine`) and may
 * scroll them sideways. The result is plain data, one entry per screen row, so a reader can
 * scroll by counting lines and a test can read it without rendering.
 */

/** How a piece of text is shown; Markdown uses the first nine, verdicts and output the rest. */
export type SegmentStyle =
  | "plain"
  /** A table's indent, column separators and header rule. */
  | "tableRule"
  | "bold"
  | "italic"
  | "code"
  | "heading"
  | "title"
  | "codeBlock"
  | "muted"
  | "accent"
  | "pass"
  | "fail"
  | "warn";

export interface Segment {
  text: string;
  style: SegmentStyle;
}

/** One screen row. */
export type StyledLine = Segment[];

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w+-]*)/;
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^(\s*)([-*+])\s+(.*)$/;
const ORDERED = /^(\s*)(\d{1,9})[.)]\s+(.*)$/;
const QUOTE = /^ {0,3}>\s?(.*)$/;
const RULE = /^ {0,3}([-*_])(\s*\1){2,}\s*$/;
const CODE_INDENT = "  ";
/** GFM §4.10: a delimiter row is cells of dashes, each with optional colons for alignment. */
const TABLE_DELIMITER = /^ {0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

export interface MarkdownOptions {
  /**
   * "keep" (the default): code and table rows stay whole, however wide, for a view to cut or
   * scroll. "wrap": code rows are broken at the width (for views that cannot cut them).
   */
  wideBlocks?: "keep" | "wrap";
}

export function renderMarkdown(source: string, width: number, options: MarkdownOptions = {}): StyledLine[] {
  const wrapCode = options.wideBlocks === "wrap";
  const usable = Math.max(10, width);
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const out: StyledLine[] = [];
  const blank = (): void => {
    if (out.length > 0 && out[out.length - 1]!.length > 0) out.push([]);
  };

  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === "") {
      i++;
      continue;
    }

    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1]!;
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i]!.trimStart().startsWith(marker)) body.push(lines[i++]!);
      if (i >= lines.length) {
        // Unclosed: the block runs to the end of the document; its trailing blank lines add nothing.
        while (body.length > 0 && body[body.length - 1]!.trim() === "") body.pop();
      }
      i++; // past the closing fence
      blank();
      for (const codeLine of body) {
        const pieces = wrapCode ? hardWrap(expandTabs(codeLine), usable - CODE_INDENT.length) : [expandTabs(codeLine)];
        for (const piece of pieces) out.push([{ text: CODE_INDENT + piece, style: "codeBlock" }]);
      }
      blank();
      continue;
    }

    const heading = HEADING.exec(line);
    if (heading) {
      blank();
      const style: SegmentStyle = heading[1]!.length === 1 ? "title" : "heading";
      for (const row of wrapSegments([{ text: stripInlineMarks(heading[2]!), style }], usable)) out.push(row);
      blank();
      i++;
      continue;
    }

    if (RULE.test(line)) {
      blank();
      out.push([{ text: "─".repeat(usable), style: "muted" }]);
      blank();
      i++;
      continue;
    }

    if (line.includes("|") && i + 1 < lines.length && TABLE_DELIMITER.test(lines[i + 1]!) && lines[i + 1]!.includes("-")) {
      const header = tableCells(line);
      const delimiter = tableCells(lines[i + 1]!);
      if (header.length === delimiter.length) {
        i += 2;
        const body: string[][] = [];
        // GFM: the table ends at a blank line or at the start of another block.
        while (i < lines.length && lines[i]!.trim() !== "" && !startsBlock(lines[i]!)) body.push(tableCells(lines[i++]!));
        blank();
        out.push(...renderTable(header, delimiter, body));
        blank();
        continue;
      }
    }

    if (QUOTE.test(line)) {
      const body: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i]!)) body.push(QUOTE.exec(lines[i++]!)![1]!);
      blank();
      for (const row of renderMarkdown(body.join("\n"), usable - 2)) {
        out.push([{ text: "│ ", style: "muted" }, ...row.map((s) => (s.style === "plain" ? { ...s, style: "muted" as const } : s))]);
      }
      blank();
      continue;
    }

    const item = BULLET.exec(line) ?? ORDERED.exec(line);
    if (item) {
      blank();
      while (i < lines.length) {
        const current = BULLET.exec(lines[i]!) ?? ORDERED.exec(lines[i]!);
        if (!current) break;
        const depth = Math.floor(expandTabs(current[1]!).length / 2);
        const marker = /\d/.test(current[2]!) ? `${current[2]}.` : "•";
        const text: string[] = [current[3]!];
        i++;
        // Lazy continuation lines belong to the item until a blank line or the next item.
        while (i < lines.length && lines[i]!.trim() !== "" && !BULLET.test(lines[i]!) && !ORDERED.test(lines[i]!)) {
          text.push(lines[i++]!.trim());
        }
        const indent = "  ".repeat(depth);
        const lead = `${indent}${marker} `;
        const rows = wrapSegments(parseInline(text.join(" ")), usable - lead.length);
        rows.forEach((row, index) => {
          const prefix = index === 0 ? lead : " ".repeat(lead.length);
          out.push([{ text: prefix, style: index === 0 ? "muted" : "plain" }, ...row]);
        });
        // A blank line between items keeps the list going (a "loose" list).
        if (i < lines.length && lines[i]!.trim() === "") {
          const next = lines[i + 1];
          if (next !== undefined && (BULLET.test(next) || ORDERED.test(next))) i++;
        }
      }
      blank();
      continue;
    }

    const paragraph: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== "" && !startsBlock(lines[i]!)) paragraph.push(lines[i++]!.trim());
    if (paragraph.length === 0) {
      // A line no rule above claimed (e.g. an indented fence lookalike): show it as text.
      paragraph.push(lines[i++]!.trim());
    }
    blank();
    out.push(...wrapSegments(parseInline(paragraph.join(" ")), usable));
    blank();
  }
  while (out.length > 0 && out[out.length - 1]!.length === 0) out.pop();
  return out;
}

/** The plain text of rendered lines, one string per row: handy for tests and measuring. */
export function linesToText(lines: readonly StyledLine[]): string[] {
  return lines.map((line) => line.map((segment) => segment.text).join(""));
}

/** The cells of a table row: split at pipes that are not escaped (`\\|`), outer pipes dropped. */
function tableCells(row: string): string[] {
  let text = row.trim();
  if (text.startsWith("|")) text = text.slice(1);
  if (text.endsWith("|") && !text.endsWith("\\|")) text = text.slice(0, -1);
  return text.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, "|"));
}

type Align = "left" | "right" | "center";

/** Columns as wide as their widest cell, separated by " │ ", the header bold over a rule. */
function renderTable(header: string[], delimiter: string[], body: string[][]): StyledLine[] {
  const aligns: Align[] = delimiter.map((d) => (d.startsWith(":") && d.endsWith(":") ? "center" : d.endsWith(":") ? "right" : "left"));
  // GFM: excess cells are ignored, missing ones are empty.
  const grid = [header, ...body].map((row) => header.map((_, c) => parseInline(row[c] ?? "").map((s) => ({ ...s, text: s.text.replace(/\s+/g, " ") }))));
  const widthOf = (cell: Segment[]): number => cell.reduce((n, s) => n + s.text.length, 0);
  const widths = header.map((_, c) => Math.max(1, ...grid.map((row) => widthOf(row[c]!))));
  const rows: StyledLine[] = grid.map((row, r) => {
    const line: Segment[] = [{ text: CODE_INDENT, style: "tableRule" }];
    row.forEach((cell, c) => {
      if (c > 0) line.push({ text: " │ ", style: "tableRule" });
      const room = widths[c]! - widthOf(cell);
      const before = aligns[c] === "right" ? room : aligns[c] === "center" ? Math.floor(room / 2) : 0;
      const after = c === row.length - 1 && aligns[c] === "left" ? 0 : room - before;
      if (before > 0) line.push({ text: " ".repeat(before), style: "plain" });
      line.push(...cell.map((s) => (r === 0 && s.style === "plain" ? { ...s, style: "bold" as const } : s)));
      if (after > 0) line.push({ text: " ".repeat(after), style: "plain" });
    });
    const last = line[line.length - 1]!;
    last.text = last.text.replace(/ +$/, "");
    return line.filter((s) => s.text !== "");
  });
  const rule: StyledLine = [{ text: CODE_INDENT + widths.map((w) => "─".repeat(w)).join("─┼─"), style: "tableRule" }];
  return [rows[0]!, rule, ...rows.slice(1)];
}

/** Rows of code blocks and tables: kept whole by the renderer, cut and scrolled by views. */
export function isWideBlockRow(line: StyledLine): boolean {
  return line.some((s) => s.style === "codeBlock" || s.style === "tableRule");
}

/** The marker shown where a row is cut: more to the right, more to the left. */
export const CUT_RIGHT = "»";
export const CUT_LEFT = "«";

/**
 * Columns [from, from + width) of a row. A row cut on the right ends in `CUT_RIGHT`, one
 * scrolled past its start begins with `CUT_LEFT`, so a reader always sees that text is hidden.
 */
export function clipLine(line: StyledLine, width: number, from = 0): StyledLine {
  const max = Math.max(2, width);
  const total = line.reduce((n, s) => n + s.text.length, 0);
  const start = Math.max(0, Math.min(from, total));
  if (start === 0 && total <= max) return line;
  const left = start > 0;
  const windowStart = left ? start + 1 : start;
  const right = start + max < total;
  const windowEnd = right ? start + max - 1 : start + max;
  const out: Segment[] = left ? [{ text: CUT_LEFT, style: "muted" }] : [];
  let at = 0;
  for (const segment of line) {
    const end = at + segment.text.length;
    const a = Math.max(at, windowStart);
    const b = Math.min(end, windowEnd);
    if (b > a) out.push({ text: segment.text.slice(a - at, b - at), style: segment.style });
    at = end;
  }
  if (right) out.push({ text: CUT_RIGHT, style: "muted" });
  return out;
}

/** How far a view may scroll its wide rows sideways: until the widest one's end is in sight. */
export function maxSidewaysOffset(lines: readonly StyledLine[], width: number): number {
  let widest = 0;
  for (const line of lines) {
    if (!isWideBlockRow(line)) continue;
    widest = Math.max(widest, line.reduce((n, s) => n + s.text.length, 0));
  }
  // At this offset the left marker covers column `offset` and the row's last column is the view's last.
  return Math.max(0, widest - width);
}

function startsBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || QUOTE.test(line) || RULE.test(line) || BULLET.test(line) || ORDERED.test(line);
}

/** Inline spans: `code` first (nothing inside it is markup), then strong, emphasis and links. */
export function parseInline(text: string): Segment[] {
  const segments: Segment[] = [];
  const pattern = /(`+)([\s\S]*?[^`])\1(?!`)|\*\*([^*]+)\*\*|__([^_]+)__|\*([^*\s][^*]*)\*|(?<![\w])_([^_\s][^_]*)_(?![\w])|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const at = match.index;
    if (at > last) segments.push({ text: text.slice(last, at), style: "plain" });
    if (match[2] !== undefined) segments.push({ text: match[2].trim() === "" ? match[2] : match[2].replace(/^ (.*) $/, "$1"), style: "code" });
    // Emphasis may contain code spans (`**`data`**`, CommonMark §6.2): its content is inline text too.
    else if (match[3] !== undefined || match[4] !== undefined) segments.push(...restyled(parseInline((match[3] ?? match[4])!), "bold"));
    else if (match[5] !== undefined || match[6] !== undefined) segments.push(...restyled(parseInline((match[5] ?? match[6])!), "italic"));
    else if (match[7] !== undefined) {
      segments.push({ text: match[7], style: "plain" });
      if (match[8] !== match[7]) segments.push({ text: ` (${match[8]})`, style: "muted" });
    }
    last = at + match[0].length;
  }
  if (last < text.length) segments.push({ text: text.slice(last), style: "plain" });
  return segments;
}

function restyled(segments: Segment[], style: SegmentStyle): Segment[] {
  return segments.map((s) => (s.style === "plain" ? { ...s, style } : s));
}

function stripInlineMarks(text: string): string {
  return parseInline(text)
    .map((s) => s.text)
    .join("");
}

/** Greedy word wrap that keeps each word's style; words longer than the width are split. */
export function wrapSegments(segments: readonly Segment[], width: number): StyledLine[] {
  const max = Math.max(1, width);
  const rows: StyledLine[] = [];
  let row: Segment[] = [];
  let used = 0;
  const push = (text: string, style: SegmentStyle): void => {
    const lastSegment = row[row.length - 1];
    if (lastSegment && lastSegment.style === style) lastSegment.text += text;
    else row.push({ text, style });
    used += text.length;
  };
  const newRow = (): void => {
    const trailing = row[row.length - 1];
    if (trailing) trailing.text = trailing.text.replace(/ +$/, "");
    rows.push(row.filter((s) => s.text !== ""));
    row = [];
    used = 0;
  };

  for (const segment of segments) {
    // Split into words and the single spaces between them; runs of spaces collapse, as in HTML.
    for (const token of segment.text.replace(/\s+/g, " ").split(/( )/)) {
      if (token === "") continue;
      if (token === " ") {
        if (used > 0 && used < max) push(" ", segment.style);
        continue;
      }
      let word = token;
      if (used > 0 && used + word.length > max) newRow();
      while (word.length > max) {
        if (used > 0) newRow();
        push(word.slice(0, max), segment.style);
        newRow();
        word = word.slice(max);
      }
      push(word, segment.style);
    }
  }
  if (row.length > 0) newRow();
  return rows;
}

/** Splits one line into pieces of at most `width` characters (code and command output). */
export function hardWrap(line: string, width: number): string[] {
  const max = Math.max(1, width);
  if (line.length <= max) return [line];
  const pieces: string[] = [];
  for (let at = 0; at < line.length; at += max) pieces.push(line.slice(at, at + max));
  return pieces;
}

export function expandTabs(line: string): string {
  if (!line.includes("\t")) return line;
  let out = "";
  for (const ch of line) out += ch === "\t" ? " ".repeat(8 - (out.length % 8)) : ch;
  return out;
}
