// kubectl get --sort-by (kubectl/pkg/cmd/get/sorter.go and get.go, 1.32; sorter_test.go's cases).
// Since 1.31 strings that are not quantities compare byte by byte (kubectl commit 150571ea5,
// "Change non-quantity strings to sort alphanumerically, instead of using Natural Sort").
import { beforeAll, describe, expect, it } from "vitest";
import type { Session } from "../../session.js";
import { kubectlSession } from "../testing.js";
import { sortObjectsBy } from "./sort-by.js";

const names = (r: ReturnType<typeof sortObjectsBy<{ metadata: { name: string } }>>) => (r.ok ? r.objects.map((o) => o.metadata.name) : r.error);
const obj = (name: string, spec: Record<string, unknown>) => ({ metadata: { name }, spec });

describe("sortObjectsBy", () => {
  it("compares quantities by value when both parse (500Mi < 2Gi < 10Gi)", () => {
    const r = sortObjectsBy([obj("a", { s: "10Gi" }), obj("b", { s: "2Gi" }), obj("c", { s: "500Mi" })], ".spec.s", "list", 0);
    expect(names(r)).toEqual(["c", "b", "a"]);
  });

  it("compares other strings byte by byte, not in natural order (web-10 < web-9 < web-a)", () => {
    const r = sortObjectsBy([obj("web-9", {}), obj("web-a", {}), obj("web-10", {})], ".metadata.name", "list", 0);
    expect(names(r)).toEqual(["web-10", "web-9", "web-a"]);
  });

  it("compares integers as integers, and RFC 3339 timestamps (strings) by time", () => {
    expect(names(sortObjectsBy([obj("a", { n: 10 }), obj("b", { n: 9 }), obj("c", { n: 1 })], "{.spec.n}", "list", 0))).toEqual(["c", "b", "a"]);
    const t = (name: string, at: string) => obj(name, { at });
    expect(names(sortObjectsBy([t("a", "2026-01-04T10:00:00Z"), t("b", "2026-01-04T09:00:00Z")], ".spec.at", "list", 0))).toEqual(["b", "a"]);
  });

  it("objects without the field sort first; Go's sort.Sort reverses them once (list) and back again (a table is sorted twice)", () => {
    const objects = [obj("a", {}), obj("b", {}), obj("c", { n: 1 })];
    expect(names(sortObjectsBy(objects, ".spec.n", "list", 0))).toEqual(["b", "a", "c"]);
    expect(names(sortObjectsBy(objects, ".spec.n", "table", 0))).toEqual(["a", "b", "c"]);
  });

  it("a path that no object has is kubectl's error", () => {
    expect(sortObjectsBy([obj("a", {})], ".spec.nope", "table", 0)).toEqual({ ok: false, error: `error: couldn't find any field with path "{.spec.nope}" in the list of objects` });
  });

  it("values isLess cannot order end kubectl through klog.Exitf (booleans; a number against a string)", () => {
    const bools = sortObjectsBy([obj("a", { b: true }), obj("b", { b: false })], ".spec.b", "table", Date.parse("2026-01-04T09:00:00Z"));
    expect(bools).toEqual({ ok: false, error: expect.stringMatching(/^F0104 09:00:00\.000000 +\d+ sorter\.go:375\] Field \{\.spec\.b\} in \[\]\[\]\[\]reflect\.Value is an unsortable type: interface, err: unsortable type: bool$/) });
    const mixed = sortObjectsBy([obj("a", { v: 1 }), obj("b", { v: "x" })], ".spec.v", "list", 0);
    expect(mixed.ok === false && mixed.error).toMatch(/sorter\.go:329\] Field \{\.spec\.v\} in \*unstructured\.Unstructured is an unsortable type: interface, err: unsortable interface: interface$/);
  });
});

describe("kubectl get --sort-by", () => {
  let s: Session;
  beforeAll(async () => {
    s = kubectlSession();
    await s.run("kubectl create deployment big --image=nginx --replicas=3");
    await s.run("kubectl create deployment small --image=nginx --replicas=1");
    await s.run("kubectl create deployment mid --image=nginx --replicas=2");
    await s.run("kubectl create service clusterip beta --tcp=80");
  });

  it("orders a table's rows by the field, and errors as kubectl for a path no object has", async () => {
    const r = await s.run("kubectl get deploy --sort-by=.spec.replicas -o custom-columns=NAME:.metadata.name --no-headers");
    expect(r).toEqual({ stdout: "small\nmid\nbig\n", stderr: "", exitCode: 0 });
    const table = await s.run("kubectl get deploy --sort-by=.spec.replicas --no-headers");
    expect(table.stdout.split("\n").map((l) => l.split(" ")[0])).toEqual(["small", "mid", "big", ""]);
    const bad = await s.run("kubectl get deploy --sort-by=.spec.nope");
    expect(bad).toEqual({ stdout: "", stderr: `error: couldn't find any field with path "{.spec.nope}" in the list of objects\n`, exitCode: 1 });
  });

  it("non-table output sorts every kind in one list; tables sort per kind", async () => {
    const list = await s.run("kubectl get deploy,svc -o name --sort-by=.metadata.name");
    expect(list.stdout).toBe("service/beta\ndeployment.apps/big\nservice/kubernetes\ndeployment.apps/mid\ndeployment.apps/small\n");
    const tables = await s.run("kubectl get deploy,svc --sort-by=.metadata.name --no-headers");
    expect(tables.stdout.split("\n").map((l) => l.split(" ")[0])).toEqual(["deployment.apps/big", "deployment.apps/mid", "deployment.apps/small", "", "service/beta", "service/kubernetes", ""]);
  });

  it("named objects are one-row tables each: their order stays, and each must have the field; a single object in -o yaml is not sorted", async () => {
    const named = await s.run("kubectl get deploy small big --sort-by=.metadata.name --no-headers");
    expect(named.stdout.split("\n").map((l) => l.split(" ")[0])).toEqual(["small", "big", ""]);
    expect((await s.run("kubectl get deploy small --sort-by=.spec.nope")).exitCode).toBe(1);
    expect((await s.run("kubectl get deploy small -o yaml --sort-by=.spec.nope")).exitCode).toBe(0);
  });
});
