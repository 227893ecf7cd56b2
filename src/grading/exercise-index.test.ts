// The exercise index baked at build time (bakeExerciseIndex): the trainer, selfcheck and exams
// start from it instead of parsing every file, but only while the files are what it was made from.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { contentDirs } from "../content/paths.js";
import { bakeExerciseIndex, loadExercises } from "./exercise.js";

function copyOf(...ids: string[]): { dir: string; index: URL } {
  const base = mkdtempSync(join(tmpdir(), "kadet-index-"));
  const dir = join(base, "exercises");
  for (const id of ids) cpSync(join(contentDirs().exercisesDir, `${id}.yaml`), join(dir, `${id}.yaml`));
  return { dir, index: pathToFileURL(join(base, "index", "exercises.json")) };
}

describe("the baked exercise index", () => {
  it("gives what parsing gives; an edited file is parsed again, never served stale; a damaged index is ignored", () => {
    const { dir, index } = copyOf("pods-run-nginx", "deploy-create-scale");
    bakeExerciseIndex(index, dir);
    expect(loadExercises(dir, index)).toEqual(loadExercises(dir));
    // It is the index that answers while the files are unchanged (a marked copy shows through).
    const baked = JSON.parse(readFileSync(index, "utf8")) as { key: string; load: { exercises: { title: string }[] } };
    baked.load.exercises[0]!.title = "from the index";
    writeFileSync(index, JSON.stringify(baked));
    expect(loadExercises(dir, index).exercises[0]!.title).toBe("from the index");

    const file = join(dir, "pods-run-nginx.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace(/^title: .*$/m, "title: Edited after the build"));
    expect(loadExercises(dir, index).exercises.find((e) => e.id === "pods-run-nginx")!.title).toBe("Edited after the build");

    writeFileSync(index, "{ not json");
    expect(loadExercises(dir, index)).toEqual(loadExercises(dir));
  });
});
