/**
 * The learner's editor: which one `kubectl edit`, `vi`, `vim` and `nano` open, and how it
 * is reached. kubectl's rules choose the editor text ($KUBE_EDITOR, then $EDITOR, then vi;
 * kubectl/pkg/cmd/util/editor/editor.go defaultEnvEditor). A screen editor (vim, nano...)
 * needs the real terminal: the TUI and the interactive sandbox lend it through a
 * TerminalEditorHost, which suspends their own drawing while the editor runs. Any other
 * editor text is a command run inside the sandbox on the file (`EDITOR="sed -i ..."`),
 * which is how scripts and tests edit without a terminal.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** Editors that draw on a terminal: they are handed the real one, never run in the sandbox. */
export const SCREEN_EDITORS: ReadonlySet<string> = new Set([
  "vi", "vim", "vim.tiny", "vim.basic", "nvim", "view", "nano", "pico", "emacs", "micro", "hx", "helix", "joe", "mcedit", "ne", "kak",
]);

/** kubectl's default when neither $KUBE_EDITOR nor $EDITOR is set (editor.go defaultEditor). */
export const KUBECTL_DEFAULT_EDITOR = "vi";

/** The editors looked for on the machine, in order, when the learner names none (issue 7). */
export const INSTALLED_EDITOR_ORDER = ["vim", "vi", "nano"] as const;

export const INSTALL_HINT = "install one with: sudo apt-get install -y vim-tiny   (or: sudo apt-get install -y nano)";

/** The first non-empty of $KUBE_EDITOR, $EDITOR (editoptions.go editorEnvs), else undefined. */
export function editorFromEnv(env: Readonly<Record<string, string | undefined>>): string | undefined {
  for (const name of ["KUBE_EDITOR", "EDITOR"]) {
    const value = env[name];
    if (value !== undefined && value !== "") return value;
  }
  return undefined;
}

/**
 * editor.go defaultEnvEditor + args: text without spaces is the program; with spaces and no
 * quote or backslash it is split on single spaces and the path appended; otherwise the shell
 * runs `TEXT "PATH"` (Go's %q quoting).
 */
export function editorCommandLine(editor: string, path: string): { argv: string[]; viaShell: boolean; line: string } {
  if (!editor.includes(" ")) return { argv: [editor, path], viaShell: false, line: [editor, path].map(shellQuote).join(" ") };
  if (!/["'\\]/.test(editor)) {
    const argv = [...editor.split(" "), path];
    return { argv, viaShell: false, line: argv.map(shellQuote).join(" ") };
  }
  return { argv: ["/bin/bash", "-c", `${editor} ${JSON.stringify(path)}`], viaShell: true, line: `${editor} ${JSON.stringify(path)}` };
}

/** The program word of an editor text (`vim -u NONE` → vim, `/usr/bin/nano` → nano). */
export function editorProgram(editor: string): string {
  const first = editor.trim().split(/\s+/)[0] ?? "";
  return first.slice(first.lastIndexOf("/") + 1);
}

export function isScreenEditor(editor: string): boolean {
  return SCREEN_EDITORS.has(editorProgram(editor));
}

function shellQuote(word: string): string {
  return /^[A-Za-z0-9_\-=.,/:@%+]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** What running an editor on the real terminal came to. */
export type TerminalEditorOutcome = { exitCode: number } | { notFound: true };

/**
 * A real terminal lent to an editor. `run` must give the editor the terminal (stdin,
 * stdout, stderr), wait for it to exit and take the terminal back, redrawing whatever
 * it showed before.
 */
export interface TerminalEditorHost {
  run(argv: readonly string[], cwd: string): Promise<TerminalEditorOutcome>;
  /** The learner's own choice outside kadet ($KUBE_EDITOR / $EDITOR of the process), if any. */
  preferred?(): string | undefined;
  /** Whether a program is installed on the machine (on PATH). */
  installed(program: string): boolean;
}

let host: TerminalEditorHost | undefined;

/** Lends the process's terminal to editors until the returned function is called. */
export function lendTerminal(next: TerminalEditorHost): () => void {
  const previous = host;
  host = next;
  return () => {
    host = previous;
  };
}

/** The terminal editors may use, or undefined in script mode (tests, -c, piped input, check --script). */
export function terminalEditorHost(): TerminalEditorHost | undefined {
  return host;
}

/** Whether `program` is an executable on the PATH given (the machine's, not the sandbox's). */
export function onPath(program: string, path = process.env.PATH ?? ""): boolean {
  if (program.includes("/")) return executable(program);
  return path.split(delimiter).some((dir) => dir !== "" && executable(join(dir, program)));
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs an editor on the real terminal and waits for it, as kubectl's editor.Launch does
 * (stdin/stdout/stderr inherited). Blocking on purpose: while the editor owns the terminal
 * nothing of kadet may draw or read keys, and a blocked event loop guarantees both.
 */
export function spawnOnTerminal(argv: readonly string[], cwd: string): TerminalEditorOutcome {
  const [program, ...args] = argv;
  if (program === undefined || !onPath(program)) return { notFound: true };
  const result = spawnSync(program, args, { cwd, stdio: "inherit" });
  if (result.error && (result.error as NodeJS.ErrnoException).code === "ENOENT") return { notFound: true };
  return { exitCode: result.status ?? 1 };
}
