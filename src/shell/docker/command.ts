/**
 * The shape of a docker command, as just-bash shapes its commands: data (its
 * words, the recorded help text its flags are read from, how many arguments
 * it takes, which flags kadet simulates) plus an `execute` that acts on the
 * daemon and returns what the docker CLI prints.
 */
import type { FlagSpec } from "../kubectl/flags.js";
import { Flags } from "../kubectl/flags.js";
import type { CommandResult, FamilyContext } from "../types.js";
import type { DockerDaemon } from "../../sim/docker/daemon.js";
import type { ArgCount } from "./errors.js";
import { dockerFlagsFromHelp, HELP_FLAG } from "./flags.js";
import { DOCKER_HELP } from "./help-texts.js";

export interface DockerContext {
  family: FamilyContext;
  daemon: DockerDaemon;
  flags: Flags;
  args: string[];
  /** "docker image ls", as the learner reached it (for messages). */
  commandPath: string;
}

export interface DockerCommand {
  /** Every way to name it: ["image", "ls"], ["images"], ... The first is the canonical one. */
  paths: string[][];
  flags: FlagSpec[];
  /** Keyed by the path the learner used ("image-ls"), falling back to the canonical one. */
  helpKeys: string[];
  args: ArgCount;
  /** cobra SetInterspersed(false): flags end at the first argument (`docker run IMAGE CMD -l`). */
  interspersed: boolean;
  /**
   * Flags kadet acts on. Any other flag the help text lists parses, but the command refuses
   * to run with it (`kadet: 'docker run --volume' is not simulated yet`): running without it
   * would make something other than what was asked.
   */
  simulated: string[];
  /** Whether the command needs the daemon (most do; `docker --help` does not). */
  needsDaemon: boolean;
  /** What the CLI prints on stdout before the daemon-down error (`docker image inspect` prints `[]`). */
  daemonDownStdout?: string;
  /** What else the CLI prints around the daemon-down error (`docker pull nginx` says "Using default tag: latest" first). */
  daemonDown?(args: string[]): { stdout?: string; stderrAfter?: string };
  /** `docker run` reports a daemon-down failure like its own (`docker: ...`, exit 125). */
  daemonDownAsRun?: boolean;
  /** Client-side checks made before the daemon is asked (a --format template that does not parse). */
  validate?(flags: Flags): CommandResult | undefined;
  execute(ctx: DockerContext): CommandResult | Promise<CommandResult>;
}

export interface CommandDefinition extends Omit<DockerCommand, "flags" | "helpKeys" | "interspersed" | "needsDaemon"> {
  interspersed?: boolean;
  needsDaemon?: boolean;
  /** Flags the real command has that this client's help text does not show (BuildKit's, for `docker build`). */
  extraFlags?: FlagSpec[];
}

export function helpKeyOf(path: readonly string[]): string {
  return path.join("-");
}

export function defineCommand(def: CommandDefinition): DockerCommand {
  const helpKeys = def.paths.map(helpKeyOf).filter((k) => DOCKER_HELP[k] !== undefined);
  if (helpKeys.length === 0) throw new Error(`no recorded help text for docker ${def.paths[0]!.join(" ")}`);
  const { extraFlags, ...rest } = def;
  return {
    ...rest,
    interspersed: def.interspersed ?? true,
    needsDaemon: def.needsDaemon ?? true,
    helpKeys,
    flags: [...dockerFlagsFromHelp(DOCKER_HELP[helpKeys[0]!]!), ...(extraFlags ?? []), HELP_FLAG],
  };
}

/** The recorded help for the path used, else the canonical one's with its words replaced. */
export function helpFor(command: DockerCommand, path: readonly string[]): string {
  const own = DOCKER_HELP[helpKeyOf(path)];
  if (own !== undefined) return own;
  const canonical = DOCKER_HELP[command.helpKeys[0]!]!;
  return canonical.replace(/^Usage: {2}docker [\w ]+?(?= \[|$|\n| [A-Z])/, `Usage:  docker ${path.join(" ")}`);
}

/** The usage line (`docker run [OPTIONS] IMAGE [COMMAND] [ARG...]`) the errors repeat. */
export function usageLine(command: DockerCommand, path: readonly string[]): string {
  // A usage of several forms continues on tab-indented lines (`docker cp`).
  const lines = helpFor(command, path).split("\n");
  const more = lines.slice(1).filter((_, i, all) => all.slice(0, i + 1).every((l) => l.startsWith("\t")));
  return [lines[0]!.replace(/^Usage: {2}/, ""), ...more].join("\n");
}
