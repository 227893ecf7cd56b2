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
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}
