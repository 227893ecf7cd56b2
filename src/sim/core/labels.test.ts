import { describe, expect, it } from "vitest";
import { formatSelector, fromLabelSelector, matches, parseSelector, SelectorParseError } from "./labels.js";

// https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
describe("label selectors", () => {
  const pod = { app: "web", tier: "frontend", env: "prod" };

  it("equality-based: = and == match equal values, != also matches objects without the key", () => {
    expect(matches(pod, parseSelector("app=web"))).toBe(true);
    expect(matches(pod, parseSelector("app==web,tier=frontend"))).toBe(true);
    expect(matches(pod, parseSelector("tier!=backend"))).toBe(true);
    expect(matches({ app: "web" }, parseSelector("tier!=frontend"))).toBe(true);
    expect(matches(pod, parseSelector("app=api"))).toBe(false);
  });

  it("set-based: in, notin, exists and !key", () => {
    expect(matches(pod, parseSelector("env in (prod, qa)"))).toBe(true);
    expect(matches(pod, parseSelector("env notin (prod)"))).toBe(false);
    expect(matches({ app: "x" }, parseSelector("env notin (prod)"))).toBe(true);
    expect(matches(pod, parseSelector("tier"))).toBe(true);
    expect(matches(pod, parseSelector("!tier"))).toBe(false);
    expect(matches(pod, parseSelector("app=web,env in (prod),!legacy"))).toBe(true);
  });

  it("an empty selector matches everything; a manifest selector combines matchLabels and matchExpressions with AND", () => {
    expect(matches(pod, parseSelector(""))).toBe(true);
    const sel = fromLabelSelector({ matchLabels: { app: "web" }, matchExpressions: [{ key: "env", operator: "In", values: ["qa"] }] });
    expect(matches(pod, sel)).toBe(false);
    expect(matches({ ...pod, env: "qa" }, sel)).toBe(true);
  });

  it("rejects malformed requirements", () => {
    expect(() => parseSelector("app in prod")).toThrow(SelectorParseError);
  });

  it("renders back to kubectl's form", () => {
    expect(formatSelector(parseSelector("app=web,env in (qa,prod),!legacy"))).toBe("app=web,env in (prod,qa),!legacy");
  });
});
