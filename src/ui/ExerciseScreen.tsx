/**
 * The exercise screen, laid out like an exam terminal: the task (or the verdict, a hint, the
 * solution) in a panel at the top, an embedded terminal below. `check`/F5 grades and records
 * the attempt, `hint`/F2 reveals the next hint, `solution`/F3 shows the solution after a
 * confirmation, `reset` rebuilds the exercise's world after a confirmation.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Box, Text, useInput } from "ink";
import { Footer, TitleBar } from "./Chrome.js";
import { ErrorBoundary } from "./ErrorBoundary.js";
import { FOOTER } from "./keymap.js";
import { renderMarkdown, type StyledLine } from "./markdown.js";
import type { ExerciseAttempt, ExerciseEntry, TrainerServices, VerdictView } from "./ports.js";
import { clampOffset, ScrollPane } from "./ScrollPane.js";
import { Terminal } from "./Terminal.js";
import { theme } from "./theme.js";
import { useRawKeys } from "./useRawKeys.js";
import { useShell, type TerminalLine } from "./useShell.js";
import { formatPoints, verdictLines } from "./VerdictPanel.js";

/** What survives leaving the screen and coming back during one kadet run. */
export interface ExerciseRun {
  /** The attempt (src/grading/attempt.ts): its world, log, hints and solution state. */
  attempt?: ExerciseAttempt;
  workdir?: string;
  lines: TerminalLine[];
  history: string[];
  verdict?: VerdictView;
}

export function newExerciseRun(): ExerciseRun {
  return { lines: [], history: [] };
}

type Panel = "task" | "verdict" | "hint" | "solution";
type Confirm = "solution" | "reset";

export interface ExerciseScreenProps {
  exercise: ExerciseEntry;
  services: TrainerServices;
  run: ExerciseRun;
  width: number;
  height: number;
  active: boolean;
  onHelp: () => void;
  onBack: () => void;
}

export function ExerciseScreen({ exercise, services, run, width, height, active, onHelp, onBack }: ExerciseScreenProps) {
  const [attempt, setAttempt] = useState<ExerciseAttempt | undefined>(run.attempt);
  const [panel, setPanel] = useState<Panel>(run.verdict !== undefined ? "verdict" : "task");
  const [panelHidden, setPanelHidden] = useState(false);
  const [paneFocused, setPaneFocused] = useState(false);
  const [paneOffset, setPaneOffset] = useState(0);
  const [confirm, setConfirm] = useState<Confirm | undefined>(undefined);
  const [hintsShown, setHintsShown] = useState(run.attempt?.hintsTaken ?? 0);
  const [verdict, setVerdict] = useState<VerdictView | undefined>(run.verdict);
  const [checking, setChecking] = useState(false);
  const busyRef = useRef(false);

  const showPanel = useCallback((next: Panel) => {
    setPanel(next);
    setPanelHidden(false);
    setPaneOffset(0);
  }, []);

  const builtinRef = useRef<(command: string) => boolean>(() => false);
  const shell = useShell(attempt, {
    initialLines: run.lines,
    initialHistory: run.history,
    builtin: (command) => builtinRef.current(command),
  });

  // Keep the scrollback and history with the run, so leaving and coming back loses nothing.
  useEffect(() => {
    run.lines = [...shell.lines];
    run.history = [...shell.history];
  }, [run, shell.lines, shell.history]);

  const prepare = useCallback(async () => {
    busyRef.current = true;
    shell.setBusy(true);
    try {
      const workdir = run.workdir ?? (await services.workspaceFor(exercise.id));
      run.workdir = workdir;
      // A reset rebuilds the world inside the same attempt: hints taken and the log carry on.
      const ready = run.attempt ?? (await services.startAttempt(exercise, workdir));
      if (run.attempt !== undefined) await ready.reset();
      run.attempt = ready;
      setAttempt(ready);
      shell.print(`Exercise world ready (preset "${ready.presetName()}"). Your files are in ${workdir}`, "info");
    } catch (error) {
      shell.print(`kadet: could not prepare this exercise: ${errorText(error)}`, "error");
    } finally {
      busyRef.current = false;
      shell.setBusy(false);
    }
  }, [exercise, run, services, shell]);

  useEffect(() => {
    if (run.attempt === undefined) void prepare();
    // Prepared once per visit when the run has no world yet.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const check = useCallback(async () => {
    if (attempt === undefined || busyRef.current) return;
    busyRef.current = true;
    setChecking(true);
    shell.setBusy(true);
    try {
      const result = await attempt.check();
      run.verdict = result;
      setVerdict(result);
      showPanel("verdict");
      shell.print(
        result.passed
          ? `✓ passed: ${formatPoints(result.score)}/${formatPoints(result.maxScore)} points`
          : `✗ ${formatPoints(result.score)}/${formatPoints(result.maxScore)} points: see the checks above`,
        result.passed ? "pass" : "fail",
      );
      const notSaved = await attempt.record();
      if (notSaved !== undefined) shell.print(`! ${notSaved}`, "error");
    } catch (error) {
      shell.print(`kadet: could not grade this exercise: ${errorText(error)}`, "error");
    } finally {
      busyRef.current = false;
      setChecking(false);
      shell.setBusy(false);
    }
  }, [attempt, run, shell, showPanel]);

  const hint = useCallback(() => {
    if (exercise.hints.length === 0) {
      shell.print("This exercise has no hints.", "info");
      return;
    }
    if (attempt === undefined) {
      shell.print("The exercise world is still being prepared.", "info");
      return;
    }
    const before = attempt.hintsTaken;
    const next = attempt.takeHint();
    setHintsShown(next);
    showPanel("hint");
    if (next === before) shell.print("That was the last hint.", "info");
  }, [attempt, exercise.hints.length, shell, showPanel]);

  builtinRef.current = (command: string): boolean => {
    switch (command) {
      case "check":
        void check();
        return true;
      case "hint":
        hint();
        return true;
      case "solution":
        setConfirm("solution");
        return true;
      case "reset":
        setConfirm("reset");
        return true;
      case "task":
        showPanel("task");
        return true;
      case "clear":
        shell.clear();
        return true;
      case "help":
        onHelp();
        return true;
      case "exit":
      case "logout":
        onBack();
        return true;
      default:
        return false;
    }
  };

  useRawKeys(
    (key) => {
      if (key === "f1") onHelp();
      else if (key === "f2") hint();
      else if (key === "f3") setConfirm("solution");
      else if (key === "f4") {
        if (panel !== "task") showPanel("task");
        else setPanelHidden((hidden) => !hidden);
      } else if (key === "f5") void check();
    },
    // Listening on while a check runs: a key pressed as the verdict appears (the progress
    // file may still be saving) is acted on, not lost; check() refuses to run twice itself.
    active && confirm === undefined,
  );

  const available = Math.max(4, height - 2);
  const paneRows = panelHidden ? 0 : Math.max(3, Math.floor(available * 0.45));
  const terminalRows = Math.max(2, available - paneRows - 1);
  const paneLines = useMemo(
    () => panelLines(panel, exercise, verdict, hintsShown, Math.max(20, width - 1)),
    [panel, exercise, verdict, hintsShown, width],
  );
  const paneVisible = paneLines.length > paneRows ? paneRows - 1 : paneRows;
  const currentPaneOffset = clampOffset(paneOffset, paneLines.length, paneVisible);

  useInput(
    (input, key) => {
      if (confirm !== undefined) {
        if (input === "y" || input === "Y") {
          const what = confirm;
          setConfirm(undefined);
          if (what === "solution") {
            // Shown only once the attempt exists, so that its record can say the solution was seen.
            if (attempt === undefined) shell.print("The exercise world is still being prepared.", "info");
            else {
              attempt.showSolution();
              showPanel("solution");
            }
          } else {
            shell.print("Rebuilding the exercise's world; files in your workspace are kept.", "info");
            void prepare();
          }
        } else if (input === "n" || input === "N" || key.escape || key.return) setConfirm(undefined);
        return;
      }
      if (key.tab) {
        setPaneFocused((focused) => !focused && !panelHidden);
        return;
      }
      if (key.escape) {
        if (paneFocused) setPaneFocused(false);
        else onBack();
        return;
      }
      if (!paneFocused) return;
      const page = Math.max(1, paneVisible - 1);
      if (key.upArrow || input === "k") setPaneOffset(Math.max(0, currentPaneOffset - 1));
      else if (key.downArrow || input === "j") setPaneOffset(clampOffset(currentPaneOffset + 1, paneLines.length, paneVisible));
      else if (key.pageUp) setPaneOffset(Math.max(0, currentPaneOffset - page));
      else if (key.pageDown || input === " ") setPaneOffset(clampOffset(currentPaneOffset + page, paneLines.length, paneVisible));
    },
    { isActive: active },
  );

  const label = confirm
    ? confirm === "solution"
      ? "Show the solution? (y/n)"
      : "Rebuild this exercise's world from its setup? Your commands' effects are lost. (y/n)"
    : panelLabel(panel, panelHidden, paneFocused, hintsShown, exercise.hints.length);
  const detail = `${exercise.difficulty} · ${exercise.minutes} min · ${formatPoints(exercise.points)} pts`;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <TitleBar title={exercise.title} detail={detail} width={width} />
      {panelHidden ? null : (
        <Box height={paneRows} flexShrink={0}>
          <ErrorBoundary label="this panel" resetKey={`${panel}:${hintsShown}:${verdict === undefined ? 0 : 1}`}>
            <ScrollPane lines={paneLines} offset={currentPaneOffset} height={paneRows} />
          </ErrorBoundary>
        </Box>
      )}
      <Box height={1} flexShrink={0}>
        <Text color={confirm ? theme.warn : paneFocused ? theme.accent : theme.muted} bold={confirm !== undefined} wrap="truncate-end">
          {label}
        </Text>
      </Box>
      <Terminal
        shell={shell}
        width={width}
        height={terminalRows}
        focused={active && confirm === undefined && !paneFocused}
        onHelp={onHelp}
        busyLabel={checking ? "checking…" : attempt === undefined ? "preparing the exercise world…" : "running…"}
      />
      <Footer text={FOOTER.exercise} width={width} />
    </Box>
  );
}

function panelLabel(panel: Panel, hidden: boolean, focused: boolean, hintsShown: number, hintCount: number): string {
  if (hidden) return "── task hidden: F4 shows it ──────────────────────────────";
  const name = { task: "Task", verdict: "Result", hint: `Hint ${hintsShown}/${hintCount}`, solution: "Solution" }[panel];
  const how = focused ? "↑↓ PgUp PgDn scroll · Tab back to the prompt" : "Tab to scroll · F4 task/hide";
  return `── ${name} ── ${how} ──`;
}

function panelLines(panel: Panel, exercise: ExerciseEntry, verdict: VerdictView | undefined, hintsShown: number, width: number): StyledLine[] {
  switch (panel) {
    case "task":
      return renderMarkdown(exercise.task, width);
    case "verdict":
      return verdict === undefined ? renderMarkdown("No verdict yet: type `check` or press F5.", width) : verdictLines(verdict, width, exercise.explanation);
    case "hint": {
      const shown = exercise.hints.slice(0, hintsShown);
      return renderMarkdown(shown.map((h, i) => `**Hint ${i + 1}.** ${h}`).join("\n\n"), width);
    }
    case "solution": {
      const files = (exercise.solution.files ?? []).map((f) => `Write \`${f.path}\`:\n\n\`\`\`\n${f.content}\n\`\`\``);
      const commands = exercise.solution.commands.length > 0 ? ["Run:\n\n```sh\n" + exercise.solution.commands.join("\n") + "\n```"] : [];
      const explanation = exercise.explanation ? [exercise.explanation] : [];
      return renderMarkdown([...files, ...commands, ...explanation].join("\n\n"), width);
    }
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
