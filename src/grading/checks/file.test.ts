/** The `file` check: a file in the workspace, its text, or the manifest it holds. */
import { beforeAll, describe, expect, test } from "vitest";
import { evaluateCheck } from "./index.js";
import { check, checkFixture, type CheckFixture } from "./testFixture.js";

let fixture: CheckFixture;
const ctx: CheckFixture["ctx"] = (...args) => fixture.ctx(...args);
beforeAll(() => {
  fixture = checkFixture();
});

describe("file check", () => {
  test("the first document of the kind is read", async () => {
    const r = await evaluateCheck(check("file: { path: web.yaml, manifest: { kind: Deployment, jsonpath: '{.spec.replicas}', equals: '3' } }"), ctx());
    expect(r).toMatchObject({ status: "pass", observed: "3" });
  });

  test("no document of the kind: says what the file has", async () => {
    const r = await evaluateCheck(check("file: { path: web.yaml, manifest: { kind: Pod } }"), ctx());
    expect(r).toMatchObject({ status: "fail", message: "web.yaml has no Pod (it has: Service web, Deployment web)" });
  });

  test("several documents and no kind: the check needs exactly one", async () => {
    const r = await evaluateCheck(check("file: { path: web.yaml, manifest: {} }"), ctx());
    expect(r.message).toBe("web.yaml holds 2 documents (Service web, Deployment web); the check needs exactly one");
  });

  test("a missing file lists the workspace; invalid YAML names the line", async () => {
    expect((await evaluateCheck(check("file: { path: pod.yaml }"), ctx())).message).toBe("pod.yaml does not exist in your workspace (files there: bad.yaml, web.yaml)");
    const bad = await evaluateCheck(check("file: { path: bad.yaml, manifest: { kind: Pod } }"), ctx());
    expect(bad.status).toBe("fail");
    expect(bad.message).toMatch(/^bad\.yaml is not valid YAML \(line \d\)/);
  });

  test("comparators on the file's text", async () => {
    expect((await evaluateCheck(check("file: { path: web.yaml, contains: 'replicas: 3' }"), ctx())).status).toBe("pass");
    expect((await evaluateCheck(check("file: { path: web.yaml, exists: false }"), ctx())).status).toBe("fail");
  });
});
