/**
 * What bash's `time` keyword prints, from the virtual clock: the sandbox is deterministic,
 * so `real` is the simulated time the pipeline took (a `sleep 3` takes 3 s, a kubectl call
 * none, the world settling after the line) and `user`/`sys` are zero.
 * Formats: bash's default TIMEFORMAT `\nreal\t%3lR\nuser\t%3lU\nsys\t%3lS` and, for
 * `time -p`, the POSIX one `real %2R\nuser %2U\nsys %2S` (bash execute_cmd.c).
 */

/** `0m3.000s`: %3lR, minutes then seconds with three decimals. */
function long(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m${((ms - minutes * 60_000) / 1000).toFixed(3)}s`;
}

export function formatTimes(elapsedMs: number, posix: boolean): string {
  const ms = Math.max(0, Math.round(elapsedMs));
  if (posix) return `real ${(ms / 1000).toFixed(2)}\nuser 0.00\nsys 0.00\n`;
  return `\nreal\t${long(ms)}\nuser\t${long(0)}\nsys\t${long(0)}\n`;
}
