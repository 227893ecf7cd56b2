/**
 * Test helpers for the kubectl family: a session on the default preset whose
 * working folder is a copy of testdata/, and the golden files recorded there
 * from the real kubectl 1.32 client.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";
import { Session } from "../session.js";
import { kubectlFamily } from "./index.js";

export const TESTDATA = fileURLToPath(new URL("./testdata/", import.meta.url));
const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

let workingCopy: string | undefined;

/**
 * Sessions write files (`cat > rb.yaml`, `-o yaml > x.yaml`) into their working folder. Test files
 * run in parallel, so each (one module instance per file) works in its own copy of testdata/:
 * two files writing the same name never race, and the source tree stays as committed.
 */
function workingFolder(): string {
  if (workingCopy === undefined) {
    // Not under /tmp: there the copy would show in the sandbox's `ls /tmp` (the real folder is mounted at its path).
    const dir = mkdtempSync(join(REPO_ROOT, ".kadet-test-kubectl-"));
    cpSync(TESTDATA, dir, { recursive: true });
    workingCopy = `${dir}/`;
  }
  return workingCopy;
}

// Registered while the test file is collected (it imports this module): removes the copy after its last test.
afterAll(() => {
  if (workingCopy !== undefined) rmSync(workingCopy, { recursive: true, force: true });
  workingCopy = undefined;
});

export function kubectlSession(preset = "default"): Session {
  return new Session({ preset, cwd: workingFolder(), families: [kubectlFamily] });
}

export function golden(name: string): string {
  return readFileSync(new URL(`./testdata/${name}`, import.meta.url), "utf8");
}

/**
 * A recorded client-side error (testdata/errors/NAME.err): stderr and exit
 * code. The recording client is the Google Cloud SDK build, whose entry point
 * prints "Error: ..." and klog-formats cobra's errors; upstream kubectl's
 * main prints every error through cmdutil.CheckErr as "error: ...". We
 * normalise those two forms to upstream's.
 */
export function recordedError(name: string): { stderr: string; exitCode: number } {
  const text = golden(`errors/${name}.err`);
  const m = text.match(/^([\s\S]*?)exit=(\d+)\n?$/);
  if (!m) throw new Error(`bad error golden ${name}`);
  let stderr = m[1]!.replace(/^Error: /, "error: ");
  stderr = stderr.replace(/^E\d{4} [\d:.]+ +\d+ run\.go:\d+\] "command failed" err="(.*)"\n$/, (_all, msg: string) => `error: ${msg.replace(/\\"/g, '"')}\n`);
  // cobra's own "Error: %v\n" adds a blank line after messages that already end in "\n".
  stderr = stderr.replace(/\n\n$/, "\n");
  return { stderr, exitCode: Number(m[2]) };
}

/** Replaces klog headers (time, pid) so warnings compare across runs. */
export function maskKlog(text: string): string {
  return text.replace(/^([WEI])\d{4} [\d:.]+ +\d+ /gm, "$1MMDD hh:mm:ss.uuuuuu PID ");
}
