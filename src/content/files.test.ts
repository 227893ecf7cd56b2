/** Typed content folders (issue 5 §5): a file of the wrong kind gets an error naming it. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadExercises } from "../grading/exercise.js";
import { loadLessons } from "./lessons.js";

function folder(files: Record<string, string>, dirs: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), "kadet-content-"));
  for (const d of dirs) mkdirSync(join(dir, d));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("typed content folders", () => {
  it("a lesson among the exercises, a stray file and an unknown folder are each named; exams/ is allowed", () => {
    const dir = folder({ "intro.md": "# hi", "notes.txt": "x", ".gitkeep": "" }, ["exams", "drafts"]);
    const messages = loadExercises(dir).errors.map((e) => `${e.file.split("/").pop()}: ${e.message}`);
    expect(messages).toEqual([
      "drafts: not an exercise file (.yaml): folders are not read here (only exercises/exams/)",
      "intro.md: not an exercise file (.yaml): it belongs in lessons/",
      "notes.txt: not an exercise file (.yaml): exercises/ holds exercises only",
    ]);
  });

  it("exercises/exams/ is the exam loader's: a definition there is neither an exercise nor an error", () => {
    const dir = folder({}, ["exams"]);
    writeFileSync(join(dir, "exams", "cka-mock-1.yaml"), "kind: Exam\nid: cka-mock-1\n");
    expect(loadExercises(dir)).toEqual({ exercises: [], errors: [] });
  });

  it("an exercise among the lessons is named", () => {
    const dir = folder({ "pods.yaml": "id: x" });
    expect(loadLessons(dir).errors.map((e) => e.message)).toEqual(["not a lesson file (.md): it belongs in exercises/"]);
  });

  it("the shipped content folders hold only their own kind", () => {
    expect(loadExercises().errors).toEqual([]);
    expect(loadLessons().errors).toEqual([]);
  });
});
