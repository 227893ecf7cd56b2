/**
 * `kadet exercise ID` prints the task as the trainer's task pane renders it (issue 7): styled
 * for a terminal, plain text when piped, never raw Markdown (backticks, `**`).
 */
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { loadExercises } from "../grading/exercise.js";
import { contentCommand } from "./content.js";

let printed: string;
const tty = Object.getOwnPropertyDescriptor(process.stdout, "isTTY");

beforeEach(() => {
  printed = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    printed += String(chunk);
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  if (tty) Object.defineProperty(process.stdout, "isTTY", tty);
  else delete (process.stdout as { isTTY?: boolean }).isTTY;
});

function setTty(value: boolean): void {
  Object.defineProperty(process.stdout, "isTTY", { configurable: true, value });
}

// An exercise whose task uses inline code and bold, so raw Markdown would show.
const exercise = loadExercises().exercises.find((e) => e.id === "config-write-secret-manifest")!;

describe("kadet exercise ID", () => {
  test("piped: plain text, Markdown rendered, no escapes", async () => {
    setTty(false);
    expect(exercise).toBeDefined();
    expect(await contentCommand("exercise", [exercise.id])).toBe(0);
    expect(printed).toContain(exercise.title);
    expect(printed).not.toContain("**");
    expect(printed).not.toContain("`");
    expect(printed).not.toContain("\u001b[");
  });

  test("on a terminal: the styles as SGR escapes (inline code in magenta), NO_COLOR turns them off", async () => {
    setTty(true);
    vi.stubEnv("NO_COLOR", "");
    expect(await contentCommand("exercise", [exercise.id])).toBe(0);
    expect(printed).toContain("\u001b[35mapi-creds.yaml\u001b[0m");
    expect(printed).not.toContain("**");
    printed = "";
    vi.stubEnv("NO_COLOR", "1");
    expect(await contentCommand("exercise", [exercise.id])).toBe(0);
    expect(printed).not.toContain("\u001b[");
  });
});
