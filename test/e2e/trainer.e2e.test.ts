/**
 * End to end through a real terminal (tmux): the trainer's home, an exercise
 * with a command, a check, a hint and the help overlay, progress written to
 * disk, and a clean exit; and the interactive sandbox prompt.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { KADET, requireBuiltKadet, TMUX_MISSING, TmuxTerminal } from "./tmux.js";

let terminal: TmuxTerminal | undefined;
afterEach(() => terminal?.stop());

// Skipped with its reason in the test name when tmux is missing, so the report says why.
describe.skipIf(TMUX_MISSING !== undefined)(`kadet in a real terminal${TMUX_MISSING ? ` (skipped: ${TMUX_MISSING})` : ""}`, () => {
  it("takes a learner from the home screen through an exercise and back out", async () => {
    requireBuiltKadet();
    const home = mkdtempSync(join(tmpdir(), "kadet-e2e-home-"));
    // CI=true as CI runners set it: Ink alone would then draw nothing until exit.
    terminal = TmuxTerminal.start(`node ${KADET}`, { KADET_HOME: home, CI: "true" }, home);

    const start = await terminal.waitFor("Practice");
    expect(start).toContain("❯ Lessons");
    expect(start).toMatch(/0\/\d+ exercises done/);

    await terminal.press("j", "Enter");
    await terminal.waitFor("kadet › Practice");
    await terminal.press("Enter");
    await terminal.waitFor("controlplane:~$");
    const exerciseId = readdirSync(join(home, "workspaces"))[0]!;
    expect(exerciseId).toBeTruthy();

    terminal.type("kubectl get nodes");
    terminal.send("Enter");
    const afterCommand = await terminal.waitFor("controlplane   Ready");
    expect(afterCommand).toMatch(/node01\s+Ready\s+<none>/);

    terminal.type("check");
    terminal.send("Enter");
    await terminal.waitFor(/points/);
    // The verdict is drawn first; the attempt is saved (fsync, rename) just after.
    const progressFile = join(home, "progress.json");
    await vi.waitFor(() => expect(existsSync(progressFile)).toBe(true), { timeout: 10_000 });
    const progress = JSON.parse(readFileSync(progressFile, "utf8")) as { exercises: Record<string, { attempts: unknown[] }> };
    expect(progress.exercises[exerciseId]?.attempts).toHaveLength(1);

    await terminal.press("F2");
    await terminal.waitFor("Hint 1");
    await terminal.press("F1");
    await terminal.waitFor("Keys:");
    // Esc closes the help; at the prompt Esc is readline's meta key, so Ctrl+X q leaves.
    await terminal.press("Escape", "C-x", "q");
    await terminal.waitFor("kadet › Practice");
    await terminal.press("Escape", "q");
    // The exercise's world is still in memory: quitting asks first (issue 7).
    await terminal.waitFor("Quit kadet?");
    await terminal.press("y");
    await terminal.waitFor("[exited 0]");
  }, 60_000);

  it("edits the line as bash does in the TUI sandbox: Ctrl+C, Ctrl+R, Tab on a pod name, a 2,000-character paste (issue 7)", async () => {
    requireBuiltKadet();
    const home = mkdtempSync(join(tmpdir(), "kadet-e2e-keys-"));
    terminal = TmuxTerminal.start(`node ${KADET}`, { KADET_HOME: home, CI: "true" }, home);
    await terminal.waitFor("❯ Lessons");
    await terminal.press("s");
    await terminal.waitFor("controlplane:~$");

    terminal.type("kubectl run web-5d8f --image=nginx");
    terminal.send("Enter");
    await terminal.waitFor("pod/web-5d8f created");

    // Ctrl+C abandons the line with ^C and gives a new prompt; the trainer stays.
    terminal.type("kubectl delete pod web-5d8f");
    await terminal.press("C-c");
    await terminal.waitFor("kubectl delete pod web-5d8f^C");

    // Tab completes the pod name from the model.
    terminal.type("kubectl get po we");
    await terminal.press("Tab");
    await terminal.waitFor(/controlplane:~\$ kubectl get po web-5d8f\s*$/m);
    terminal.send("Enter");
    await terminal.waitFor(/web-5d8f\s+\d\/1\s+/);

    // Ctrl+R finds the earlier command; Enter runs it.
    await terminal.press("C-r");
    terminal.type("run web");
    await terminal.waitFor("(reverse-i-search)`run web': kubectl run web-5d8f --image=nginx");
    terminal.send("Enter");
    await terminal.waitFor('Error from server (AlreadyExists): pods "web-5d8f" already exists');

    // A 2,000-character paste, bracketed by tmux (paste-buffer -p), arrives whole.
    const value = "v".repeat(1_990);
    execFileSync("tmux", ["set-buffer", "-b", "kadet-e2e", `echo ${value} | wc -c`]);
    execFileSync("tmux", ["paste-buffer", "-p", "-b", "kadet-e2e", "-t", terminal.name]);
    await terminal.press("Enter");
    await terminal.waitFor(/^1991\s*$/m);

    await terminal.press("C-x", "q");
    await terminal.waitFor("❯ Sandbox");
    await terminal.press("q");
    await terminal.waitFor("[exited 0]");
  }, 90_000);

  it("streams kubectl get -w on the virtual clock until Ctrl+C brings the prompt back; Tab completes docker's objects (issue 7)", async () => {
    requireBuiltKadet();
    const home = mkdtempSync(join(tmpdir(), "kadet-e2e-follow-"));
    terminal = TmuxTerminal.start(`node ${KADET}`, { KADET_HOME: home, CI: "true" }, home);
    await terminal.waitFor("❯ Lessons");
    await terminal.press("s");
    await terminal.waitFor("controlplane:~$");

    terminal.type("kubectl run web --image=nginx:1.27");
    terminal.send("Enter");
    await terminal.waitFor("pod/web created");
    terminal.type("kubectl get pods -w");
    terminal.send("Enter");
    await terminal.waitFor(/web\s+1\/1\s+Running/);
    await terminal.waitFor("running…");
    await terminal.press("C-c");
    await terminal.waitFor(/\^C\s*\n.*controlplane:~\$\s*$/m);

    terminal.type("docker volume create data");
    terminal.send("Enter");
    await terminal.waitFor(/^data\s*$/m);
    terminal.type("docker volume inspect d");
    await terminal.press("Tab");
    await terminal.waitFor(/controlplane:~\$ docker volume inspect data\s*$/m);
    await terminal.press("C-c");

    await terminal.press("C-x", "q");
    await terminal.waitFor("❯ Sandbox");
    await terminal.press("q");
    await terminal.waitFor("[exited 0]");
  }, 90_000);

  it("runs an interactive sandbox prompt with multi-line heredocs", async () => {
    requireBuiltKadet();
    const folder = mkdtempSync(join(tmpdir(), "kadet-e2e-sandbox-"));
    terminal = TmuxTerminal.start(`node ${KADET} sandbox`, { KADET_HOME: folder }, folder);
    await terminal.waitFor("controlplane:~$");
    terminal.type("cat <<EOF > ns.yaml");
    terminal.send("Enter");
    for (const line of ["apiVersion: v1", "kind: Namespace", "metadata:", "  name: shop", "EOF"]) {
      terminal.type(line);
      terminal.send("Enter");
    }
    terminal.type("kubectl apply -f ns.yaml && kubectl get ns shop");
    terminal.send("Enter");
    const screen = await terminal.waitFor(/shop\s+Active/);
    expect(screen).toContain("namespace/shop created");
    expect(readFileSync(join(folder, "ns.yaml"), "utf8")).toContain("name: shop");
    terminal.type("exit");
    terminal.send("Enter");
    await terminal.waitFor("[exited 0]");
  }, 60_000);
});
