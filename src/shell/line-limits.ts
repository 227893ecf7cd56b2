/**
 * What one line may cost the interpreter, and the words the learner reads
 * when a line goes over (issue 6). just-bash has limits of its own, but two of
 * them fail quietly or not at all:
 * - a brace range stops at 10,000 words without a word of warning (a constant
 *   in just-bash, not an option), so `echo {1..1000000} | wc -c` printed 48894
 *   where bash prints 6888896: such a range is refused before the line runs;
 * - nothing bounds eval nesting, so `x='eval $x'; eval $x` held 1.5 GB for
 *   100 s (bash itself overflows its stack and segfaults). Each nesting level
 *   is one command, so the command cap is the recursion cap: at 10,000 the
 *   bomb stops at about 150 MB. A heap watch between commands was tried and
 *   dropped: just-bash's only per-command hook (`coverage`) trips its own
 *   defense-in-depth box, and a timer never fires while a line runs (the
 *   interpreter does not yield to the event loop).
 * One string may hold 16 MiB (just-bash allows 64): more than the 10 MiB a
 * file may have, so `x=$(cat file)` works, and a doubling loop stops early.
 */
import type { BashOptions } from "just-bash";

/** just-bash's own cap on one brace range (`dr` in its bundle), which it applies silently. */
export const MAX_BRACE_RANGE = 10_000;
/** Commands one line may run: just-bash's "hardened" profile value (its "normal" one is 100,000). */
export const MAX_COMMANDS = 10_000;
export const MAX_STRING_BYTES = 16 * 1024 * 1024;

export const EXECUTION_LIMITS: NonNullable<BashOptions["executionLimits"]> = { maxCommandCount: MAX_COMMANDS, maxStringLength: MAX_STRING_BYTES };

type ParseFn = (script: string) => unknown;

/**
 * Why a line must not run because of a brace range too large for the
 * interpreter, or undefined. Ranges inside the literal text of `eval`,
 * `bash -c` and `sh -c` count too; a range built at run time (`eval echo $r`)
 * is not seen and still stops at 10,000.
 */
export function braceRangeRefusal(script: string, parse: ParseFn): string | undefined {
  let ast: unknown;
  try {
    ast = parse(script);
  } catch {
    return undefined; // the interpreter reports the syntax error itself
  }
  const found = largestRange(ast, parse, 0);
  if (!found || found.count <= MAX_BRACE_RANGE) return undefined;
  return (
    `kadet: brace expansion ${found.text} makes ${found.count} words, more than the ${MAX_BRACE_RANGE} kadet's shell expands ` +
    `(bash has no such limit); the line was not run`
  );
}

interface RangeFound {
  text: string;
  count: number;
}

function largestRange(node: unknown, parse: ParseFn, depth: number): RangeFound | undefined {
  let best: RangeFound | undefined;
  const consider = (r: RangeFound | undefined): void => {
    if (r && (!best || r.count > best.count)) best = r;
  };
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) visit(v);
      return;
    }
    if (typeof value !== "object" || value === null) return;
    const n = value as Record<string, unknown>;
    if (n.type === "Range") consider(rangeSize(n));
    if (n.type === "SimpleCommand" && depth < 8) {
      for (const inner of literalScripts(n)) {
        try {
          consider(largestRange(parse(inner), parse, depth + 1));
        } catch {
          // not a script: bash would say so when it runs
        }
      }
    }
    for (const v of Object.values(n)) visit(v);
  };
  visit(node);
  return best;
}

function rangeSize(n: Record<string, unknown>): RangeFound | undefined {
  const { start, end } = n;
  const step = Math.abs(typeof n.step === "number" && n.step !== 0 ? n.step : 1);
  const stepText = typeof n.step === "number" ? `..${n.step}` : "";
  if (typeof start === "number" && typeof end === "number") {
    return { text: `{${n.startStr ?? start}..${n.endStr ?? end}${stepText}}`, count: Math.floor(Math.abs(end - start) / step) + 1 };
  }
  if (typeof start === "string" && typeof end === "string") {
    return { text: `{${start}..${end}${stepText}}`, count: Math.floor(Math.abs(end.charCodeAt(0) - start.charCodeAt(0)) / step) + 1 };
  }
  return undefined;
}

/** The script text `eval WORDS`, `bash -c TEXT` or `sh -c TEXT` will run, when it is literal. */
function literalScripts(cmd: Record<string, unknown>): string[] {
  const name = literalWord(cmd.name);
  const args = Array.isArray(cmd.args) ? cmd.args.map(literalWord) : [];
  if (name === "eval") return args.every((a) => a !== undefined) ? [args.join(" ")] : [];
  if ((name === "bash" || name === "sh") && args[0] === "-c" && args[1] !== undefined) return [args[1]];
  return [];
}

function literalWord(word: unknown): string | undefined {
  if (typeof word !== "object" || word === null) return undefined;
  const parts = (word as { parts?: unknown }).parts;
  if (!Array.isArray(parts)) return undefined;
  let text = "";
  for (const part of parts as Record<string, unknown>[]) {
    if ((part.type === "Literal" || part.type === "SingleQuoted" || part.type === "Escaped") && typeof part.value === "string") text += part.value;
    else if (part.type === "DoubleQuoted") {
      const inner = literalWord(part);
      if (inner === undefined) return undefined;
      text += inner;
    } else return undefined;
  }
  return text;
}

/** just-bash's limit messages tell a programmer to raise an option; the learner gets what happened. */
export function explainLimit(stderr: string): string {
  return stderr
    .replace(/(?:bash: )?too many commands executed \(>(\d+)\), increase executionLimits\.maxCommandCount/g, "kadet: the line was stopped after $1 commands, the most kadet's shell runs for one line (a loop or an eval that never ends?)")
    .replace(/, increase executionLimits\.\w+/g, "");
}
