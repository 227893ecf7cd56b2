/**
 * The sandbox: the exercise terminal on a fresh default world, with no task and no grading.
 * `reset` (after a confirmation) starts over on a new world. The terminal has the keyboard;
 * the screen takes only F1, Ctrl+X chords and its own y/n question.
 */
import { useRef, useState } from "react";
import { Box, Text } from "ink";
import { Footer, TitleBar } from "./Chrome.js";
import { FOOTER, SANDBOX_TRAINER_KEYS } from "./keymap.js";
import type { Key } from "./line-editor/keys.js";
import type { ShellSession } from "./ports.js";
import { Terminal, type Completer } from "./Terminal.js";
import { theme } from "./theme.js";
import { confirmAnswer, TrainerKeyReader } from "./trainerKeys.js";
import { useShell, type TerminalLine } from "./useShell.js";

export interface SandboxRun {
  session: ShellSession;
  lines: TerminalLine[];
  history: string[];
  /** The line being typed when the learner left the screen. */
  line?: string;
}

export interface SandboxScreenProps {
  run: SandboxRun;
  newSession: () => ShellSession;
  width: number;
  height: number;
  active: boolean;
  onHelp: () => void;
  onBack: () => void;
  /** Quit kadet (the app asks first when an exercise is in progress). */
  onQuit?: () => void;
  /** Completion on the current session. */
  completerFor?: (session: ShellSession) => Completer | undefined;
}

const WELCOME = "A fresh simulated Kubernetes 1.32 cluster. Try `kubectl get nodes`; `sim help` controls the world.";

export function SandboxScreen({ run, newSession, width, height, active, onHelp, onBack, onQuit, completerFor }: SandboxScreenProps) {
  const [session, setSession] = useState(run.session);
  const [confirmReset, setConfirmReset] = useState(false);
  const [chordPending, setChordPending] = useState(false);
  const trainerKeys = useRef(new TrainerKeyReader(SANDBOX_TRAINER_KEYS));
  const builtinRef = useRef<(command: string) => boolean>(() => false);
  const shell = useShell(session, {
    initialLines: run.lines.length > 0 ? run.lines : [{ kind: "info", text: WELCOME }],
    initialHistory: run.history,
    builtin: (command) => builtinRef.current(command),
    onRan: () => undefined,
  });
  run.lines = [...shell.lines];
  run.history = [...shell.history];

  builtinRef.current = (command) => {
    if (command === "exit" || command === "logout") onBack();
    else if (command === "clear") shell.clear();
    else if (command === "reset") setConfirmReset(true);
    else if (command === "help") onHelp();
    else return false;
    return true;
  };

  const onScreenKey = (key: Key): boolean => {
    if (confirmReset) {
      const reply = confirmAnswer(key);
      setConfirmReset(false);
      if (reply === "yes") {
        const fresh = newSession();
        run.session = fresh;
        setSession(fresh);
        shell.print(`A fresh world (preset "${fresh.presetName()}").`, "info");
      }
      if (reply !== "other") return true;
    }
    const read = trainerKeys.current.read(key);
    setChordPending(trainerKeys.current.pending);
    if (read.kind === "action") {
      if (read.action === "help") onHelp();
      else if (read.action === "back") onBack();
      else if (read.action === "quit") onQuit?.();
    }
    return read.kind !== "line";
  };

  const complete = completerFor?.(session);
  const notice = confirmReset ? "Throw this world away and start a fresh one? (y/n)" : chordPending ? "Ctrl+X: q back · ? keys · Ctrl+C quit" : undefined;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <TitleBar title="Sandbox" detail={`preset ${session.presetName()}`} width={width} />
      {notice !== undefined ? (
        <Text color={confirmReset ? theme.warn : theme.accent} bold={confirmReset} wrap="truncate-end">
          {notice}
        </Text>
      ) : null}
      <Terminal
        shell={shell}
        width={width}
        height={Math.max(2, height - 2 - (notice !== undefined ? 1 : 0))}
        focused={active}
        onScreenKey={onScreenKey}
        onExit={onBack}
        {...(complete !== undefined ? { complete } : {})}
        {...(run.line !== undefined ? { initialLine: run.line } : {})}
        onLineChange={(line) => {
          run.line = line;
        }}
      />
      <Footer text={FOOTER.sandbox} width={width} />
    </Box>
  );
}
