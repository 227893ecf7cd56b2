// What `kadet sandbox` loads before its first command (issue 5: a one-command sandbox in
// ≤ 300 ms): its static imports must not reach the content parsers (zod schemas of exercises,
// lessons and exams), which only the trainer, selfcheck and the exam commands need. A static
// import added by mistake (as the build's content baking once did) puts ~60 ms on every run.
import { readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../", import.meta.url));

/** Every module reached by static imports from `entry` (type-only imports excluded), with the module that imported it. */
function staticGraph(entry: string): Map<string, string | undefined> {
  const seen = new Map<string, string | undefined>();
  const queue: [string, string | undefined][] = [[entry, undefined]];
  while (queue.length > 0) {
    const [file, from] = queue.shift()!;
    if (seen.has(file)) continue;
    seen.set(file, from);
    const text = readFileSync(join(SRC, file), "utf8");
    for (const m of text.matchAll(/^(?:import|export) (?!type )[^;]*? from "(\.[^"]+)\.js";/gm)) {
      queue.push([normalize(join(dirname(file), `${m[1]}.ts`)), file]);
    }
  }
  return seen;
}

describe("kadet sandbox's start-up imports", () => {
  it("do not reach the exercise, lesson or exam parsers", () => {
    const graph = staticGraph("cli/sandbox.ts");
    expect(graph.size).toBeGreaterThan(20); // the walk does follow imports
    for (const parser of ["grading/exercise.ts", "content/lessons.ts", "exam/definition.ts"]) {
      const chain: string[] = [];
      for (let at: string | undefined = parser; at !== undefined && graph.has(at); at = graph.get(at)) chain.unshift(at);
      expect(chain, `reached as ${chain.join(" -> ")}`).toEqual([]);
    }
  });
});
