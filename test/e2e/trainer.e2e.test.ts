/**
 * End to end through a real terminal (tmux): the trainer's home, an exercise
 * with a command, a check, a hint and the help overlay, progress written to
 * disk, and a clean exit; and the interactive sandbox prompt.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { KADET, requireBuiltKadet, TmuxTerminal } from "./tmux.js";

let terminal: TmuxTerminal | undefined;
afterEach(() => terminal?.stop());

describe("kadet in a real terminal", () => {
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
    await terminal.press("Escape", "Escape");
    await terminal.waitFor("kadet › Practice");
    await terminal.press("Escape", "q");
    await terminal.waitFor("[exited 0]");
  }, 60_000);

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
