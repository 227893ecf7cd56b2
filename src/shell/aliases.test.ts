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

  it("k is kubectl before anything is typed, as the exam's terminal has it pre-configured (Linux Foundation, CKA/CKAD exam instructions)", async () => {
    const fresh = newSession();
    expect(await fresh.run("k get pods")).toMatchObject({ stdout: "kubectl get pods\n", exitCode: 0 });
    // Through the interpreter too: in a pipeline, a loop, script mode's several lines.
    expect((await fresh.run("k get pods | cat")).stdout).toBe("kubectl get pods\n");
    expect((await fresh.run("for i in 1; do k get ns; done")).stdout).toBe("kubectl get ns\n");
    expect((await fresh.run("alias")).stdout).toBe("alias k='kubectl'\n");
    expect((await fresh.run("type k")).stdout).toBe("k is aliased to `kubectl'\n");
  });

  it("unalias k removes the default for good, and a snapshot keeps it removed (or kept)", async () => {
    const fresh = newSession();
    const kept = newSession();
    await kept.load(await fresh.snapshot());
    expect((await kept.run("k get nodes")).stdout).toBe("kubectl get nodes\n");
    expect(await fresh.run("unalias k")).toMatchObject({ stdout: "", stderr: "", exitCode: 0 });
    expect(await fresh.run("k get pods")).toMatchObject({ stdout: "", stderr: "bash: k: command not found\n", exitCode: 127 });
    const restored = newSession();
    await restored.load(await fresh.snapshot());
    expect((await restored.run("k get pods")).exitCode).toBe(127);
    expect((await restored.run("alias")).stdout).toBe("");
  });

  it("an alias redefined over k, or chained through another alias, expands as bash does", async () => {
    const fresh = newSession();
    await fresh.run("alias k='kubectl -n shop'");
    expect((await fresh.run("k get pods")).stdout).toBe("kubectl -n shop get pods\n");
    // k → kubectl, and kubectl is itself an alias: expanded again, once.
    await fresh.run("alias k=kubectl kubectl='kubectl -n x'");
    expect((await fresh.run("k get pods")).stdout).toBe("kubectl -n x get pods\n");
  });
});
