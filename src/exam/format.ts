/**
 * The exam report and status as the CLI prints them: score and pass/fail, a bar per
 * domain with its curriculum weight, per task its checks (observed vs expected and the
 * cause), time spent, the replay of what was typed with exit codes, and the reference
 * solution beside it. Points are formatted here, never computed.
 */
import { formatPoints, toPoints } from "../grading/points.js";
import type { DomainCoverage, ExamDefinition } from "./definition.js";
import type { ExamReport, ExamSession } from "./session.js";

export function formatDuration(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, "0")}m`;
  if (m > 0) return `${m}m ${String(s).padStart(2, "0")}s`;
  return `${s}s`;
}

function bar(cents: number, max: number, width = 20): string {
  const filled = max === 0 ? 0 : Math.floor((cents * width) / max);
  return `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
}

const MARK = { pass: "✓", fail: "✗", error: "!" } as const;

function indent(text: string, by: string): string {
  return text
    .trimEnd()
    .split("\n")
    .map((l) => `${by}${l}`)
    .join("\n");
}

export interface ReportLayout {
  /** The screen's width: a domain row that would not fit puts its bar on a line of its own. */
  width?: number;
}

/** From this width on, what was typed and the reference stand in two columns, one beside the other. */
const SIDE_BY_SIDE_WIDTH = 100;

/** Two columns of lines, each cut into pieces that fit its half of `width` (nothing is dropped). */
function sideBySide(left: string[], right: string[], width: number): string[] {
  const column = Math.floor((width - 5) / 2);
  const fit = (lines: string[]) => lines.flatMap((line) => line.split("\n")).flatMap((line) => {
    const pieces: string[] = [];
    for (let at = 0; at < line.length || pieces.length === 0; at += column) pieces.push(line.slice(at, at + column));
    return pieces;
  });
  const l = fit(left);
  const r = fit(right);
  const rows: string[] = [];
  for (let i = 0; i < Math.max(l.length, r.length); i++) rows.push(`  ${(l[i] ?? "").padEnd(column)} │ ${r[i] ?? ""}`.trimEnd());
  return rows;
}

export function formatReport(report: ExamReport, layout: ReportLayout = {}): string {
  const out: string[] = [];
  out.push(`${report.title} (${report.examId}, seed ${report.seed}, run ${report.runId})`);
  out.push(`Score ${formatPoints(report.score)}/${formatPoints(report.maxScore)} (${report.percent}%), pass mark ${report.passPercent}%: ${report.passed ? "PASSED" : "NOT PASSED"}`);
  out.push(`Time ${formatDuration(report.elapsedMs)} of ${formatDuration(report.minutes * 60_000)}${report.reason === "time-up" ? " (time ran out; submitted automatically)" : ""}`);
  out.push("", "Domains (curriculum weight):");
  const width = Math.max(...report.domains.map((d) => d.title.length));
  for (const d of report.domains) {
    const score = d.tasks === 0 ? "no task" : `${formatPoints(toPoints(d.scoreCents))}/${formatPoints(toPoints(d.maxCents))}`;
    const figures = `${String(d.weight).padStart(3)}%  ${bar(d.scoreCents, d.maxCents)}  ${score}${d.underCovered ? "  (under-covered: kadet has too few tasks for it yet)" : ""}`;
    const row = `  ${d.title.padEnd(width)}  ${figures}`;
    if (layout.width === undefined || row.length <= layout.width) out.push(row);
    else out.push(`  ${d.title}`, `    ${figures.replace("  (under-covered: kadet has too few tasks for it yet)", "  (under-covered)")}`);
  }
  for (const t of report.tasks) {
    const marks = [t.flagged ? "flagged" : "", t.seen ? "" : "never opened"].filter(Boolean).join(", ");
    out.push("", `Task ${t.number}: ${t.title} (${t.exerciseId}) on ${t.context}${t.host ? ` / ${t.host}` : ""}: ${formatPoints(toPoints(t.scoreCents))}/${formatPoints(toPoints(t.maxCents))} · ${formatDuration(t.timeMs)}${marks ? ` · ${marks}` : ""}`);
    if (t.noCredit) out.push(`  no credit: ${t.noCredit}`);
    for (const c of t.checks) {
      out.push(`  ${MARK[c.status]} ${c.description} (${formatPoints(toPoints(c.earnedCents))}/${formatPoints(toPoints(c.maxCents))})`);
      if (c.status === "pass") continue;
      if (c.observed !== undefined) out.push(indent(`observed: ${c.observed}`, "      "));
      if (c.expected !== undefined) out.push(indent(`expected: ${c.expected}`, "      "));
      out.push(indent(c.message, "      "));
    }
    const typed = t.replay.length === 0 ? ["(nothing)"] : t.replay.map((c) => `$ ${c.line}   [exit ${c.exitCode}]`);
    const reference = [...t.reference.files.map((f) => `(file ${f.path})`), ...t.reference.commands.map((c) => `$ ${c}`)];
    if (layout.width !== undefined && layout.width >= SIDE_BY_SIDE_WIDTH) {
      out.push(...sideBySide(["You typed:", ...typed], ["Reference solution:", ...reference], layout.width));
    } else {
      out.push("  You typed:", ...typed.map((l) => indent(l, "    ")));
      out.push("  Reference solution:", ...reference.map((l) => indent(l, "    ")));
    }
    out.push(indent(t.reference.explanation, "    | "));
  }
  return `${out.join("\n")}\n`;
}

/**
 * What the learner may read during the exam. For the CKA and CKAD, the Linux Foundation's
 * rules allow one extra browser tab on kubernetes.io/docs, kubernetes.io/blog and helm.sh/docs
 * (with their subdomains and translations). kadet's Docker exam has no official counterpart;
 * it allows Docker's own documentation.
 */
export function allowedDocs(style: string): string {
  return style === "docker" ? "docs.docker.com (kadet's own rule: this exam has no official counterpart)" : "kubernetes.io/docs, kubernetes.io/blog, helm.sh/docs";
}

export function formatStatus(session: ExamSession): string {
  const out: string[] = [];
  out.push(`${session.exam.title} (${session.exam.id}), run ${session.runId}`);
  if (session.submitted) out.push(`submitted (${session.submitted.reason})`);
  else out.push(`time left ${formatDuration(session.remainingMs())} of ${formatDuration(session.exam.minutes * 60_000)}; on task ${session.currentTask}`);
  out.push("", "TASK   POINTS   CONTEXT      STATUS     COMMANDS");
  for (let n = 1; n <= session.taskCount; n++) {
    const t = session.task(n);
    const status = t.flagged ? "flagged" : t.seen ? "seen" : "unseen";
    out.push(`${String(n).padEnd(7)}${String(t.points).padEnd(9)}${t.context.padEnd(13)}${status.padEnd(11)}${t.log.length}`);
  }
  return `${out.join("\n")}\n`;
}

/** "Application Deployment, Storage", or "" when every domain is covered. */
export function underCoveredText(coverage: readonly DomainCoverage[]): string {
  return coverage
    .filter((d) => d.underCovered)
    .map((d) => d.title)
    .join(", ");
}

export interface ExamListing {
  id: string;
  title: string;
  style: string;
  tasks: number;
  minutes: number;
  passPercent: number;
  contexts: string[];
  underCovered: string[];
  description: string;
}

export function examListing(exam: ExamDefinition, coverage: readonly DomainCoverage[]): ExamListing {
  return {
    id: exam.id,
    title: exam.title,
    style: exam.style,
    tasks: exam.tasks.length,
    minutes: exam.minutes,
    passPercent: exam.passPercent,
    contexts: exam.contexts.map((c) => c.name),
    underCovered: coverage.filter((d) => d.underCovered).map((d) => d.id),
    description: exam.description.trim(),
  };
}
