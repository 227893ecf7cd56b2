/**
 * The two catalogue screens: lessons grouped by topic (✓ once read), and practice
 * exercises grouped by topic with difficulty, minutes and the best score (✓ once passed).
 */
import { Box } from "ink";
import { Footer, TitleBar } from "./Chrome.js";
import { FOOTER } from "./keymap.js";
import type { ExerciseEntry, LessonEntry, ProgressPort } from "./ports.js";
import { SelectList, type ListRow } from "./SelectList.js";
import { formatPoints } from "./VerdictPanel.js";

interface ListScreenProps {
  width: number;
  height: number;
  active: boolean;
  topics: readonly string[];
  progress: ProgressPort;
  onOpen: (id: string) => void;
  onBack: () => void;
  initialId?: string;
}

export function LessonsScreen(props: ListScreenProps & { lessons: readonly LessonEntry[] }) {
  const rows: ListRow[] = [];
  for (const topic of orderedTopics(props.topics, props.lessons.map((l) => l.topic))) {
    const inTopic = props.lessons.filter((l) => l.topic === topic);
    if (inTopic.length === 0) continue;
    rows.push({ kind: "heading", text: topic });
    for (const lesson of inTopic) rows.push({ kind: "item", key: lesson.id, label: lesson.title, done: props.progress.lessonRead(lesson.id) });
  }
  return <CatalogueFrame {...props} title="Lessons" detail={`${props.lessons.length} lessons`} rows={rows} footer={FOOTER.lessons} />;
}

export function PracticeScreen(props: ListScreenProps & { exercises: readonly ExerciseEntry[] }) {
  const rows: ListRow[] = [];
  const seen = new Set<string>();
  for (const topic of orderedTopics(props.topics, props.exercises.map((e) => e.topics[0] ?? "other"))) {
    // Each exercise is listed once, under its first topic.
    const inTopic = props.exercises.filter((e) => (e.topics[0] ?? "other") === topic && !seen.has(e.id));
    if (inTopic.length === 0) continue;
    rows.push({ kind: "heading", text: topic });
    for (const exercise of inTopic) {
      seen.add(exercise.id);
      const status = props.progress.exerciseStatus(exercise.id);
      const score = status?.bestScore !== null && status?.bestScore !== undefined ? `${formatPoints(status.bestScore)}/${formatPoints(exercise.points)}` : `${formatPoints(exercise.points)} pts`;
      rows.push({
        kind: "item",
        key: exercise.id,
        label: exercise.title,
        detail: `${exercise.difficulty.padEnd(6)} ${String(exercise.minutes).padStart(2)} min ${score.padStart(7)}`,
        done: status?.completed ?? false,
      });
    }
  }
  return <CatalogueFrame {...props} title="Practice" detail={`${props.exercises.length} exercises`} rows={rows} footer={FOOTER.practice} />;
}

function CatalogueFrame(props: ListScreenProps & { title: string; detail: string; rows: ListRow[]; footer: string }) {
  return (
    <Box flexDirection="column" width={props.width} height={props.height}>
      <TitleBar title={props.title} detail={props.detail} width={props.width} />
      <SelectList
        rows={props.rows}
        width={props.width}
        height={Math.max(1, props.height - 2)}
        active={props.active}
        onSelect={props.onOpen}
        onBack={props.onBack}
        {...(props.initialId !== undefined ? { initialKey: props.initialId } : {})}
      />
      <Footer text={props.footer} width={props.width} />
    </Box>
  );
}

/** Syllabus topics first, in their order, then any other topic the content uses. */
function orderedTopics(syllabus: readonly string[], used: readonly string[]): string[] {
  const extra = [...new Set(used)].filter((t) => !syllabus.includes(t)).sort();
  return [...syllabus, ...extra];
}
