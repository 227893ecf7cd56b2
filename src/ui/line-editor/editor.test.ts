// Readline's emacs-mode commands, as the GNU Readline manual ("Bindable Readline Commands")
// defines them and bash 5 behaves: each case types text, presses keys (the bytes an xterm
// sends) and looks at the line, the cursor (`|`) and what the terminal is told to do.
import { describe, expect, it } from "vitest";
import { applyKey, emptyEditor, type EditorEffect, type EditorState } from "./editor.js";
import { KeyDecoder } from "./keys.js";
import { expandHistory } from "./history-expansion.js";

const HISTORY = ["kubectl get pods", "kubectl describe pod web", "echo hello world"];

function run(bytes: string[], history: readonly string[] = HISTORY, start: EditorState = emptyEditor()): { state: EditorState; effects: EditorEffect[]; shown: string } {
  const decoder = new KeyDecoder();
  let state = start;
  const effects: EditorEffect[] = [];
  for (const chunk of bytes) {
    for (const key of decoder.push(chunk)) {
      const result = applyKey(state, key, history);
      state = result.state;
      effects.push(...result.effects.filter((e) => e.type !== "bell"));
    }
  }
  return { state, effects, shown: state.text.slice(0, state.cursor) + "|" + state.text.slice(state.cursor) };
}

const C = (letter: string): string => String.fromCharCode(letter.charCodeAt(0) - 0x60);
const M = (letter: string): string => `\u001b${letter}`;
const LEFT = "\u001b[D";
const RIGHT = "\u001b[C";
const HOME = "\u001b[H";
const END = "\u001b[F";
const UP = "\u001b[A";
const DOWN = "\u001b[B";
const BS = "\u007f";

describe("moving", () => {
  it("Ctrl+A / Home to the start, Ctrl+E / End to the end (beginning-of-line, end-of-line)", () => {
    expect(run(["kubectl get", C("a")]).shown).toBe("|kubectl get");
    expect(run(["kubectl get", HOME]).shown).toBe("|kubectl get");
    expect(run(["kubectl get", C("a"), C("e")]).shown).toBe("kubectl get|");
    expect(run(["kubectl get", HOME, END]).shown).toBe("kubectl get|");
  });

  it("Ctrl+B / Ctrl+F and the arrows by one character", () => {
    expect(run(["abc", C("b"), C("b")]).shown).toBe("a|bc");
    expect(run(["abc", LEFT, LEFT, C("f")]).shown).toBe("ab|c");
    expect(run(["abc", HOME, RIGHT]).shown).toBe("a|bc");
  });

  it("Alt+B / Alt+F by words of letters and digits (backward-word, forward-word)", () => {
    expect(run(["kubectl get pod/web-1", M("b")]).shown).toBe("kubectl get pod/web-|1");
    expect(run(["kubectl get pod/web-1", M("b"), M("b"), M("b")]).shown).toBe("kubectl get |pod/web-1");
    expect(run(["kubectl get pods", C("a"), M("f")]).shown).toBe("kubectl| get pods");
    expect(run(["kubectl get pods", C("a"), M("f"), M("f")]).shown).toBe("kubectl get| pods");
    // Esc then b, pressed one after the other, is Alt+B too.
    expect(run(["kubectl get", "\u001b", "b"]).shown).toBe("kubectl |get");
    expect(run(["kubectl get", "\u001b[1;5D"]).shown).toBe("kubectl |get");
  });
});

describe("killing and yanking", () => {
  it("Ctrl+W cuts back to whitespace (unix-word-rubout), Alt+Backspace to a word boundary", () => {
    expect(run(["kubectl get pod/web-1", C("w")]).shown).toBe("kubectl get |");
    expect(run(["kubectl get pod/web-1", M(BS)]).shown).toBe("kubectl get pod/web-|");
  });

  it("Alt+D cuts to the end of the next word (kill-word)", () => {
    expect(run(["kubectl get pods", C("a"), M("d")]).shown).toBe("| get pods");
  });

  it("Ctrl+U cuts to the start, Ctrl+K to the end, Ctrl+Y yanks the last cut", () => {
    expect(run(["kubectl get pods", M("b"), C("u")]).shown).toBe("|pods");
    expect(run(["kubectl get pods", M("b"), C("k")]).shown).toBe("kubectl get |");
    expect(run(["kubectl get pods", M("b"), C("k"), C("a"), C("y")]).shown).toBe("pods|kubectl get ");
  });

  it("consecutive kills make one kill-ring entry; Alt+Y after Ctrl+Y yanks the older one", () => {
    expect(run(["one two three", C("w"), C("w"), C("y")]).shown).toBe("one two three|");
    const popped = run(["first", C("u"), "second", C("u"), C("y"), M("y")]);
    expect(popped.shown).toBe("first|");
  });

  it("the kill ring survives Enter, as readline's does", () => {
    const first = run(["kubectl get pods", C("w"), "\r"]);
    expect(first.effects).toEqual([{ type: "submit", line: "kubectl get " }]);
    expect(run([C("y")], HISTORY, first.state).shown).toBe("pods|");
  });
});

describe("editing", () => {
  it("Backspace and Delete / Ctrl+D remove one character; a surrogate pair counts as one", () => {
    expect(run(["abc", LEFT, BS]).shown).toBe("a|c");
    expect(run(["abc", LEFT, "\u001b[3~"]).shown).toBe("ab|");
    expect(run(["abc", HOME, C("d")]).shown).toBe("|bc");
    expect(run(["a😀", BS]).shown).toBe("a|");
  });

  it("Ctrl+T swaps the characters around the cursor, or the last two at the end of the line", () => {
    expect(run(["abcd", LEFT, C("t")]).shown).toBe("abdc|");
    expect(run(["abcd", C("t")]).shown).toBe("abdc|");
    expect(run(["abcd", HOME, RIGHT, C("t")]).shown).toBe("ba|cd");
  });

  it("Alt+. inserts the last word of the previous command (yank-last-arg)", () => {
    expect(run(["cat ", M(".")]).shown).toBe("cat world|");
  });

  it("inserts typed text and a paste at the cursor", () => {
    expect(run(["kubectl pods", M("b"), "get "]).shown).toBe("kubectl get |pods");
    expect(run(["ab", LEFT, "\u001b[200~XYZ\u001b[201~"]).shown).toBe("aXYZ|b");
  });

  it("runs each line of a multi-line paste and keeps what follows the last break", () => {
    const result = run(["echo ", "\u001b[200~one\ncat <<EOF\nx\nEOF\nlast\u001b[201~"]);
    expect(result.effects).toEqual([
      { type: "submit", line: "echo one" },
      { type: "submit", line: "cat <<EOF" },
      { type: "submit", line: "x" },
      { type: "submit", line: "EOF" },
    ]);
    expect(result.shown).toBe("last|");
  });
});

describe("what the terminal is told", () => {
  it("Enter submits, Ctrl+C cancels the line, Ctrl+D on an empty line is end of input, Ctrl+L clears keeping the line", () => {
    expect(run(["kubectl get pods\r"]).effects).toEqual([{ type: "submit", line: "kubectl get pods" }]);
    const cancelled = run(["kubectl get po", C("c")]);
    expect(cancelled.effects).toEqual([{ type: "cancel", line: "kubectl get po" }]);
    expect(cancelled.shown).toBe("|");
    expect(run([C("d")]).effects).toEqual([{ type: "eof" }]);
    const cleared = run(["abc", LEFT, C("l")]);
    expect(cleared.effects).toEqual([{ type: "clear-screen" }]);
    // Issue 7: after Ctrl+L the next key landed before the cursor; here it lands at it.
    expect(run(["x"], HISTORY, cleared.state).shown).toBe("abx|c");
  });

  it("Tab asks for completion; a second Tab in a row asks for the list", () => {
    expect(run(["kubectl ge\t"]).effects).toEqual([{ type: "complete", again: false }]);
    expect(run(["kubectl ge\t\t"]).effects).toEqual([
      { type: "complete", again: false },
      { type: "complete", again: true },
    ]);
  });

  it("ignores keys it has no binding for (F-keys, unknown sequences) without changing the line", () => {
    expect(run(["abc", "\u001b[1;5P", "\u001b[6n", "\u001b[17~", LEFT]).shown).toBe("ab|c");
  });
});

describe("history", () => {
  it("Up / Ctrl+P go back, Down / Ctrl+N forward, back to the line being typed", () => {
    expect(run([UP]).state.text).toBe("echo hello world");
    expect(run([UP, C("p"), UP, UP]).state.text).toBe("kubectl get pods");
    expect(run(["draft", UP, UP, DOWN, C("n")]).state.text).toBe("draft");
  });

  it("Ctrl+R searches backwards as you type, again for older matches; Enter runs the match", () => {
    const searching = run([C("r"), "pod"]);
    expect(searching.state.search?.match).toBe(1);
    expect(run([C("r"), "pod", C("r")]).state.search?.match).toBe(0);
    expect(run([C("r"), "pod", C("r"), "\r"]).effects).toEqual([{ type: "submit", line: "kubectl get pods" }]);
  });

  it("Ctrl+R: a miss is marked failed, Ctrl+G restores the line, another key edits the match", () => {
    expect(run([C("r"), "zzz"]).state.search?.failed).toBe(true);
    expect(run(["typed", C("r"), "pod", C("g")]).shown).toBe("typed|");
    expect(run([C("r"), "desc", C("e"), " -n x"]).state.text).toBe("kubectl describe pod web -n x");
    expect(run([C("r"), "pod", C("c")]).effects).toEqual([{ type: "cancel", line: "kubectl describe pod web" }]);
  });
});

describe("history expansion (bash manual, History Expansion)", () => {
  it("!! is the previous command and !$ its last word", () => {
    expect(expandHistory("sudo !!", HISTORY)).toEqual({ ok: true, line: "sudo echo hello world", expanded: true });
    expect(expandHistory("cat !$", HISTORY)).toEqual({ ok: true, line: "cat world", expanded: true });
  });

  it("leaves ! alone in single quotes, after a backslash, before a blank or =, and before a closing double quote", () => {
    for (const line of ["echo '!!'", "echo \\!!", "echo ! x", "a!=b", 'echo "hi!"', "kubectl get po"]) {
      expect(expandHistory(line, HISTORY)).toEqual({ ok: true, line, expanded: false });
    }
  });

  it("says event not found when there is no previous command", () => {
    expect(expandHistory("!!", [])).toEqual({ ok: false, message: "bash: !!: event not found" });
  });
});
