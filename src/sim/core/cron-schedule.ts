/**
 * CronJob schedules, as kube-apiserver validates and kube-controller-manager
 * evaluates them: both use github.com/robfig/cron/v3's ParseStandard (five
 * fields or a descriptor such as @hourly, "?" as "*", JAN-DEC and SUN-SAT
 * names, an optional TZ=/CRON_TZ= prefix) and Schedule.Next. This is a port
 * of that parser and of Next's field-by-field search, on the virtual clock,
 * with IANA time zones from Intl (no I/O). A JavaScript cron library was not
 * used because none parses exactly what robfig/cron parses (most accept
 * seconds fields, L, W and #, which Kubernetes refuses), and the trainer must
 * refuse what the API server refuses.
 */

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAYS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const FIELDS: Bounds[] = [{ min: 0, max: 59 }, { min: 0, max: 23 }, { min: 1, max: 31 }, { min: 1, max: 12, names: MONTHS }, { min: 0, max: 6, names: DAYS }];

const DESCRIPTORS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

export interface CronSchedule {
  /** Allowed values per field: minute, hour, day of month, month, day of week. */
  sets: Set<number>[];
  /** Whether day of month / day of week were "*" or "?" (robfig's starBit): then both must match, else either. */
  domStar: boolean;
  dowStar: boolean;
  /** The schedule's own time zone (TZ=...), else undefined. */
  timeZone?: string;
  /** @every DURATION: a fixed interval in ms instead of fields. */
  everyMs?: number;
}

export type ParseResult = { ok: true; schedule: CronSchedule } | { ok: false; error: string };

/** Whether Intl knows the IANA zone (time.LoadLocation's check). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function parseStandard(spec: string): ParseResult {
  let text = spec;
  let timeZone: string | undefined;
  if (text.startsWith("TZ=") || text.startsWith("CRON_TZ=")) {
    const space = text.indexOf(" ");
    const zone = text.slice(text.indexOf("=") + 1, space < 0 ? undefined : space);
    if (!isKnownTimeZone(zone)) return { ok: false, error: `provided bad location ${zone}: unknown time zone ${zone}` };
    timeZone = zone;
    text = space < 0 ? "" : text.slice(space).trim();
  }
  if (text.startsWith("@")) {
    if (text.startsWith("@every ")) {
      const ms = parseGoDuration(text.slice("@every ".length));
      if (ms === undefined) return { ok: false, error: `failed to parse duration ${text}: time: invalid duration "${text.slice(7)}"` };
      return { ok: true, schedule: { sets: [], domStar: true, dowStar: true, timeZone, everyMs: Math.max(1000, Math.floor(ms / 1000) * 1000) } };
    }
    const expanded = DESCRIPTORS[text];
    if (!expanded) return { ok: false, error: `unrecognized descriptor: ${text}` };
    text = expanded;
  }
  const fields = text.split(/\s+/).filter((f) => f !== "");
  if (fields.length === 0) return { ok: false, error: "empty spec string" };
  if (fields.length !== 5) return { ok: false, error: `expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]` };
  const sets: Set<number>[] = [];
  for (let i = 0; i < 5; i++) {
    const parsed = parseField(fields[i]!, FIELDS[i]!);
    if (typeof parsed === "string") return { ok: false, error: parsed };
    sets.push(parsed);
  }
  const star = (f: string) => f.startsWith("*") || f.startsWith("?");
  return { ok: true, schedule: { sets, domStar: star(fields[2]!), dowStar: star(fields[4]!), timeZone } };
}

/** getField/getRange: comma-separated ranges "a", "a-b", "*", each with an optional "/step". */
function parseField(field: string, bounds: Bounds): Set<number> | string {
  const out = new Set<number>();
  for (const expr of field.split(",")) {
    const [rangePart, stepPart, ...extra] = expr.split("/");
    if (extra.length > 0) return `too many slashes: ${expr}`;
    let start: number;
    let end: number;
    const lowAndHigh = rangePart!.split("-");
    if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") {
      if (lowAndHigh.length > 1) return `too many hyphens: ${expr}`;
      start = bounds.min;
      end = bounds.max;
    } else {
      if (lowAndHigh.length > 2) return `too many hyphens: ${expr}`;
      const a = parseValue(lowAndHigh[0]!, bounds);
      if (typeof a === "string") return a;
      start = a;
      if (lowAndHigh.length === 2) {
        const b = parseValue(lowAndHigh[1]!, bounds);
        if (typeof b === "string") return b;
        end = b;
      } else end = start;
    }
    let step = 1;
    if (stepPart !== undefined) {
      const s = parseNumber(stepPart);
      if (typeof s === "string") return s;
      step = s;
      // "N/step" means N through the maximum (robfig: singleDigit ranges extend to max).
      if (lowAndHigh.length === 1 && lowAndHigh[0] !== "*" && lowAndHigh[0] !== "?") end = bounds.max;
    }
    if (start < bounds.min) return `beginning of range (${start}) below minimum (${bounds.min}): ${expr}`;
    if (end > bounds.max) return `end of range (${end}) above maximum (${bounds.max}): ${expr}`;
    if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
    if (step === 0) return `step of range should be a positive number: ${expr}`;
    for (let v = start; v <= end; v += step) out.add(v);
  }
  return out;
}

function parseValue(text: string, bounds: Bounds): number | string {
  const named = bounds.names?.[text.toLowerCase()];
  if (named !== undefined) return named;
  return parseNumber(text);
}

/** mustParseInt: strconv.Atoi, and negative numbers refused. */
function parseNumber(text: string): number | string {
  if (!/^[+-]?\d+$/.test(text)) return `failed to parse int from ${text}: strconv.Atoi: parsing "${text}": invalid syntax`;
  const n = Number(text);
  if (n < 0) return `negative number (${n}) not allowed: ${text}`;
  return n;
}

/** time.ParseDuration for the units a learner writes (h, m, s, ms). */
function parseGoDuration(text: string): number | undefined {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text) return undefined;
  return parts.reduce((sum, p) => sum + Number(p[1]) * units[p[2]!]!, 0);
}

// ---------------------------------------------------------------- Next

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric" });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall-clock fields of an instant in a zone. */
function wallFields(ms: number, zone: string): { y: number; mo: number; d: number; h: number; mi: number } {
  if (zone === "UTC") {
    const t = new Date(ms);
    return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), mi: t.getUTCMinutes() };
  }
  const parts = formatterFor(zone).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { y: get("year"), mo: get("month"), d: get("day"), h: get("hour"), mi: get("minute") };
}

/** The zone's offset from UTC at an instant, in ms. */
function offsetAt(ms: number, zone: string): number {
  const f = wallFields(ms, zone);
  return Date.UTC(f.y, f.mo - 1, f.d, f.h, f.mi) - Math.floor(ms / 60_000) * 60_000;
}

/**
 * Schedule.Next: the first instant strictly after `afterMs` that matches, in the schedule's zone
 * (its TZ= prefix, else `zone`). Searches wall-clock time field by field, as robfig does, for at most five years.
 */
export function nextAfter(schedule: CronSchedule, afterMs: number, zone = "UTC"): number | undefined {
  if (schedule.everyMs !== undefined) return Math.floor(afterMs / 1000) * 1000 + schedule.everyMs;
  const tz = schedule.timeZone ?? zone;
  const [minutes, hours, doms, months, dows] = schedule.sets as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  // Work on wall time encoded as a UTC instant, then map back.
  let wall = Math.floor((afterMs + offsetAt(afterMs, tz)) / 60_000) * 60_000 + 60_000;
  const limit = wall + 5 * 366 * 86_400_000;
  const dayMatches = (t: Date) => {
    const dom = doms.has(t.getUTCDate());
    const dow = dows.has(t.getUTCDay());
    return schedule.domStar || schedule.dowStar ? dom && dow : dom || dow;
  };
  while (wall < limit) {
    const t = new Date(wall);
    if (!months.has(t.getUTCMonth() + 1)) {
      wall = Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1);
      continue;
    }
    if (!dayMatches(t)) {
      wall = Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate() + 1);
      continue;
    }
    if (!hours.has(t.getUTCHours())) {
      wall = Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate(), t.getUTCHours() + 1);
      continue;
    }
    if (!minutes.has(t.getUTCMinutes())) {
      wall += 60_000;
      continue;
    }
    // Wall time → instant; a wall time skipped by a DST change moves forward with the offset.
    let instant = wall - offsetAt(wall, tz);
    instant = wall - offsetAt(instant, tz);
    if (instant > afterMs) return instant;
    wall += 60_000;
  }
  return undefined;
}

/** The RFC 3339 text of an instant in a zone ("2026-01-04T09:05:00Z", "2026-01-04T10:05:00+01:00"), as Go's time.Format(time.RFC3339). */
export function rfc3339In(ms: number, zone: string): string {
  const offset = zone === "UTC" ? 0 : offsetAt(ms, zone);
  const local = new Date(Math.floor(ms / 1000) * 1000 + offset).toISOString().slice(0, 19);
  if (offset === 0) return `${local}Z`;
  const sign = offset > 0 ? "+" : "-";
  const abs = Math.abs(offset) / 60_000;
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}
