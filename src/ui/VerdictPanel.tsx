/**
 * The grader's verdict for the learner: one row per check with ✓ (pass), ✗ (fail) or
 * ! (the grader could not evaluate it), and for anything but a pass what was observed, what
 * was expected and why; then the score. The symbols carry the meaning, so it reads the same
 * without colour.
 */
import { renderMarkdown, wrapSegments, type SegmentStyle, type StyledLine } from "./markdown.js";
import type { CheckStatus, VerdictView } from "./ports.js";
import { ScrollPane } from "./ScrollPane.js";

export const STATUS_SYMBOL: Record<CheckStatus, string> = { pass: "✓", fail: "✗", error: "!" };
const STATUS_STYLE: Record<CheckStatus, SegmentStyle> = { pass: "pass", fail: "fail", error: "warn" };

/** Rounds like the grader (two decimals) without printing "10.00". */
export function formatPoints(points: number): string {
  return String(Math.round(points * 100) / 100);
}

export function verdictLines(verdict: VerdictView, width: number, explanation?: string): StyledLine[] {
  const rows: StyledLine[] = [];
  const passedCount = verdict.checks.filter((c) => c.status === "pass").length;
  const headline = verdict.passed
    ? `✓ Passed: ${formatPoints(verdict.score)}/${formatPoints(verdict.maxScore)} points`
    : `✗ Not yet: ${formatPoints(verdict.score)}/${formatPoints(verdict.maxScore)} points, ${passedCount} of ${verdict.checks.length} checks pass`;
  rows.push(...wrapSegments([{ text: headline, style: verdict.passed ? "pass" : "fail" }], width));
  for (const check of verdict.checks) {
    const symbol = STATUS_SYMBOL[check.status];
    const lead = `${symbol} `;
    const wrapped = wrapSegments([{ text: check.description, style: "plain" }], width - lead.length);
    wrapped.forEach((row, index) => rows.push([{ text: index === 0 ? lead : "  ", style: STATUS_STYLE[check.status] }, ...row]));
    if (check.status === "pass") continue;
    const details: [string, string | undefined][] = [
      ["observed", check.observed],
      ["expected", check.expected],
      [check.status === "error" ? "error" : "why", check.message],
    ];
    for (const [label, value] of details) {
      if (value === undefined || value === "") continue;
      const prefix = `    ${label}: `;
      // Multi-line values (a YAML snippet, a table) keep their lines.
      value.split("\n").forEach((valueLine, lineIndex) => {
        const pieces = wrapSegments([{ text: valueLine, style: label === "expected" ? "pass" : label === "observed" ? "fail" : "plain" }], width - prefix.length);
        (pieces.length === 0 ? [[]] : pieces).forEach((piece, pieceIndex) => {
          const first = lineIndex === 0 && pieceIndex === 0;
          rows.push([{ text: first ? prefix : " ".repeat(prefix.length), style: "muted" }, ...piece]);
        });
      });
    }
  }
  if (explanation !== undefined && explanation.trim() !== "" && verdict.passed) {
    rows.push([]);
    rows.push([{ text: "Why it works", style: "heading" }]);
    rows.push(...renderMarkdown(explanation, width));
  }
  return rows;
}

export interface VerdictPanelProps {
  verdict: VerdictView;
  width: number;
  height: number;
  offset?: number;
  explanation?: string;
}

export function VerdictPanel({ verdict, width, height, offset = 0, explanation }: VerdictPanelProps) {
  return <ScrollPane lines={verdictLines(verdict, width, explanation)} offset={offset} height={height} />;
}
