/**
 * `kadet check ID --script FILE` through the Attempt (issue 5 §4): the score it prints is the
 * score it records, to the hundredth. The issue saw `kadet check pods-fix-image` print 10/10
 * and record 9.99, and `svc-named-target-port` record 20.02.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { loadExercises } from "../grading/exercise.js";
import { CURRENT_SCHEMA_VERSION } from "../progress/index.js";
import { contentCommand } from "./content.js";

const { exercises } = loadExercises();
const exerciseNamed = (id: string) => exercises.find((e) => e.id === id)!;

let home: string;
let workdir: string;
let printed: string;
/** What the CLI wrote to stderr. */
let errors: string;
const originalCwd = process.cwd();

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "kadet-cli-home-"));
  workdir = mkdtempSync(join(tmpdir(), "kadet-cli-work-"));
  printed = "";
  vi.stubEnv("KADET_HOME", home);
  vi.stubEnv("NO_COLOR", "1");
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    printed += String(chunk);
    return true;
  });
  errors = "";
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    errors += String(chunk);
    return true;
  });
  // The CLI's workspace is the folder it runs in; keep the exercise's files out of the repository.
  process.chdir(workdir);
});

afterEach(() => {
  process.chdir(originalCwd);
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

function recorded(id: string) {
  const data = JSON.parse(readFileSync(join(home, "progress.json"), "utf8")) as {
    schemaVersion: number;
    exercises: Record<string, { attempts: Array<{ score: number; maxScore: number; commands: Array<{ line: string; exitCode: number | null }>; hintsUsed: number | null; durationMs: number | null }> }>;
  };
  expect(data.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
  return data.exercises[id]!.attempts.at(-1)!;
}

const printedScore = () => /score (\S+)\/(\S+) —/.exec(printed)?.slice(1, 3);

describe("kadet check --script", () => {
  test.each(["pods-fix-image", "svc-named-target-port"])("%s: the solution prints full points and records exactly them", async (id) => {
    const exercise = exerciseNamed(id);
    for (const file of exercise.solution.files) writeFileSync(join(workdir, file.path), file.content);
    const script = join(workdir, "solution.sh");
    writeFileSync(script, `${exercise.solution.commands.join("\n")}\n`);
    expect(await contentCommand("check", [id, "--script", script])).toBe(0);
    expect(printedScore()).toEqual([String(exercise.points), String(exercise.points)]);
    const attempt = recorded(id);
    expect(attempt.score).toBe(exercise.points);
    expect(attempt.maxScore).toBe(exercise.points);
    expect(attempt.commands).toEqual(exercise.solution.commands.map((line) => ({ line, exitCode: 0, modelTime: expect.any(String) })));
    // Nothing was revealed in script mode, and how long writing the script took is not known.
    expect(attempt).toMatchObject({ hintsUsed: 0, durationMs: null });
    // rustlings' `next` (issue 9): a pass names what comes next, an exercise that exists.
    const next = /^Next: kadet exercise (\S+) {3}\(next in the syllabus\)$/m.exec(printed)?.[1];
    expect(exercises.map((e) => e.id)).toContain(next);
    expect(next).not.toBe(id);
  });

  test("a partial answer records the partial score it prints", async () => {
    const script = join(workdir, "partial.sh");
    // Fixes the image but drops the label: two of three equal checks, 6.67 of 10 by largest remainder.
    writeFileSync(script, "kubectl delete pod shop\nkubectl run shop --image=nginx:1.27\nkubectl get pod nope\n");
    expect(await contentCommand("check", ["pods-fix-image", "--script", script])).toBe(1);
    const [score] = printedScore()!;
    const attempt = recorded("pods-fix-image");
    expect(String(attempt.score)).toBe(score);
    expect(attempt.score).toBe(6.67);
    expect(attempt.commands.map((c) => c.exitCode)).toEqual([0, 0, 1]);
    expect(printed).not.toContain("Next:");
    // Issue 7: the failing command's own error is shown, with the command, before the verdict.
    expect(errors).toContain('$ kubectl get pod nope\nError from server (NotFound): pods "nope" not found\n');
    expect(errors).not.toContain("$ kubectl run shop");
  });
});
