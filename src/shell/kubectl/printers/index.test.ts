import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { printObjects } from "./index.js";
import { printCustomColumns, relaxedJSONPathExpression } from "./customcolumns.js";

const read = (name: string): string => readFileSync(new URL(`./testdata/${name}`, import.meta.url), "utf8");
const pod = JSON.parse(read("pod-stored.json.golden"));
const now = Date.parse("2024-05-01T10:10:00Z");

describe("printObjects", () => {
  it("prints one object by itself as kubectl get TYPE NAME does (golden)", () => {
    expect(printObjects([pod], "yaml", { now })).toEqual({ stdout: read("pod-stored.yaml.golden") });
    expect(printObjects([pod], "json", { now })).toEqual({ stdout: read("pod-stored.json.golden") });
    expect(printObjects([pod], "name", { now })).toEqual({ stdout: read("pod-stored.name.golden") });
  });

  it("wraps several objects in a v1 List (kubectl get -o json)", () => {
    const r = printObjects([pod, pod], "json", { now }) as { stdout: string };
    const list = JSON.parse(r.stdout);
    expect(Object.keys(list)).toEqual(["apiVersion", "items", "kind", "metadata"]);
    expect(list.kind).toBe("List");
    expect(list.metadata).toEqual({ resourceVersion: "" });
    expect((printObjects([], "yaml", { now, asList: true }) as { stdout: string }).stdout).toBe(
      "apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: \"\"\n",
    );
  });

  it("runs jsonpath on the List for several objects", () => {
    expect(printObjects([pod, pod], "jsonpath={.items[*].metadata.name}", { now })).toEqual({
      stdout: "web-7d4b9c8f6-abcde web-7d4b9c8f6-abcde",
    });
  });

  it("prints the default table with restarts from lastState", () => {
    const out = (printObjects([pod], "", { now }) as { stdout: string }).stdout;
    expect(out).toBe(
      "NAME                  READY   STATUS             RESTARTS        AGE\n" +
        "web-7d4b9c8f6-abcde   1/2     ImagePullBackOff   2 (9m57s ago)   10m\n",
    );
  });

  it("rejects unknown formats with kubectl's message", () => {
    // kubectl get: the allowed list of `get`'s printflags (create's list, recorded, lacks wide and custom-columns).
    expect(printObjects([pod], "xml", { now })).toEqual({
      error:
        'error: unable to match a printer suitable for the output format "xml", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n',
    });
    expect(printObjects([pod], "jsonpath=", { now })).toEqual({ error: "error: template format specified but no template given\n" });
  });
});

describe("custom-columns (cli-runtime customcolumn.go)", () => {
  it("accepts relaxed paths", () => {
    expect(relaxedJSONPathExpression("metadata.name")).toEqual({ ok: true, template: "{.metadata.name}" });
    expect(relaxedJSONPathExpression("{.metadata.name}")).toEqual({ ok: true, template: "{.metadata.name}" });
  });
  it("joins several values with commas and prints <none> for missing ones", () => {
    expect(printCustomColumns("NAME:.metadata.name,IMAGES:.spec.containers[*].image,X:.spec.nope", [pod], false)).toEqual({
      stdout: "NAME                  IMAGES               X\nweb-7d4b9c8f6-abcde   nginx:1.25,busybox   <none>\n",
    });
  });
  it("reports a malformed spec", () => {
    expect(printCustomColumns("NAME", [pod], false)).toEqual({
      error: "error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>\n",
    });
  });
});
