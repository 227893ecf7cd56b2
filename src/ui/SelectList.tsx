/**
 * A keyboard-driven list with optional group headings (topics), scrolled so the selected
 * row stays visible. Used for the home menu, the lessons and the practice list.
 */
import { useRef, useState } from "react";
import { Box, Text } from "ink";
import { keyWord } from "./line-editor/keys.js";
import { useKeys } from "./useKeys.js";
import { theme } from "./theme.js";

export type ListRow =
  | { kind: "heading"; text: string }
  | { kind: "item"; key: string; label: string; /** Right-aligned details (difficulty, score). */ detail?: string; done?: boolean };

export interface SelectListProps {
  rows: readonly ListRow[];
  width: number;
  height: number;
  active: boolean;
  onSelect: (key: string) => void;
  onBack?: () => void;
  /** Extra single-letter shortcuts that pick an item directly. */
  shortcuts?: Readonly<Record<string, string>>;
  initialKey?: string;
  /** Told the key of the item the selection moves to. */
  onMove?: (key: string) => void;
}

export function SelectList({ rows, width, height, active, onSelect, onBack, shortcuts, initialKey, onMove }: SelectListProps) {
  const items = rows.flatMap((row, index) => (row.kind === "item" ? [index] : []));
  const initial = Math.max(0, items.findIndex((index) => (rows[index] as { key?: string }).key === initialKey));
  const [selected, setSelected] = useState(initial);
  const selectedRef = useRef(initial);
  const current = Math.min(selected, Math.max(0, items.length - 1));

  useKeys(
    (pressed) => {
      const word = keyWord(pressed);
      const page = Math.max(1, height - 1);
      const last = Math.max(0, items.length - 1);
      // Functional updates and a ref: keys that arrive together are handled before a re-render.
      const move = (to: (from: number) => number): void => {
        selectedRef.current = Math.max(0, Math.min(last, to(Math.min(selectedRef.current, last))));
        setSelected(selectedRef.current);
        const row = rows[items[selectedRef.current] ?? -1];
        if (row?.kind === "item") onMove?.(row.key);
      };
      if (word === "up" || word === "k") move((from) => from - 1);
      else if (word === "down" || word === "j") move((from) => from + 1);
      else if (word === "pageup") move((from) => from - page);
      else if (word === "pagedown") move((from) => from + page);
      else if (word === "home") move(() => 0);
      else if (word === "end") move(() => last);
      else if (word === "return") {
        const row = rows[items[Math.min(selectedRef.current, last)] ?? -1];
        if (row?.kind === "item") onSelect(row.key);
      } else if ((word === "escape" || word === "q") && onBack) onBack();
      else if (shortcuts && word !== undefined && Object.hasOwn(shortcuts, word)) onSelect(shortcuts[word]!);
    },
    active,
  );

  if (items.length === 0) {
    return (
      <Box height={height}>
        <Text color={theme.muted}>Nothing here yet.</Text>
      </Box>
    );
  }

  const selectedRow = items[current] ?? 0;
  // Keep the selection in view, with its heading when there is room.
  let start = Math.max(0, selectedRow - Math.floor(height / 2));
  start = Math.min(start, Math.max(0, rows.length - height));
  const visible = rows.slice(start, start + height);
  return (
    <Box flexDirection="column" height={height} width={width}>
      {visible.map((row, offset) => {
        const index = start + offset;
        if (row.kind === "heading") {
          return (
            <Text key={`h${index}`} bold color={theme.accent} wrap="truncate-end">
              {row.text}
            </Text>
          );
        }
        const isSelected = index === selectedRow;
        const mark = row.done === undefined ? "" : row.done ? "✓ " : "  ";
        const detail = row.detail ?? "";
        const labelRoom = Math.max(1, width - 4 - mark.length - detail.length - 1);
        const label = row.label.length > labelRoom ? row.label.slice(0, Math.max(1, labelRoom - 1)) + "…" : row.label;
        return (
          <Box key={row.key} width={width}>
            <Text color={isSelected ? theme.accent : theme.text} bold={isSelected}>
              {isSelected ? "❯ " : "  "}
            </Text>
            <Text color={theme.pass}>{mark}</Text>
            <Text inverse={isSelected && !theme.colored} color={isSelected ? theme.accent : theme.text} bold={isSelected}>
              {label}
            </Text>
            <Box flexGrow={1} />
            <Text color={theme.muted}>{detail}</Text>
          </Box>
        );
      })}
    </Box>
  );
}
