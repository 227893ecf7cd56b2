/**
 * The kadet terminal UI: which screen is showing, the help overlay, and the worlds kept
 * while the trainer runs (one per exercise visited, one sandbox). `runTui` is what the CLI
 * calls when `kadet` starts in a terminal.
 */
import { useCallback, useRef, useState } from "react";
import { lendTerminal } from "../shell/editor.js";
import { inkTerminalHost } from "./editorHandOff.js";
import { Box, render, Text, useApp } from "ink";
import { ErrorBoundary } from "./ErrorBoundary.js";
import { ExamFlow, type ExamStartRequest } from "./exam/ExamFlow.js";
import { ExerciseScreen, newExerciseRun, type ExerciseRun } from "./ExerciseScreen.js";
import { HelpOverlay } from "./HelpOverlay.js";
import { Home, type MenuChoice } from "./Home.js";
import type { ScreenName } from "./keymap.js";
import { LessonReader } from "./LessonReader.js";
import { LessonsScreen, PracticeScreen } from "./ListScreens.js";
import type { TrainerServices } from "./ports.js";
import { ProgressScreen } from "./ProgressScreen.js";
import { SandboxScreen, type SandboxRun } from "./SandboxScreen.js";
import { keyWord } from "./line-editor/keys.js";
import { theme } from "./theme.js";
import { confirmAnswer } from "./trainerKeys.js";
import { useKeys } from "./useKeys.js";
import { useTerminalSize } from "./useTerminalSize.js";

export type Screen =
  | { name: "home" }
  | { name: "lessons"; selected?: string }
  | { name: "lesson"; lessonId: string }
  | { name: "practice"; selected?: string }
  | { name: "exercise"; exerciseId: string; from: Screen; seed?: number }
  | { name: "sandbox" }
  | { name: "progress"; view?: "review" }
  | { name: "exams"; start?: ExamStartRequest };

export interface AppProps {
  services: TrainerServices;
  /** Where to start (tests open a screen directly). */
  initialScreen?: Screen;
  /** Called when the learner quits. */
  onQuit?: () => void;
}

export function App({ services, initialScreen, onQuit }: AppProps) {
  const { exit } = useApp();
  const size = useTerminalSize();
  const [screen, setScreen] = useState<Screen>(initialScreen ?? { name: "home" });
  const [helpOpen, setHelpOpen] = useState(false);
  const [quitAsked, setQuitAsked] = useState(false);
  const [lastMenu, setLastMenu] = useState<MenuChoice>("lessons");
  const [notices, setNotices] = useState<string[]>([]);
  const exerciseRuns = useRef(new Map<string, ExerciseRun>());
  const sandboxRun = useRef<SandboxRun | undefined>(undefined);

  // One row short of the terminal: Ink redraws a frame that fills every row by clearing
  // the whole screen, which flickers; a spare row keeps redraws incremental.
  const width = size.columns;
  const height = Math.max(8, size.rows - 1);
  const openHelp = useCallback(() => setHelpOpen(true), []);
  const home = useCallback(() => setScreen({ name: "home" }), []);

  const quit = useCallback(() => {
    onQuit?.();
    exit();
  }, [exit, onQuit]);

  // Leaving mid-exercise loses the exercise worlds kept in memory: ask first (issue 7).
  const requestQuit = useCallback(() => {
    const inProgress = [...exerciseRuns.current.values()].some((run) => run.attempt !== undefined && run.verdict?.passed !== true);
    if (inProgress) setQuitAsked(true);
    else quit();
  }, [quit]);

  // The exam screens read their own keys (exam/ExamFlow.tsx), help and Ctrl+C included.
  const isTerminalScreen = screen.name === "exercise" || screen.name === "sandbox" || screen.name === "exams";
  // Screens without a prompt take `?` for help and Ctrl+C to quit here; on terminal screens
  // those keys belong to the line (Ctrl+C cancels it) and F1 / Ctrl+X chords do this.
  useKeys(
    (key) => {
      const word = keyWord(key);
      if (word === "?" || word === "f1") setHelpOpen(true);
      else if (word === "ctrl-c") requestQuit();
    },
    !helpOpen && !quitAsked && !isTerminalScreen,
  );
  useKeys((key) => {
    setQuitAsked(false);
    if (confirmAnswer(key) === "yes") quit();
  }, quitAsked);

  const note = useCallback((message: string | undefined) => {
    if (message !== undefined) setNotices((previous) => (previous.includes(message) ? previous : [...previous, message]));
  }, []);

  const active = !helpOpen && !quitAsked;
  let body;
  switch (screen.name) {
    case "home":
      body = (
        <Home
          width={width}
          height={height}
          active={active}
          warnings={[...services.warnings, ...notices]}
          overview={services.progress.overview()}
          totals={{ lessons: services.lessons.length, exercises: services.exercises.length }}
          initialChoice={lastMenu}
          onChoose={(choice) => {
            if (choice === "quit") return requestQuit();
            setLastMenu(choice);
            setScreen(screenFor(choice));
          }}
        />
      );
      break;
    case "lessons":
      body = (
        <LessonsScreen
          width={width}
          height={height}
          active={active}
          lessons={services.lessons}
          topics={services.topics}
          progress={services.progress}
          onOpen={(lessonId) => setScreen({ name: "lesson", lessonId })}
          onBack={home}
          {...(screen.selected !== undefined ? { initialId: screen.selected } : {})}
        />
      );
      break;
    case "lesson": {
      const index = services.lessons.findIndex((l) => l.id === screen.lessonId);
      const lesson = services.lessons[index];
      if (lesson === undefined) {
        body = null;
        break;
      }
      const next = services.lessons[index + 1];
      body = (
        <LessonReader
          key={lesson.id}
          lesson={lesson}
          width={width}
          height={height}
          active={active}
          onRead={(id) => void services.progress.markLessonRead(id).then(note)}
          onBack={() => setScreen({ name: "lessons", selected: lesson.id })}
          onExercise={(exerciseId) => {
            if (services.exercises.some((e) => e.id === exerciseId)) setScreen({ name: "exercise", exerciseId, from: screen });
          }}
          {...(next !== undefined ? { onNext: () => setScreen({ name: "lesson", lessonId: next.id }) } : {})}
        />
      );
      break;
    }
    case "practice":
      body = (
        <PracticeScreen
          width={width}
          height={height}
          active={active}
          exercises={services.exercises}
          topics={services.topics}
          progress={services.progress}
          onOpen={(exerciseId) => setScreen({ name: "exercise", exerciseId, from: { name: "practice", selected: exerciseId } })}
          onBack={home}
          {...(screen.selected !== undefined ? { initialId: screen.selected } : {})}
        />
      );
      break;
    case "exercise": {
      // A review of a parameterised exercise is a fresh variant: its own values, its own run.
      const exercise = screen.seed !== undefined ? services.variant?.(screen.exerciseId, screen.seed) : services.exercises.find((e) => e.id === screen.exerciseId);
      if (exercise === undefined) {
        body = null;
        break;
      }
      const runKey = exercise.seed !== undefined ? `${exercise.id}#${exercise.seed}` : exercise.id;
      let run = exerciseRuns.current.get(runKey);
      if (run === undefined) {
        run = newExerciseRun();
        exerciseRuns.current.set(runKey, run);
      }
      body = (
        <ExerciseScreen
          key={runKey}
          exercise={exercise}
          services={services}
          run={run}
          width={width}
          height={height}
          active={active}
          onHelp={openHelp}
          onBack={() => setScreen(screen.from)}
          onQuit={requestQuit}
          next={() => {
            const step = services.progress.nextAfter?.(exercise.id);
            const title = services.exercises.find((e) => e.id === step?.exerciseId)?.title;
            if (step === undefined || title === undefined) return undefined;
            return { label: `${title} (${step.why})`, open: () => setScreen({ name: "exercise", exerciseId: step.exerciseId, from: screen.from }) };
          }}
        />
      );
      break;
    }
    case "sandbox": {
      sandboxRun.current ??= { session: services.newSandbox(), lines: [], history: [] };
      body = (
        <SandboxScreen
          run={sandboxRun.current}
          newSession={services.newSandbox}
          width={width}
          height={height}
          active={active}
          onHelp={openHelp}
          onBack={home}
          onQuit={requestQuit}
        />
      );
      break;
    }
    case "exams":
      body = <ExamFlow services={services.exams} {...(screen.start ? { start: screen.start } : {})} width={width} height={height} active={active} onBack={home} onQuit={requestQuit} />;
      break;
    case "progress":
      body = (
        <ProgressScreen
          key={screen.view ?? "report"}
          {...(services.progress.report !== undefined ? { report: services.progress.report() } : {})}
          {...(services.progress.reviewQueue !== undefined ? { reviewQueue: services.progress.reviewQueue } : {})}
          onReview={(exerciseId, seed) => setScreen({ name: "exercise", exerciseId, from: { name: "progress", view: "review" }, ...(seed !== undefined ? { seed } : {}) })}
          {...(screen.view !== undefined ? { initialView: screen.view } : {})}
          overview={services.progress.overview()}
          exercises={services.exercises}
          topics={services.topics}
          lessonCount={services.lessons.length}
          width={width}
          height={height}
          active={active}
          onBack={home}
        />
      );
      break;
  }

  return (
    <Box flexDirection="column" width={width} height={height}>
      {quitAsked ? (
        <Text color={theme.warn} bold wrap="truncate-end">
          Quit kadet? The worlds of exercises in progress are lost (your files stay). (y/n)
        </Text>
      ) : null}
      {helpOpen ? <HelpOverlay screen={screen.name as ScreenName} width={width} height={height} onClose={() => setHelpOpen(false)} /> : null}
      {/* The screen stays mounted under the help so its session and scrollback survive. */}
      <Box display={helpOpen ? "none" : "flex"} flexDirection="column">
        <ErrorBoundary label="this screen" resetKey={screen}>
          {body}
        </ErrorBoundary>
      </Box>
    </Box>
  );
}

function screenFor(choice: Exclude<MenuChoice, "quit">): Screen {
  switch (choice) {
    case "lessons":
      return { name: "lessons" };
    case "practice":
      return { name: "practice" };
    case "sandbox":
      return { name: "sandbox" };
    case "progress":
      return { name: "progress" };
    case "exams":
      return { name: "exams" };
  }
}

export interface RunTuiOptions {
  /** The progress data folder (KADET_HOME); workspaces go to `<home>/workspaces/<exercise-id>/`. */
  home?: string;
  /** Defaults to the package's own lessons/ and exercises/. */
  lessonsDir?: string;
  exercisesDir?: string;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  /** `kadet exam start ID` in a terminal: open straight on that exam. */
  exam?: ExamStartRequest;
}

/** Opens the trainer full-screen and resolves with the exit status when the learner quits. */
export async function runTui(options: RunTuiOptions = {}): Promise<number> {
  const { openServices } = await import("./services.js");
  const opened = await openServices(options);
  const stdout = options.stdout ?? process.stdout;
  // The alternate screen keeps the learner's shell scrollback untouched, as less and vim do;
  // bracketed paste (xterm ctlseqs) lets a paste arrive whole, marked, instead of as keys.
  stdout.write("\u001b[?1049h\u001b[H\u001b[?2004h");
  const instance = render(<App services={opened.services} {...(options.exam ? { initialScreen: { name: "exams", start: options.exam } } : {})} />, {
    stdout,
    ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
    // Ctrl+C cancels the line in the terminal; elsewhere the app asks before quitting.
    exitOnCtrlC: false,
    // Ink throttles frames to maxFps (30 by default): a keystroke whose update lands in the
    // throttle window waits up to 33 ms for its frame. 120 keeps that wait under 9 ms.
    maxFps: 120,
  });
  const giveBackTerminal = lendTerminal(inkTerminalHost(instance, options.stdin ?? process.stdin, stdout));
  try {
    await instance.waitUntilExit();
  } finally {
    giveBackTerminal();
    instance.cleanup();
    stdout.write("\u001b[?2004l\u001b[?1049l");
    await opened.close();
  }
  return 0;
}
