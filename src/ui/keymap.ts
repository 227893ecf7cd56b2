/**
 * The keys of each screen, in one table: the help overlay lists them and the footers show
 * the first few, so what the learner is told always matches one source.
 */
import type { TrainerKeymap } from "./trainerKeys.js";

export type ScreenName = "home" | "lessons" | "lesson" | "practice" | "exercise" | "sandbox" | "progress";

export type KeyBinding = readonly [keys: string, action: string];

/** The trainer's keys on the exercise screen; the help below describes the same table. */
export const EXERCISE_TRAINER_KEYS: TrainerKeymap = {
  fkeys: { f1: "help", f2: "hint", f3: "solution", f4: "task", f5: "check", f6: "panel" },
  chords: { "?": "help", h: "hint", s: "solution", t: "task", c: "check", o: "panel", q: "back", "ctrl-c": "quit" },
};

export const SANDBOX_TRAINER_KEYS: TrainerKeymap = {
  fkeys: { f1: "help" },
  chords: { "?": "help", q: "back", "ctrl-c": "quit" },
};

const LIST_KEYS: readonly KeyBinding[] = [
  ["↑ ↓  j k", "move"],
  ["PgUp PgDn", "move a page"],
  ["Enter", "open"],
  ["Esc  q", "back"],
];

/** Readline's emacs keys, as in bash; the README's "Terminal keys" table lists the same. */
const TERMINAL_KEYS: readonly KeyBinding[] = [
  ["Enter", "run the line"],
  ["↑ ↓  Ctrl+P Ctrl+N", "earlier / later commands"],
  ["Ctrl+R", "search earlier commands (again: older; Ctrl+G cancels)"],
  ["Ctrl+A Ctrl+E  Home End", "start / end of the line"],
  ["Ctrl+B Ctrl+F  Alt+B Alt+F", "a character / a word left or right"],
  ["Ctrl+W  Alt+D  Alt+⌫", "cut the word before / after the cursor"],
  ["Ctrl+U  Ctrl+K", "cut to the start / to the end of the line"],
  ["Ctrl+Y  Alt+Y", "paste what was cut / an older cut"],
  ["Ctrl+T", "swap two characters"],
  ["Ctrl+D", "delete a character; on an empty line, leave"],
  ["Ctrl+C", "cancel the line"],
  ["Ctrl+L  clear", "clear the screen (the line stays)"],
  ["Tab", "complete; twice lists the choices"],
  ["!!  !$", "the last command / its last word"],
  ["PgUp PgDn", "scroll the output"],
];

export const KEYMAP: Record<ScreenName, readonly KeyBinding[]> = {
  home: [
    ["↑ ↓  j k", "move"],
    ["Enter", "open"],
    ["l p e s g", "Lessons, Practice, Exams, Sandbox, proGress"],
    ["q", "quit"],
    ["?", "this help"],
  ],
  lessons: [...LIST_KEYS, ["?", "this help"]],
  practice: [...LIST_KEYS, ["?", "this help"]],
  lesson: [
    ["↑ ↓  j k", "scroll a line"],
    ["PgUp PgDn  Space", "scroll a page"],
    ["Home End  g G", "top / bottom"],
    ["← →  h l", "scroll code and tables sideways (cut rows end in »)"],
    ["n", "next lesson"],
    ["e", "the lesson's first exercise"],
    ["Esc  q", "back"],
    ["?", "this help"],
  ],
  exercise: [
    ["F5  ^X c  check", "grade your work"],
    ["F2  ^X h  hint", "the next hint"],
    ["F3  ^X s  solution", "the solution (asks first)"],
    ["F4  ^X t  task", "show the task / hide the top panel"],
    ["F6  ^X o", "scroll the top panel (↑ ↓ PgUp PgDn, ← → sideways; Esc back to the prompt)"],
    ["reset", "rebuild the exercise's world (asks first)"],
    ...TERMINAL_KEYS,
    ["^X q  exit  Ctrl+D", "back (your world and line are kept until you quit kadet)"],
    ["^X Ctrl+C", "quit kadet (asks first)"],
    ["F1  ^X ?  help", "this help"],
  ],
  sandbox: [
    ...TERMINAL_KEYS,
    ["reset", "a fresh default world (asks first)"],
    ["^X q  exit  Ctrl+D", "back"],
    ["^X Ctrl+C", "quit kadet"],
    ["F1  ^X ?  help", "this help"],
  ],
  progress: [
    ["↑ ↓  PgUp PgDn", "scroll"],
    ["r", "review what is due (Enter reviews one)"],
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
  lesson: "↑↓ PgUp PgDn Space scroll · ←→ code · n next · e exercise · Esc back · ? help",
  exercise: "F5 check · F2 hint · F3 solution · F4 task · F6 scroll · ^X q back · F1 keys",
  sandbox: "Tab complete · Ctrl+R search · PgUp PgDn scroll · ^X q back · F1 keys",
  progress: "↑↓ scroll · Esc back · ? help",
};
