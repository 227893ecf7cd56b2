/**
 * Aliases as the exam terminal's interactive bash has them (issue 7): `alias k=kubectl` on
 * one line, `k get pods` on the next. bash(1), ALIASES: "Bash always reads at least one
 * complete line of input ... before executing any of the commands on that line. Aliases
 * are expanded when a command is read", so an alias defined on a line is not used on that line.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Session } from "./session.js";
import { ok, type CommandFamily } from "./types.js";

const kubectl: CommandFamily = {
  name: "kubectl",
  run: (args, ctx) => ok(args[0] === "env" ? `${Object.keys(ctx.env).sort().join(" ")}\n` : `kubectl ${args.join(" ")}\n`),
};

const newSession = () => new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-alias-")), families: [kubectl] });
const s = newSession();

describe("aliases", () => {
  it("an alias defined on one line expands on the next", async () => {
    expect(await s.run("alias k=kubectl")).toMatchObject({ stdout: "", stderr: "", exitCode: 0 });
    expect((await s.run("k get pods -n kube-system")).stdout).toBe("kubectl get pods -n kube-system\n");
    expect((await s.run("alias")).stdout).toBe("alias k='kubectl'\n");
  });

  it("is not used on the line that defines it, with bash's words", async () => {
    const r = await s.run("alias k2=kubectl; k2 get po");
    expect(r).toMatchObject({ stdout: "", stderr: "bash: k2: command not found\n", exitCode: 127 });
    expect((await s.run("k2 get po")).stdout).toBe("kubectl get po\n");
  });

  it("accepts the exam's `complete -F __start_kubectl k` silently", async () => {
    expect(await s.run("complete -F __start_kubectl k")).toMatchObject({ stdout: "", stderr: "", exitCode: 0 });
  });

  it("expands an alias of a family's own name, and stops after unalias", async () => {
    await s.run("alias kubectl='kubectl -n shop'");
    expect((await s.run("kubectl get pods")).stdout).toBe("kubectl -n shop get pods\n");
    await s.run("unalias kubectl");
    expect((await s.run("kubectl get pods")).stdout).toBe("kubectl get pods\n");
  });

  it("never shows as variables: not in env, not to the tools (a container's environment)", async () => {
    expect((await s.run("env")).stdout).not.toMatch(/BASH_ALIAS_|BASHOPTS/);
    expect((await s.run("kubectl env")).stdout).toBe("HOME PATH PWD TERM\n");
    expect((await s.run("echo x | kubectl env")).stdout).toBe("HOME PATH PWD TERM\n");
  });

  it("survive a session snapshot", async () => {
    const restored = newSession();
    await restored.load(await s.snapshot());
    expect((await restored.run("k get nodes")).stdout).toBe("kubectl get nodes\n");
    expect((await restored.run("env")).stdout).not.toContain("BASH_ALIAS_");
  });
});
