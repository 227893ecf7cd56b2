/**
 * The lesson reader: the lesson's Markdown wrapped to the terminal, scrolled by line or
 * page; code blocks and tables too wide for it are cut with a marker and scroll sideways
 * (← →). A lesson counts as read once its last row has been on screen, not when it is
 * opened. `n` goes to the next lesson in the syllabus and `e` to the lesson's first exercise.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { Box } from "ink";
import { keyWord } from "./line-editor/keys.js";
import { useKeys } from "./useKeys.js";
import { Footer, TitleBar } from "./Chrome.js";
import { ErrorBoundary } from "./ErrorBoundary.js";
import { FOOTER } from "./keymap.js";
import { maxSidewaysOffset, renderMarkdown } from "./markdown.js";
import type { LessonEntry } from "./ports.js";
import { clampOffset, ScrollPane } from "./ScrollPane.js";

export interface LessonReaderProps {
  lesson: LessonEntry;
  width: number;
  height: number;
  active: boolean;
  /** Called once, when the lesson's last row has been on screen (the parent keys the reader by lesson id). */
  onRead: (lessonId: string) => void;
  onNext?: () => void;
  onExercise?: (exerciseId: string) => void;
  onBack: () => void;
}

/** Columns a sideways key moves wide rows: enough to move fast, few enough to keep one's place. */
const SIDEWAYS_STEP = 8;

export function LessonReader({ lesson, width, height, active, onRead, onNext, onExercise, onBack }: LessonReaderProps) {
  const [offset, setOffset] = useState(0);
  const [sideways, setSideways] = useState(0);
  const readRef = useRef<string | undefined>(undefined);
  const textWidth = Math.max(20, width - 2);
  const lines = useMemo(() => renderMarkdown(lesson.body, textWidth), [lesson.body, textWidth]);
  const paneHeight = Math.max(1, height - 2);
  // The pane keeps its last row for the position marker when the lesson is longer than it.
  const visibleRows = lines.length > paneHeight ? paneHeight - 1 : paneHeight;
  const current = clampOffset(offset, lines.length, visibleRows);
  const maxSideways = maxSidewaysOffset(lines, textWidth);
  const currentSideways = Math.min(sideways, maxSideways);
  const endShown = current + visibleRows >= lines.length;

  useEffect(() => {
    if (!endShown || readRef.current === lesson.id) return;
    readRef.current = lesson.id;
    onRead(lesson.id);
    // onRead is a callback from the parent; reading is recorded once per lesson shown.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lesson.id, endShown]);

  useKeys(
    (pressed) => {
      const input = keyWord(pressed);
      const page = Math.max(1, visibleRows - 1);
      // Functional updates: keys that arrive together are handled before a re-render.
      const scroll = (by: number): void => setOffset((from) => clampOffset(clampOffset(from, lines.length, visibleRows) + by, lines.length, visibleRows));
      if (input === "up" || input === "k") scroll(-1);
      else if (input === "down" || input === "j") scroll(1);
      else if (input === "pageup" || input === "b") scroll(-page);
      else if (input === "pagedown" || input === " ") scroll(page);
      else if (input === "left" || input === "h") setSideways((from) => Math.max(0, Math.min(from, maxSideways) - SIDEWAYS_STEP));
      else if (input === "right" || input === "l") setSideways((from) => Math.min(maxSideways, from + SIDEWAYS_STEP));
      else if (input === "home" || input === "g") setOffset(0);
      else if (input === "end" || input === "G") setOffset(clampOffset(lines.length, lines.length, visibleRows));
      else if (input === "n" && onNext) onNext();
      else if (input === "e" && onExercise && lesson.exercises[0] !== undefined) onExercise(lesson.exercises[0]);
      else if (input === "escape" || input === "q") onBack();
    },
    active,
  );

  return (
    <Box flexDirection="column" width={width} height={height}>
      <TitleBar title={lesson.title} detail={lesson.topic} width={width} />
      <Box paddingLeft={1} height={paneHeight}>
        <ErrorBoundary label="this lesson" resetKey={lesson.id}>
          <ScrollPane lines={lines} offset={Math.max(0, current)} height={paneHeight} width={textWidth} sideways={currentSideways} />
        </ErrorBoundary>
      </Box>
      <Footer text={FOOTER.lesson} width={width} />
    </Box>
  );
}
