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

export interface Manifest {
  object: KubeObject;
  /** The path as kubectl names it in messages ("x.yaml", or "STDIN"). */
  source: string;
}

export type ManifestsResult = { ok: true; manifests: Manifest[] } | { ok: false; error: string };

const MANIFEST_EXTENSIONS = [".json", ".yaml", ".yml"];

export async function readManifests(ctx: FamilyContext, paths: readonly string[], recursive: boolean): Promise<ManifestsResult> {
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

/** Parses one file's text into objects, or kubectl's error for it. */
export function parseManifestText(text: string, source: string): ManifestsResult {
  const manifests: Manifest[] = [];
  const objects: unknown[] = [];
  if (/^\s*\{/.test(text)) {
    try {
      objects.push(JSON.parse(text));
    } catch (e) {
      return { ok: false, error: `error: error parsing ${source}: ${goJsonError(text, e as Error)}` };
    }
  } else {
    for (const doc of parseAllDocuments(text, { uniqueKeys: false, intAsBigInt: false })) {
      if (doc.errors.length > 0) {
        return { ok: false, error: `error: error parsing ${source}: error converting YAML to JSON: ${goYamlError(text, doc.errors[0]!)}` };
      }
      const value: unknown = doc.toJS({ maxAliasCount: 100 });
      if (value === null || value === undefined) continue;
      objects.push(value);
    }
  }
  for (const value of objects) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return { ok: false, error: `error: error parsing ${source}: error unmarshaling JSON: json: cannot unmarshal ${Array.isArray(value) ? "array" : typeof value} into Go value of type map[string]interface {}` };
    }
    const obj = value as Record<string, unknown>;
    const missing = [...(obj.apiVersion ? [] : ["apiVersion not set"]), ...(obj.kind ? [] : ["kind not set"])];
    if (missing.length > 0) {
      return {
        ok: false,
        error: `error: error validating "${source}": error validating data: [${missing.join(", ")}]; if you choose to ignore these errors, turn validation off with --validate=false`,
      };
    }
    if (obj.kind === "List" || (typeof obj.kind === "string" && obj.kind.endsWith("List") && Array.isArray(obj.items))) {
      for (const item of (obj.items as unknown[]) ?? []) manifests.push({ object: item as KubeObject, source });
    } else {
      manifests.push({ object: obj as KubeObject, source });
    }
  }
  return { ok: true, manifests };
}

interface YamlLibError {
  code: string;
  message: string;
  linePos?: readonly { line: number; col: number }[] | undefined;
}

/** go-yaml v2's message (with its line) for the yaml package's error. */
export function goYamlError(text: string, error: YamlLibError): string {
  const line = error.linePos?.[0]?.line ?? 1;
  switch (error.code) {
    case "TAB_AS_INDENT":
      return `yaml: line ${line}: found character that cannot start any token`;
    case "BLOCK_AS_IMPLICIT_KEY":
    case "MULTILINE_IMPLICIT_KEY":
      return `yaml: line ${line}: mapping values are not allowed in this context`;
    case "BAD_INDENT":
    case "MISSING_CHAR":
      // go-yaml reports "while parsing a block mapping" at the line the mapping began.
      return `yaml: line ${mappingStartLine(text, line)}: did not find expected key`;
    case "DUPLICATE_KEY":
      return `yaml: line ${line}: mapping key already defined`;
    case "UNEXPECTED_TOKEN":
      return `yaml: line ${line}: did not find expected <document start>`;
    default:
      return `yaml: line ${line}: ${error.message.split(" at line")[0]!.toLowerCase()}`;
  }
}

/** The first line of the more-indented block just above a badly indented line. */
function mappingStartLine(text: string, badLine: number): number {
  const lines = text.split("\n");
  const indentOf = (l: string) => l.length - l.trimStart().length;
  const badIndent = indentOf(lines[badLine - 1] ?? "");
  let start = badLine;
  for (let i = badLine - 2; i >= 0; i--) {
    const l = lines[i]!;
    if (l.trim() === "") continue;
    if (indentOf(l) > badIndent) start = i + 1;
    else break;
  }
  return start === badLine ? badLine - 1 : start;
}

/** encoding/json's wording for common syntax errors. */
function goJsonError(text: string, error: Error): string {
  if (/Unexpected end of JSON input|Unterminated|end of data/i.test(error.message)) return "unexpected EOF";
  const m = error.message.match(/position (\d+)/);
  const ch = m ? text[Number(m[1])] : undefined;
  return ch ? `invalid character '${ch}' looking for beginning of object key string` : "unexpected EOF";
}
