/**
 * The `command` check: runs a command line (usually kubectl) on a throw-away
 * copy of the learner's world and compares its exit code, stdout and stderr
 * (trimmed). The learner's world and history are never touched.
 */
import { z } from "zod";
import { compare, comparatorFields, comparatorOf, describeExpected, refineComparator, showObserved, type Comparator } from "./comparators.js";
import { defineCheck } from "./define.js";
import { result, type CheckContext, type CheckIdentity, type CheckResult } from "./types.js";

const StreamSchema = z.strictObject({ ...comparatorFields }).superRefine((spec, ctx) => refineComparator(spec, ctx, { required: true, what: "this output check" }));

export interface CommandCheckSpec {
  command: string;
  stdout?: Comparator;
  stderr?: Comparator;
  exitCode?: number;
}

/** The one type whose keys sit flat in the check entry: `command:` beside `stdout:`, `stderr:`, `exitCode:`. */
export const commandCheck = defineCheck({
  type: "command",
  keys: { command: z.string().min(1), stdout: StreamSchema.optional(), stderr: StreamSchema.optional(), exitCode: z.number().int().min(0).optional() },
  refine(input, ctx) {
    if (input.stdout === undefined && input.stderr === undefined && input.exitCode === undefined) {
      ctx.addIssue({ code: "custom", message: "a command check needs stdout, stderr and/or exitCode" });
    }
  },
  toSpec(input): CommandCheckSpec {
    const spec: CommandCheckSpec = { command: input.command };
    const stdout = input.stdout ? comparatorOf(input.stdout) : undefined;
    const stderr = input.stderr ? comparatorOf(input.stderr) : undefined;
    if (stdout) spec.stdout = stdout;
    if (stderr) spec.stderr = stderr;
    if (input.exitCode !== undefined) spec.exitCode = input.exitCode;
    return spec;
  },
  evaluate: evaluateCommand,
});

function firstLine(text: string): string {
  return text.trim().split("\n")[0] ?? "";
}

async function evaluateCommand(check: CheckIdentity, spec: CommandCheckSpec, ctx: CheckContext): Promise<CheckResult> {
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
