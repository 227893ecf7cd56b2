/** systemctl's time formats against the branches of systemd's time-util.c (format_timestamp_relative_full, format_timespan). */
import { describe, expect, it } from "vitest";
import { formatRelative, formatTimespan, formatTimestamp } from "./systemd-time.js";

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);
const S = 1000;

describe("systemd time formats", () => {
  it("TIMESTAMP_PRETTY in UTC", () => {
    expect(formatTimestamp(T0)).toBe("Thu 2026-01-01 09:00:00 UTC");
  });
  it.each([
    [0, "now"],
    [45 * S, "45s ago"],
    [90 * S, "1min 30s ago"],
    [7 * 60 * S, "7min ago"],
    [(3600 + 125) * S, "1h 2min ago"],
    [7 * 3600 * S, "7h ago"],
    [26 * 3600 * S, "1 day 2h ago"],
    [3 * 86400 * S, "3 days ago"],
    [9 * 86400 * S, "1 week 2 days ago"],
  ])("relative %d ms → %s", (d, text) => {
    expect(formatRelative(T0, T0 + d)).toBe(text);
  });
  it.each([
    [4123, "4.123s"],
    [45 * S, "45s"],
    [3 * 86400 * S + 2 * 3600 * S + 10 * 60 * S + 4123, "3d 2h 10min 4.123s"],
    [61 * S + 500, "1min 1.500s"],
  ])("timespan %d ms → %s", (ms, text) => {
    expect(formatTimespan(ms)).toBe(text);
  });
});
