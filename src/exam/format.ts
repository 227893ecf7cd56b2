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
    out.push("  You typed:");
    if (t.replay.length === 0) out.push("    (nothing)");
    for (const c of t.replay) out.push(`${indent(`$ ${c.line}`, "    ")}   [exit ${c.exitCode}]`);
    out.push("  Reference solution:");
    for (const f of t.reference.files) out.push(`    (file ${f.path})`);
    for (const c of t.reference.commands) out.push(indent(`$ ${c}`, "    "));
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
