// robfig/cron v3's ParseStandard and Schedule.Next, which kube-apiserver and kube-controller-manager use
// for CronJob schedules; error texts are robfig's (parser.go), cases from its parser_test.go/spec_test.go.
import { describe, expect, it } from "vitest";
import { nextAfter, parseStandard, rfc3339In } from "./cron-schedule.js";

const at = (iso: string) => Date.parse(iso);
const next = (spec: string, from: string, zone = "UTC") => {
  const p = parseStandard(spec);
  if (!p.ok) throw new Error(p.error);
  const t = nextAfter(p.schedule, at(from), zone);
  return t === undefined ? undefined : new Date(t).toISOString();
};

describe("cron schedules as Kubernetes parses them (robfig/cron v3 ParseStandard)", () => {
  it.each([
    ["*/5 * * * *", "2026-01-04T09:02:10Z", "2026-01-04T09:05:00.000Z"],
    ["0 * * * *", "2026-01-04T09:00:00Z", "2026-01-04T10:00:00.000Z"],
    ["@hourly", "2026-01-04T09:30:00Z", "2026-01-04T10:00:00.000Z"],
    ["@daily", "2026-01-04T09:30:00Z", "2026-01-05T00:00:00.000Z"],
    ["30 2 * * MON-FRI", "2026-01-03T00:00:00Z", "2026-01-05T02:30:00.000Z"],
    ["0 0 1 JAN ?", "2026-01-04T00:00:00Z", "2027-01-01T00:00:00.000Z"],
    // Day of month and day of week both restricted: either matches (2026-01-13 is a Tuesday, before the 15th).
    ["0 0 15 * 2", "2026-01-10T00:00:00Z", "2026-01-13T00:00:00.000Z"],
    ["5/20 * * * *", "2026-01-04T09:06:00Z", "2026-01-04T09:25:00.000Z"],
  ])("%s after %s is %s", (spec, from, want) => {
    expect(next(spec, from)).toBe(want);
  });

  it("TZ= and a time zone: 0 9 * * * in Europe/Berlin is 08:00 UTC in winter", () => {
    expect(next("TZ=Europe/Berlin 0 9 * * *", "2026-01-04T00:00:00Z")).toBe("2026-01-04T08:00:00.000Z");
    expect(next("0 9 * * *", "2026-07-04T00:00:00Z", "Europe/Berlin")).toBe("2026-07-04T07:00:00.000Z");
    expect(rfc3339In(at("2026-01-04T08:00:00Z"), "Europe/Berlin")).toBe("2026-01-04T09:00:00+01:00");
  });

  it.each([
    ["* * * *", "expected exactly 5 fields, found 4: [* * * *]"],
    ["* * * * * *", "expected exactly 5 fields, found 6: [* * * * * *]"],
    ["60 * * * *", "end of range (60) above maximum (59): 60"],
    ["* * * * 7", "end of range (7) above maximum (6): 7"],
    ["5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1"],
    ["@fortnightly", "unrecognized descriptor: @fortnightly"],
    ["L * * * *", 'failed to parse int from L: strconv.Atoi: parsing "L": invalid syntax'],
  ])("refuses %s: %s", (spec, error) => {
    expect(parseStandard(spec)).toEqual({ ok: false, error });
  });
});
