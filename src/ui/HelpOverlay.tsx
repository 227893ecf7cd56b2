/**
 * The help overlay: the keys of the screen underneath, from `keymap.ts`. It takes the whole
 * screen while open (Ink has no layering), scrolls when the list is taller than the screen,
 * and closes with Esc, q, ? or F1.
 */
import { useMemo, useState } from "react";
import { Box, Text } from "ink";
import { keyWord } from "./line-editor/keys.js";
import { useKeys } from "./useKeys.js";
import { KEYMAP, SCREEN_TITLES, type KeyBinding, type ScreenName } from "./keymap.js";
import type { StyledLine } from "./markdown.js";
import { clampOffset, ScrollPane } from "./ScrollPane.js";
import { theme } from "./theme.js";

export interface HelpOverlayProps {
  screen: ScreenName;
  /** A screen with its own key table (the exam screens) passes it here, with its title. */
  keys?: { title: string; bindings: readonly KeyBinding[] };
  width: number;
  height: number;
  onClose: () => void;
}

export function HelpOverlay({ screen, keys, width, height, onClose }: HelpOverlayProps) {
  const [offset, setOffset] = useState(0);
  const inner = Math.max(10, width - 4);
  // Border, title, blank and the closing line take five rows.
  const bodyHeight = Math.max(1, height - 5);
  const lines = useMemo(() => helpLines(keys?.bindings ?? KEYMAP[screen], inner), [screen, keys, inner]);
  useKeys((key) => {
    const word = keyWord(key);
    const page = Math.max(1, bodyHeight - 1);
    const scroll = (by: number): void => setOffset((at) => clampOffset(clampOffset(at, lines.length, bodyHeight - 1) + by, lines.length, bodyHeight - 1));
    if (word === "up" || word === "k") scroll(-1);
    else if (word === "down" || word === "j") scroll(1);
    else if (word === "pageup") scroll(-page);
    else if (word === "pagedown" || word === " ") scroll(page);
    else if (word === "escape" || word === "q" || word === "?" || word === "return" || word === "f1" || word === "ctrl-c") onClose();
  });
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={theme.accent} paddingX={1}>
      <Text bold color={theme.accent}>
        Keys: {keys?.title ?? SCREEN_TITLES[screen]}
      </Text>
      <Text> </Text>
      <ScrollPane lines={lines} offset={offset} height={bodyHeight} />
      <Text color={theme.muted}>Esc closes this help{lines.length > bodyHeight ? " · ↑↓ PgUp PgDn scroll" : ""}.</Text>
    </Box>
  );
}

/** One row per binding: the keys in a column, the action cut to what is left of the width. */
export function helpLines(bindings: readonly KeyBinding[], width: number): StyledLine[] {
  const keyColumn = Math.min(28, Math.max(...bindings.map(([keys]) => keys.length)) + 2);
  return bindings.map(([keys, action]) => [
    { text: keys.padEnd(keyColumn), style: "bold" as const },
    { text: action.slice(0, Math.max(0, width - keyColumn)), style: "plain" as const },
  ]);
}
