/**
 * Loads the lessons: `lessons/<order>-<id>.md`, Markdown with YAML front
 * matter (id, title, topic, order, prerequisites, exercises). Every mistake
 * is reported with its file and line, and one bad file never hides the
 * others: the loader returns the lessons it could read and the errors.
 */
import { bakedIndex, indexedLoad, writeIndex } from "./baked-index.js";
import { readContentFolder } from "./files.js";
import { basename } from "node:path";
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { contentDirs } from "./paths.js";
import { issueToErrors, yamlSyntaxErrors, type ContentError, type YamlSource } from "./sourceErrors.js";

export const KEBAB_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const LessonFrontMatterSchema = z.strictObject({
  id: z.string().regex(KEBAB_ID, "must be kebab-case (lower-case letters, digits and dashes)"),
  title: z.string().min(1),
  topic: z.string().min(1),
  order: z.number(),
  prerequisites: z.array(z.string()).default([]),
  exercises: z.array(z.string()).default([]),
});

export type LessonFrontMatter = z.infer<typeof LessonFrontMatterSchema>;

export interface Lesson extends LessonFrontMatter {
  /** The Markdown after the front matter. */
  body: string;
  /** As shown in messages: "lessons/10-pods-basics.md". */
  file: string;
}

export interface LessonLoad {
  lessons: Lesson[];
  errors: ContentError[];
}

interface SplitFrontMatter {
  yaml: string;
  body: string;
}

/** Splits `---\n<yaml>\n---\n<body>`; the YAML starts on the file's second line. */
function splitFrontMatter(text: string): SplitFrontMatter | undefined {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  if (lines[0]?.trimEnd() !== "---") return undefined;
  const end = lines.findIndex((line, i) => i > 0 && (line.trimEnd() === "---" || line.trimEnd() === "..."));
  if (end === -1) return undefined;
  return { yaml: lines.slice(1, end).join("\n"), body: lines.slice(end + 1).join("\n").replace(/^\n+/, "") };
}

/** Parses one lesson file's text; `file` is the name used in messages. */
export function parseLesson(text: string, file: string): { lesson?: Lesson; errors: ContentError[] } {
  const split = splitFrontMatter(text);
  if (!split) {
    return { errors: [{ file, line: 1, message: 'a lesson must start with YAML front matter between "---" lines' }] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(split.yaml, { lineCounter, prettyErrors: false });
  const source: YamlSource = { file, doc, lineCounter, lineOffset: 1, withColumn: false };
  const syntax = yamlSyntaxErrors(source);
  if (syntax.length > 0) return { errors: syntax };
  const data: unknown = doc.toJS({ maxAliasCount: 100 }) ?? {};
  const parsed = LessonFrontMatterSchema.safeParse(data);
  if (!parsed.success) return { errors: parsed.error.issues.flatMap((issue) => issueToErrors(source, data, issue)) };

  const lesson: Lesson = { ...parsed.data, body: split.body, file };
  // The file name carries the order and the id so that `ls lessons/` reads as the syllabus.
  const errors: ContentError[] = [];
  const name = basename(file);
  const expected = new RegExp(`^(\\d+)-${escapeRegExp(lesson.id)}\\.md$`);
  const match = name.match(expected);
  if (!match) errors.push({ file, line: 1, message: `file name must be <order>-${lesson.id}.md (the lesson's id is "${lesson.id}")` });
  else if (Number(match[1]) !== lesson.order) {
    errors.push({ file, line: 1, message: `file name says order ${Number(match[1])} but "order" is ${lesson.order}` });
  }
  return { lesson, errors };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const LESSONS_FOLDER = { what: "lessons", describe: "a lesson file (.md)", elsewhere: { ".yaml": "exercises/", ".yml": "exercises/" } } as const;

/** Reads every `*.md` in the lessons folder (the package's own unless `dir` is given), sorted by order. */
export function loadLessons(dir?: string, index: URL | undefined = dir === undefined ? bakedIndex("lessons") : undefined): LessonLoad {
  const read = readLessonFiles(dir);
  return indexedLoad(index, read, () => parseLessons(read));
}

/** Writes the index `loadLessons` reads (baked-index.ts). */
export function bakeLessonIndex(index: URL = bakedIndex("lessons"), dir?: string): void {
  const read = readLessonFiles(dir);
  writeIndex(index, read, parseLessons(read));
}

function readLessonFiles(dir: string | undefined): ReturnType<typeof readContentFolder> {
  return readContentFolder(dir ?? contentDirs().lessonsDir, (n) => n.endsWith(".md"), "lessons", LESSONS_FOLDER);
}

function parseLessons(read: ReturnType<typeof readContentFolder>): LessonLoad {
  const lessons: Lesson[] = [];
  const errors: ContentError[] = [...read.errors];
  const seen = new Map<string, string>();
  for (const { file, text } of read.files) {
    const result = parseLesson(text, file);
    errors.push(...result.errors);
    if (!result.lesson) continue;
    const earlier = seen.get(result.lesson.id);
    if (earlier) {
      errors.push({ file, line: 1, message: `lesson id "${result.lesson.id}" is already used by ${earlier}` });
      continue;
    }
    seen.set(result.lesson.id, file);
    lessons.push(result.lesson);
  }
  lessons.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  return { lessons, errors };
}
