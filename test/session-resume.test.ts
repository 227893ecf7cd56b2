/**
 * The whole-session snapshot (issue 5 §1): 200 mixed commands, a snapshot, a restore into
 * a new session (and, with the built CLI, into a fresh process), 50 more; every output
 * must equal the unbroken run's. The sessions' working folder does not exist on disk, so
 * everything they write is scratch (in the snapshot) and nothing touches the real disk.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Session } from "../src/shell/session.js";
import { ENVIRONMENT_SNAPSHOT_VERSION } from "../src/sim/env/environment.js";
import { KADET } from "./e2e/tmux.js";
import { sessionWorkload } from "./session-workload.js";

const NOWHERE = "/kadet-snapshot-test-not-on-disk";
const lines = sessionWorkload(250);
const [first, rest] = [lines.slice(0, 200), lines.slice(200)];

describe("a session restored from its snapshot carries on exactly as the unbroken one", () => {
  it("in-process: 200 commands, snapshot through JSON, a new Session, 50 more", async () => {
    const unbroken = new Session({ cwd: NOWHERE });
    const expected = [];
    for (const line of lines) expected.push(await unbroken.run(line));

    const before = new Session({ cwd: NOWHERE });
    for (const line of first) await before.run(line);
    const saved = JSON.stringify(await before.snapshot());
    const parsed = JSON.parse(saved);
    expect(parsed.snapshotVersion).toBe(ENVIRONMENT_SNAPSHOT_VERSION);
    expect(parsed.session.history).toHaveLength(first.join("\n").split("\n").length);
    expect(parsed.session.files.some((f: { path: string }) => f.path === "/root/.kube/config")).toBe(true);

    const resumed = new Session({ cwd: NOWHERE });
    await resumed.load(parsed);
    for (const [i, line] of rest.entries()) expect(await resumed.run(line), line).toEqual(expected[200 + i]);
    // The state too; file times are the interpreter's wall clock (just-bash stamps writes with Date.now), not the model's.
    const withoutTimes = async (s: Session) => JSON.stringify(await s.snapshot(), (key, value: unknown) => (key === "mtime" ? 0 : value));
    expect(await withoutTimes(resumed)).toBe(await withoutTimes(unbroken));
  }, 120_000);

  it("inside ssh: the host shell, its variables and the way back are part of the snapshot", async () => {
    const s = new Session({ cwd: NOWHERE });
    for (const line of ["ssh node01", "cd /etc/kubernetes", "export X=1"]) await s.run(line);
    const resumed = new Session({ cwd: NOWHERE });
    await resumed.load(JSON.parse(JSON.stringify(await s.snapshot())));
    expect((await resumed.run("echo $X $(pwd) $HOSTNAME")).stdout).toBe("1 /etc/kubernetes node01\n");
    expect((await resumed.run("exit")).stderr).toBe("Connection to node01 closed.\n");
  }, 60_000);
});

// The fresh process: the built CLI in script mode, the snapshot file passed through the sandbox's real folder.
describe.skipIf(!existsSync(KADET))("in a fresh kadet process (built CLI: npm run build)", () => {
  it("kadet sandbox: 200 commands and sim snapshot save; a new process: sim snapshot load and 50 more", () => {
    const folder = mkdtempSync(join(tmpdir(), "kadet-resume-"));
    const state = join(folder, "state.json");
    const kadet = (script: string[]) => {
      const r = spawnSync(process.execPath, [KADET, "sandbox"], { cwd: folder, input: `${script.join("\n")}\n`, encoding: "utf8", timeout: 120_000 });
      return { stdout: r.stdout, stderr: r.stderr, status: r.status };
    };
    try {
      const unbroken = kadet([...first, `sim snapshot save ${state}`, ...rest]);
      const before = kadet([...first, `sim snapshot save ${state}`]);
      const after = kadet([`sim snapshot load ${state}`, ...rest]);
      expect(before.stdout).toContain(`session saved to ${state}`);
      expect(after.stderr).not.toContain("sim snapshot load:");
      // Not trivially equal: the resumed process reads variables, folder and files the first one made.
      expect(after.stdout).toContain("step 135 at /root/work\n");
      expect(before.stdout + after.stdout).toBe(unbroken.stdout);
      expect(before.stderr + after.stderr).toBe(unbroken.stderr);
      expect(after.status).toBe(unbroken.status);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 300_000);
});
