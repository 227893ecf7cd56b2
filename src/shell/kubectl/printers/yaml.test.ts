import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { toYAML, yamlKeyLess } from "./yaml.js";

// Golden files recorded from kubectl v1.32 (see testdata/README and testdata/record.sh).
const golden = (name: string): string => readFileSync(new URL(`./testdata/${name}`, import.meta.url), "utf8");

describe("toYAML reproduces kubectl -o yaml byte for byte", () => {
  it.each([
    "create-deployment.yaml.golden",
    "create-service.yaml.golden",
    "create-secret.yaml.golden",
    "create-configmap-quoting.yaml.golden",
    "create-configmap-blocks.yaml.golden",
  ])("%s (kubectl create --dry-run=client -o yaml)", (name) => {
    const text = golden(name);
    expect(toYAML(parse(text))).toBe(text);
  });

  it("prints a stored pod as `kubectl get -o yaml` does (from the same object's -o json)", () => {
    const obj = JSON.parse(golden("pod-stored.json.golden"));
    expect(toYAML(obj)).toBe(golden("pod-stored.yaml.golden"));
  });

  it("orders and quotes map keys like go-yaml v2 (digits compared as numbers, <<, yes, emoji)", () => {
    const obj = JSON.parse(golden("configmap-keys.json.golden"));
    expect(toYAML(obj)).toBe(golden("configmap-keys.yaml.golden"));
  });
});

describe("go-yaml v2 sorter.go key order", () => {
  it("compares digit runs as numbers and puts non-letters before letters", () => {
    expect(yamlKeyLess("k2", "k10")).toBe(true);
    expect(yamlKeyLess("a1_", "a1b")).toBe(true);
    expect(yamlKeyLess("a01", "a001")).toBe(true);
    expect(yamlKeyLess("app", "app.kubernetes.io/name")).toBe(true);
  });
});

describe("toYAML shapes", () => {
  it("writes empty collections inline and nests sequences of sequences", () => {
    expect(toYAML({ a: {}, b: [], c: [[1, 2], []] })).toBe("a: {}\nb: []\nc:\n- - 1\n  - 2\n- []\n");
  });
  it("prints floats as Go's strconv 'g' does", () => {
    expect(toYAML({ a: 0.5, b: 1234567.5, c: 1e-7 })).toBe("a: 0.5\nb: 1.2345675e+06\nc: 1e-07\n");
  });
});
