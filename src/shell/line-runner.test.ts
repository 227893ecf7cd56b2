/**
 * A line's output in the order a terminal shows it (issue 7): bash writes each command's
 * output as it runs, so `cmd-that-fails; echo after` shows the error first. The graders'
 * `stdout`/`stderr` strings stay whole. Shell state bash keeps between the commands of a
 * line (`$?`, variables, the folder, functions and arrays on the same line) must survive.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Session } from "./session.js";
import { failure, ok, orderedOutput, type CommandFamily } from "./types.js";

// kubectl's words for a missing object (kubectl get pods/nope against any 1.32 API server).
const fakeKubectl: CommandFamily = {
  name: "kubectl",
  run: (args) => (args[1] === "pods/nope" ? failure('Error from server (NotFound): pods "nope" not found') : ok(`got ${args.slice(1).join(" ")}\n`)),
};

const session = new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-order-")), families: [fakeKubectl] });

describe("output order of one line", () => {
  it("shows the first command's error before the second command's output", async () => {
    const r = await session.run("kubectl get pods/nope; echo after");
    expect(orderedOutput(r)).toEqual([
      { stream: "stderr", text: 'Error from server (NotFound): pods "nope" not found\n' },
      { stream: "stdout", text: "after\n" },
    ]);
    expect(r).toMatchObject({ stdout: "after\n", stderr: 'Error from server (NotFound): pods "nope" not found\n', exitCode: 0 });
  });

  it("runs && and || lists as bash does, each part in order", async () => {
    const r = await session.run("kubectl get pods/nope || echo failed; kubectl get pods/web && echo found || echo never; kubectl get pods/nope && echo skipped");
    expect(orderedOutput(r).map((c) => `${c.stream}:${c.text}`)).toEqual([
      'stderr:Error from server (NotFound): pods "nope" not found\n',
      "stdout:failed\ngot pods/web\nfound\n",
      'stderr:Error from server (NotFound): pods "nope" not found\n',
    ]);
    expect(r.exitCode).toBe(1);
  });

  it("carries $?, variables, the folder and heredocs from one command of the line to the next", async () => {
    const r = await session.run("mkdir -p sub && cd sub; n=3; false; echo \"$? $n ${PWD##*/}\"; cat <<EOF | grep b\na\nb\nEOF\necho done");
    expect(r.stdout).toBe("1 3 sub\nb\ndone\n");
    await session.run("cd ..");
  });

  it("keeps functions and arrays of the same line working (such a line runs whole)", async () => {
    const r = await session.run("f() { echo \"in f $1\"; }; a=(x y); f ${a[1]}");
    expect(r.stdout).toBe("in f y\n");
  });

  it("stops the line at exit, as the shell ends there", async () => {
    const r = await session.run("echo a; exit 3; echo b");
    expect(r).toMatchObject({ stdout: "a\n", exitCode: 3, exited: true });
    expect((await session.run("echo $?")).stdout).toBe("3\n");
  });

  it("never shows the interpreter's own state variables in env or printenv", async () => {
    await session.run("shopt -s nullglob; alias k=kubectl; set -o pipefail");
    const env = (await session.run("env")).stdout;
    expect(env).not.toMatch(/^(BASH_ALIAS_|BASHOPTS|SHELLOPTS|\?=)/m);
    expect(env).toContain("HOME=/root");
    expect(await session.run("printenv BASHOPTS")).toMatchObject({ stdout: "", exitCode: 1 });
    expect((await session.run("env -u HOME | grep -c HOME=; true")).stdout).toBe("0\n");
    await session.run("unalias k; set +o pipefail; shopt -u nullglob");
  });
});
