// Issue 5 §6: the documented way to run kadet from a clone must be true. npm does not link a
// package's own `bin` into its own node_modules/.bin, so README must not promise that; what it
// does promise (`npm start`, `node dist/bundle/cli/main.js`) must point at the built entry
// that package.json's `bin` and the lock file's root package both name.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = new URL("../", import.meta.url);
const readme = readFileSync(new URL("README.md", root), "utf8");
const pkg = JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as { bin: Record<string, string>; scripts: Record<string, string> };
const lock = JSON.parse(readFileSync(new URL("package-lock.json", root), "utf8")) as { packages: Record<string, { bin?: Record<string, string> }> };

describe("README: running kadet from a clone", () => {
  it("does not claim node_modules/.bin/kadet", () => {
    expect(readme).not.toMatch(/node_modules\/\.bin\/kadet/);
  });

  it("documents npm start, and the start script runs package.json's bin", () => {
    expect(readme).toMatch(/npm start -- /);
    expect(pkg.scripts.start).toBe(`node ${pkg.bin.kadet}`);
  });

  it("names the same entry file as package.json's bin, which the lock file agrees with", () => {
    const documented = readme.match(/`node (dist\/[^\s`]+\.js) ARGS`/)?.[1];
    expect(documented).toBe(pkg.bin.kadet);
    expect(lock.packages[""]?.bin).toEqual(pkg.bin);
  });

  // The two documented ways, actually run from the clone (dist/ is built by npm ci, as in CI).
  it("`npm start -- ARGS` and `node dist/bundle/cli/main.js ARGS` both run kadet from the clone", () => {
    const cwd = fileURLToPath(root);
    const viaNpm = spawnSync("npm", ["start", "--silent", "--", "sandbox", "-c", "kubectl get nodes"], { cwd, encoding: "utf8", timeout: 60_000 });
    expect(viaNpm.stderr).toBe("");
    expect(viaNpm.stdout).toMatch(/^NAME +STATUS +ROLES +AGE +VERSION\ncontrolplane +Ready +control-plane /);
    expect(viaNpm.status).toBe(0);
    const viaNode = spawnSync(process.execPath, [pkg.bin.kadet!, "sandbox", "-c", "kubectl get nodes"], { cwd, encoding: "utf8", timeout: 60_000 });
    expect(viaNode.stdout).toBe(viaNpm.stdout);
    expect(viaNode.status).toBe(0);
  }, 120_000);
});
