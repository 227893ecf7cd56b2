/**
 * The grader's use of kubectl's JSONPath: the same engine `kubectl get -o
 * jsonpath=` uses, so a check reads an object exactly as a learner would.
 */
import { executeJSONPath, parseJSONPath } from "../shell/kubectl/printers/jsonpath.js";

/** Why a check's template cannot be used, in kubectl's words; undefined when it is fine. */
export function jsonPathTemplateError(template: string): string | undefined {
  // Without braces kubectl prints the template as literal text: always a mistake in a check.
  if (!template.includes("{")) return `"${template}" is not a kubectl JSONPath template; write it like {.spec.replicas}`;
  const parsed = parseJSONPath(template);
  return parsed.ok ? undefined : `error parsing jsonpath ${template}, ${parsed.error}`;
}

export type JSONPathEvaluation = { ok: true; output: string } | { ok: false; error: string };

/** What `kubectl get ... -o jsonpath=TEMPLATE` would print for this object. */
export function evaluateJSONPath(template: string, object: unknown): JSONPathEvaluation {
  const parsed = parseJSONPath(template);
  if (!parsed.ok) return { ok: false, error: `error parsing jsonpath ${template}, ${parsed.error}` };
  // A JSON round trip gives the engine what kubectl gives it: decoded JSON, no shared references.
  const result = executeJSONPath(parsed.root, JSON.parse(JSON.stringify(object)) as unknown, true);
  return result.ok ? { ok: true, output: result.output } : { ok: false, error: result.error };
}
