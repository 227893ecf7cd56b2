import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Session } from "./session.js";
import { XARGS_HELP } from "./xargs.js";

function session(): Session {
  return new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-xargs-")) });
}

// Expected outputs recorded from GNU findutils 4.9.0 xargs (the one in the CKA/CKAD exam's Ubuntu).
describe("xargs (GNU findutils 4.9)", () => {
  it("-L N runs one command per N non-blank input lines; a trailing blank continues a line (issue 7: -L was refused)", async () => {
    const s = session();
    expect((await s.run("printf 'a b \\nc\\nd\\n' | xargs -L 1 echo X")).stdout).toBe("X a b c\nX d\n");
    expect((await s.run("printf 'a\\n  \\nb\\n' | xargs -L1 echo X")).stdout).toBe("X a\nX b\n");
    expect((await s.run("printf 'a\\nb\\nc\\n' | xargs -L 2 echo X")).stdout).toBe("X a b\nX c\n");
  });

  it("-I and -i replace in the arguments, one input line at a time, leading blanks dropped", async () => {
    const s = session();
    expect((await s.run("printf '  a b  \\n c\\n' | xargs -I{} echo '[{}]'")).stdout).toBe("[a b  ]\n[c]\n");
    expect((await s.run("printf 'a\\nb\\n' | xargs -i echo '<{}>'")).stdout).toBe("<a>\n<b>\n");
    expect((await s.run("printf 'x\\n' | xargs -I % echo %-%")).stdout).toBe("x-x\n");
  });

  it("splits at blanks, honours quotes and backslashes, -n, -0, -d, -E, -r and -t", async () => {
    const s = session();
    expect((await s.run(`printf '"q r" s\\\\ t\\n' | xargs -n1 echo`)).stdout).toBe("q r\ns t\n");
    expect((await s.run("printf 'a,b,c' | xargs -d, echo")).stdout).toBe("a b c\n");
    expect((await s.run("printf 'a b\\0c\\0' | xargs -0 -n1 echo")).stdout).toBe("a b\nc\n");
    expect((await s.run("printf 'a\\nEND\\nb\\n' | xargs -E END echo")).stdout).toBe("a\n");
    expect((await s.run("printf '' | xargs echo X")).stdout).toBe("X\n");
    expect((await s.run("printf '' | xargs -r echo X")).stdout).toBe("");
    const traced = await s.run("printf 'x y\\n' | xargs -t echo 'a b'");
    expect(traced).toMatchObject({ stdout: "a b x y\n", stderr: "echo 'a b' x y\n" });
  });

  it("exits as GNU xargs does: 123 when a command failed, 124 on 255, 127 for a missing command", async () => {
    const s = session();
    expect((await s.run("printf 'a\\nb\\n' | xargs -n1 sh -c 'exit 3'")).exitCode).toBe(123);
    expect(await s.run("printf 'a\\n' | xargs sh -c 'exit 255'")).toMatchObject({ exitCode: 124, stderr: "xargs: sh: exited with status 255; aborting\n" });
    expect(await s.run("printf 'a\\n' | xargs nosuchcmd")).toMatchObject({ exitCode: 127, stderr: "xargs: nosuchcmd: No such file or directory\n" });
    expect(await s.run("printf \"'a b c\\n\" | xargs echo")).toMatchObject({
      exitCode: 1,
      stdout: "",
      stderr: "xargs: unmatched single quote; by default quotes are special to xargs unless you use the -0 option\n",
    });
  });

  it("refuses what it does not know with GNU's words, and says what kadet does not simulate", async () => {
    const s = session();
    expect(await s.run("echo a | xargs -Q")).toMatchObject({ exitCode: 1, stderr: "xargs: invalid option -- 'Q'\nTry 'xargs --help' for more information.\n" });
    expect((await s.run("echo a | xargs -L")).stderr).toBe("xargs: option requires an argument -- 'L'\nTry 'xargs --help' for more information.\n");
    expect((await s.run("echo a | xargs -L 0 echo")).stderr).toBe("xargs: value 0 for -L option should be >= 1\nTry 'xargs --help' for more information.\n");
    expect((await s.run("echo a | xargs -n x echo")).stderr).toBe('xargs: invalid number "x" for -n option\nTry \'xargs --help\' for more information.\n');
    expect((await s.run("echo a | xargs --foo")).stderr).toBe("xargs: unrecognized option '--foo'\nTry 'xargs --help' for more information.\n");
    expect((await s.run("echo a | xargs -p echo")).stderr).toMatch(/not simulated/);
    expect((await s.run("xargs --help")).stdout).toBe(XARGS_HELP);
    expect(XARGS_HELP).toMatch(/^Usage: xargs \[OPTION\]\.\.\. COMMAND \[INITIAL-ARGS\]\.\.\./);
  });

  it("feeds kubectl: delete every pod a selector names, one per line", async () => {
    const s = session();
    await s.run("kubectl run a --image=nginx; kubectl run b --image=nginx");
    const result = await s.run("kubectl get pods -o name | xargs -L1 kubectl delete");
    expect(result.stdout).toBe('pod "a" deleted\npod "b" deleted\n');
    expect((await s.run("kubectl get pods")).stderr).toBe("No resources found in default namespace.\n");
  });
});
