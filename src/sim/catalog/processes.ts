/**
 * What a container's main process does, from its image and the pod's
 * command/args, following Kubernetes' rules for combining them with the
 * image's ENTRYPOINT and CMD:
 * https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#notes
 * Shell scripts are read just enough to know what they print, how long they
 * run and how they exit (echo, sleep, exit, while true loops).
 */
import type { ImageInfo, ProcessBehaviour } from "./images.js";
import { resolveKubernetesCommand } from "../runtime/command.js";

export type StartOutcome =
  | { ok: true; argv: string[]; behaviour: ProcessBehaviour }
  | { ok: false; message: string; exitCode: number };

/**
 * - neither command nor args: image ENTRYPOINT + CMD
 * - command only: command (image CMD ignored)
 * - args only: image ENTRYPOINT + args
 * - both: command + args
 */
export function effectiveArgv(image: ImageInfo, command?: string[], args?: string[]): string[] {
  // The one resolver Docker and the kubelet share (sim/runtime/command.ts).
  return resolveKubernetesCommand(image.entrypoint, image.cmd, command, args);
}

export function startProcess(image: ImageInfo, command?: string[], args?: string[]): StartOutcome {
  const argv = effectiveArgv(image, command, args);
  if (argv.length === 0) return { ok: false, exitCode: 128, message: "no command specified" };
  const usesImageDefault = (!command || command.length === 0) && (!args || args.length === 0);
  if (usesImageDefault) return { ok: true, argv, behaviour: image.defaultBehaviour };

  const program = basename(argv[0]!);
  const known = image.programs.includes(program) || image.entrypoint.some((e) => basename(e) === program);
  if (!known) {
    return {
      ok: false,
      exitCode: 128,
      message: `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "${argv[0]}": executable file not found in $PATH: unknown`,
    };
  }
  // An image's own entrypoint script with extra args behaves like the image default.
  if (image.entrypoint.length > 0 && basename(image.entrypoint[0]!) === program && program !== "sh") return { ok: true, argv, behaviour: image.defaultBehaviour };
  return { ok: true, argv, behaviour: behaviourOf(argv, image) };
}

function behaviourOf(argv: string[], image: ImageInfo): ProcessBehaviour {
  const program = basename(argv[0]!);
  if ((program === "sh" || program === "bash" || program === "ash") && argv[1] === "-c" && argv[2] !== undefined) {
    return scriptBehaviour(argv[2]);
  }
  if (program === "sh" || program === "bash") return { kind: "exits", afterSeconds: 0, exitCode: 0, logs: [] };
  return simpleCommand(argv) ?? (image.defaultBehaviour.kind === "server" ? image.defaultBehaviour : { kind: "exits", afterSeconds: 0, exitCode: 0, logs: [] });
}

/** A single command outside a shell: sleep, echo, true, false. */
function simpleCommand(argv: string[]): ProcessBehaviour | undefined {
  const program = basename(argv[0]!);
  switch (program) {
    case "sleep": {
      const seconds = argv[1] === "infinity" ? Infinity : Number.parseFloat(argv[1] ?? "");
      if (!Number.isFinite(seconds)) return { kind: "runs", logs: [], ignoresSigterm: true };
      // sleep as PID 1 ignores SIGTERM (the kernel drops signals PID 1 has no handler for):
      // deleting the pod waits the whole grace period.
      return seconds === Infinity ? { kind: "runs", logs: [], ignoresSigterm: true } : { kind: "exits", afterSeconds: seconds, exitCode: 0, logs: [], ignoresSigterm: true };
    }
    case "echo":
      return { kind: "exits", afterSeconds: 0, exitCode: 0, logs: [argv.slice(1).join(" ")] };
    case "true":
      return { kind: "exits", afterSeconds: 0, exitCode: 0, logs: [] };
    case "false":
      return { kind: "exits", afterSeconds: 0, exitCode: 1, logs: [] };
    default:
      return undefined;
  }
}

/** Reads a `sh -c` script: statements separated by ; && newlines, an optional while-true loop. */
function scriptBehaviour(script: string): ProcessBehaviour {
  const loop = /while\s+(?:true|:)\s*;?\s*do(.*?);?\s*done/s.exec(script);
  const logs: string[] = [];
  let seconds = 0;
  let exitCode = 0;
  const before = loop ? script.slice(0, loop.index) : script;
  for (const statement of splitStatements(before)) {
    const words = statement.trim().split(/\s+/);
    if (words[0] === "echo") logs.push(unquote(words.slice(1).join(" ")));
    else if (words[0] === "sleep") {
      const s = words[1] === "infinity" ? Infinity : Number.parseFloat(words[1] ?? "0");
      if (s === Infinity) return { kind: "runs", logs, ignoresSigterm: true };
      seconds += Number.isFinite(s) ? s : 0;
    } else if (words[0] === "exit") {
      exitCode = Number.parseInt(words[1] ?? "0", 10) || 0;
      return { kind: "exits", afterSeconds: seconds, exitCode, logs };
    } else if (words[0] === "false") exitCode = 1;
  }
  if (loop) {
    const body = splitStatements(loop[1] ?? "");
    const echo = body.find((s) => s.trim().startsWith("echo"));
    const sleep = body.find((s) => s.trim().startsWith("sleep"));
    const every = sleep ? Number.parseFloat(sleep.trim().split(/\s+/)[1] ?? "1") || 1 : 1;
    return {
      kind: "runs",
      logs,
      ignoresSigterm: true,
      ...(echo ? { repeatLog: { line: unquote(echo.trim().slice(4).trim()), everySeconds: every } } : {}),
    };
  }
  // A shell as PID 1 has no SIGTERM handler either.
  return { kind: "exits", afterSeconds: seconds, exitCode, logs, ignoresSigterm: seconds > 0 };
}

function splitStatements(script: string): string[] {
  return script.split(/;|&&|\n/).filter((s) => s.trim() !== "");
}

function unquote(text: string): string {
  const t = text.trim();
  if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'"))) return t.slice(1, -1);
  return t;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
