/**
 * The regular expressions of exercise checks (`matches`, `history.used`,
 * `history.notUsed`), run by RE2 (re2js, pure JS) rather than V8's
 * backtracking engine: exercise files come from packs anyone can write, and
 * `^(a+)+$` against a long line once held the grader for 120 s (issue 6).
 * RE2 answers in time linear in the input; the price is that it refuses
 * backreferences and lookaround, which is a content error at load time.
 */
import { RE2JS } from "re2js";

export interface CheckRegex {
  readonly source: string;
  /** Unanchored search, as `RegExp.prototype.test` and grep. */
  test(text: string): boolean;
}

/** Compiles a check's pattern; throws with RE2's reason when it cannot. */
export function compileCheckRegex(pattern: string): CheckRegex {
  const re = compileOrExplain(pattern);
  return { source: pattern, test: (text) => re.test(text) };
}

/** Why a pattern cannot be a check's regex, or undefined when it can. */
export function checkRegexError(pattern: string): string | undefined {
  try {
    compileOrExplain(pattern);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

function compileOrExplain(pattern: string): RE2JS {
  try {
    return RE2JS.compile(pattern);
  } catch (e) {
    const reason = (e as Error).message.replace(/^error parsing regexp: /, "");
    throw new Error(`${reason}${unsupportedHint(pattern)}`);
  }
}

/** RE2's own reason ("invalid escape sequence: `\1`") does not say the syntax is deliberately absent. */
function unsupportedHint(pattern: string): string {
  if (/\\[1-9]|\\k</.test(pattern)) return " (backreferences are not supported: checks use RE2 syntax, which matches in linear time)";
  if (/\(\?<?[=!]/.test(pattern)) return " (lookahead and lookbehind are not supported: checks use RE2 syntax, which matches in linear time)";
  return "";
}
