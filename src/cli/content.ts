/**
 * The content subcommands: `kadet lessons`, `exercises`, `exercise ID`,
 * `check ID --script FILE|-` and `selfcheck [ID...]`. They print for people
 * and scripts alike; exit status says whether all went well.
 */
import { buildSyllabus, lessonsInOrder } from "../content/syllabus.js";
import { loadLessons } from "../content/lessons.js";
import { renderMarkdown } from "../content/markdown.js";
import { styledLinesToText } from "../content/markdown-ansi.js";
import { formatContentError, type ContentError } from "../content/sourceErrors.js";
import { loadExercises, type Exercise } from "../grading/exercise.js";
import { Attempt } from "../grading/attempt.js";
import { formatVerdict } from "../grading/grader.js";
import { formatSelfcheckReport, selfcheck } from "../grading/selfcheck.js";
import { loadExams } from "../exam/definition.js";
import { openProgress } from "../progress/index.js";
import { nextStep, type NextStep } from "../progress/nextStep.js";
import { syllabusExercises } from "../progress/report.js";
import { loadCommandSplitter, splitCommands } from "../shell/script.js";
import { orderedOutput } from "../shell/types.js";
import { loadBakedPresets } from "./baked-presets.js";
import { readScript } from "./stdin.js";

const out = (text: string) => process.stdout.write(text);
const err = (text: string) => process.stderr.write(text);
const useColor = () => process.stdout.isTTY === true && !process.env.NO_COLOR;

export async function contentCommand(command: string, args: string[]): Promise<number> {
  switch (command) {
    case "lessons":
      return listLessons(args);
    case "exercises":
      return listExercises(args);
    case "exercise":
      return showExercise(args);
    case "check":
      return check(args);
    case "selfcheck":
      return runSelfcheck(args);
    default:
      return 2;
  }
}

function reportErrors(errors: readonly ContentError[]): void {
  for (const e of errors) err(`kadet: ${formatContentError(e)}\n`);
}

/** Aligns rows in columns separated by three spaces, like kubectl's tables. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]! + 3))).join("").trimEnd() + "\n").join("");
}

function listLessons(args: string[]): number {
  if (args.length > 0) return usage(`kadet lessons takes no arguments`);
  const { lessons, errors } = loadLessons();
  reportErrors(errors);
  const ordered = lessonsInOrder(buildSyllabus(lessons));
  out(table([["ID", "TOPIC", "TITLE", "EXERCISES"], ...ordered.map((l) => [l.id, l.topic, l.title, l.exercises.join(",") || "-"])]));
  return errors.length > 0 ? 1 : 0;
}

function listExercises(args: string[]): number {
  let topic: string | undefined;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--json") json = true;
    else if (arg === "--topic") topic = args[++i];
    else if (arg.startsWith("--topic=")) topic = arg.slice(8);
    else return usage(`unexpected argument "${arg}" (kadet exercises [--topic T] [--json])`);
  }
  const { exercises, errors } = loadExercises();
  reportErrors(errors);
  const chosen = topic === undefined ? exercises : exercises.filter((e) => e.topics.includes(topic!));
  if (json) {
    const summary = chosen.map((e) => ({ id: e.id, title: e.title, topics: e.topics, difficulty: e.difficulty, minutes: e.minutes, points: e.points }));
    out(`${JSON.stringify(summary, null, 2)}\n`);
  } else if (chosen.length === 0) {
    err(topic === undefined ? "kadet: no exercises found\n" : `kadet: no exercises for topic "${topic}"\n`);
  } else {
    out(table([["ID", "DIFFICULTY", "MINUTES", "POINTS", "TOPICS", "TITLE"], ...chosen.map((e) => [e.id, e.difficulty, String(e.minutes), String(e.points), e.topics.join(","), e.title])]));
  }
  return errors.length > 0 ? 1 : 0;
}

function findExercise(id: string | undefined): Exercise | number {
  if (!id) return usage("an exercise ID is required (see 'kadet exercises')");
  const { exercises, errors } = loadExercises();
  const found = exercises.find((e) => e.id === id);
  if (found) return found;
  reportErrors(errors.filter((e) => e.file.includes(id)));
  err(`kadet: no exercise "${id}" (see 'kadet exercises')\n`);
  return 1;
}

function showExercise(args: string[]): number {
  if (args.length !== 1) return usage("kadet exercise ID");
  const exercise = findExercise(args[0]);
  if (typeof exercise === "number") return exercise;
  out(`${exercise.title}\n${exercise.id} · ${exercise.topics.join(", ")} · ${exercise.difficulty} · ${exercise.minutes} min · ${exercise.points} points\n\n`);
  // Rendered as the trainer's task pane renders it. Code rows are printed whole, never cut or
  // broken: a terminal can scroll, and a pipe or a copy-paste wants the full command.
  const width = process.stdout.isTTY === true && (process.stdout.columns ?? 0) > 0 ? Math.min(process.stdout.columns, 100) : 80;
  out(styledLinesToText(renderMarkdown(exercise.task, width), { color: useColor() }));
  if (exercise.setup.files.length > 0) out(`\nFiles in your workspace: ${exercise.setup.files.map((f) => f.path).join(", ")}\n`);
  return 0;
}

async function check(args: string[]): Promise<number> {
  let id: string | undefined;
  let scriptPath: string | undefined;
  let verbose = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--script") scriptPath = args[++i];
    else if (arg.startsWith("--script=")) scriptPath = arg.slice(9);
    else if (arg === "--verbose" || arg === "-v") verbose = true;
    else if (arg.startsWith("-") && arg !== "-") return usage(`unknown flag "${arg}" (kadet check ID --script FILE|-)`);
    else if (id === undefined) id = arg;
    else return usage(`unexpected argument "${arg}" (kadet check ID --script FILE|-)`);
  }
  if (scriptPath === undefined) return usage("--script FILE|- is required (kadet check ID --script FILE|-)");
  const exercise = findExercise(id);
  if (typeof exercise === "number") return exercise;

  const script = await readScript(scriptPath);
  if (script === undefined) return 1;

  loadBakedPresets();
  // No clock: the script was written outside kadet, so how long the learner took is not known.
  const attempt = await Attempt.start(exercise, { workdir: process.cwd() });
  await loadCommandSplitter();
  for (const command of splitCommands(script)) {
    const result = await attempt.run(command);
    if (verbose) {
      out(`$ ${command}\n`);
      for (const chunk of orderedOutput(result)) (chunk.stream === "stdout" ? out : err)(chunk.text);
    } else if (result.exitCode !== 0 && result.stderr !== "") {
      // The learner's own errors (a typo's `unknown flag`) come before the verdict, so a low score is never a mystery.
      err(`$ ${command}\n${result.stderr}`);
    }
    // bash ends a script at `exit`, and at a failure under `set -e` or `set -u`.
    if (result.exited) break;
  }
  const verdict = await attempt.check();
  out(formatVerdict(verdict, { color: useColor() }));

  const { store, warnings } = await openProgress();
  for (const w of warnings) err(`kadet: ${w}\n`);
  const saved = await store.recordAttempt(exercise.id, attempt.record());
  if (!saved.save.saved) err(saved.save.repeated ? "kadet: this attempt was not saved (see above)\n" : `kadet: this attempt was not saved: ${saved.save.reason}\n`);
  // rustlings' `next` (issue 9): after a pass, what to do next, as the exercise screen names it.
  if (verdict.passed) {
    const next = nextAfterPass(exercise.id, (id) => (store.exercise(id)?.completedAt ?? null) !== null, store.dueForReview(new Date()).map((d) => d.exerciseId));
    if (next !== undefined) out(next.why === "next in the syllabus" ? `Next: kadet exercise ${next.exerciseId}   (next in the syllabus)\n` : `Next: kadet review next   (${next.exerciseId} is due for review)\n`);
  }
  await store.close();
  return verdict.passed ? 0 : 1;
}

/** The next exercise in the syllabus not passed yet, else the next due review (progress/nextStep.ts). */
function nextAfterPass(exerciseId: string, completed: (id: string) => boolean, due: readonly string[]): NextStep | undefined {
  const { exercises } = loadExercises();
  const lessons = lessonsInOrder(buildSyllabus(loadLessons().lessons, { exerciseIds: exercises.map((e) => e.id) }));
  const ordered = syllabusExercises(lessons, exercises.map((e) => ({ id: e.id, title: e.title, topics: e.topics, checks: e.checks })));
  return nextStep(exerciseId, ordered.map((e) => e.id), completed, due);
}

async function runSelfcheck(ids: string[]): Promise<number> {
  const { exercises, errors } = loadExercises();
  const lessons = loadLessons();
  reportErrors([...errors, ...lessons.errors]);
  const exams = loadExams(exercises);
  reportErrors(exams.errors);
  loadBakedPresets();
  const report = await selfcheck(exercises, ids, { lessons: lessons.lessons, exams: exams.exams });
  out(formatSelfcheckReport(report));
  return report.ok && errors.length === 0 && lessons.errors.length === 0 && exams.errors.length === 0 ? 0 : 1;
}

function usage(message: string): number {
  err(`kadet: ${message}\n`);
  return 2;
}
