// EqualIgnoreHash (kubernetes pkg/controller/deployment/util/deployment_util.go): templates that
// differ only in pod-template-hash or in key order are equal; any other difference is not.
import { describe, expect, it } from "vitest";
import { sameTemplateIgnoringHash, templateWithoutHash } from "./pod-template.js";

const t = (labels: Record<string, string>, image = "nginx") => ({ metadata: { labels }, spec: { containers: [{ name: "web", image }] } });

describe("sameTemplateIgnoringHash", () => {
  it("ignores the pod-template-hash label", () => {
    expect(sameTemplateIgnoringHash(t({ app: "web", "pod-template-hash": "abc" }), t({ app: "web" }))).toBe(true);
  });
  it("ignores key order", () => {
    expect(sameTemplateIgnoringHash({ spec: { a: 1, b: 2 } }, { spec: { b: 2, a: 1 } })).toBe(true);
  });
  it("sees other label and spec changes", () => {
    expect(sameTemplateIgnoringHash(t({ app: "web" }), t({ app: "api" }))).toBe(false);
    expect(sameTemplateIgnoringHash(t({ app: "web" }), t({ app: "web" }, "nginx:1.27"))).toBe(false);
  });
  it("does not change its argument", () => {
    const original = t({ app: "web", "pod-template-hash": "abc" });
    templateWithoutHash(original);
    expect(original.metadata.labels["pod-template-hash"]).toBe("abc");
  });
});
