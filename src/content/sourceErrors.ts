/**
 * Errors in content files (lessons, exercises) that name the file and the
 * line, and the translation of YAML parse errors and zod schema issues into
 * them. Authors read these, so the wording is theirs ("\"order\" must be a
 * number"), not the schema library's.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node as YamlNode } from "yaml";
import type { z } from "zod";

export interface ContentError {
  /** As shown to authors: "exercises/pods-run.yaml". */
  file: string;
  /** 1-based; absent when the error concerns the whole file. */
  line?: number;
  /** 1-based; absent for formats that only report lines (lesson front matter). */
  column?: number;
  message: string;
}

/** "exercises/pods-run.yaml:12:5: checks[1].object: unknown key \"nmae\"". */
export function formatContentError(error: ContentError): string {
  const where = [error.file, error.line, error.column].filter((part) => part !== undefined).join(":");
  return `${where}: ${error.message}`;
}

export type Path = readonly PropertyKey[];

/** ["checks", 1, "object"] → "checks[1].object". */
export function pathToString(path: Path): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** Where a YAML document came from, to turn node offsets into file lines. */
export interface YamlSource {
  file: string;
  doc: Document;
  lineCounter: LineCounter;
  /** Lines before the YAML text in the file (a lesson's opening `---`). */
  lineOffset?: number;
  /** Report columns too (exercises) or lines only (lesson front matter). */
  withColumn?: boolean;
}

/** The position of a character offset in the file. */
export function positionOf(source: YamlSource, offset: number): Pick<ContentError, "line" | "column"> {
  const { line, col } = source.lineCounter.linePos(offset);
  const position: Pick<ContentError, "line" | "column"> = { line: line + (source.lineOffset ?? 0) };
  if (source.withColumn) position.column = col;
  return position;
}

/** The node at `path`, or the deepest ancestor that exists (a missing key points at its parent). */
export function nodeAt(doc: Document, path: Path): YamlNode | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth) as unknown[], true);
    if (node && typeof node === "object" && "range" in node) return node as YamlNode;
  }
  return undefined;
}

/** Builds an error located at the node found at `path` (or at a key of the mapping there). */
export function errorAt(source: YamlSource, path: Path, message: string, key?: string): ContentError {
  let node: YamlNode | undefined = nodeAt(source.doc, path);
  if (key !== undefined && node && isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
    if (pair && isScalar(pair.key)) node = pair.key;
  }
  const offset = node?.range?.[0];
  return { file: source.file, ...(offset === undefined ? {} : positionOf(source, offset)), message };
}

/** YAML syntax errors, each at its own line, in yaml's words without the code excerpt. */
export function yamlSyntaxErrors(source: YamlSource): ContentError[] {
  return source.doc.errors.map((e) => {
    const first = e.message.split("\n")[0] ?? e.message;
    const message = first.replace(/ at line \d+, column \d+:?$/, "");
    const offset = e.pos[0];
    return { file: source.file, ...positionOf(source, offset), message };
  });
}

function valueAt(data: unknown, path: Path): unknown {
  let current = data;
  for (const part of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[part as string];
  }
  return current;
}

const TYPE_NAMES: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping",
  record: "a mapping",
};

/** `"order"` for a key of the top level, `checks[1].object: "name"` below it, `topics[0]` for list items. */
function subject(path: Path): string {
  const last = path[path.length - 1];
  if (last === undefined) return "the document";
  if (typeof last === "number") return pathToString(path);
  const parent = pathToString(path.slice(0, -1));
  return parent === "" ? `"${String(last)}"` : `${parent}: "${String(last)}"`;
}

function prefixed(path: Path, message: string): string {
  const where = pathToString(path);
  return where === "" ? message : `${where}: ${message}`;
}

/** One zod issue → one or more located errors (one per unknown key). */
export function issueToErrors(source: YamlSource, data: unknown, issue: z.core.$ZodIssue): ContentError[] {
  const path = issue.path;
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => errorAt(source, path, prefixed(path, `unknown key "${key}"`), key));
    case "invalid_type": {
      if (valueAt(data, path) === undefined) {
        return [errorAt(source, path.slice(0, -1), `${subject(path)} is required`)];
      }
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      return [errorAt(source, path, `${subject(path)} must be ${expected}`)];
    }
    case "invalid_value": {
      const found = JSON.stringify(valueAt(data, path));
      const options = issue.values.map((v) => String(v));
      const wanted = options.length === 1 ? options[0] : `one of ${options.join(", ")}`;
      return [errorAt(source, path, `${subject(path)} must be ${wanted} (found ${found})`)];
    }
    case "too_small": {
      const min = String(issue.minimum);
      const wording =
        issue.origin === "array"
          ? `must have at least ${min} item${min === "1" ? "" : "s"}`
          : issue.origin === "string"
            ? "must not be empty"
            : `must be ${issue.inclusive ? "at least" : "greater than"} ${min}`;
      return [errorAt(source, path, `${subject(path)} ${wording}`)];
    }
    case "too_big":
      return [errorAt(source, path, `${subject(path)} must be ${issue.inclusive ? "at most" : "less than"} ${String(issue.maximum)}`)];
    case "invalid_union":
      return [errorAt(source, path, `${subject(path)} has the wrong type`)];
    case "invalid_format":
      return [errorAt(source, path, `${subject(path)} ${issue.message}`)];
    default:
      // Our own refinements say "must be ..." about the value at the path, like the built-in issues.
      if (issue.message.startsWith("must ")) return [errorAt(source, path, `${subject(path)} ${issue.message}`)];
      return [errorAt(source, path, prefixed(path, issue.message))];
  }
}

export type YamlMappingRead = { ok: true; source: YamlSource; data: Record<string, unknown> } | { ok: false; errors: ContentError[] };

/**
 * A content file read as one YAML mapping: syntax errors, alias bombs (at their
 * first alias) and a non-mapping document are content errors with file and line.
 * `what` names the kind of file in the last message ("an exercise file").
 */
export function readYamlMapping(text: string, file: string, what: string): YamlMappingRead {
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
    return { ok: false, errors: [{ file, line: 1, column: 1, message: `${what} must be a YAML mapping (formatVersion, id, title, ...)` }] };
  }
  return { ok: true, source, data: data as Record<string, unknown> };
}

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
