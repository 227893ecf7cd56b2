/** The interactive prompt follows `ssh` (issue 5 §1: prompt `NODE:~$ `, `exit` returns). */
import { describe, expect, it } from "vitest";
import { promptFor } from "../host-shell.js";
import { Session } from "../session.js";

describe("the host prompt", { timeout: 30_000 }, () => {
  it("is NODE:~$ on a host and controlplane:~$ on the learner's terminal, following ssh and exit", async () => {
    const s = new Session({ cwd: "/nonexistent-kadet-root" });
    expect(promptFor(s.currentHost())).toBe("controlplane:~$ ");
    await s.run("ssh node01");
    expect(promptFor(s.currentHost())).toBe("node01:~$ ");
    await s.run("exit");
    expect(promptFor(s.currentHost())).toBe("controlplane:~$ ");
  });
  it("script mode prints only what commands print: ssh prints nothing, exit prints ssh's logout lines", async () => {
    const s = new Session({ cwd: "/nonexistent-kadet-root" });
    expect(await s.run("ssh node01")).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect(await s.run("exit")).toEqual({ stdout: "logout\n", stderr: "Connection to node01 closed.\n", exitCode: 0 });
  });
});
