/**
 * Drives kadet through a real terminal: tmux runs it in an 80×24 window,
 * send-keys types, capture-pane reads the screen.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Why these tests cannot run here, or undefined when tmux is installed (`.ci/run` installs it). */
export const TMUX_MISSING: string | undefined = (() => {
  try {
    execFileSync("tmux", ["-V"], { stdio: "ignore" });
    return undefined;
  } catch {
    return "tmux is not installed (apt-get install -y tmux)";
  }
})();

export const KADET = fileURLToPath(new URL("../../dist/bundle/cli/main.js", import.meta.url));

export function requireBuiltKadet(): void {
  if (!existsSync(KADET)) throw new Error(`${KADET} is missing: run 'npm run build' (npm ci does it) before the end-to-end tests`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class TmuxTerminal {
  private constructor(readonly name: string) {}

  static start(command: string, env: Record<string, string>, cwd: string): TmuxTerminal {
    const name = `kadet-e2e-${process.pid}-${Math.floor(Math.random() * 1e6)}`;
    const exports = Object.entries(env).map(([k, v]) => `${k}='${v}'`).join(" ");
    execFileSync("tmux", ["new-session", "-d", "-s", name, "-x", "80", "-y", "24", "-c", cwd, `env ${exports} ${command}; echo "[exited $?]"; sleep 30`]);
    return new TmuxTerminal(name);
  }

  /** Sends keys in one tmux call (tmux key names like Enter, Escape, F2 are understood). */
  send(...keys: string[]): void {
    execFileSync("tmux", ["send-keys", "-t", this.name, ...keys]);
  }

  /** Types literal text. */
  type(text: string): void {
    execFileSync("tmux", ["send-keys", "-t", this.name, "-l", text]);
  }

  screen(): string {
    return execFileSync("tmux", ["capture-pane", "-p", "-t", this.name], { encoding: "utf8" });
  }

  /** Waits until the screen shows `text`; fails with the screen it last saw. */
  async waitFor(text: string | RegExp, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = "";
    while (Date.now() < deadline) {
      last = this.screen();
      if (typeof text === "string" ? last.includes(text) : text.test(last)) return last;
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${String(text)}; the screen showed:\n${last}`);
  }

  /** Ink reads a key and Enter sent together as one chunk; pause between keys as a person would. */
  async press(...keys: string[]): Promise<void> {
    for (const key of keys) {
      this.send(key);
      await sleep(300);
    }
  }

  stop(): void {
    try {
      execFileSync("tmux", ["kill-session", "-t", this.name]);
    } catch {
      // already gone
    }
  }
}
