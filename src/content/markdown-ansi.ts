/**
 * Rendered Markdown rows as text for a terminal or a pipe (`kadet exercise ID`): SGR escapes
 * for the styles when the output is a terminal, plain text otherwise, so neither shows raw
 * backticks or `**`. The colours match the TUI's theme (src/ui/theme.ts) without loading it.
 */
import type { SegmentStyle, StyledLine } from "./markdown.js";

const SGR: Record<SegmentStyle, string> = {
  plain: "",
  tableRule: "90",
  bold: "1",
  italic: "3",
  code: "35",
  heading: "1;36",
  title: "1;4;36",
  codeBlock: "35",
  muted: "90",
  accent: "1;36",
  pass: "32",
  fail: "31",
  warn: "33",
};

export function styledLinesToText(lines: readonly StyledLine[], options: { color: boolean }): string {
  return lines
    .map((line) =>
      line
        .map((segment) => {
          const code = SGR[segment.style];
          return options.color && code !== "" ? `\u001b[${code}m${segment.text}\u001b[0m` : segment.text;
        })
        .join("")
        .trimEnd(),
    )
    .map((row) => `${row}\n`)
    .join("");
}
