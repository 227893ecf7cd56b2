/** The `count` check: objects counted by label and field selector, as `kubectl get -l ... --field-selector ...` lists them. */
import { beforeAll, describe, expect, test } from "vitest";
import { evaluateCheck } from "./index.js";
import { check, checkFixture, type CheckFixture } from "./testFixture.js";

let fixture: CheckFixture;
const ctx: CheckFixture["ctx"] = (...args) => fixture.ctx(...args);
beforeAll(() => {
  fixture = checkFixture();
});

describe("count check", () => {
  test("counts by label selector", async () => {
    const r = await evaluateCheck(check("count: { kind: Pod, selector: 'app in (api,db)', equals: 2 }"), ctx());
    expect(r).toMatchObject({ status: "pass", observed: "2", expected: "exactly 2" });
  });

  test("a shortfall names what was found and what has the labels but not the fields", async () => {
    const r = await evaluateCheck(check("count: { kind: Pod, selector: 'app in (api,broken)', fieldSelector: status.phase=Running, atLeast: 2 }"), ctx());
    expect(r.status).toBe("fail");
    expect(r.message).toBe(
      "found 1 pods labelled app in (api,broken) with status.phase=Running in namespace default (api), expected at least 2; 1 more has the labels but not status.phase=Running (broken: Pending)",
    );
  });

  test("atMost, and cluster-scoped kinds (the default preset has 3 nodes)", async () => {
    expect((await evaluateCheck(check("count: { kind: Node, atMost: 3 }"), ctx())).status).toBe("pass");
    expect((await evaluateCheck(check("count: { kind: Node, atMost: 2 }"), ctx())).status).toBe("fail");
  });
});
