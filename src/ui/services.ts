/**
 * Connects the UI's ports to the real kadet: lessons and the syllabus from src/content,
 * exercises and the grader from src/grading, the learner's shell from src/shell, progress
 * from src/progress. This is the only UI module that imports them (besides `useShell`, which
 * borrows the shell's line accumulator so multi-line commands read as in bash).
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { loadLessons } from "../content/lessons.js";
import { formatContentError } from "../content/sourceErrors.js";
import { buildSyllabus, lessonsInOrder, TOPICS } from "../content/syllabus.js";
import { instantiateExercise, loadExercises, type Exercise } from "../grading/exercise.js";
import { Attempt } from "../grading/attempt.js";
import { verdictSummary } from "../grading/outcomes.js";
import { sumPoints } from "../grading/points.js";
import { openProgress, resolveDataDir, type ProgressStore, type SaveResult } from "../progress/index.js";
import { loadExams } from "../exam/definition.js";
import { examPaths, loadReports } from "../exam/store.js";
import type { ExamReport } from "../exam/session.js";
import { nextStep } from "../progress/nextStep.js";
import { buildProgressReport, syllabusExercises, type ReportExam, type ReportExamResult } from "../progress/report.js";
import { buildReviewQueue } from "../progress/reviewQueue.js";
import { Session } from "../shell/session.js";
import { openExamServices } from "./exam/services.js";
import { examsDir } from "../exam/definition.js";
import type { ExerciseAttempt, ExerciseEntry, LessonEntry, ProgressPort, TrainerServices } from "./ports.js";

export interface ServiceOptions {
  home?: string;
  lessonsDir?: string;
  exercisesDir?: string;
  now?: () => Date;
}

export interface OpenedServices {
  services: TrainerServices;
  /** Releases the progress lock; call once when the UI has exited. */
  close(): Promise<void>;
}

/** At most this many content errors are listed on the home screen; `kadet selfcheck` lists all. */
const MAX_CONTENT_WARNINGS = 3;

export async function openServices(options: ServiceOptions = {}): Promise<OpenedServices> {
  const now = options.now ?? (() => new Date());
  const home = options.home !== undefined ? path.resolve(options.home) : resolveDataDir();
  const opened = await openProgress({ home, now });
  const lessonLoad = loadLessons(options.lessonsDir);
  const exerciseLoad = loadExercises(options.exercisesDir);
  const syllabus = buildSyllabus(lessonLoad.lessons, { exerciseIds: exerciseLoad.exercises.map((e) => e.id) });

  const byId = new Map<string, Exercise>(exerciseLoad.exercises.map((e) => [e.id, e]));
  // Kept up to date by the exam screen's submits, so the progress screen shows an exam just taken.
  const examResults = await examResultsIn(home);
  const exams = openExamServices({
    home,
    exercises: exerciseLoad.exercises,
    now: () => now().getTime(),
    onReportSaved: (report) => examResults.push(examResultOf(report)),
    ...(options.exercisesDir !== undefined ? { examsDir: examsDir(options.exercisesDir) } : {}),
  });
  const contentErrors = [...lessonLoad.errors, ...exerciseLoad.errors, ...exams.errors].map(formatContentError);
  const warnings = [...opened.warnings];
  if (contentErrors.length > 0) {
    const shown = contentErrors.slice(0, MAX_CONTENT_WARNINGS).join("; ");
    const more = contentErrors.length > MAX_CONTENT_WARNINGS ? ` (and ${contentErrors.length - MAX_CONTENT_WARNINGS} more)` : "";
    warnings.push(`some content could not be loaded and is left out: ${shown}${more}`);
  }

  const lessons: LessonEntry[] = lessonsInOrder(syllabus).map((l) => ({
    id: l.id,
    title: l.title,
    topic: l.topic,
    order: l.order,
    exercises: l.exercises,
    body: l.body,
  }));
  // Syllabus order (the lessons' lists, lesson by lesson, then the rest by id), so Practice lists
  // them as they are taught rather than by file name.
  const exercises: ExerciseEntry[] = syllabusExercises(
    lessonsInOrder(syllabus),
    exerciseLoad.exercises.map((e) => ({ id: e.id, title: e.title, topics: e.topics, checks: [] })),
  ).map((e) => toEntry(byId.get(e.id)!));
  const topicOrder = [...TOPICS.map((t) => t.id)];

  const realExercise = (entry: ExerciseEntry): Exercise => {
    const exercise = byId.get(entry.id);
    if (exercise === undefined) throw new Error(`unknown exercise ${entry.id}`);
    return entry.seed !== undefined ? instantiateExercise(exercise, entry.seed) : exercise;
  };

  const services: TrainerServices = {
    lessons,
    exercises,
    topics: topicOrder,
    warnings,
    exams: exams.services,
    progress: progressPort(opened.store, exerciseLoad.exercises, now, {
      lessons: lessonsInOrder(syllabus),
      exams: examsForReport(exerciseLoad.exercises),
      examResults,
    }),
    newSandbox: () => new Session({ preset: "default", cwd: path.join(home, "workspaces", "sandbox") }),
    workspaceFor: async (exerciseId) => {
      const dir = path.join(home, "workspaces", exerciseId);
      await mkdir(dir, { recursive: true });
      return dir;
    },
    variant: (exerciseId, seed) => {
      const exercise = byId.get(exerciseId);
      return exercise === undefined ? undefined : { ...toEntry(instantiateExercise(exercise, seed)), seed };
    },
    startAttempt: async (entry, workdir) => attemptPort(await Attempt.start(realExercise(entry), { workdir, now: () => now().getTime() }), opened.store),
  };
  await mkdir(path.join(home, "workspaces", "sandbox"), { recursive: true }).catch(() => undefined);
  return {
    services,
    close: async () => {
      await exams.close();
      await opened.store.close();
    },
  };
}

function toEntry(exercise: Exercise): ExerciseEntry {
  return {
    id: exercise.id,
    title: exercise.title,
    topics: exercise.topics,
    difficulty: exercise.difficulty,
    minutes: exercise.minutes,
    points: exercise.points,
    task: exercise.task,
    hints: exercise.hints,
    solution: { commands: exercise.solution.commands, files: exercise.solution.files },
    explanation: exercise.explanation,
  };
}

/** The attempt as the exercise screen drives it; the record is the Attempt's own (grading/attempt.ts). */
export function attemptPort(attempt: Attempt, store: ProgressStore): ExerciseAttempt {
  return {
    run: (line) => attempt.run(line),
    get history() {
      return attempt.session.history;
    },
    presetName: () => attempt.session.presetName(),
    complete: (line, cursor) => attempt.session.complete(line, cursor),
    check: async () => verdictSummary(await attempt.check()),
    record: async () => saveMessage((await store.recordAttempt(attempt.exercise.id, attempt.record())).save),
    takeHint: () => {
      attempt.takeHint();
      return attempt.hintsTaken;
    },
    get hintsTaken() {
      return attempt.hintsTaken;
    },
    showSolution: () => {
      attempt.showSolution();
    },
    reset: () => attempt.reset(),
  };
}

/** The full reason once (at open it is a home-screen warning); after that a short line. */
function saveMessage(result: SaveResult): string | undefined {
  if (result.saved) return undefined;
  return result.repeated === true ? "this attempt was not saved either, for the reason given earlier" : result.reason;
}

/** What the report and the review queue need beside the store and the exercises. */
export interface ReviewContext {
  lessons: readonly { id: string; title: string; exercises: readonly string[] }[];
  exams: readonly ReportExam[];
  examResults: readonly ReportExamResult[];
}

function examsForReport(exercises: readonly Exercise[]): ReportExam[] {
  return loadExams(exercises).exams.map((e) => ({
    id: e.id,
    title: e.title,
    domains: e.domains.map((d) => ({ ...d, exercises: e.tasks.flatMap((t) => (t.domain === d.id && t.exercise !== undefined ? [t.exercise] : [])) })),
  }));
}

/** Reports kept so far; a `kadet exam` run in another terminal shows up at the next start. */
async function examResultsIn(home: string): Promise<ReportExamResult[]> {
  return (await loadReports(examPaths(home))).map(examResultOf);
}

function examResultOf(r: ExamReport): ReportExamResult {
  return { examId: r.examId, runId: r.runId, submittedAt: r.submittedAt, scoreCents: r.scoreCents, maxCents: r.maxCents, percent: r.percent, passed: r.passed };
}

export function progressPort(
  store: ProgressStore,
  exercises: readonly (Pick<Exercise, "id" | "topics" | "points"> & Partial<Pick<Exercise, "title" | "checks" | "parameters">>)[],
  now: () => Date,
  context: ReviewContext = { lessons: [], exams: [], examResults: [] },
): ProgressPort {
  const ordered = syllabusExercises(
    context.lessons,
    exercises.map((e) => ({ id: e.id, title: e.title ?? e.id, topics: e.topics, checks: e.checks ?? [] })),
  );
  const refs = new Map(exercises.map((e) => [e.id, { id: e.id, title: e.title ?? e.id, parameterised: e.parameters !== undefined }]));
  const lessonsTeaching = (id: string) => context.lessons.filter((l) => l.exercises.includes(id)).map((l) => ({ id: l.id, title: l.title }));
  const reviewQueue = () => buildReviewQueue(store.dueForReview(now()), refs, lessonsTeaching).items;
  const topicsById = new Map(exercises.map((e) => [e.id, e.topics]));
  const topicsOf = (id: string): readonly string[] => topicsById.get(id) ?? [];
  const topics = [...new Set(exercises.flatMap((e) => e.topics))];
  const topicPointsAvailable = Object.fromEntries(topics.map((t) => [t, sumPoints(exercises.filter((e) => e.topics.includes(t)).map((e) => e.points))]));
  const pointsAvailable = sumPoints(exercises.map((e) => e.points));
  return {
    exerciseStatus: (id) => {
      const entry = store.exercise(id);
      if (entry === undefined || entry.attempts.length === 0) return undefined;
      return { bestScore: entry.bestScore, completed: entry.completedAt !== null };
    },
    lessonRead: (id) => store.lesson(id) !== undefined,
    markLessonRead: async (id) => saveMessage(await store.markLessonRead(id)),
    overview: () => {
      const summary = store.summary(topicsOf);
      return {
        lessonsRead: summary.lessonsRead,
        exercisesAttempted: summary.exercisesAttempted,
        exercisesCompleted: summary.exercisesCompleted,
        points: summary.points,
        byTopic: summary.byTopic,
        dueForReview: store.dueForReview(now()).map((d) => d.exerciseId),
        pointsAvailable,
        topicPointsAvailable,
      };
    },
    report: () => {
      const at = now();
      return buildProgressReport({
        now: at,
        data: store.snapshot(),
        items: store.skillItems(at),
        exercises: ordered,
        topics: [...TOPICS.map((t) => t.id)],
        exams: context.exams,
        examResults: context.examResults,
        utcOffsetMinutes: -at.getTimezoneOffset(),
      });
    },
    reviewQueue,
    nextAfter: (exerciseId) =>
      nextStep(
        exerciseId,
        ordered.map((e) => e.id),
        (id) => (store.exercise(id)?.completedAt ?? null) !== null,
        reviewQueue().map((q) => q.exerciseId),
      ),
  };
}
