/**
 * The task navigator: one cell per task (status mark, number, points), the current task in
 * brackets and bold, flagged tasks in the warning colour, unseen ones muted. The marks
 * (○ ● ⚑) carry the status without colour too (NO_COLOR).
 */
import { Box, Text } from "ink";
import { theme } from "../theme.js";
import type { NavigatorCell } from "./navigator.js";

export function TaskNavigator({ rows, width }: { rows: readonly NavigatorCell[][]; width: number }) {
  return (
    <Box flexDirection="column" width={width} flexShrink={0}>
      {rows.map((row, r) => (
        <Text key={r} wrap="truncate-end">
          {row.map((cell) => (
            <Text
              key={cell.number}
              bold={cell.current}
              inverse={cell.current}
              color={cell.status === "flagged" ? theme.warn : cell.status === "unseen" ? theme.muted : theme.text}
            >
              {cell.text}
            </Text>
          ))}
        </Text>
      ))}
    </Box>
  );
}
