/**
 * Issue 6: a line the interpreter cannot do fully says so and the next line
 * runs. Expected outputs are real bash 5's (`bash -c '...'` on this machine).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "just-bash";
import { describe, expect, test } from "vitest";
import { braceRangeRefusal, explainLimit, LineMemoryExceeded, lineMemoryWatch, MAX_BRACE_RANGE, mayGrowWithoutEnd } from "./line-limits.js";
import { Session } from "./session.js";

const session = (): Session => new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-limits-")), families: [] });

describe("brace ranges", () => {
  test("a range over just-bash's 10,000-word cap is refused, not cut short (bash prints 6888896 for {1..1000000} | wc -c)", async () => {
    const s = session();
    const r = await s.run("echo {1..1000000} | wc -c");
    expect(r).toEqual({
      stdout: "",
      stderr: "kadet: brace expansion {1..1000000} makes 1000000 words, more than the 10000 kadet's shell expands (bash has no such limit); the line was not run\n",
      exitCode: 1,
    });
    expect((await s.run("echo after")).stdout).toBe("after\n");
  });

  test("the largest range allowed is expanded whole: {1..10000} | wc -c is 48894, as in bash", async () => {
    expect((await session().run("echo {1..10000} | wc -c")).stdout.trim()).toBe("48894");
  });

  test("quoted braces and heredoc bodies are not brace expansion in bash, so they are not refused", async () => {
    const s = session();
    expect((await s.run("echo '{1..1000000}' \"{1..1000000}\" {a..c..2}")).stdout).toBe("{1..1000000} {1..1000000} a c\n");
    expect((await s.run("cat <<EOF\n{1..1000000}\nEOF")).stdout).toBe("{1..1000000}\n");
  });

  test("ranges inside the literal text of eval and bash -c count; steps and letters are sized as bash counts them", () => {
    expect(braceRangeRefusal("eval 'echo {1..20000}'", parse)).toMatch(/\{1\.\.20000\} makes 20000 words/);
    expect(braceRangeRefusal("bash -c 'echo $(echo {0..40000..2})'", parse)).toMatch(/\{0\.\.40000\.\.2\} makes 20001 words/);
    expect(braceRangeRefusal(`echo {0..${2 * (MAX_BRACE_RANGE - 1)}..2}`, parse)).toBeUndefined();
    expect(braceRangeRefusal("echo {a..z}{A..Z}", parse)).toBeUndefined();
    expect(braceRangeRefusal("echo {1..", parse)).toBeUndefined();
  });
});

describe("brace ranges built while the line runs (script-guard.ts)", () => {
  const refused = (range: string, words: number) =>
    `kadet: brace expansion ${range} makes ${words} words, more than the 10000 kadet's shell expands (bash has no such limit); the script it is in was not run\n`;

  // bash 5 prints 108894 for `n=20000; eval echo {1..$n} | wc -c`: kadet cannot, so it says so
  // on every road by which text becomes a script at run time, never a silent 10,000 words.
  test.each([
    ["eval with unquoted words", "n=20000; eval echo {1..$n}", "{1..20000}", 20000],
    ["eval of a quoted string", 'n=20000; eval "echo {1..$n}"', "{1..20000}", 20000],
    ["bash -c", 'n=20000; bash -c "echo {1..$n}"', "{1..20000}", 20000],
    ["sh -c", 'n=20000; sh -c "echo {1..$n}"', "{1..20000}", 20000],
    ["source of a file", 'printf "echo {1..20000}\\n" > big.sh; source big.sh', "{1..20000}", 20000],
    [". of a file", 'printf "echo {1..20000}\\n" > big.sh; . ./big.sh', "{1..20000}", 20000],
    ["bash FILE", 'printf "echo {1..20000}\\n" > big.sh; bash big.sh', "{1..20000}", 20000],
    ["a script on stdin", 'bash <<< "echo {1..20000}"', "{1..20000}", 20000],
    ["a function's eval", 'f() { eval "echo {1..$1}"; }; f 30000', "{1..30000}", 30000],
    ["a stepped range", "n=30000; eval echo {0..$n..2}", "{0..30000..2}", 15001],
  ])("%s: refused with the range and its size, status 1, and the line goes on", async (_how, line, range, words) => {
    const s = session();
    const r = await s.run(`${line}; echo "status $?"`);
    expect(r.stderr).toBe(refused(range, words));
    expect(r.stdout).toBe("status 1\n");
    expect((await s.run(line + " | wc -w")).stdout).toBe("0\n");
    expect((await s.run("echo after")).stdout).toBe("after\n");
  });

  test("set -e stops at the refused eval, as at any failing command", async () => {
    const r = await session().run("set -e; n=20000; eval echo {1..$n}; echo not-reached");
    expect(r).toMatchObject({ stdout: "", stderr: refused("{1..20000}", 20000), exitCode: 1 });
  });

  test("a run-time range within the cap is expanded whole: n=10000; eval echo {1..$n} | wc -c is 48894, as in bash", async () => {
    expect((await session().run("n=10000; eval echo {1..$n} | wc -c")).stdout.trim()).toBe("48894");
    expect((await session().run('f() { eval "echo {1..$1}"; }; f 5 | wc -w')).stdout.trim()).toBe("5");
  });

  test("an alias carried from an earlier line is looked into where it is used, and only there", async () => {
    const s = session();
    expect((await s.run("alias big='echo {1..20000}'")).exitCode).toBe(0);
    expect((await s.run("echo unrelated")).stdout).toBe("unrelated\n");
    const r = await s.run("big | wc -w");
    expect(r.stderr).toBe("kadet: brace expansion {1..20000} makes 20000 words, more than the 10000 kadet's shell expands (bash has no such limit); the line was not run\n");
    expect((await s.run("eval big")).stderr).toMatch(/\{1\.\.20000\} makes 20000 words/);
    expect((await s.run("echo after")).stdout).toBe("after\n");
  });
});

describe("mayGrowWithoutEnd (which lines get the heap watch)", () => {
  test.each([
    ["kubectl get pods | grep web > out.txt", false],
    ["x=$(kubectl get pods -o name); echo \"$x\" && cat <<< hi", false],
    ["for i in 1 2; do echo $i; done", true],
    ["while true; do :; done", true],
    ["until false; do :; done", true],
    ["for ((i=0;i<3;i++)); do :; done", true],
    ["f() { f; }; f", true],
    ["x='eval $x'; eval $x", true],
    ["echo hi | bash", true],
    ["sh -c 'echo hi'", true],
    ["source ./s.sh", true],
    ["$cmd arg", true],
    ["echo $(eval echo hi)", true],
  ])("%s → %s", (line, watched) => {
    expect(mayGrowWithoutEnd(line, parse)).toBe(watched);
  });
});

describe("runaway lines", () => {
  test(
    "x='eval $x'; eval $x (bash segfaults) stops at the per-line heap cap (before the command cap, at 150 MB) with a plain message, and the next line runs",
    async () => {
      const s = session();
      // A line that cannot loop runs unwatched first: the watch must still come on for the bomb.
      expect((await s.run("echo before | cat")).stdout).toBe("before\n");
      const r = await s.run("x='eval $x'; eval $x");
      expect(r.stderr).toMatch(/^kadet: the line was stopped: it made kadet's shell hold \d+ MiB more than before it, over the 96 MiB one line may use \(a loop or an eval that grows without end\?\)\n$/);
      expect(r.exitCode).not.toBe(0);
      expect((await s.run("echo after")).stdout).toBe("after\n");
    },
    120_000,
  );

  test("a loop that never ends stops at the command cap with a plain message", async () => {
    const r = await session().run("while true; do :; done");
    expect(r.stderr).toBe("kadet: the line was stopped after 10000 commands, the most kadet's shell runs for one line (a loop or an eval that never ends?)\n");
    expect(r.exitCode).not.toBe(0);
  });

  test("a string that doubles without end stops at 16 MiB, and the next line runs", async () => {
    const s = session();
    const r = await s.run("s=x; for j in $(seq 1 30); do s=$s$s; done; echo ${#s}");
    expect(r.stderr).toBe("bash: word expansion: string length limit exceeded (16777216 bytes)\n");
    expect((await s.run("echo after")).stdout).toBe("after\n");
  });

  test("just-bash's advice to raise an option is not shown to a learner", () => {
    expect(explainLimit("bash: f: maximum recursion depth (100) exceeded, increase executionLimits.maxCallDepth\n")).toBe("bash: f: maximum recursion depth (100) exceeded\n");
  });
});

describe("lineMemoryWatch (the per-line heap cap, fed a fake heap)", () => {
  const run = (heap: number[], limit = 100) => {
    let i = 0;
    const watch = lineMemoryWatch(limit, () => heap[Math.min(i++, heap.length - 1)]!);
    watch.start();
    for (let n = 0; n < 128 * 4; n++) watch.writer.hit();
  };
  test("growth past the limit that a full collection does not remove stops the line, naming the limit", () => {
    // start 0; sample 150 (over), after gc still 150: stopped.
    expect(() => run([0, 150, 150], 100 * 2 ** 20 / 2 ** 20)).toThrow(LineMemoryExceeded);
    expect(() => run([0, 150 * 2 ** 20, 150 * 2 ** 20], 96 * 2 ** 20)).toThrow(/hold 150 MiB more than before it, over the 96 MiB one line may use/);
  });
  test("growth that was garbage (gone after the collection) does not", () => {
    expect(() => run([0, 150, 10, 10, 10, 10], 100)).not.toThrow();
  });
});
