// The Go text/tabwriter port, checked against cases from Go's own
// src/text/tabwriter/tabwriter_test.go semantics with describe's settings
// (minwidth 0, padding 2, spaces).
import { describe, expect, it } from "vitest";
import { PrefixWriter, tabwrite } from "./tabwriter.js";

describe("tabwrite (text/tabwriter)", () => {
  it("pads each column to its widest cell plus 2; the last cell of a line is not a column", () => {
    expect(tabwrite("a\tb\tc\naaa\tbbbb\tc\n")).toBe("a    b     c\naaa  bbbb  c\n");
  });
  it("a line without a tab ends the column block, so alignment restarts after it", () => {
    expect(tabwrite("Name:\tweb\nContainers:\n  web:\n    Image:\tnginx\n")).toBe("Name:  web\nContainers:\n  web:\n    Image:  nginx\n");
  });
  it("continuation lines with an empty first cell align under the value (printLabelsMultiline)", () => {
    expect(tabwrite("Labels:\ta=1\n\tb=2\nNamespace:\tdefault\n")).toBe("Labels:     a=1\n            b=2\nNamespace:  default\n");
  });
  it("flush() aligns what came before on its own (DescribeEvents)", () => {
    const w = new PrefixWriter();
    w.write(0, "Tolerations:\t<none>\n");
    w.flush();
    w.write(0, "X:\ty\n");
    expect(w.toString()).toBe("Tolerations:  <none>\nX:  y\n");
  });
});
