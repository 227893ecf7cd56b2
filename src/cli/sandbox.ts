/**
 * `kadet sandbox`: a shell on a fresh simulated cluster. With `-c` or a
 * non-terminal stdin it runs the commands in order, printing each one's output
 * as it goes, and exits with the last command's status; in a terminal it is
 * an interactive prompt with history.
 */
import { createInterface, type AsyncCompleter, type Interface } from "node:readline";
import { editorFromEnv, lendTerminal, onPath, spawnOnTerminal, type TerminalEditorHost } from "../shell/editor.js";
import { promptFor } from "../shell/host-shell.js";
import { Session } from "../shell/session.js";
import { CommandAccumulator, loadCommandSplitter, splitCommands } from "../shell/script.js";
import { orderedOutput, type CommandResult } from "../shell/types.js";
import { PRESETS } from "../sim/world/create.js";
import { loadBakedPresets } from "./baked-presets.js";
import { readStdin } from "./stdin.js";

export const PROMPT = promptFor(undefined);

export async function sandboxCommand(args: string[]): Promise<number> {
  let preset = "default";
  let script: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--preset") preset = args[++i] ?? "";
    else if (arg.startsWith("--preset=")) preset = arg.slice(9);
    else if (arg === "-c") {
      script = args[++i];
      if (script === undefined) return usageError("-c needs an argument: kadet sandbox -c 'kubectl get nodes'");
    } else return usageError(`unexpected argument "${arg}"`);
  }
  if (!PRESETS.includes(preset)) return usageError(`unknown preset "${preset}" (known presets: ${PRESETS.join(", ")})`);

  loadBakedPresets();
  const session = new Session({ preset });
  if (script !== undefined) return runScript(session, script);
  if (!process.stdin.isTTY) return runScript(session, await readStdin());
  return interactive(session);
}

/** Where output goes: each chunk to its stream, in order (tests hand in their own). */
export type Print = (stream: "stdout" | "stderr", text: string) => void;
const toProcess: Print = (stream, text) => void (stream === "stdout" ? process.stdout : process.stderr).write(text);

/** Script mode: every complete command in turn, its output printed as the terminal would show it. */
export async function runScript(session: Pick<Session, "run">, script: string, print: Print = toProcess): Promise<number> {
  let status = 0;
  await loadCommandSplitter();
  for (const command of splitCommands(script)) {
    const result = await session.run(command);
    printInOrder(result, print);
    status = result.exitCode;
    // bash ends a script at `exit`, and at a failure under `set -e` or `set -u`.
    if (result.exited) break;
  }
  return status;
}

async function interactive(session: Session): Promise<number> {
  process.stdout.write(`kadet sandbox: a simulated Kubernetes 1.32 cluster (preset "${session.presetName()}"). 'sim help' controls the world; 'exit' leaves.\n`);
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: PROMPT, historySize: 1000, completer: readlineCompleter(session) });
  const acc = new CommandAccumulator();
  let status = 0;
  const giveBackTerminal = lendTerminal(readlineTerminalHost(rl));
  rl.prompt();
  for await (const line of rl) {
    // On a host (`ssh NODE`), exit leaves the host, not the sandbox.
    if (!acc.pending() && session.currentHost() === undefined && /^\s*(exit|logout)(\s+\d+)?\s*$/.test(line)) {
      status = Number(line.trim().split(/\s+/)[1] ?? status);
      break;
    }
    const command = acc.push(line);
    if (command === undefined) {
      rl.setPrompt("> ");
      rl.prompt();
      continue;
    }
    const result = await session.run(command);
    printInOrder(result);
    status = result.exitCode;
    rl.setPrompt(promptFor(session.currentHost()));
    rl.prompt();
  }
  giveBackTerminal();
  rl.close();
  return status;
}

/** Each stream's output in the order the line wrote it, as a terminal shows it. */
function printInOrder(result: CommandResult, print: Print = toProcess): void {
  for (const chunk of orderedOutput(result)) print(chunk.stream, chunk.text);
}

/** The prompt's terminal lent to an editor: readline stops reading and leaves raw mode until it exits. */
function readlineTerminalHost(rl: Interface): TerminalEditorHost {
  return {
    installed: (program) => onPath(program),
    preferred: () => editorFromEnv(process.env),
    run: async (argv, cwd) => {
      const raw = process.stdin.isTTY && process.stdin.isRaw;
      rl.pause();
      if (raw) process.stdin.setRawMode(false);
      try {
        return spawnOnTerminal(argv, cwd);
      } finally {
        if (raw) process.stdin.setRawMode(true);
        rl.resume();
      }
    },
  };
}

/**
 * The TUI's completion (Session.complete) for node:readline, which wants the matches for the
 * word before the cursor: one match is inserted (with the space or `/` after it), several
 * complete their common prefix and a second Tab lists them, as bash does.
 */
export function readlineCompleter(session: Pick<Session, "complete">): AsyncCompleter {
  return (line, callback) => {
    const wordStart = Math.max(line.lastIndexOf(" "), line.lastIndexOf("\t")) + 1;
    const word = line.slice(wordStart);
    session.complete(line, line.length).then(
      (result) => {
        const single = result.candidates.length === 1 && result.line.startsWith(line.slice(0, wordStart));
        callback(null, [single ? [result.line.slice(wordStart, result.cursor)] : [...result.candidates], word]);
      },
      // A completion that fails rings no bell and changes nothing, as a missing completer would.
      () => callback(null, [[], word]),
    );
  };
}

function usageError(message: string): number {
  process.stderr.write(`kadet sandbox: ${message}\nUsage: kadet sandbox [--preset NAME] [-c 'COMMANDS']\n`);
  return 2;
}
