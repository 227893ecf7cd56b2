/**
 * Reads the files of a content folder (lessons, exercises): every file whose
 * name matches, sorted, each with the name messages use. Folders are typed:
 * a file of another kind (a lesson among the exercises, a stray text file) is
 * an error naming it, not silently skipped; only the subfolders a kind
 * declares (exercises/exams/) may sit inside. A folder or file that cannot be
 * read becomes a ContentError, never an exception.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { displayPath } from "./paths.js";
import type { ContentError } from "./sourceErrors.js";

export interface ContentFile {
  /** As shown in messages: "exercises/pods-run.yaml". */
  file: string;
  text: string;
}

/** What belongs in a content folder, for the error a file of the wrong kind gets. */
export interface FolderKind {
  /** "exercises" */
  what: string;
  /** One file of this kind, for messages: "an exercise file (.yaml)". */
  describe: string;
  /** Subfolders that hold other content (exercises/exams/), read by their own loaders. */
  subfolders?: readonly string[];
  /** Where files of other kinds belong, by extension: { ".md": "lessons/" }. */
  elsewhere?: Readonly<Record<string, string>>;
}

export function readContentFolder(
  dir: string,
  matches: (name: string) => boolean,
  what: string,
  kind?: FolderKind,
): { files: ContentFile[]; errors: ContentError[] } {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch (e) {
    return { files: [], errors: [{ file: displayPath(dir), message: `cannot read the ${what} folder: ${(e as Error).message}` }] };
  }
  const files: ContentFile[] = [];
  const errors: ContentError[] = [];
  const names = entries.filter(matches);
  if (kind) errors.push(...wrongKindErrors(dir, entries.filter((n) => !matches(n)), kind));
  for (const name of names) {
    const full = join(dir, name);
    try {
      files.push({ file: displayPath(full), text: readFileSync(full, "utf8") });
    } catch (e) {
      errors.push({ file: displayPath(full), message: `cannot read: ${(e as Error).message}` });
    }
  }
  return { files, errors };
}

/** Entries that are neither files of the folder's kind nor its declared subfolders (dot files are ignored). */
function wrongKindErrors(dir: string, others: string[], kind: FolderKind): ContentError[] {
  const errors: ContentError[] = [];
  for (const name of others) {
    if (name.startsWith(".")) continue;
    const full = join(dir, name);
    let isDir = false;
    try {
      isDir = statSync(full).isDirectory();
    } catch {
      continue;
    }
    if (isDir && (kind.subfolders ?? []).includes(name)) continue;
    const extension = name.includes(".") ? name.slice(name.lastIndexOf(".")) : "";
    const home = kind.elsewhere?.[extension];
    const hint = isDir
      ? `folders are not read here${kind.subfolders?.length ? ` (only ${kind.subfolders.map((s) => `${kind.what}/${s}/`).join(", ")})` : ""}`
      : home
        ? `it belongs in ${home}`
        : `${kind.what}/ holds ${kind.what} only`;
    errors.push({ file: displayPath(full), message: `not ${kind.describe}: ${hint}` });
  }
  return errors;
}
