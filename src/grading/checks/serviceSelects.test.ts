/** The `serviceSelects` check: a Service's selector matches Running pods (the condition for endpoints). */
import { beforeAll, describe, expect, test } from "vitest";
import { evaluateCheck } from "./index.js";
import { check, checkFixture, type CheckFixture } from "./testFixture.js";

let fixture: CheckFixture;
const ctx: CheckFixture["ctx"] = (...args) => fixture.ctx(...args);
beforeAll(() => {
  fixture = checkFixture();
});

describe("serviceSelects check", () => {
  test("passes when the selector matches a Running pod", async () => {
    const r = await evaluateCheck(check("serviceSelects: { name: api }"), ctx());
    expect(r).toMatchObject({ status: "pass", observed: "1 Running pod", message: "Service api selects app=api: api" });
  });

  test("a Service selecting nothing says which labels the pods actually have", async () => {
    const r = await evaluateCheck(check("serviceSelects: { name: web }"), ctx());
    expect(r.status).toBe("fail");
    expect(r.message).toBe(
      "Service web selects app=web; no pod has that label — the pods are labelled app=api,tier=backend (api); app=broken (broken); app=db (db); app=frontend (front-1)",
    );
  });

  test("a Service without selector, and a missing Service", async () => {
    expect((await evaluateCheck(check("serviceSelects: { name: manual }"), ctx())).message).toMatch(/^Service manual has no selector/);
    expect((await evaluateCheck(check("serviceSelects: { name: shop }"), ctx())).message).toBe(
      "no Service named shop in namespace default (services there: api, kubernetes, manual, web)",
    );
  });

  test("atLeast counts Running pods only", async () => {
    const r = await evaluateCheck(check("serviceSelects: { name: api, atLeast: 2 }"), ctx());
    expect(r).toMatchObject({ status: "fail", observed: "1 Running pod", expected: "at least 2 Running pods" });
  });
});
