/**
 * A verdict as the progress store records it: each check's result and the
 * points it is worth (its weight's share of the exercise's points).
 */
import type { Verdict } from "./grader.js";

export interface CheckRecord {
  id: string;
  result: "pass" | "fail" | "error";
  points: number;
  observed?: string;
  expected?: string;
  message?: string;
}

export function checkRecords(verdict: Verdict): CheckRecord[] {
  const total = verdict.checks.reduce((sum, c) => sum + c.weight, 0);
  return verdict.checks.map((c) => ({
    id: c.id,
    result: c.status,
    points: total === 0 ? 0 : Math.round((c.weight / total) * verdict.maxScore * 100) / 100,
    ...(c.observed !== undefined ? { observed: c.observed } : {}),
    ...(c.expected !== undefined ? { expected: c.expected } : {}),
    message: c.message,
  }));
}
