/**
 * Content as parsed at build time. Parsing and validating every exercise, exam and lesson cost a
 * cold trainer over a second; the files are read anyway, so `npm run build` writes what they
 * parse to (dist/content/NAME.json) under a key made of their texts, and a load whose files hash
 * to the same key takes it instead. An edited file changes the key: it is never served stale.
 * A missing or damaged index (running from source) only means the files are parsed.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { ContentFile } from "./files.js";

/** dist/content/NAME.json, reached alike from dist/src/content/ and from the bundle's dist/bundle/cli/. */
export function bakedIndex(name: string): URL {
  return new URL(`../../content/${name}.json`, import.meta.url);
}

/** What a load read: its folder's files and the problems met reading it. */
export interface ContentRead {
  files: readonly ContentFile[];
  errors: readonly unknown[];
}

/** The key of what a load reads: each file's name and text, and anything else the parse depends on. */
function contentKey(read: ContentRead, inputs: readonly unknown[]): string {
  const hash = createHash("sha256");
  for (const { file, text } of read.files) hash.update(`${file}\0${text}\0`);
  hash.update(JSON.stringify([read.errors, ...inputs]));
  return hash.digest("hex");
}

/**
 * What `index` holds for these files (and `inputs`, anything else the parse depends on), else
 * `parse()`. The one key is computed here and in writeIndex alike, so a bake always matches.
 */
export function indexedLoad<T>(index: URL | undefined, read: ContentRead, parse: () => T, inputs: readonly unknown[] = []): T {
  if (index !== undefined) {
    try {
      const baked = JSON.parse(readFileSync(index, "utf8")) as { key: string; load: T };
      if (baked.key === contentKey(read, inputs)) return baked.load;
    } catch {
      // no index, or a damaged one: parse the files
    }
  }
  return parse();
}

/** Writes the index indexedLoad reads for the same files and inputs. */
export function writeIndex(index: URL, read: ContentRead, load: unknown, inputs: readonly unknown[] = []): void {
  mkdirSync(new URL(".", index), { recursive: true });
  writeFileSync(index, JSON.stringify({ key: contentKey(read, inputs), load }));
}
