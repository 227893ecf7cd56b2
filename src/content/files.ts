/**
 * Reads the files of a content folder (lessons, exercises): every file whose
 * name matches, sorted, each with the name messages use. A folder or file that
 * cannot be read becomes a ContentError, never an exception.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { displayPath } from "./paths.js";
import type { ContentError } from "./sourceErrors.js";

export interface ContentFile {
  /** As shown in messages: "exercises/pods-run.yaml". */
  file: string;
  text: string;
}

export function readContentFolder(dir: string, matches: (name: string) => boolean, what: string): { files: ContentFile[]; errors: ContentError[] } {
  let names: string[];
  try {
    names = readdirSync(dir).filter(matches).sort();
  } catch (e) {
    return { files: [], errors: [{ file: displayPath(dir), message: `cannot read the ${what} folder: ${(e as Error).message}` }] };
  }
  const files: ContentFile[] = [];
  const errors: ContentError[] = [];
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
