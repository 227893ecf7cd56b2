/**
 * The frame every screen shares: a one-line title bar and a one-line key reminder, so the
 * learner always knows where they are and how to leave.
 */
import { Box, Text } from "ink";
import { theme } from "./theme.js";

export function TitleBar({ title, detail, width }: { title: string; detail?: string; width: number }) {
  const left = `kadet › ${title}`;
  const room = Math.max(0, width - left.length - 1);
  const right = detail !== undefined && detail.length <= room ? detail : "";
  return (
    <Box width={width} height={1}>
      <Text bold color={theme.accent} wrap="truncate-end">
        {left}
      </Text>
      <Box flexGrow={1} />
      <Text color={theme.muted}>{right}</Text>
    </Box>
  );
}

export function Footer({ text, width }: { text: string; width: number }) {
  return (
    <Box width={width} height={1}>
      <Text color={theme.muted} wrap="truncate-end">
        {text}
      </Text>
    </Box>
  );
}

/** A warning shown above a screen's content (a damaged progress file, unsaved progress). */
export function Banner({ messages, width }: { messages: readonly string[]; width: number }) {
  if (messages.length === 0) return null;
  return (
    <Box flexDirection="column" width={width} flexShrink={0}>
      {messages.map((message, index) => (
        <Text key={index} color={theme.warn} wrap="wrap">
          ! {message}
        </Text>
      ))}
    </Box>
  );
}
