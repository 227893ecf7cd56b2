import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Session } from "./session.js";
import { ok, type CommandFamily } from "./types.js";

const echoFamily: CommandFamily = {
  name: "kubectl",
  settlesWorld: true,
  run: async (args, ctx) => ok(`args=${JSON.stringify(args)} stdin=${JSON.stringify(ctx.stdin)} file=${(await ctx.readFile("m.yaml")) ?? "-"}\n`),
};

function session() {
  const cwd = mkdtempSync(join(tmpdir(), "kadet-session-"));
  return { cwd, s: new Session({ cwd, families: [echoFamily] }) };
}

// bash(1): variables, $?, cd and exported state persist between lines of one shell.
describe("Session", () => {
  it("keeps variables and the working folder from one line to the next", async () => {
    const { s, cwd } = session();
    await s.run("export NS=shop; mkdir -p sub");
    await s.run("cd sub");
    expect((await s.run("echo $NS; pwd")).stdout).toBe(`shop\n${cwd}/sub\n`);
  });

  it("gives plain lines and interpreted lines the same arguments", async () => {
    const { s } = session();
    const plain = await s.run("kubectl get pods -n kube-system");
    const quoted = await s.run("kubectl 'get' \"pods\" -n kube-system");
    expect(plain.stdout).toBe(quoted.stdout);
    expect(plain.stdout).toContain('args=["get","pods","-n","kube-system"]');
  });

  it("pipes and heredocs reach a family's stdin; files are real files in the folder", async () => {
    const { s, cwd } = session();
    await s.run("cat <<EOF > m.yaml\nkind: Pod\nEOF");
    expect(readFileSync(join(cwd, "m.yaml"), "utf8")).toBe("kind: Pod\n");
    expect((await s.run("echo hi | kubectl apply -f -")).stdout).toContain('stdin="hi\\n" file=kind: Pod');
    writeFileSync(join(cwd, "m.yaml"), "changed\n");
    expect((await s.run("kubectl get")).stdout).toContain("file=changed");
  });

  it("answers unknown commands as bash does, with status 127, and keeps $?", async () => {
    const { s } = session();
    const r = await s.run("nosuchtool");
    expect(r).toMatchObject({ exitCode: 127, stderr: "bash: nosuchtool: command not found\n" });
    expect((await s.run("echo $?")).stdout).toBe("127\n");
  });

  it("sleep moves the simulated clock instead of waiting", async () => {
    const { s } = session();
    const before = s.world.clock.now();
    const started = Date.now();
    await s.run("sleep 90");
    expect(s.world.clock.now() - before).toBe(90_000);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("records history and settles the world after a family command", async () => {
    const { s } = session();
    const before = s.world.clock.now();
    await s.run("kubectl get pods");
    expect(s.world.clock.now() - before).toBe(5000);
    expect((await s.run("history")).stdout).toBe("    1  kubectl get pods\n    2  history\n");
  });

  it("cannot write outside its folder: the rest of the file system is scratch space", async () => {
    const { s } = session();
    await s.run("echo x > /tmp/kadet-should-not-exist-on-disk");
    expect(() => readFileSync("/tmp/kadet-should-not-exist-on-disk")).toThrow();
    expect((await s.run("cat /tmp/kadet-should-not-exist-on-disk")).stdout).toBe("x\n");
  });
});
