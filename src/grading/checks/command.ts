/**
 * The `command` check: runs a command line (usually kubectl) on a throw-away
 * copy of the learner's world and compares its exit code, stdout and stderr
 * (trimmed). The learner's world and history are never touched.
 */
import type { CommandCheckSpec, Check } from "../exercise.js";
import { compare, describeExpected, showObserved, type Comparator } from "./comparators.js";
import { result, type CheckContext, type CheckResult } from "./types.js";

function firstLine(text: string): string {
  return text.trim().split("\n")[0] ?? "";
}

export async function evaluateCommand(check: Check & { command: CommandCheckSpec }, ctx: CheckContext): Promise<CheckResult> {
  const spec = check.command;
  let ran;
  try {
    ran = await ctx.runOnCopy(spec.command);
  } catch (e) {
    return result(check, { status: "error", message: `could not run \`${spec.command}\`: ${(e as Error).message}` });
  }
  if (spec.exitCode !== undefined && ran.exitCode !== spec.exitCode) {
    const said = firstLine(ran.stderr) || firstLine(ran.stdout);
    return result(check, {
      status: "fail",
      observed: `exit code ${ran.exitCode}`,
      expected: `exit code ${spec.exitCode}`,
      message: `\`${spec.command}\` exited with ${ran.exitCode}, expected ${spec.exitCode}${said ? `: ${said}` : ""}`,
    });
  }
  const streams: Array<[string, Comparator | undefined, string]> = [
    ["printed", spec.stdout, ran.stdout],
    ["printed on stderr", spec.stderr, ran.stderr],
  ];
  let lastObserved: string | undefined;
  let lastExpected: string | undefined;
  for (const [verb, comparator, text] of streams) {
    if (!comparator) continue;
    const observed = showObserved(text);
    const expected = describeExpected(comparator);
    const comparison = compare(comparator, text);
    if (!comparison.ok) {
      // An unexpected error explains an empty stdout better than the empty stdout does.
      const hint = verb === "printed" && text.trim() === "" && ran.stderr.trim() !== "" ? ` (it said: ${firstLine(ran.stderr)})` : "";
      return result(check, {
        status: "fail",
        observed,
        expected,
        message: `\`${spec.command}\` ${verb} ${observed}, expected ${expected}${comparison.reason ? ` (${comparison.reason})` : ""}${hint}`,
      });
    }
    lastObserved = observed;
    lastExpected = expected;
  }
  const outcome = { status: "pass" as const, message: `\`${spec.command}\` ${lastObserved !== undefined ? `printed ${lastObserved}` : `exited with ${ran.exitCode}`}` };
  return result(check, { ...outcome, ...(lastObserved !== undefined ? { observed: lastObserved } : {}), ...(lastExpected !== undefined ? { expected: lastExpected } : {}) });
}
