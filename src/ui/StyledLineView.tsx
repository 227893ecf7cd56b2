/**
 * Draws one pre-wrapped row of styled segments, mapping each style to theme tokens. Rows are
 * wrapped before they get here, so `truncate` only guards against a miscount.
 */
import { Text } from "ink";
import type { Segment, SegmentStyle, StyledLine } from "./markdown.js";
import { theme, type Theme } from "./theme.js";

interface TextStyle {
  color?: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  inverse?: boolean;
}

export function textStyleFor(style: SegmentStyle, palette: Theme = theme): TextStyle {
  switch (style) {
    case "plain":
      return palette.text !== undefined ? { color: palette.text } : {};
    case "bold":
      return { bold: true };
    case "italic":
      return { italic: true };
    case "code":
      // Without colour, inline code still needs to stand out from the sentence around it.
      return palette.code !== undefined ? { color: palette.code } : { inverse: true };
    case "codeBlock":
      return palette.code !== undefined ? { color: palette.code } : {};
    case "title":
      return withColor({ bold: true, underline: true }, palette.accent);
    case "heading":
      return withColor({ bold: true }, palette.accent);
    case "muted":
    case "tableRule":
      return withColor({}, palette.muted);
    case "accent":
      return withColor({ bold: true }, palette.accent);
    case "pass":
      return withColor({}, palette.pass);
    case "fail":
      return withColor({}, palette.fail);
    case "warn":
      return withColor({}, palette.warn);
  }
}

function withColor(style: TextStyle, color: string | undefined): TextStyle {
  return color === undefined ? style : { ...style, color };
}

export function StyledLineView({ line }: { line: StyledLine }) {
  if (line.length === 0) return <Text> </Text>;
  return (
    <Text wrap="truncate-end">
      {line.map((segment: Segment, index: number) => (
        <Text key={index} {...textStyleFor(segment.style)}>
          {segment.text}
        </Text>
      ))}
    </Text>
  );
}
