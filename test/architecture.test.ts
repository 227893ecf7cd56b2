// Guards DESIGN.md's layering: imports point down only, and src/sim does no I/O.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../src");

/**
 * The layer order, top first. Each top-level folder of src/ sits in one layer; a module may
 * import its own layer and any layer below it, never one above.
 *
 * `cli` is on top: it is the process entry (`kadet`), and its one job beyond the
 * non-interactive modes is to mount the Ink trainer. `ui` sits right below it and never
 * imports `cli`. Only the mount module (MOUNT below) may import `ui`, and only through a
 * dynamic `import()`, so that `kadet sandbox -c`, `kadet check` and `--version` never load
 * Ink or React.
 */
const LAYERS: readonly (readonly string[])[] = [
  ["cli"],
  ["ui"],
  ["exam", "progress", "grading", "content"],
  ["shell"],
  ["sim"],
];
const MOUNT = "cli/trainer.ts";

/** Inside src/sim, `core` is the floor: plain values and helpers that import no other part of the model. */
const SIM_FLOOR = "sim/core";

function rankOf(folder: string): number {
  const rank = LAYERS.findIndex((layer) => layer.includes(folder));
  if (rank < 0) throw new Error(`src/${folder} is in no layer: add it to LAYERS in test/architecture.test.ts`);
  return rank;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "testdata" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

interface ImportRef {
  specifier: string;
  dynamic: boolean;
}

/** Every module specifier a file names: static imports and re-exports, `import type`, and `import()`. */
export function importsOf(text: string): ImportRef[] {
  const refs: ImportRef[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\b[^;'"]*?\bfrom\s*["']([^"']+)["']/gm)) refs.push({ specifier: m[1]!, dynamic: false });
  for (const m of text.matchAll(/^\s*import\s*["']([^"']+)["']/gm)) refs.push({ specifier: m[1]!, dynamic: false });
  for (const m of text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) refs.push({ specifier: m[1]!, dynamic: true });
  return refs;
}

/** `ui/App.tsx` for a relative specifier resolved against `from`; undefined for packages and node: modules. */
function target(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  return path.relative(SRC, path.resolve(path.dirname(from), specifier)).split(path.sep).join("/");
}

const files = sourceFiles(SRC).map((file) => ({
  file,
  rel: path.relative(SRC, file).split(path.sep).join("/"),
  text: readFileSync(file, "utf8"),
}));
const isTest = (rel: string) => /\.test\.tsx?$/.test(rel);

describe("layering (DESIGN.md: dependencies point downward only)", () => {
  it("the import scanner sees static, type-only, re-exported and dynamic imports", () => {
    const refs = importsOf(
      'import { a } from "./a.js";\nimport type { B } from "../b.js";\nexport * from "./c.js";\nimport "./d.js";\nconst e = await import("../e.js");\n',
    );
    expect(refs).toEqual([
      { specifier: "./a.js", dynamic: false },
      { specifier: "../b.js", dynamic: false },
      { specifier: "./c.js", dynamic: false },
      { specifier: "./d.js", dynamic: false },
      { specifier: "../e.js", dynamic: true },
    ]);
  });

  it("no module imports a layer above its own", () => {
    const upward: string[] = [];
    for (const { file, rel, text } of files) {
      const fromRank = rankOf(rel.split("/")[0]!);
      for (const { specifier } of importsOf(text)) {
        const to = target(file, specifier);
        if (to === undefined || to.startsWith("..")) continue;
        if (rankOf(to.split("/")[0]!) < fromRank) upward.push(`src/${rel} imports src/${to}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it(`only src/${MOUNT} reaches the UI, and only through a dynamic import()`, () => {
    const intoUi: string[] = [];
    for (const { file, rel, text } of files) {
      if (rel.startsWith("ui/")) continue;
      for (const { specifier, dynamic } of importsOf(text)) {
        const to = target(file, specifier);
        if (!to?.startsWith("ui/")) continue;
        if (rel !== MOUNT || !dynamic) intoUi.push(`src/${rel} imports src/${to}${dynamic ? " (dynamic)" : ""}`);
      }
    }
    expect(intoUi).toEqual([]);
  });

  it(`src/${SIM_FLOOR} imports nothing else from src/sim (it is the model's floor, so no type cycle runs through it)`, () => {
    const up: string[] = [];
    for (const { file, rel, text } of files) {
      if (!rel.startsWith(`${SIM_FLOOR}/`)) continue;
      for (const { specifier } of importsOf(text)) {
        const to = target(file, specifier);
        if (to !== undefined && !to.startsWith(`${SIM_FLOOR}/`)) up.push(`src/${rel} imports src/${to}`);
      }
    }
    expect(up).toEqual([]);
  });
});

/** The first import cycle found among `rels` (paths relative to src/, with `.ts`/`.tsx`), or undefined. */
function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === "done") return undefined;
    if (state.get(node) === "open") return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, "open");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, "done");
    return undefined;
  };
  for (const node of [...graph.keys()].sort()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

describe("src/sim has no import cycle, type-only imports included", () => {
  it("the cycle finder finds a cycle and passes a tree", () => {
    expect(findCycle(new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]]]))).toEqual(["a", "b", "c", "a"]);
    expect(findCycle(new Map([["a", ["b", "c"]], ["b", ["c"]], ["c", []]]))).toBeUndefined();
  });

  it("no module under src/sim reaches itself through its imports", () => {
    const known = new Set(files.map(({ rel }) => rel));
    const graph = new Map<string, string[]>();
    for (const { file, rel, text } of files) {
      if (!rel.startsWith("sim/") || isTest(rel)) continue;
      const edges = importsOf(text)
        .map(({ specifier }) => target(file, specifier)?.replace(/\.js$/, ""))
        .flatMap((to) => (to === undefined ? [] : [`${to}.ts`, `${to}.tsx`].filter((f) => known.has(f))));
      graph.set(rel, edges);
    }
    expect(findCycle(graph)).toBeUndefined();
  });
});

/**
 * DESIGN.md principle 2: the model is a function of (initial state, commands, seed), "no
 * wall-clock time, no unseeded randomness, no I/O inside src/sim". Tests under src/sim may
 * read fixtures, so they are exempt; the model's own modules are not.
 *
 * `node:crypto` is allowed for hashing only (image and layer digests are sha256 of their
 * content, deterministic); its random sources are refused below.
 *
 * `node:module` is allowed: decode.ts uses createRequire to load kubernetes-models' schemas,
 * which is loading code, the same as a static import, not reading the learner's world.
 */
const IO_MODULES = /^(?:node:)?(?:fs|fs\/promises|process|child_process|timers|timers\/promises|os|net|http|https|http2|dgram|dns|readline|tty|worker_threads|cluster|perf_hooks|inspector|v8|vm)$/;
const IO_CALLS: readonly [RegExp, string][] = [
  [/\bDate\.now\s*\(/, "Date.now()"],
  [/\bnew Date\s*\(\s*\)/, "new Date() (wall clock)"],
  [/\bMath\.random\s*\(/, "Math.random()"],
  [/\b(?:randomBytes|randomUUID|randomInt|getRandomValues|randomFill(?:Sync)?)\s*\(/, "crypto randomness"],
  [/\bperformance\.now\s*\(/, "performance.now()"],
  [/\b(?:setTimeout|setInterval|setImmediate|queueMicrotask|clearTimeout|clearInterval)\s*\(/, "timers"],
  [/\bprocess\s*\.\s*\w/, "process"],
  [/\bglobalThis\s*\.\s*process\b/, "process"],
  [/\brequire\s*\(\s*["'](?:node:)?(?:fs|child_process|os|net|http|process)["']/, "require() of an I/O module"],
];

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
}

export function ioIn(text: string): string[] {
  const found = importsOf(text)
    .filter(({ specifier }) => IO_MODULES.test(specifier))
    .map(({ specifier }) => `imports ${specifier}`);
  const code = stripComments(text);
  for (const [pattern, what] of IO_CALLS) if (pattern.test(code)) found.push(`uses ${what}`);
  return found;
}

describe("src/sim does no I/O (DESIGN.md principle 2)", () => {
  it("the I/O scanner catches each forbidden thing and ignores comments", () => {
    expect(ioIn('import { readFileSync } from "node:fs";')).toEqual(["imports node:fs"]);
    expect(ioIn('import fs from "fs/promises";')).toEqual(["imports fs/promises"]);
    expect(ioIn("const t = Date.now();")).toEqual(["uses Date.now()"]);
    expect(ioIn("const r = Math.random();")).toEqual(["uses Math.random()"]);
    expect(ioIn("setTimeout(() => {}, 5);")).toEqual(["uses timers"]);
    expect(ioIn("const home = process.env.HOME;")).toEqual(["uses process"]);
    expect(ioIn("const d = new Date();")).toEqual(["uses new Date() (wall clock)"]);
    expect(ioIn("// Date.now() is never called here\nconst d = new Date(ms);")).toEqual([]);
  });

  it("no model module under src/sim imports an I/O module or reads the clock, the RNG or timers", () => {
    const offences = files
      .filter(({ rel }) => rel.startsWith("sim/") && !isTest(rel))
      .flatMap(({ rel, text }) => ioIn(text).map((what) => `src/${rel} ${what}`));
    expect(offences).toEqual([]);
  });
});
