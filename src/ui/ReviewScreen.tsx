/**
 * The Review screen: what is due, lowest recall first (FSRS, behind the progress port), each
 * exercise with its recall and due checks; a leech names the lesson to reread. Enter opens
 * the exercise, whose check records the review like any attempt.
 */
import { Box, Text } from "ink";
import { Footer, TitleBar } from "./Chrome.js";
import type { QueuedReview } from "../progress/reviewQueue.js";
import { leechAdvice } from "../progress/reviewQueue.js";
import { SelectList, type ListRow } from "./SelectList.js";
import { theme } from "./theme.js";
import { keyWord } from "./line-editor/keys.js";
import { useKeys } from "./useKeys.js";

export const REVIEW_FOOTER = "↑↓ move · Enter review · Esc back";

export interface ReviewScreenProps {
  queue: readonly QueuedReview[];
  width: number;
  height: number;
  active: boolean;
  /** With the seed of the item's micro-exercise when the exercise is parameterised. */
  onOpen: (exerciseId: string, seed?: number) => void;
  onBack: () => void;
}

export function reviewRows(queue: readonly QueuedReview[]): ListRow[] {
  return queue.map((item) => ({
    kind: "item",
    key: item.exerciseId,
    label: item.title,
    detail: `recall ${item.recallPercent}% · ${item.checks.length} check${item.checks.length === 1 ? "" : "s"} due${item.leech !== undefined ? " · leech" : ""}`,
  }));
}

export function ReviewScreen({ queue, width, height, active, onOpen, onBack }: ReviewScreenProps) {
  const advice = queue.flatMap((item) => {
    const text = leechAdvice(item);
    return text === undefined ? [] : [text];
  });
  // Advice wraps: a leech's lesson must be readable whole.
  const adviceRows = advice.reduce((rows, text) => rows + Math.ceil(text.length / Math.max(1, width)), 0);
  const listHeight = Math.max(1, height - 4 - adviceRows);
  // With items, the list takes Esc itself; an empty screen still has to go back.
  useKeys((pressed) => {
    const word = keyWord(pressed);
    if (word === "escape" || word === "q") onBack();
  }, active && queue.length === 0);
  return (
    <Box flexDirection="column" width={width} height={height}>
      <TitleBar title={`Review · ${queue.length} due`} width={width} />
      {queue.length === 0 ? (
        <Box flexGrow={1} flexDirection="column">
          <Text color={theme.muted}>Nothing is due for review: well done. Esc goes back.</Text>
        </Box>
      ) : (
        <Box flexGrow={1} flexDirection="column">
          <Text color={theme.muted} wrap="truncate-end">
            Lowest recall first: FSRS's chance you would pass the weakest due check now.
          </Text>
          <SelectList rows={reviewRows(queue)} width={width} height={listHeight} active={active} onSelect={(id) => onOpen(id, queue.find((item) => item.exerciseId === id)?.seed)} onBack={onBack} />
          {advice.map((text) => (
            <Text key={text} color={theme.warn} wrap="wrap">
              {text}
            </Text>
          ))}
        </Box>
      )}
      <Footer text={REVIEW_FOOTER} width={width} />
    </Box>
  );
}
