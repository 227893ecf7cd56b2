import { describe, expect, it } from "vitest";
import { humanDuration, shortHumanDuration, translateTimestampSince } from "./age.js";

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

// Cases from k8s.io/apimachinery/pkg/util/duration/duration_test.go (TestHumanDuration).
describe("humanDuration (apimachinery duration.HumanDuration)", () => {
  it.each([
    [1 * s, "1s"],
    [70 * s, "70s"],
    [190 * s, "3m10s"],
    [70 * m, "70m"],
    [47 * h, "47h"],
    [49 * h, "2d1h"],
    [(8 * 24 + 2) * h, "8d"],
    [367 * d, "367d"],
    [(365 * 2 + 2) * d, "2y2d"],
    [(365 * 8 + 2) * d, "8y"],
  ])("%d ms -> %s", (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });

  it("keeps seconds up to 2 minutes, then minutes and seconds below 10 minutes", () => {
    expect(humanDuration(119 * s)).toBe("119s");
    expect(humanDuration(120 * s)).toBe("2m");
    expect(humanDuration(150 * s)).toBe("2m30s");
    expect(humanDuration(10 * m + 30 * s)).toBe("10m");
    expect(humanDuration(3 * h + 5 * m)).toBe("3h5m");
    expect(humanDuration(8 * h + 5 * m)).toBe("8h");
  });

  it("tolerates one second of clock skew and calls more <invalid>", () => {
    expect(humanDuration(-1500)).toBe("0s");
    expect(humanDuration(-2 * s)).toBe("<invalid>");
  });
});

describe("shortHumanDuration (apimachinery duration.ShortHumanDuration)", () => {
  it.each([
    [59 * s, "59s"],
    [61 * s, "1m"],
    [25 * h, "1d"],
    [400 * d, "1y"],
  ])("%d ms -> %s", (ms, want) => expect(shortHumanDuration(ms)).toBe(want));
});

describe("translateTimestampSince (printers.go)", () => {
  it("prints <unknown> for a missing timestamp", () => {
    expect(translateTimestampSince(undefined, 0)).toBe("<unknown>");
    expect(translateTimestampSince(null, 0)).toBe("<unknown>");
  });
  it("measures from the given now, not the wall clock", () => {
    const now = Date.parse("2024-05-01T10:05:00Z");
    expect(translateTimestampSince("2024-05-01T10:00:00Z", now)).toBe("5m");
  });
});
