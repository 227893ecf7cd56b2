/**
 * `kadet progress [--json]`: the progress report (progress/report.ts) of the learner's data
 * folder, with the installed exercises, lessons, exams and kept exam reports.
 */
import { loadLessons } from "../content/lessons.js";
import { buildSyllabus, lessonsInOrder, TOPICS } from "../content/syllabus.js";
import { loadExams } from "../exam/definition.js";
import { examPaths, loadReports } from "../exam/store.js";
import { loadExercises } from "../grading/exercise.js";
import { openProgress, resolveDataDir } from "../progress/index.js";
import { buildProgressReport, syllabusExercises, type ProgressReport } from "../progress/report.js";
import { formatProgressReport } from "../progress/reportFormat.js";

export interface ProgressCommandOptions {
  now?: () => Date;
  /** Minutes east of UTC for calendar days; defaults to this machine's zone. */
  utcOffsetMinutes?: number;
}

export async function progressCommand(args: string[], options: ProgressCommandOptions = {}): Promise<number> {
  let json = false;
  for (const arg of args) {
    if (arg === "--json") json = true;
    else if (arg === "--help" || arg === "-h") {
      process.stdout.write("Usage: kadet progress [--json]\n");
      return 0;
    } else {
      process.stderr.write(`kadet: unexpected argument "${arg}" (kadet progress [--json])\n`);
      return 2;
    }
  }
  const now = (options.now ?? (() => new Date()))();
  const report = await progressReport(now, options.utcOffsetMinutes ?? -now.getTimezoneOffset());
  if (report.warnings.length > 0) for (const w of report.warnings) process.stderr.write(`kadet: ${w}\n`);
  process.stdout.write(json ? `${JSON.stringify(report.report, null, 2)}\n` : formatProgressReport(report.report));
  return 0;
}

export async function progressReport(now: Date, utcOffsetMinutes: number): Promise<{ report: ProgressReport; warnings: string[] }> {
  const dataDir = resolveDataDir();
  const exercises = loadExercises().exercises;
  const lessons = lessonsInOrder(buildSyllabus(loadLessons().lessons, { exerciseIds: exercises.map((e) => e.id) }));
  const exams = loadExams(exercises).exams;
  const results = await loadReports(examPaths(dataDir));
  const { store, warnings } = await openProgress({ home: dataDir, now: () => now });
  const report = buildProgressReport({
    now,
    data: store.snapshot(),
    items: store.skillItems(now),
    exercises: syllabusExercises(lessons, exercises),
    topics: TOPICS.map((t) => t.id),
    exams: exams.map((e) => ({
      id: e.id,
      title: e.title,
      domains: e.domains.map((d) => ({ ...d, exercises: e.tasks.flatMap((t) => (t.domain === d.id && t.exercise !== undefined ? [t.exercise] : [])) })),
    })),
    examResults: results.map((r) => ({ examId: r.examId, runId: r.runId, submittedAt: r.submittedAt, scoreCents: r.scoreCents, maxCents: r.maxCents, percent: r.percent, passed: r.passed })),
    utcOffsetMinutes,
  });
  await store.close();
  return { report, warnings };
}
