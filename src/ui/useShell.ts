/**
 * The state behind an embedded terminal: the scrollback, the lines typed so far, whether a
 * command is running, and whether the shell waits for the rest of a multi-line command (an
 * open quote, a trailing `|` or backslash, a heredoc), as an interactive bash would.
 * Screen-level words such as `check` or `hint` are handed to the screen instead of the shell.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { promptFor } from "../shell/host-shell.js";
import { followCommand } from "../shell/follow.js";
import { CommandAccumulator } from "../shell/script.js";
import { orderedOutput } from "../shell/types.js";
import { expandHistory } from "./line-editor/history-expansion.js";
import type { ShellSession } from "./ports.js";

/** The prompt on the learner's own terminal; after `ssh NODE` it is `NODE:~$ ` (promptFor). */
export const PROMPT = promptFor(undefined);
export const CONTINUATION_PROMPT = "> ";
/**
 * A following command (`kubectl get -w`, `logs -f`, `sleep`) lets one virtual second pass per
 * this many real milliseconds, until Ctrl-C: ten times real time, so a rollout is watched in
 * seconds while each step can still be read.
 */
export const FOLLOW_TICK_MS = 100;
/** Older rows are dropped beyond this, so a long session cannot grow without bound. */
export const MAX_SCROLLBACK_LINES = 5000;

export type TerminalLineKind = "command" | "stdout" | "stderr" | "info" | "error" | "pass" | "fail";

export interface TerminalLine {
  kind: TerminalLineKind;
  text: string;
}

/** Handles a screen-level word; returns true when it took the line. */
export type BuiltinHandler = (command: string) => boolean;

export interface ShellState {
  lines: readonly TerminalLine[];
  history: readonly string[];
  /** The history including lines submitted since the last render (keys of one read see them). */
  currentHistory(): readonly string[];
  busy: boolean;
  /** The shell is waiting for the rest of a multi-line command. */
  continuing: boolean;
  /** `controlplane:~$ `, or `NODE:~$ ` after `ssh NODE`. */
  prompt: string;
  submit(line: string): void;
  /**
   * Ctrl+C: interrupts a following command (prints `^C`, the prompt comes back), or shows the
   * abandoned line with `^C`; either way forgets a half-entered command and any queued lines.
   */
  cancel(line: string): void;
  print(text: string, kind?: TerminalLineKind): void;
  clear(): void;
  setBusy(busy: boolean): void;
  /** The session commands run in (Tab completion asks it). */
  session: ShellSession | undefined;
}

export interface UseShellOptions {
  initialLines?: readonly TerminalLine[];
  initialHistory?: readonly string[];
  builtin?: BuiltinHandler;
  /** Called after each shell command finishes (e.g. to save the scrollback). */
  onRan?: () => void;
}

export function useShell(session: ShellSession | undefined, options: UseShellOptions = {}): ShellState {
  const [lines, setLines] = useState<readonly TerminalLine[]>(options.initialLines ?? []);
  const [history, setHistoryState] = useState<readonly string[]>(options.initialHistory ?? []);
  const historyRef = useRef<readonly string[]>(options.initialHistory ?? []);
  const setHistory = useCallback((next: readonly string[]) => {
    historyRef.current = next;
    setHistoryState(next);
  }, []);
  const [busy, setBusyState] = useState(false);
  const [continuing, setContinuing] = useState(false);
  const accumulator = useRef(new CommandAccumulator());
  const busyRef = useRef(false);
  const builtinRef = useRef(options.builtin);
  builtinRef.current = options.builtin;
  const onRanRef = useRef(options.onRan);
  onRanRef.current = options.onRan;

  const append = useCallback((added: readonly TerminalLine[]) => {
    setLines((previous) => {
      const next = [...previous, ...added];
      return next.length > MAX_SCROLLBACK_LINES ? next.slice(next.length - MAX_SCROLLBACK_LINES) : next;
    });
  }, []);

  const print = useCallback((text: string, kind: TerminalLineKind = "info") => append(splitOutput(text, kind)), [append]);

  const sessionRef = useRef(session);
  sessionRef.current = session;
  // Lines wait here while a command runs: a pasted script, or tmux send-keys, delivers several
  // lines at once, and a real terminal runs them one after the other.
  const queue = useRef<string[]>([]);
  /** Stops the following command that runs now, if any (Ctrl+C). */
  const interruptRef = useRef<(() => void) | undefined>(undefined);

  const runLine = useCallback(
    (line: string): Promise<void> | undefined => {
      const wasContinuing = accumulator.current.pending();
      append([{ kind: "command", text: (wasContinuing ? CONTINUATION_PROMPT : promptFor(sessionRef.current?.currentHost?.())) + line }]);
      if (!wasContinuing && line.trim() === "") return undefined;
      // `!!` and `!$`, expanded before the line is kept; bash shows the expanded line.
      const expansion = expandHistory(line, historyRef.current);
      if (!expansion.ok) {
        append([{ kind: "stderr", text: expansion.message }]);
        return undefined;
      }
      if (expansion.expanded) append([{ kind: "stdout", text: expansion.line }]);
      const command = accumulator.current.push(expansion.line);
      if (command === undefined) {
        setContinuing(true);
        return undefined;
      }
      setContinuing(false);
      const previous = historyRef.current;
      if (previous[previous.length - 1] !== command) setHistory([...previous, command]);
      if (!wasContinuing && builtinRef.current?.(command.trim()) === true) return undefined;
      const current = sessionRef.current;
      if (current === undefined) {
        append([{ kind: "error", text: "kadet: the world is still being prepared; try again in a moment" }]);
        return undefined;
      }
      // Command errors arrive asynchronously, where no React error boundary can see them,
      // so they are caught here and printed like any other error output.
      const failed = (error: unknown) => append([{ kind: "error", text: `kadet: internal error while running this command: ${errorText(error)}` }]);
      const follow = followCommand(command, (l) => current.run(l));
      if (follow !== undefined) return runFollow(follow, append, interruptRef).catch(failed);
      return current.run(command).then((result) => append(orderedOutput(result).flatMap((chunk) => splitOutput(chunk.text, chunk.stream))), failed);
    },
    [append, setHistory],
  );

  const pump = useCallback((): void => {
    // Lines typed ahead while the world is being prepared wait for it, as type-ahead waits
    // for a shell that is still starting.
    while (!busyRef.current && sessionRef.current !== undefined) {
      const line = queue.current.shift();
      if (line === undefined) return;
      const running = runLine(line);
      if (running === undefined) continue;
      busyRef.current = true;
      setBusyState(true);
      void running.finally(() => {
        busyRef.current = false;
        setBusyState(false);
        onRanRef.current?.();
        pump();
      });
    }
  }, [runLine]);

  const setBusy = useCallback(
    (value: boolean) => {
      busyRef.current = value;
      setBusyState(value);
      if (!value) pump();
    },
    [pump],
  );

  const submit = useCallback(
    (line: string) => {
      queue.current.push(line);
      pump();
    },
    [pump],
  );

  const cancel = useCallback(
    (line: string) => {
      const interrupt = interruptRef.current;
      if (interrupt !== undefined) {
        // bash: ^C ends the foreground command; keys typed ahead are flushed with it.
        interrupt();
        append([{ kind: "stdout", text: "^C" }]);
        queue.current = [];
        return;
      }
      append([{ kind: "command", text: (accumulator.current.pending() ? CONTINUATION_PROMPT : promptFor(sessionRef.current?.currentHost?.())) + line + "^C" }]);
      accumulator.current = new CommandAccumulator();
      queue.current = [];
      setContinuing(false);
    },
    [append],
  );

  useEffect(() => {
    if (session !== undefined) pump();
  }, [session, pump]);

  const clear = useCallback(() => setLines([]), []);
  const currentHistory = useCallback(() => historyRef.current, []);

  // Read at every render: a finished command (ssh, exit) re-renders the terminal.
  const prompt = promptFor(session?.currentHost?.());
  return { lines, history, currentHistory, busy, continuing, prompt, submit, cancel, print, clear, setBusy, session };
}

/** Runs a follow until it ends or is interrupted, printing what each tick adds. */
async function runFollow(
  follow: NonNullable<ReturnType<typeof followCommand>>,
  append: (lines: readonly TerminalLine[]) => void,
  interruptRef: { current: (() => void) | undefined },
): Promise<void> {
  let stopped = false;
  let wake: (() => void) | undefined;
  interruptRef.current = () => {
    stopped = true;
    wake?.();
  };
  const show = (out: { stdout: string; stderr: string }) => append([...splitOutput(out.stdout, "stdout"), ...splitOutput(out.stderr, "stderr")]);
  try {
    let step = await follow.start();
    show(step);
    while (!step.done && !stopped) {
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, FOLLOW_TICK_MS);
      });
      if (stopped) break;
      step = await follow.tick();
      show(step);
    }
  } finally {
    interruptRef.current = undefined;
  }
}

/** One terminal line per output line; the final newline of an output does not add an empty row. */
export function splitOutput(text: string, kind: TerminalLineKind): TerminalLine[] {
  if (text === "") return [];
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  return body.split("\n").map((row) => ({ kind, text: row.replace(/\r$/, "") }));
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
