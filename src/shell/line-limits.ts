/**
 * What one line may cost the interpreter, and the words the learner reads
 * when a line goes over (issue 6). just-bash has limits of its own, but two of
 * them fail quietly or not at all:
 * - a brace range stops at 10,000 words without a word of warning (a constant
 *   in just-bash, not an option), so `echo {1..1000000} | wc -c` printed 48894
 *   where bash prints 6888896: such a range is refused before the line runs,
 *   and one in text that becomes a script later (eval, source, `bash -c`) when
 *   that script is about to run (script-guard.ts);
 * - nothing bounds eval nesting, so `x='eval $x'; eval $x` held 1.5 GB for
 *   100 s (bash itself overflows its stack and segfaults). Each nesting level
 *   is one command, so the command cap is the recursion cap: at 10,000 the
 *   bomb stops at about 150 MB. A heap watch between commands was tried and
 *   dropped: just-bash's only per-command hook (`coverage`) trips its own
 *   defense-in-depth box, and a timer never fires while a line runs (the
 *   interpreter does not yield to the event loop).
 * One string may hold 16 MiB (just-bash allows 64): more than the 10 MiB a
 * file may have, so `x=$(cat file)` works, and a doubling loop stops early.
 */
import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { BashOptions } from "just-bash";

/** just-bash's own cap on one brace range (`dr` in its bundle), which it applies silently. */
export const MAX_BRACE_RANGE = 10_000;
/** Commands one line may run: just-bash's "hardened" profile value (its "normal" one is 100,000). */
export const MAX_COMMANDS = 10_000;
export const MAX_STRING_BYTES = 16 * 1024 * 1024;

export const EXECUTION_LIMITS: NonNullable<BashOptions["executionLimits"]> = { maxCommandCount: MAX_COMMANDS, maxStringLength: MAX_STRING_BYTES };

type ParseFn = (script: string) => unknown;

/**
 * Why a line must not run because of a brace range too large for the
 * interpreter, or undefined. Ranges inside the literal text of `eval`,
 * `bash -c` and `sh -c` count too, and those in the aliases (carried from
 * earlier lines) that the line's command words expand to. A range built at run time
 * (`n=20000; eval echo {1..$n}`, a sourced file) is caught when its text
 * becomes a script: `scriptRangeRefusal`, called by script-guard.ts.
 */
export function braceRangeRefusal(script: string, parse: ParseFn, aliases: Readonly<Record<string, string>> = {}): string | undefined {
  let ast: unknown;
  try {
    ast = parse(script);
  } catch {
    return undefined; // the interpreter reports the syntax error itself
  }
  const alias = (name: string): string | undefined => (Object.hasOwn(aliases, name) ? aliases[name] : undefined);
  return rangeRefusal(largestRange(ast, { parse, alias, parseAlias: parse }, 0), "the line was not run");
}

/**
 * Why a script the interpreter is about to run (the text of an eval, a sourced file, `bash -c`,
 * or a line) must not run, or undefined: the same rule as braceRangeRefusal, on its parsed tree,
 * with the aliases its command words expand to (`alias big='echo {1..20000}'` on one line, `big`
 * on the next). Nested scripts are not looked into here; each is checked when it runs.
 */
export function scriptRangeRefusal(ast: unknown, alias?: (name: string) => string | undefined, parseAlias?: ParseFn): string | undefined {
  return rangeRefusal(largestRange(ast, { alias, parseAlias }, 0), "the script it is in was not run");
}

function rangeRefusal(found: RangeFound | undefined, outcome: string): string | undefined {
  if (!found || found.count <= MAX_BRACE_RANGE) return undefined;
  return `kadet: brace expansion ${found.text} makes ${found.count} words, more than the ${MAX_BRACE_RANGE} kadet's shell expands (bash has no such limit); ${outcome}`;
}

/** Nodes that repeat what is inside them. */
const REPEATING = new Set(["For", "CStyleFor", "While", "Until", "FunctionDef"]);
/** Commands that run text as a script, so a line can grow through them (`x='eval $x'; eval $x`). */
const RUNS_SCRIPTS = new Set(["eval", "source", ".", "bash", "sh", "exec"]);

/**
 * Whether a line can make the interpreter hold memory without end, so it needs the heap watch: it
 * loops, defines a function (recursion), runs text as a script, or calls a command whose name is
 * computed (`$cmd`, which may be eval). Anything else runs each of its commands once, and one
 * string is capped at MAX_STRING_BYTES. Functions do not outlive their line (each line is a fresh
 * interpreter state), so a later line cannot call a recursive one.
 */
export function mayGrowWithoutEnd(script: string, parse: ParseFn): boolean {
  let ast: unknown;
  try {
    ast = parse(script);
  } catch {
    return false; // a syntax error: nothing runs
  }
  const visit = (value: unknown): boolean => {
    if (Array.isArray(value)) return value.some(visit);
    if (typeof value !== "object" || value === null) return false;
    const n = value as Record<string, unknown>;
    if (typeof n.type === "string" && REPEATING.has(n.type)) return true;
    if (n.type === "SimpleCommand" && n.name !== null && n.name !== undefined) {
      const name = literalWord(n.name);
      if (name === undefined || RUNS_SCRIPTS.has(name)) return true;
    }
    return Object.values(n).some(visit);
  };
  return visit(ast);
}

interface RangeFound {
  text: string;
  count: number;
}

/** Where largestRange looks besides the tree itself. */
interface RangeSearch {
  /** Parses the literal text of eval / bash -c / sh -c to look inside it (the check before a line runs). */
  parse?: ParseFn;
  /** The text of an alias, for a command word that names one: it expands into the command. */
  alias?: (name: string) => string | undefined;
  /** Parses an alias's text (needed with `alias`). */
  parseAlias?: ParseFn;
}

function largestRange(node: unknown, search: RangeSearch, depth: number): RangeFound | undefined {
  let best: RangeFound | undefined;
  const consider = (r: RangeFound | undefined): void => {
    if (r && (!best || r.count > best.count)) best = r;
  };
  const inside = (text: string, parse: ParseFn): void => {
    try {
      consider(largestRange(parse(text), search, depth + 1));
    } catch {
      // not a script: bash would say so when it runs
    }
  };
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) visit(v);
      return;
    }
    if (typeof value !== "object" || value === null) return;
    const n = value as Record<string, unknown>;
    if (n.type === "Range") consider(rangeSize(n));
    if (n.type === "SimpleCommand" && depth < 8) {
      if (search.parse !== undefined) for (const inner of literalScripts(n)) inside(inner, search.parse);
      const name = search.alias !== undefined && search.parseAlias !== undefined ? literalWord(n.name) : undefined;
      const text = name !== undefined ? search.alias!(name) : undefined;
      if (text !== undefined) inside(text, search.parseAlias!);
    }
    for (const v of Object.values(n)) visit(v);
  };
  visit(node);
  return best;
}

function rangeSize(n: Record<string, unknown>): RangeFound | undefined {
  const { start, end } = n;
  const step = Math.abs(typeof n.step === "number" && n.step !== 0 ? n.step : 1);
  const stepText = typeof n.step === "number" ? `..${n.step}` : "";
  if (typeof start === "number" && typeof end === "number") {
    return { text: `{${n.startStr ?? start}..${n.endStr ?? end}${stepText}}`, count: Math.floor(Math.abs(end - start) / step) + 1 };
  }
  if (typeof start === "string" && typeof end === "string") {
    return { text: `{${start}..${end}${stepText}}`, count: Math.floor(Math.abs(end.charCodeAt(0) - start.charCodeAt(0)) / step) + 1 };
  }
  return undefined;
}

/** The script text `eval WORDS`, `bash -c TEXT` or `sh -c TEXT` will run, when it is literal. */
function literalScripts(cmd: Record<string, unknown>): string[] {
  const name = literalWord(cmd.name);
  const args = Array.isArray(cmd.args) ? cmd.args.map(literalWord) : [];
  if (name === "eval") return args.every((a) => a !== undefined) ? [args.join(" ")] : [];
  if ((name === "bash" || name === "sh") && args[0] === "-c" && args[1] !== undefined) return [args[1]];
  return [];
}

function literalWord(word: unknown): string | undefined {
  if (typeof word !== "object" || word === null) return undefined;
  const parts = (word as { parts?: unknown }).parts;
  if (!Array.isArray(parts)) return undefined;
  let text = "";
  for (const part of parts as Record<string, unknown>[]) {
    if ((part.type === "Literal" || part.type === "SingleQuoted" || part.type === "Escaped") && typeof part.value === "string") text += part.value;
    else if (part.type === "DoubleQuoted") {
      const inner = literalWord(part);
      if (inner === undefined) return undefined;
      text += inner;
    } else return undefined;
  }
  return text;
}

/** just-bash's limit messages tell a programmer to raise an option; the learner gets what happened. */
export function explainLimit(stderr: string): string {
  return stderr
    .replace(/(?:bash: )?too many commands executed \(>(\d+)\), increase executionLimits\.maxCommandCount/g, "kadet: the line was stopped after $1 commands, the most kadet's shell runs for one line (a loop or an eval that never ends?)")
    .replace(/, increase executionLimits\.\w+/g, "");
}

/**
 * Live heap one line may add (issue 6: a memory cap, not just a command cap). The eval bomb
 * held 150 MB of heap (260 MB RSS) when the command cap stopped it; a 10 MiB file piped through
 * a few commands needs a few tens of MB.
 */
export const MAX_LINE_HEAP_BYTES = 96 * 1024 * 1024;
/** Heap is sampled every this many interpreter steps (coverage hits, several per command). */
const SAMPLE_EVERY = 128;

/** Thrown out of the interpreter when a line goes over its heap limit; its message is the learner's. */
export class LineMemoryExceeded extends Error {}

// V8's own figure (what process.memoryUsage().heapUsed reports), without the resident-set
// read from /proc that memoryUsage() also makes on every call; just-bash's defense-in-depth box
// replaces process.memoryUsage while a line runs, and this is taken before any line runs.
const heapUsedNow = (): number => getHeapStatistics().used_heap_size;

// A full collection before refusing a line, so garbage not yet collected never counts as the
// line's memory. V8 exposes `gc` only behind a flag, which can be set at run time.
let collect: (() => void) | undefined;
function fullGc(): void {
  if (collect === undefined) {
    try {
      setFlagsFromString("--expose-gc");
      collect = runInNewContext("gc") as () => void;
    } catch {
      collect = () => undefined;
    }
  }
  collect();
}

/**
 * A heap watch over one line, through just-bash's coverage hook (the one callback it makes
 * while a line runs). `start()` before each line; the interpreter's `coverage` option gets
 * `writer`. Over the limit even after a full collection, the line is stopped by throwing
 * LineMemoryExceeded out of the interpreter.
 */
export function lineMemoryWatch(limit = MAX_LINE_HEAP_BYTES, heapUsed: () => number = heapUsedNow) {
  let baseline = 0;
  let next = 0;
  let hits = 0;
  const writer = {
    hit(): void {
      if (++hits % SAMPLE_EVERY !== 0 || heapUsed() - baseline <= next) return;
      fullGc();
      const grown = heapUsed() - baseline;
      if (grown > limit) {
        throw new LineMemoryExceeded(
          `kadet: the line was stopped: it made kadet's shell hold ${Math.round(grown / 2 ** 20)} MiB more than before it, over the ${Math.round(limit / 2 ** 20)} MiB one line may use (a loop or an eval that grows without end?)`,
        );
      }
      // Live memory is under the limit: look again once the heap has grown by another quarter.
      next = grown + limit / 4;
    },
  };
  return {
    writer,
    start(): void {
      baseline = heapUsed();
      next = limit;
      hits = 0;
    },
  };
}
