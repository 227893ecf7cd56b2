/**
 * Issue 6: "A read-only or missing data folder says what is wrong (today: a misleading
 * ENOENT)." Every case names the folder, what kadet needs, and KADET_HOME as the way out;
 * the session still runs read-only and says once that attempts are not saved.
 */
import { mkdir, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { explainErrno, ensureDataFolder } from "./dataFolder.js";
import { openProgress } from "./open.js";
import { describeDataDirSource } from "./paths.js";
import { fixedClock, passingChecks, tempDataDir } from "./testSupport.js";

const NOT_SAVED = "progress from this session will not be saved";

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: raw message, open '/x'`), { code });
}

async function openAt(home: string): Promise<Awaited<ReturnType<typeof openProgress>>> {
  return openProgress({ dataDir: { env: { KADET_HOME: home } }, now: fixedClock().now });
}

describe("a data folder kadet cannot use", () => {
  it("under a file: says which part is a file, how the folder was chosen and how to choose another; attempts are kept in memory and 'not saved' is said once", async () => {
    const base = await tempDataDir();
    await writeFile(path.join(base, "notes"), "x");
    const home = path.join(base, "notes", "kadet");
    const { store, warnings } = await openAt(home);
    expect(warnings).toEqual([
      `kadet keeps your progress in ${home} (set by KADET_HOME) and needs to create and write files there, but ${path.join(base, "notes")} is a file, not a folder. ` +
        `Set KADET_HOME to a folder you can write to (for example: KADET_HOME="$HOME/kadet-data" kadet), or fix that folder's permissions; ${NOT_SAVED}`,
    ]);
    expect(store.readOnly).toBe(true);
    const first = await store.recordAttempt("pods-1", { commands: ["kubectl get pods"], checks: passingChecks });
    expect(first.save).toEqual({ saved: false, reason: warnings[0], repeated: true }); // already among the warnings
    expect(store.exercise("pods-1")?.attempts).toHaveLength(1); // the session goes on
    await store.close();
  });

  it("a dangling symbolic link is named as one, not as ENOENT", async () => {
    const base = await tempDataDir();
    const home = path.join(base, "data");
    await symlink(path.join(base, "gone"), home);
    const result = await ensureDataFolder(path.join(home, "kadet"));
    expect(result).toEqual({ ok: false, problem: `${home} is a symbolic link to a folder that does not exist` });
  });

  it("creates missing levels one by one, private to the user", async () => {
    const base = await tempDataDir();
    const home = path.join(base, "a", "b", "kadet");
    expect(await ensureDataFolder(home)).toEqual({ ok: true });
    const { stat } = await import("node:fs/promises");
    expect((await stat(home)).mode & 0o777).toBe(0o700);
  });

  // mkdir(2) in /proc fails with ENOENT, and Node's recursive mkdir retries that forever.
  it.runIf(process.platform === "linux")("a folder under /proc answers at once instead of hanging", async () => {
    const started = Date.now();
    const { store, warnings } = await openAt("/proc/kadet-test/data");
    expect(Date.now() - started).toBeLessThan(2000);
    expect(warnings[0]).toContain("but the folder /proc/kadet-test cannot be created in /proc (a folder on the way does not exist).");
    expect(store.readOnly).toBe(true);
    await store.close();
  });

  // /sys refuses new files even to root (EACCES), which makes it a real unwritable folder here.
  it.runIf(process.platform === "linux")("an existing folder where no file can be created: 'files cannot be created in it (permission denied)'", async () => {
    const { store, warnings } = await openAt("/sys");
    expect(warnings[0]).toMatch(/^kadet keeps your progress in \/sys \(set by KADET_HOME\) and needs to create and write files there, but files cannot be created in it \(permission denied\)\. Set KADET_HOME/);
    expect(warnings[0]).not.toMatch(/EACCES|ENOENT/);
    expect(store.readOnly).toBe(true);
    await store.close();
  });

  it("a folder deleted while kadet runs: the failed save says so, once, and not as ENOENT", async () => {
    const base = await tempDataDir();
    const home = path.join(base, "kadet");
    await mkdir(home);
    const { store, warnings } = await openAt(home);
    expect(warnings).toEqual([]);
    await rm(home, { recursive: true });
    const first = await store.recordAttempt("pods-1", { commands: [], checks: passingChecks });
    expect(first.save).toEqual({
      saved: false,
      reason: `could not save progress to ${path.join(home, "progress.json")}: the data folder ${home} no longer exists (was it deleted while kadet was running?); restart kadet to create it again`,
    });
    const second = await store.recordAttempt("pods-1", { commands: [], checks: passingChecks });
    expect(second.save).toMatchObject({ saved: false, repeated: true });
    await store.close();
  });
});

// Running as root here, permission bits cannot produce EACCES or EROFS on demand, so the
// wording is checked on the error values Node would hand over.
describe("explainErrno", () => {
  it.each([
    ["EACCES", "permission denied"],
    ["EPERM", "permission denied"],
    ["EROFS", "the file system is read-only"],
    ["ENOSPC", "the disk is full"],
    ["ENOTDIR", "a part of the path is a file, not a folder"],
  ])("%s: %s", (code, words) => {
    expect(explainErrno(errno(code))).toBe(words);
  });
});

describe("describeDataDirSource", () => {
  it("names the variable that chose the folder, or the default", () => {
    expect(describeDataDirSource("/d/kadet", { env: { KADET_HOME: "/d/kadet" } })).toBe("set by KADET_HOME");
    expect(describeDataDirSource("/x/kadet", { env: { XDG_DATA_HOME: "/x" } })).toBe("from XDG_DATA_HOME");
    expect(describeDataDirSource("/home/u/.local/share/kadet", { env: {}, platform: "linux", homedir: "/home/u" })).toBe("kadet's default data folder");
    expect(describeDataDirSource("/elsewhere", { env: {}, platform: "linux", homedir: "/home/u" })).toBe("the data folder kadet was given");
  });
});
