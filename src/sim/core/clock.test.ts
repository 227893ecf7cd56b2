import { describe, expect, it } from "vitest";
import { EPOCH, parseTimestamp, toRfc3339 } from "./clock.js";

describe("parseTimestamp", () => {
  it("equals Date.parse on the model's own form and on everything near it", () => {
    const cases = [
      "2026-01-01T09:00:00Z", "2026-02-29T00:00:00Z", "2026-02-31T00:00:00Z", "2024-02-29T23:59:59Z",
      "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-01-00T00:00:00Z", "2026-01-32T00:00:00Z",
      "2026-01-01T24:00:00Z", "2026-01-01T23:60:00Z", "2026-01-01T00:00:60Z", "0000-01-01T00:00:00Z",
      "0099-12-31T00:00:00Z", "0100-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-01-01T0a:00:00Z",
      "2026-01-01 09:00:00Z", "2026-01-01T09:00:00.000000Z", "2026-01-01T09:00:00.123999Z",
      "2026-01-01T09:00:00.999999Z", "2026-01-01T09:00:00.12345aZ", "2026-01-01T09:00:00,123456Z", "2026-01-01T09:00:00.1234567", "2026-01-01T09:00:00+01:00", "2026-01-01T09:00:00.5Z", "", "yesterday",
    ];
    // And a deterministic sweep of random digit strings in the same shape.
    let seed = 7;
    const next = (n: number): string => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return String(seed % n).padStart(2, "0"); };
    for (let i = 0; i < 5000; i++) {
      const text = `20${next(100)}-${next(15)}-${next(35)}T${next(26)}:${next(62)}:${next(62)}`;
      cases.push(`${text}Z`, `${text}.${next(100)}${next(100)}${next(100)}Z`);
    }
    for (const text of cases) expect(parseTimestamp(text), text).toStrictEqual(Date.parse(text));
  });
});

describe("toRfc3339", () => {
  it("prints metav1.Time's second precision, truncating milliseconds", () => {
    expect(toRfc3339(EPOCH)).toBe("2026-01-01T09:00:00Z");
    expect(toRfc3339(EPOCH + 1999)).toBe("2026-01-01T09:00:01Z");
    expect(toRfc3339(EPOCH)).toBe("2026-01-01T09:00:00Z");
  });
});
