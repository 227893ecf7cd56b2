/** The `history` check: regular expressions on the learner's own command lines. */
import { beforeAll, describe, expect, test } from "vitest";
import { evaluateCheck } from "./index.js";
import { check, checkFixture, type CheckFixture } from "./testFixture.js";

let fixture: CheckFixture;
const ctx: CheckFixture["ctx"] = (...args) => fixture.ctx(...args);
beforeAll(() => {
  fixture = checkFixture();
});

describe("history check", () => {
  test("used and notUsed are regexes on the learner's lines", async () => {
    const c = check("history: { used: 'kubectl scale', notUsed: 'kubectl edit' }");
    expect(await evaluateCheck(c, ctx(["kubectl get deploy", "kubectl scale deploy web --replicas=3"]))).toMatchObject({
      status: "pass",
      message: 'you ran "kubectl scale deploy web --replicas=3"',
    });
    expect(await evaluateCheck(c, ctx(["kubectl edit deploy web", "kubectl scale deploy web --replicas=3"]))).toMatchObject({
      status: "fail",
      message: 'you ran "kubectl edit deploy web", which this exercise asks you not to use',
    });
    expect((await evaluateCheck(c, ctx([]))).message).toBe("none of your commands matches /kubectl scale/ (you have not run any command yet)");
  });

  test("issue 6: ^(a+)+$ against a long line answers at once (RE2, linear time; V8's RegExp backtracks for ever)", async () => {
    const c = check("history: { used: '^(a+)+$' }");
    const started = performance.now();
    const r = await evaluateCheck(c, ctx(["a".repeat(50_000) + "!"]));
    expect(r.status).toBe("fail");
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
