/**
 * Each check type: pass, fail and error, and the wording of its messages
 * (content-format.md's examples). Worlds are built from the default preset
 * and changed through the API server, as kubectl would.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { kindNamed } from "../../sim/api/kinds.js";
import { createWorld } from "../../sim/world/create.js";
import type { World } from "../../sim/world/world.js";
import type { Check } from "../exercise.js";
import { parseExercise } from "../exercise.js";
import { evaluateCheck } from "./index.js";
import type { CheckContext } from "./types.js";

/** Parses checks through the real loader, so tests use the authors' syntax. */
function checksFrom(yaml: string): Check[] {
  const text = `formatVersion: 1\nid: t\ntitle: t\ntopics: [pods]\ndifficulty: easy\nminutes: 1\npoints: 10\ntask: t\nchecks:\n${yaml}\nsolution: {}\nexplanation: x\n`;
  const parsed = parseExercise(text, "t.yaml");
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.line}:${e.column}: ${e.message}`).join("\n"));
  return parsed.exercise.checks;
}
const check = (yaml: string): Check => checksFrom(`  - id: c\n    description: d\n${yaml.replace(/^/gm, "    ")}`)[0]!;

function pod(world: World, name: string, labels: Record<string, string>, image = "nginx:1.27", namespace = "default"): void {
  const made = world.api.create(kindNamed("Pod")!, { apiVersion: "v1", kind: "Pod", metadata: { name, labels }, spec: { containers: [{ name: "main", image }] } }, namespace);
  if (!made.ok) throw new Error(made.error.message);
}
function service(world: World, name: string, selector: Record<string, string> | undefined): void {
  const made = world.api.create(kindNamed("Service")!, { apiVersion: "v1", kind: "Service", metadata: { name }, spec: { ...(selector ? { selector } : {}), ports: [{ port: 80 }] } }, "default");
  if (!made.ok) throw new Error(made.error.message);
}

let world: World;
let workdir: string;
const ctx = (history: string[] = [], runOnCopy: CheckContext["runOnCopy"] = async () => ({ stdout: "", stderr: "", exitCode: 0 })): CheckContext => ({
  world,
  history,
  workdir,
  runOnCopy,
});

beforeAll(() => {
  world = createWorld("default");
  pod(world, "api", { app: "api", tier: "backend" });
  pod(world, "db", { app: "db" });
  pod(world, "front-1", { app: "frontend" });
  pod(world, "broken", { app: "broken" }, "nginx:no-such-tag");
  service(world, "web", { app: "web" });
  service(world, "api", { app: "api" });
  service(world, "manual", undefined);
  world.settle();
  workdir = mkdtempSync(join(tmpdir(), "kadet-checks-"));
  writeFileSync(
    join(workdir, "web.yaml"),
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n",
  );
  writeFileSync(join(workdir, "bad.yaml"), "kind: Pod\nmetadata: [unclosed\n");
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

describe("command check", () => {
  test("compares stdout (trimmed) and exit code", async () => {
    const c = check("command: kubectl get pod api -o jsonpath='{.status.phase}'\nstdout: { equals: Running }\nexitCode: 0");
    expect((await evaluateCheck(c, ctx([], async () => ({ stdout: "Running", stderr: "", exitCode: 0 })))).status).toBe("pass");
    const failed = await evaluateCheck(c, ctx([], async () => ({ stdout: "", stderr: 'Error from server (NotFound): pods "api" not found\n', exitCode: 1 })));
    expect(failed).toMatchObject({
      status: "fail",
      observed: "exit code 1",
      expected: "exit code 0",
      message: "`kubectl get pod api -o jsonpath='{.status.phase}'` exited with 1, expected 0: Error from server (NotFound): pods \"api\" not found",
    });
    const pending = await evaluateCheck(c, ctx([], async () => ({ stdout: "Pending", stderr: "", exitCode: 0 })));
    expect(pending).toMatchObject({ status: "fail", observed: "Pending", expected: "Running" });
  });

  test("a fault while running the command is an error", async () => {
    const c = check("command: kubectl get pods\nexitCode: 0");
    const r = await evaluateCheck(c, ctx([], async () => Promise.reject(new Error("boom"))));
    expect(r).toMatchObject({ status: "error", message: "could not run `kubectl get pods`: boom" });
  });
});
