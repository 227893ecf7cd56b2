/**
 * The interactive sandbox through a real terminal (tmux): `ssh node01` turns the prompt into
 * `node01:~$ ` (issue 5 §1), host tools answer there, and `exit` leaves the host (not the
 * sandbox); a second `exit` leaves the sandbox.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, it } from "vitest";
import { KADET, requireBuiltKadet, TmuxTerminal } from "./tmux.js";

let terminal: TmuxTerminal | undefined;
afterEach(() => terminal?.stop());

describe("kadet sandbox on a host", () => {
  it("shows node01:~$ after ssh node01, and exit comes back to controlplane:~$", async () => {
    requireBuiltKadet();
    const folder = mkdtempSync(join(tmpdir(), "kadet-e2e-host-"));
    terminal = TmuxTerminal.start(`node ${KADET} sandbox`, { KADET_HOME: folder }, folder);
    await terminal.waitFor("controlplane:~$");
    terminal.type("ssh node01");
    terminal.send("Enter");
    await terminal.waitFor("node01:~$");
    terminal.type("systemctl is-active kubelet");
    terminal.send("Enter");
    await terminal.waitFor(/^active$/m);
    terminal.type("exit");
    terminal.send("Enter");
    await terminal.waitFor(/Connection to node01 closed\.\ncontrolplane:~\$/);
    terminal.type("exit");
    terminal.send("Enter");
    await terminal.waitFor("[exited 0]");
  }, 60_000);
});
