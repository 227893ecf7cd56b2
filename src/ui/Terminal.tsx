/**
 * The embedded terminal: output scrollback above a `controlplane:~$ ` prompt. ↑/↓ recall
 * earlier commands, PgUp/PgDn scroll the output, Ctrl+L clears it. Function keys and `?` on
 * an empty prompt go to the screen. It draws state kept by `useShell`; it runs nothing.
 */
import { useMemo, useRef, useState } from "react";
import { Box, Text, useInput } from "ink";
import TextInput from "ink-text-input";
import { ErrorBoundary } from "./ErrorBoundary.js";
import { hardWrap, expandTabs, type SegmentStyle, type StyledLine } from "./markdown.js";
import { ScrollPane } from "./ScrollPane.js";
import { theme } from "./theme.js";
import { CONTINUATION_PROMPT, PROMPT, type ShellState, type TerminalLine } from "./useShell.js";
import { useRawKeys, type RawKeyName } from "./useRawKeys.js";

export interface TerminalProps {
  shell: ShellState;
  width: number;
  /** Rows for the output and the prompt together. */
  height: number;
  /** Whether keystrokes go to this terminal (false while a dialog or another pane has focus). */
  focused: boolean;
  /** F1–F5 (Ctrl+L is handled here). */
  onFunctionKey?: (key: Exclude<RawKeyName, "ctrl-l">) => void;
  /** `?` typed on an empty prompt. */
  onHelp?: () => void;
  /** Shown instead of the prompt while a command or a check runs. */
  busyLabel?: string;
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

export function Terminal({ shell, width, height, focused, onFunctionKey, onHelp, busyLabel }: TerminalProps) {
  const [value, setValueState] = useState("");
  const [scrollUp, setScrollUp] = useState(0);
  // Refs, not only state: several keys can arrive in one read (a paste followed by Enter,
  // tmux send-keys) and are handled before React re-renders, so handlers must see the
  // latest value rather than the one of their render.
  const valueRef = useRef("");
  const historyIndex = useRef<number | undefined>(undefined);
  const draft = useRef("");
  const setValue = (next: string): void => {
    valueRef.current = next;
    setValueState(next);
  };
  // Set by the raw-key listener, which runs before ink-text-input's, so that the text
  // input's reaction to the same keystroke (appending "l" for Ctrl+L) is dropped.
  const swallowNextChange = useRef(false);
  const inputActive = focused && !shell.busy;

  const rows = useMemo(() => wrapTerminalLines(shell.lines, width), [shell.lines, width]);
  const outputHeight = Math.max(1, height - 1);
  const maxScroll = Math.max(0, rows.length - outputHeight);
  const effectiveScroll = Math.min(scrollUp, maxScroll);

  const swallow = (): void => {
    swallowNextChange.current = true;
    queueMicrotask(() => {
      swallowNextChange.current = false;
    });
  };

  const onRawKey = (key: RawKeyName): void => {
    if (key === "ctrl-l") {
      swallow();
      shell.clear();
      setScrollUp(0);
      return;
    }
    onFunctionKey?.(key);
  };

  useInput(
    (input, key) => {
      if (key.upArrow || key.downArrow) {
        const history = shell.history;
        if (history.length === 0) return;
        const at = historyIndex.current;
        let index: number | undefined;
        if (key.upArrow) index = at === undefined ? history.length - 1 : Math.max(0, at - 1);
        else index = at === undefined || at + 1 >= history.length ? undefined : at + 1;
        if (at === undefined) draft.current = valueRef.current;
        historyIndex.current = index;
        setValue(index === undefined ? draft.current : history[index]!);
        return;
      }
      const page = Math.max(1, outputHeight - 1);
      if (key.pageUp) setScrollUp((up) => Math.min(maxScroll, Math.min(up, maxScroll) + page));
      else if (key.pageDown) setScrollUp((up) => Math.max(0, Math.min(up, maxScroll) - page));
      void input;
    },
    { isActive: inputActive },
  );

  const onChange = (next: string): void => {
    if (swallowNextChange.current) return;
    if (valueRef.current === "" && next === "?" && onHelp !== undefined) {
      onHelp();
      return;
    }
    if (/[\r\n]/.test(next)) {
      // A paste (or tmux send-keys) with line breaks arrives as one chunk: run each complete
      // line in order, as a terminal would, and keep what follows the last break at the prompt.
      const parts = next.replace(/\r\n?/g, "\n").split("\n");
      const rest = parts.pop() ?? "";
      setValue(rest);
      draft.current = "";
      historyIndex.current = undefined;
      setScrollUp(0);
      for (const part of parts) shell.submit(part);
      return;
    }
    setValue(next);
  };

  const onSubmit = (): void => {
    // ink-text-input passes the value of its last render; the ref has every keystroke.
    const line = valueRef.current;
    setValue("");
    draft.current = "";
    historyIndex.current = undefined;
    setScrollUp(0);
    shell.submit(line);
  };

  const prompt = shell.continuing ? CONTINUATION_PROMPT : PROMPT;
  return (
    <Box flexDirection="column" height={height}>
      <RawKeyListener onKey={onRawKey} active={focused} />
      <ErrorBoundary label="the terminal output" resetKey={shell.lines}>
        <ScrollPane lines={rows} offset={rows.length - outputHeight - effectiveScroll} height={outputHeight} showPosition={effectiveScroll > 0} />
      </ErrorBoundary>
      {shell.busy ? (
        <Text color={theme.warn}>{busyLabel ?? "running…"}</Text>
      ) : (
        <Box>
          <Text color={theme.accent} bold>
            {prompt}
          </Text>
          <TextInput value={value} onChange={onChange} onSubmit={onSubmit} focus={inputActive} showCursor />
        </Box>
      )}
    </Box>
  );
}

/**
 * Rendered before the text input so that its input listener is subscribed first (React runs
 * effects of earlier siblings first) and sees each keystroke before ink-text-input does.
 */
function RawKeyListener({ onKey, active }: { onKey: (key: RawKeyName) => void; active: boolean }) {
  useRawKeys(onKey, active);
  return null;
}

/** Each logical line cut to the width; a command line shows its prompt in the accent colour. */
export function wrapTerminalLines(lines: readonly TerminalLine[], width: number): StyledLine[] {
  const rows: StyledLine[] = [];
  for (const line of lines) {
    const pieces = hardWrap(expandTabs(line.text), Math.max(1, width));
    pieces.forEach((piece, index) => {
      if (line.kind === "command" && index === 0) {
        const promptText = piece.startsWith(PROMPT) ? PROMPT : piece.startsWith(CONTINUATION_PROMPT) ? CONTINUATION_PROMPT : "";
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
