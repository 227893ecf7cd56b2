/**
 * The exam screens' keys, in one table: the help overlay lists them, the footers show the
 * first few, and the README's "Exams" section lists the same.
 */
import type { KeyBinding } from "../keymap.js";
import type { TrainerKeymap } from "../trainerKeys.js";

export type ExamAction = "help" | "previous" | "next" | "flag" | "task" | "panel" | "submit" | "back" | "quit";

export const EXAM_TRAINER_KEYS: TrainerKeymap<ExamAction> = {
  fkeys: { f1: "help", f2: "previous", f3: "next", f4: "flag", f5: "task", f6: "panel", f10: "submit" },
  chords: { "?": "help", p: "previous", n: "next", f: "flag", t: "task", o: "panel", s: "submit", q: "back", "ctrl-c": "quit" },
};

export const EXAM_KEYS: readonly KeyBinding[] = [
  ["F2 F3  ^X p ^X n", "previous / next task"],
  ["task N", "go to task N (typed at the prompt)"],
  ["F4  ^X f  flag", "flag / unflag this task for review"],
  ["F5  ^X t", "show the task / hide the top panel"],
  ["F6  ^X o", "scroll the task (↑ ↓ PgUp PgDn; Esc back to the prompt)"],
  ["F10  ^X s  submit", "submit the exam (asks first)"],
  ["Tab  Ctrl+R  ↑ ↓", "complete / search / earlier commands, as in bash"],
  ["PgUp PgDn", "scroll the output"],
  ["^X q", "leave the exam screen (the clock keeps running)"],
  ["^X Ctrl+C", "quit kadet (the exam is saved; its clock keeps running unless pausable)"],
  ["F1  ^X ?", "this help"],
];

export const EXAMS_LIST_KEYS: readonly KeyBinding[] = [
  ["↑ ↓  j k", "move"],
  ["Enter", "start the exam (asks first), or resume the one in progress"],
  ["r", "the latest report of the exam"],
  ["Esc  q", "back"],
  ["?", "this help"],
];

export const REPORT_KEYS: readonly KeyBinding[] = [
  ["↑ ↓  j k", "scroll a line"],
  ["PgUp PgDn  Space", "scroll a page"],
  ["Home End  g G", "top / bottom"],
  ["Esc  q", "back to the exams"],
  ["?", "this help"],
];

export const EXAM_FOOTER = "F2/F3 task · F4 flag · F5 task panel · F10 submit · ^X q leave · F1 keys";
export const EXAMS_FOOTER = "↑↓ move · Enter start/resume · r report · Esc back · ? help";
export const REPORT_FOOTER = "↑↓ PgUp PgDn scroll · Esc back · ? help";
