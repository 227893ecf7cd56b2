/**
 * The embedded terminal: output scrollback above a `controlplane:~$ ` prompt whose line is
 * edited by `line-editor/editor.ts` (readline's emacs keys). Every key goes to the line
 * except those the screen claims first through `onScreenKey` (F-keys, the Ctrl+X prefix, a
 * y/n question) and PgUp/PgDn, which scroll the output. Keys typed while a command runs are
 * kept for the next prompt, as a terminal's type-ahead is. It draws state kept by `useShell`.
 */
import { useMemo, useRef, useState } from "react";
import { Box, Text } from "ink";
import { ErrorBoundary } from "./ErrorBoundary.js";
import { applyKey, emptyEditor, searchLine, withText, type EditorEffect, type EditorState } from "./line-editor/editor.js";
import { isPlain, type Key } from "./line-editor/keys.js";
import { hardWrap, expandTabs, type SegmentStyle, type StyledLine } from "./markdown.js";
import { ScrollPane } from "./ScrollPane.js";
import { theme } from "./theme.js";
import { useKeys } from "./useKeys.js";
import { CONTINUATION_PROMPT, type ShellState, type TerminalLine } from "./useShell.js";

/** A host prompt at the start of a command row (`controlplane:~$ `, `node01:~$ `), drawn in the accent colour. */
const HOST_PROMPT = /^[a-z0-9][a-z0-9.-]*:~\$ /;

/** What Tab found for the word at the cursor. */
export interface Completion {
  /** The line and cursor after completing (unchanged when nothing could be added). */
  line: string;
  cursor: number;
  /** Every candidate, listed on the second Tab when there is more than one. */
  candidates: readonly string[];
}

export type Completer = (line: string, cursor: number) => Completion | Promise<Completion>;

export interface TerminalProps {
  shell: ShellState;
  width: number;
  /** Rows for the output and the prompt together. */
  height: number;
  /** Whether keystrokes go to this terminal (false while a dialog has the keyboard). */
  focused: boolean;
  /** Sees every key first; returns true when the screen took it. */
  onScreenKey?: (key: Key) => boolean;
  /** Ctrl+D on an empty line (bash exits). */
  onExit?: () => void;
  /** Tab completion; without it Tab rings the bell. */
  complete?: Completer;
  /** Shown instead of the prompt while a command or a check runs. */
  busyLabel?: string;
  /** The line typed when the terminal was last left, restored on mount. */
  initialLine?: string;
  /** Called with the line as it changes, so a screen can keep it across visits. */
  onLineChange?: (line: string) => void;
}

const STYLE_OF: Record<TerminalLine["kind"], SegmentStyle> = {
  command: "plain",
  stdout: "plain",
  stderr: "fail",
  info: "muted",
  error: "fail",
  pass: "pass",
  fail: "fail",
};

export function Terminal(props: TerminalProps) {
  const { shell, width, height, focused, busyLabel } = props;
  // The editor state lives in a ref: several keys can arrive in one read (a paste, tmux
  // send-keys) and each must see the state the previous one left, before React re-renders.
  const editor = useRef<EditorState>(props.initialLine ? withText(emptyEditor(), props.initialLine) : emptyEditor());
  const [, setVersion] = useState(0);
  const [scrollUp, setScrollUp] = useState(0);
  const latestProps = useRef(props);
  latestProps.current = props;
  const completing = useRef(0);

  const rows = useMemo(() => wrapTerminalLines(shell.lines, width), [shell.lines, width]);

  const setEditor = (next: EditorState): void => {
    const changed = next.text !== editor.current.text;
    editor.current = next;
    setVersion((v) => v + 1);
    if (changed) latestProps.current.onLineChange?.(next.text);
  };

  const runEffect = (effect: EditorEffect): void => {
    const current = latestProps.current;
    switch (effect.type) {
      case "submit":
        setScrollUp(0);
        current.shell.submit(effect.line);
        return;
      case "cancel":
        setScrollUp(0);
        current.shell.cancel(effect.line);
        return;
      case "eof":
        if (current.shell.continuing) return;
        current.onExit?.();
        return;
      case "clear-screen":
        current.shell.clear();
        setScrollUp(0);
        return;
      case "message":
        current.shell.print(effect.text, "error");
        return;
      case "complete":
        void complete(effect.again);
        return;
      case "bell":
        return;
    }
  };

  const complete = async (again: boolean): Promise<void> => {
    const session = latestProps.current.shell.session;
    const completer = latestProps.current.complete ?? (session?.complete ? (line: string, cursor: number) => session.complete!(line, cursor) : undefined);
    if (completer === undefined) return;
    const before = editor.current;
    const ticket = ++completing.current;
    const found = await completer(before.text, before.cursor);
    // A key typed while completing wins: the completion is for a line that no longer exists.
    if (ticket !== completing.current || editor.current.text !== before.text || editor.current.cursor !== before.cursor) return;
    if (found.line !== before.text || found.cursor !== before.cursor) {
      setEditor({ ...withText(editor.current, found.line, found.cursor), last: "complete" });
      return;
    }
    if (again && found.candidates.length > 1) {
      const shown = latestProps.current.shell.prompt + before.text;
      latestProps.current.shell.print(`${shown}\n${columns(found.candidates, width)}`, "stdout");
    }
  };

  const onKey = (key: Key): void => {
    const current = latestProps.current;
    if (current.onScreenKey?.(key) === true) return;
    if (key.type === "key" && !key.ctrl && (key.name === "pageup" || key.name === "pagedown")) {
      const outputRows = Math.max(1, current.height - 1);
      const page = Math.max(1, outputRows - 1);
      const maxScroll = Math.max(0, rows.length - outputRows);
      setScrollUp((up) => (key.name === "pageup" ? Math.min(maxScroll, Math.min(up, maxScroll) + page) : Math.max(0, Math.min(up, maxScroll) - page)));
      return;
    }
    if (key.type === "key" && /^f\d+$/.test(key.name)) return;
    const result = applyKey(editor.current, key, current.shell.currentHistory());
    if (result.state !== editor.current) {
      completing.current++;
      setEditor(result.state);
    }
    for (const effect of result.effects) runEffect(effect);
    if (isPlain(key, "return")) setScrollUp(0);
  };

  useKeys(onKey, focused);

  const state = editor.current;
  const inputRows = useMemo(() => promptRows(state, shell, width), [state, shell, width]);
  const maxInputRows = Math.max(1, Math.floor(height / 2));
  const cursorRow = inputRows.findIndex((row) => row.some((segment) => segment.cursor));
  const lastShown = Math.max(cursorRow, Math.min(inputRows.length, maxInputRows) - 1);
  const shownInput = shell.busy ? [] : inputRows.slice(Math.max(0, lastShown - maxInputRows + 1), lastShown + 1);
  const outputHeight = Math.max(1, height - Math.max(1, shownInput.length));
  const maxScroll = Math.max(0, rows.length - outputHeight);
  const effectiveScroll = Math.min(scrollUp, maxScroll);

  return (
    <Box flexDirection="column" height={height}>
      <ErrorBoundary label="the terminal output" resetKey={shell.lines}>
        <ScrollPane lines={rows} offset={rows.length - outputHeight - effectiveScroll} height={outputHeight} showPosition={effectiveScroll > 0} />
      </ErrorBoundary>
      {shell.busy ? (
        <Text color={theme.warn}>{busyLabel ?? "running…"}</Text>
      ) : (
        shownInput.map((row, index) => <PromptRow key={index} row={row} showCursor={focused} />)
      )}
    </Box>
  );
}

interface PromptSegment {
  text: string;
  style: "accent" | "plain" | "muted";
  cursor?: boolean;
}

function PromptRow({ row, showCursor }: { row: PromptSegment[]; showCursor: boolean }) {
  return (
    <Text wrap="truncate-end">
      {row.map((segment, index) =>
        segment.cursor ? (
          <Text key={index} inverse={showCursor}>
            {segment.text}
          </Text>
        ) : (
          <Text key={index} color={segment.style === "accent" ? theme.accent : segment.style === "muted" ? theme.muted : theme.text} bold={segment.style === "accent"}>
            {segment.text}
          </Text>
        ),
      )}
    </Text>
  );
}

/**
 * The prompt and the line, cut to the width, with the character under the cursor marked.
 * While Ctrl+R searches, readline's `(reverse-i-search)`query': ` replaces the prompt.
 */
export function promptRows(state: EditorState, shell: Pick<ShellState, "continuing" | "currentHistory" | "prompt">, width: number): PromptSegment[][] {
  const search = state.search;
  let prompt: string;
  let text: string;
  let cursor: number;
  if (search !== undefined) {
    prompt = `(${search.failed ? "failed " : ""}reverse-i-search)\`${search.query}': `;
    text = searchLine(state, shell.currentHistory());
    const at = search.match === undefined ? -1 : text.indexOf(search.query);
    cursor = at === -1 ? text.length : at;
  } else {
    prompt = shell.continuing ? CONTINUATION_PROMPT : shell.prompt;
    text = state.text;
    cursor = state.cursor;
  }
  // Control characters (a pasted tab) are shown the way they would be typed, one cell each.
  const shown = text.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === "\t" ? " " : "?"));
  const full = prompt + shown + " ";
  const at = prompt.length + cursor;
  const max = Math.max(1, width);
  const rows: PromptSegment[][] = [];
  for (let start = 0; start < full.length; start += max) {
    const end = Math.min(full.length, start + max);
    const row: PromptSegment[] = [];
    const push = (from: number, to: number, cursorHere = false): void => {
      if (to <= from) return;
      const promptEnd = Math.min(to, prompt.length);
      if (!cursorHere && from < prompt.length) {
        row.push({ text: full.slice(from, promptEnd), style: search ? "muted" : "accent" });
        if (promptEnd < to) row.push({ text: full.slice(promptEnd, to), style: "plain" });
        return;
      }
      row.push({ text: full.slice(from, to), style: "plain", ...(cursorHere ? { cursor: true } : {}) });
    };
    if (at >= start && at < end) {
      push(start, at);
      push(at, at + 1, true);
      push(at + 1, end);
    } else push(start, end);
    rows.push(row);
  }
  return rows;
}

/** Candidates in columns across the width, as readline lists them. */
export function columns(candidates: readonly string[], width: number): string {
  const cell = Math.max(...candidates.map((c) => c.length)) + 2;
  const perRow = Math.max(1, Math.floor(Math.max(1, width) / cell));
  const rowsCount = Math.ceil(candidates.length / perRow);
  const lines: string[] = [];
  // Readline fills columns top to bottom, as `ls` does.
  for (let r = 0; r < rowsCount; r++) {
    let line = "";
    for (let c = 0; c < perRow; c++) {
      const item = candidates[c * rowsCount + r];
      if (item !== undefined) line += item.padEnd(cell);
    }
    lines.push(line.trimEnd());
  }
  return lines.join("\n");
}

/** Each logical line cut to the width; a command line shows its prompt in the accent colour. */
export function wrapTerminalLines(lines: readonly TerminalLine[], width: number): StyledLine[] {
  const rows: StyledLine[] = [];
  for (const line of lines) {
    const pieces = hardWrap(expandTabs(line.text), Math.max(1, width));
    pieces.forEach((piece, index) => {
      if (line.kind === "command" && index === 0) {
        const promptText = HOST_PROMPT.exec(piece)?.[0] ?? (piece.startsWith(CONTINUATION_PROMPT) ? CONTINUATION_PROMPT : "");
        rows.push(
          promptText === ""
            ? [{ text: piece, style: "plain" }]
            : [
                { text: promptText, style: "accent" },
                { text: piece.slice(promptText.length), style: "plain" },
              ],
        );
      } else rows.push([{ text: piece, style: STYLE_OF[line.kind] }]);
    });
  }
  return rows;
}
