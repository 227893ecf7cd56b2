// unifiedHunks against GNU diffutils 3.8 `diff -u -N` (testdata/diff/record.sh ran the real diff on
// the pairs gen-cases.mjs writes): kubectl diff prints whatever `diff -u -N` prints.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { unifiedHunks } from "./unified-diff.js";

const dir = new URL("./testdata/diff/", import.meta.url);
const names = readdirSync(dir).filter((f) => f.endsWith(".diff")).map((f) => f.slice(0, -5));

describe("unifiedHunks (GNU diff -u)", () => {
  it.each(names)("%s", (name) => {
    const read = (ext: string) => readFileSync(new URL(`${name}.${ext}`, dir), "utf8");
    expect(unifiedHunks(read("a"), read("b"))).toBe(read("diff"));
  });
  it("the same text has no hunks", () => expect(unifiedHunks("a\nb\n", "a\nb\n")).toBe(""));
});
