/**
 * How systemctl prints times, ported from systemd's src/basic/time-util.c
 * (v255, Ubuntu 24.04's): `format_timestamp` ("Thu 2026-01-01 09:00:00 UTC",
 * hosts run in UTC), `format_timestamp_relative` ("3 days ago") and
 * `format_timespan` with millisecond accuracy ("3d 2h 10min 4.123s").
 * Inputs are the model's virtual clock in ms.
 */

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 2_629_800 * SEC;
const YEAR = 31_557_600 * SEC;

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const pad = (n: number) => String(n).padStart(2, "0");

/** TIMESTAMP_PRETTY in UTC: `%a %Y-%m-%d %H:%M:%S UTC`. */
export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** format_timestamp_relative_full: the branches and their thresholds as upstream. */
export function formatRelative(then: number, now: number): string {
  const ago = now > then;
  const d = Math.abs(now - then);
  const s = ago ? " ago" : " left";
  const f = Math.floor;
  if (d >= YEAR) return `${plural(f(d / YEAR), "year", "years")} ${plural(f((d % YEAR) / MONTH), "month", "months")}${s}`;
  if (d >= MONTH) return `${plural(f(d / MONTH), "month", "months")} ${plural(f((d % MONTH) / DAY), "day", "days")}${s}`;
  if (d >= WEEK) return `${plural(f(d / WEEK), "week", "weeks")} ${plural(f((d % WEEK) / DAY), "day", "days")}${s}`;
  if (d >= 2 * DAY) return `${f(d / DAY)} days${s}`;
  if (d >= 25 * HOUR) return `1 day ${f((d - DAY) / HOUR)}h${s}`;
  if (d >= 6 * HOUR) return `${f(d / HOUR)}h${s}`;
  if (d >= HOUR) return `${f(d / HOUR)}h ${f((d % HOUR) / MIN)}min${s}`;
  if (d >= 5 * MIN) return `${f(d / MIN)}min${s}`;
  if (d >= MIN) return `${f(d / MIN)}min ${f((d % MIN) / SEC)}s${s}`;
  if (d >= SEC) return `${f(d / SEC)}s${s}`;
  if (d >= 1) return `${d}ms${s}`;
  return "now";
}

const SPAN_UNITS: [string, number][] = [["y", YEAR], ["month", MONTH], ["w", WEEK], ["d", DAY], ["h", HOUR], ["min", MIN], ["s", SEC], ["ms", 1]];

/** format_timespan(t, MSEC_PER_SEC): below a minute, a remainder shows as decimals of the unit. */
export function formatTimespan(ms: number): string {
  if (ms <= 0) return "0";
  const parts: string[] = [];
  let t = Math.floor(ms);
  for (const [suffix, unit] of SPAN_UNITS) {
    if (t <= 0) break;
    if (t < unit) continue;
    const a = Math.floor(t / unit);
    const b = t % unit;
    // Decimal digits: the unit's size in µs has log10 digits, less the 3 that ms accuracy drops.
    const digits = Math.round(Math.log10(unit * 1000)) - 3;
    if (t < MIN && b > 0 && digits > 0) {
      parts.push(`${a}.${String(b).padStart(digits, "0")}${suffix}`);
      t = 0;
    } else {
      parts.push(`${a}${suffix}`);
      t = b;
    }
  }
  return parts.join(" ");
}
