// The vi/vim/nano commands and kubectl edit's editor, with a stand-in for the real terminal
// (a TerminalEditorHost that "edits" the real file it is given, as vim would on :wq).
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Session } from "./session.js";
import { lendTerminal, type TerminalEditorHost } from "./editor.js";

let giveBack: (() => void) | undefined;
afterEach(() => {
  giveBack?.();
  giveBack = undefined;
});

/** A terminal whose "editor" runs `change` on the file's text; `installed` lists the programs present. */
function fakeTerminal(change: (text: string) => string, installed = ["vim", "vi", "nano"]) {
  const calls: { argv: string[]; cwd: string; sawText: string | undefined }[] = [];
  const host: TerminalEditorHost = {
    installed: (p) => installed.includes(p),
    run: async (argv, cwd) => {
      const file = argv[argv.length - 1]!;
      const sawText = existsSync(file) ? readFileSync(file, "utf8") : undefined;
      calls.push({ argv: [...argv], cwd, sawText });
      if (!installed.includes(argv[0]!)) return { notFound: true };
      writeFileSync(file, change(sawText ?? ""));
      return { exitCode: 0 };
    },
  };
  giveBack = lendTerminal(host);
  return calls;
}

const workdir = () => mkdtempSync(join(tmpdir(), "kadet-editor-test-"));

describe("vi, vim and nano in script mode (no terminal)", () => {
  it("say they need a terminal, with what to do instead, and do not hang", async () => {
    const s = new Session({ cwd: workdir() });
    const r = await s.run("vi notes.txt");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^kadet: vi needs a terminal, and this shell has none .*sed -i/);
  });

  it("an EDITOR command named in the sandbox edits the file instead", async () => {
    const s = new Session({ cwd: workdir() });
    await s.run("echo 'replicas: 1' > /root/a.yaml");
    const r = await s.run(`EDITOR="sed -i 's/1/2/'" vim /root/a.yaml`);
    expect(r.exitCode).toBe(0);
    expect((await s.run("cat /root/a.yaml")).stdout).toBe("replicas: 2\n");
  });
});

describe("vi, vim and nano on a real terminal", () => {
  it("a file of the scratch space is copied to a real file, edited, and copied back", async () => {
    const calls = fakeTerminal((t) => t.replace("1", "5"));
    const s = new Session({ cwd: workdir() });
    await s.run("echo 'replicas: 1' > /root/a.yaml");
    const r = await s.run("vim /root/a.yaml");
    expect(r.exitCode).toBe(0);
    expect(calls[0]!.argv[0]).toBe("vim");
    expect(calls[0]!.sawText).toBe("replicas: 1\n");
    expect(calls[0]!.argv[1]).not.toBe("/root/a.yaml");
    expect(existsSync(calls[0]!.argv[1]!)).toBe(false); // the real copy is cleaned up
    expect((await s.run("cat /root/a.yaml")).stdout).toBe("replicas: 5\n");
  });

  it("a file in the working folder is edited in place, in that folder", async () => {
    const dir = workdir();
    writeFileSync(join(dir, "pod.yaml"), "x: 1\n");
    const calls = fakeTerminal(() => "x: 2\n");
    const s = new Session({ cwd: dir });
    await s.run("nano pod.yaml");
    expect(calls[0]!.argv).toEqual(["nano", join(dir, "pod.yaml")]);
    expect(calls[0]!.cwd).toBe(dir);
    expect(readFileSync(join(dir, "pod.yaml"), "utf8")).toBe("x: 2\n");
  });

  it("vi falls back to vim, then the learner's editor, when vi itself is missing", async () => {
    const calls = fakeTerminal((t) => t, ["vim"]);
    const s = new Session({ cwd: workdir() });
    await s.run("vi /root/x");
    expect(calls[0]!.argv[0]).toBe("vim");
  });

  it("with no editor installed it says so and gives the install command", async () => {
    fakeTerminal((t) => t, []);
    const s = new Session({ cwd: workdir() });
    const r = await s.run("vi /root/x");
    expect(r.exitCode).toBe(127);
    expect(r.stderr).toContain("no editor is installed on this machine");
    expect(r.stderr).toContain("apt-get install -y vim-tiny");
  });

  it("a file on a node reached by ssh is the node's, synced through a real copy", async () => {
    fakeTerminal(() => "on the node\n");
    const s = new Session({ cwd: workdir() });
    await s.run("ssh node01");
    await s.run("vi /root/notes.txt");
    expect((await s.run("cat /root/notes.txt")).stdout).toBe("on the node\n");
    await s.run("exit");
    expect((await s.run("cat /root/notes.txt")).exitCode).not.toBe(0);
  });

  it("kubectl edit opens the installed editor on the temporary file and applies what was saved", async () => {
    const calls = fakeTerminal((t) => t.replace(/^ {2}replicas: 1$/m, "  replicas: 4"), ["vi"]);
    const s = new Session({ cwd: workdir() });
    await s.run("kubectl create deployment web --image=nginx");
    const r = await s.run("kubectl edit deploy web");
    expect(r).toEqual({ stdout: "deployment.apps/web edited\n", stderr: "", exitCode: 0 });
    expect(calls[0]!.argv[0]).toBe("vi");
    expect(calls[0]!.sawText).toMatch(/^# Please edit the object below/);
    expect((await s.run("kubectl get deploy web -o jsonpath='{.spec.replicas}'")).stdout).toBe("4");
  });

  it("kubectl edit with an editor that is not installed: kubectl's error and the install hint", async () => {
    fakeTerminal((t) => t, ["vim"]);
    const s = new Session({ cwd: workdir() });
    await s.run("kubectl create deployment web --image=nginx");
    const r = await s.run("KUBE_EDITOR=nano kubectl edit deploy web");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error: unable to launch the editor "nano"\n');
    expect(r.stderr).toContain("apt-get install");
  });
});

describe("fileArguments", () => {
  it("skips options and their values (vim -u NONE, nano -T 4) and keeps words after --", async () => {
    const { fileArguments } = await import("./editor-launch.js");
    expect(fileArguments(["-u", "NONE", "+3", "a.yaml", "-T", "4", "b", "--", "-c"])).toEqual(["a.yaml", "b", "-c"]);
  });
});

describe("an EDITOR command on a node", () => {
  it("says it is not simulated there rather than editing the wrong file", async () => {
    const s = new Session({ cwd: workdir() });
    await s.run("ssh node01");
    const r = await s.run(`EDITOR="sed -i 's/a/b/'" vi /root/x`);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("an EDITOR command is not simulated yet");
  });
});
