/**
 * The `history` check: whether the learner used (or avoided) a command, by
 * regular expression on the lines they ran. Setup commands are never in the
 * history, so only the learner's own work counts.
 */
import { z } from "zod";
import { defineCheck } from "./define.js";
import { regexField } from "./fields.js";
import { compileCheckRegex, type CheckRegex } from "./regex.js";
import { result, type CheckContext, type CheckIdentity, type CheckResult } from "./types.js";

const HistoryCheckSchema = z
  .strictObject({ used: regexField.optional(), notUsed: regexField.optional() })
  .superRefine((spec, ctx) => {
    if (spec.used === undefined && spec.notUsed === undefined) ctx.addIssue({ code: "custom", message: "a history check needs used and/or notUsed" });
  });

export type HistoryCheckSpec = z.infer<typeof HistoryCheckSchema>;

export const historyCheck = defineCheck({
  type: "history",
  keys: { history: HistoryCheckSchema },
  toSpec: (input) => input.history,
  evaluate: evaluateHistory,
});

const RECENT = 3;

function evaluateHistory(check: CheckIdentity, spec: HistoryCheckSpec, ctx: CheckContext): CheckResult {
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
