/**
 * Issue 6: the journal is compacted, safely. Over maxJournalLines it is rewritten, after a full
 * write of progress.json, with only what progress.json.bak lacks; so progress.json lost (or
 * damaged) still comes back whole from the backup plus the journal, and the rename-based
 * rewrite leaves the old or the new journal after a kill, never a mix.
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { eventsNotHeldBy, readJournal } from "./journal.js";
import { openProgress } from "./open.js";
import { progressPaths } from "./paths.js";
import { failingChecks, fixedClock, listDir, passingChecks, T0, tempDataDir } from "./testSupport.js";

async function record(dir: string, count: number, maxJournalLines: number) {
  const clock = fixedClock();
  const { store } = await openProgress({ home: dir, now: clock.now, maxJournalLines });
  for (let i = 0; i < count; i++) {
    clock.set(new Date(T0.getTime() + i * 60_000));
    const r = await store.recordAttempt(i % 3 === 0 ? "pods-1" : "svc-1", { commands: [`kubectl get pods # ${i}`], checks: i % 2 ? passingChecks : failingChecks });
    expect(r.save).toEqual({ saved: true });
  }
  const snapshot = store.snapshot();
  await store.close();
  return snapshot;
}

const lines = async (file: string) => (await readFile(file, "utf8")).split("\n").filter((l) => l !== "").length;
const attempts = (data: { exercises: Record<string, { attempts: unknown[] }> }) => Object.values(data.exercises).reduce((n, e) => n + e.attempts.length, 0);

describe("journal compaction", () => {
  it("a journal over the limit is cut down to what the backup lacks, and stays short", async () => {
    const dir = await tempDataDir();
    const p = progressPaths(dir);
    await record(dir, 25, 10);
    // After the last compaction at most the limit plus the saves since, never all 25.
    expect(await lines(p.journal)).toBeLessThanOrEqual(11);
    // Whatever it dropped, the backup holds: nothing the journal lacks is missing from it.
    const backup = JSON.parse(await readFile(p.backup, "utf8"));
    const journal = await readJournal(p.journal);
    const current = JSON.parse(await readFile(p.file, "utf8"));
    expect(attempts(backup) + (journal.kind === "ok" ? eventsNotHeldBy(backup, journal.events).length : 0)).toBe(attempts(current));
    expect((await listDir(dir)).filter((n) => n.includes(".tmp-"))).toEqual([]);
  });

  it("progress.json deleted after compactions: backup plus journal give every attempt", async () => {
    const dir = await tempDataDir();
    const p = progressPaths(dir);
    const before = await record(dir, 25, 10);
    await rm(p.file);
    const { store } = await openProgress({ home: dir, now: fixedClock().now, maxJournalLines: 10 });
    expect(attempts(store.snapshot())).toBe(25);
    expect(store.snapshot()).toEqual(before);
    await store.close();
  });

  it("progress.json damaged after compactions: the same", async () => {
    const dir = await tempDataDir();
    const p = progressPaths(dir);
    const before = await record(dir, 17, 5);
    await writeFile(p.file, "{ torn");
    const { store } = await openProgress({ home: dir, now: fixedClock().now, maxJournalLines: 5 });
    expect(store.snapshot()).toEqual(before);
    await store.close();
  });

  it("a staging file left by a kill during compaction is removed on the next open, the journal untouched", async () => {
    const dir = await tempDataDir();
    const p = progressPaths(dir);
    await record(dir, 3, 1000);
    const journal = await readFile(p.journal, "utf8");
    await writeFile(`${p.journal}.tmp-999999`, "half a journal");
    const { store } = await openProgress({ home: dir, now: fixedClock().now });
    await store.close();
    expect(await readFile(p.journal, "utf8")).toBe(journal);
    expect((await listDir(dir)).filter((n) => n.includes(".tmp-"))).toEqual([]);
  });

  it("lines this kadet cannot read (a newer kadet's) stop compaction: nothing it does not understand is dropped", async () => {
    const dir = await tempDataDir();
    const p = progressPaths(dir);
    await record(dir, 2, 1000);
    await writeFile(p.journal, `${await readFile(p.journal, "utf8")}{"v":99,"kind":"future"}\n`);
    await record(dir, 8, 3);
    expect(await readFile(p.journal, "utf8")).toContain('{"v":99,"kind":"future"}');
    expect(await lines(p.journal)).toBe(11);
  });
});
