/**
 * A window of `height` rows onto a longer list of pre-wrapped rows, starting at `offset`.
 * The last row of the window says where the reader is when there is more to see. Given a
 * `width`, rows of code blocks and tables wider than it are cut with a marker and shifted
 * by `sideways` columns together, so a block stays aligned while the prose around it stays put.
 */
import { Box, Text } from "ink";
import { clipLine, isWideBlockRow, type StyledLine } from "./markdown.js";
import { StyledLineView } from "./StyledLineView.js";
import { theme } from "./theme.js";

export interface ScrollPaneProps {
  lines: readonly StyledLine[];
  /** Index of the first row shown; the caller clamps it with `clampOffset`. */
  offset: number;
  height: number;
  /** Show a "rows a–b of n" marker when the content does not fit. */
  showPosition?: boolean;
  /** The pane's width in columns: wide rows are cut to it with a visible marker. */
  width?: number;
  /** Columns the wide rows are scrolled to the left (`maxSidewaysOffset` bounds it). */
  sideways?: number;
}

export function ScrollPane({ lines, offset, height, showPosition = true, width, sideways = 0 }: ScrollPaneProps) {
  const fits = lines.length <= height;
  const bodyHeight = fits || !showPosition ? height : Math.max(1, height - 1);
  const start = clampOffset(offset, lines.length, bodyHeight);
  const visible = lines.slice(start, start + bodyHeight);
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      {visible.map((line, index) => (
        <StyledLineView key={start + index} line={width === undefined ? line : clipLine(line, width, isWideBlockRow(line) ? sideways : 0)} />
      ))}
      {!fits && showPosition ? (
        <Text color={theme.muted} wrap="truncate-end">
          {positionLabel(start, bodyHeight, lines.length)}
        </Text>
      ) : null}
    </Box>
  );
}

/** Keeps an offset inside [0, rows - height], so scrolling past either end does nothing. */
export function clampOffset(offset: number, rows: number, height: number): number {
  return Math.max(0, Math.min(offset, Math.max(0, rows - height)));
}

function positionLabel(start: number, height: number, total: number): string {
  const end = Math.min(total, start + height);
  const more = end < total ? " ↓ more" : " (end)";
  return `── rows ${start + 1}–${end} of ${total}${more}`;
}
