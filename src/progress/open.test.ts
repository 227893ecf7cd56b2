import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openProgress } from "./open.js";
import { progressPaths } from "./paths.js";
import { CURRENT_SCHEMA_VERSION, emptyProgress } from "./schema.js";
import { failingChecks, fixedClock, listDir, passingChecks, probe, T0, tempDataDir } from "./testSupport.js";

const corruptName = "progress.json.corrupt-2026-01-05T10-00-00.000Z";
const NOT_SAVED = "progress from this session will not be saved";

/** Opens, records `attempts` attempts at one exercise, closes: a file with a known history. */
async function seed(dir: string, attempts: number): Promise<void> {
  const { store } = await openProgress({ home: dir, now: fixedClock().now });
  for (let i = 0; i < attempts; i++) await store.recordAttempt("pods-1", { commands: [`kubectl run web${i} --image=nginx`], checks: failingChecks });
  await store.close();
}

function jsonParseMessage(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected bad JSON");
}

describe("openProgress: saving", () => {
  it("round-trips attempts and lesson reads through the file", async () => {
    const dir = await tempDataDir();
    const clock = fixedClock();
    const first = await openProgress({ home: dir, now: clock.now });
    expect(first.warnings).toEqual([]);
    const recorded = await first.store.recordAttempt("pods-1", {
      commands: ["kubectl run web --image=nginx:1.27"],
      files: { "pod.yaml": "apiVersion: v1\nkind: Pod\n" },
      checks: passingChecks,
    });
    expect(recorded.save).toEqual({ saved: true });
    await first.store.markLessonRead("pods-intro");
    const before = first.store.snapshot();
    await first.store.close();

    const second = await openProgress({ home: dir, now: clock.now });
    expect(second.warnings).toEqual([]);
    expect(second.store.snapshot()).toEqual(before);
    expect(second.store.exercise("pods-1")?.attempts[0]?.files).toEqual({ "pod.yaml": "apiVersion: v1\nkind: Pod\n" });
    expect(second.store.lesson("pods-intro")).toEqual({ readAt: T0.toISOString(), lastReadAt: T0.toISOString() });
    await second.store.close();
  });

  // lowdb 7's JSONFilePreset swaps in a Memory adapter when NODE_ENV is "test"
  // (lowdb/lib/presets/node.js); vitest sets NODE_ENV=test, so this proves we do not use it.
  it("really writes to disk under vitest's NODE_ENV=test", async () => {
    expect(process.env["NODE_ENV"]).toBe("test");
    const dir = await tempDataDir();
    await seed(dir, 1);
    const onDisk = JSON.parse(await readFile(progressPaths(dir).file, "utf8"));
    expect(onDisk.exercises["pods-1"].attempts).toHaveLength(1);
  });

  it("leaves no staging file and keeps the previous version as progress.json.bak", async () => {
    const dir = await tempDataDir();
    await seed(dir, 2);
    expect(await listDir(dir)).toEqual(["progress.journal", "progress.json", "progress.json.bak"]);
    const backup = JSON.parse(await readFile(progressPaths(dir).backup, "utf8"));
    expect(backup.exercises["pods-1"].attempts).toHaveLength(1);
  });

  it("removes staging files that killed writers left, once it holds the lock (issue 6: 146 MB after 500 kills)", async () => {
    const dir = await tempDataDir();
    await seed(dir, 1);
    const p = progressPaths(dir);
    await writeFile(p.tempFor(4321), "{\"half\": ");
    await writeFile(`${p.tempFor(4321)}.bak`, "{}");
    const { store } = await openProgress({ home: dir, now: fixedClock().now, processProbe: probe(1000, [1000]) });
    expect(await listDir(dir)).toEqual(["progress.journal", "progress.json", "progress.lock"]);
    await store.close();
  });

  it("resolves the folder from KADET_HOME when no home is given", async () => {
    const dir = await tempDataDir();
    const { store } = await openProgress({ dataDir: { env: { KADET_HOME: dir } }, now: fixedClock().now });
    expect(store.path).toBe(path.join(dir, "progress.json"));
    await store.markLessonRead("intro");
    await store.close();
    expect(await listDir(dir)).toEqual(["progress.journal", "progress.json"]);
  });

  it("reports a failed save as a value and keeps the session going", async () => {
    const dir = await tempDataDir();
    const { store } = await openProgress({ home: dir, now: fixedClock().now });
    const { mkdir } = await import("node:fs/promises");
    await mkdir(path.join(dir, "progress.json")); // something odd in the file's place
    const save = await store.markLessonRead("intro");
    expect(save.saved).toBe(false);
    if (!save.saved) expect(save.reason).toContain(`could not save progress to ${path.join(dir, "progress.json")}`);
    expect(store.lesson("intro")).toBeDefined();
    await store.close();
  });
});

describe("openProgress: damaged files", () => {
  it("keeps bad JSON aside and starts from the backup, saying so", async () => {
    const dir = await tempDataDir();
    const p = progressPaths(dir);
    await seed(dir, 4); // backup now holds 3 attempts
    const damaged = (await readFile(p.file, "utf8")).replace(/\}\s*$/, "}}");
    await writeFile(p.file, damaged);

    const { store, warnings } = await openProgress({ home: dir, now: fixedClock().now });
    expect(warnings).toEqual([
      `could not read progress file ${p.file}: ${jsonParseMessage(damaged)}; the damaged file was kept as ${corruptName}; ` +
        "starting from the backup progress.json.bak (3 attempts); 1 attempt newer than that restored from the journal progress.journal",
    ]);
    expect(store.exercise("pods-1")?.attempts).toHaveLength(4);
    expect(await readFile(path.join(dir, corruptName), "utf8")).toBe(damaged);
    // progress.json is sound again at once, and the backup was not overwritten by it.
    expect(JSON.parse(await readFile(p.file, "utf8")).exercises["pods-1"].attempts).toHaveLength(4);
    expect(JSON.parse(await readFile(p.backup, "utf8")).exercises["pods-1"].attempts).toHaveLength(3);
    expect(await listDir(dir)).toEqual(["progress.journal", "progress.json", "progress.json.bak", corruptName, "progress.lock"]);
    await store.close();
  });

  it("treats a schema-invalid file as damaged and names the bad field", async () => {
    const dir = await tempDataDir();
    const p = progressPaths(dir);
    await seed(dir, 2);
    const data = JSON.parse(await readFile(p.file, "utf8"));
    data.exercises["pods-1"].bestScore = "lots";
    await writeFile(p.file, JSON.stringify(data));

    const { store, warnings } = await openProgress({ home: dir, now: fixedClock().now });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`could not read progress file ${p.file}: does not match the progress schema (exercises.pods-1.bestScore:`);
    expect(warnings[0]).toContain(`the damaged file was kept as ${corruptName}; starting from the backup progress.json.bak (1 attempt); 1 attempt newer`);
    expect(store.exercise("pods-1")?.attempts).toHaveLength(2);
    await store.close();
  });

  it("starts empty when there is no backup, still keeping the damaged file", async () => {
    const dir = await tempDataDir();
    await writeFile(progressPaths(dir).file, "{");
    const { store, warnings } = await openProgress({ home: dir, now: fixedClock().now });
    expect(warnings[0]).toMatch(/the damaged file was kept as progress\.json\.corrupt-2026-01-05T10-00-00\.000Z; there is no backup, starting with empty progress$/);
    expect(store.snapshot()).toEqual(emptyProgress());
    expect(await readFile(path.join(dir, corruptName), "utf8")).toBe("{");
    await store.close();
  });

  it("keeps a damaged backup aside too, and starts empty", async () => {
    const dir = await tempDataDir();
    const p = progressPaths(dir);
    await writeFile(p.file, "{");
    await writeFile(p.backup, "not json either");
    const { store, warnings } = await openProgress({ home: dir, now: fixedClock().now });
    expect(warnings[0]).toContain("the backup progress.json.bak could not be read either (");
    expect(warnings[0]).toContain("and was kept as progress.json.bak.corrupt-2026-01-05T10-00-00.000Z; starting with empty progress");
    expect(await readFile(`${p.backup}.corrupt-2026-01-05T10-00-00.000Z`, "utf8")).toBe("not json either");
    expect(await readFile(path.join(dir, corruptName), "utf8")).toBe("{");
    await store.close();
  });

  it("never overwrites an earlier kept file with the same name", async () => {
    const dir = await tempDataDir();
    const p = progressPaths(dir);
    await writeFile(path.join(dir, corruptName), "first damage");
    await writeFile(p.file, "second damage");
    const { store, warnings } = await openProgress({ home: dir, now: fixedClock().now });
    expect(warnings[0]).toContain(`kept as ${corruptName}-1;`);
    expect(await readFile(path.join(dir, corruptName), "utf8")).toBe("first damage");
    expect(await readFile(path.join(dir, `${corruptName}-1`), "utf8")).toBe("second damage");
    await store.close();
  });

  it("restores from the backup when progress.json has gone missing", async () => {
    const dir = await tempDataDir();
    const p = progressPaths(dir);
    await seed(dir, 3);
    const { rm } = await import("node:fs/promises");
    await rm(p.file);
    const { store, warnings } = await openProgress({ home: dir, now: fixedClock().now });
    expect(warnings).toEqual([
      `progress file ${p.file} was missing; starting from the backup progress.json.bak (2 attempts); 1 attempt newer than that restored from the journal progress.journal`,
    ]);
    expect(store.exercise("pods-1")?.attempts).toHaveLength(3);
    await store.close();
  });

  it("opens a file from a newer kadet read-only and leaves it untouched", async () => {
    const dir = await tempDataDir();
    const p = progressPaths(dir);
    const future = JSON.stringify({ schemaVersion: 4, cards: [] });
    await writeFile(p.file, future);
    const { store, warnings } = await openProgress({ home: dir, now: fixedClock().now });
    expect(warnings).toEqual([
      `progress file ${p.file} was written by a newer kadet (schemaVersion 4; this one understands up to 3); ${NOT_SAVED}`,
    ]);
    expect(store.readOnly).toBe(true);
    expect((await store.markLessonRead("intro")).saved).toBe(false);
    await store.close();
    expect(await readFile(p.file, "utf8")).toBe(future);
    expect(await listDir(dir)).toEqual(["progress.json"]); // and the lock was released
  });
});

describe("openProgress: a second kadet", () => {
  it("opens read-only with a warning while the first holds the lock, and loses none of the first's data", async () => {
    const dir = await tempDataDir();
    const p = progressPaths(dir);
    const clock = fixedClock();
    const first = await openProgress({ home: dir, now: clock.now });
    await first.store.recordAttempt("pods-1", { commands: ["kubectl get pods"], checks: passingChecks });

    const second = await openProgress({ home: dir, now: clock.now });
    expect(second.warnings).toEqual([`another kadet (pid ${process.pid}) is using ${dir}; ${NOT_SAVED}`]);
    expect(second.store.readOnly).toBe(true);
    expect(second.store.exercise("pods-1")?.attempts).toHaveLength(1); // it can still show progress
    const ignored = await second.store.recordAttempt("svc-1", { commands: ["kubectl expose"], checks: failingChecks });
    expect(ignored.save).toEqual({ saved: false, reason: second.warnings[0], repeated: true }); // said once, at open
    await second.store.close();

    // The first session keeps its lock and its writes.
    expect(JSON.parse(await readFile(p.lock, "utf8")).pid).toBe(process.pid);
    expect((await first.store.recordAttempt("pods-1", { commands: [], checks: passingChecks })).save.saved).toBe(true);
    await first.store.close();

    const third = await openProgress({ home: dir, now: clock.now });
    expect(third.warnings).toEqual([]);
    expect(third.store.exercise("pods-1")?.attempts).toHaveLength(2);
    expect(third.store.exercise("svc-1")).toBeUndefined();
    await third.store.close();
    expect(await listDir(dir)).toEqual(["progress.journal", "progress.json", "progress.json.bak"]);
  });

  it("checks a real second process: read-only while it lives, lock taken over once it has exited", async () => {
    const dir = await tempDataDir();
    const p = progressPaths(dir);
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"], { stdio: "ignore" });
    try {
      const pid = other.pid!;
      await writeFile(p.lock, JSON.stringify({ pid, hostname: os.hostname(), startedAt: T0.toISOString() }));
      const whileAlive = await openProgress({ home: dir, now: fixedClock().now });
      expect(whileAlive.warnings).toEqual([`another kadet (pid ${pid}) is using ${dir}; ${NOT_SAVED}`]);
      await whileAlive.store.close();
    } finally {
      other.kill();
      if (other.exitCode === null && other.signalCode === null) await once(other, "exit");
    }
    const afterExit = await openProgress({ home: dir, now: fixedClock().now });
    expect(afterExit.warnings).toEqual([]);
    expect(afterExit.store.readOnly).toBe(false);
    await afterExit.store.close();
  });

  it("lets exactly one of two kadets opening at the same instant write", async () => {
    const dir = await tempDataDir();
    const opened = await Promise.all([
      openProgress({ home: dir, now: fixedClock().now, processProbe: probe(1000, [1000, 2000]) }),
      openProgress({ home: dir, now: fixedClock().now, processProbe: probe(2000, [1000, 2000]) }),
    ]);
    expect(opened.map((o) => o.store.readOnly).sort()).toEqual([false, true]);
    for (const o of opened) await o.store.close();
  });

  it("takes over a lock left by a process that has died, without a warning", async () => {
    const dir = await tempDataDir();
    const p = progressPaths(dir);
    await writeFile(p.lock, JSON.stringify({ pid: 4321, hostname: "test-host", startedAt: T0.toISOString() }));
    const { store, warnings } = await openProgress({ home: dir, now: fixedClock().now, processProbe: probe(1000, [1000]) });
    expect(warnings).toEqual([]);
    expect(store.readOnly).toBe(false);
    expect(JSON.parse(await readFile(p.lock, "utf8")).pid).toBe(1000);
    await store.close();
  });

  it("names the other host, and how to get out, when the lock comes from another machine", async () => {
    const dir = await tempDataDir();
    const p = progressPaths(dir);
    await writeFile(p.lock, JSON.stringify({ pid: 7, hostname: "laptop", startedAt: T0.toISOString() }));
    const { store, warnings } = await openProgress({ home: dir, now: fixedClock().now, processProbe: probe(1000, [1000]) });
    expect(warnings).toEqual([`another kadet (pid 7 on laptop) is using ${dir}; ${NOT_SAVED} (delete ${p.lock} if that kadet is no longer running)`]);
    await store.close();
  });

  it("does not move a damaged file aside while another kadet holds the folder", async () => {
    const dir = await tempDataDir();
    const p = progressPaths(dir);
    await writeFile(p.lock, JSON.stringify({ pid: 4321, hostname: "test-host", startedAt: T0.toISOString() }));
    await writeFile(p.file, "{");
    const { store, warnings } = await openProgress({ home: dir, now: fixedClock().now, processProbe: probe(1000, [1000, 4321]) });
    expect(warnings[0]).toBe(`another kadet (pid 4321) is using ${dir}; ${NOT_SAVED}`);
    expect(warnings[1]).toMatch(/the damaged file was left in place; there is no backup, starting with empty progress$/);
    expect(await listDir(dir)).toEqual(["progress.json", "progress.lock"]);
    await store.close();
  });
});

describe("openProgress: a version 1 file (issue 5 §4)", () => {
  // As kadet wrote it before schema v2: bare command lines, no hints, solution or time.
  const v1 = {
    schemaVersion: 1,
    exercises: {
      "pods-fix-image": {
        attempts: [
          {
            at: "2026-01-05T10:00:00.000Z",
            commands: ["kubectl get pods", "kubectl delete pod shop"],
            checks: [{ id: "shop-image", result: "pass", points: 3.34, observed: "nginx:1.27", expected: "nginx:1.27", message: "" }],
            score: 3.34,
            maxScore: 10,
            passed: false,
          },
        ],
        bestScore: 3.34,
        completedAt: null,
        review: { scheduler: "leitner", due: "2026-01-06T10:00:00.000Z", lastReviewedAt: "2026-01-05T10:00:00.000Z", reviews: 1, lapses: 1, state: { box: 0 } },
      },
    },
    lessons: { "pods-basics": { readAt: "2026-01-04T10:00:00.000Z", lastReadAt: "2026-01-05T09:00:00.000Z" } },
  };

  it("loads, is rewritten on disk as the current version at once, and loses nothing", async () => {
    const dir = await tempDataDir();
    const p = progressPaths(dir);
    await writeFile(p.file, JSON.stringify(v1));
    const { store, warnings } = await openProgress({ home: dir, now: fixedClock().now });
    expect(warnings).toEqual([]);
    await store.close();

    const onDisk = JSON.parse(await readFile(p.file, "utf8")) as typeof v1 & { schemaVersion: number };
    expect(onDisk.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    const attempt = onDisk.exercises["pods-fix-image"].attempts[0]!;
    const { commands: oldCommands, ...oldRest } = v1.exercises["pods-fix-image"].attempts[0]!;
    expect(attempt).toEqual({ ...oldRest, commands: oldCommands.map((line) => ({ line, exitCode: null })), hintsUsed: null, solutionViewed: null, durationMs: null, minutes: null });
    const { attempts: _a, review: _r, ...entryRest } = v1.exercises["pods-fix-image"];
    expect(onDisk.exercises["pods-fix-image"]).toMatchObject(entryRest);
    expect(onDisk.lessons).toEqual(v1.lessons);
    // The v1 original is what the backup keeps, so even a bad migration could be undone.
    expect(JSON.parse(await readFile(p.backup, "utf8"))).toEqual(v1);
  });
});
