/**
 * Keys Ink's `useInput` does not report: the function keys (F1–F5), which arrive as escape
 * sequences Ink drops, and Ctrl+L. It listens to the same input events `useInput` does,
 * on the raw sequence, and says which named key it was.
 *
 * Ordering matters when an `ink-text-input` is on screen: that component appends the letter
 * of a Ctrl+letter key to its value. A `RawKeyListener` rendered *before* the text input in
 * the tree subscribes first, so its handler runs first and can tell the input to drop the
 * keystroke (see `Terminal.tsx`).
 */
import { useEffect, useRef } from "react";
import { useStdin } from "ink";

export type RawKeyName = "f1" | "f2" | "f3" | "f4" | "f5" | "ctrl-l";

// xterm/tmux send SS3 forms for F1–F4 and CSI ~ forms for F5 and up; the Linux console uses
// "[[A".."[[E"; rxvt uses "[11~".."[15~". Modifier variants ("[15;2~") count as the plain key.
const SEQUENCES: readonly [RegExp, RawKeyName][] = [
  [/^\u001b(?:OP|\[11(?:;\d+)?~|\[\[A|\[1;\d+P)$/, "f1"],
  [/^\u001b(?:OQ|\[12(?:;\d+)?~|\[\[B|\[1;\d+Q)$/, "f2"],
  [/^\u001b(?:OR|\[13(?:;\d+)?~|\[\[C|\[1;\d+R)$/, "f3"],
  [/^\u001b(?:OS|\[14(?:;\d+)?~|\[\[D|\[1;\d+S)$/, "f4"],
  [/^\u001b(?:\[15(?:;\d+)?~|\[\[E)$/, "f5"],
  [/^\u000c$/, "ctrl-l"],
];

export function rawKeyName(sequence: string): RawKeyName | undefined {
  for (const [pattern, name] of SEQUENCES) if (pattern.test(sequence)) return name;
  return undefined;
}

/** Calls `handler` for each F1–F5 or Ctrl+L keypress while `active`. */
export function useRawKeys(handler: (key: RawKeyName) => void, active = true): void {
  const { internal_eventEmitter: events, setRawMode, isRawModeSupported } = useStdin();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!active) return;
    if (isRawModeSupported) setRawMode(true);
    // Subscribed once per activation with a stable listener, so this stays ahead of
    // components that re-subscribe on every render (ink-text-input does).
    const onInput = (sequence: string): void => {
      const name = rawKeyName(sequence);
      if (name !== undefined) latest.current(name);
    };
    events.on("input", onInput);
    return () => {
      events.off("input", onInput);
      if (isRawModeSupported) setRawMode(false);
    };
  }, [active, events, setRawMode, isRawModeSupported]);
}
