import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { toJSON } from "./json.js";
import { formatName, printNames } from "./name.js";
import { formatFloatG, goPrint, goSyntax, jsonString } from "./gofmt.js";

// Golden files recorded from kubectl v1.32 (testdata/record.sh).
const golden = (name: string): string => readFileSync(new URL(`./testdata/${name}`, import.meta.url), "utf8");

describe("toJSON reproduces kubectl -o json", () => {
  it("sorts keys for objects read back from the server (label --local, like get)", () => {
    for (const name of ["pod-stored.json.golden", "configmap-keys.json.golden"]) {
      const text = golden(name);
      // Parse, then shuffle key order: the printer must sort on its own.
      const obj = JSON.parse(text);
      const reversed = JSON.parse(JSON.stringify(obj, (_k, v) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v)));
      expect(toJSON(reversed)).toBe(text);
    }
  });

  it("keeps field order for typed objects (kubectl create --dry-run=client -o json)", () => {
    const text = golden("create-deployment.json.golden");
    expect(toJSON(JSON.parse(text), { keyOrder: "asIs" })).toBe(text);
  });

  it("escapes like encoding/json: HTML characters, control characters, U+2028", () => {
    // Recorded: kubectl create configmap x --from-literal=a=$'\x08\x0c\x01' --from-literal=b=$'\u2028' -o json
    expect(jsonString("\b\f\u0001")).toBe('"\\b\\f\\u0001"');
    expect(jsonString("\u2028")).toBe('"\\u2028"');
    expect(jsonString("<<")).toBe('"\\u003c\\u003c"');
  });
});

describe("-o name", () => {
  it("matches kubectl for core and grouped kinds", () => {
    expect(printNames([{ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" } }])).toBe(
      golden("create-deployment.name.golden"),
    );
    expect(formatName({ apiVersion: "v1", kind: "Pod", metadata: { name: "web-7d4b9c8f6-abcde" } }) + "\n").toBe(
      golden("pod-stored.name.golden"),
    );
  });
});

describe("Go value formatting", () => {
  it("formats floats as strconv.FormatFloat(f, 'g', -1, 64)", () => {
    expect(formatFloatG(0.5)).toBe("0.5");
    expect(formatFloatG(1e21)).toBe("1e+21");
    expect(formatFloatG(123456.5)).toBe("123456.5");
    expect(formatFloatG(1e-5)).toBe("1e-05");
  });
  it("prints %v and %#v of decoded JSON like fmt", () => {
    expect(goPrint({ b: [1, "x"], a: null })).toBe("map[a:<nil> b:[1 x]]");
    expect(goSyntax({ b: [1, "x"], a: null, c: {} })).toBe(
      'map[string]interface {}{"a":interface {}(nil), "b":[]interface {}{1, "x"}, "c":map[string]interface {}{}}',
    );
  });
});
