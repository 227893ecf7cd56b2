/**
 * The exam screen, as the CKA/CKAD's: the countdown always in the top bar (amber at 15
 * minutes, red at 5), the task navigator (number, points, unseen/seen/flagged), which docs
 * are allowed, the current task's text stating its context (and host) first, and the
 * terminal, already switched to that context. No hints and no verdicts until the end; submit
 * asks first; when the time is up the exam is submitted. The terminal has the keyboard; the
 * screen takes only F-keys, Ctrl+X chords, its own words at the prompt and its y/n question.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Box, Text } from "ink";
import { allowedDocs } from "../exam/format.js";
import { countdownTone, formatCountdown } from "./exam/countdown.js";
import { EXAM_FOOTER, EXAM_TRAINER_KEYS, type ExamAction } from "./exam/keymap.js";
import { navigatorRows } from "./exam/navigator.js";
import type { ExamRun, SubmitResult, TaskText } from "./exam/ports.js";
import { TaskNavigator } from "./exam/TaskNavigator.js";
import { Footer } from "./Chrome.js";
import { ErrorBoundary } from "./ErrorBoundary.js";
import type { Key } from "./line-editor/keys.js";
import { hardWrap, renderMarkdown, type StyledLine } from "./markdown.js";
import { clampOffset, ScrollPane } from "./ScrollPane.js";
import { Terminal } from "./Terminal.js";
import { theme } from "./theme.js";
import { confirmAnswer, TrainerKeyReader } from "./trainerKeys.js";
import { PROMPT, useShell, type TerminalLine } from "./useShell.js";

/** The scrollback and history of a run's terminal, kept while the learner is away from the screen. */
export interface ExamTerminalKeep {
  lines: TerminalLine[];
  history: string[];
}

export interface ExamScreenProps {
  run: ExamRun;
  keep: ExamTerminalKeep;
  width: number;
  height: number;
  active: boolean;
  /** How often the countdown is redrawn (tests pass a few milliseconds; the clock itself is the run's). */
  tickMs?: number;
  onHelp: () => void;
  /** Called once the exam is submitted and graded (by the learner, or because time ran out). */
  onSubmitted: (result: SubmitResult, reason: "submitted" | "time-up") => void;
  /** Leaves the screen; the run stays open and its clock runs. */
  onBack: () => void;
  onQuit?: () => void;
}

export function ExamScreen({ run, keep, width, height, active, tickMs = 1000, onHelp, onSubmitted, onBack, onQuit }: ExamScreenProps) {
  const [, setTick] = useState(0);
  const [current, setCurrent] = useState(run.currentTask());
  const [confirmSubmit, setConfirmSubmit] = useState(false);
  const [submitting, setSubmitting] = useState<"submitted" | "time-up" | undefined>(undefined);
  const [panelHidden, setPanelHidden] = useState(false);
  const [paneFocused, setPaneFocused] = useState(false);
  const [paneOffset, setPaneOffset] = useState(0);
  const [chordPending, setChordPending] = useState(false);
  const busyRef = useRef(false);
  const submittingRef = useRef(false);
  const trainerKeys = useRef(new TrainerKeyReader<ExamAction>(EXAM_TRAINER_KEYS));
  const builtinRef = useRef<(command: string) => boolean>(() => false);

  const shell = useShell(run, {
    initialLines: keep.lines.length > 0 ? keep.lines : openingLines(run),
    initialHistory: keep.history.length > 0 ? keep.history : typedHistory(run),
    builtin: (command) => builtinRef.current(command),
    onRan: () => setTick((t) => t + 1),
  });
  useEffect(() => {
    keep.lines = [...shell.lines];
    keep.history = [...shell.history];
  }, [keep, shell.lines, shell.history]);

  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), tickMs);
    return () => clearInterval(timer);
  }, [tickMs]);

  const remaining = run.remainingMs();

  const submit = useCallback(
    async (reason: "submitted" | "time-up") => {
      if (submittingRef.current) return;
      submittingRef.current = true;
      setSubmitting(reason);
      shell.setBusy(true);
      try {
        const result = await run.submit();
        onSubmitted(result, reason);
      } catch (error) {
        submittingRef.current = false;
        setSubmitting(undefined);
        shell.setBusy(false);
        shell.print(`kadet: the exam could not be submitted: ${error instanceof Error ? error.message : String(error)}`, "error");
      }
    },
    [run, shell, onSubmitted],
  );

  // Time up submits, once whatever command is running has finished (grading uses the same shell).
  useEffect(() => {
    if (remaining === 0 && !shell.busy && !busyRef.current) void submit("time-up");
  }, [remaining, shell.busy, submit]);

  const goTo = useCallback(
    async (number: number) => {
      if (number < 1 || number > run.taskCount) {
        shell.print(`kadet: there is no task ${number} (the exam has ${run.taskCount})`, "error");
        return;
      }
      if (busyRef.current || shell.busy || submittingRef.current || number === run.currentTask()) return;
      busyRef.current = true;
      shell.setBusy(true);
      try {
        await run.goTo(number);
        const task = run.task(number);
        shell.print(`── Task ${number} · ${task.points} points · ${[`kubectl config use-context ${task.context}`, ...(task.host ? [`ssh ${task.host}`] : [])].join(" · ")} ──`, "info");
      } catch (error) {
        shell.print(`kadet: could not switch to task ${number}: ${error instanceof Error ? error.message : String(error)}`, "error");
      } finally {
        busyRef.current = false;
        setCurrent(run.currentTask());
        setPaneOffset(0);
        setPanelHidden(false);
        shell.setBusy(false);
      }
    },
    [run, shell],
  );

  const toggleFlag = useCallback(
    (flagged?: boolean) => {
      const number = run.currentTask();
      const next = flagged ?? run.task(number).status !== "flagged";
      void run.setFlag(number, next).then(
        () => setTick((t) => t + 1),
        (error: unknown) => shell.print(`kadet: the flag could not be saved: ${error instanceof Error ? error.message : String(error)}`, "error"),
      );
    },
    [run, shell],
  );

  builtinRef.current = (command: string): boolean => {
    const words = command.split(/\s+/);
    switch (words[0]) {
      case "task":
        if (words.length === 2 && /^\d+$/.test(words[1]!)) void goTo(Number(words[1]));
        else shell.print(`usage: task N (1 to ${run.taskCount})`, "error");
        return true;
      case "next":
      case "prev":
        if (words.length !== 1) return false;
        void goTo(run.currentTask() + (words[0] === "next" ? 1 : -1));
        return true;
      case "flag":
      case "unflag":
        if (words.length !== 1) return false;
        toggleFlag(words[0] === "flag");
        return true;
      case "submit":
        if (words.length !== 1) return false;
        setConfirmSubmit(true);
        return true;
      case "clear":
        if (words.length !== 1) return false;
        shell.clear();
        return true;
      case "help":
        if (words.length !== 1) return false;
        onHelp();
        return true;
      default:
        return false;
    }
  };

  const taskText = useMemo(() => run.taskText(current), [run, current]);
  const paneLines = useMemo(() => taskLines(taskText, Math.max(20, width - 1)), [taskText, width]);
  const tasks = Array.from({ length: run.taskCount }, (_, i) => run.task(i + 1));
  const navRows = navigatorRows(tasks, current, width);

  const notice = submitting
    ? submitting === "time-up"
      ? "Time is up: the exam is being submitted and graded…"
      : "Submitting and grading…"
    : confirmSubmit
      ? submitQuestion(tasks, remaining)
      : chordPending
        ? "Ctrl+X: p/n task · f flag · t task panel · o scroll · s submit · q leave · ? keys · Ctrl+C quit"
        : undefined;

  // Rows: top bar, navigator, docs line, task panel, label, terminal, footer.
  const fixed = 1 + navRows.length + 1 + 1 + 1;
  const available = Math.max(4, height - fixed);
  const paneRows = panelHidden ? 0 : Math.max(3, Math.floor(available * 0.4));
  const terminalRows = Math.max(2, available - paneRows);
  const paneVisible = paneLines.length > paneRows ? paneRows - 1 : paneRows;

  const act = (action: ExamAction): void => {
    switch (action) {
      case "help":
        return onHelp();
      case "previous":
        return void goTo(run.currentTask() - 1);
      case "next":
        return void goTo(run.currentTask() + 1);
      case "flag":
        return toggleFlag();
      case "task":
        setPanelHidden((hidden) => !hidden);
        setPaneFocused(false);
        return;
      case "panel":
        if (!panelHidden) setPaneFocused((focused) => !focused);
        return;
      case "submit":
        return setConfirmSubmit(true);
      case "back":
        return onBack();
      case "quit":
        return onQuit?.();
    }
  };

  const onScreenKey = (key: Key): boolean => {
    if (submittingRef.current) return true;
    if (confirmSubmit) {
      const reply = confirmAnswer(key);
      setConfirmSubmit(false);
      if (reply === "yes") void submit("submitted");
      if (reply !== "other") return true;
    }
    const read = trainerKeys.current.read(key);
    setChordPending(trainerKeys.current.pending);
    if (read.kind === "action") act(read.action);
    if (read.kind !== "line") return true;
    if (!paneFocused) return false;
    const page = Math.max(1, paneVisible - 1);
    const named = key.type === "key" && !key.ctrl && !key.meta ? key.name : key.type === "text" ? key.text : "";
    const move = (by: number) => setPaneOffset((at) => clampOffset(clampOffset(at, paneLines.length, paneVisible) + by, paneLines.length, paneVisible));
    if (named === "up" || named === "k") move(-1);
    else if (named === "down" || named === "j") move(1);
    else if (named === "pageup") move(-page);
    else if (named === "pagedown" || named === " ") move(page);
    else if (named === "escape" || named === "q") setPaneFocused(false);
    else {
      setPaneFocused(false);
      return false;
    }
    return true;
  };

  const tone = countdownTone(remaining);
  const clockColor = tone === "red" ? theme.fail : tone === "amber" ? theme.warn : theme.accent;
  const clock = `⏱ ${formatCountdown(remaining)} left`;
  const left = `kadet › ${run.title}`;
  const where = `Task ${current}/${run.taskCount} · `;
  const label = notice ?? `── Task ${current} ── ${paneFocused ? "↑↓ PgUp PgDn scroll · Esc back to the prompt" : panelHidden ? "F5 shows the task" : "F6 scroll · F5 hide"} ──`;

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Box width={width} height={1}>
        <Text bold color={theme.accent} wrap="truncate-end">
          {left}
        </Text>
        <Box flexGrow={1} />
        <Text color={theme.muted}>{where}</Text>
        <Text color={clockColor} bold={tone !== "normal"} inverse={tone === "red" && !theme.colored}>
          {clock}
        </Text>
      </Box>
      <TaskNavigator rows={navRows} width={width} />
      <Text color={theme.muted} wrap="truncate-end">
        Docs: {allowedDocs(run.style)} · graded only at the end
      </Text>
      {panelHidden ? null : (
        <Box height={paneRows} flexShrink={0}>
          <ErrorBoundary label="the task" resetKey={current}>
            <ScrollPane lines={paneLines} offset={clampOffset(paneOffset, paneLines.length, paneVisible)} height={paneRows} />
          </ErrorBoundary>
        </Box>
      )}
      <Box height={1} flexShrink={0}>
        <Text color={notice !== undefined && !chordPending ? theme.warn : paneFocused || chordPending ? theme.accent : theme.muted} bold={confirmSubmit || submitting !== undefined} wrap="truncate-end">
          {label}
        </Text>
      </Box>
      <Terminal
        shell={shell}
        width={width}
        height={terminalRows}
        focused={active}
        onScreenKey={onScreenKey}
        // Ctrl+D leaves a host as bash's would; on the learner's own terminal it leaves the screen.
        onExit={() => (run.currentHost?.() !== undefined ? shell.submit("exit") : onBack())}
        initialLine={run.savedLine}
        onLineChange={(line) => run.saveLine(line)}
        busyLabel={submitting ? "grading…" : "running…"}
      />
      <Footer text={EXAM_FOOTER} width={width} />
    </Box>
  );
}

/** The task panel: the heading, where to solve it (as commands), the Markdown body, its files. */
export function taskLines(text: TaskText, width: number): StyledLine[] {
  const lines: StyledLine[] = [];
  for (const row of hardWrap(text.heading, width)) lines.push([{ text: row, style: "title" }]);
  lines.push([], [{ text: "Solve this task on its own cluster:", style: "bold" }]);
  for (const command of text.where) lines.push([{ text: `  ${command}`, style: "codeBlock" }]);
  lines.push([], ...renderMarkdown(text.body, width));
  if (text.files !== undefined) lines.push([], ...hardWrap(text.files, width).map((row): StyledLine => [{ text: row, style: "muted" }]));
  return lines;
}

function submitQuestion(tasks: readonly { status: string }[], remainingMs: number): string {
  const flagged = tasks.filter((t) => t.status === "flagged").length;
  const unseen = tasks.filter((t) => t.status === "unseen").length;
  const marks = [flagged > 0 ? `${flagged} flagged` : "", unseen > 0 ? `${unseen} never opened` : ""].filter(Boolean).join(", ");
  return `Submit the exam with ${formatCountdown(remainingMs)} left${marks ? ` (${marks})` : ""}? Nothing can change after. (y/n)`;
}

/** What the terminal shows when the run opens: where the learner is, and on a resume what was typed. */
function openingLines(run: ExamRun): TerminalLine[] {
  const lines: TerminalLine[] = [];
  const task = run.task(run.currentTask());
  const left = formatCountdown(run.remainingMs());
  if (run.resumed) {
    const clock = run.pausable ? "the clock was paused while kadet was closed (--pausable)" : "the clock ran on while kadet was closed";
    lines.push({ kind: "info", text: `Resumed ${run.title} on task ${task.number}: ${left} left; ${clock}.` });
    const typed = run.typed(task.number);
    if (typed.length > 0) {
      lines.push({ kind: "info", text: `Typed on task ${task.number} before (output not kept):` });
      for (const c of typed) lines.push({ kind: "command", text: `${PROMPT}${c.line}` }, { kind: "info", text: `[exit ${c.exitCode}]` });
    }
  } else {
    lines.push({ kind: "info", text: `${run.title}: ${run.taskCount} tasks, ${run.minutes} minutes; ${run.pausable ? "the clock pauses while kadet is closed" : "the clock runs even while kadet is closed"}.` });
  }
  for (const notice of run.notices) lines.push({ kind: "error", text: `! ${notice}` });
  lines.push({ kind: "info", text: `── Task ${task.number} · ${task.points} points · kubectl config use-context ${task.context}${task.host ? ` · ssh ${task.host}` : ""} ──` });
  return lines;
}

/** Every line typed on the run, so ↑ and Ctrl+R find them after a resume. */
function typedHistory(run: ExamRun): string[] {
  return Array.from({ length: run.taskCount }, (_, i) => run.typed(i + 1).map((c) => c.line)).flat();
}
