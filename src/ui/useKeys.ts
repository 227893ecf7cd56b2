/**
 * The one way a kadet screen reads the keyboard: Ink's input events decoded by
 * `line-editor/keys.ts`. Ink's own `useInput` is not used anywhere in kadet: its key parser
 * leaves the name of a sequence it does not know undefined (Ctrl+F1 `ESC[1;5P`, the
 * device-status reports `ESC[0n`/`ESC[5n`/`ESC[6n`) and then throws a TypeError from its
 * input listener, which takes the whole trainer down (issue 6).
 */
import { useEffect, useRef } from "react";
import { useStdin } from "ink";
import { KeyDecoder, type Key } from "./line-editor/keys.js";

export type KeyHandler = (key: Key) => void;

/** Calls `handler` for every key, in order, while `active`. */
export function useKeys(handler: KeyHandler, active = true): void {
  const { internal_eventEmitter: events, setRawMode, isRawModeSupported } = useStdin();
  const latest = useRef(handler);
  latest.current = handler;
  // Raw mode for as long as the component is mounted, active or not: when Ink's count of
  // raw-mode users falls to 0 it switches the terminal back to cooked mode and drops its
  // half-read input, so keys typed while one listener hands over to another would be lost
  // (or echoed by the tty).
  useEffect(() => {
    if (!isRawModeSupported) return;
    setRawMode(true);
    return () => setRawMode(false);
  }, [setRawMode, isRawModeSupported]);
  useEffect(() => {
    if (!active) return;
    // One decoder per listener: a bracketed paste is split over several of Ink's events.
    const decoder = new KeyDecoder();
    const onInput = (event: unknown): void => {
      if (typeof event !== "string") return;
      for (const key of decoder.push(event)) latest.current(key);
    };
    events.on("input", onInput);
    return () => {
      events.off("input", onInput);
    };
  }, [active, events]);
}
