/**
 * `.dockerignore` matching as Docker's build context does it
 * (moby/patternmatcher, documented at
 * https://docs.docker.com/build/concepts/context/#dockerignore-files):
 * patterns are cleaned paths relative to the context root, `*` and `?` never
 * cross a `/`, `**` matches any number of folders, `!` re-includes, and the
 * last pattern that matches a path decides. A pattern that matches a folder
 * excludes everything below it.
 */

interface Pattern {
  exclusion: boolean;
  regexp: RegExp;
}

export class DockerIgnore {
  private readonly patterns: Pattern[];

  constructor(text: string) {
    this.patterns = [];
    for (const raw of text.split(/\r?\n/)) {
      // Lines starting with # are comments (the docs); whitespace around a pattern is ignored.
      if (raw.startsWith("#")) continue;
      let line = raw.trim();
      if (line === "") continue;
      const exclusion = line.startsWith("!");
      if (exclusion) line = line.slice(1).trim();
      const cleaned = cleanPath(line);
      if (cleaned === "") continue;
      this.patterns.push({ exclusion, regexp: patternToRegExp(cleaned) });
    }
  }

  /** Whether a context path (`src/app.js`) is left out of the build context. */
  ignores(path: string): boolean {
    // No patterns (no .dockerignore, or only comments): nothing is left out.
    if (this.patterns.length === 0) return false;
    const target = cleanPath(path);
    const parents = parentPaths(target);
    let matched = false;
    for (const p of this.patterns) {
      // patternmatcher.MatchesOrParentMatches: a match on any parent folder counts.
      const hit = p.regexp.test(target) || parents.some((parent) => p.regexp.test(parent));
      if (hit) matched = !p.exclusion;
    }
    return matched;
  }
}

/** filepath.Clean of a slash path, and the leading `/` dropped (the root is the context). */
function cleanPath(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return out.join("/");
}

function parentPaths(path: string): string[] {
  const parts = path.split("/");
  const out: string[] = [];
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join("/"));
  return out;
}

/** patternmatcher's compile step: the pattern becomes an anchored regular expression. */
function patternToRegExp(pattern: string): RegExp {
  let re = "^";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "*") {
      if (pattern[i + 1] === "*") {
        i++;
        // "**/" also matches no folder at all; a trailing "**" matches everything.
        if (pattern[i + 1] === "/") {
          i++;
          re += "(.*/)?";
        } else {
          re += ".*";
        }
      } else {
        re += "[^/]*";
      }
    } else if (ch === "?") {
      re += "[^/]";
    } else if (ch === "[") {
      const close = pattern.indexOf("]", i);
      if (close === -1) {
        re += "\\[";
      } else {
        let cls = pattern.slice(i + 1, close);
        if (cls.startsWith("^") || cls.startsWith("!")) cls = `^${cls.slice(1)}`;
        re += `[${cls.replace(/\\/g, "\\\\")}]`;
        i = close;
      }
    } else if (ch === "\\" && i + 1 < pattern.length) {
      i++;
      re += escapeRegExp(pattern[i]!);
    } else {
      re += escapeRegExp(ch);
    }
  }
  return new RegExp(`${re}$`);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.+^${}()|[\]\\*?]/g, "\\$&");
}
