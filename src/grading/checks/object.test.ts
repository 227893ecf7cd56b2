/** The `object` check: one object read through the API server, a field by kubectl's JSONPath, or only whether it exists. */
import { beforeAll, describe, expect, test } from "vitest";
import { evaluateCheck } from "./index.js";
import type { Check } from "./registry.js";
import { check, checkFixture, type CheckFixture } from "./testFixture.js";

let fixture: CheckFixture;
const ctx: CheckFixture["ctx"] = (...args) => fixture.ctx(...args);
beforeAll(() => {
  fixture = checkFixture();
});

describe("object check", () => {
  test("passes when the field matches, reading it with kubectl's JSONPath", async () => {
    const r = await evaluateCheck(check("object: { kind: Pod, name: api, jsonpath: '{.spec.containers[0].image}', equals: 'nginx:1.27' }"), ctx());
    expect(r).toMatchObject({ status: "pass", observed: "nginx:1.27", expected: "nginx:1.27", weight: 1 });
  });

  test("a field mismatch shows observed vs expected", async () => {
    const r = await evaluateCheck(check("object: { kind: po, name: api, jsonpath: '{.metadata.labels.app}', equals: web }"), ctx());
    expect(r).toMatchObject({ status: "fail", observed: "api", expected: "web", message: "Pod api: {.metadata.labels.app} is api, expected web" });
  });

  test("a missing object lists what does exist in the namespace", async () => {
    const r = await evaluateCheck(check("object: { kind: Pod, name: web }"), ctx());
    expect(r.status).toBe("fail");
    expect(r.message).toBe("no Pod named web in namespace default (pods there: api, broken, db, front-1)");
  });

  test("a missing object in a namespace without any says so, and points at another namespace that has one", async () => {
    const r = await evaluateCheck(check("object: { kind: Pod, name: api, namespace: kube-public }"), ctx());
    expect(r.message).toBe("no Pod named api in namespace kube-public (no pods there); there is one in namespace default");
  });

  test("exists: false passes only when the object is gone", async () => {
    expect((await evaluateCheck(check("object: { kind: Pod, name: web, exists: false }"), ctx())).status).toBe("pass");
    const r = await evaluateCheck(check("object: { kind: Pod, name: api, exists: false }"), ctx());
    expect(r).toMatchObject({ status: "fail", message: "Pod api still exists in namespace default" });
  });

  test("cluster-scoped kinds ignore the namespace (node names from the default preset)", async () => {
    const r = await evaluateCheck(check("object: { kind: no, name: node01, jsonpath: '{.metadata.name}', equals: node01 }"), ctx());
    expect(r.status).toBe("pass");
  });

  test("a kind the check cannot resolve is an error, not a fail", async () => {
    const bad = { ...check("object: { kind: Pod, name: api }") } as Check & { type: "object" };
    const r = await evaluateCheck({ ...bad, object: { ...bad.object, kind: "Pood" } }, ctx());
    expect(r).toMatchObject({ status: "error", message: 'the check names an unknown kind "Pood"' });
  });

  test("a JSONPath that the object's shape cannot satisfy fails with kubectl's reason", async () => {
    // client-go jsonpath: "array index out of bounds: index 5, length 1"
    const r = await evaluateCheck(check("object: { kind: Pod, name: api, jsonpath: '{.spec.containers[5].image}', equals: x }"), ctx());
    expect(r.status).toBe("fail");
    expect(r.message).toMatch(/array index out of bounds/);
  });
});
