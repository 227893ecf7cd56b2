/**
 * Keeps the order of stdout and stderr inside one interpreter run (a `{ }` group, a loop, an
 * `if`), which just-bash 3.4 returns as two separate strings (vercel-labs/just-bash#318): on a
 * terminal both streams are one screen, so `{ kubectl get nosuch; kubectl get nodes; }` must
 * show the error before the table, as bash does.
 *
 * Before the run, the tree is rewritten: where both streams reach the terminal, a sync command
 * writes the same token to both after each statement that may write to stderr, and the
 * families' commands (kubectl, docker...) are told by a variable to put a token after each of
 * their own chunks. After the run, the two strings are cut at the tokens: the n-th pieces of
 * stdout and stderr were written between the same two moments, so they are laid out piece by
 * piece. Statements that only print to stdout (`echo`, `:`) need no token: their text lands
 * in its piece on its own. A pipeline of several commands is a piece of its own whose stderr
 * comes first: its first commands' errors are printed as they happen, before the last command
 * prints what it read (bash's own order for `kubectl get nosuch | grep x`).
 *
 * The sync keeps `$?` (`__kadet_sync $? && :`: a command before `&&` is exempt from `set -e`).
 * Not rewritten: function bodies (their output goes wherever each call sends it), anything
 * inside `$( )`, `eval` or a sourced file, and a compound command whose output is redirected.
 * When the tokens do not pair up (the run was cut short by a limit), the streams keep the old
 * order, stdout first.
 */
import type { CommandNode, PipelineNode, ScriptNode, SimpleCommandNode, StatementNode, WordNode } from "just-bash";
import type { OutputChunk } from "./types.js";

/** The sync command added to the tree: `__kadet_sync STATUS [e]` writes a token to both streams and returns STATUS. */
export const SYNC_COMMAND = "__kadet_sync";
/** Set on a family command whose stdout and stderr both reach the terminal: it marks its own chunks. */
export const TTY_VARIABLE = "__KADET_TTY";

/** Ends a piece laid out stdout first. An OSC sequence: a terminal that ever saw one would ignore it. */
const TOKEN_OUT_FIRST = "\u001b]7777;kadet-sync;o\u0007";
/** Ends a piece laid out stderr first (a pipeline of several commands). */
const TOKEN_ERR_FIRST = "\u001b]7777;kadet-sync;e\u0007";
const TOKEN = /\u001b\]7777;kadet-sync;([oe])\u0007/g;

/** What the sync command prints to each stream. */
export function syncTokens(errFirst: boolean): { stdout: string; stderr: string } {
  const token = errFirst ? TOKEN_ERR_FIRST : TOKEN_OUT_FIRST;
  return { stdout: token, stderr: token };
}

/** A family command's chunks as it writes them when it knows both streams are the terminal. */
export function markedChunks(chunks: readonly OutputChunk[]): { stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  for (const chunk of chunks) {
    if (chunk.text === "") continue;
    if (chunk.stream === "stdout") stdout += chunk.text;
    else stderr += chunk.text;
    stdout += TOKEN_OUT_FIRST;
    stderr += TOKEN_OUT_FIRST;
  }
  return { stdout, stderr };
}

/** The run's output in the order the terminal shows it; tokens never reach the learner. */
export function mergeSynced(stdout: string, stderr: string): OutputChunk[] {
  const outs = stdout.split(TOKEN);
  const errs = stderr.split(TOKEN);
  // split() with a capture group: text, kind, text, kind, ..., text.
  if (outs.length !== errs.length || outs.some((piece, i) => i % 2 === 1 && piece !== errs[i])) {
    return plain(stdout.replace(TOKEN, ""), stderr.replace(TOKEN, ""));
  }
  const chunks: OutputChunk[] = [];
  const add = (stream: "stdout" | "stderr", text: string) => {
    if (text === "") return;
    const last = chunks[chunks.length - 1];
    if (last?.stream === stream) last.text += text;
    else chunks.push({ stream, text });
  };
  for (let i = 0; i < outs.length; i += 2) {
    const errFirst = outs[i + 1] === "e";
    if (errFirst) add("stderr", errs[i]!);
    add("stdout", outs[i]!);
    if (!errFirst) add("stderr", errs[i]!);
  }
  return chunks;
}

function plain(stdout: string, stderr: string): OutputChunk[] {
  return [
    ...(stdout === "" ? [] : [{ stream: "stdout" as const, text: stdout }]),
    ...(stderr === "" ? [] : [{ stream: "stderr" as const, text: stderr }]),
  ];
}

export interface SyncContext {
  parse: (script: string) => ScriptNode;
  /** Whether a command name is a family's (kubectl, docker...), whose output can be marked. */
  isFamily: (name: string) => boolean;
  /** The aliases in force: one made of plain words naming a family counts as that family. */
  aliases: Readonly<Record<string, string>>;
}

/** Commands that write nothing to stderr when they have no redirection and no `$( )` in their words. */
const QUIET = new Set([":", "true", "false", "echo"]);

/** `statements` with sync points, for a run whose stdout and stderr both reach the terminal. */
export function withSyncPoints(statements: StatementNode[], ctx: SyncContext): StatementNode[] {
  const sync = (errFirst: boolean) => ctx.parse(`${SYNC_COMMAND} $?${errFirst ? " e" : ""} && :`).statements[0]!;
  const familyName = (word: WordNode | null): boolean => {
    const name = word ? literal(word) : undefined;
    if (name === undefined) return false;
    if (ctx.isFamily(name) && !Object.hasOwn(ctx.aliases, name)) return true;
    const text = Object.hasOwn(ctx.aliases, name) ? ctx.aliases[name]! : undefined;
    return text !== undefined && /^[A-Za-z0-9_\-=.,/:@%+ \t]+$/.test(text) && !/[ \t]$/.test(text) && ctx.isFamily(text.trim().split(/[ \t]+/)[0]!) && !Object.hasOwn(ctx.aliases, text.trim().split(/[ \t]+/)[0]!);
  };

  /** A command on the terminal (stdout and stderr): rewritten, and whether it still needs a sync after it. */
  const onTerminal = (command: CommandNode): { command: CommandNode; clean: boolean } => {
    if (command.type === "SimpleCommand") {
      if (command.redirections.length > 0 || hasSubstitution(command)) return { command, clean: false };
      if (familyName(command.name)) return { command: marked(command, ctx.parse), clean: true };
      const name = command.name ? literal(command.name) : "";
      return { command, clean: name === "" || (name !== undefined && (QUIET.has(name) || (name.startsWith("__kadet_") && name !== "__kadet_time_end"))) };
    }
    if (command.type === "FunctionDef") return { command, clean: true };
    if (command.redirections.some((r) => !["<", "<<", "<<-", "<<<"].includes(r.operator))) return { command, clean: false };
    return { command: rewriteLists(command), clean: !hasSubstitution(ownParts(command)) };
  };

  const rewriteLists = <T extends CommandNode>(node: T): T => {
    const n = node as unknown as Record<string, unknown>;
    const copy: Record<string, unknown> = { ...n };
    if (Array.isArray(n.body)) copy.body = list(n.body as StatementNode[]);
    if (Array.isArray(n.condition)) copy.condition = list(n.condition as StatementNode[]);
    if (Array.isArray(n.elseBody)) copy.elseBody = list(n.elseBody as StatementNode[]);
    if (Array.isArray(n.clauses)) copy.clauses = (n.clauses as { condition: StatementNode[]; body: StatementNode[] }[]).map((c) => ({ ...c, condition: list(c.condition), body: list(c.body) }));
    if (Array.isArray(n.items)) copy.items = (n.items as { body: StatementNode[] }[]).map((item) => ({ ...item, body: list(item.body) }));
    return copy as unknown as T;
  };

  const list = (body: StatementNode[]): StatementNode[] => {
    const out: StatementNode[] = [];
    for (const statement of body) {
      if (statement.background) {
        out.push(statement, sync(false));
        continue;
      }
      let clean = true;
      let piped = false;
      const pipelines = statement.pipelines.map((pipeline): PipelineNode => {
        if (pipeline.commands.length > 1) {
          piped = true;
          clean = false;
          return pipeline;
        }
        const done = onTerminal(pipeline.commands[0]!);
        if (!done.clean) clean = false;
        return { ...pipeline, commands: [done.command] };
      });
      // A pipeline of several commands is its own piece, stderr first.
      if (piped) out.push(sync(false), { ...statement, pipelines: statement.pipelines }, sync(true));
      else out.push({ ...statement, pipelines }, ...(clean ? [] : [sync(false)]));
    }
    return out;
  };

  return list(statements);
}

/** `NAME ARGS` → `__KADET_TTY=1 NAME ARGS`: a temporary variable only that command sees. */
function marked(command: SimpleCommandNode, parse: (script: string) => ScriptNode): SimpleCommandNode {
  const assignment = (parse(`${TTY_VARIABLE}=1 :`).statements[0]!.pipelines[0]!.commands[0] as SimpleCommandNode).assignments[0]!;
  return { ...command, assignments: [...command.assignments, assignment] };
}

/** A compound command without its statement lists: its words (`for x in $(...)`, `case $(...)`). */
function ownParts(command: CommandNode): unknown {
  const { body: _b, condition: _c, elseBody: _e, clauses, items, ...rest } = command as unknown as Record<string, unknown>;
  return { ...rest, clauses: (clauses as { condition: unknown }[] | undefined)?.map(() => null), items: (items as { patterns: unknown }[] | undefined)?.map((i) => i.patterns) };
}

function hasSubstitution(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(hasSubstitution);
  if (typeof node !== "object" || node === null) return false;
  const type = (node as { type?: string }).type;
  if (type === "CommandSubstitution" || type === "ProcessSubstitution") return true;
  return Object.values(node).some(hasSubstitution);
}

/** A word's text when it is plain literal text, else undefined. */
export function literal(word: WordNode): string | undefined {
  let text = "";
  for (const part of word.parts) {
    if (part.type !== "Literal") return undefined;
    text += (part as { value: string }).value;
  }
  return text;
}
