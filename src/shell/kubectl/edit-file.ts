/**
 * The file `kubectl edit` hands the editor, and how it reads it back
 * (kubectl/pkg/cmd/util/editor/editoptions.go editHeader.writeTo, hasLines, hashOnLineBreak;
 * kubectl/pkg/cmd/util/helpers.go StripComments, ManualStrip). Texts copied verbatim.
 */
import { yamlChunkToValue } from "./manifests.js";

/** Why the file must be edited again: a head line and its bullet points. */
export interface EditReason {
  head: string;
  other: string[];
}

const HEADER = `# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
`;

/** editHeader.writeTo in normal edit mode: the fixed comment, then each reason. */
export function editHeader(reasons: readonly EditReason[]): string {
  let text = HEADER;
  for (const r of reasons) {
    text += r.other.length > 0 ? `# ${hashOnLineBreak(r.head)}:\n` : `# ${hashOnLineBreak(r.head)}\n`;
    for (const o of r.other) text += `# * ${hashOnLineBreak(o)}\n`;
    text += "#\n";
  }
  return text;
}

/** A line break inside a reason continues the comment (`\n# `), unless a `#` already follows it. */
export function hashOnLineBreak(s: string): string {
  let r = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    r += i + 1 < s.length && ch === "\n" && s[i + 1] !== "#" ? "\n# " : ch;
  }
  return r;
}

/** ManualStrip: drops comment lines (a `#!` line stays), keeping every other line as it was. */
export function manualStrip(file: string): string {
  const lines = file.split("\n");
  const kept: string[] = [];
  lines.forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed.startsWith("#") && !trimmed.startsWith("#!")) return;
    kept.push(i < lines.length - 1 ? `${line}\n` : line);
  });
  return kept.join("");
}

/** StripComments: the document as JSON (so layout and comments do not count), or ManualStrip when it does not parse. */
export function stripComments(file: string): string {
  const converted = /^\s*[{[]/.test(file) ? jsonValue(file) : yamlChunkToValue(file);
  return converted.ok ? JSON.stringify(converted.value ?? null) : manualStrip(file);
}

function jsonValue(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return yamlChunkToValue(text);
  }
}

/** hasLines: whether any line is more than blanks or a comment. */
export function hasLines(file: string): boolean {
  return file.split("\n").some((line) => {
    const trimmed = line.trim();
    return trimmed.length > 0 && trimmed[0] !== "#";
  });
}
