/**
 * The keys of each screen, in one table: the help overlay lists them and the footers show
 * the first few, so what the learner is told always matches one source.
 */

export type ScreenName = "home" | "lessons" | "lesson" | "practice" | "exercise" | "sandbox" | "progress";

export type KeyBinding = readonly [keys: string, action: string];

const LIST_KEYS: readonly KeyBinding[] = [
  ["↑ ↓  j k", "move"],
  ["PgUp PgDn", "move a page"],
  ["Enter", "open"],
  ["Esc  q", "back"],
];

const TERMINAL_KEYS: readonly KeyBinding[] = [
  ["Enter", "run the command"],
  ["↑ ↓", "earlier / later commands"],
  ["PgUp PgDn", "scroll the output"],
  ["Ctrl+L  clear", "clear the output"],
];

export const KEYMAP: Record<ScreenName, readonly KeyBinding[]> = {
  home: [
    ["↑ ↓  j k", "move"],
    ["Enter", "open"],
    ["l p s g", "Lessons, Practice, Sandbox, proGress"],
    ["q", "quit"],
    ["?", "this help"],
  ],
  lessons: [...LIST_KEYS, ["?", "this help"]],
  practice: [...LIST_KEYS, ["?", "this help"]],
  lesson: [
    ["↑ ↓  j k", "scroll a line"],
    ["PgUp PgDn  Space", "scroll a page"],
    ["Home End  g G", "top / bottom"],
    ["n", "next lesson"],
    ["e", "the lesson's first exercise"],
    ["Esc  q", "back"],
    ["?", "this help"],
  ],
  exercise: [
    ["F5  check", "grade your work"],
    ["F2  hint", "the next hint"],
    ["F3  solution", "the solution (asks first)"],
    ["F4  task", "show the task / hide the top panel"],
    ["Tab", "focus the top panel to scroll it (↑ ↓ PgUp PgDn), Tab again for the prompt"],
    ["reset", "rebuild the exercise's world (asks first)"],
    ...TERMINAL_KEYS,
    ["Esc  exit", "back (your world is kept until you quit kadet)"],
    ["F1  ? on an empty prompt", "this help"],
  ],
  sandbox: [
    ...TERMINAL_KEYS,
    ["reset", "a fresh default world (asks first)"],
    ["Esc  exit", "back"],
    ["F1  ? on an empty prompt", "this help"],
  ],
  progress: [
    ["↑ ↓  PgUp PgDn", "scroll"],
    ["Esc  q", "back"],
    ["?", "this help"],
  ],
};

export const SCREEN_TITLES: Record<ScreenName, string> = {
  home: "Home",
  lessons: "Lessons",
  lesson: "Lesson",
  practice: "Practice",
  exercise: "Exercise",
  sandbox: "Sandbox",
  progress: "Progress",
};

/** One-line reminders under each screen; they fit in 80 columns. */
export const FOOTER: Record<ScreenName, string> = {
  home: "↑↓/jk move · Enter open · q quit · ? help",
  lessons: "↑↓ move · Enter read · Esc back · ? help",
  practice: "↑↓ move · Enter start · Esc back · ? help",
  lesson: "↑↓ PgUp PgDn Space scroll · n next · e exercise · Esc back · ? help",
  exercise: "F5 check · F2 hint · F3 solution · F4 task · Tab focus · Esc back · F1 ?",
  sandbox: "↑↓ history · PgUp PgDn scroll · Ctrl+L clear · Esc back · F1 help",
  progress: "↑↓ scroll · Esc back · ? help",
};
