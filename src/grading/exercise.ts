/**
 * The exercise format (formatVersion 1, see /work/briefs/content-format.md)
 * and its loader. Files are parsed with yaml's parseDocument + LineCounter so
 * that every mistake names its file, line and column
 * (`exercises/pods-run.yaml:12:5: checks[1].object: unknown key "nmae"`);
 * unknown keys are rejected, and a bad file never hides the others.
 */
import { readContentFolder } from "../content/files.js";
import { basename } from "node:path";
import { LineCounter, parseDocument, visit } from "yaml";
import { z } from "zod";
import { KEBAB_ID } from "../content/lessons.js";
import { contentDirs } from "../content/paths.js";
import { errorAt, issueToErrors, pathToString, yamlSyntaxErrors, type ContentError, type YamlSource } from "../content/sourceErrors.js";
import { resolveResource, kindNamed, type KindInfo } from "../sim/api/kinds.js";
import { parseSelector } from "../sim/core/labels.js";
import { PRESETS } from "../sim/world/create.js";
import { comparatorFields, comparatorOf, refineComparator, regexError, type Comparator } from "./checks/comparators.js";
import { jsonPathTemplateError } from "./jsonpath.js";
import { defaultValues, drawValues, ParametersSchema, placeholderUses, substitute, type ParameterValues, type Parameters } from "./parameters.js";

export const FORMAT_VERSION = 1;

/** A Kind ("Pod") or what kubectl accepts ("po", "deployments.apps"). */
export function kindOf(typed: string): KindInfo | undefined {
  return kindNamed(typed) ?? resolveResource(typed);
}

const kindField = z.string().superRefine((value, ctx) => {
  if (!kindOf(value)) ctx.addIssue({ code: "custom", message: `unknown kind "${value}" (use a Kind like Pod or a resource name like po, deploy, svc)` });
});

const jsonPathField = z.string().superRefine((value, ctx) => {
  const error = jsonPathTemplateError(value);
  if (error) ctx.addIssue({ code: "custom", message: error });
});

const regexField = z.string().superRefine((value, ctx) => {
  const error = regexError(value);
  if (error) ctx.addIssue({ code: "custom", message: `invalid regular expression: ${error}` });
});

const selectorField = z.string().superRefine((value, ctx) => {
  try {
    parseSelector(value);
  } catch (e) {
    ctx.addIssue({ code: "custom", message: `invalid label selector: ${(e as Error).message}` });
  }
});

const fieldSelectorField = z.string().regex(/^\s*[\w.]+\s*(==|=|!=)\s*[^,]*(,\s*[\w.]+\s*(==|=|!=)\s*[^,]*)*$/, "must look like status.phase=Running");

/** A path inside the learner's workspace: relative, never climbing out of it. */
const workspacePath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith("/") && !p.split(/[\\/]/).includes(".."), "must be a relative path inside the workspace");

const FileSchema = z.strictObject({ path: workspacePath, content: z.string() });
export type WorkspaceFile = z.infer<typeof FileSchema>;

const ObjectCheckSchema = z
  .strictObject({ kind: kindField, name: z.string().min(1), namespace: z.string().min(1).optional(), jsonpath: jsonPathField.optional(), ...comparatorFields })
  .superRefine((spec, ctx) =>
    spec.jsonpath === undefined
      ? refineComparator(spec, ctx, { required: false, allowed: ["exists"], what: "an object check without jsonpath" })
      : refineComparator(spec, ctx, { required: true, what: "an object check with a jsonpath" }),
  );

const StreamSchema = z.strictObject({ ...comparatorFields }).superRefine((spec, ctx) => refineComparator(spec, ctx, { required: true, what: "this output check" }));

const CountCheckSchema = z
  .strictObject({
    kind: kindField,
    namespace: z.string().min(1).optional(),
    selector: selectorField.optional(),
    fieldSelector: fieldSelectorField.optional(),
    equals: z.number().int().min(0).optional(),
    atLeast: z.number().int().min(0).optional(),
    atMost: z.number().int().min(0).optional(),
  })
  .superRefine((spec, ctx) => {
    if (spec.equals === undefined && spec.atLeast === undefined && spec.atMost === undefined) {
      ctx.addIssue({ code: "custom", message: "a count check needs equals, atLeast or atMost" });
    }
    if (spec.equals !== undefined && (spec.atLeast !== undefined || spec.atMost !== undefined)) {
      ctx.addIssue({ code: "custom", message: "use equals alone, or atLeast and/or atMost" });
    }
  });

const ManifestSchema = z
  .strictObject({ kind: z.string().min(1).optional(), name: z.string().min(1).optional(), jsonpath: jsonPathField.optional(), ...comparatorFields })
  .superRefine((spec, ctx) =>
    spec.jsonpath === undefined
      ? refineComparator(spec, ctx, { required: false, allowed: [], what: "a manifest check without jsonpath" })
      : refineComparator(spec, ctx, { required: true, what: "a manifest check with a jsonpath" }),
  );

const FileCheckSchema = z
  .strictObject({ path: workspacePath, manifest: ManifestSchema.optional(), ...comparatorFields })
  .superRefine((spec, ctx) => refineComparator(spec, ctx, { required: false, what: "a file check" }));

const HistoryCheckSchema = z
  .strictObject({ used: regexField.optional(), notUsed: regexField.optional() })
  .superRefine((spec, ctx) => {
    if (spec.used === undefined && spec.notUsed === undefined) ctx.addIssue({ code: "custom", message: "a history check needs used and/or notUsed" });
  });

const ServiceSelectsSchema = z.strictObject({
  name: z.string().min(1),
  namespace: z.string().min(1).optional(),
  atLeast: z.number().int().min(1).default(1),
});

const CHECK_TYPES = ["object", "command", "count", "file", "history", "serviceSelects"] as const;
export type CheckType = (typeof CHECK_TYPES)[number];

const CheckInputSchema = z
  .strictObject({
    id: z.string().min(1),
    description: z.string().min(1),
    weight: z.number().positive().default(1),
    object: ObjectCheckSchema.optional(),
    command: z.string().min(1).optional(),
    stdout: StreamSchema.optional(),
    stderr: StreamSchema.optional(),
    exitCode: z.number().int().min(0).optional(),
    count: CountCheckSchema.optional(),
    file: FileCheckSchema.optional(),
    history: HistoryCheckSchema.optional(),
    serviceSelects: ServiceSelectsSchema.optional(),
  })
  .superRefine((check, ctx) => {
    const types = CHECK_TYPES.filter((t) => check[t] !== undefined);
    if (types.length === 0) ctx.addIssue({ code: "custom", message: `a check needs one of ${CHECK_TYPES.join(", ")}` });
    if (types.length > 1) ctx.addIssue({ code: "custom", message: `a check has one type, not ${types.join(" and ")}` });
    for (const key of ["stdout", "stderr", "exitCode"] as const) {
      if (check[key] !== undefined && check.command === undefined) ctx.addIssue({ code: "custom", path: [key], message: "belongs to a command check (one with \"command\")" });
    }
    if (check.command !== undefined && check.stdout === undefined && check.stderr === undefined && check.exitCode === undefined) {
      ctx.addIssue({ code: "custom", message: "a command check needs stdout, stderr and/or exitCode" });
    }
  });

type CheckInput = z.infer<typeof CheckInputSchema>;
type StreamSpec = z.infer<typeof StreamSchema>;

export type ObjectCheckSpec = z.infer<typeof ObjectCheckSchema>;
export type CountCheckSpec = z.infer<typeof CountCheckSchema>;
export type FileCheckSpec = z.infer<typeof FileCheckSchema>;
export type ManifestSpec = z.infer<typeof ManifestSchema>;
export type HistoryCheckSpec = z.infer<typeof HistoryCheckSchema>;
export type ServiceSelectsSpec = z.infer<typeof ServiceSelectsSchema>;
export interface CommandCheckSpec {
  command: string;
  stdout?: Comparator;
  stderr?: Comparator;
  exitCode?: number;
}

interface CheckBase {
  id: string;
  description: string;
  weight: number;
}

/** A validated check, discriminated by `type`. */
export type Check = CheckBase &
  (
    | { type: "object"; object: ObjectCheckSpec }
    | { type: "command"; command: CommandCheckSpec }
    | { type: "count"; count: CountCheckSpec }
    | { type: "file"; file: FileCheckSpec }
    | { type: "history"; history: HistoryCheckSpec }
    | { type: "serviceSelects"; serviceSelects: ServiceSelectsSpec }
  );

function toCheck(input: CheckInput): Check {
  const base = { id: input.id, description: input.description, weight: input.weight };
  if (input.object) return { ...base, type: "object", object: input.object };
  if (input.count) return { ...base, type: "count", count: input.count };
  if (input.file) return { ...base, type: "file", file: input.file };
  if (input.history) return { ...base, type: "history", history: input.history };
  if (input.serviceSelects) return { ...base, type: "serviceSelects", serviceSelects: input.serviceSelects };
  const stream = (spec: StreamSpec | undefined) => (spec ? comparatorOf(spec) : undefined);
  const command: CommandCheckSpec = { command: input.command! };
  const stdout = stream(input.stdout);
  const stderr = stream(input.stderr);
  if (stdout) command.stdout = stdout;
  if (stderr) command.stderr = stderr;
  if (input.exitCode !== undefined) command.exitCode = input.exitCode;
  return { ...base, type: "command", command };
}

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
  checks: z.array(CheckInputSchema).min(1),
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
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const source: YamlSource = { file, doc, lineCounter, withColumn: true };
  const syntax = yamlSyntaxErrors(source);
  if (syntax.length > 0) return { ok: false, errors: syntax };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // The yaml package refuses documents whose aliases expand without bound (billion laughs).
    return { ok: false, errors: [aliasBombError(source, e)] };
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return { ok: false, errors: [{ file, line: 1, column: 1, message: "an exercise file must be a YAML mapping (formatVersion, id, title, ...)" }] };
  }
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
export function loadExercises(dir: string = contentDirs().exercisesDir): ExerciseLoad {
  const read = readContentFolder(dir, (n) => /\.ya?ml$/.test(n), "exercises", EXERCISES_FOLDER);
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
function aliasBombError(source: YamlSource, error: unknown): ContentError {
  let offset = 0;
  visit(source.doc, {
    Alias(_key, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  const { line, col } = source.lineCounter.linePos(offset);
  const reason = error instanceof Error ? error.message : String(error);
  return { file: source.file, line, column: col, message: `the file's aliases expand too far (${reason}); write the values out or use fewer aliases` };
}
