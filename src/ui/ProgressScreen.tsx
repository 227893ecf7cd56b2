/**
 * The progress screen: the progress report (mastery bars per topic and exam domain, due
 * counts, streak, charts of reviews, pass rate and exam scores, weakest topics, readiness),
 * as `kadet progress` prints it, from the progress port; `r` opens the Review screen.
 * Without a report (a port that has none) it shows the overview: completed, points, due.
 */
import { useMemo, useState } from "react";
import { Box } from "ink";
import { keyWord } from "./line-editor/keys.js";
import { useKeys } from "./useKeys.js";
import { Footer, TitleBar } from "./Chrome.js";
import { FOOTER } from "./keymap.js";
import type { StyledLine } from "./markdown.js";
import type { ExerciseEntry, ProgressOverview } from "./ports.js";
import type { ProgressReport } from "../progress/report.js";
import { reportSections } from "../progress/reportFormat.js";
import type { QueuedReview } from "../progress/reviewQueue.js";
import { ReviewScreen } from "./ReviewScreen.js";
import { clampOffset, ScrollPane } from "./ScrollPane.js";
import { formatPoints } from "./VerdictPanel.js";

export interface ProgressScreenProps {
  overview: ProgressOverview;
  report?: ProgressReport;
  /** Read when the Review screen opens, so it shows what is due then. */
  reviewQueue?: () => readonly QueuedReview[];
  exercises: readonly ExerciseEntry[];
  topics: readonly string[];
  lessonCount: number;
  width: number;
  height: number;
  active: boolean;
  onBack: () => void;
  /** Opens an exercise to review it. */
  onReview?: (exerciseId: string, seed?: number) => void;
  /** Start on the Review screen. */
  initialView?: "report" | "review";
}

/** The report's sections as styled rows: headings, then their lines as printed by `kadet progress`. */
export function reportLines(report: ProgressReport, overview: ProgressOverview, exercises: readonly ExerciseEntry[]): StyledLine[] {
  const rows: StyledLine[] = [];
  for (const section of reportSections(report)) {
    if (rows.length > 0) rows.push([]);
    rows.push([{ text: section.title, style: "heading" }]);
    for (const line of section.lines) rows.push([{ text: line, style: line.includes("█") || line.includes("┤") || line.includes("┼") ? "accent" : "plain" }]);
  }
  rows.push([], [{ text: "Due for review (r: review now)", style: "heading" }]);
  if (overview.dueForReview.length === 0) rows.push([{ text: "  nothing is due: well done", style: "muted" }]);
  for (const id of overview.dueForReview) {
    const title = exercises.find((e) => e.id === id)?.title ?? id;
    rows.push([{ text: `  • ${title} `, style: "plain" }, { text: `(${id})`, style: "muted" }]);
  }
  return rows;
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

export function ProgressScreen({ overview, report, reviewQueue, exercises, topics, lessonCount, width, height, active, onBack, onReview, initialView }: ProgressScreenProps) {
  const [offset, setOffset] = useState(0);
  const [view, setView] = useState<"report" | "review">(initialView ?? "report");
  const lines = useMemo(
    () => (report !== undefined ? reportLines(report, overview, exercises) : progressLines(overview, exercises, topics, lessonCount)),
    [report, overview, exercises, topics, lessonCount],
  );
  const paneHeight = Math.max(1, height - 2);
  const current = clampOffset(offset, lines.length, paneHeight - 1);
  const canReview = reviewQueue !== undefined && onReview !== undefined;
  useKeys(
    (pressed) => {
      const input = keyWord(pressed);
      if (input === "up" || input === "k") setOffset(Math.max(0, current - 1));
      else if (input === "down" || input === "j") setOffset(current + 1);
      else if (input === "pageup") setOffset(Math.max(0, current - paneHeight + 1));
      else if (input === "pagedown" || input === " ") setOffset(current + paneHeight - 1);
      else if (input === "r" && canReview) setView("review");
      else if (input === "escape" || input === "q") onBack();
    },
    active && view === "report",
  );
  if (view === "review" && canReview) {
    return <ReviewScreen queue={reviewQueue()} width={width} height={height} active={active} onOpen={onReview} onBack={() => setView("report")} />;
  }
  return (
    <Box flexDirection="column" width={width} height={height}>
      <TitleBar title="Progress" width={width} />
      <ScrollPane lines={lines} offset={current} height={paneHeight} />
      <Footer text={canReview ? `r review · ${FOOTER.progress}` : FOOTER.progress} width={width} />
    </Box>
  );
}
