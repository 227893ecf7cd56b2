/**
 * The process model's sh (issue 11): POSIX Shell Command Language (2.5 parameters, 2.9.3 and-or
 * lists, 2.8.2 exit status 127 for a command not found), busybox's wordings, and sleep's operands
 * as GNU coreutils documents them (https://www.gnu.org/software/coreutils/manual/html_node/sleep-invocation.html).
 */
import { describe, expect, it } from "vitest";
import { scriptBehaviour } from "./shell-script.js";
import { parseSleep } from "./sleep.js";
import { containerFiles, containerLogs, createContainer, startContainer } from "./container.js";

const ctx = { env: ["X=hello", "EMPTY="], programs: ["sh", "echo", "sleep", "cat", "ls", "env", "touch", "rm", "wget"], files: new Map<string, string>() };

describe("sleep operands", () => {
  it("suffixes s m h d, fractions, several operands summed, infinity", () => {
    expect(parseSleep(["1d"])).toEqual({ ok: true, seconds: 86400 });
    expect(parseSleep(["2m", "0.5s"])).toEqual({ ok: true, seconds: 120.5 });
    expect(parseSleep(["1h"])).toEqual({ ok: true, seconds: 3600 });
    expect(parseSleep(["infinity"])).toEqual({ ok: true, seconds: Infinity });
    expect(parseSleep(["soon"])).toEqual({ ok: false, error: "sleep: invalid number 'soon'" });
  });
});

describe("sh -c scripts", () => {
  it("expands variables (not inside single quotes) and runs a sequence to its exit code", () => {
    const b = scriptBehaviour("echo $X; echo '$X' \"${X}!\"; sleep 5; echo done; exit 3", ctx);
    expect(b).toMatchObject({ kind: "exits", afterSeconds: 5, exitCode: 3, logs: ["hello", "$X hello!"], later: [{ afterSeconds: 5, line: "done" }] });
  });

  it("${X:-default} and $? after a failing command", () => {
    const b = scriptBehaviour("echo ${EMPTY:-fallback}; ls /notexist; echo status=$?", ctx);
    expect(b).toMatchObject({ exitCode: 0, logs: ["fallback", "ls: /notexist: No such file or directory", "status=1"] });
  });

  it("ls of a missing path exits 1 with busybox's message (issue 11: it exited 0)", () => {
    expect(scriptBehaviour("ls /notexist", ctx)).toMatchObject({ kind: "exits", exitCode: 1, logs: ["ls: /notexist: No such file or directory"] });
  });

  it("a program the image lacks: sh: NAME: not found, status 127", () => {
    expect(scriptBehaviour("curl http://x", ctx)).toMatchObject({ exitCode: 127, logs: ["sh: curl: not found"] });
  });

  it("&& and || run on the last status that ran", () => {
    expect(scriptBehaviour("false && echo a || echo b", { ...ctx, programs: [...ctx.programs, "false"] }).logs).toEqual(["b"]);
    expect(scriptBehaviour("true || echo a && echo c", ctx).logs).toEqual(["c"]);
  });

  it("env prints the container's environment", () => {
    expect(scriptBehaviour("env", ctx).logs).toEqual(["X=hello", "EMPTY="]);
  });

  it("sleep 1d keeps the container running a day, not one second (issue 11)", () => {
    expect(scriptBehaviour("sleep 1d", ctx)).toMatchObject({ kind: "exits", afterSeconds: 86400 });
  });

  it("files written and removed on the clock: the docs' liveness exec example", () => {
    // https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#define-a-liveness-command
    const b = scriptBehaviour("touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600", ctx);
    const c = startContainer(createContainer(b), 0);
    expect(containerFiles(c, 29_000).has("tmp/healthy")).toBe(true);
    expect(containerFiles(c, 30_000).has("tmp/healthy")).toBe(false);
  });

  it("a loop after a preface prints on its own period; redirected output goes to the file", () => {
    const b = scriptBehaviour("echo hi > /tmp/x; cat /tmp/x; while true; do echo tick; sleep 5; done", ctx);
    const c = startContainer(createContainer(b), 0);
    expect(containerLogs(c, 10_000).map((l) => l.line)).toEqual(["hi", "tick", "tick", "tick"]);
  });
});
