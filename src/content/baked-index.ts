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

/** The key of what a load reads: each file's name and text, and anything else the parse depends on. */
export function contentKey(files: readonly ContentFile[], ...inputs: unknown[]): string {
  const hash = createHash("sha256");
  for (const { file, text } of files) hash.update(`${file}\0${text}\0`);
  hash.update(JSON.stringify(inputs));
  return hash.digest("hex");
}

/** What `index` holds for `key`, else `parse()`. */
export function indexedLoad<T>(index: URL | undefined, key: string, parse: () => T): T {
  if (index !== undefined) {
    try {
      const baked = JSON.parse(readFileSync(index, "utf8")) as { key: string; load: T };
      if (baked.key === key) return baked.load;
    } catch {
      // no index, or a damaged one: parse the files
    }
  }
  return parse();
}

export function writeIndex(index: URL, key: string, load: unknown): void {
  mkdirSync(new URL(".", index), { recursive: true });
  writeFileSync(index, JSON.stringify({ key, load }));
}
