/**
 * Ages as kubectl prints them (the AGE, LAST SEEN and "(5m ago)" cells).
 * A port of k8s.io/apimachinery/pkg/util/duration.HumanDuration and of
 * translateTimestampSince in kubernetes pkg/printers/internalversion/printers.go.
 * Time always comes in as `now`; this module never reads the clock.
 */
import { parseTimestamp } from "../../../sim/core/clock.js";

/** duration.HumanDuration: ~2-3 significant figures, "<invalid>" for the future. */
export function humanDuration(ms: number): string {
  // Go truncates a Duration toward zero when it converts to whole seconds.
  const seconds = Math.trunc(ms / 1000);
  // "Allow deviation no more than 2 seconds(excluded) to tolerate machine time inconsistence."
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(seconds / 3600);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    const years = Math.trunc(hours / 24 / 365);
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** duration.ShortHumanDuration (used by a few describe lines, not by `get`). */
export function shortHumanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.trunc(seconds / 3600);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${Math.trunc(hours / 24)}d`;
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/**
 * translateTimestampSince: the age of an RFC 3339 timestamp at `now`, or
 * "<unknown>" when the timestamp is missing (Go's zero time) or unreadable.
 */
export function translateTimestampSince(timestamp: string | null | undefined, now: number): string {
  if (!timestamp) return "<unknown>";
  const then = parseTimestamp(timestamp);
  if (Number.isNaN(then)) return "<unknown>";
  return humanDuration(now - then);
}
