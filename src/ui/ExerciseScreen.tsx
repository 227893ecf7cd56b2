/**
 * The exercise screen, laid out like an exam terminal: the task (or the verdict, a hint, the
 * solution) in a panel at the top, an embedded terminal below. `check`/F5 grades and records
 * the attempt, `hint`/F2 reveals the next hint, `solution`/F3 shows the solution after a
 * confirmation, `reset` rebuilds the exercise's world after a confirmation. The terminal has
 * the keyboard; the screen takes only F-keys, Ctrl+X chords and its own y/n questions.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Box, Text } from "ink";
import { Footer, TitleBar } from "./Chrome.js";
import { ErrorBoundary } from "./ErrorBoundary.js";
import { EXERCISE_TRAINER_KEYS, FOOTER } from "./keymap.js";
import type { Key } from "./line-editor/keys.js";
import { maxSidewaysOffset, renderMarkdown, type StyledLine } from "./markdown.js";
import type { ExerciseAttempt, ExerciseEntry, TrainerServices, VerdictView } from "./ports.js";
import { clampOffset, ScrollPane } from "./ScrollPane.js";
import { Terminal, type Completer } from "./Terminal.js";
import { theme } from "./theme.js";
import { confirmAnswer, TrainerKeyReader, type TrainerAction } from "./trainerKeys.js";
import { useShell, type TerminalLine } from "./useShell.js";
import { formatPoints, verdictLines } from "./VerdictPanel.js";

/** What survives leaving the screen and coming back during one kadet run. */
export interface ExerciseRun {
  /** The attempt (src/grading/attempt.ts): its world, log, hints and solution state. */
  attempt?: ExerciseAttempt;
  workdir?: string;
  lines: TerminalLine[];
  history: string[];
  /** The line being typed when the learner left the screen. */
  line?: string;
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
  /** Quit kadet (the app asks first). */
  onQuit?: () => void;
  complete?: Completer;
  /** After a pass, like rustlings' `next`: what comes next (syllabus or due review) and how to open it. */
  next?: () => { label: string; open: () => void } | undefined;
}

export function ExerciseScreen({ exercise, services, run, width, height, active, onHelp, onBack, onQuit, complete, next }: ExerciseScreenProps) {
  const [attempt, setAttempt] = useState<ExerciseAttempt | undefined>(run.attempt);
  const [panel, setPanel] = useState<Panel>(run.verdict !== undefined ? "verdict" : "task");
  const [panelHidden, setPanelHidden] = useState(false);
  const [paneFocused, setPaneFocused] = useState(false);
  const [paneOffset, setPaneOffset] = useState(0);
  const [paneSideways, setPaneSideways] = useState(0);
  const [confirm, setConfirm] = useState<Confirm | undefined>(undefined);
  const [hintsShown, setHintsShown] = useState(run.attempt?.hintsTaken ?? 0);
  const [verdict, setVerdict] = useState<VerdictView | undefined>(run.verdict);
  const [checking, setChecking] = useState(false);
  const busyRef = useRef(false);

  const showPanel = useCallback((next: Panel) => {
    setPanel(next);
    setPanelHidden(false);
    setPaneOffset(0);
    setPaneSideways(0);
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
      const following = result.passed ? next?.() : undefined;
      if (following !== undefined) shell.print(`→ next: ${following.label}; type 'next' to open it`, "info");
    } catch (error) {
      shell.print(`kadet: could not grade this exercise: ${errorText(error)}`, "error");
    } finally {
      busyRef.current = false;
      setChecking(false);
      shell.setBusy(false);
    }
  }, [attempt, run, shell, showPanel, next]);

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
      case "next": {
        const following = next?.();
        if (following !== undefined) following.open();
        else shell.print("Nothing comes next: every exercise is passed and nothing is due for review.", "info");
        return true;
      }
      default:
        return false;
    }
  };

  const available = Math.max(4, height - 2);
  const paneRows = panelHidden ? 0 : Math.max(3, Math.floor(available * 0.45));
  const terminalRows = Math.max(2, available - paneRows - 1);
  const paneWidth = Math.max(20, width - 1);
  const paneLines = useMemo(() => panelLines(panel, exercise, verdict, hintsShown, paneWidth), [panel, exercise, verdict, hintsShown, paneWidth]);
  const maxPaneSideways = maxSidewaysOffset(paneLines, paneWidth);
  const paneVisible = paneLines.length > paneRows ? paneRows - 1 : paneRows;
  const currentPaneOffset = clampOffset(paneOffset, paneLines.length, paneVisible);

  const trainerKeys = useRef(new TrainerKeyReader(EXERCISE_TRAINER_KEYS));
  const [chordPending, setChordPending] = useState(false);
  const act = (action: TrainerAction): void => {
    switch (action) {
      case "help":
        return onHelp();
      case "hint":
        return hint();
      case "solution":
        return setConfirm("solution");
      case "task":
        if (panel !== "task") showPanel("task");
        else setPanelHidden((hidden) => !hidden);
        return;
      case "check":
        // Acted on while a check runs, too: check() refuses to run twice itself.
        return void check();
      case "panel":
        if (!panelHidden) setPaneFocused((focused) => !focused);
        return;
      case "back":
        return onBack();
      case "quit":
        return onQuit?.();
    }
  };

  const answer = (what: Confirm, yes: boolean): void => {
    setConfirm(undefined);
    if (!yes) return;
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
  };

  /** Sees every key before the line does; true when the screen took it. */
  const onScreenKey = (key: Key): boolean => {
    if (confirm !== undefined) {
      const reply = confirmAnswer(key);
      answer(confirm, reply === "yes");
      if (reply !== "other") return true;
    }
    const read = trainerKeys.current.read(key);
    setChordPending(trainerKeys.current.pending);
    if (read.kind === "action") act(read.action);
    if (read.kind !== "line") return true;
    if (!paneFocused) return false;
    const page = Math.max(1, paneVisible - 1);
    const named = key.type === "key" && !key.ctrl && !key.meta ? key.name : key.type === "text" ? key.text : "";
    if (named === "up" || named === "k") setPaneOffset((at) => Math.max(0, clampOffset(at, paneLines.length, paneVisible) - 1));
    else if (named === "down" || named === "j") setPaneOffset((at) => clampOffset(clampOffset(at, paneLines.length, paneVisible) + 1, paneLines.length, paneVisible));
    else if (named === "pageup") setPaneOffset((at) => Math.max(0, clampOffset(at, paneLines.length, paneVisible) - page));
    else if (named === "pagedown" || named === " ") setPaneOffset((at) => clampOffset(clampOffset(at, paneLines.length, paneVisible) + page, paneLines.length, paneVisible));
    else if (named === "left" || named === "h") setPaneSideways((at) => Math.max(0, Math.min(at, maxPaneSideways) - 8));
    else if (named === "right" || named === "l") setPaneSideways((at) => Math.min(maxPaneSideways, at + 8));
    else if (named === "escape" || named === "q") setPaneFocused(false);
    else {
      // Any other key goes back to the prompt, and to the line: none is dropped.
      setPaneFocused(false);
      return false;
    }
    return true;
  };

  const label = confirm
    ? confirm === "solution"
      ? "Show the solution? (y/n)"
      : "Rebuild this exercise's world from its setup? Your commands' effects are lost. (y/n)"
    : chordPending
      ? "Ctrl+X: c check · h hint · s solution · t task · o scroll · q back · ? keys · Ctrl+C quit"
      : panelLabel(panel, panelHidden, paneFocused, hintsShown, exercise.hints.length);
  const detail = `${exercise.difficulty} · ${exercise.minutes} min · ${formatPoints(exercise.points)} pts`;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <TitleBar title={exercise.title} detail={detail} width={width} />
      {panelHidden ? null : (
        <Box height={paneRows} flexShrink={0}>
          <ErrorBoundary label="this panel" resetKey={`${panel}:${hintsShown}:${verdict === undefined ? 0 : 1}`}>
            <ScrollPane lines={paneLines} offset={currentPaneOffset} height={paneRows} width={paneWidth} sideways={Math.min(paneSideways, maxPaneSideways)} />
          </ErrorBoundary>
        </Box>
      )}
      <Box height={1} flexShrink={0}>
        <Text color={confirm ? theme.warn : paneFocused || chordPending ? theme.accent : theme.muted} bold={confirm !== undefined} wrap="truncate-end">
          {label}
        </Text>
      </Box>
      <Terminal
        shell={shell}
        width={width}
        height={terminalRows}
        focused={active}
        onScreenKey={onScreenKey}
        onExit={onBack}
        {...(complete !== undefined ? { complete } : {})}
        {...(run.line !== undefined ? { initialLine: run.line } : {})}
        onLineChange={(line) => {
          run.line = line;
        }}
        busyLabel={checking ? "checking…" : attempt === undefined ? "preparing the exercise world…" : "running…"}
      />
      <Footer text={FOOTER.exercise} width={width} />
    </Box>
  );
}

function panelLabel(panel: Panel, hidden: boolean, focused: boolean, hintsShown: number, hintCount: number): string {
  if (hidden) return "── task hidden: F4 shows it ──────────────────────────────";
  const name = { task: "Task", verdict: "Result", hint: `Hint ${hintsShown}/${hintCount}`, solution: "Solution" }[panel];
  const how = focused ? "↑↓ PgUp PgDn scroll · ←→ code · Esc back to the prompt" : "F6 to scroll · F4 task/hide";
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
