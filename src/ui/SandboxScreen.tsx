/**
 * The sandbox: the exercise terminal on a fresh default world, with no task and no grading.
 * `reset` (after a confirmation) starts over on a new world.
 */
import { useRef, useState } from "react";
import { Box, Text, useInput } from "ink";
import { Footer, TitleBar } from "./Chrome.js";
import { FOOTER } from "./keymap.js";
import type { ShellSession } from "./ports.js";
import { Terminal } from "./Terminal.js";
import { theme } from "./theme.js";
import { useRawKeys } from "./useRawKeys.js";
import { useShell, type TerminalLine } from "./useShell.js";

export interface SandboxRun {
  session: ShellSession;
  lines: TerminalLine[];
  history: string[];
}

export interface SandboxScreenProps {
  run: SandboxRun;
  newSession: () => ShellSession;
  width: number;
  height: number;
  active: boolean;
  onHelp: () => void;
  onBack: () => void;
}

const WELCOME = "A fresh simulated Kubernetes 1.32 cluster. Try `kubectl get nodes`; `sim help` controls the world.";

export function SandboxScreen({ run, newSession, width, height, active, onHelp, onBack }: SandboxScreenProps) {
  const [session, setSession] = useState(run.session);
  const [confirmReset, setConfirmReset] = useState(false);
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

  useRawKeys((key) => {
    if (key === "f1") onHelp();
  }, active && !confirmReset);

  useInput(
    (input, key) => {
      if (confirmReset) {
        if (input === "y" || input === "Y") {
          const fresh = newSession();
          run.session = fresh;
          setSession(fresh);
          shell.print(`A fresh world (preset "${fresh.presetName()}").`, "info");
        }
        setConfirmReset(false);
        return;
      }
      if (key.escape) onBack();
    },
    { isActive: active },
  );

  return (
    <Box flexDirection="column" width={width} height={height}>
      <TitleBar title="Sandbox" detail={`preset ${session.presetName()}`} width={width} />
      {confirmReset ? (
        <Text color={theme.warn} bold>
          Throw this world away and start a fresh one? (y/n)
        </Text>
      ) : null}
      <Terminal shell={shell} width={width} height={Math.max(2, height - 2 - (confirmReset ? 1 : 0))} focused={active && !confirmReset} onHelp={onHelp} />
      <Footer text={FOOTER.sandbox} width={width} />
    </Box>
  );
}
