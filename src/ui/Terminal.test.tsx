// The embedded terminal, driven through Ink's stdin with the byte sequences xterm sends
// (ctlseqs: https://invisible-island.net/xterm/ctlseqs/ctlseqs.html, "PC-Style Function Keys").
import { afterEach, describe, expect, it, vi } from "vitest";
import { render, cleanup } from "ink-testing-library";
import { Terminal } from "./Terminal.js";
import { useShell, type BuiltinHandler } from "./useShell.js";
import type { ShellSession } from "./ports.js";
import type { Key } from "./line-editor/keys.js";
import { FakeSession, KEYS, press, settleKeys, typeLine, waitFor, waitForScreen } from "./testSupport.js";

afterEach(() => cleanup());

/** Waits until the last row is an empty prompt (the command has finished), and for its keys. */
async function waitForPrompt(lastFrame: () => string | undefined): Promise<void> {
  await waitFor(() => expect(lastFrame()!.split("\n").at(-1)?.trimEnd()).toBe("controlplane:~$"));
  await settleKeys();
}

function Harness(props: { session: ShellSession; builtin?: BuiltinHandler; onFunctionKey?: (k: string) => void }) {
  const shell = useShell(props.session, props.builtin ? { builtin: props.builtin } : {});
  const onScreenKey = (key: Key): boolean => {
    if (key.type === "key" && /^f\d+$/.test(key.name)) {
      props.onFunctionKey?.(key.name);
      return true;
    }
    return false;
  };
  return <Terminal shell={shell} width={80} height={10} focused onScreenKey={onScreenKey} />;
}

describe("Terminal", () => {
  it("runs a command through the session and shows its output under the prompt", async () => {
    const session = new FakeSession({ "kubectl get ns": { stdout: "NAME      STATUS   AGE\ndefault   Active   5m\n" } });
    const { stdin, lastFrame } = render(<Harness session={session} />);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await typeLine({ stdin, lastFrame }, "kubectl get ns");
    await waitFor(() => expect(session.history).toEqual(["kubectl get ns"]));
    const frame = lastFrame()!;
    expect(frame).toContain("controlplane:~$ kubectl get ns");
    expect(frame).toContain("default   Active   5m");
  });

  it("the prompt names the host after ssh NODE and turns back after exit, as the sandbox's interactive shell does", async () => {
    const session = new FakeSession({ "ssh node01": { stdout: "" }, exit: { stdout: "logout\n" } });
    let host: string | undefined;
    const onHost = Object.assign(session, {
      currentHost: () => host,
      run: async (line: string) => {
        const out = await FakeSession.prototype.run.call(session, line);
        if (line === "ssh node01") host = "node01";
        if (line === "exit") host = undefined;
        return out;
      },
    });
    const { stdin, lastFrame } = render(<Harness session={onHost} />);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await typeLine({ stdin, lastFrame }, "ssh node01");
    await waitFor(() => expect(lastFrame()!.split("\n").at(-1)?.trimEnd()).toBe("node01:~$"));
    await settleKeys();
    await typeLine({ stdin, lastFrame }, "exit");
    await waitFor(() => expect(lastFrame()).toContain("node01:~$ exit"));
    await waitForPrompt(lastFrame);
  });

  it("shows stderr of a failing command and keeps going", async () => {
    const session = new FakeSession();
    const { stdin, lastFrame } = render(<Harness session={session} />);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await typeLine({ stdin, lastFrame }, "kubeclt get pods");
    await waitFor(() => expect(lastFrame()).toContain("bash: kubeclt: command not found"));
    await waitFor(() => expect(lastFrame()).toContain("controlplane:~$"));
  });

  it("prints an internal error instead of crashing when the session throws", async () => {
    const session = new FakeSession({ boom: new Error("world exploded") });
    const { stdin, lastFrame } = render(<Harness session={session} />);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await typeLine({ stdin, lastFrame }, "boom");
    await waitFor(() => expect(lastFrame()).toContain("kadet: internal error while running this command: world exploded"));
    await typeLine({ stdin, lastFrame }, "boom");
    await waitFor(() => expect(session.history).toEqual(["boom", "boom"]));
  });

  it("recalls earlier commands with the up and down arrows", async () => {
    const session = new FakeSession({ one: { stdout: "1\n" }, two: { stdout: "2\n" } });
    const { stdin, lastFrame } = render(<Harness session={session} />);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await typeLine({ stdin, lastFrame }, "one");
    await typeLine({ stdin, lastFrame }, "two");
    await waitFor(() => expect(lastFrame()).toContain("2"));
    await waitForPrompt(lastFrame);
    await press(stdin, KEYS.up, KEYS.up);
    await waitFor(() => expect(lastFrame()!.split("\n").at(-1)).toContain("controlplane:~$ one"));
    await press(stdin, KEYS.down);
    await waitFor(() => expect(lastFrame()!.split("\n").at(-1)).toContain("controlplane:~$ two"));
    await press(stdin, KEYS.enter);
    await waitFor(() => expect(session.history).toEqual(["one", "two", "two"]));
  });

  it("clears the output with Ctrl+L without typing an l", async () => {
    const session = new FakeSession({ hello: { stdout: "hello-output\n" } });
    const { stdin, lastFrame } = render(<Harness session={session} />);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await typeLine({ stdin, lastFrame }, "hello");
    await waitFor(() => expect(lastFrame()).toContain("hello-output"));
    await waitForPrompt(lastFrame);
    await press(stdin, KEYS.ctrlL);
    await waitFor(() => expect(lastFrame()).not.toContain("hello-output"));
    await waitFor(() => expect(lastFrame()!.split("\n").at(-1)).toBe("controlplane:~$"));
    await typeLine({ stdin, lastFrame }, "hello");
    await waitFor(() => expect(session.history).toEqual(["hello", "hello"]));
  });

  it("waits for the rest of a heredoc before running it, as bash does", async () => {
    const session = new FakeSession({ "cat <<EOF\nabc\nEOF": { stdout: "abc\n" } });
    const { stdin, lastFrame } = render(<Harness session={session} />);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await typeLine({ stdin, lastFrame }, "cat <<EOF");
    await waitFor(() => expect(lastFrame()!.split("\n").at(-1)).toMatch(/^>\s*$/));
    await typeLine({ stdin, lastFrame }, "abc");
    await typeLine({ stdin, lastFrame }, "EOF");
    await waitFor(() => expect(session.history).toEqual(["cat <<EOF\nabc\nEOF"]));
  });

  it("hands screen words to the screen and function keys to their handler", async () => {
    const session = new FakeSession();
    const builtin = vi.fn((command: string) => command === "check");
    const onFunctionKey = vi.fn();
    const { stdin, lastFrame } = render(<Harness session={session} builtin={builtin} onFunctionKey={onFunctionKey} />);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await typeLine({ stdin, lastFrame }, "check");
    await waitFor(() => expect(builtin).toHaveBeenCalledWith("check"));
    await waitFor(() => expect(session.history).toEqual([]));
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await press(stdin, KEYS.f5, KEYS.f2);
    await waitFor(() => expect(onFunctionKey.mock.calls.map((c) => c[0])).toEqual(["f5", "f2"]));
  });

  it("types ? into the line like any printable key, even on an empty prompt (issue 7)", async () => {
    const session = new FakeSession({ "? x": { stdout: "q\n" } });
    const { stdin, lastFrame } = render(<Harness session={session} />);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await press(stdin, "?", " ", "x", KEYS.enter);
    await waitFor(() => expect(session.history).toEqual(["? x"]));
  });

  it("runs each line of a multi-line paste in order, one at a time, as a terminal does", async () => {
    const session = new FakeSession({ one: { stdout: "out-1\n" }, two: { stdout: "out-2\n" } });
    const { stdin, lastFrame } = render(<Harness session={session} />);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    stdin.write("one\rtwo\rthr");
    await waitFor(() => expect(session.history).toEqual(["one", "two"]));
    await waitFor(() => expect(lastFrame()).toMatch(/one\nout-1\ncontrolplane:~\$ two\nout-2/));
    await waitFor(() => expect(lastFrame()!.split("\n").at(-1)).toBe("controlplane:~$ thr"));
  });

  it("scrolls long output with PgUp and PgDn", async () => {
    const many = Array.from({ length: 40 }, (_, i) => `line-${i + 1}`).join("\n") + "\n";
    const session = new FakeSession({ seq: { stdout: many } });
    const { stdin, lastFrame } = render(<Harness session={session} />);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await typeLine({ stdin, lastFrame }, "seq");
    await waitFor(() => expect(lastFrame()).toContain("line-40"));
    await waitFor(() => expect(lastFrame()).not.toContain("line-30\n"));
    await waitForPrompt(lastFrame);
    await press(stdin, KEYS.pageUp);
    await waitFor(() => expect(lastFrame()).not.toContain("line-40"));
    expect(lastFrame()).toContain("rows");
    await press(stdin, KEYS.pageDown);
    await waitFor(() => expect(lastFrame()).toContain("line-40"));
  });
});

// Every readline key through Ink's stdin, in one terminal: each row types, presses keys as an
// xterm sends them, then Enter, and names the line bash would run (GNU Readline manual,
// "Bindable Readline Commands"). The kill ring carries over from row to row, as in bash.
const C = (letter: string): string => String.fromCharCode(letter.charCodeAt(0) - 0x60);
const KEY_TABLE: readonly [what: string, keys: string[], runs: string][] = [
  ["Ctrl+A then text inserts at the start", ["get pods", C("a"), "kubectl "], "kubectl get pods"],
  ["Ctrl+E goes to the end", ["kubectl get", C("a"), C("e"), " pods"], "kubectl get pods"],
  ["Home / End", ["get", "\u001b[H", "kubectl ", "\u001b[F", " ns"], "kubectl get ns"],
  ["Ctrl+B / Ctrl+F", ["kubectl gt", C("b"), "e", C("f"), " x"], "kubectl get x"],
  ["← →", ["kubectl gt", "\u001b[D", "e", "\u001b[C", " y"], "kubectl get y"],
  ["Alt+B / Alt+F", ["kubectl pods", "\u001bb", "get ", "\u001bf", " -A"], "kubectl get pods -A"],
  ["Ctrl+W cuts a word", ["kubectl get pods typo", C("w")], "kubectl get pods "],
  ["Alt+D cuts the next word", ["kubectl typo get", "\u001bb", "\u001bb", "\u001bd", "\u001bd"], "kubectl "],
  ["Ctrl+U cuts to the start", ["garbage", C("u"), "echo ok"], "echo ok"],
  ["Ctrl+K cuts to the end, Ctrl+Y yanks it back", ["echo b a", "\u001bb", C("k"), "\u007f", C("a"), "\u001bf", " ", C("y")], "echo a b"],
  ["Alt+Y yanks an older cut", ["one", C("u"), "two", C("u"), C("y"), "\u001by"], "one"],
  ["Ctrl+T swaps characters", ["echo ab", C("t")], "echo ba"],
  ["Ctrl+D deletes under the cursor", ["echo xok", "\u001b[D", "\u001b[D", "\u001b[D", C("d")], "echo ok"],
  ["Backspace and Delete", ["echo okxy", "\u007f", "\u001b[D", "\u001b[3~"], "echo ok"],
  ["Ctrl+L keeps the line and the cursor", ["echo ac", "\u001b[D", C("l"), "b"], "echo abc"],
  ["↑ recalls the previous command", ["\u001b[A"], "echo abc"],
  ["Ctrl+P / Ctrl+N walk history", [C("p"), C("p"), C("n")], "echo abc"],
  ["!! runs the previous command", ["!!"], "echo abc"],
  ["!$ is its last word", ["echo !$"], "echo abc"],
  ["Ctrl+R finds an older command", [C("r"), "ok"], "echo ok"],
  ["a bracketed paste goes in at the cursor", ["echo ", "\u001b[D", "\u001b[C", "\u001b[200~pasted\u001b[201~"], "echo pasted"],
];

describe("Terminal: every readline key (issue 7)", () => {
  it("edits the line as bash's readline does", async () => {
    const session = new FakeSession();
    const { stdin, lastFrame } = render(<Harness session={session} />);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    let ran = 0;
    for (const [what, keys, runs] of KEY_TABLE) {
      await press(stdin, ...keys, KEYS.enter);
      ran++;
      await waitFor(() => expect(session.history.length, what).toBe(ran));
      expect(session.history.at(-1), what).toBe(runs);
      await waitForPrompt(lastFrame);
    }
  }, 120_000);

  it("Ctrl+R shows readline's search prompt and Enter runs the match", async () => {
    const session = new FakeSession({ "kubectl get pods": { stdout: "pods!\n" } });
    const { stdin, lastFrame } = render(<Harness session={session} />);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await typeLine({ stdin, lastFrame }, "kubectl get pods");
    await typeLine({ stdin, lastFrame }, "echo other");
    await waitForPrompt(lastFrame);
    await press(stdin, C("r"), "g", "e", "t");
    await waitFor(() => expect(lastFrame()).toContain("(reverse-i-search)`get': kubectl get pods"));
    await press(stdin, "x");
    await waitFor(() => expect(lastFrame()).toContain("(failed reverse-i-search)`getx': kubectl get pods"));
    await press(stdin, "\u007f", KEYS.enter);
    await waitFor(() => expect(session.history).toEqual(["kubectl get pods", "echo other", "kubectl get pods"]));
  });

  it("Ctrl+C prints the line with ^C and a new prompt, and leaves a half-typed heredoc", async () => {
    const session = new FakeSession({ "echo ok": { stdout: "ok\n" } });
    const { stdin, lastFrame } = render(<Harness session={session} />);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await typeLine({ stdin, lastFrame }, "kubectl get po", false);
    await press(stdin, KEYS.ctrlC);
    await waitFor(() => expect(lastFrame()).toContain("controlplane:~$ kubectl get po^C"));
    await typeLine({ stdin, lastFrame }, "cat <<EOF");
    await waitFor(() => expect(lastFrame()!.split("\n").at(-1)).toMatch(/^>\s*$/));
    await press(stdin, KEYS.ctrlC);
    await waitFor(() => expect(lastFrame()!.split("\n").at(-1)?.trimEnd()).toBe("controlplane:~$"));
    await typeLine({ stdin, lastFrame }, "echo ok");
    await waitFor(() => expect(session.history).toEqual(["echo ok"]));
  });

  it("says event not found for !! with no history and runs nothing", async () => {
    const session = new FakeSession();
    const { stdin, lastFrame } = render(<Harness session={session} />);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await typeLine({ stdin, lastFrame }, "!!");
    await waitFor(() => expect(lastFrame()).toContain("bash: !!: event not found"));
    expect(session.history).toEqual([]);
  });
});

describe("Terminal: Tab completion", () => {
  it("completes the word from the session on Tab and lists the candidates on a second Tab, as readline does", async () => {
    const session = new FakeSession();
    const names = ["web-1", "web-2", "api"];
    Object.assign(session, {
      complete: async (line: string, cursor: number) => {
        const word = line.slice(0, cursor).split(" ").at(-1)!;
        const candidates = names.filter((n) => n.startsWith(word));
        const insert = candidates.length === 1 ? candidates[0]! + " " : word === "w" ? "web-" : word;
        return { line: line.slice(0, cursor - word.length) + insert, cursor: cursor - word.length + insert.length, candidates };
      },
    });
    const { stdin, lastFrame } = render(<Harness session={session} />);
    await waitForScreen({ lastFrame }, "controlplane:~$");
    await typeLine({ stdin, lastFrame }, "kubectl get pod w", false);
    await press(stdin, KEYS.tab);
    await waitFor(() => expect(lastFrame()!.split("\n").at(-1)).toContain("controlplane:~$ kubectl get pod web-"));
    await press(stdin, KEYS.tab);
    await waitFor(() => expect(lastFrame()).toMatch(/web-1\s+web-2/));
    await press(stdin, "2", KEYS.enter);
    await waitFor(() => expect(session.history).toEqual(["kubectl get pod web-2"]));
  });
});
