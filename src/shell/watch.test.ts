/**
 * watch (issue 7) draws procps-ng's screen: `Every %.1fs: ` and the command on the left,
 * `HOST: ctime` right-justified to the width (watch.c output_header), a blank line, then the
 * command's stdout and stderr together. Script mode runs it once and says so; the trainer's
 * terminal repeats it every N virtual seconds until Ctrl-C and prints a screen that changed.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { followCommand } from "./follow.js";
import { Session } from "./session.js";
import { WATCH_ONCE_NOTE, WATCH_WIDTH, watchHeader } from "./watch.js";

const s = new Session({ cwd: mkdtempSync(join(tmpdir(), "kadet-watch-")) });

describe("watch in script mode", () => {
  it("prints the header, a blank line and the command's output once, then says it ran once", async () => {
    const r = await s.run("watch kubectl get nodes");
    const [header, blank, ...rest] = r.stdout.split("\n");
    expect(header).toMatch(/^Every 2\.0s: kubectl get nodes +controlplane: \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$/);
    expect(header).toHaveLength(WATCH_WIDTH);
    expect(blank).toBe("");
    expect(rest.join("\n")).toBe((await s.run("kubectl get nodes")).stdout);
    expect(r).toMatchObject({ stderr: `${WATCH_ONCE_NOTE}\n`, exitCode: 0 });
  });

  it("-n sets the interval shown, -t drops the header, the command's errors are on its screen", async () => {
    expect((await s.run("watch -n 5 'kubectl get pods/nope'")).stdout).toMatch(/^Every 5\.0s: kubectl get pods\/nope .*\n\nError from server \(NotFound\): pods "nope" not found\n$/);
    expect((await s.run("watch -n0.05 -t echo hi")).stdout).toBe("hi\n");
    expect((await s.run("watch -d echo hi")).stderr).toBe(`kadet: watch -d is not simulated (ignored)\n${WATCH_ONCE_NOTE}\n`);
  });

  it("refuses a bad interval or option in procps' words", async () => {
    expect(await s.run("watch -n x ls")).toMatchObject({ stderr: "watch: failed to parse argument: 'x'\n", exitCode: 1 });
    expect((await s.run("watch -z ls")).stderr).toMatch(/^watch: invalid option -- 'z'\n/);
  });

  it("cuts a command too long for the header with ...", () => {
    const header = watchHeader(2, "kubectl get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName -A", "controlplane", 0);
    // As output_header does: the command cut, "... ", a blank column, then the right part.
    expect(header).toBe("Every 2.0s: kubectl get pods -o custo...  controlplane: Thu Jan  1 00:00:00 1970");
    expect(header).toHaveLength(WATCH_WIDTH);
  });
});

describe("watch in the trainer's terminal", () => {
  it("repeats every N virtual seconds and prints a new screen only when the output changed", async () => {
    const follow = followCommand("watch -n 2 kubectl get deploy", (l) => s.run(l))!;
    const first = await follow.start();
    expect(first.stdout).toMatch(/^Every 2\.0s: kubectl get deploy/);
    expect(first.stderr).toBe(""); // the once-only note is for script mode
    expect((await follow.tick()).stdout).toBe("");
    expect((await follow.tick()).stdout).toBe(""); // re-ran after 2 s, nothing changed
    await s.run("kubectl create deployment web --image=nginx");
    expect((await follow.tick()).stdout).toBe("");
    const changed = await follow.tick();
    expect(changed.stdout).toMatch(/^Every 2\.0s: kubectl get deploy .*\n\nNAME +READY/);
    expect(changed.stdout).toContain("web");
    expect(changed.done).toBe(false);
  });
});
