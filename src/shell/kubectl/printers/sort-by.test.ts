// kubectl get --sort-by (kubectl/pkg/cmd/get/sorter.go, sorter_test.go) and
// github.com/fvbommel/sortorder's NaturalLess (natsort_test.go cases).
import { describe, expect, it } from "vitest";
import { kubectlSession } from "../testing.js";
import { naturalLess, sortObjectsBy } from "./sort-by.js";

describe("naturalLess (sortorder.NaturalLess)", () => {
  it.each([
    ["a1", "a2"],
    ["a2", "a10"],
    ["web-9", "web-10"],
    ["a1", "a01"],
    ["a", "a0"],
    ["0", "a"],
    ["A", "a"],
  ])("%s < %s", (x, y) => {
    expect(naturalLess(x, y)).toBe(true);
    expect(naturalLess(y, x)).toBe(false);
  });
  it("equal strings are not less", () => expect(naturalLess("web-1", "web-1")).toBe(false));
});

describe("sortObjectsBy", () => {
  const pv = (name: string, storage?: string) => ({ metadata: { name }, spec: storage ? { capacity: { storage } } : {} });

  it("compares quantities by value when both parse (2Gi before 10Gi, 500Mi before 1Gi)", () => {
    const r = sortObjectsBy([pv("a", "10Gi"), pv("b", "2Gi"), pv("c", "500Mi")], ".spec.capacity.storage");
    expect(r.ok && r.objects.map((o) => o.metadata.name)).toEqual(["c", "b", "a"]);
  });

  it("objects without the field sort first", () => {
    const r = sortObjectsBy([pv("a", "1Gi"), pv("b")], "{.spec.capacity.storage}");
    expect(r.ok && r.objects.map((o) => o.metadata.name)).toEqual(["b", "a"]);
  });

  it("numbers compare as numbers", () => {
    const o = (name: string, replicas: number) => ({ metadata: { name }, spec: { replicas } });
    const r = sortObjectsBy([o("a", 10), o("b", 9), o("c", 1)], ".spec.replicas");
    expect(r.ok && r.objects.map((x) => x.metadata.name)).toEqual(["c", "b", "a"]);
  });

  it("a path that no object has is kubectl's error", () => {
    expect(sortObjectsBy([pv("a")], ".spec.nope")).toEqual({ ok: false, error: `error: couldn't find any field with path "{.spec.nope}" in the list of objects` });
  });
});

describe("kubectl get --sort-by", () => {
  it("orders table rows by the field", async () => {
    const s = kubectlSession();
    await s.run("kubectl create deployment big --image=nginx --replicas=3");
    await s.run("kubectl create deployment small --image=nginx --replicas=1");
    await s.run("kubectl create deployment mid --image=nginx --replicas=2");
    const r = await s.run("kubectl get deploy --sort-by=.spec.replicas -o custom-columns=NAME:.metadata.name --no-headers");
    expect(r).toEqual({ stdout: "small\nmid\nbig\n", stderr: "", exitCode: 0 });
    const bad = await s.run("kubectl get deploy --sort-by=.spec.nope");
    expect(bad.stderr).toBe(`error: couldn't find any field with path "{.spec.nope}" in the list of objects\n`);
    expect(bad.exitCode).toBe(1);
  });
});
