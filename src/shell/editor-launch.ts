/**
 * Opening a file of the session in an editor, for `kubectl edit` and for the `vi`, `vim` and
 * `nano` commands. A screen editor gets the real terminal (editor.ts): a file in the working
 * folder is edited in place, one of the scratch space or of a node reached by `ssh` is copied
 * to a real temporary file and copied back after the editor exits. Any other editor text runs
 * inside the sandbox on the session's own file.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, posix } from "node:path";
import type { CommandFamily, CommandResult, FamilyContext } from "./types.js";
import { failure } from "./types.js";
import {
  editorCommandLine, editorFromEnv, editorProgram, INSTALL_HINT, INSTALLED_EDITOR_ORDER, isScreenEditor, KUBECTL_DEFAULT_EDITOR,
  terminalEditorHost, type TerminalEditorHost,
} from "./editor.js";

/** What the launcher needs of its session. */
export interface EditorSessionPort {
  /** The real folder mounted at its own path (files under it are real files). */
  realRoot: string;
  /** Whether the shell is on a node (`ssh`): its files are the model's, never real ones. */
  onHost(): boolean;
  /** Runs a line in the sandbox's shell, with these variables and folder. */
  runLine(line: string, env: Record<string, string>, cwd: string): Promise<CommandResult>;
}

/** kubectl's editor outcome: ok, or the error kubectl would return (printed as `error: ...`) with kadet's note. */
export type LaunchOutcome = { ok: true; output: CommandResult } | { ok: false; error: string; note?: string; output?: CommandResult };

export const NEEDS_TERMINAL_ADVICE =
  "set EDITOR to a command that edits the file, e.g. EDITOR=\"sed -i 's/replicas: 1/replicas: 3/'\", or edit files with sed -i or cat > FILE <<'EOF'";

/** A node's files live in the command's own copy of them while it runs: a second command cannot reach that copy. */
const ON_NODE = "kadet: on a node reached by ssh, an EDITOR command is not simulated yet; use a screen editor (vi, nano) in the trainer, or edit files with sed -i";

export class EditorLauncher {
  constructor(private readonly port: EditorSessionPort) {}

  /** editor.go Launch for `kubectl edit`: the editor text chosen from the sandbox's $KUBE_EDITOR/$EDITOR, else vi. */
  async launchForKubectl(path: string, ctx: FamilyContext): Promise<LaunchOutcome> {
    const named = editorFromEnv(ctx.env);
    const host = terminalEditorHost();
    let editor = named ?? KUBECTL_DEFAULT_EDITOR;
    // With a terminal and no choice made in the sandbox, the learner's own editor, then what is installed.
    if (named === undefined && host) editor = pickInstalled(host, [host.preferred?.(), ...INSTALLED_EDITOR_ORDER]) ?? KUBECTL_DEFAULT_EDITOR;
    const cmd = editorCommandLine(editor, this.absolute(path, ctx));
    // editor.go names e.Args, the command without the file: `/bin/bash -c TEXT` when the shell runs it.
    const label = cmd.viaShell ? JSON.stringify(`/bin/bash -c ${editor}`) : JSON.stringify(editor);
    if (!isScreenEditor(editor)) {
      if (this.port.onHost()) return { ok: false, error: `there was a problem with the editor ${label}`, note: ON_NODE };
      const output = await this.port.runLine(cmd.line, { ...ctx.env }, ctx.cwd);
      if (output.exitCode === 0) return { ok: true, output };
      if (!cmd.viaShell && output.exitCode === 127) return { ok: false, error: `unable to launch the editor ${label}`, output };
      return { ok: false, error: `there was a problem with the editor ${label}`, output };
    }
    if (!host) {
      return { ok: false, error: `there was a problem with the editor ${label}`, note: `kadet: the editor "${editorProgram(editor)}" needs a terminal, and this shell has none (a script, kadet sandbox -c, kadet check --script): ${NEEDS_TERMINAL_ADVICE}` };
    }
    const argv = cmd.viaShell ? cmd.argv : cmd.argv.slice(0, -1);
    const outcome = await this.onTerminal(host, argv, [path], ctx);
    if ("notFound" in outcome) return { ok: false, error: `unable to launch the editor ${label}`, note: `kadet: "${editorProgram(editor)}" is not installed on this machine; ${INSTALL_HINT}, or set KUBE_EDITOR to an editor you have` };
    if (outcome.exitCode !== 0) return { ok: false, error: `there was a problem with the editor ${label}` };
    return { ok: true, output: { stdout: "", stderr: "", exitCode: 0 } };
  }

  /** The `vi`, `vim` and `nano` commands of the sandbox and of every node. */
  families(): CommandFamily[] {
    return ["vi", "vim", "nano"].map((name) => ({ name, run: (args, ctx) => this.editCommand(name, args, ctx) }));
  }

  private async editCommand(name: string, args: string[], ctx: FamilyContext): Promise<CommandResult> {
    const files = fileArguments(args);
    const host = terminalEditorHost();
    const named = editorFromEnv(ctx.env);
    if (!host) {
      // Script mode: an EDITOR command named in the sandbox edits the files, as it would for kubectl edit.
      if (named !== undefined && !isScreenEditor(named) && files.length > 0) {
        if (this.port.onHost()) return failure(ON_NODE);
        let last: CommandResult = { stdout: "", stderr: "", exitCode: 0 };
        for (const file of files) {
          last = await this.port.runLine(editorCommandLine(named, this.absolute(file, ctx)).line, { ...ctx.env }, ctx.cwd);
          if (last.exitCode !== 0) return last;
        }
        return last;
      }
      return failure(`kadet: ${name} needs a terminal, and this shell has none (a script, kadet sandbox -c, kadet check --script): ${NEEDS_TERMINAL_ADVICE}`);
    }
    const own = name === "vi" ? ["vi", "vim", "vim.tiny"] : name === "vim" ? ["vim", "vim.basic", "vi"] : ["nano"];
    const chosen = pickInstalled(host, [...own, named, host.preferred?.(), ...INSTALLED_EDITOR_ORDER]);
    if (chosen === undefined) return failure(`kadet: no editor is installed on this machine (kadet opens your real vim, vi or nano); ${INSTALL_HINT}`, 127);
    const options = args.filter((a, i) => !fileIndexes(args).has(i) && a !== "--");
    const outcome = await this.onTerminal(host, [...chosen.split(" "), ...options], files, ctx);
    if ("notFound" in outcome) return failure(`kadet: ${chosen} could not be started; ${INSTALL_HINT}`, 127);
    return { stdout: "", stderr: "", exitCode: outcome.exitCode };
  }

  /**
   * Runs a screen editor on the real terminal on the session's files: in place for files in
   * the working folder, through real temporary copies for the others (written back only when
   * the editor changed them, so an unchanged file keeps its time and mode).
   */
  private async onTerminal(host: TerminalEditorHost, argv: readonly string[], files: readonly string[], ctx: FamilyContext): Promise<{ exitCode: number } | { notFound: true }> {
    const copies: { path: string; real: string; before: string | undefined }[] = [];
    const realPaths: string[] = [];
    let folder: string | undefined;
    for (const file of files) {
      const full = this.absolute(file, ctx);
      if (!this.port.onHost() && (full === this.port.realRoot || full.startsWith(`${this.port.realRoot.replace(/\/$/, "")}/`))) {
        realPaths.push(full);
        continue;
      }
      folder ??= mkdtempSync(join(tmpdir(), "kadet-edit-"));
      const real = join(folder, `${copies.length}`, basename(full));
      const before = await ctx.readFile(full);
      mkdirSync(dirname(real), { recursive: true });
      if (before !== undefined) writeFileSync(real, before);
      copies.push({ path: full, real, before });
      realPaths.push(real);
    }
    try {
      const outcome = await host.run([...argv, ...realPaths], this.port.onHost() ? tmpdir() : realCwd(ctx.cwd, this.port.realRoot));
      for (const copy of copies) {
        if (!existsSync(copy.real)) continue;
        const after = readFileSync(copy.real, "utf8");
        if (after !== copy.before) await ctx.writeFile(copy.path, after);
      }
      return outcome;
    } finally {
      if (folder) rmSync(folder, { recursive: true, force: true });
    }
  }

  private absolute(path: string, ctx: FamilyContext): string {
    return posix.resolve(ctx.cwd, path);
  }
}

/** Options of vim and nano that take the next word as their value (`vim -u NONE f`, `nano -T 4 f`). */
const VALUE_OPTIONS = new Set(["-u", "-U", "-c", "-S", "-i", "-T", "-w", "-W", "-s", "-t", "-q", "--cmd", "-Y", "-o", "-r", "-Q", "-X", "-C", "-f"]);

function fileIndexes(args: readonly string[]): Set<number> {
  const indexes = new Set<number>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      for (let j = i + 1; j < args.length; j++) indexes.add(j);
      break;
    }
    if (VALUE_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith("-") && !arg.startsWith("+")) indexes.add(i);
  }
  return indexes;
}

/** The file names among an editor's arguments: not options, not an option's value; all words after `--`. */
export function fileArguments(args: readonly string[]): string[] {
  return [...fileIndexes(args)].map((i) => args[i]!);
}

function pickInstalled(host: TerminalEditorHost, candidates: readonly (string | undefined)[]): string | undefined {
  for (const candidate of candidates) {
    if (candidate === undefined || candidate === "") continue;
    if (host.installed(candidate.trim().split(/\s+/)[0]!)) return candidate;
  }
  return undefined;
}

/** The shell's folder when it lies on disk, else the real root (a scratch folder has no real counterpart). */
function realCwd(cwd: string, realRoot: string): string {
  return cwd === realRoot || cwd.startsWith(`${realRoot.replace(/\/$/, "")}/`) ? cwd : existsSync(realRoot) ? realRoot : tmpdir();
}
