/**
 * The `history` check: whether the learner used (or avoided) a command, by
 * regular expression on the lines they ran. Setup commands are never in the
 * history, so only the learner's own work counts.
 */
import type { Check, HistoryCheckSpec } from "../exercise.js";
import { compileCheckRegex, type CheckRegex } from "./regex.js";
import { result, type CheckContext, type CheckResult } from "./types.js";

const RECENT = 3;

export function evaluateHistory(check: Check & { history: HistoryCheckSpec }, ctx: CheckContext): CheckResult {
  const spec = check.history;
  let used: CheckRegex | undefined;
  let notUsed: CheckRegex | undefined;
  try {
    used = spec.used === undefined ? undefined : compileCheckRegex(spec.used);
    notUsed = spec.notUsed === undefined ? undefined : compileCheckRegex(spec.notUsed);
  } catch (e) {
    return result(check, { status: "error", message: `the check's pattern is not a regular expression: ${(e as Error).message}` });
  }
  const expected = [used ? `a command matching /${used.source}/` : "", notUsed ? `no command matching /${notUsed.source}/` : ""]
    .filter(Boolean)
    .join(", and ");

  if (notUsed) {
    const offending = ctx.history.find((line) => notUsed.test(line));
    if (offending !== undefined) {
      return result(check, {
        status: "fail",
        observed: offending,
        expected,
        message: `you ran "${offending}", which this exercise asks you not to use`,
      });
    }
  }
  if (used) {
    const matching = ctx.history.find((line) => used.test(line));
    if (matching === undefined) {
      const recent = ctx.history.slice(-RECENT);
      const ran = recent.length === 0 ? "you have not run any command yet" : `your last commands: ${recent.map((l) => `"${l}"`).join(", ")}`;
      return result(check, { status: "fail", observed: "(no matching command)", expected, message: `none of your commands matches /${used.source}/ (${ran})` });
    }
    return result(check, { status: "pass", observed: matching, expected, message: `you ran "${matching}"` });
  }
  return result(check, { status: "pass", expected, message: `you did not run a command matching /${notUsed!.source}/` });
}
