/**
 * The report screen's rows: the headless report's own text (exam/format.ts `formatReport`,
 * so the screen and `kadet exam report` never disagree), wrapped to the width and coloured by
 * what each row is: the verdict, a passed or failed check, a task heading, the replay.
 */
import { formatReport } from "../../exam/format.js";
import type { ExamReport } from "../../exam/session.js";
import { expandTabs, hardWrap, type SegmentStyle, type StyledLine } from "../markdown.js";

function styleOf(row: string, report: ExamReport, index: number): SegmentStyle {
  if (index === 0) return "title";
  if (row.startsWith("Score ")) return report.passed ? "pass" : "fail";
  if (/^Task \d+: /.test(row)) return "heading";
  const trimmed = row.trimStart();
  if (trimmed.startsWith("✓ ")) return "pass";
  if (trimmed.startsWith("✗ ")) return "fail";
  if (trimmed.startsWith("! ") || trimmed.startsWith("no credit:")) return "warn";
  if (trimmed.startsWith("| ")) return "muted";
  if (/\[exit [1-9]\d*\]$/.test(row)) return "fail";
  return "plain";
}

export function reportLines(report: ExamReport, width: number): StyledLine[] {
  const rows = formatReport(report, { width }).trimEnd().split("\n");
  return rows.flatMap((row, index) => {
    const style = styleOf(row, report, index);
    return hardWrap(expandTabs(row), Math.max(1, width)).map((piece): StyledLine => (piece === "" ? [] : [{ text: piece, style }]));
  });
}
