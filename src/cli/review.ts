/**
 * `kadet review [--json]`: what is due, lowest recall first; `kadet review next`: the next due
 * exercise as a micro-exercise (a fresh seed for a parameterised one), shown without
 * `--script` and answered and recorded with it, as `kadet check` does.
 */
import { loadLessons } from "../content/lessons.js";
import { Attempt } from "../grading/attempt.js";
import { instantiateExercise, loadExercises, type Exercise } from "../grading/exercise.js";
import { formatVerdict } from "../grading/grader.js";
import { openProgress } from "../progress/index.js";
import { buildReviewQueue, LEECH_LAPSES, leechAdvice, type LessonRef, type QueuedReview, type ReviewQueue } from "../progress/reviewQueue.js";
import { loadCommandSplitter, splitCommands } from "../shell/script.js";
import { loadBakedPresets } from "./baked-presets.js";
import { readScript } from "./stdin.js";

const out = (text: string) => process.stdout.write(text);
const err = (text: string) => process.stderr.write(text);
const useColor = () => process.stdout.isTTY === true && !process.env.NO_COLOR;

export interface ReviewCommandOptions {
  /** The learner's clock; tests pass a fixed one. */
  now?: () => Date;
}

const USAGE = "kadet review [--json] | kadet review next [--seed N] [--script FILE|-] [--json]";

export async function reviewCommand(args: string[], options: ReviewCommandOptions = {}): Promise<number> {
  const now = options.now ?? (() => new Date());
  const [first, ...rest] = args;
  if (first === "next") return next(rest, now);
  if (first === "--help" || first === "-h") {
    out(`Usage: ${USAGE}\n`);
    return 0;
  }
  return list(args, now);
}

/** The content review needs: exercises by id and the lessons that list each. */
export interface ReviewContent {
  exercises: Map<string, Exercise>;
  lessonsTeaching: (exerciseId: string) => LessonRef[];
}

export function loadReviewContent(): ReviewContent {
  const exercises = new Map(loadExercises().exercises.map((e) => [e.id, e]));
  const lessons = loadLessons().lessons;
  return {
    exercises,
    lessonsTeaching: (id) => lessons.filter((l) => l.exercises.includes(id)).map((l) => ({ id: l.id, title: l.title })),
  };
}

async function dueQueue(now: Date, content: ReviewContent): Promise<{ queue: ReviewQueue; warnings: string[] }> {
  const { store, warnings } = await openProgress({ now: () => now });
  const due = store.dueForReview(now);
  await store.close();
  const refs = new Map([...content.exercises.values()].map((e) => [e.id, { id: e.id, title: e.title, parameterised: e.parameters !== undefined }]));
  return { queue: buildReviewQueue(due, refs, content.lessonsTeaching), warnings };
}

async function list(args: string[], now: () => Date): Promise<number> {
  let json = false;
  for (const arg of args) {
    if (arg === "--json") json = true;
    else return usage(`unexpected argument "${arg}" (${USAGE})`);
  }
  const at = now();
  const { queue, warnings } = await dueQueue(at, loadReviewContent());
  for (const w of warnings) err(`kadet: ${w}\n`);
  if (json) {
    out(`${JSON.stringify({ now: at.toISOString(), due: queue.items, missing: queue.missing }, null, 2)}\n`);
    return 0;
  }
  if (queue.items.length === 0) out("Nothing is due for review.\n");
  else {
    const rows = [["EXERCISE", "RECALL", "DUE CHECKS", "DUE SINCE", "LAPSES", "TITLE"]];
    for (const item of queue.items) rows.push([item.exerciseId, `${item.recallPercent}%`, String(item.checks.length), item.due.slice(0, 10), String(item.lapses), item.title]);
    out(table(rows));
    for (const item of queue.items) {
      const advice = leechAdvice(item);
      if (advice !== undefined) out(`\n${advice}\n`);
    }
    out(`\nRECALL is FSRS's chance that you would pass the exercise's weakest due check now. 'kadet review next' serves the first.\n`);
  }
  if (queue.missing.length > 0) out(`\nNot served (no such exercise is installed any more): ${queue.missing.join(", ")}\n`);
  return 0;
}

async function next(args: string[], now: () => Date): Promise<number> {
  let json = false;
  let seed: number | undefined;
  let scriptPath: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--json") json = true;
    else if (arg === "--seed" || arg.startsWith("--seed=")) {
      const text = arg === "--seed" ? args[++i] : arg.slice(7);
      if (text === undefined || !/^\d+$/.test(text)) return usage(`--seed takes a non-negative integer, got ${JSON.stringify(text ?? "")}`);
      seed = Number(text);
    } else if (arg === "--script") scriptPath = args[++i];
    else if (arg.startsWith("--script=")) scriptPath = arg.slice(9);
    else return usage(`unexpected argument "${arg}" (${USAGE})`);
  }
  if (scriptPath === undefined && args.includes("--script")) return usage(`--script needs a FILE or - (${USAGE})`);
  const content = loadReviewContent();
  const { queue, warnings } = await dueQueue(now(), content);
  for (const w of warnings) err(`kadet: ${w}\n`);
  const item = queue.items[0];
  if (item === undefined) {
    if (json) out(`${JSON.stringify({ due: null }, null, 2)}\n`);
    else out("Nothing is due for review.\n");
    return 0;
  }
  const base = content.exercises.get(item.exerciseId)!;
  const useSeed = seed ?? item.seed;
  const exercise = useSeed !== undefined && base.parameters !== undefined ? instantiateExercise(base, useSeed) : base;
  if (scriptPath === undefined) {
    if (json) out(`${JSON.stringify({ due: item, seed: useSeed ?? null, task: exercise.task }, null, 2)}\n`);
    else out(showItem(item, exercise, queue.items.length, useSeed));
    return 0;
  }
  return answer(item, exercise, scriptPath, now, json, content);
}

function showItem(item: QueuedReview, exercise: Exercise, dueCount: number, seed: number | undefined): string {
  const lines = [
    `Review 1 of ${dueCount} due: ${exercise.title} (${exercise.id})`,
    `recall ${item.recallPercent}% · due since ${item.due.slice(0, 10)} · checks due: ${item.checks.map((c) => c.checkId).join(", ")} · ${exercise.minutes} min`,
  ];
  const advice = leechAdvice(item);
  if (advice !== undefined) lines.push("", advice);
  lines.push("", exercise.task.trimEnd(), "");
  const seedFlag = seed !== undefined ? ` --seed ${seed}` : "";
  lines.push(`Answer with: kadet review next${seedFlag} --script FILE   (or --script - to read your commands from standard input)`, "");
  return lines.join("\n");
}

async function answer(item: QueuedReview, exercise: Exercise, scriptPath: string, now: () => Date, json: boolean, content: ReviewContent): Promise<number> {
  const script = await readScript(scriptPath);
  if (script === undefined) return 1;
  loadBakedPresets();
  // No clock, as for `kadet check --script`: how long the script took to write is not known.
  const attempt = await Attempt.start(exercise, { workdir: process.cwd() });
  await loadCommandSplitter();
  for (const command of splitCommands(script)) {
    // bash ends a script at `exit`, and at a failure under `set -e` or `set -u`.
    if ((await attempt.run(command)).exited) break;
  }
  const verdict = await attempt.check();
  const { store, warnings } = await openProgress({ now });
  for (const w of warnings) err(`kadet: ${w}\n`);
  const recorded = await store.recordAttempt(exercise.id, attempt.record());
  await store.close();
  const schedule = Object.entries(recorded.grades).map(([checkId, grade]) => ({ checkId, grade, nextDue: recorded.exercise.cards[checkId]!.due }));
  if (json) out(`${JSON.stringify({ exerciseId: exercise.id, passed: verdict.passed, score: verdict.score, maxScore: verdict.maxScore, schedule, saved: recorded.save.saved }, null, 2)}\n`);
  else {
    out(formatVerdict(verdict, { color: useColor() }));
    out("\nNext reviews:\n");
    out(table([["CHECK", "GRADE", "NEXT DUE"], ...schedule.map((s) => [s.checkId, s.grade, s.nextDue.slice(0, 10)])]));
    const lapses = Math.max(0, ...Object.values(recorded.exercise.cards).map((c) => c.lapses));
    if (!verdict.passed && lapses >= LEECH_LAPSES) out(`\n${leechAdvice({ ...item, leech: { lapses, lessons: content.lessonsTeaching(exercise.id) } })}\n`);
  }
  if (!recorded.save.saved) err(`kadet: this review was not saved: ${recorded.save.reason}\n`);
  return verdict.passed ? 0 : 1;
}

/** Aligns rows in columns separated by three spaces, like kubectl's tables. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]! + 3))).join("").trimEnd() + "\n").join("");
}

function usage(message: string): number {
  err(`kadet: ${message}\n`);
  return 2;
}
