/**
 * The hook script-guard.ts puts into just-bash: it must find the interpreter's prototype in the
 * pinned version, wrap it once, and leave scripts without an oversized range untouched.
 */
import { describe, expect, it } from "vitest";
import { loadJustBash } from "./just-bash.js";
import { installScriptGuard } from "./script-guard.js";

describe("installScriptGuard", () => {
  it("finds just-bash's interpreter prototype (fails if an upgrade moves executeScript) and restores Function.prototype.bind", async () => {
    const justBash = await loadJustBash();
    const bind = Function.prototype.bind;
    expect(await installScriptGuard(justBash)).toBe(true);
    expect(await installScriptGuard(justBash)).toBe(true); // once per process
    expect(Function.prototype.bind).toBe(bind);
  });

  it("a plain Bash (a host's shell after ssh has no line pre-check) refuses a range eval builds, and runs the rest", async () => {
    const justBash = await loadJustBash();
    await installScriptGuard(justBash);
    const bash = new justBash.Bash();
    const r = await bash.exec('n=20000; eval "echo {1..$n}"; echo "status $?"; n=3; eval "echo {1..$n}"');
    expect(r.stdout).toBe("status 1\n1 2 3\n");
    expect(r.stderr).toBe("kadet: brace expansion {1..20000} makes 20000 words, more than the 10000 kadet's shell expands (bash has no such limit); the script it is in was not run\n");
  });
});
