/**
 * A here-string word with `=` in it (`base64 -d <<< aGVsbG8=`, `cat <<< a=b`): bash reads it
 * as any other word, but just-bash 3.4's parser takes it for an assignment and refuses the
 * line ("Expected redirection target"). Such a line is rewritten with the `=` of that word
 * escaped (`aGVsbG8\=`), which bash and just-bash both read as the same literal text.
 * Only a line the parser refused is rewritten, and only when the rewrite then parses.
 */
export function withHereStringWordsEscaped(script: string, parse: (script: string) => unknown): string {
  if (!script.includes("<<<") || parses(script, parse)) return script;
  const fixed = escapeHereStringWords(script);
  return fixed !== script && parses(fixed, parse) ? fixed : script;
}

function parses(script: string, parse: (script: string) => unknown): boolean {
  try {
    parse(script);
    return true;
  } catch (error) {
    return !/Expected redirection target/.test(String((error as Error).message ?? error));
  }
}

/** Escapes each unquoted `=` of the word after every `<<<`. */
function escapeHereStringWords(script: string): string {
  let out = "";
  let i = 0;
  while (i < script.length) {
    const at = script.indexOf("<<<", i);
    if (at < 0) break;
    out += script.slice(i, at + 3);
    i = at + 3;
    while (script[i] === " " || script[i] === "\t") out += script[i++];
    let quote: string | undefined;
    for (; i < script.length; i++) {
      const c = script[i]!;
      if (quote) {
        if (c === "\\" && quote === '"') {
          out += c + (script[i + 1] ?? "");
          i++;
          continue;
        }
        if (c === quote) quote = undefined;
        out += c;
        continue;
      }
      if (c === "\\") {
        out += c + (script[i + 1] ?? "");
        i++;
        continue;
      }
      if (c === "'" || c === '"') quote = c;
      else if (/[\s;|&<>()]/.test(c)) break;
      out += c === "=" ? "\\=" : c;
    }
  }
  return out + script.slice(i);
}
