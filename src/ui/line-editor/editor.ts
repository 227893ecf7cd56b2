/**
 * The line editor of every kadet terminal, as a pure state machine: a key and the state in,
 * the next state and what the terminal must do out (run a line, clear the screen, cancel,
 * leave, complete). It follows GNU Readline's emacs mode, the one bash uses in the CKA/CKAD
 * exam terminals: the bindings and their semantics are those of the Readline manual's
 * "Bindable Readline Commands" (https://tiswww.case.edu/php/chet/readline/readline.html).
 *
 * No library fits: Node's readline owns its stream and its rendering, ink-text-input has no
 * readline keys and drops keys that arrive before a re-render (a paste split over several
 * reads lost its first 4,095 characters, issue 6); this module has no I/O and no rendering.
 */
import { isCtrl, isMeta, isPlain, type Key } from "./keys.js";

/** The longest line kept; a paste or typing past it is refused with a message, never cut. */
export const MAX_LINE_CHARS = 1_048_576;

export interface SearchState {
  /** What the learner typed after Ctrl+R. */
  readonly query: string;
  /** The history index of the match shown, or undefined before any match. */
  readonly match: number | undefined;
  /** The last search found nothing: readline shows `failed reverse-i-search`. */
  readonly failed: boolean;
  /** The line and cursor before the search, restored by Ctrl+G. */
  readonly original: { text: string; cursor: number };
}

export interface EditorState {
  readonly text: string;
  /** Cursor position as a UTF-16 index into `text`. */
  readonly cursor: number;
  /** Killed text, newest first (Ctrl+Y yanks the first). */
  readonly killRing: readonly string[];
  /** What the previous key did, for kills that append and Alt+Y that follows a yank. */
  readonly last: "kill-forward" | "kill-backward" | "yank" | "complete" | "other";
  /** The span the last yank inserted, so Alt+Y can replace it. */
  readonly yanked?: { start: number; end: number; ring: number };
  /** While browsing history: the index shown, and the line being typed before browsing. */
  readonly historyIndex: number | undefined;
  readonly draft: string;
  readonly search: SearchState | undefined;
  /** Esc was pressed: readline reads the next key as Alt+key (Esc b is Alt+B). */
  readonly metaPending?: boolean;
}

export type EditorEffect =
  /** Enter: run this line (history expansion is the caller's job). */
  | { type: "submit"; line: string }
  /** Ctrl+C: the line was abandoned (the terminal prints it with `^C`). */
  | { type: "cancel"; line: string }
  /** Ctrl+D on an empty line. */
  | { type: "eof" }
  /** Ctrl+L: clear the screen; the line stays. */
  | { type: "clear-screen" }
  /** Tab: complete the word at the cursor; `again` for the second Tab in a row. */
  | { type: "complete"; again: boolean }
  /** Something refused, with the reason to print. */
  | { type: "message"; text: string }
  /** Nothing to do (readline rings the bell). */
  | { type: "bell" };

export interface EditorResult {
  state: EditorState;
  effects: EditorEffect[];
}

export function emptyEditor(): EditorState {
  return { text: "", cursor: 0, killRing: [], last: "other", historyIndex: undefined, draft: "", search: undefined };
}

/** Sets the line (after a completion, or a screen that restores a typed line). */
export function withText(state: EditorState, text: string, cursor = text.length): EditorState {
  return { ...state, text, cursor: clamp(cursor, text), last: "other", search: undefined };
}

const KILL_RING_SIZE = 30;

/** Whether readline counts `ch` as part of a word for Alt+B/F/D (letters and digits). */
function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
}

function clamp(at: number, text: string): number {
  return Math.max(0, Math.min(text.length, at));
}

/** One character left, stepping over a surrogate pair as one. */
function prevIndex(text: string, at: number): number {
  if (at <= 0) return 0;
  const low = text.charCodeAt(at - 1);
  return at >= 2 && low >= 0xdc00 && low <= 0xdfff ? at - 2 : at - 1;
}

function nextIndex(text: string, at: number): number {
  if (at >= text.length) return text.length;
  const high = text.charCodeAt(at);
  return high >= 0xd800 && high <= 0xdbff && at + 1 < text.length ? at + 2 : at + 1;
}

/** Readline's forward-word: past non-word characters, then to the end of the word. */
export function forwardWord(text: string, at: number): number {
  let i = at;
  while (i < text.length && !isWordChar(text[i])) i++;
  while (i < text.length && isWordChar(text[i])) i++;
  return i;
}

/** Readline's backward-word: back over non-word characters, then to the word's start. */
export function backwardWord(text: string, at: number): number {
  let i = at;
  while (i > 0 && !isWordChar(text[i - 1])) i--;
  while (i > 0 && isWordChar(text[i - 1])) i--;
  return i;
}

/** unix-word-rubout (Ctrl+W): back over whitespace, then to the previous whitespace. */
function unixWordStart(text: string, at: number): number {
  let i = at;
  while (i > 0 && /\s/.test(text[i - 1]!)) i--;
  while (i > 0 && !/\s/.test(text[i - 1]!)) i--;
  return i;
}

function insert(state: EditorState, piece: string): EditorResult {
  if (state.text.length + piece.length > MAX_LINE_CHARS) {
    return {
      state,
      effects: [{ type: "message", text: `kadet: refused: the line would be ${state.text.length + piece.length} characters, over the limit of ${MAX_LINE_CHARS}; nothing was inserted` }],
    };
  }
  const text = state.text.slice(0, state.cursor) + piece + state.text.slice(state.cursor);
  return done({ ...state, text, cursor: state.cursor + piece.length });
}

function done(state: EditorState, ...effects: EditorEffect[]): EditorResult {
  return { state: { ...state, last: "other", yanked: undefined }, effects };
}

/** Removes [from, to) into the kill ring; consecutive kills build one entry, as readline does. */
function kill(state: EditorState, from: number, to: number, direction: "kill-forward" | "kill-backward"): EditorResult {
  if (from >= to) return done(state);
  const removed = state.text.slice(from, to);
  const text = state.text.slice(0, from) + state.text.slice(to);
  const appending = state.last === "kill-forward" || state.last === "kill-backward";
  const head = state.killRing[0] ?? "";
  const entry = appending ? (direction === "kill-backward" ? removed + head : head + removed) : removed;
  const killRing = appending ? [entry, ...state.killRing.slice(1)] : [entry, ...state.killRing].slice(0, KILL_RING_SIZE);
  return { state: { ...state, text, cursor: from, killRing, last: direction, yanked: undefined }, effects: [] };
}

function yank(state: EditorState): EditorResult {
  const piece = state.killRing[0];
  if (piece === undefined) return { state, effects: [{ type: "bell" }] };
  const inserted = insert(state, piece);
  if (inserted.state === state) return inserted;
  return { state: { ...inserted.state, last: "yank", yanked: { start: state.cursor, end: state.cursor + piece.length, ring: 0 } }, effects: inserted.effects };
}

/** Alt+Y after a yank: replace what was yanked with the next older kill. */
function yankPop(state: EditorState): EditorResult {
  if (state.last !== "yank" || state.yanked === undefined || state.killRing.length < 2) return { state, effects: [{ type: "bell" }] };
  const ring = (state.yanked.ring + 1) % state.killRing.length;
  const piece = state.killRing[ring]!;
  const text = state.text.slice(0, state.yanked.start) + piece + state.text.slice(state.yanked.end);
  const end = state.yanked.start + piece.length;
  return { state: { ...state, text, cursor: end, last: "yank", yanked: { start: state.yanked.start, end, ring } }, effects: [] };
}

/** transpose-chars (Ctrl+T): at the end of the line it swaps the two characters before the cursor. */
function transpose(state: EditorState): EditorResult {
  const { text } = state;
  if (text.length < 2 || state.cursor === 0) return { state, effects: [{ type: "bell" }] };
  const at = state.cursor === text.length ? prevIndex(text, text.length) : state.cursor;
  const before = prevIndex(text, at);
  const after = nextIndex(text, at);
  const swapped = text.slice(0, before) + text.slice(at, after) + text.slice(before, at) + text.slice(after);
  return done({ ...state, text: swapped, cursor: after });
}

/** Readline's Alt+. (yank-last-arg): the last word of the previous history line. */
function yankLastArg(state: EditorState, history: readonly string[]): EditorResult {
  const previous = history[history.length - 1];
  const word = previous === undefined ? undefined : lastWord(previous);
  if (word === undefined) return { state, effects: [{ type: "bell" }] };
  return insert(state, word);
}

/** The last whitespace-separated word of a line (what `!$` and Alt+. give). */
export function lastWord(line: string): string | undefined {
  const words = line.trim().split(/\s+/).filter((w) => w !== "");
  return words[words.length - 1];
}

function showHistory(state: EditorState, history: readonly string[], index: number | undefined): EditorResult {
  const draft = state.historyIndex === undefined ? state.text : state.draft;
  const text = index === undefined ? draft : history[index]!;
  return done({ ...state, text, cursor: text.length, historyIndex: index, draft });
}

function historyUp(state: EditorState, history: readonly string[]): EditorResult {
  if (history.length === 0) return { state, effects: [{ type: "bell" }] };
  const at = state.historyIndex;
  if (at === 0) return { state, effects: [{ type: "bell" }] };
  return showHistory(state, history, at === undefined ? history.length - 1 : at - 1);
}

function historyDown(state: EditorState, history: readonly string[]): EditorResult {
  const at = state.historyIndex;
  if (at === undefined) return { state, effects: [{ type: "bell" }] };
  return showHistory(state, history, at + 1 >= history.length ? undefined : at + 1);
}

/** Finds `query` in history at or before `from`, newest first. */
function searchBack(history: readonly string[], query: string, from: number): number | undefined {
  for (let i = Math.min(from, history.length - 1); i >= 0; i--) if (history[i]!.includes(query)) return i;
  return undefined;
}

function startSearch(state: EditorState): EditorResult {
  return {
    state: { ...state, last: "other", search: { query: "", match: undefined, failed: false, original: { text: state.text, cursor: state.cursor } } },
    effects: [],
  };
}

/** The line shown while searching: the match, or the original line before any match. */
export function searchLine(state: EditorState, history: readonly string[]): string {
  const search = state.search;
  if (search === undefined) return state.text;
  return search.match === undefined ? search.original.text : history[search.match]!;
}

function searchTo(state: EditorState, search: SearchState, history: readonly string[], query: string, from: number): EditorResult {
  const found = query === "" ? undefined : searchBack(history, query, from);
  const next: SearchState = found === undefined ? { ...search, query, failed: query !== "" } : { ...search, query, match: found, failed: false };
  return { state: { ...state, search: next }, effects: found === undefined && query !== "" ? [{ type: "bell" }] : [] };
}

/** Leaves the search with its match as the line, cursor where readline puts it (on the match). */
function acceptSearch(state: EditorState, history: readonly string[]): EditorState {
  const search = state.search!;
  if (search.match === undefined) return { ...state, text: search.original.text, cursor: search.original.cursor, search: undefined };
  const text = history[search.match]!;
  const at = text.indexOf(search.query);
  return { ...state, text, cursor: at === -1 ? text.length : at, historyIndex: search.match, search: undefined };
}

function searchKey(state: EditorState, key: Key, history: readonly string[]): EditorResult {
  const search = state.search!;
  if (key.type === "text") return searchTo(state, search, history, search.query + key.text, search.match ?? history.length - 1);
  if (isCtrl(key, "r")) {
    // Readline would reuse the previous search string here; kadet does not keep it.
    if (search.query === "") return { state, effects: [{ type: "bell" }] };
    const from = search.match === undefined ? history.length - 1 : search.match - 1;
    const found = searchBack(history, search.query, from);
    if (found === undefined) return { state: { ...state, search: { ...search, failed: true } }, effects: [{ type: "bell" }] };
    return { state: { ...state, search: { ...search, match: found, failed: false } }, effects: [] };
  }
  if (isPlain(key, "backspace")) {
    const query = search.query.slice(0, prevIndex(search.query, search.query.length));
    return searchTo(state, { ...search, match: undefined }, history, query, history.length - 1);
  }
  if (isCtrl(key, "g") || isPlain(key, "escape")) {
    return done({ ...state, text: search.original.text, cursor: search.original.cursor, search: undefined });
  }
  if (isCtrl(key, "c")) return applyKey({ ...state, search: undefined, text: searchLine(state, history) }, key, history);
  if (key.type === "paste") return searchTo(state, search, history, search.query + key.text.replace(/\n/g, " "), search.match ?? history.length - 1);
  if (key.type !== "key") return { state, effects: [] };
  // Any other key ends the search with the match as the line and then does its own job.
  return applyKey(acceptSearch(state, history), key, history);
}

/** Applies one key to the line. `history` is the terminal's, oldest first. */
export function applyKey(state: EditorState, key: Key, history: readonly string[]): EditorResult {
  if (state.metaPending) {
    const rest = { ...state, metaPending: false };
    // Only Alt bindings kadet has are reached this way; Ctrl+C or Enter after Esc keep their meaning.
    if (key.type === "key" && !key.ctrl && (key.name === "backspace" || key.name.length === 1)) return applyKey(rest, { ...key, meta: true }, history);
    if (key.type === "text") {
      const [first = "", tail] = [key.text.slice(0, 1), key.text.slice(1)];
      const meta = applyKey(rest, { type: "key", name: first.toLowerCase(), ctrl: false, meta: true, shift: first !== first.toLowerCase() }, history);
      if (tail === "") return meta;
      const after = applyKey(meta.state, { type: "text", text: tail }, history);
      return { state: after.state, effects: [...meta.effects, ...after.effects] };
    }
    return applyKey(rest, key, history);
  }
  if (state.search !== undefined) return searchKey(state, key, history);
  switch (key.type) {
    case "text":
      return insert(state, key.text);
    case "paste":
      return paste(state, key.text);
    case "paste-refused":
      return {
        state,
        effects: [{ type: "message", text: `kadet: paste refused: ${key.length} characters is over the limit of ${MAX_LINE_CHARS}; nothing was inserted` }],
      };
    case "unknown":
      return { state, effects: [] };
    case "key":
      break;
  }
  const { text, cursor } = state;
  if (isPlain(key, "return") || isCtrl(key, "j") || isCtrl(key, "m")) {
    return { state: emptyWithRing(state), effects: [{ type: "submit", line: text }] };
  }
  if (isCtrl(key, "c")) return { state: emptyWithRing(state), effects: [{ type: "cancel", line: text }] };
  if (isCtrl(key, "d")) {
    if (text === "") return { state, effects: [{ type: "eof" }] };
    if (cursor >= text.length) return { state, effects: [{ type: "bell" }] };
    return done({ ...state, text: text.slice(0, cursor) + text.slice(nextIndex(text, cursor)) });
  }
  if (isPlain(key, "delete")) {
    if (cursor >= text.length) return { state, effects: [{ type: "bell" }] };
    return done({ ...state, text: text.slice(0, cursor) + text.slice(nextIndex(text, cursor)) });
  }
  if (isPlain(key, "backspace") || (key.name === "backspace" && key.shift)) {
    if (cursor === 0) return { state, effects: [{ type: "bell" }] };
    const from = prevIndex(text, cursor);
    return done({ ...state, text: text.slice(0, from) + text.slice(cursor), cursor: from });
  }
  if (isCtrl(key, "a") || isPlain(key, "home")) return done({ ...state, cursor: 0 });
  if (isCtrl(key, "e") || isPlain(key, "end")) return done({ ...state, cursor: text.length });
  if (isCtrl(key, "b") || isPlain(key, "left")) return done({ ...state, cursor: prevIndex(text, cursor) });
  if (isCtrl(key, "f") || isPlain(key, "right")) return done({ ...state, cursor: nextIndex(text, cursor) });
  if (isMeta(key, "b") || (key.name === "left" && (key.ctrl || key.meta))) return done({ ...state, cursor: backwardWord(text, cursor) });
  if (isMeta(key, "f") || (key.name === "right" && (key.ctrl || key.meta))) return done({ ...state, cursor: forwardWord(text, cursor) });
  if (isCtrl(key, "w")) return kill(state, unixWordStart(text, cursor), cursor, "kill-backward");
  if (isMeta(key, "backspace")) return kill(state, backwardWord(text, cursor), cursor, "kill-backward");
  if (isMeta(key, "d")) return kill(state, cursor, forwardWord(text, cursor), "kill-forward");
  if (isCtrl(key, "u")) return kill(state, 0, cursor, "kill-backward");
  if (isCtrl(key, "k")) return kill(state, cursor, text.length, "kill-forward");
  if (isCtrl(key, "y")) return yank(state);
  if (isMeta(key, "y")) return yankPop(state);
  if (isCtrl(key, "t")) return transpose(state);
  if (isMeta(key, ".") || isMeta(key, "_")) return yankLastArg(state, history);
  if (isCtrl(key, "l")) return { state, effects: [{ type: "clear-screen" }] };
  if (isPlain(key, "up") || isCtrl(key, "p")) return historyUp(state, history);
  if (isPlain(key, "down") || isCtrl(key, "n")) return historyDown(state, history);
  if (isCtrl(key, "r")) return startSearch(state);
  if (isPlain(key, "escape")) return { state: { ...state, metaPending: true }, effects: [] };
  if (isPlain(key, "tab")) return { state: { ...state, last: "complete" }, effects: [{ type: "complete", again: state.last === "complete" }] };
  if (isPlain(key, "space") || (key.name === "space" && key.shift)) return insert(state, " ");
  // Keys readline would use for something kadet does not do (Alt+letters, Ctrl+\ ...) change nothing.
  return { state, effects: [] };
}

/**
 * A paste goes in at the cursor as typed text; each line break in it then runs the line it
 * ends, as a terminal without bracketed paste would, and what follows the last break stays.
 */
function paste(state: EditorState, text: string): EditorResult {
  if (!text.includes("\n")) return insert(state, text);
  const inserted = insert(state, text);
  if (inserted.state === state) return inserted;
  const after = state.text.slice(state.cursor);
  const lines = inserted.state.text.split("\n");
  const rest = lines.pop()!;
  const effects: EditorEffect[] = lines.map((line) => ({ type: "submit", line }));
  return { state: { ...emptyWithRing(state), text: rest, cursor: rest.length - after.length }, effects };
}

function emptyWithRing(state: EditorState): EditorState {
  return { ...emptyEditor(), killRing: state.killRing };
}
