// Tables from k8s.io/apimachinery/pkg/api/resource/quantity_test.go
// (TestQuantityParseEmit, TestQuantityString alternates, TestQuantityParse).
import { describe, expect, it } from "vitest";
import { canonicalQuantity, canonicalResourceQuantity, compareQuantities, isQuantity, milliValue, parseQuantity, unitValue } from "./quantity.js";

describe("canonicalQuantity (resource.Quantity.String)", () => {
  // TestQuantityParseEmit
  it.each([
    ["1Ki", "1Ki"],
    ["1Mi", "1Mi"],
    ["1Gi", "1Gi"],
    ["1024Mi", "1Gi"],
    ["1000M", "1G"],
    [".001Ki", "1024m"],
    [".000001Ki", "1024u"],
    [".000000001Ki", "1024n"],
    [".000000000001Ki", "2n"],
  ])("TestQuantityParseEmit: %s → %s", (input, want) => {
    expect(canonicalQuantity(input)).toBe(want);
    if (want !== "0") expect(canonicalQuantity(`-${input}`)).toBe(`-${want}`);
  });

  // TestQuantityString: each alternate spelling parses and prints as the canonical one.
  it.each([
    ["1024Mi", "1Gi"],
    ["307200Ki", "300Mi"],
    ["1025024Mi", "1001Gi"],
    ["1024Gi", "1Ti"],
    ["1000M", "1G"],
    ["0.001T", "1G"],
    ["1000u", "1m"],
    ["1.08", "1080m"],
    ["1080000000n", "1080m"],
    [".001e12", "1e9"],
    ["0.001e0", "1e-3"],
    ["1000e-12", "1e-9"],
    ["00", "0"],
    ["1000E", "1e21"],
    ["5000E", "5e21"],
  ])("TestQuantityString alternate %s → %s", (input, want) => {
    expect(canonicalQuantity(input)).toBe(want);
  });

  // TestQuantityString canonical spellings print as themselves.
  it.each(["1Gi", "300Mi", "6Ki", "1001Gi", "1Ti", "5", "500m", "1G", "1m", "80m", "1080m", "300M", "1T", "1E", "1234567M", "1234567m", "3k", "1025", "0", "1e9", "1e-3", "1e-9", "80e-3", "300e6", "1e12", "1e3", "3e3", "1n", "80n", "1080n", "1u", "80u", "1080u"])(
    "TestQuantityString: %s is canonical",
    (text) => {
      expect(canonicalQuantity(text)).toBe(text);
    },
  );

  // The examples kubectl users meet: what `kubectl get -o yaml` shows after apply.
  it.each([
    [0.5, "500m"],
    ["0.5", "500m"],
    ["1000m", "1"],
    ["1.5Gi", "1536Mi"],
    ["0.1", "100m"],
    [1, "1"],
    ["2000", "2k"],
    ["0.5Mi", "512Ki"],
    ["1.5Ki", "1536"],
    ["3.001n", "4n"],
    ["128974848", "128974848"],
    ["129e6", "129e6"],
    ["123Mi", "123Mi"],
  ])("API round trip: %s → %s", (input, want) => {
    expect(canonicalQuantity(input)).toBe(want);
  });

  it("rejects what ParseQuantity rejects (TestQuantityParse invalid table)", () => {
    for (const bad of ["1.1.M", "1+1.0M", "0.1mi", "0.1am", "aoeu", ".5i", "1i", "-3.01i", "-3.01e-", " 1", "1 ", ""]) {
      expect(canonicalQuantity(bad), bad).toBeUndefined();
      expect(isQuantity(bad), bad).toBe(false);
    }
  });
});

describe("parseQuantity and friends (existing API)", () => {
  it("parses to milli-units, rounding up", () => {
    expect(parseQuantity("500m")).toEqual({ milli: 500n, format: "DecimalSI" });
    expect(parseQuantity("1Ki")).toEqual({ milli: 1024000n, format: "BinarySI" });
    expect(parseQuantity("1e3")).toEqual({ milli: 1000000n, format: "DecimalExponent" });
    expect(parseQuantity("0.1m")?.milli).toBe(1n);
    expect(milliValue("1.5")).toBe(1500);
    expect(unitValue("1Mi")).toBe(1048576);
    expect(() => milliValue("abc")).toThrow(/quantities must match/);
  });

  it("compares by value across notations", () => {
    expect(compareQuantities("1Gi", "1024Mi")).toBe(0);
    expect(compareQuantities("10000T", "100Gi")).toBe(1);
    expect(compareQuantities("50m", "100m")).toBe(-1);
    expect(compareQuantities("x", "1")).toBeUndefined();
  });
});

describe("canonicalResourceQuantity (SetDefaults_ResourceList rounds up to milli scale)", () => {
  it.each([
    ["0.1m", "1m"],
    ["100u", "1m"],
    ["1.5Gi", "1536Mi"],
    ["250m", "250m"],
    [0.5, "500m"],
  ])("%s → %s", (input, want) => {
    expect(canonicalResourceQuantity(input)).toBe(want);
  });
});
