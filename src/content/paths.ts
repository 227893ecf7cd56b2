/**
 * Where kadet's content lives. Lessons and exercises ship beside the code
 * (package.json "files"), so they are found from the package root, which is
 * found by walking up from this module: that works from `src/content/` under
 * vitest and from `dist/src/content/` after `tsc` alike.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_NAME = "kadet";

let cachedRoot: string | undefined;

/** The folder holding kadet's package.json. */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === PACKAGE_NAME) return (cachedRoot = dir);
      } catch {
        // An unreadable package.json on the way up is not ours; keep looking.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`kadet: cannot find the kadet package root above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export interface ContentDirs {
  lessonsDir: string;
  exercisesDir: string;
}

/** The content folders; `root` overrides the package root (tests, content packs). */
export function contentDirs(root: string = packageRoot()): ContentDirs {
  return { lessonsDir: join(root, "lessons"), exercisesDir: join(root, "exercises") };
}

/** How a content file is named in messages: relative to the package root when inside it. */
export function displayPath(file: string): string {
  const root = packageRoot();
  const rel = relative(root, file);
  if (rel !== "" && !rel.startsWith("..") && !isAbsolute(rel)) return rel.split(sep).join("/");
  return file;
}
