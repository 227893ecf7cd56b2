import { describe, expect, test } from "vitest";
import { compare, comparatorOf, describeExpected, type Comparator } from "./comparators.js";

const c = (spec: Parameters<typeof comparatorOf>[0]): Comparator => comparatorOf(spec)!;

describe("comparators (content-format.md: strings, trimmed; greaterThan/lessThan numeric)", () => {
  test("equals and notEquals compare trimmed text", () => {
    expect(compare(c({ equals: "Running" }), "Running\n").ok).toBe(true);
    expect(compare(c({ equals: "Running" }), "Pending").ok).toBe(false);
    expect(compare(c({ notEquals: "Pending" }), "Running").ok).toBe(true);
    expect(compare(c({ notEquals: "Pending" }), " Pending ").ok).toBe(false);
  });

  test("matches is an unanchored regular expression; contains is a substring", () => {
    expect(compare(c({ matches: "^web-[a-z0-9]+$" }), "web-7d9f").ok).toBe(true);
    expect(compare(c({ matches: "nginx" }), "docker.io/nginx:1.27").ok).toBe(true);
    expect(compare(c({ matches: "^nginx" }), "docker.io/nginx:1.27").ok).toBe(false);
    expect(compare(c({ contains: "1.27" }), "nginx:1.27").ok).toBe(true);
    expect(compare(c({ contains: "1.28" }), "nginx:1.27").ok).toBe(false);
  });

  test("issue 6: matches runs in linear time, so ^(a+)+$ on 50,000 characters answers at once", () => {
    const started = performance.now();
    expect(compare(c({ matches: "^(a+)+$" }), "a".repeat(50_000) + "!").ok).toBe(false);
    expect(compare(c({ matches: "^(a+)+$" }), "a".repeat(50_000)).ok).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  test("oneOf accepts any listed value", () => {
    expect(compare(c({ oneOf: ["Running", "Succeeded"] }), "Succeeded").ok).toBe(true);
    expect(compare(c({ oneOf: ["Running", "Succeeded"] }), "Failed").ok).toBe(false);
  });

  test("greaterThan and lessThan compare numbers, not strings ('10' > '9')", () => {
    expect(compare(c({ greaterThan: 9 }), "10").ok).toBe(true);
    expect(compare(c({ lessThan: 9 }), "10").ok).toBe(false);
    expect(compare(c({ greaterThan: 2 }), "2").ok).toBe(false);
    expect(compare(c({ greaterThan: 1 }), "abc")).toEqual({ ok: false, reason: '"abc" is not a number' });
    expect(compare(c({ greaterThan: 1 }), "")).toEqual({ ok: false, reason: "nothing to compare: the value is empty" });
  });

  test("exists: an absent or empty value does not exist", () => {
    expect(compare(c({ exists: true }), "x").ok).toBe(true);
    expect(compare(c({ exists: true }), undefined).ok).toBe(false);
    expect(compare(c({ exists: false }), "").ok).toBe(true);
  });

  test("expectations read naturally in a verdict", () => {
    expect(describeExpected(c({ equals: "nginx:1.27" }))).toBe("nginx:1.27");
    expect(describeExpected(c({ matches: "^web-" }))).toBe("matching /^web-/");
    expect(describeExpected(c({ oneOf: ["a", "b"] }))).toBe("one of a, b");
    expect(describeExpected(c({ greaterThan: 2 }))).toBe("greater than 2");
    expect(describeExpected(c({ equals: "" }))).toBe("(empty)");
  });
});
