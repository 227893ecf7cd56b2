import { describe, expect, it } from "vitest";
import { migrateToCurrent, type MigrationTable } from "./migrations.js";
import { parseProgressText } from "./progressFile.js";
import { CURRENT_SCHEMA_VERSION, emptyProgress } from "./schema.js";

describe("parseProgressText", () => {
  it("accepts a valid v1 file", () => {
    expect(parseProgressText(JSON.stringify(emptyProgress()))).toEqual({ kind: "ok", data: emptyProgress() });
  });

  it("reports bad JSON with the parser's own message (V8's JSON.parse)", () => {
    const result = parseProgressText('{"schemaVersion": 1,}');
    expect(result.kind).toBe("damaged");
    if (result.kind === "damaged") expect(result.reason).toMatch(/JSON/);
  });

  it("reports schema problems by path", () => {
    const text = JSON.stringify({
      schemaVersion: 1,
      exercises: { "pods-1": { attempts: [], bestScore: -1, completedAt: null } },
      lessons: { intro: { readAt: "yesterday", lastReadAt: "2026-01-05T10:00:00.000Z" } },
    });
    const result = parseProgressText(text);
    expect(result.kind).toBe("damaged");
    if (result.kind !== "damaged") return;
    expect(result.reason).toContain("exercises.pods-1.bestScore");
    expect(result.reason).toContain("lessons.intro.readAt");
  });

  it("reports a missing schemaVersion as damage", () => {
    expect(parseProgressText(JSON.stringify({ exercises: {}, lessons: {} })).kind).toBe("damaged");
    expect(parseProgressText("[]").kind).toBe("damaged");
  });

  it("recognises a file from a newer kadet instead of calling it damaged", () => {
    expect(parseProgressText(JSON.stringify({ schemaVersion: 4, anything: true }))).toEqual({ kind: "newer", version: 4 });
  });
});

describe("migrateToCurrent", () => {
  // A pretend history: v1 kept lessons as a list of ids, v2 as a map. Proves the hook chains steps.
  const table: MigrationTable = {
    1: (v1) => ({ ...v1, lessons: Object.fromEntries((v1["lessonIds"] as string[]).map((id) => [id, { readAt: "x" }])) }),
    2: (v2) => ({ ...v2, exercises: v2["exercises"] ?? {} }),
  };

  it("applies each step in order and stamps the new version", () => {
    const result = migrateToCurrent({ schemaVersion: 1, lessonIds: ["intro"] }, table, 3);
    expect(result.kind).toBe("current");
    if (result.kind !== "current") return;
    expect(result.migratedFrom).toBe(1);
    expect(result.data).toMatchObject({ schemaVersion: 3, lessons: { intro: { readAt: "x" } }, exercises: {} });
  });

  it("says which step is missing", () => {
    expect(migrateToCurrent({ schemaVersion: 1 }, {}, 2)).toEqual({ kind: "invalid", reason: "no migration from schemaVersion 1 to 2" });
  });

  it("turns a throwing step into a reason", () => {
    const result = migrateToCurrent({ schemaVersion: 1 }, { 1: () => { throw new Error("boom"); } }, 2);
    expect(result).toEqual({ kind: "invalid", reason: "migration from schemaVersion 1 failed: boom" });
  });

  it("passes current data through untouched", () => {
    const data = { schemaVersion: 1, exercises: {}, lessons: {} };
    expect(migrateToCurrent(data, table, 1)).toEqual({ kind: "current", data });
  });
});

describe("schema version 1 → 2", () => {
  // A real v1 file as kadet 0.x wrote it: commands were bare lines, nothing about hints.
  const v1 = {
    schemaVersion: 1,
    exercises: {
      "pods-fix-image": {
        attempts: [
          {
            at: "2026-01-05T10:00:00.000Z",
            commands: ["kubectl get pods", "kubectl set image pod/web web=nginx:1.27"],
            checks: [{ id: "pod-exists", result: "pass", points: 3.33, message: "" }],
            score: 3.33,
            maxScore: 3.33,
            passed: true,
          },
        ],
        bestScore: 3.33,
        completedAt: "2026-01-05T10:00:00.000Z",
      },
    },
    lessons: { intro: { readAt: "2026-01-05T10:00:00.000Z", lastReadAt: "2026-01-05T10:00:00.000Z" } },
  };

  it("turns commands into a log with unknown exit codes and marks hints, solution and time unknown", () => {
    const result = parseProgressText(JSON.stringify(v1));
    expect(result.kind).toBe("ok");
    if (result.kind !== "ok") return;
    expect(result.migratedFrom).toBe(1);
    expect(result.data.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    const attempt = result.data.exercises["pods-fix-image"]!.attempts[0]!;
    expect(attempt.commands).toEqual([
      { line: "kubectl get pods", exitCode: null },
      { line: "kubectl set image pod/web web=nginx:1.27", exitCode: null },
    ]);
    expect(attempt).toMatchObject({ hintsUsed: null, solutionViewed: null, durationMs: null, score: 3.33, passed: true });
    expect(result.data.lessons).toEqual(v1.lessons);
  });

  it("rejects a v2 attempt without the new fields as damage", () => {
    const broken = structuredClone(v1) as Record<string, unknown>;
    broken["schemaVersion"] = 2;
    expect(parseProgressText(JSON.stringify(broken)).kind).toBe("damaged");
  });
});
