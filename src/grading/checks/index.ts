/**
 * Evaluates a check with its type's evaluator (from the registry). A fault
 * inside an evaluator becomes an `error` result, never a crash.
 */
import { definitionOf, type Check } from "./registry.js";
import { result, type CheckContext, type CheckResult } from "./types.js";

export type { CheckContext, CheckResult, CheckStatus } from "./types.js";
export type { Check, CheckType } from "./registry.js";

export async function evaluateCheck(check: Check, ctx: CheckContext): Promise<CheckResult> {
  try {
    const definition = definitionOf(check.type);
    if (!definition) return result(check, { status: "error", message: `the grader knows no check type "${check.type}"` });
    return await definition.evaluate(check, (check as Record<string, unknown>)[check.type], ctx);
  } catch (e) {
    return result(check, { status: "error", message: `the grader failed on this check: ${(e as Error).message}` });
  }
}
