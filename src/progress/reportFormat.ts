/**
 * The progress report as text: bars for shares, asciichart line charts for the series. Shared
 * by `kadet progress` and the Progress screen, so both show the same numbers the JSON holds.
 */
import { plot } from "asciichart";
import type { ProgressReport, Share } from "./report.js";

export const BAR_WIDTH = 20;

/** A bar of `width` cells, filled floor(width × mastered ÷ items): never full before 100%. */
export function bar(s: Pick<Share, "mastered" | "items">, width: number = BAR_WIDTH): string {
  const filled = s.items === 0 ? 0 : Math.floor((width * s.mastered) / s.items);
  return "█".repeat(filled) + "░".repeat(width - filled);
}

/** A line chart of whole numbers, or a sentence when there is nothing to draw. */
export function chart(values: readonly number[], height: number, empty: string): string[] {
  if (values.length === 0 || values.every((v) => v === 0)) return [`  ${empty}`];
  const max = Math.max(...values);
  const text = plot([...values], { height: Math.max(1, Math.min(height, max)), format: (x: number) => String(Math.round(x)).padStart(4) });
  return text.split("\n").map((line) => `  ${line}`);
}

export interface ReportSection {
  title: string;
  lines: string[];
}

export function reportSections(r: ProgressReport): ReportSection[] {
  const sections: ReportSection[] = [];
  const pad = (text: string, width: number) => text.padEnd(width);
  sections.push({
    title: "Overall",
    lines: [
      `  mastery              ${bar(r.mastery)} ${String(r.mastery.percent).padStart(3)}%  ${r.mastery.mastered}/${r.mastery.items} checks`,
      `  exercises completed  ${r.exercises.completed}/${r.exercises.total} (${r.exercises.attempted} attempted)`,
      `  lessons read         ${r.lessonsRead}`,
      `  due for review       ${r.due.now} now · ${r.due.today} today · ${r.due.week} this week (checks)`,
      `  streak               ${r.streak.days} day${r.streak.days === 1 ? "" : "s"}${r.streak.lastActiveDay !== null ? ` (last active ${r.streak.lastActiveDay})` : ""}`,
      `  reviews              ${r.totals.reviews} check results, ${r.totals.passes} passed${r.totals.passPercent !== null ? ` (${r.totals.passPercent}%)` : ""}`,
    ],
  });
  const topicWidth = Math.max(5, ...r.topics.map((t) => t.topic.length));
  sections.push({
    title: "Mastery by topic",
    lines: r.topics.map((t) => `  ${pad(t.topic, topicWidth)}  ${bar(t)} ${String(t.percent).padStart(3)}%  ${t.mastered}/${t.items} checks  ${t.completed}/${t.exercises} exercises`),
  });
  const readiness: string[] = [`  ${r.method}`];
  for (const exam of r.readiness) {
    readiness.push("", `  ${exam.title}: ${exam.percent}% ready`);
    const width = Math.max(...exam.domains.map((d) => d.title.length + String(d.weight).length + 4));
    for (const d of exam.domains) readiness.push(`    ${pad(`${d.title} (${d.weight}%)`, width)}  ${bar(d)} ${String(d.percent).padStart(3)}%  ${d.mastered}/${d.items}`);
    if (exam.uncovered.length > 0) readiness.push(`    no exercises yet for: ${exam.uncovered.join(", ")} (counted as 0)`);
  }
  sections.push({ title: "Exam readiness", lines: readiness });
  const first = r.activity[0]?.day ?? "";
  const last = r.activity.at(-1)?.day ?? "";
  sections.push({ title: `Reviews per day (${first} .. ${last})`, lines: chart(r.activity.map((a) => a.reviews), 6, "no reviews in these days") });
  // A day without reviews has no pass rate; the chart draws it as 0 and the JSON keeps null.
  sections.push({ title: "Pass rate per day (%)", lines: chart(r.activity.map((a) => a.passPercent ?? 0), 6, "no reviews in these days") });
  const exams = r.examScores;
  sections.push({
    title: "Exam scores (%)",
    lines:
      exams.length === 0
        ? ["  no exam submitted yet ('kadet exam list')"]
        : [
            ...(exams.length > 1 ? chart(exams.map((e) => Math.floor(e.percent)), 6, "all scores 0") : []),
            ...exams.slice(-5).map((e) => `  ${e.submittedAt.slice(0, 10)}  ${e.examId}  ${e.percent}% ${e.passed ? "pass" : "fail"}`),
          ],
  });
  sections.push({
    title: "Weakest topics",
    lines:
      r.weakest.length === 0
        ? ["  none: every topic is mastered"]
        : r.weakest.map((w) => `  ${pad(w.topic, topicWidth)}  ${String(w.percent).padStart(3)}%${w.next !== undefined ? `  next: ${w.next.exerciseId} (${w.next.why}) "${w.next.title}"` : ""}`),
  });
  return sections;
}

export function formatProgressReport(r: ProgressReport): string {
  return reportSections(r)
    .map((s) => [s.title, ...s.lines].join("\n"))
    .join("\n\n")
    .concat("\n");
}
