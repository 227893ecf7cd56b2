/**
 * What a container's main process does, from its image and the pod's
 * command/args, following Kubernetes' rules for combining them with the
 * image's ENTRYPOINT and CMD:
 * https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#notes
 * Shell scripts run in runtime/shell-script.ts. A missing program is runc's
 * bare `exec: ...` error: each caller wraps it in its runtime's words.
 */
import type { ImageInfo, ProcessBehaviour } from "./images.js";
import { resolveKubernetesCommand } from "../runtime/command.js";
import { scriptBehaviour } from "../runtime/shell-script.js";
import { parseSleep } from "../runtime/sleep.js";
import { stressBehaviour } from "./stress.js";

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

export function startProcess(image: ImageInfo, command?: string[], args?: string[], env: readonly string[] = [], files: ReadonlyMap<string, string> = new Map()): StartOutcome {
  const argv = effectiveArgv(image, command, args);
  if (argv.length === 0) return { ok: false, exitCode: 128, message: "no command specified" };
  const usesImageDefault = (!command || command.length === 0) && (!args || args.length === 0);
  if (usesImageDefault) return { ok: true, argv, behaviour: image.defaultBehaviour };

  const program = basename(argv[0]!);
  const known = image.programs.includes(program) || image.entrypoint.some((e) => basename(e) === program);
  if (!known) {
    return {
      ok: false,
      exitCode: 127,
      message: `exec: "${argv[0]}": executable file not found in $PATH`,
    };
  }
  // An image's own entrypoint program (a server binary) with extra args behaves like the image default;
  // not a plain command (ENTRYPOINT ["sleep"]), whose args decide what it does.
  if (image.entrypoint.length > 0 && basename(image.entrypoint[0]!) === program && program !== "sh" && simpleCommand(argv) === undefined) return { ok: true, argv, behaviour: image.defaultBehaviour };
  return { ok: true, argv, behaviour: behaviourOf(argv, image, env, files) };
}

function behaviourOf(argv: string[], image: ImageInfo, env: readonly string[], files: ReadonlyMap<string, string>): ProcessBehaviour {
  const program = basename(argv[0]!);
  if ((program === "sh" || program === "bash" || program === "ash") && argv[1] === "-c" && argv[2] !== undefined) {
    return scriptBehaviour(argv[2], { env, programs: image.programs, files });
  }
  if (program === "sh" || program === "bash") return { kind: "exits", afterSeconds: 0, exitCode: 0, logs: [] };
  return simpleCommand(argv) ?? (image.defaultBehaviour.kind === "server" ? image.defaultBehaviour : { kind: "exits", afterSeconds: 0, exitCode: 0, logs: [] });
}

/** A single command outside a shell: sleep, echo, true, false. */
function simpleCommand(argv: string[]): ProcessBehaviour | undefined {
  const program = basename(argv[0]!);
  switch (program) {
    case "sleep": {
      const parsed = parseSleep(argv.slice(1));
      if (!parsed.ok) return { kind: "exits", afterSeconds: 0, exitCode: 1, logs: [parsed.error] };
      // sleep as PID 1 ignores SIGTERM (the kernel drops signals PID 1 has no handler for):
      // deleting the pod waits the whole grace period.
      return parsed.seconds === Infinity ? { kind: "runs", logs: [], ignoresSigterm: true } : { kind: "exits", afterSeconds: parsed.seconds, exitCode: 0, logs: [], ignoresSigterm: true };
    }
    case "echo":
      return { kind: "exits", afterSeconds: 0, exitCode: 0, logs: [argv.slice(1).join(" ")] };
    case "stress":
      return stressBehaviour(argv.slice(1));
    case "true":
      return { kind: "exits", afterSeconds: 0, exitCode: 0, logs: [] };
    case "false":
      return { kind: "exits", afterSeconds: 0, exitCode: 1, logs: [] };
    default:
      return undefined;
  }
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
