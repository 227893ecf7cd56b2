import { describe, expect, it } from "vitest";
import { loadJustBash, prepareCoverageWriter, setCoverageWriter } from "./just-bash.js";

describe("loadJustBash", () => {
  it("loads the interpreter once and leaves the global Headers as Node defines it", async () => {
    const first = await loadJustBash();
    expect(await loadJustBash()).toBe(first);
    expect(typeof first.Bash).toBe("function");
    // The getter is restored: code after the load still sees WHATWG Headers.
    expect(new Headers({ a: "1" }).get("a")).toBe("1");
  });
});

describe("setCoverageWriter (the per-line memory watch's hook)", () => {
  it("a writer set on a built interpreter gets its hits on the next exec, and none once taken away", async () => {
    const { Bash } = await loadJustBash();
    expect(await prepareCoverageWriter()).toBe(true);
    const bash = new Bash();
    let hits = 0;
    setCoverageWriter(bash, { hit: () => void hits++ });
    expect((await bash.exec("for i in 1 2 3; do x=$i; done; echo $x")).stdout).toBe("3\n");
    expect(hits).toBeGreaterThan(0);
    const before = hits;
    setCoverageWriter(bash, undefined);
    await bash.exec("for i in 1 2 3; do x=$i; done");
    expect(hits).toBe(before);
  });
});
