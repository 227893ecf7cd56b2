// kubectl explain (kubectl/pkg/cmd/explain, pkg/explain/v2/templates/plaintext.tmpl, 1.32). The
// goldens in testdata/explain/ were recorded with the real kubectl 1.32 against fake-openapi.py,
// which serves the very schemas kadet renders from (record.sh): they pin the template's output,
// the TYPE.path parsing and the errors.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Session } from "../session.js";
import { kubectlSession } from "./testing.js";
import { wrapString } from "./explain/wordwrap.js";

const dir = new URL("./testdata/explain/", import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir), "utf8");
const CASES = read("cases.txt").trim().split("\n").map((l) => l.split("\t") as [string, string]);

describe("kubectl explain (recorded from kubectl 1.32)", () => {
  let s: Session;
  beforeAll(async () => {
    s = kubectlSession();
    await s.run("kubectl version --client");
  });
  it.each(CASES)("%s: kubectl %s", async (name, args) => {
    const err = read(`${name}.err`).match(/^([\s\S]*?)exit=(\d+)\n?$/)!;
    const { stdout, stderr, exitCode } = await s.run(`kubectl ${args}`);
    expect({ stdout, stderr, exitCode }).toEqual({ stdout: read(`${name}.out`), stderr: err[1], exitCode: Number(err[2]) });
  });

  it("says what it does not render: the openapiv2 template, kinds without a schema", async () => {
    expect(await s.run("kubectl explain pods -o plaintext-openapiv2")).toMatchObject({ stderr: "kadet: 'kubectl explain --output=plaintext-openapiv2' is not simulated\n", exitCode: 1 });
    expect((await s.run("kubectl explain leases")).stderr).toBe("kadet: 'kubectl explain leases' is not simulated: kadet has no OpenAPI schema for Lease\n");
  });
});

describe("wrapString (go-wordwrap 1.0.1)", () => {
  it("breaks at spaces before the limit, keeps a long word whole, keeps newlines", () => {
    expect(wrapString("aaa bbb ccc", 7)).toBe("aaa bbb\nccc");
    expect(wrapString("a verylongword b", 5)).toBe("a\nverylongword\nb");
    expect(wrapString("one\n\ntwo", 10)).toBe("one\n\ntwo");
  });
});
