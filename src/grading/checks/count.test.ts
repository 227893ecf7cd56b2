/** The `count` check: objects counted by label and field selector, as `kubectl get -l ... --field-selector ...` lists them. */
import { beforeAll, describe, expect, test } from "vitest";
import { formatContentError } from "../../content/sourceErrors.js";
import { parseExercise } from "../exercise.js";
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

describe("count check field selectors, as the API server takes them", () => {
  test("a field the kind does not index is a load error in the API server's words", () => {
    const text = `formatVersion: 1\nid: t\ntitle: t\ntopics: [pods]\ndifficulty: easy\nminutes: 1\npoints: 10\ntask: t\nchecks:\n  - id: c\n    description: d\n    count: { kind: deploy, fieldSelector: status.replicas=3, equals: 1 }\nsolution: {}\nexplanation: x\n`;
    const parsed = parseExercise(text, "exercises/t.yaml");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map(formatContentError)).toEqual([
      'exercises/t.yaml:12:43: checks[0].count.fieldSelector: the API server refuses it for deployments: "status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
    ]);
  });

  test("values are the strategy's, not the raw path: spec.hostNetwork is false when unset", async () => {
    const r = await evaluateCheck(check("count: { kind: Pod, selector: 'app in (api,db)', fieldSelector: spec.hostNetwork=false, equals: 2 }"), ctx());
    expect(r).toMatchObject({ status: "pass", observed: "2" });
  });
});
