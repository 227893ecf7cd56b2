/**
 * `sleep`'s operands as busybox (FEATURE_FANCY_SLEEP, FLOAT_DURATION, as the
 * busybox and alpine images build it) and GNU coreutils read them: each is a
 * number, fractions allowed, with an optional suffix s, m, h or d; several
 * operands add up; `infinity` never ends.
 * https://www.gnu.org/software/coreutils/manual/html_node/sleep-invocation.html
 */
const UNIT: Readonly<Record<string, number>> = { "": 1, s: 1, m: 60, h: 3600, d: 86400 };

export type SleepOperands = { ok: true; seconds: number } | { ok: false; error: string };

export function parseSleep(operands: readonly string[]): SleepOperands {
  if (operands.length === 0) return { ok: false, error: "sleep: missing operand" };
  let seconds = 0;
  for (const operand of operands) {
    if (/^inf(inity)?$/i.test(operand)) return { ok: true, seconds: Infinity };
    const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(operand);
    // busybox's wording (libbb xatoul/parse_duration_str); GNU says "invalid time interval".
    if (!m) return { ok: false, error: `sleep: invalid number '${operand}'` };
    seconds += Number.parseFloat(m[1]!) * UNIT[m[2]!]!;
  }
  return { ok: true, seconds };
}
