/**
 * A verdict as others take it: the records the progress store keeps (each check's result and
 * the points it is worth) and the view the terminal UI shows. Both read the points the grader
 * computed (points.ts); nothing here computes points again.
 */
import type { Verdict } from "./grader.js";

export type CheckStatus = "pass" | "fail" | "error";

export interface CheckRecord {
  id: string;
  result: CheckStatus;
  points: number;
  observed?: string;
  expected?: string;
  message?: string;
}

export function checkRecords(verdict: Verdict): CheckRecord[] {
  return verdict.checks.map((c) => ({
    id: c.id,
    result: c.status,
    points: c.points,
    ...(c.observed !== undefined ? { observed: c.observed } : {}),
    ...(c.expected !== undefined ? { expected: c.expected } : {}),
    message: c.message,
  }));
}

/** One check as the verdict panel shows it. */
export interface CheckSummary {
  id: string;
  description: string;
  status: CheckStatus;
  /** What the check is worth in points; earned when it passes. */
  points: number;
  observed?: string;
  expected?: string;
  message?: string;
}

export interface VerdictSummary {
  checks: readonly CheckSummary[];
  score: number;
  maxScore: number;
  passed: boolean;
}

/** The verdict for display: the same points the record holds. */
export function verdictSummary(verdict: Verdict): VerdictSummary {
  const checks = verdict.checks.map((c) => {
    const view: CheckSummary = { id: c.id, description: c.description, status: c.status, points: c.points };
    if (c.observed !== undefined) view.observed = c.observed;
    if (c.expected !== undefined) view.expected = c.expected;
    if (c.message !== "") view.message = c.message;
    return view;
  });
  return { checks, score: verdict.score, maxScore: verdict.maxScore, passed: verdict.passed };
}
