/**
 * Reading manifests for `-f`: files, folders (non-recursive unless -R), `-`
 * for standard input; multi-document YAML and JSON; `List` objects unpacked.
 * Errors are worded as kubectl words them (cli-runtime resource visitor and
 * sigs.k8s.io/yaml, whose messages come from go-yaml v2); the `yaml` package
 * does the parsing and its error codes are mapped to go-yaml's texts for the
 * common mistakes.
 */
import { parseAllDocuments } from "yaml";
import type { KubeObject } from "../../sim/api/types.js";
import type { FamilyContext } from "../types.js";
import { decodeJsonStream } from "./go-json.js";
import { metadataDecodeError } from "./meta-decode.js";
import { goYamlDecodeError } from "./go-yaml-aliases.js";
import { goYamlFirstDocument } from "./go-yaml/index.js";
import { goYamlTags } from "./go-yaml/resolve.js";
import { extractDeepFlows, restoreDeepFlows } from "./go-yaml/deep-flow.js";

export interface Manifest {
  object: KubeObject;
  /** The path as kubectl names it in messages ("x.yaml", or "STDIN"). */
  source: string;
  /**
   * The builder could not decode this document's metadata (`error: unable to decode ...`):
   * create and apply report it and go on with the other documents, as kubectl's
   * ContinueOnError builder does; readers that do not pass continueOnDecodeError get it as the error.
   */
  decodeError?: string;
}

export type ManifestsResult = { ok: true; manifests: Manifest[] } | { ok: false; error: string };

const MANIFEST_EXTENSIONS = [".json", ".yaml", ".yml"];

export async function readManifests(ctx: FamilyContext, paths: readonly string[], recursive: boolean, continueOnDecodeError = false): Promise<ManifestsResult> {
  const manifests: Manifest[] = [];
  for (const path of paths) {
    const files: { name: string; text: string }[] = [];
    if (path === "-") {
      files.push({ name: "STDIN", text: ctx.stdin });
    } else {
      const gathered = await gather(ctx, path, recursive, true);
      if (gathered === undefined) return { ok: false, error: `error: the path "${path}" does not exist` };
      files.push(...gathered);
    }
    for (const file of files) {
      const parsed = parseManifestText(file.text, file.name);
      if (!parsed.ok) return parsed;
      const undecoded = parsed.manifests.find((m) => m.decodeError !== undefined);
      if (undecoded && !continueOnDecodeError) return { ok: false, error: undecoded.decodeError! };
      manifests.push(...parsed.manifests);
    }
  }
  return { ok: true, manifests };
}

async function gather(ctx: FamilyContext, path: string, recursive: boolean, top: boolean): Promise<{ name: string; text: string }[] | undefined> {
  const entries = await ctx.readDir(path);
  if (entries === undefined) {
    const text = await ctx.readFile(path);
    return text === undefined ? undefined : [{ name: path, text }];
  }
  const out: { name: string; text: string }[] = [];
  for (const entry of entries) {
    const child = `${path.replace(/\/$/, "")}/${entry}`;
    if ((await ctx.readDir(child)) !== undefined) {
      if (recursive) out.push(...((await gather(ctx, child, recursive, false)) ?? []));
      continue;
    }
    // In a folder only manifest extensions count (FileVisitorForSTDIN / ExpandPathsToFileVisitors).
    if (!MANIFEST_EXTENSIONS.some((ext) => entry.endsWith(ext))) continue;
    const text = await ctx.readFile(child);
    if (text !== undefined) out.push({ name: child, text });
  }
  void top;
  return out;
}

/**
 * Parses one file's text into objects, or kubectl's error for it. As cli-runtime's
 * StreamVisitor, each document is decoded and then validated before the next is read, so
 * the first problem in stream order is the one reported.
 */
export function parseManifestText(text: string, source: string): ManifestsResult {
  const manifests: Manifest[] = [];
  // sigs.k8s.io/yaml hands YAML on as JSON with sorted keys; a JSON stream keeps its order.
  const sortKeys = !JSON_START.test(text);
  const entry = (object: unknown): Manifest => {
    const decodeError = metadataDecodeError(object as Record<string, unknown>, source, sortKeys);
    return decodeError === undefined ? { object: object as KubeObject, source } : { object: object as KubeObject, source, decodeError };
  };
  for (const decoded of decodeYamlOrJson(text)) {
    if (!decoded.ok) return { ok: false, error: `error: error parsing ${source}: ${decoded.error}` };
    const value = decoded.value;
    if (value === null || value === undefined) continue;
    const invalid = objectKindErrors(value);
    if (invalid !== undefined) return { ok: false, error: `error: error validating "${source}": error validating data: ${invalid}; ${IGNORE_VALIDATION}` };
    const obj = value as Record<string, unknown>;
    const listError = v1ListErrors(obj);
    if (listError !== undefined) return { ok: false, error: `error: error validating "${source}": error validating data: ${listError}; ${IGNORE_VALIDATION}` };
    if (isList(obj)) {
      for (const item of obj.items as unknown[]) {
        const invalidItem = objectKindErrors(item);
        if (invalidItem !== undefined) return { ok: false, error: `error: error validating "${source}": error validating data: ${invalidItem}; ${IGNORE_VALIDATION}` };
        manifests.push(entry(item));
      }
    } else {
      manifests.push(entry(obj));
    }
  }
  return { ok: true, manifests };
}

const IGNORE_VALIDATION = "if you choose to ignore these errors, turn validation off with --validate=false";

function isList(obj: Record<string, unknown>): boolean {
  return (obj.kind === "List" || (typeof obj.kind === "string" && obj.kind.endsWith("List"))) && Array.isArray(obj.items);
}

/**
 * schemaValidation.validateList (kubectl/pkg/validation): a `v1` `List` must
 * hold an array of items, each with string apiVersion and kind; every item's
 * errors are gathered, then printed as one aggregate. Other `*List` kinds go
 * through the server's schema like any kind.
 */
function v1ListErrors(obj: Record<string, unknown>): string | undefined {
  if (obj.apiVersion !== "v1" || obj.kind !== "List") return undefined;
  if (!Array.isArray(obj.items)) return "invalid object to validate";
  const errors = obj.items.flatMap((item) => objectKindErrorList(item));
  return aggregate(errors);
}

/** utilerrors.NewAggregate(...).Error(): one message bare, several distinct ones in brackets. */
function aggregate(errors: string[]): string | undefined {
  if (errors.length === 0) return undefined;
  if (errors.length === 1) return errors[0];
  const distinct = [...new Set(errors)];
  return distinct.length === 1 ? distinct[0] : `[${distinct.join(", ")}]`;
}

/**
 * kubectl's client-side schema step (kubectl/pkg/validation getObjectKind): the document
 * must be an object with string apiVersion and kind. Several errors are aggregated as
 * utilerrors.NewAggregate prints them: one bare, several in brackets.
 */
function objectKindErrors(value: unknown): string | undefined {
  return aggregate(objectKindErrorList(value));
}

function objectKindErrorList(value: unknown): string[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return ["invalid object to validate"];
  const fields = value as Record<string, unknown>;
  const errors: string[] = [];
  const apiVersion = fields.apiVersion;
  if (apiVersion === undefined || apiVersion === null) errors.push("apiVersion not set");
  else if (typeof apiVersion !== "string") errors.push("apiVersion isn't string type");
  else if (apiVersion.split("/").length > 2) errors.push(`unexpected GroupVersion string: ${apiVersion}`);
  const kind = fields.kind;
  if (kind === undefined || kind === null) errors.push("kind not set");
  else if (typeof kind !== "string") errors.push("kind isn't string type");
  return errors;
}

type Decoded = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * apimachinery's YAMLOrJSONDecoder, one document at a time: text starting with `{` is a
 * JSON stream (json.Decoder), anything else YAML documents split by YAMLReader and each
 * converted by sigs.k8s.io/yaml (go-yaml v2).
 */
const JSON_START = /^\s*\{/;

function* decodeYamlOrJson(text: string): Generator<Decoded> {
  if (JSON_START.test(text)) {
    // Each value is decoded and validated before the next is read (StreamVisitor), so a
    // bad first object is reported before a syntax error further on.
    const stream = decodeJsonStream(text);
    for (const value of stream.values) yield { ok: true, value };
    if (!stream.ok) yield { ok: false, error: stream.error };
    return;
  }
  const split = splitYamlDocuments(text);
  for (const chunk of split.chunks) {
    const converted = yamlChunkToValue(chunk);
    if (!converted.ok) {
      yield { ok: false, error: `error converting YAML to JSON: ${converted.error}` };
      return;
    }
    yield converted;
  }
  if (split.error !== undefined) yield { ok: false, error: split.error };
}

/**
 * YAMLReader.Read: a line beginning with `---` ends a document; only spaces
 * or a comment may follow it on that line. A separator that ends a document
 * is consumed; one met with nothing read yet (the file's first line, or a
 * second `---` in a row) falls through into the next document, so go-yaml
 * sees it and counts its line (`---\n%FOO bar` fails at line 2).
 */
export function splitYamlDocuments(text: string): { chunks: string[]; error?: string } {
  const chunks: string[] = [];
  let buffer = "";
  for (const raw of text.match(/[^\n]*\n|[^\n]+$/g) ?? []) {
    // LineReader reads with bufio's ReadLine, which drops "\n" or "\r\n", and writes the line
    // back with "\n": a last line without one gets it (go-yaml then counts one more line).
    const line = `${raw.replace(/\r?\n$/, "")}\n`;
    if (line.startsWith("---")) {
      const trimmed = line.slice(3).trim();
      // The documents before a bad separator are still decoded (and may fail) first.
      if (trimmed.length > 0 && !trimmed.startsWith("#")) return { chunks, error: `invalid Yaml document separator: ${trimmed}` };
      if (buffer.length > 0) {
        chunks.push(buffer);
        buffer = "";
        continue;
      }
      // At the end of the input an empty buffer just ends the stream.
      if (!raw.endsWith("\n")) continue;
    }
    buffer += line;
  }
  if (buffer.length > 0) chunks.push(buffer);
  return { chunks };
}

/**
 * go-yaml ends an anchor or alias name at the first character outside [0-9A-Za-z_-], while YAML
 * 1.2 (the `yaml` package) reads `&name:` as the name `name:`; a space after each name as
 * go-yaml read it gives the `yaml` package the same nodes (`&x:` is then a null key anchored x).
 */
function separateAnchorNames(chunk: string, nameEnds: readonly number[]): string {
  if (nameEnds.length === 0) return chunk;
  const chars = Array.from(chunk);
  const ends = new Set(nameEnds.filter((i) => i < chars.length && /[:?%@`]/.test(chars[i]!)));
  if (ends.size === 0) return chunk;
  return chars.map((ch, i) => (ends.has(i) ? ` ${ch}` : ch)).join("");
}

/** One document through go-yaml's rules: syntax (the go-yaml port), aliases, then the value. */
export function yamlChunkToValue(chunk: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const verdict = goYamlFirstDocument(chunk);
  if (verdict.error !== undefined) return { ok: false, error: verdict.error };
  // What follows the first document is never read: the yaml package gets the first document only
  // (a 10,001-level flow after a dedented line took it seconds to parse, fuzz input #6420).
  const chars = verdict.end === undefined ? undefined : Array.from(chunk);
  if (chars && verdict.end! < chars.length && chars.slice(verdict.end).join("").trim() !== "") chunk = chars.slice(0, verdict.end).join("");
  chunk = separateAnchorNames(chunk, verdict.nameEnds ?? []);
  // sigs.k8s.io/yaml unmarshals the chunk's first document only; go-yaml has accepted it, so the
  // yaml package only builds its value (its own stricter errors, e.g. on later documents, are not go-yaml's).
  const deep = extractDeepFlows(chunk);
  const docs = parseAllDocuments(deep?.text ?? chunk, { uniqueKeys: false, intAsBigInt: false, customTags: goYamlTags });
  const doc = Array.isArray(docs) ? docs[0] : undefined;
  if (doc === undefined) return { ok: true, value: null };
  const decodeError = goYamlDecodeError(doc);
  if (decodeError !== undefined) return { ok: false, error: decodeError };
  const value: unknown = doc.toJS({ maxAliasCount: -1 });
  return { ok: true, value: deep ? restoreDeepFlows(value, deep.values) : value };
}
