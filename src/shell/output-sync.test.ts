/**
 * stdout and stderr inside one `{ }` group, loop, `if` or `case` come out in the order they
 * were written (issue 7), checked against a real bash: each script runs in `bash -c` with
 * stderr joined to stdout (`exec 2>&1`, one pipe, so what bash wrote lands in write order), a
 * stand-in `kubectl` script on its PATH printing what the fake family prints. Tokens used to
 * keep the order never reach a file, a pipe or a variable.
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Session } from "./session.js";
import { failure, ok, orderedOutput, type CommandFamily } from "./types.js";
import { mergeSynced } from "./output-sync.js";

const NOT_FOUND = 'Error from server (NotFound): pods "nope" not found';

const fakeKubectl: CommandFamily = {
  name: "kubectl",
  run: (args) => {
    if (args[1] === "pods/nope") return failure(NOT_FOUND);
    // A warning before the lines it is about, as kubectl prints admission warnings.
    if (args[1] === "pods/warn") return { stdout: "got pods/warn\n", stderr: "Warning: w\n", exitCode: 0, chunks: [{ stream: "stderr", text: "Warning: w\n" }, { stream: "stdout", text: "got pods/warn\n" }] };
    return ok(`got ${args.slice(1).join(" ")}\n`);
  },
};

const bin = mkdtempSync(join(tmpdir(), "kadet-sync-bin-"));
writeFileSync(
  join(bin, "kubectl"),
  `#!/bin/bash\ncase "$2" in\n  pods/nope) echo '${NOT_FOUND}' >&2; exit 1;;\n  pods/warn) echo 'Warning: w' >&2; echo 'got pods/warn';;\n  *) echo "got \${*:2}";;\nesac\n`,
);
chmodSync(join(bin, "kubectl"), 0o755);

/** What a real bash shows on a terminal for `script` (both streams on one descriptor). */
function realBash(script: string): string {
  const dir = mkdtempSync(join(tmpdir(), "kadet-sync-real-"));
  const ran = spawnSync("bash", ["-c", `exec 2>&1\n${script}`], { cwd: dir, env: { PATH: `${bin}:/usr/bin:/bin` }, encoding: "utf8" });
  return ran.stdout;
}

async function kadet(script: string): Promise<string> {
  const s = new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-sync-")), families: [fakeKubectl] });
  const r = await s.run(script);
  return orderedOutput(r).map((c) => c.text).join("");
}

const SAME_AS_BASH = [
  "{ kubectl get pods/nope; kubectl get pods/web; }",
  "{ echo O1; echo E1 >&2; echo O2; echo E2 >&2; }",
  "for p in nope web nope web; do kubectl get pods/$p; done",
  "for p in web warn; do kubectl get pods/$p; done",
  "{ kubectl get pods/warn; kubectl get pods/nope; echo after; }",
  "if kubectl get pods/nope; then echo yes; else echo \"no $?\"; kubectl get pods/web; fi",
  "while read p; do kubectl get pods/$p; echo \"rc $?\"; done <<EOF\nnope\nweb\nEOF",
  "case x in x) kubectl get pods/nope; echo after;; esac",
  "( kubectl get pods/nope; echo in-subshell )",
  "{ kubectl get pods/nope; echo \"rc=$?\"; false && true; echo \"still $?\"; }",
  "set -e; { echo a; kubectl get pods/nope && :; echo \"b $?\"; kubectl get pods/nope; echo never; }",
  "{ kubectl get pods/nope; echo piped; } | cat",
  "{ kubectl get pods/nope; echo quiet; } 2>/dev/null; echo next",
  "x=$(kubectl get pods/web); { echo \"[$x]\"; kubectl get pods/nope; }",
  "for i in 1 2; do { echo \"out $i\"; echo \"err $i\" >&2; }; done",
];

describe("stdout and stderr inside one group, loop or compound command, as bash prints them", () => {
  for (const script of SAME_AS_BASH) {
    it(JSON.stringify(script), async () => {
      expect(await kadet(script)).toBe(realBash(script));
    });
  }

  it("the tokens never reach a file, a pipe's reader or a variable", async () => {
    const s = new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-sync-")), families: [fakeKubectl] });
    const r = await s.run("{ kubectl get pods/web; kubectl get pods/nope; } > out.txt 2> err.txt; x=$({ kubectl get pods/web; }); echo \"$x\" | wc -c; { kubectl get pods/web; } | wc -c; cat out.txt err.txt");
    // "got pods/web\n" is 13 bytes, from the variable and through the pipe alike.
    expect(r.stdout).toBe(`13\n13\ngot pods/web\n${NOT_FOUND}\n`);
    expect(r.stderr).toBe("");
    expect(readFileSync(join(s.workingFolder(), "out.txt"), "utf8")).toBe("got pods/web\n");
  });

  it("exec > file (and eval, source) turn the sync off, so no token lands in the file", async () => {
    const s = new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-sync-")), families: [fakeKubectl] });
    await s.run("exec 3>&1; { kubectl get pods/web; kubectl get pods/nope; } ; eval 'kubectl get pods/web' > e.txt");
    expect(readFileSync(join(s.workingFolder(), "e.txt"), "utf8")).toBe("got pods/web\n");
    const r = await s.run("$(echo kubectl) get pods/web");
    expect(r.stdout).toBe("got pods/web\n");
  });

  it("the graders' whole stdout and stderr strings hold no token either", async () => {
    const s = new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-sync-")), families: [fakeKubectl] });
    const r = await s.run("for p in nope web; do kubectl get pods/$p; done");
    expect(r).toMatchObject({ stdout: "got pods/web\n", stderr: `${NOT_FOUND}\n`, exitCode: 0 });
  });

  it("a pipeline of several commands prints its first commands' errors before the last one's output (bash prints them as they happen)", async () => {
    expect(await kadet("for p in web; do kubectl get pods/nope | cat; kubectl get pods/web | cat; done")).toBe(`${NOT_FOUND}\ngot pods/web\n`);
  });

  it("tokens that do not pair up (a run cut short) fall back to stdout first and are dropped", () => {
    const t = "\u001b]7777;kadet-sync;o\u0007";
    expect(mergeSynced(`a\n${t}b\n`, "e\n")).toEqual([
      { stream: "stdout", text: "a\nb\n" },
      { stream: "stderr", text: "e\n" },
    ]);
  });

  it("a traced line (set -x) shows no sync command", async () => {
    const s = new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-sync-")), families: [fakeKubectl] });
    const r = await s.run("set -x; { kubectl get pods/web; }");
    expect(r.stderr).not.toContain("__kadet");
  });
});

