/**
 * The help overlay: the keys of the screen underneath, from `keymap.ts`. It takes the whole
 * screen while open (Ink has no layering) and closes with Esc, q or ?.
 */
import { Box, Text, useInput } from "ink";
import { KEYMAP, SCREEN_TITLES, type ScreenName } from "./keymap.js";
import { theme } from "./theme.js";

export interface HelpOverlayProps {
  screen: ScreenName;
  width: number;
  height: number;
  onClose: () => void;
}

export function HelpOverlay({ screen, width, height, onClose }: HelpOverlayProps) {
  useInput((input, key) => {
    if (key.escape || input === "q" || input === "?" || key.return) onClose();
  });
  const bindings = KEYMAP[screen];
  const keyColumn = Math.min(26, Math.max(...bindings.map(([keys]) => keys.length)) + 2);
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={theme.accent} paddingX={1}>
      <Text bold color={theme.accent}>
        Keys: {SCREEN_TITLES[screen]}
      </Text>
      <Text> </Text>
      {bindings.map(([keys, action]) => (
        <Box key={keys}>
          <Box width={keyColumn} flexShrink={0}>
            <Text bold>{keys}</Text>
          </Box>
          <Text wrap="wrap">{action}</Text>
        </Box>
      ))}
      <Text> </Text>
      <Text color={theme.muted}>Esc closes this help.</Text>
    </Box>
  );
}
