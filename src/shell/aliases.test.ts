// Aliases as in the CKA/CKAD exam terminal, whose docs promise `alias k=kubectl` and its
// completion; `alias`/`unalias` behave as bash's builtins (Bash manual, "Aliases").
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Session } from "./session.js";

function session(): Session {
  return new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-alias-")) });
}

describe("aliases", () => {
  it("has k=kubectl by default, in a plain line and inside a pipeline", async () => {
    const s = session();
    expect((await s.run("k get nodes")).stdout).toMatch(/^NAME\s+STATUS/);
    expect((await s.run("k get nodes | wc -l")).stdout.trim()).toBe(String((await s.run("kubectl get nodes")).stdout.trim().split("\n").length));
    expect((await s.run("alias")).stdout).toBe("alias k='kubectl'\n");
  });

  it("defines, lists and removes aliases across lines, as bash does", async () => {
    const s = session();
    await s.run("alias kgp='kubectl get pods -A'");
    expect((await s.run("kgp")).stdout).toMatch(/^NAMESPACE\s+NAME/);
    await s.run("unalias k");
    const after = await s.run("k get nodes");
    expect(after.stderr).toBe("bash: k: command not found\n");
    expect(after.exitCode).toBe(127);
  });

  it("expands an alias named like a family instead of taking the plain-line shortcut", async () => {
    const s = session();
    await s.run("alias kubectl='echo shadowed'");
    expect((await s.run("kubectl get nodes")).stdout).toBe("shadowed get nodes\n");
  });
});
