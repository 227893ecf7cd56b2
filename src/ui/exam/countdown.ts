/**
 * The exam countdown as the screen shows it: `1:59:32` or `14:59`, and its tone, which turns
 * amber with 15 minutes left and red with 5 (issue 9). Seconds round up, so `0:01` shows until
 * the very end and `15:00` is already amber.
 */

export const AMBER_AT_MS = 15 * 60_000;
export const RED_AT_MS = 5 * 60_000;

export type CountdownTone = "normal" | "amber" | "red";

export function countdownTone(remainingMs: number): CountdownTone {
  if (remainingMs <= RED_AT_MS) return "red";
  if (remainingMs <= AMBER_AT_MS) return "amber";
  return "normal";
}

export function formatCountdown(remainingMs: number): string {
  const total = Math.max(0, Math.ceil(remainingMs / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}
