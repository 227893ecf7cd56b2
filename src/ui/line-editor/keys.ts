/**
 * Turns the input events Ink emits (a run of typed text, or one escape sequence) into keys,
 * without Ink's `parseKeypress`: that parser leaves `name` undefined for sequences it does
 * not know (Ctrl+F1 `ESC[1;5P`, the device-status reports `ESC[0n`/`ESC[5n`/`ESC[6n`) and
 * `useInput` then throws a TypeError on `undefined.startsWith` (issue 6). Here every input
 * decodes to a key, and what is not a key is `unknown`, which every consumer ignores.
 *
 * Sequences: xterm ctlseqs, "PC-Style Function Keys" and "Bracketed Paste Mode"
 * (https://invisible-island.net/xterm/ctlseqs/ctlseqs.html); the Linux console's `ESC[[A`..`E`
 * and rxvt's `ESC[11~`.. for F1–F5.
 */

export type KeyName =
  | "up"
  | "down"
  | "left"
  | "right"
  | "home"
  | "end"
  | "pageup"
  | "pagedown"
  | "insert"
  | "delete"
  | "backspace"
  | "return"
  | "tab"
  | "escape"
  | "space"
  | "f1"
  | "f2"
  | "f3"
  | "f4"
  | "f5"
  | "f6"
  | "f7"
  | "f8"
  | "f9"
  | "f10"
  | "f11"
  | "f12"
  /** A letter or symbol pressed with Ctrl or Alt (`name` is the character, lower case for letters). */
  | string;

export type Key =
  /** Printable characters, typed or pasted without bracketed-paste markers. */
  | { type: "text"; text: string }
  /** The body of a bracketed paste (`ESC[200~` … `ESC[201~`), line breaks included. */
  | { type: "paste"; text: string }
  /** A bracketed paste longer than the limit: refused whole rather than cut. */
  | { type: "paste-refused"; length: number }
  | { type: "key"; name: KeyName; ctrl: boolean; meta: boolean; shift: boolean }
  /** An escape sequence that is no key kadet knows (a terminal report, an exotic modifier). */
  | { type: "unknown"; sequence: string };

/** The longest paste taken whole; a larger one is refused with a message, never cut. */
export const MAX_PASTE_CHARS = 1_048_576;

const PASTE_START = "\u001b[200~";
const PASTE_END = "\u001b[201~";

function key(name: KeyName, mods: { ctrl?: boolean; meta?: boolean; shift?: boolean } = {}): Key {
  return { type: "key", name, ctrl: mods.ctrl ?? false, meta: mods.meta ?? false, shift: mods.shift ?? false };
}

const TILDE_KEYS: Record<string, KeyName> = {
  "1": "home",
  "2": "insert",
  "3": "delete",
  "4": "end",
  "5": "pageup",
  "6": "pagedown",
  "7": "home",
  "8": "end",
  "11": "f1",
  "12": "f2",
  "13": "f3",
  "14": "f4",
  "15": "f5",
  "17": "f6",
  "18": "f7",
  "19": "f8",
  "20": "f9",
  "21": "f10",
  "23": "f11",
  "24": "f12",
};

const FINAL_KEYS: Record<string, KeyName> = {
  A: "up",
  B: "down",
  C: "right",
  D: "left",
  H: "home",
  F: "end",
  P: "f1",
  Q: "f2",
  R: "f3",
  S: "f4",
};

const LINUX_CONSOLE_F_KEYS: Record<string, KeyName> = { A: "f1", B: "f2", C: "f3", D: "f4", E: "f5" };

/** xterm's modifier parameter: 1 + (shift 1, alt 2, ctrl 4, meta 8). */
function modifiers(parameter: string | undefined): { ctrl: boolean; meta: boolean; shift: boolean } {
  const value = parameter === undefined || parameter === "" ? 1 : Number(parameter);
  const bits = Number.isInteger(value) && value >= 1 ? value - 1 : 0;
  return { shift: (bits & 1) !== 0, meta: (bits & 2) !== 0 || (bits & 8) !== 0, ctrl: (bits & 4) !== 0 };
}

/** One escape sequence (as Ink splits them) to a key. */
export function decodeEscape(sequence: string): Key {
  const unknown: Key = { type: "unknown", sequence };
  if (sequence === "\u001b" || sequence === "\u001b\u001b") return key("escape");
  // ESC ESC [ A: Alt+arrow as some terminals send it.
  if (sequence.startsWith("\u001b\u001b") && sequence.length > 2) {
    const inner = decodeEscape(sequence.slice(1));
    return inner.type === "key" ? { ...inner, meta: true } : unknown;
  }
  const csi = /^\u001b\[([\d;]*)([~A-Za-z])$/.exec(sequence);
  if (csi) {
    const [, params = "", final = ""] = csi;
    const parts = params.split(";");
    if (final === "~") {
      const name = TILDE_KEYS[parts[0] ?? ""];
      return name === undefined ? unknown : key(name, modifiers(parts[1]));
    }
    if (final === "Z" && params === "") return key("tab", { shift: true });
    const name = FINAL_KEYS[final];
    // `ESC[P` alone is not a key; `ESC[1;5P` is Ctrl+F1. Only "1;m" or nothing may precede.
    if (name === undefined || !(params === "" || (parts.length === 2 && parts[0] === "1"))) return unknown;
    if (params === "" && "PQRS".includes(final)) return unknown;
    return key(name, modifiers(parts[1]));
  }
  const linux = /^\u001b\[\[([A-E])$/.exec(sequence);
  if (linux) return key(LINUX_CONSOLE_F_KEYS[linux[1]!]!);
  const ss3 = /^\u001bO([A-Z])$/.exec(sequence);
  if (ss3) {
    const name = FINAL_KEYS[ss3[1]!];
    return name === undefined ? unknown : key(name);
  }
  // ESC + one character: Alt (meta) + that key.
  if (sequence.length === 2 || (sequence.length === 3 && sequence.codePointAt(1)! > 0xffff)) {
    const rest = sequence.slice(1);
    const inner = decodeText(rest);
    const only = inner.length === 1 ? inner[0]! : undefined;
    if (only?.type === "key") return { ...only, meta: true };
    if (only?.type === "text") return key(rest.length === 1 && /[A-Z]/.test(rest) ? rest.toLowerCase() : rest, { meta: true, shift: /[A-Z]/.test(rest) });
  }
  return unknown;
}

/** A control character to its key: Ctrl+A is 0x01, Enter is CR, Backspace is DEL (or ^H). */
function decodeControl(code: number): Key {
  if (code === 0x0d || code === 0x0a) return key("return");
  if (code === 0x09) return key("tab");
  if (code === 0x7f || code === 0x08) return key("backspace");
  if (code === 0x00) return key("space", { ctrl: true });
  if (code >= 0x01 && code <= 0x1a) return key(String.fromCharCode(code + 0x60), { ctrl: true });
  // Ctrl+\ ] ^ _ : no readline binding kadet implements.
  return { type: "unknown", sequence: String.fromCharCode(code) };
}

/** A run without escape characters: printable text split around the control characters in it. */
export function decodeText(run: string): Key[] {
  const keys: Key[] = [];
  let start = 0;
  for (let i = 0; i < run.length; i++) {
    const code = run.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) {
      if (i > start) keys.push({ type: "text", text: run.slice(start, i) });
      // CR LF from a pasted Windows file is one line break, not two.
      if (!(code === 0x0a && run.charCodeAt(i - 1) === 0x0d)) keys.push(decodeControl(code));
      start = i + 1;
    }
  }
  if (start < run.length) keys.push({ type: "text", text: run.slice(start) });
  return keys;
}

/**
 * Decodes Ink's input events in order. Stateful only for bracketed paste, whose body Ink
 * splits into several events (its text runs and any escape sequences inside it).
 */
export class KeyDecoder {
  private paste: string[] | undefined;
  private pasteLength = 0;

  constructor(private readonly maxPaste = MAX_PASTE_CHARS) {}

  push(event: string): Key[] {
    if (this.paste !== undefined) {
      const end = event.indexOf(PASTE_END);
      if (end === -1) {
        this.addToPaste(event);
        return [];
      }
      this.addToPaste(event.slice(0, end));
      const finished = this.finishPaste();
      return [finished, ...this.push(event.slice(end + PASTE_END.length))];
    }
    if (event === "") return [];
    const start = event.indexOf(PASTE_START);
    if (start !== -1) {
      const before = start > 0 ? this.push(event.slice(0, start)) : [];
      this.paste = [];
      this.pasteLength = 0;
      return [...before, ...this.push(event.slice(start + PASTE_START.length))];
    }
    if (!event.includes("\u001b")) return decodeText(event);
    if (event.startsWith("\u001b")) return [decodeEscape(event)];
    // Ink gives escape sequences events of their own; a mixed event is split at the escape.
    const at = event.indexOf("\u001b");
    return [...decodeText(event.slice(0, at)), ...this.push(event.slice(at))];
  }

  /** True while a bracketed paste has started and not yet ended. */
  pasting(): boolean {
    return this.paste !== undefined;
  }

  private addToPaste(text: string): void {
    if (this.paste === undefined || text === "") return;
    this.pasteLength += text.length;
    // Past the limit the text is only counted: holding 100 MB to refuse it would be absurd.
    if (this.pasteLength <= this.maxPaste) this.paste.push(text);
  }

  private finishPaste(): Key {
    const parts = this.paste ?? [];
    const length = this.pasteLength;
    this.paste = undefined;
    this.pasteLength = 0;
    if (length > this.maxPaste) return { type: "paste-refused", length };
    return { type: "paste", text: parts.join("").replace(/\r\n?/g, "\n") };
  }
}

/** True for Ctrl+letter `name` without Alt. */
export function isCtrl(k: Key, name: string): boolean {
  return k.type === "key" && k.ctrl && !k.meta && k.name === name;
}

/** True for Alt+`name` (Esc then the key, or a terminal's meta bit). */
export function isMeta(k: Key, name: string): boolean {
  return k.type === "key" && k.meta && !k.ctrl && k.name === name;
}

/** True for the plain named key (no Ctrl, no Alt). */
export function isPlain(k: Key, name: KeyName): boolean {
  return k.type === "key" && !k.ctrl && !k.meta && k.name === name;
}

/**
 * One word for a key, for screens that only need simple keys: a single typed character
 * (`q`, `?`, ` `), a plain named key (`up`, `pagedown`, `escape`), or `ctrl-c`/`meta-b`.
 * Longer typed text and unknown sequences give undefined.
 */
export function keyWord(k: Key): string | undefined {
  if (k.type === "text") return [...k.text].length === 1 ? k.text : undefined;
  if (k.type !== "key") return undefined;
  if (k.ctrl && !k.meta) return `ctrl-${k.name}`;
  if (k.meta) return `meta-${k.name}`;
  return k.name;
}
