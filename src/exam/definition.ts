/**
 * The exam format (formatVersion 1) and its loader: an exam is data in
 * `exercises/exams/<id>.yaml`, validated like exercises (strict keys, file:line:col
 * errors, every mistake of a file reported at once). A task is a fixed exercise or a
 * seeded draw by topic, domain and difficulty, with its points and the kubeconfig
 * context (and optional host) it must be solved on. `resolveTasks` turns draws into
 * exercises for one seed; `domainCoverage` says which domains the tasks under-cover,
 * so an exam is honest about what the model cannot test yet instead of padding.
 */
import { basename, join } from "node:path";
import { z } from "zod";
import { bakedIndex, indexedLoad, writeIndex } from "../content/baked-index.js";
import { readContentFolder } from "../content/files.js";
import { KEBAB_ID } from "../content/lessons.js";
import { contentDirs } from "../content/paths.js";
import { errorAt, issueToErrors, readYamlMapping, type ContentError } from "../content/sourceErrors.js";
import type { Exercise } from "../grading/exercise.js";
import { hasAtMostDecimals, POINT_DECIMALS } from "../grading/points.js";
import { Rng } from "../sim/core/random.js";
import { PRESETS } from "../sim/world/create.js";

export const EXAM_FORMAT_VERSION = 1;

export const EXAM_STYLES = ["cka", "ckad", "docker"] as const;
export type ExamStyle = (typeof EXAM_STYLES)[number];

/**
 * The domains and weights of the current curricula (Linux Foundation, CKA and CKAD
 * curriculum v1.32, github.com/cncf/curriculum), which a cka or ckad exam must use.
 */
export const CURRICULA: Record<"cka" | "ckad", readonly { id: string; title: string; weight: number }[]> = {
  cka: [
    { id: "troubleshooting", title: "Troubleshooting", weight: 30 },
    { id: "cluster-architecture", title: "Cluster Architecture, Installation and Configuration", weight: 25 },
    { id: "services-networking", title: "Services and Networking", weight: 20 },
    { id: "workloads-scheduling", title: "Workloads and Scheduling", weight: 15 },
    { id: "storage", title: "Storage", weight: 10 },
  ],
  ckad: [
    { id: "design-build", title: "Application Design and Build", weight: 20 },
    { id: "deployment", title: "Application Deployment", weight: 20 },
    { id: "observability-maintenance", title: "Application Observability and Maintenance", weight: 15 },
    { id: "environment-config-security", title: "Application Environment, Configuration and Security", weight: 25 },
    { id: "services-networking", title: "Services and Networking", weight: 20 },
  ],
};

/** A context name as `sim context add` accepts it. */
const contextName = z.string().regex(/^[^\s/]+$/, "must be a context name without spaces or slashes");

const pointsField = z
  .number()
  .positive()
  .refine((p) => hasAtMostDecimals(p, POINT_DECIMALS), `must have at most ${POINT_DECIMALS} decimals`);

/** Filters a draw picks by; `draw: {}` picks among every exercise. */
const DrawSchema = z.strictObject({
  topic: z.string().min(1).optional(),
  domain: z.string().min(1).optional(),
  difficulty: z.enum(["easy", "medium", "hard"]).optional(),
});

const TaskSchema = z
  .strictObject({
    exercise: z.string().min(1).optional(),
    draw: DrawSchema.optional(),
    /** The domain the task counts towards; a draw by domain defaults to it. */
    domain: z.string().min(1).optional(),
    points: pointsField,
    context: contextName,
    host: z.string().min(1).optional(),
  })
  .superRefine((task, ctx) => {
    if ((task.exercise === undefined) === (task.draw === undefined)) ctx.addIssue({ code: "custom", message: "a task has either exercise (a fixed id) or draw (a seeded pick), not both or neither" });
  });

const DomainSchema = z.strictObject({
  id: z.string().regex(KEBAB_ID, "must be kebab-case"),
  title: z.string().min(1),
  weight: z.number().positive().max(100),
  /** The syllabus topics whose exercises test this domain (what draws by domain pick from). */
  topics: z.array(z.string().min(1)).default([]),
});

const ContextSchema = z.strictObject({ name: contextName, preset: z.string().refine((p) => PRESETS.includes(p), `must be a world preset: ${PRESETS.join(", ")}`) });

export const ExamSchema = z.strictObject({
  formatVersion: z.literal(EXAM_FORMAT_VERSION),
  id: z.string().regex(KEBAB_ID, "must be kebab-case (lower-case letters, digits and dashes)"),
  title: z.string().min(1),
  style: z.enum(EXAM_STYLES),
  description: z.string().min(1),
  minutes: z.number().int().positive(),
  passPercent: z.number().positive().max(100),
  domains: z.array(DomainSchema).min(1),
  /** Presets of contexts; a context not listed gets its tasks' exercise preset. */
  contexts: z.array(ContextSchema).default([]),
  /** Empty only for an exam kadet cannot run yet (its description says why). */
  tasks: z.array(TaskSchema),
});

type ExamInput = z.infer<typeof ExamSchema>;
export type ExamDomain = z.infer<typeof DomainSchema>;
export type TaskSpec = z.infer<typeof TaskSchema>;
export type Draw = z.infer<typeof DrawSchema>;

export interface ExamDefinition extends Omit<ExamInput, "contexts"> {
  /** Every context a task names, with its preset. */
  contexts: { name: string; preset: string }[];
  /** As shown in messages: "exercises/exams/ckad-mock-1.yaml". */
  file: string;
  /** 1-based line of each task in the file, for errors found when a seed is drawn. */
  taskLines: number[];
}

export type ExamParse = { ok: true; exam: ExamDefinition } | { ok: false; errors: ContentError[] };

/**
 * The exercises a draw may pick: matching every filter it names, and covered
 * by one of the exam's domains (a CKA drill's `draw: {}` never picks a Docker
 * exercise, whose topics no CKA domain covers).
 */
export function drawCandidates(draw: Draw, domains: readonly ExamDomain[], exercises: readonly Exercise[]): Exercise[] {
  // A draw without a domain still draws only what the exam examines: some domain must cover the exercise
  // (a CKA drill never picks a Docker exercise).
  const domainTopics = new Set(draw.domain === undefined ? domains.flatMap((d) => d.topics) : (domains.find((d) => d.id === draw.domain)?.topics ?? []));
  return exercises.filter(
    (e) =>
      domainOfExercise(e, domains) !== undefined &&
      (draw.topic === undefined || e.topics.includes(draw.topic)) &&
      e.topics.some((t) => domainTopics.has(t)) &&
      (draw.difficulty === undefined || e.difficulty === draw.difficulty),
  );
}

/** The first declared domain whose topics cover the exercise. */
function domainOfExercise(exercise: Exercise, domains: readonly ExamDomain[]): string | undefined {
  return domains.find((d) => d.topics.some((t) => exercise.topics.includes(t)))?.id;
}

/** Parses one exam file against the exercises it may use; `file` is the name used in messages. */
export function parseExam(text: string, file: string, exercises: readonly Exercise[]): ExamParse {
  const read = readYamlMapping(text, file, "an exam file");
  if (!read.ok) return read;
  const { source, data } = read;
  const parsed = ExamSchema.safeParse(data);
  const errors: ContentError[] = parsed.success ? [] : parsed.error.issues.flatMap((issue) => issueToErrors(source, data, issue));
  const raw = data as { id?: unknown };
  const expectedId = basename(file).replace(/\.ya?ml$/, "");
  if (typeof raw.id === "string" && raw.id !== expectedId) errors.push(errorAt(source, ["id"], `"id" is "${raw.id}" but the file is named ${basename(file)} (they must match)`));
  if (!parsed.success) return { ok: false, errors: sortByLine(errors) };

  const exam = parsed.data;
  const at = (path: PropertyKey[], message: string) => errors.push(errorAt(source, path, message));
  const byId = new Map(exercises.map((e) => [e.id, e]));

  // Domains: unique, summing to 100, and the curriculum's own for cka/ckad.
  const domainIds = new Set<string>();
  exam.domains.forEach((d, i) => {
    if (domainIds.has(d.id)) at(["domains", i, "id"], `domains[${i}].id: "${d.id}" is declared twice`);
    domainIds.add(d.id);
  });
  const total = exam.domains.reduce((sum, d) => sum + d.weight, 0);
  if (Math.abs(total - 100) > 1e-9) at(["domains"], `domain weights add up to ${total}, not 100`);
  if (exam.style !== "docker") {
    const curriculum = CURRICULA[exam.style];
    exam.domains.forEach((d, i) => {
      const official = curriculum.find((c) => c.id === d.id);
      if (!official) at(["domains", i, "id"], `domains[${i}].id: "${d.id}" is not a ${exam.style.toUpperCase()} curriculum domain (${curriculum.map((c) => c.id).join(", ")})`);
      else if (official.weight !== d.weight) at(["domains", i, "weight"], `domains[${i}].weight: the ${exam.style.toUpperCase()} curriculum weighs "${official.title}" ${official.weight}%, not ${d.weight}%`);
    });
    for (const c of curriculum) if (!domainIds.has(c.id)) at(["domains"], `the ${exam.style.toUpperCase()} curriculum domain "${c.id}" (${c.title}, ${c.weight}%) is missing`);
  }

  // Contexts declared once each.
  const presets = new Map<string, string>();
  exam.contexts.forEach((c, i) => {
    if (presets.has(c.name)) at(["contexts", i, "name"], `contexts[${i}].name: "${c.name}" is declared twice`);
    presets.set(c.name, c.preset);
  });

  const fixedIds = new Map<string, number>();
  exam.tasks.forEach((task, i) => {
    const where = `tasks[${i}]`;
    if (task.domain !== undefined && !domainIds.has(task.domain)) at(["tasks", i, "domain"], `${where}.domain: "${task.domain}" is not one of this exam's domains (${[...domainIds].join(", ")})`);
    if (task.draw?.domain !== undefined && !domainIds.has(task.draw.domain)) at(["tasks", i, "draw", "domain"], `${where}.draw.domain: "${task.draw.domain}" is not one of this exam's domains`);
    let preset: string | undefined;
    if (task.exercise !== undefined) {
      const exercise = byId.get(task.exercise);
      if (!exercise) {
        at(["tasks", i, "exercise"], `${where}.exercise: no exercise "${task.exercise}" exists`);
        return;
      }
      const first = fixedIds.get(task.exercise);
      if (first !== undefined) at(["tasks", i, "exercise"], `${where}.exercise: "${task.exercise}" is already tasks[${first}]`);
      else fixedIds.set(task.exercise, i);
      if (task.domain === undefined && domainOfExercise(exercise, exam.domains) === undefined) {
        at(["tasks", i], `${where}: no domain's topics cover ${exercise.id} (topics ${exercise.topics.join(", ")}); give the task a domain`);
      }
      preset = exercise.setup.preset;
    } else if (task.draw) {
      if (task.draw.domain !== undefined && !domainIds.has(task.draw.domain)) return;
      const candidates = drawCandidates(task.draw, exam.domains, exercises);
      if (candidates.length === 0) at(["tasks", i, "draw"], `${where}.draw: no exercise matches ${describeDraw(task.draw)}`);
      const kinds = new Set(candidates.map((e) => e.setup.preset));
      const declared = presets.get(task.context);
      if (declared !== undefined && candidates.length > 0 && !kinds.has(declared)) at(["tasks", i, "draw"], `${where}.draw: no exercise matching ${describeDraw(task.draw)} is made for the ${declared} preset of "${task.context}"`);
      if (kinds.size === 1) preset = [...kinds][0];
      else if (kinds.size > 1 && !presets.has(task.context)) at(["tasks", i, "context"], `${where}.context: the draw's exercises need different presets (${[...kinds].join(", ")}); declare the context's preset under contexts`);
    }
    if (preset !== undefined) {
      const declared = presets.get(task.context);
      if (declared === undefined) presets.set(task.context, preset);
      else if (declared !== preset) at(["tasks", i, "context"], `${where}.context: "${task.context}" is a ${declared} cluster but this task's exercise needs the ${preset} preset`);
    }
  });

  if (errors.length > 0) return { ok: false, errors: sortByLine(errors) };
  const taskLines = exam.tasks.map((_, i) => errorAt(source, ["tasks", i], "").line ?? 1);
  const contexts = [...presets].map(([name, preset]) => ({ name, preset }));
  return { ok: true, exam: { ...exam, contexts, file, taskLines } };
}

function describeDraw(draw: Draw): string {
  return Object.entries(draw)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
}

function sortByLine(errors: ContentError[]): ContentError[] {
  return [...errors].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/** One task of an exam for one seed: its exercise chosen. */
export interface ResolvedTask {
  /** 1-based, as the learner reads it ("Task 3"). */
  number: number;
  exercise: Exercise;
  domain: string;
  points: number;
  context: string;
  host?: string;
  /** How the exercise was chosen, for the report. */
  drawn: boolean;
}

export type TaskResolution = { ok: true; tasks: ResolvedTask[] } | { ok: false; error: ContentError };

/**
 * The exam's tasks for `seed`: fixed exercises as written, then each draw in order picks
 * uniformly among its candidates not used yet (no exercise appears twice in one exam).
 * The same seed always gives the same exam.
 */
export function resolveTasks(exam: ExamDefinition, exercises: readonly Exercise[], seed: number): TaskResolution {
  const byId = new Map(exercises.map((e) => [e.id, e]));
  const used = new Set(exam.tasks.flatMap((t) => (t.exercise ? [t.exercise] : [])));
  const rng = new Rng(seed);
  const tasks: ResolvedTask[] = [];
  for (const [i, spec] of exam.tasks.entries()) {
    let exercise: Exercise | undefined;
    if (spec.exercise !== undefined) exercise = byId.get(spec.exercise);
    else {
      // A draw on a cluster of a declared preset picks only exercises made for that preset.
      const preset = exam.contexts.find((c) => c.name === spec.context)?.preset;
      const candidates = drawCandidates(spec.draw!, exam.domains, exercises).filter((e) => !used.has(e.id) && (preset === undefined || e.setup.preset === preset));
      exercise = candidates[rng.int(candidates.length)];
      if (exercise === undefined) {
        return { ok: false, error: { file: exam.file, line: exam.taskLines[i]!, message: `tasks[${i}].draw: with seed ${seed}, every exercise matching ${describeDraw(spec.draw!)} is already used by another task` } };
      }
      used.add(exercise.id);
    }
    if (exercise === undefined) return { ok: false, error: { file: exam.file, line: exam.taskLines[i]!, message: `tasks[${i}].exercise: no exercise "${spec.exercise}" exists` } };
    const domain = spec.domain ?? spec.draw?.domain ?? domainOfExercise(exercise, exam.domains);
    if (domain === undefined) return { ok: false, error: { file: exam.file, line: exam.taskLines[i]!, message: `tasks[${i}]: ${exercise.id} belongs to no domain of this exam` } };
    tasks.push({ number: i + 1, exercise, domain, points: spec.points, context: spec.context, ...(spec.host !== undefined ? { host: spec.host } : {}), drawn: spec.exercise === undefined });
  }
  return { ok: true, tasks };
}

/** How well the tasks' points cover one domain against its curriculum weight. */
export interface DomainCoverage {
  id: string;
  title: string;
  weight: number;
  tasks: number;
  /** The domain's share of the exam's points, in percent (one decimal). */
  pointsPercent: number;
  /** Its share falls more than 5 points below its weight: the model cannot test it fully yet. */
  underCovered: boolean;
}

/** The domain a task spec counts towards whatever the seed, if fixed. */
function fixedDomainOf(task: TaskSpec, domains: readonly ExamDomain[], byId: ReadonlyMap<string, Exercise>): string | undefined {
  if (task.domain !== undefined) return task.domain;
  if (task.draw) return task.draw.domain;
  const exercise = task.exercise === undefined ? undefined : byId.get(task.exercise);
  return exercise ? domainOfExercise(exercise, domains) : undefined;
}

/**
 * Computed from the task specs, so it holds for every seed. A draw whose domain depends on
 * the exercise drawn (the quick drill's `draw: {}`) counts towards no domain: its points
 * are left out of the shares (`DomainCoverageReport.varyingPoints`).
 */
export function domainCoverage(exam: ExamDefinition, exercises: readonly Exercise[]): { domains: DomainCoverage[]; varyingPoints: number } {
  const byId = new Map(exercises.map((e) => [e.id, e]));
  const totals = new Map<string, { tasks: number; points: number }>();
  let fixed = 0;
  let varyingPoints = 0;
  for (const task of exam.tasks) {
    const domain = fixedDomainOf(task, exam.domains, byId);
    if (domain === undefined) {
      varyingPoints += task.points;
      continue;
    }
    const entry = totals.get(domain) ?? { tasks: 0, points: 0 };
    entry.tasks++;
    entry.points += task.points;
    totals.set(domain, entry);
    fixed += task.points;
  }
  const domains = exam.domains.map((d) => {
    const entry = totals.get(d.id) ?? { tasks: 0, points: 0 };
    const pointsPercent = fixed === 0 ? 0 : Math.round((entry.points / fixed) * 1000) / 10;
    return { id: d.id, title: d.title, weight: d.weight, tasks: entry.tasks, pointsPercent, underCovered: fixed === 0 ? exam.tasks.length === 0 : pointsPercent < d.weight - 5 };
  });
  return { domains, varyingPoints };
}

export interface ExamLoad {
  exams: ExamDefinition[];
  errors: ContentError[];
}

/** The folder of exam definitions beside the exercises. */
export function examsDir(exercisesDir: string = contentDirs().exercisesDir): string {
  return join(exercisesDir, "exams");
}

/** Reads every `*.yaml` in the exams folder, sorted by id; a bad file never hides the others. */
export function loadExams(exercises: readonly Exercise[], dir?: string, index: URL | undefined = dir === undefined ? bakedIndex("exams") : undefined): ExamLoad {
  const read = readExamFiles(dir);
  // An exam is checked against the exercises it draws on: they are part of the key.
  return indexedLoad(index, read, () => parseExams(read, exercises), [exercises]);
}

/** Writes the index `loadExams` reads (content/baked-index.ts), for these exercises. */
export function bakeExamIndex(exercises: readonly Exercise[], index: URL = bakedIndex("exams"), dir?: string): void {
  const read = readExamFiles(dir);
  writeIndex(index, read, parseExams(read, exercises), [exercises]);
}

function readExamFiles(dir: string | undefined): ReturnType<typeof readContentFolder> {
  return readContentFolder(dir ?? examsDir(), (n) => /\.ya?ml$/.test(n), "exams", { what: "exams", describe: "an exam file (.yaml)" });
}

function parseExams(read: ReturnType<typeof readContentFolder>, exercises: readonly Exercise[]): ExamLoad {
  const exams: ExamDefinition[] = [];
  const errors: ContentError[] = [...read.errors];
  for (const { file, text } of read.files) {
    const result = parseExam(text, file, exercises);
    if (result.ok) exams.push(result.exam);
    else errors.push(...result.errors);
  }
  exams.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { exams, errors };
}
