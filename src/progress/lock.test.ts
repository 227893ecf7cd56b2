import { spawnSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import os from "node:os";
import { acquireLock, isProcessAlive, processStartOf, realProcessProbe } from "./lock.js";
import { progressPaths } from "./paths.js";
import { bundleTestWorker, deadPid, raceForLock } from "./testChildren.js";
import { listDir, probe, T0, tempDataDir } from "./testSupport.js";

// The lock relies on open(2) with O_CREAT|O_EXCL ("wx" in Node) failing with EEXIST when the
// file exists (POSIX open(), https://pubs.opengroup.org/onlinepubs/9799919799/functions/open.html),
// and on kill(pid, 0) failing with ESRCH for a process that does not exist (POSIX kill()).
describe("acquireLock", () => {
  it("creates progress.lock holding pid, host and start time", async () => {
    const lockPath = progressPaths(await tempDataDir()).lock;
    const attempt = await acquireLock(lockPath, probe(100, [100]), T0);
    expect(attempt.kind).toBe("acquired");
    expect(JSON.parse(await readFile(lockPath, "utf8"))).toEqual({ pid: 100, hostname: "test-host", startedAt: T0.toISOString(), nonce: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });

  it("reports a lock held by a live process with its pid", async () => {
    const lockPath = progressPaths(await tempDataDir()).lock;
    await acquireLock(lockPath, probe(100, [100, 200]), T0);
    const second = await acquireLock(lockPath, probe(200, [100, 200]), T0);
    expect(second).toMatchObject({ kind: "held", owner: { pid: 100, hostname: "test-host", startedAt: T0.toISOString() } });
  });

  it("takes over a lock whose process is dead and says whose it was", async () => {
    const lockPath = progressPaths(await tempDataDir()).lock;
    await acquireLock(lockPath, probe(100, [100]), T0);
    const second = await acquireLock(lockPath, probe(200, [200]), T0); // pid 100 is gone
    expect(second.kind).toBe("acquired");
    if (second.kind !== "acquired") return;
    expect(second.lock.tookOverFrom).toMatchObject({ pid: 100 });
    expect(JSON.parse(await readFile(lockPath, "utf8")).pid).toBe(200);
  });

  it("treats a lock from another host as held: its pid cannot be checked from here", async () => {
    const lockPath = progressPaths(await tempDataDir()).lock;
    await acquireLock(lockPath, probe(100, [], "laptop"), T0);
    const second = await acquireLock(lockPath, probe(200, [200], "desktop"), T0);
    expect(second.kind).toBe("held");
  });

  it("takes over a lock naming our own pid that this process never took (pid reused, e.g. pid 1 in a container)", async () => {
    const lockPath = progressPaths(await tempDataDir()).lock;
    await writeFile(lockPath, JSON.stringify({ pid: 1, hostname: "test-host", startedAt: "2025-12-01T00:00:00.000Z" }));
    const attempt = await acquireLock(lockPath, probe(1, [1]), T0);
    expect(attempt.kind).toBe("acquired");
    if (attempt.kind === "acquired") await attempt.lock.release();
  });

  it("but a lock this process holds stays held against a second open from the same process", async () => {
    const lockPath = progressPaths(await tempDataDir()).lock;
    const first = await acquireLock(lockPath, probe(1, [1]), T0);
    expect((await acquireLock(lockPath, probe(1, [1]), T0)).kind).toBe("held");
    if (first.kind === "acquired") await first.lock.release();
    expect((await acquireLock(lockPath, probe(1, [1]), T0)).kind).toBe("acquired");
  });

  // Issue 6: a kill between create and write left an empty lock that blocked saving for good.
  it("takes over an empty or unparsable lock that stays unchanged (an older kadet killed mid-write)", async () => {
    const dir = await tempDataDir();
    const lockPath = progressPaths(dir).lock;
    await writeFile(lockPath, "");
    const attempt = await acquireLock(lockPath, probe(200, [200]), T0);
    expect(attempt.kind).toBe("acquired");
    if (attempt.kind === "acquired") expect(attempt.lock.tookOverFrom).toBe("unknown");
    expect(JSON.parse(await readFile(lockPath, "utf8")).pid).toBe(200);
    expect(await listDir(dir)).toEqual(["progress.lock"]); // no staging or mutex file left
  });

  it("lets exactly one of many takers replace the same stale lock", async () => {
    const dir = await tempDataDir();
    const lockPath = progressPaths(dir).lock;
    await writeFile(lockPath, JSON.stringify({ pid: 4321, hostname: "test-host", startedAt: T0.toISOString() }));
    const pids = [201, 202, 203, 204, 205, 206];
    const results = await Promise.all(pids.map((pid) => acquireLock(lockPath, probe(pid, pids), T0)));
    expect(results.filter((r) => r.kind === "acquired")).toHaveLength(1);
    expect(await listDir(dir)).toEqual(["progress.lock"]);
  });

  it("release removes only our own lock", async () => {
    const dir = await tempDataDir();
    const lockPath = progressPaths(dir).lock;
    const first = await acquireLock(lockPath, probe(100, [100]), T0);
    if (first.kind !== "acquired") throw new Error("expected to acquire");
    // Someone (wrongly) replaced our lock; releasing must not delete theirs.
    await writeFile(lockPath, JSON.stringify({ pid: 300, hostname: "test-host", startedAt: T0.toISOString() }));
    await first.lock.release();
    expect(await listDir(dir)).toEqual(["progress.lock"]);

    const dir2 = await tempDataDir();
    const own = await acquireLock(progressPaths(dir2).lock, probe(100, [100]), T0);
    if (own.kind !== "acquired") throw new Error("expected to acquire");
    own.lock.releaseSync();
    expect(await listDir(dir2)).toEqual([]);
  });

  it("reports failure when the lock cannot be created at all", async () => {
    const attempt = await acquireLock("/nonexistent-kadet-dir/progress.lock", probe(100, [100]), T0);
    expect(attempt.kind).toBe("failed");
  });
});

// Identity beyond the pid: proc(5) documents /proc/sys/kernel/random/boot_id (changes at each
// boot) and field 22 of /proc/<pid>/stat, "starttime", the time the process started after boot.
describe.runIf(process.platform === "linux")("acquireLock, pid reuse and reboots (Linux /proc)", () => {
  it("records the boot id and the process start time of the owner", async () => {
    const lockPath = progressPaths(await tempDataDir()).lock;
    const attempt = await acquireLock(lockPath, realProcessProbe, T0);
    const written = JSON.parse(await readFile(lockPath, "utf8"));
    expect(written.bootId).toMatch(/^[0-9a-f-]{36}$/);
    expect(written.processStart).toBe(processStartOf(process.pid));
    expect(Number(written.processStart)).toBeGreaterThan(0);
    if (attempt.kind === "acquired") await attempt.lock.release();
  });

  it("takes over a lock from an earlier boot even when its pid is alive now", async () => {
    const lockPath = progressPaths(await tempDataDir()).lock;
    const alive = { ...probe(200, [100, 200]), bootId: "boot-now" };
    await writeFile(lockPath, JSON.stringify({ pid: 100, hostname: "test-host", startedAt: T0.toISOString(), bootId: "boot-before" }));
    expect((await acquireLock(lockPath, alive, T0)).kind).toBe("acquired");
  });

  it("takes over a lock whose pid now belongs to a process started at another time (a reused pid)", async () => {
    const lockPath = progressPaths(await tempDataDir()).lock;
    const taker = { ...probe(200, [100, 200]), bootId: "b", processStartOf: (pid: number) => (pid === 100 ? "5000" : "6000") };
    await writeFile(lockPath, JSON.stringify({ pid: 100, hostname: "test-host", startedAt: T0.toISOString(), bootId: "b", processStart: "4000" }));
    expect((await acquireLock(lockPath, taker, T0)).kind).toBe("acquired");
    await writeFile(lockPath, JSON.stringify({ pid: 100, hostname: "test-host", startedAt: T0.toISOString(), bootId: "b", processStart: "5000" }));
    expect((await acquireLock(lockPath, taker, T0)).kind).toBe("held"); // the very process that wrote it
  });
});

// Real processes, started at the same millisecond against the same stale lock (issue 6: two
// takers both opened the store writable in 11 of 60 rounds).
describe("acquireLock across real processes", () => {
  async function race(racers: number, stale: string): Promise<{ acquired: number; held: number; leftover: string[] }> {
    const worker = await bundleTestWorker();
    const dir = await tempDataDir();
    const lockPath = progressPaths(dir).lock;
    await writeFile(lockPath, stale);
    const results = await raceForLock(worker, lockPath, racers);
    return {
      acquired: results.filter((r) => r.kind === "acquired").length,
      held: results.filter((r) => r.kind === "held").length,
      leftover: await listDir(dir),
    };
  }

  const deadOwner = (): string => JSON.stringify({ pid: deadPid(), hostname: os.hostname(), startedAt: T0.toISOString() });

  for (const racers of [2, 4]) {
    it(`${racers} processes racing on a dead owner's lock: exactly one wins, the rest see it held`, async () => {
      for (let round = 0; round < 2; round++) {
        const outcome = await race(racers, deadOwner());
        expect(outcome).toEqual({ acquired: 1, held: racers - 1, leftover: [] });
      }
    }, 30_000);
  }

  it("4 processes racing on an empty lock (a kill between create and write): exactly one wins", async () => {
    for (let round = 0; round < 2; round++) {
      expect(await race(4, "")).toEqual({ acquired: 1, held: 3, leftover: [] });
    }
  }, 30_000);
});

describe("isProcessAlive", () => {
  it("is true for this process and false for one that has exited", () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    const child = spawnSync(process.execPath, ["-e", ""]);
    expect(child.pid).toBeGreaterThan(0);
    expect(isProcessAlive(child.pid!)).toBe(false);
  });
});
