/**
 * The home screen: the kadet title, where the learner stands, any warning from start-up
 * (e.g. a damaged progress file), and the main menu.
 */
import { Box, Text } from "ink";
import { Banner, Footer } from "./Chrome.js";
import { FOOTER } from "./keymap.js";
import type { ProgressOverview } from "./ports.js";
import { SelectList, type ListRow } from "./SelectList.js";
import { theme } from "./theme.js";

export type MenuChoice = "lessons" | "practice" | "exams" | "sandbox" | "progress" | "quit";

export const MENU: readonly { key: MenuChoice; label: string; detail: string }[] = [
  { key: "lessons", label: "Lessons", detail: "read, one idea at a time" },
  { key: "practice", label: "Practice", detail: "exercises by topic" },
  { key: "exams", label: "Exams", detail: "timed mock exams, graded at the end" },
  { key: "sandbox", label: "Sandbox", detail: "a fresh cluster to try things" },
  { key: "progress", label: "Progress", detail: "scores and what to review" },
  { key: "quit", label: "Quit", detail: "" },
];

export interface HomeProps {
  width: number;
  height: number;
  active: boolean;
  warnings: readonly string[];
  overview: ProgressOverview;
  totals: { lessons: number; exercises: number };
  onChoose: (choice: MenuChoice) => void;
  initialChoice?: MenuChoice;
}

export function Home({ width, height, active, warnings, overview, totals, onChoose, initialChoice }: HomeProps) {
  const rows: ListRow[] = MENU.map((item) => ({ kind: "item", key: item.key, label: item.label, detail: item.detail }));
  const due = overview.dueForReview.length;
  const standing =
    `${overview.exercisesCompleted}/${totals.exercises} exercises done · ${overview.points} points · ` +
    `${overview.lessonsRead}/${totals.lessons} lessons read` +
    (due > 0 ? ` · ${due} due for review` : "");
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold color={theme.accent}>
        kadet
      </Text>
      <Text color={theme.muted} wrap="truncate-end">
        A terminal trainer for Docker and Kubernetes, on a simulated 1.32 cluster
      </Text>
      <Text> </Text>
      <Banner messages={warnings} width={width} />
      <Text wrap="truncate-end">{standing}</Text>
      <Text> </Text>
      <Box flexGrow={1} flexDirection="column">
        <SelectList
          rows={rows}
          width={Math.min(width, 60)}
          height={MENU.length}
          active={active}
          onSelect={(key) => onChoose(key as MenuChoice)}
          onBack={() => onChoose("quit")}
          shortcuts={{ l: "lessons", p: "practice", e: "exams", s: "sandbox", g: "progress" }}
          {...(initialChoice !== undefined ? { initialKey: initialChoice } : {})}
        />
      </Box>
      <Footer text={FOOTER.home} width={width} />
    </Box>
  );
}
