/**
 * The check registry: one evaluator per check type, chosen by the check's
 * `type`. A fault inside an evaluator becomes an `error` result, never a crash.
 */
import type { Check } from "../exercise.js";
import { evaluateCommand } from "./command.js";
import { evaluateCount } from "./count.js";
import { evaluateFile } from "./file.js";
import { evaluateHistory } from "./history.js";
import { evaluateObject } from "./object.js";
import { evaluateServiceSelects } from "./serviceSelects.js";
import { result, type CheckContext, type CheckResult } from "./types.js";

export type { CheckContext, CheckResult, CheckStatus } from "./types.js";

export async function evaluateCheck(check: Check, ctx: CheckContext): Promise<CheckResult> {
  try {
    switch (check.type) {
      case "object":
        return evaluateObject(check, ctx);
      case "command":
        return await evaluateCommand(check, ctx);
      case "count":
        return evaluateCount(check, ctx);
      case "file":
        return await evaluateFile(check, ctx);
      case "history":
        return evaluateHistory(check, ctx);
      case "serviceSelects":
        return evaluateServiceSelects(check, ctx);
    }
  } catch (e) {
    return result(check, { status: "error", message: `the grader failed on this check: ${(e as Error).message}` });
  }
}
