// Go compares strings byte by byte (https://go.dev/ref/spec#Comparison_operators: "Strings are
// ordered lexically byte-wise"); these are the cases where localeCompare disagrees.
import { describe, expect, it } from "vitest";
import { compareBytes } from "./compare.js";

describe("compareBytes (Go's byte order)", () => {
  it("puts uppercase before lowercase, where localeCompare does not", () => {
    expect(["b", "B", "a", "A"].sort(compareBytes)).toEqual(["A", "B", "a", "b"]);
    expect("a".localeCompare("B")).toBeLessThan(0);
    expect(compareBytes("a", "B")).toBeGreaterThan(0);
  });

  it("orders '-' (0x2d) before '.' (0x2e) before digits", () => {
    expect(["web.1", "web-1", "web1"].sort(compareBytes)).toEqual(["web-1", "web.1", "web1"]);
  });

  it("orders by UTF-8 bytes beyond the BMP (U+1F600 after U+FF5E), unlike UTF-16 units", () => {
    expect(compareBytes("\u{1F600}", "\uFF5E")).toBeGreaterThan(0);
    expect("\u{1F600}" < "\uFF5E").toBe(true);
  });

  it("a prefix sorts first; equal strings compare 0", () => {
    expect(compareBytes("web", "web-1")).toBeLessThan(0);
    expect(compareBytes("web", "web")).toBe(0);
  });
});
