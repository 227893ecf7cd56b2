/**
 * Splits a script into complete commands the way an interactive bash reads
 * them: a command continues while a quote is open, a line ends with a
 * backslash or a pipe/&&/||, or a heredoc has not reached its delimiter.
 * Script mode runs each complete command in turn so that output appears in
 * order, command by command, as in a real terminal.
 */

export class CommandAccumulator {
  private lines: string[] = [];
  private heredocs: { delimiter: string; stripTabs: boolean }[] = [];

  /** Adds a line; returns a complete command when one is ready. */
  push(line: string): string | undefined {
    if (this.heredocs.length > 0) {
      this.lines.push(line);
      const current = this.heredocs[0]!;
      const candidate = current.stripTabs ? line.replace(/^\t+/, "") : line;
      if (candidate === current.delimiter) this.heredocs.shift();
      return this.heredocs.length === 0 && !this.continues() ? this.take() : undefined;
    }
    this.lines.push(line);
    this.heredocs.push(...heredocsOpenedBy(line));
    if (this.heredocs.length > 0) return undefined;
    return this.continues() ? undefined : this.take();
  }

  /** Whatever is left at end of input (an unfinished command still runs, as bash would try). */
  flush(): string | undefined {
    return this.lines.length > 0 ? this.take() : undefined;
  }

  pending(): boolean {
    return this.lines.length > 0;
  }

  private continues(): boolean {
    const text = this.lines.join("\n");
    if (hasOpenQuote(text)) return true;
    const last = this.lines[this.lines.length - 1]!.trimEnd();
    return last.endsWith("\\") || /(\|\||&&|\|)$/.test(last);
  }

  private take(): string {
    const text = this.lines.join("\n");
    this.lines = [];
    this.heredocs = [];
    return text;
  }
}

/** Splits a whole script into complete commands, skipping blank lines and comments. */
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

function heredocsOpenedBy(line: string): { delimiter: string; stripTabs: boolean }[] {
  const out: { delimiter: string; stripTabs: boolean }[] = [];
  const unquoted = stripQuoted(line);
  for (const m of unquoted.matchAll(/<<(-?)\s*(?:'([^']+)'|"([^"]+)"|\\?([A-Za-z_][A-Za-z0-9_]*))/g)) {
    out.push({ delimiter: m[2] ?? m[3] ?? m[4]!, stripTabs: m[1] === "-" });
  }
  return out;
}

/** Replaces quoted text by spaces so that `<<` inside quotes is not a heredoc; keeps heredoc delimiters quoted as written. */
function stripQuoted(line: string): string {
  return line.replace(/(?<!<<-?\s*)'[^']*'|(?<!<<-?\s*)"(?:[^"\\]|\\.)*"/g, (m) => " ".repeat(m.length));
}

function hasOpenQuote(text: string): boolean {
  let single = false;
  let double = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\\" && !single) {
      i++;
      continue;
    }
    if (ch === "'" && !double) single = !single;
    else if (ch === '"' && !single) double = !double;
  }
  return single || double;
}
