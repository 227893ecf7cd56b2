/**
 * `-o go-template=...` / `--template`: kubectl's GoTemplatePrinter (kubectl/pkg/printers/template.go)
 * on the shared text/template evaluator (shell/docker/go-template.ts) in its kubectl dialect:
 * the template is named "output", a missing key prints `<no value>` (missingkey=default, as
 * --allow-missing-template-keys=true does), and the functions are Go's plus exists and
 * base64decode. On an execution error kubectl also prints debugging text to stdout, which kadet
 * leaves out.
 */
import { executeTemplate } from "../../docker/go-template.js";

/** Go's error texts name the template; kubectl's is "output". */
function named(message: string): string {
  return message.replace(/^template: :/, "template: output:").replace(/executing "" at/, 'executing "output" at');
}

export function printGoTemplate(template: string, data: unknown): { stdout: string } | { error: string } {
  const result = executeTemplate(template, data, { dialect: "kubectl" });
  if (result.ok) return { stdout: result.output };
  // Execution errors name the action (`executing "" at <...>`); anything else failed to parse.
  if (!/ executing "" at /.test(result.error)) return { error: `error: error parsing template ${template}, ${named(result.error)}\n` };
  return { error: `error: error executing template "${template}": ${named(result.error)}\n` };
}
