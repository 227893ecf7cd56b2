/**
 * Keys that belong to the trainer rather than to the shell: function keys, and Ctrl+X then a
 * key. Ctrl+X is readline's own prefix (Ctrl+X Ctrl+E edits the line in $EDITOR, Ctrl+X
 * Ctrl+U undoes); kadet does not simulate those chords and uses the prefix for its actions,
 * so every other readline key still reaches the line. A y/n question answers only its own keys.
 */
import type { Key } from "./line-editor/keys.js";

export type TrainerAction = "help" | "check" | "hint" | "solution" | "task" | "panel" | "back" | "quit";

/** A screen's own actions (the exam screen's) may stand in for TrainerAction. */
export interface TrainerKeymap<A extends string = TrainerAction> {
  /** Function key name (`f1`) → action. Ctrl+ or Alt+F-keys are not actions: they are ignored. */
  fkeys: Readonly<Record<string, A>>;
  /** The key after Ctrl+X: a character, or `ctrl-<letter>` → action. */
  chords: Readonly<Record<string, A>>;
}

export type TrainerKeyResult<A extends string = TrainerAction> =
  /** Not a trainer key: it belongs to the line. */
  | { kind: "line" }
  /** Part of a chord, or a chord kadet does not know: taken, nothing to do. */
  | { kind: "taken" }
  | { kind: "action"; action: A };

/** Reads trainer keys, remembering a Ctrl+X that waits for its second key. */
export class TrainerKeyReader<A extends string = TrainerAction> {
  private prefixed = false;

  constructor(private readonly keymap: TrainerKeymap<A>) {}

  /** True after Ctrl+X, until the next key. */
  get pending(): boolean {
    return this.prefixed;
  }

  read(key: Key): TrainerKeyResult<A> {
    if (this.prefixed) {
      this.prefixed = false;
      const name = chordName(key);
      const action = name === undefined ? undefined : this.keymap.chords[name];
      return action === undefined ? { kind: "taken" } : { kind: "action", action };
    }
    if (key.type !== "key") return { kind: "line" };
    if (key.ctrl && !key.meta && key.name === "x") {
      this.prefixed = true;
      return { kind: "taken" };
    }
    const action = key.ctrl || key.meta ? undefined : this.keymap.fkeys[key.name];
    if (action !== undefined) return { kind: "action", action };
    // Other function keys do nothing in bash either; they must not type escape garbage.
    if (/^f\d+$/.test(key.name)) return { kind: "taken" };
    return { kind: "line" };
  }
}

function chordName(key: Key): string | undefined {
  if (key.type === "text") return key.text.length === 1 ? key.text.toLowerCase() : undefined;
  if (key.type !== "key") return undefined;
  if (key.ctrl) return `ctrl-${key.name}`;
  return key.name;
}

export type ConfirmAnswer = "yes" | "no" | "other";

/**
 * A y/n question's reading of a key: y/Y is yes; n/N, Enter, Esc and Ctrl+C are no; any
 * other key is not an answer: the question closes unanswered and the key goes on to the line
 * (a `y` inside a command typed over the question must never confirm it, issue 7).
 */
export function confirmAnswer(key: Key): ConfirmAnswer {
  if (key.type === "text") {
    if (key.text === "y" || key.text === "Y") return "yes";
    if (key.text === "n" || key.text === "N") return "no";
    return "other";
  }
  if (key.type === "key" && !key.meta && (key.name === "return" || key.name === "escape" || (key.ctrl && key.name === "c"))) return "no";
  return "other";
}
