/**
 * The model's own clock. Nothing in src/sim reads wall-clock time: the world
 * starts at a fixed instant and moves only when a command, `sleep` or
 * `sim clock advance` moves it, so every run of the same commands reads alike.
 */

/** The instant every fresh world starts at. */
export const EPOCH = Date.UTC(2026, 0, 1, 9, 0, 0);

export class Clock {
  constructor(private nowMs: number = EPOCH) {}

  now(): number {
    return this.nowMs;
  }

  /** RFC 3339 with second precision, as the API server writes metav1.Time. */
  nowIso(): string {
    return toRfc3339(this.nowMs);
  }

  advance(ms: number): void {
    if (ms < 0) throw new Error("the clock cannot go backwards");
    this.nowMs += ms;
  }
}

export function toRfc3339(ms: number): string {
  const second = Math.floor(ms / 1000);
  // Loops ask for the same instant thousands of times per settle.
  if (second !== lastSecond) {
    lastSecond = second;
    lastText = new Date(second * 1000).toISOString().replace(".000Z", "Z");
  }
  return lastText;
}
let lastSecond = Number.NaN;
let lastText = "";

/**
 * Date.parse, quick for the two forms the model writes: metav1.Time
 * (`2026-01-01T09:00:00Z`, read for every row's age) and metav1.MicroTime
 * (`2026-01-01T09:00:00.000000Z`, every Lease's renewTime); any other text is
 * Date.parse's. Equal to Date.parse on every input (clock.test.ts compares them).
 */
export function parseTimestamp(text: string): number {
  const micro = text.length === 27 && text.charCodeAt(19) === 46;
  if ((text.length !== 20 && !micro) || text.charCodeAt(text.length - 1) !== 90 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return Date.parse(text);
  const year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
  const hour = digits(text, 11, 2), minute = digits(text, 14, 2), second = digits(text, 17, 2);
  const fraction = micro ? digits(text, 20, 6) : 0;
  // Outside these, Date.parse refuses or Date.UTC reads differently (years 0-99 mean 19xx to it).
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > 31 || fraction < 0 ||
    hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return Date.parse(text);
  // Date.parse keeps milliseconds and drops the rest of the fraction.
  return Date.UTC(year, month - 1, day, hour, minute, second) + Math.floor(fraction / 1000);
}

/** The decimal number in text[start, start+count), or -1 if a character is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}
