/**
 * Splits a script into complete commands the way an interactive bash reads
 * them: it keeps reading lines until its parser has a complete command. The
 * verdict is the interpreter's own parser's (just-bash), so the splitter and
 * the shell never disagree: a quote inside a heredoc body is text, a `for`,
 * `if`, `case` or function body runs once it is closed, and a line ending in a
 * pipe, `&&`, `||` or a backslash continues. Script mode, `kadet check
 * --script`, exam scripts, the interactive sandbox and the TUI all split here,
 * and run each complete command in turn so output appears command by command.
 */
import { justBashNow, loadJustBash } from "./just-bash.js";

type Parse = (script: string) => { statements: { sourceText?: string }[] };

/** A word no script writes: appended on a line of its own, it shows whether the parser is still inside a command. */
const PROBE = "__kadet_complete_command_probe__";

/**
 * A line that cannot open anything (no quotes, escapes, brackets, redirections,
 * operators or reserved words) is complete without asking the parser, so plain
 * `kubectl get pods` lines never wait for the interpreter to load.
 */
const PLAIN = /^[A-Za-z0-9_\-=.,/:@%+*? \t]*$/;
const RESERVED = new Set(["if", "then", "elif", "else", "fi", "case", "esac", "for", "select", "while", "until", "do", "done", "function", "in", "time", "!", "{", "}", "[[", "]]", "coproc"]);

/** Loads the parser ahead of use, so the first split does not fall back to a synchronous load. */
export async function loadCommandSplitter(): Promise<void> {
  await loadJustBash();
}

/** Whether bash would run `text` now, or read another line first (the parser says the command is incomplete). */
export function isCompleteCommand(text: string): boolean {
  return readCommand(text).complete;
}

/** The parser's verdict on `text`; when it stopped inside a heredoc body, the delimiter that ends it. */
type Verdict = { complete: true } | { complete: false; heredoc?: OpenHeredoc };
interface OpenHeredoc {
  delimiter: string;
  stripTabs: boolean;
}

function readCommand(text: string): Verdict {
  if (PLAIN.test(text) && !text.split(/[ \t]+/).some((word) => RESERVED.has(word))) return { complete: true };
  const parse = justBashNow().parse as Parse;
  let ast: ReturnType<Parse>;
  try {
    ast = parse(text);
  } catch (error) {
    // An error at the end of the input is an unfinished command; any other is bash's to report when it runs.
    return endsEarly(error) ? { complete: false } : { complete: true };
  }
  const heredoc = firstOpenHeredoc(ast);
  if (heredoc) return { complete: false, heredoc };
  // The parser accepts a dangling `|`, `&&`, `||` or `\`; a probe line shows it swallowed into
  // the same command instead of standing alone as the next one.
  try {
    const probed = parse(`${text}\n${PROBE}`).statements;
    const alone = probed.length === ast.statements.length + 1 && probed[probed.length - 1]!.sourceText === PROBE;
    return alone ? { complete: true } : { complete: false };
  } catch {
    return { complete: true };
  }
}

function endsEarly(error: unknown): boolean {
  const { token, message } = error as { token?: { type?: string }; message?: string };
  return token?.type === "EOF" || /unexpected EOF/.test(message ?? "");
}

/** The first heredoc the parser read to the end of the input without meeting its delimiter. */
function firstOpenHeredoc(node: unknown): OpenHeredoc | undefined {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = firstOpenHeredoc(item);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof node !== "object" || node === null) return undefined;
  const n = node as Record<string, unknown>;
  if (n.type === "HereDoc" && n.terminated === false && typeof n.delimiter === "string") return { delimiter: n.delimiter, stripTabs: n.stripTabs === true };
  for (const value of Object.values(n)) {
    const found = firstOpenHeredoc(value);
    if (found) return found;
  }
  return undefined;
}

export class CommandAccumulator {
  private lines: string[] = [];
  /** The heredoc being read: until its delimiter line, no line can complete the command (bash(1), "Here Documents"). */
  private heredoc: OpenHeredoc | undefined;

  constructor() {
    // Started now, so that it is ready by the time the learner has typed a line.
    void loadJustBash();
  }

  /** Adds a line; returns a complete command when one is ready. */
  push(line: string): string | undefined {
    this.lines.push(line);
    // Re-reading a long heredoc at every line would cost the square of its length.
    if (this.heredoc && (this.heredoc.stripTabs ? line.replace(/^\t+/, "") : line) !== this.heredoc.delimiter) return undefined;
    const verdict = readCommand(this.lines.join("\n"));
    this.heredoc = verdict.complete ? undefined : verdict.heredoc;
    return verdict.complete ? this.take() : undefined;
  }

  /** Whatever is left at end of input (an unfinished command still runs, as bash would try). */
  flush(): string | undefined {
    return this.lines.length > 0 ? this.take() : undefined;
  }

  pending(): boolean {
    return this.lines.length > 0;
  }

  private take(): string {
    const text = this.lines.join("\n");
    this.lines = [];
    this.heredoc = undefined;
    return text;
  }
}

/** Splits a whole script into complete commands, skipping blank lines and comments between them. */
export function splitCommands(script: string): string[] {
  const acc = new CommandAccumulator();
  const out: string[] = [];
  for (const line of script.split("\n")) {
    if (!acc.pending() && (line.trim() === "" || line.trim().startsWith("#"))) continue;
    const command = acc.push(line);
    if (command !== undefined) out.push(command);
  }
  const rest = acc.flush();
  if (rest !== undefined) out.push(rest);
  return out;
}
