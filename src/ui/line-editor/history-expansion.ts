/**
 * Bash's history expansion for the two designators learners use: `!!` (the previous command)
 * and `!$` (its last word). Quoting rules are bash's (Bash manual, "History Expansion"): no
 * expansion inside single quotes or after a backslash, and `!` followed by a blank, `=`, `(`
 * or the end of the line, or before the closing `"` of a double-quoted string, stays a `!`.
 * Other event designators (`!n`, `!-n`, `!string`, `^a^b`) are left as typed.
 */
import { lastWord } from "./editor.js";

export type Expansion =
  | { ok: true; line: string; expanded: boolean }
  /** Bash's message, e.g. `bash: !!: event not found`; the line is neither run nor kept. */
  | { ok: false; message: string };

export function expandHistory(line: string, history: readonly string[]): Expansion {
  if (!line.includes("!")) return { ok: true, line, expanded: false };
  const previous = history[history.length - 1];
  let out = "";
  let expanded = false;
  let single = false;
  let double = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === "\\" && !single) {
      out += ch + (line[i + 1] ?? "");
      i++;
      continue;
    }
    if (ch === "'" && !double) single = !single;
    else if (ch === '"' && !single) double = !double;
    if (ch !== "!" || single) {
      out += ch;
      continue;
    }
    const next = line[i + 1];
    if (next === "!" || next === "$") {
      const designator = `!${next}`;
      if (previous === undefined) return { ok: false, message: `bash: ${designator}: event not found` };
      out += next === "!" ? previous : (lastWord(previous) ?? "");
      expanded = true;
      i++;
      continue;
    }
    out += ch;
  }
  return { ok: true, line: out, expanded };
}
