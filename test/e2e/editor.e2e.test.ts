/**
 * A real editor through a real terminal (tmux, issue 7): in the TUI sandbox `kubectl edit
 * deploy web` hands the terminal to vim, the test changes replicas with vim keys and `:wq`,
 * and the trainer comes back, redrawn, with the change applied; the interactive `kadet
 * sandbox` does the same with `vi` on a scratch file. Skipped, with the reason, when tmux or
 * vim is missing (`.ci/run` installs both).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { KADET, requireBuiltKadet, TMUX_MISSING, TmuxTerminal } from "./tmux.js";

/** vim, or vi (vim-tiny installs only vi and vim.tiny). */
const VIM: string | undefined = ["vim", "vi"].find((program) => {
  try {
    execFileSync("sh", ["-c", `command -v ${program}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
});
const VIM_MISSING = VIM === undefined ? "vim is not installed (apt-get install -y vim-tiny)" : undefined;
const SKIP = TMUX_MISSING ?? VIM_MISSING;

let terminal: TmuxTerminal | undefined;
afterEach(() => terminal?.stop());

// vim -u NONE: the machine's vimrc plays no part; EDITOR names vim so the test does not depend on which editors exist.
const EDITOR_ENV = { EDITOR: `${VIM ?? "vim"} -u NONE -N` };

describe.skipIf(SKIP !== undefined)(`a real editor in kadet${SKIP ? ` (skipped: ${SKIP})` : ""}`, () => {
  it("kubectl edit in the TUI sandbox opens vim; :wq applies the change and the trainer is redrawn", async () => {
    requireBuiltKadet();
    const home = mkdtempSync(join(tmpdir(), "kadet-e2e-edit-"));
    terminal = TmuxTerminal.start(`node ${KADET}`, { KADET_HOME: home, CI: "true", ...EDITOR_ENV }, home);
    await terminal.waitFor("❯ Lessons");
    await terminal.press("s");
    await terminal.waitFor("controlplane:~$");
    terminal.type("kubectl create deployment web --image=nginx");
    terminal.send("Enter");
    await terminal.waitFor("deployment.apps/web created");

    terminal.type("kubectl edit deploy web");
    terminal.send("Enter");
    const inVim = await terminal.waitFor("# Please edit the object below.");
    expect(inVim).toContain("kind: Deployment");
    // Search for the spec's replicas line, change 1 to 3, save and quit.
    await terminal.press("Escape");
    terminal.type("/^  replicas: 1");
    await terminal.press("Enter");
    terminal.type("$r3");
    await terminal.press("Escape");
    terminal.type(":wq");
    await terminal.press("Enter");

    await terminal.waitFor("deployment.apps/web edited");
    const back = terminal.screen();
    expect(back).toContain("controlplane:~$");
    expect(back).not.toContain("# Please edit the object below.");

    terminal.type("kubectl get deploy web -o jsonpath='{.spec.replicas}'; echo");
    terminal.send("Enter");
    await terminal.waitFor(/^3\s*$/m);

    await terminal.press("C-x", "q");
    await terminal.waitFor("❯ Sandbox");
    await terminal.press("q");
    await terminal.waitFor("[exited 0]");
  }, 90_000);

  it("vi in the interactive kadet sandbox edits a scratch file through a real copy", async () => {
    requireBuiltKadet();
    const folder = mkdtempSync(join(tmpdir(), "kadet-e2e-vi-"));
    terminal = TmuxTerminal.start(`node ${KADET} sandbox`, { KADET_HOME: folder, ...EDITOR_ENV }, folder);
    await terminal.waitFor("controlplane:~$");
    terminal.type("echo 'replicas: 1' > /root/a.yaml && vim -u NONE /root/a.yaml");
    terminal.send("Enter");
    await terminal.waitFor(/^replicas: 1\s*$/m);
    terminal.type("$r7");
    await terminal.press("Escape");
    terminal.type(":wq");
    await terminal.press("Enter");
    await terminal.waitFor("controlplane:~$");
    terminal.type("cat /root/a.yaml");
    terminal.send("Enter");
    await terminal.waitFor(/^replicas: 7\s*$/m);
    terminal.type("exit");
    terminal.send("Enter");
    await terminal.waitFor("[exited 0]");
  }, 60_000);
});
