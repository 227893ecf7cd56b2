import { describe, expect, it } from "vitest";
import { loadJustBash } from "./just-bash.js";

describe("loadJustBash", () => {
  it("loads the interpreter once and leaves the global Headers as Node defines it", async () => {
    const first = await loadJustBash();
    expect(await loadJustBash()).toBe(first);
    expect(typeof first.Bash).toBe("function");
    // The getter is restored: code after the load still sees WHATWG Headers.
    expect(new Headers({ a: "1" }).get("a")).toBe("1");
  });
});
