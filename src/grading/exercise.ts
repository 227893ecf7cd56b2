/**
 * The exercise format (formatVersion 1, see /work/briefs/content-format.md)
 * and its loader. Files are parsed with yaml's parseDocument + LineCounter so
 * that every mistake names its file, line and column
 * (`exercises/pods-run.yaml:12:5: checks[1].object: unknown key "nmae"`);
 * unknown keys are rejected, and a bad file never hides the others.
 */
import { bakedIndex, indexedLoad, writeIndex } from "../content/baked-index.js";
import { readContentFolder } from "../content/files.js";
import { basename } from "node:path";
import { z } from "zod";
import { KEBAB_ID } from "../content/lessons.js";
import { contentDirs } from "../content/paths.js";
import { errorAt, issueToErrors, pathToString, readYamlMapping, yamlSyntaxErrors, type ContentError, type YamlSource } from "../content/sourceErrors.js";
import { PRESETS } from "../sim/world/create.js";
import { workspacePath } from "./checks/fields.js";
import { checkEntryProblems, CheckEntrySchema, toCheck, type Check } from "./checks/registry.js";
import { defaultValues, drawValues, ParametersSchema, placeholderUses, substitute, type ParameterValues, type Parameters } from "./parameters.js";

export const FORMAT_VERSION = 1;

export { kindOf } from "./checks/fields.js";
export type { Check, CheckType } from "./checks/registry.js";

const FileSchema = z.strictObject({ path: workspacePath, content: z.string() });
export type WorkspaceFile = z.infer<typeof FileSchema>;

export const ExerciseSchema = z.strictObject({
  formatVersion: z.literal(FORMAT_VERSION),
  id: z.string().regex(KEBAB_ID, "must be kebab-case (lower-case letters, digits and dashes)"),
  title: z.string().min(1),
  topics: z.array(z.string().min(1)).min(1),
  difficulty: z.enum(["easy", "medium", "hard"]),
  minutes: z.number().positive(),
  points: z.number().positive(),
  setup: z
    .strictObject({
      preset: z
        .string()
        .refine((p) => PRESETS.includes(p), `must be a world preset: ${PRESETS.join(", ")}`)
        .default("default"),
      commands: z.array(z.string()).default([]),
      files: z.array(FileSchema).default([]),
    })
    .default({ preset: "default", commands: [], files: [] }),
  task: z.string().min(1),
  checks: z.array(CheckEntrySchema).min(1),
  hints: z.array(z.string()).default([]),
  solution: z.strictObject({ commands: z.array(z.string()).default([]), files: z.array(FileSchema).default([]) }),
  explanation: z.string().min(1),
  /** Optional: values drawn from a seed and substituted as {{name}} (parameters.ts). */
  parameters: ParametersSchema.optional(),
});

type ExerciseInput = z.infer<typeof ExerciseSchema>;

export interface Exercise extends Omit<ExerciseInput, "checks"> {
  checks: Check[];
  /** As shown in messages: "exercises/pods-run-nginx.yaml". */
  file: string;
  /** For a parameterised exercise: the file's data before substitution, and the values this instance uses. */
  template?: unknown;
  values?: ParameterValues;
}

export type ExerciseParse = { ok: true; exercise: Exercise } | { ok: false; errors: ContentError[] };

/** Parses one exercise file's text; `file` is the name used in messages (its base name must be `<id>.yaml`). */
export function parseExercise(text: string, file: string): ExerciseParse {
  const read = readYamlMapping(text, file, "an exercise file");
  if (!read.ok) return read;
  const { source } = read;
  let data: unknown = read.data;
  // A parameterised exercise is validated as its default instance (every parameter's first value).
  const template = data;
  const declared = ParametersSchema.safeParse((template as { parameters?: unknown }).parameters ?? {});
  const placeholderErrors: ContentError[] = [];
  if (declared.success) {
    const uses = placeholderUses(template);
    for (const use of uses) if (!(use.name in declared.data)) placeholderErrors.push(errorAt(source, use.path, `${pathToString(use.path)}: {{${use.name}}} names no declared parameter`));
    for (const name of Object.keys(declared.data)) if (!uses.some((u) => u.name === name)) placeholderErrors.push(errorAt(source, ["parameters", name], `parameters.${name}: declared but never used as {{${name}}}`));
    data = substitute(template, defaultValues(declared.data));
  }
  const parsed = ExerciseSchema.safeParse(data);
  const errors: ContentError[] = parsed.success ? [...placeholderErrors] : [...placeholderErrors, ...parsed.error.issues.flatMap((issue) => issueToErrors(source, data, issue))];

  // Rules across fields, reported even when the schema found other mistakes.
  const raw = data as { id?: unknown; checks?: unknown };
  const expectedId = basename(file).replace(/\.ya?ml$/, "");
  if (typeof raw.id === "string" && raw.id !== expectedId) {
    errors.push(errorAt(source, ["id"], `"id" is "${raw.id}" but the file is named ${basename(file)} (they must match)`));
  }
  if (Array.isArray(raw.checks)) {
    raw.checks.forEach((check: unknown, index) => {
      for (const problem of checkEntryProblems(check)) {
        const path = ["checks", index, ...problem.path];
        errors.push(errorAt(source, path, `${pathToString(path)}: ${problem.message}`, problem.key));
      }
    });
    const seen = new Map<string, number>();
    raw.checks.forEach((check: unknown, index) => {
      const id = (check as { id?: unknown } | null)?.id;
      if (typeof id !== "string") return;
      const first = seen.get(id);
      if (first !== undefined) errors.push(errorAt(source, ["checks", index, "id"], `checks[${index}].id: "${id}" is already used by checks[${first}]`));
      else seen.set(id, index);
    });
  }
  if (!parsed.success || errors.length > 0) return { ok: false, errors: sortByLine(errors) };
  const exercise: Exercise = { ...parsed.data, checks: parsed.data.checks.map(toCheck), file };
  if (parsed.data.parameters) {
    exercise.template = template;
    exercise.values = defaultValues(parsed.data.parameters);
  }
  return { ok: true, exercise };
}

/** The exercise with its parameters drawn for `seed`; an exercise without parameters is returned as is. */
export function instantiateExercise(exercise: Exercise, seed: number): Exercise {
  const parameters: Parameters | undefined = exercise.parameters;
  if (!parameters || exercise.template === undefined) return exercise;
  const values = drawValues(parameters, seed);
  const parsed = ExerciseSchema.safeParse(substitute(exercise.template, values));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${exercise.file}: with seed ${seed} (${JSON.stringify(values)}), ${issue.path.map(String).join(".")}: ${issue.message}`);
  }
  return { ...parsed.data, checks: parsed.data.checks.map(toCheck), file: exercise.file, template: exercise.template, values };
}

function sortByLine(errors: ContentError[]): ContentError[] {
  return [...errors].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

export interface ExerciseLoad {
  exercises: Exercise[];
  errors: ContentError[];
}

/** exercises/ holds exercise files; exam definitions live in exercises/exams/ (read by the exam loader). */
const EXERCISES_FOLDER = { what: "exercises", describe: "an exercise file (.yaml)", subfolders: ["exams"], elsewhere: { ".md": "lessons/" } } as const;

/** Reads every `*.yaml` in the exercises folder (the package's own unless `dir` is given), sorted by id. */
export function loadExercises(dir?: string, index: URL | undefined = dir === undefined ? bakedIndex("exercises") : undefined): ExerciseLoad {
  const read = readExerciseFiles(dir);
  return indexedLoad(index, read, () => parseAll(read));
}

/** Writes the index `loadExercises` reads (content/baked-index.ts): the exercises of `dir` as parsed now. */
export function bakeExerciseIndex(index: URL = bakedIndex("exercises"), dir?: string): void {
  const read = readExerciseFiles(dir);
  writeIndex(index, read, parseAll(read));
}

function readExerciseFiles(dir: string | undefined): ReturnType<typeof readContentFolder> {
  return readContentFolder(dir ?? contentDirs().exercisesDir, (n) => /\.ya?ml$/.test(n), "exercises", EXERCISES_FOLDER);
}

function parseAll(read: ReturnType<typeof readContentFolder>): ExerciseLoad {
  const exercises: Exercise[] = [];
  const errors: ContentError[] = [...read.errors];
  for (const { file, text } of read.files) {
    const result = parseExercise(text, file);
    if (result.ok) exercises.push(result.exercise);
    else errors.push(...result.errors);
  }
  exercises.sort((a, b) => a.id.localeCompare(b.id));
  return { exercises, errors };
}

/** Where an exercise file's aliases expand too far: at its first alias, with the yaml package's reason. */
