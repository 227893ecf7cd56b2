/**
 * The progress screen: exercises completed out of all, points, the same per topic, and
 * which exercises are due for review (spaced repetition decides; the store says which).
 */
import { useMemo, useState } from "react";
import { Box } from "ink";
import { keyWord } from "./line-editor/keys.js";
import { useKeys } from "./useKeys.js";
import { Footer, TitleBar } from "./Chrome.js";
import { FOOTER } from "./keymap.js";
import type { StyledLine } from "./markdown.js";
import type { ExerciseEntry, ProgressOverview } from "./ports.js";
import { clampOffset, ScrollPane } from "./ScrollPane.js";
import { formatPoints } from "./VerdictPanel.js";

export interface ProgressScreenProps {
  overview: ProgressOverview;
  exercises: readonly ExerciseEntry[];
  topics: readonly string[];
  lessonCount: number;
  width: number;
  height: number;
  active: boolean;
  onBack: () => void;
}

export function progressLines(overview: ProgressOverview, exercises: readonly ExerciseEntry[], topics: readonly string[], lessonCount: number): StyledLine[] {
  const rows: StyledLine[] = [
    [{ text: "Overall", style: "heading" }],
    [{ text: `  exercises completed  ${overview.exercisesCompleted}/${exercises.length}  (${overview.exercisesAttempted} attempted)`, style: "plain" }],
    [{ text: `  points               ${formatPoints(overview.points)}/${formatPoints(overview.pointsAvailable)}`, style: "plain" }],
    [{ text: `  lessons read         ${overview.lessonsRead}/${lessonCount}`, style: "plain" }],
    [],
    [{ text: "By topic", style: "heading" }],
  ];
  const used = [...new Set(exercises.flatMap((e) => e.topics))];
  const ordered = [...topics.filter((t) => used.includes(t)), ...used.filter((t) => !topics.includes(t)).sort()];
  for (const topic of ordered) {
    const inTopic = exercises.filter((e) => e.topics.includes(topic));
    const mine = overview.byTopic[topic] ?? { attempted: 0, completed: 0, points: 0 };
    const topicPoints = overview.topicPointsAvailable[topic] ?? 0;
    const done = mine.completed === inTopic.length && inTopic.length > 0;
    rows.push([
      { text: done ? "  ✓ " : "    ", style: "pass" },
      { text: `${topic.padEnd(20)} ${String(mine.completed).padStart(3)}/${inTopic.length} done   ${formatPoints(mine.points)}/${formatPoints(topicPoints)} pts`, style: "plain" },
    ]);
  }
  rows.push([], [{ text: "Due for review", style: "heading" }]);
  if (overview.dueForReview.length === 0) rows.push([{ text: "  nothing is due: well done", style: "muted" }]);
  for (const id of overview.dueForReview) {
    const title = exercises.find((e) => e.id === id)?.title ?? id;
    rows.push([{ text: `  • ${title} `, style: "plain" }, { text: `(${id})`, style: "muted" }]);
  }
  return rows;
}

export function ProgressScreen({ overview, exercises, topics, lessonCount, width, height, active, onBack }: ProgressScreenProps) {
  const [offset, setOffset] = useState(0);
  const lines = useMemo(() => progressLines(overview, exercises, topics, lessonCount), [overview, exercises, topics, lessonCount]);
  const paneHeight = Math.max(1, height - 2);
  const current = clampOffset(offset, lines.length, paneHeight - 1);
  useKeys(
    (pressed) => {
      const input = keyWord(pressed);
      if (input === "up" || input === "k") setOffset(Math.max(0, current - 1));
      else if (input === "down" || input === "j") setOffset(current + 1);
      else if (input === "pageup") setOffset(Math.max(0, current - paneHeight + 1));
      else if (input === "pagedown" || input === " ") setOffset(current + paneHeight - 1);
      else if (input === "escape" || input === "q") onBack();
    },
    active,
  );
  return (
    <Box flexDirection="column" width={width} height={height}>
      <TitleBar title="Progress" width={width} />
      <ScrollPane lines={lines} offset={current} height={paneHeight} />
      <Footer text={FOOTER.progress} width={width} />
    </Box>
  );
}
