// Schema 2 → 3: Leitner cards (one per exercise) become FSRS skill cards (one per check).
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { MIGRATED_DIFFICULTY } from "./migrations.js";
import { openProgress } from "./open.js";
import { progressPaths } from "./paths.js";
import { parseProgressText } from "./progressFile.js";
import { FsrsScheduler } from "./review.js";
import { CURRENT_SCHEMA_VERSION } from "./schema.js";
import { fixedClock, tempDataDir } from "./testSupport.js";

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), "testdata", "progress-v2-leitner.json");
const v2Text = readFileSync(FIXTURE, "utf8");

describe("progress schema 2 → 3 (Leitner → FSRS)", () => {
  const parsed = parseProgressText(v2Text);
  if (parsed.kind !== "ok") throw new Error(`fixture did not load: ${JSON.stringify(parsed)}`);
  const data = parsed.data;

  it("loads the old file as the current version and says it migrated", () => {
    expect(parsed.migratedFrom).toBe(2);
    expect(data.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
  });

  it("gives every check of the latest attempt a card with the Leitner card's due date, reviews, lapses and last review", () => {
    const cards = data.exercises["pods-fix-image"]!.cards;
    expect(Object.keys(cards).sort()).toEqual(["image-is-nginx", "pod-exists"]);
    for (const card of Object.values(cards)) {
      // Box 1 of [1, 3, 7, 14, 30]: a 3-day interval is the stability at 90% retention.
      expect(card).toEqual({
        due: "2026-01-09T10:00:00.000Z",
        stability: 3,
        difficulty: MIGRATED_DIFFICULTY,
        scheduledDays: 3,
        learningSteps: 0,
        reps: 2,
        lapses: 1,
        state: "review",
        lastReview: "2026-01-06T10:00:00.000Z",
        lastGrade: null,
      });
    }
  });

  it("clamps a box past the last one to the last (30 days), as the Leitner scheduler read it", () => {
    expect(data.exercises["svc-fix-selector"]!.cards["endpoints"]).toMatchObject({ stability: 30, scheduledDays: 30, reps: 6, due: "2026-02-04T08:00:00.000Z" });
  });

  it("drops the old review field, keeps attempts, and marks their minutes unknown", () => {
    const entry = data.exercises["pods-fix-image"]!;
    expect("review" in entry).toBe(false);
    expect(entry.attempts).toHaveLength(2);
    expect(entry.attempts.map((a) => a.minutes)).toEqual([null, null]);
    expect(entry.attempts[1]).toMatchObject({ hintsUsed: 1, durationMs: 120000, passed: true });
    expect(data.exercises["never-reviewed"]!.cards).toEqual({});
    expect(data.lessons["pods-basics"]).toEqual({ readAt: "2026-01-04T10:00:00.000Z", lastReadAt: "2026-01-05T09:00:00.000Z" });
  });

  it("schedules a migrated card with FSRS from there: not due before its Leitner date, due on it", () => {
    const fsrs = new FsrsScheduler();
    const card = data.exercises["pods-fix-image"]!.cards["pod-exists"]!;
    expect(fsrs.retrievability(card, new Date(card.due))).toBeGreaterThan(0.85);
    const next = fsrs.review(card, "good", new Date(card.due));
    expect(Date.parse(next.due)).toBeGreaterThan(Date.parse(card.due) + 3 * 24 * 3600 * 1000);
    expect(next.reps).toBe(3);
  });

  it("is rewritten on disk through the store (the old file kept as the backup), and due items are the old ones", async () => {
    const dir = await tempDataDir();
    const p = progressPaths(dir);
    await writeFile(p.file, v2Text);
    const { store, warnings } = await openProgress({ home: dir, now: fixedClock().now });
    expect(warnings).toEqual([]);
    expect(store.dueForReview(new Date("2026-01-08T10:00:00.000Z"))).toEqual([]);
    expect(store.dueForReview(new Date("2026-01-09T10:00:00.000Z")).map((d) => [d.exerciseId, d.items.map((i) => i.checkId).sort()])).toEqual([
      ["pods-fix-image", ["image-is-nginx", "pod-exists"]],
    ]);
    await store.close();
    const { readFile } = await import("node:fs/promises");
    expect(JSON.parse(await readFile(p.file, "utf8")).schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    expect(await readFile(p.backup, "utf8")).toBe(v2Text);
  });
});
