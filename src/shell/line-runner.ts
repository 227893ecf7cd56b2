/**
 * Runs one interpreted line pipeline by pipeline, so that its output keeps the order a
 * terminal shows: just-bash 3.4 returns a line's stdout and stderr as two strings, so
 * `kubectl get pods/nope; echo after` would print `after` before the error (upstream fix
 * open as vercel-labs/just-bash#318). Each top-level pipeline of `;`, `&&` and `||` lists is
 * one interpreter run, and the shell state bash keeps between them travels here: `$?`,
 * `set -o` options, aliases (defined on a line, expanded from the next one, as bash reads
 * a line before running it), the variables and the folder.
 *
 * A line that leans on interpreter state this cannot carry (functions, arrays, `declare`,
 * `trap`, `eval`, `source`, positional parameters...) runs whole, as before: its streams
 * then come out stdout first, and inside one pipeline (a loop, a `{ }` group) they always do.
 *
 * Every run ends with a marker command; when the marker did not run, the shell stopped the
 * line: `exit`, or a failure under `set -e` / `set -u`.
 */
import type { PipelineNode, ScriptNode, StatementNode, WordNode } from "just-bash";
import type { OutputChunk } from "./types.js";
import { literal, mergeSynced, withSyncPoints, type SyncContext } from "./output-sync.js";

export type Parse = (script: string) => ScriptNode;

/** The marker appended to every run: it records `$?` the first time it runs in that run. */
export const REACHED_COMMAND = "__kadet_reached";
/** Brackets of a `time` pipeline: the virtual clock is read around it (time.ts). */
export const TIME_START_COMMAND = "__kadet_time_start";
export const TIME_END_COMMAND = "__kadet_time_end";

/** What bash keeps between commands that is not a variable or the folder. */
export interface ShellState {
  /** `$?`. */
  status: number;
  /** `set -o` options as just-bash reports them (`$SHELLOPTS`); undefined: bash's defaults. */
  shellopts: string | undefined;
  /** `shopt` options that are on (`$BASHOPTS`), set again at the start of every run. */
  bashopts: string;
  /** Alias name → its text. */
  aliases: Record<string, string>;
}

/** What the interactive bash of the exam terminal has on: aliases expand. */
export const DEFAULT_BASHOPTS = "expand_aliases:globskipdots";
const DEFAULT_SHELLOPTS = ["braceexpand", "hashall", "interactive-comments"];
/** Carried options whose own effect would show the prelude (`+ (exit 1)`): they last one line. */
const NOT_CARRIED = new Set(["xtrace", "verbose"]);

/** Variables just-bash uses for its own state: never the learner's, never printed by `env`. */
export function isShellStateVariable(name: string): boolean {
  return name === "?" || name === "SHELLOPTS" || name === "BASHOPTS" || name.startsWith("BASH_ALIAS_") || name.startsWith("__KADET_");
}

/** The learner's variables only. */
export function learnerVariables(env: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !isShellStateVariable(name)));
}

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  env: Record<string, string>;
}

export interface LineIo {
  parse: Parse;
  /** One interpreter run of `script`, whose parsed tree `build` replaces before it runs. */
  exec(script: string, env: Record<string, string>, cwd: string, build: (ast: ScriptNode) => ScriptNode): Promise<RunResult>;
  /** The status the marker recorded in the last run, or undefined when it did not run. */
  reached(): number | undefined;
  /**
   * Which commands can mark their own output (output-sync.ts); when given, stdout and stderr
   * inside one run (a group, a loop) keep the order they were written in.
   */
  sync?: Omit<SyncContext, "parse" | "aliases">;
}

export interface LineOutcome {
  stdout: string;
  stderr: string;
  chunks: OutputChunk[];
  exitCode: number;
  exited: boolean;
  env: Record<string, string>;
  cwd: string;
  state: ShellState;
}

/** Runs `script` with the learner's variables `env` in folder `cwd`, from shell state `start`. */
export async function runShellLine(script: string, env: Record<string, string>, cwd: string, start: ShellState, io: LineIo): Promise<LineOutcome> {
  let ast: ScriptNode | undefined;
  try {
    ast = io.parse(script);
  } catch {
    ast = undefined; // A syntax error: the interpreter reports it in bash's words.
  }
  const out = new Output();
  let state = { ...start, aliases: { ...start.aliases } };
  let vars = env;
  let folder = cwd;
  let exited = false;
  // Aliases expand as they were when the line was read (bash(1), ALIASES).
  const lineAliases = start.aliases;

  // The sync points' tokens would show in a trace (`+ __kadet_sync 0`): a traced line keeps the old order.
  // `exec > file` (or an eval or sourced file doing it) would send the tokens into the file.
  const sync: SyncContext | undefined = io.sync && ast && !turnsOnTracing(ast) && !runsAny(ast, REDIRECTS_LATER) ? { ...io.sync, parse: io.parse, aliases: lineAliases } : undefined;
  const synced = (statements: StatementNode[]) => (sync ? withSyncPoints(statements, sync) : statements);

  const runOnce = async (build: (ast: ScriptNode) => ScriptNode, marked: boolean): Promise<number> => {
    const passed = { ...vars, ...aliasVariables(lineAliases) };
    const result = await io.exec(script, passed, folder, (tree) => withTimedPipelines(build(tree), io.parse));
    if (sync) for (const chunk of mergeSynced(result.stdout, result.stderr)) out.add(chunk.stream, chunk.text);
    else {
      out.add("stdout", result.stdout);
      out.add("stderr", result.stderr);
    }
    const reached = io.reached();
    if (marked && reached === undefined) exited = true;
    vars = learnerVariables(result.env);
    if (result.env.PWD) folder = result.env.PWD;
    state = {
      status: result.exitCode,
      shellopts: result.env.SHELLOPTS ?? state.shellopts,
      bashopts: result.env.BASHOPTS ?? state.bashopts,
      aliases: applyAliasChanges(state.aliases, aliasVariables(lineAliases), result.env),
    };
    return result.exitCode;
  };

  const steps = ast && splittable(ast) ? ast.statements : undefined;
  if (ast === undefined || steps === undefined) {
    const marked = ast !== undefined && !turnsOnTracing(ast);
    await runOnce((tree) => ({ ...tree, statements: [...prelude(state, io.parse), ...synced(tree.statements), ...(marked ? [marker(io.parse)] : [])] }), marked);
  } else {
    for (let s = 0; s < steps.length && !exited; s++) {
      const statement = steps[s]!;
      for (let p = 0; p < statement.pipelines.length && !exited; p++) {
        const operator = p === 0 ? ";" : statement.operators[p - 1];
        if ((operator === "&&" && state.status !== 0) || (operator === "||" && state.status === 0)) continue;
        const last = p === statement.pipelines.length - 1;
        const before = prelude(state, io.parse);
        await runOnce((tree) => {
          const pipeline = tree.statements[s]!.pipelines[p]!;
          // A pipeline before `&&` or `||` is exempt from `set -e` (bash(1), set -e): a marker after `||` keeps it so.
          const run = last ? [statementOf([pipeline])] : [statementOf([pipeline, markerPipeline(io.parse)], ["||"])];
          return { ...tree, statements: [...before, ...synced(run), marker(io.parse)] };
        }, true);
      }
    }
  }
  return { stdout: out.stdout, stderr: out.stderr, chunks: out.chunks, exitCode: state.status, exited, env: vars, cwd: folder, state };
}

/** Collects a line's output in order, merging neighbours on the same stream. */
class Output {
  readonly chunks: OutputChunk[] = [];
  stdout = "";
  stderr = "";
  add(stream: "stdout" | "stderr", text: string): void {
    if (text === "") return;
    this[stream] += text;
    const last = this.chunks[this.chunks.length - 1];
    if (last?.stream === stream) last.text += text;
    else this.chunks.push({ stream, text });
  }
}

function aliasVariables(aliases: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(aliases).map(([name, text]) => [`BASH_ALIAS_${name}`, text]));
}

/** The aliases after a run: what it defined, changed or removed relative to what it was given. */
function applyAliasChanges(current: Record<string, string>, given: Record<string, string>, after: Record<string, string>): Record<string, string> {
  const next = { ...current };
  for (const [key, text] of Object.entries(after)) if (key.startsWith("BASH_ALIAS_") && given[key] !== text) next[key.slice(11)] = text;
  for (const key of Object.keys(given)) if (!(key in after)) delete next[key.slice(11)];
  return next;
}

/** Statements that restore `set -o` options and `$?` at the start of a run. */
function prelude(state: ShellState, parse: Parse): StatementNode[] {
  const words: string[] = [];
  if (state.shellopts !== undefined) {
    const on = new Set(state.shellopts.split(":").filter((o) => o !== "" && !NOT_CARRIED.has(o)));
    for (const option of on) if (!DEFAULT_SHELLOPTS.includes(option)) words.push(`-o ${option}`);
    for (const option of DEFAULT_SHELLOPTS) if (!on.has(option)) words.push(`+o ${option}`);
  }
  const shopts = state.bashopts.split(":").filter((o) => /^\w+$/.test(o));
  const shoptsOff = DEFAULT_BASHOPTS.split(":").filter((o) => !shopts.includes(o));
  const text = [
    words.length > 0 ? `set ${words.join(" ")}` : "",
    shopts.length > 0 ? `shopt -s ${shopts.join(" ")}` : "",
    shoptsOff.length > 0 ? `shopt -u ${shoptsOff.join(" ")}` : "",
    state.status !== 0 ? `(exit ${state.status}) && :` : "",
  ].filter((t) => t !== "");
  return parse(text.join("\n")).statements;
}

function marker(parse: Parse): StatementNode {
  return statementOf([markerPipeline(parse)]);
}

function markerPipeline(parse: Parse): PipelineNode {
  return parse(`${REACHED_COMMAND} $?`).statements[0]!.pipelines[0]!;
}

function statementOf(pipelines: PipelineNode[], operators: ("&&" | "||")[] = []): StatementNode {
  return { type: "Statement", pipelines, operators, background: false };
}

/**
 * `time PIPELINE` anywhere in the tree becomes `{ start; PIPELINE && end 0 || end $?; }`, so the
 * time printed is the virtual clock's (deterministic), and it is printed even when the
 * pipeline fails under `set -e`, as bash does.
 */
function withTimedPipelines(tree: ScriptNode, parse: Parse): ScriptNode {
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (typeof node !== "object" || node === null) return node;
    const n = node as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(n)) copy[key] = visit(value);
    if (n.type === "Pipeline" && n.timed === true) {
      const posix = n.timePosix === true ? " -p" : "";
      const group = parse(`{ ${TIME_START_COMMAND}; : && ${TIME_END_COMMAND}${posix} 0 || ${TIME_END_COMMAND}${posix} $?; }`).statements[0]!.pipelines[0]!;
      const body = (group.commands[0] as { body: StatementNode[] }).body;
      body[1]!.pipelines[0] = { ...(copy as unknown as PipelineNode), timed: false, timePosix: false };
      return group;
    }
    return copy;
  };
  return visit(tree) as ScriptNode;
}

/** Builtins whose effect lives in the interpreter, not in the variables: a line using them runs whole. */
const STATEFUL = new Set(["declare", "typeset", "local", "readonly", "trap", "exec", "shift", "pushd", "popd", "dirs", "source", ".", "eval", "readarray", "mapfile", "getopts", "hash", "enable", "unset", "caller"]);

/** Whether each top-level pipeline may run on its own with only the state ShellState carries. */
function splittable(ast: ScriptNode): boolean {
  if (ast.statements.some((s) => s.background || s.deferredError)) return false;
  let ok = true;
  walk(ast, (node) => {
    const n = node as { type?: string };
    if (n.type === "FunctionDef") ok = false;
    if (n.type === "Assignment") {
      const a = node as { name: string; array: unknown };
      if (a.array !== null || a.name.includes("[")) ok = false;
    }
    if (n.type === "SimpleCommand") {
      const c = node as { name: WordNode | null; args: WordNode[] };
      const name = c.name ? literal(c.name) : undefined;
      if (name === undefined && c.name !== null) return;
      if (name !== undefined && STATEFUL.has(name)) ok = false;
      const args = c.args.map(literal);
      if (name === "set" && (setsPositionals(args) || turnsOnTracingArgs(args))) ok = false;
      if (name === "read" && args.some((a) => a === undefined || /^-\w*a/.test(a))) ok = false;
    }
  });
  return ok;
}

/** `set a b`, `set -- a`: positional parameters, which live in the interpreter. */
function setsPositionals(args: (string | undefined)[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === undefined || a === "--" || a === "-" || !/^[-+]/.test(a)) return true;
    if (a === "-o" || a === "+o") i++;
  }
  return false;
}

/** Builtins after which the shell's own stdout or stderr may no longer be the terminal. */
const REDIRECTS_LATER = new Set(["exec", "eval", "source", "."]);

/** Whether the tree runs a command named in `names`, or one whose name is not plain text. */
function runsAny(ast: ScriptNode, names: ReadonlySet<string>): boolean {
  let found = false;
  walk(ast, (node) => {
    const c = node as { type?: string; name?: WordNode | null };
    if (c.type !== "SimpleCommand" || !c.name) return;
    const name = literal(c.name);
    if (name === undefined || names.has(name)) found = true;
  });
  return found;
}

function turnsOnTracing(ast: ScriptNode): boolean {
  let found = false;
  walk(ast, (node) => {
    const c = node as { type?: string; name?: WordNode | null; args?: WordNode[] };
    if (c.type === "SimpleCommand" && c.name && literal(c.name) === "set" && turnsOnTracingArgs((c.args ?? []).map(literal))) found = true;
  });
  return found;
}

function turnsOnTracingArgs(args: (string | undefined)[]): boolean {
  return args.some((a, i) => a === undefined || /^-[a-zA-Z]*[xv]/.test(a) || (a === "-o" && /^(xtrace|verbose)$/.test(args[i + 1] ?? "")));
}

function walk(node: unknown, visit: (node: object) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  visit(node);
  for (const value of Object.values(node)) walk(value, visit);
}
