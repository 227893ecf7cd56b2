/**
 * bash's `history` builtin (bash(1), SHELL BUILTIN COMMANDS: history [n], history -c) and its
 * file ~/.bash_history in the scratch home (issue 7). Error words as bash 5.2 prints them
 * (`bash -ic 'history -x'`, `history abc`, `history 1 2`).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Session } from "./session.js";

const session = () => new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-history-")) });

describe("history", () => {
  it("lists every line, numbered; history N the last N", async () => {
    const s = session();
    await s.run("echo one");
    expect((await s.run("history")).stdout).toBe("    1  echo one\n    2  history\n");
    expect((await s.run("history 2")).stdout).toBe("    2  history\n    3  history 2\n");
  });

  it("history -c empties the list; the next line is number 1 again; the graders' record keeps every line", async () => {
    const s = session();
    await s.run("echo one");
    expect(await s.run("history -c")).toMatchObject({ stdout: "", stderr: "", exitCode: 0 });
    expect(s.history).toEqual(["echo one", "history -c"]);
    expect((await s.run("history")).stdout).toBe("    1  history\n");
  });

  it("keeps ~/.bash_history in step with the list at each prompt (as PROMPT_COMMAND='history -a' would)", async () => {
    const s = session();
    await s.run("echo one");
    expect((await s.run("cat ~/.bash_history")).stdout).toBe("echo one\n");
    await s.run("history -c");
    expect((await s.run("cat /root/.bash_history")).stdout).toBe("");
    expect((await s.run("wc -l < /root/.bash_history")).stdout).toBe("1\n");
  });

  it("refuses what bash refuses, in bash's words, and says which options are not simulated", async () => {
    const s = session();
    expect(await s.run("history -x")).toMatchObject({ stderr: "bash: history: -x: invalid option\nhistory: usage: history [-c] [-d offset] [n] or history -anrw [filename] or history -ps arg [arg...]\n", exitCode: 2 });
    expect(await s.run("history abc")).toMatchObject({ stderr: "bash: history: abc: numeric argument required\n", exitCode: 1 });
    expect(await s.run("history 1 2")).toMatchObject({ stderr: "bash: history: too many arguments\n", exitCode: 1 });
    expect((await s.run("history -d 1")).stderr).toContain("'history -d' is not simulated yet");
  });
});
