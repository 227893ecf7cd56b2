import { describe, expect, it } from "vitest";
import { DockerIgnore } from "./dockerignore.js";

// The examples of https://docs.docker.com/build/concepts/context/#dockerignore-files,
// as a table: patterns, then path → whether it is left out of the context.
const DOC_EXAMPLES: { patterns: string; cases: [string, boolean][] }[] = [
  // "# comment" is ignored; "*/temp*" excludes temp* in any immediate subfolder of the root.
  { patterns: "# comment\n*/temp*", cases: [["somedir/temporary.txt", true], ["somedir/temp", true], ["temp", false], ["a/b/temp", false], ["# comment", false]] },
  // "*/*/temp*": two levels below the root.
  { patterns: "*/*/temp*", cases: [["somedir/subdir/temporary.txt", true], ["somedir/temp", false]] },
  // "temp?": one character after temp.
  { patterns: "temp?", cases: [["tempa", true], ["tempb", true], ["temp", false], ["tempab", false]] },
  // "**/*.go": every .go file, the root included.
  { patterns: "**/*.go", cases: [["main.go", true], ["cmd/x/main.go", true], ["main.gox", false]] },
  // "*.md" then "!README.md": all markdown except README.md.
  { patterns: "*.md\n!README.md", cases: [["CHANGELOG.md", true], ["README.md", false]] },
  // the last matching line decides: README-secret.md stays out here ...
  { patterns: "*.md\n!README*.md\nREADME-secret.md", cases: [["README-secret.md", true], ["README-public.md", false], ["other.md", true]] },
  // ... and is sent here.
  { patterns: "*.md\nREADME-secret.md\n!README*.md", cases: [["README-secret.md", false], ["other.md", true]] },
];

describe(".dockerignore matching (docs.docker.com build context, .dockerignore files)", () => {
  for (const { patterns, cases } of DOC_EXAMPLES) {
    for (const [path, ignored] of cases) {
      it(`${JSON.stringify(patterns)}: ${path} ${ignored ? "is ignored" : "is sent"}`, () => {
        expect(new DockerIgnore(patterns).ignores(path)).toBe(ignored);
      });
    }
  }

  it("a pattern that names a folder excludes everything below it (patternmatcher MatchesOrParentMatches)", () => {
    const ignore = new DockerIgnore("node_modules\n/.git\n");
    expect(ignore.ignores("node_modules/express/index.js")).toBe(true);
    expect(ignore.ignores(".git/HEAD")).toBe(true);
    expect(ignore.ignores("src/node_modules.txt")).toBe(false);
  });

  it("patterns are cleaned with filepath.Clean: ./a/../b matches b", () => {
    expect(new DockerIgnore("./a/../b").ignores("b")).toBe(true);
  });
});
