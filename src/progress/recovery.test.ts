/**
 * Issue 6: "A corrupt progress.json is recovered from .bak, losing the newest attempt." With
 * the journal, recovery loses nothing: whatever is done to progress.json (and its backup),
 * opening again gives back every attempt that was saved, with the same scores, completion
 * and review cards as before the damage.
 */
import { appendFile, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { JournalWriter, readJournal, replayJournal } from "./journal.js";
import { openProgress } from "./open.js";
import { progressPaths } from "./paths.js";
import { FsrsScheduler } from "./review.js";
import { emptyProgress, type Attempt, type ProgressData } from "./schema.js";
import { failingChecks, fixedClock, listDir, passingChecks, T0, tempDataDir } from "./testSupport.js";

const N = 7;

/** N attempts over two exercises (fails, then passes), one lesson read, an hour apart. */
async function seed(dir: string): Promise<ProgressData> {
  const clock = fixedClock();
  const { store } = await openProgress({ home: dir, now: clock.now });
  for (let i = 0; i < N; i++) {
    clock.set(new Date(T0.getTime() + i * 3_600_000));
    const recorded = await store.recordAttempt(i % 2 === 0 ? "pods-1" : "svc-1", { commands: [`kubectl get pods # ${i}`], checks: i < 4 ? failingChecks : passingChecks });
    expect(recorded.save).toEqual({ saved: true });
  }
  expect(await store.markLessonRead("intro")).toEqual({ saved: true });
  const before = store.snapshot();
  await store.close();
  return before;
}

function attemptCount(data: ProgressData): number {
  return Object.values(data.exercises).reduce((n, e) => n + e.attempts.length, 0);
}

const damages: Record<string, (text: string) => string | Buffer> = {
  truncated: (text) => text.slice(0, Math.floor(text.length / 2)),
  empty: () => "",
  binary: () => Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 97 + 13) % 256)),
  "valid JSON, not an object": () => "[1, 2, 3]",
  "valid JSON, wrong shape": () => JSON.stringify({ schemaVersion: 2, exercises: 5, lessons: {} }),
  "valid JSON, no schemaVersion": () => JSON.stringify({ hello: "world" }),
};

describe("recovery from a damaged progress.json loses no attempt", () => {
  for (const [damage, corrupt] of Object.entries(damages)) {
    for (const backup of ["intact", "damaged the same way", "deleted"] as const) {
      it(`progress.json ${damage}, backup ${backup}: all ${N} attempts back, scores and review cards as before`, async () => {
        const dir = await tempDataDir();
        const p = progressPaths(dir);
        const before = await seed(dir);
        expect(attemptCount(before)).toBe(N);
        await writeFile(p.file, corrupt(await readFile(p.file, "utf8")));
        if (backup === "damaged the same way") await writeFile(p.backup, corrupt(await readFile(p.backup, "utf8")));
        if (backup === "deleted") await rm(p.backup);

        const { store, warnings } = await openProgress({ home: dir, now: fixedClock().now });
        expect(store.snapshot()).toEqual(before);
        expect(store.readOnly).toBe(false);
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toMatch(/restored from the journal progress\.journal$/);
        await store.close();
        // progress.json is sound again and holds everything, with the damaged file kept aside.
        expect(JSON.parse(await readFile(p.file, "utf8"))).toEqual(before);
        expect((await listDir(dir)).some((name) => name.startsWith("progress.json.corrupt-"))).toBe(true);
      });
    }
  }

  it("rebuilds from the journal alone when progress.json and its backup are both gone", async () => {
    const dir = await tempDataDir();
    const p = progressPaths(dir);
    const before = await seed(dir);
    await rm(p.file);
    await rm(p.backup);
    const { store, warnings } = await openProgress({ home: dir, now: fixedClock().now });
    expect(store.snapshot()).toEqual(before);
    expect(warnings).toEqual([`progress file ${p.file} and its backup were missing; ${N} attempts and 1 lesson read rebuilt from the journal progress.journal`]);
    await store.close();
  });
});

describe("the journal after a kill", () => {
  it("an attempt whose journal line was flushed but whose progress.json write never happened is there on the next open, without a warning", async () => {
    const dir = await tempDataDir();
    const p = progressPaths(dir);
    const before = await seed(dir);
    const onDisk = await readFile(p.file, "utf8");
    // The kill: the line is in the journal, progress.json is still the previous generation.
    const extra: Attempt = structuredClone(before.exercises["pods-1"]!.attempts[0]!);
    extra.at = new Date(T0.getTime() + 99 * 3_600_000).toISOString();
    await new JournalWriter(p.journal).append({ kind: "attempt", exerciseId: "pods-1", attempt: extra });
    expect(await readFile(p.file, "utf8")).toBe(onDisk);

    const { store, warnings } = await openProgress({ home: dir, now: fixedClock().now });
    expect(warnings).toEqual([]);
    expect(store.exercise("pods-1")?.attempts.at(-1)).toEqual(extra);
    expect(attemptCount(store.snapshot())).toBe(N + 1);
    await store.close();
    expect(attemptCount(JSON.parse(await readFile(p.file, "utf8")))).toBe(N + 1); // written through at once
  });

  it("ignores a torn last line, cuts it off, and the next attempt starts a line of its own", async () => {
    const dir = await tempDataDir();
    const p = progressPaths(dir);
    const before = await seed(dir);
    const sound = await readFile(p.journal, "utf8");
    await appendFile(p.journal, '{"v":2,"kind":"attempt","exerciseId":"pods-1","attempt":{"at":"2026-');

    const first = await openProgress({ home: dir, now: fixedClock().now });
    expect(first.warnings).toEqual([]);
    expect(first.store.snapshot()).toEqual(before);
    expect(await readFile(p.journal, "utf8")).toBe(sound);
    await first.store.recordAttempt("pods-1", { commands: ["after the kill"], checks: passingChecks });
    await first.store.close();

    const journal = await readJournal(p.journal);
    expect(journal).toMatchObject({ kind: "ok", tornTail: false, skipped: 0 });
    if (journal.kind === "ok") expect(journal.events).toHaveLength(N + 2); // N attempts, the lesson, the new one
  });

  it("skips a damaged line in the middle, saying how many, and keeps the rest", async () => {
    const dir = await tempDataDir();
    const p = progressPaths(dir);
    const before = await seed(dir);
    const lines = (await readFile(p.journal, "utf8")).split("\n");
    lines.splice(2, 0, "garbage \u0000 line");
    await writeFile(p.journal, lines.join("\n"));
    await rm(p.file);
    await rm(p.backup);
    const { store, warnings } = await openProgress({ home: dir, now: fixedClock().now });
    expect(store.snapshot()).toEqual(before);
    expect(warnings).toContain(`1 line of the journal ${p.journal} could not be understood and was skipped`);
    await store.close();
  });

  it("a read-only second kadet shows journaled attempts but does not touch the files", async () => {
    const dir = await tempDataDir();
    const p = progressPaths(dir);
    const before = await seed(dir);
    const writer = await openProgress({ home: dir, now: fixedClock().now });
    await rm(p.file);
    await appendFile(p.journal, "{torn");
    const reader = await openProgress({ home: dir, now: fixedClock().now, processProbe: { pid: 99999, hostname: (await import("node:os")).hostname(), isProcessAlive: () => true } });
    expect(reader.store.readOnly).toBe(true);
    expect(reader.store.snapshot()).toEqual(before);
    expect((await readFile(p.journal, "utf8")).endsWith("{torn")).toBe(true);
    await reader.store.close();
    await writer.store.close();
  });
});

describe("replayJournal", () => {
  const scheduler = new FsrsScheduler();
  const attempt = (at: string): Attempt => ({
    at,
    commands: [{ line: "kubectl get pods", exitCode: 0 }],
    hintsUsed: 0,
    solutionViewed: false,
    durationMs: 1000,
    minutes: 5,
    checks: [{ id: "c", result: "pass", points: 1 }],
    score: 1,
    maxScore: 1,
    passed: true,
  });

  it("keeps two identical attempts two: matching counts, it does not deduplicate", () => {
    const a = attempt(T0.toISOString());
    const events = [
      { kind: "attempt" as const, exerciseId: "x", attempt: a },
      { kind: "attempt" as const, exerciseId: "x", attempt: a },
    ];
    const { data: once, added: firstAdded } = replayJournal(emptyProgress(), events.slice(0, 1), scheduler);
    expect(firstAdded).toBe(1);
    const { data: twice, added } = replayJournal(once, events, scheduler);
    expect(added).toBe(1);
    expect(twice.exercises["x"]?.attempts).toHaveLength(2);
  });

  it("matches attempts whatever the key order on disk (a hand-edited or reformatted file)", () => {
    const a = attempt(T0.toISOString());
    const base = replayJournal(emptyProgress(), [{ kind: "attempt", exerciseId: "x", attempt: a }], scheduler).data;
    const reordered = JSON.parse(JSON.stringify(base, Object.keys(a).reverse().concat("exercises", "x", "attempts", "schemaVersion", "lessons", "bestScore", "completedAt", "cards", "c", "line", "exitCode", "id", "result", "points", "due", "stability", "difficulty", "scheduledDays", "learningSteps", "reps", "lapses", "state", "lastReview", "lastGrade"))) as ProgressData;
    expect(replayJournal(reordered, [{ kind: "attempt", exerciseId: "x", attempt: a }], scheduler).added).toBe(0);
  });

  it("reads an attempt line written by schema version 1 through the same migration as a file", async () => {
    const dir = await tempDataDir();
    const file = path.join(dir, "progress.journal");
    const v1 = { at: T0.toISOString(), commands: ["kubectl get pods"], checks: [], score: 0, maxScore: 0, passed: false };
    await writeFile(file, `${JSON.stringify({ v: 1, kind: "attempt", exerciseId: "x", attempt: v1 })}\n`);
    const journal = await readJournal(file);
    expect(journal).toMatchObject({ kind: "ok", skipped: 0 });
    if (journal.kind === "ok") expect(journal.events[0]).toMatchObject({ attempt: { commands: [{ line: "kubectl get pods", exitCode: null }], hintsUsed: null } });
  });
});
