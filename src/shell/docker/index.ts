/**
 * The `docker` command family: reads the CLI's global flags, finds the
 * command the way cobra does (`docker image ls` and its alias `docker images`
 * are one command), parses its flags from the recorded help text, answers
 * `--help`, checks the argument count, refuses flags kadet does not simulate,
 * and runs the command on the learner's Docker daemon. Commands the real CLI
 * has and kadet does not model say so (DESIGN.md principle 1).
 */
import type { CommandFamily, CommandResult, FamilyContext } from "../types.js";
import { failure, ok } from "../types.js";
import { Flags } from "../kubectl/flags.js";
import { helpFor, usageLine, type DockerCommand } from "./command.js";
import { COMMANDS } from "./commands.js";
import { argCountError, daemonDown, flagError, unknownCommand, unknownSubcommand } from "./errors.js";
import { dockerFlagsFromHelp, parseDockerFlags } from "./flags.js";
import { DOCKER_HELP } from "./help-texts.js";
import { DAEMON_NOT_RUNNING } from "../../sim/docker/daemon.js";
import { runCompose } from "./compose/compose.js";

/** The client version recorded in testdata (`docker --version`). */
export const CLIENT_VERSION = "Docker version 28.2.2, build e6534b4";

const GLOBAL_FLAGS = dockerFlagsFromHelp(DOCKER_HELP["docker"]!);
/** Global flags that only change logging: harmless to accept. */
const HARMLESS_GLOBAL_FLAGS = new Set(["debug", "log-level"]);

/** The words a help text lists under its command headings: `  build       Build an image ...`. */
export function commandsListedIn(help: string): string[] {
  const out: string[] = [];
  let inList = false;
  for (const line of help.split("\n")) {
    if (/^(Common Commands|Management Commands|Swarm Commands|Commands):$/.test(line)) inList = true;
    else if (line.trim() === "") inList = false;
    else if (inList) {
      const m = line.match(/^ {2}([\w-]+)\*?\s/);
      if (m) out.push(m[1]!);
    }
  }
  return out;
}

const TOP_LEVEL = commandsListedIn(DOCKER_HELP["docker"]!);
/** Management commands whose help kadet recorded, and the subcommands each lists. */
const GROUPS: Record<string, string[]> = {
  image: commandsListedIn(DOCKER_HELP["image"]!),
  container: commandsListedIn(DOCKER_HELP["container"]!),
  volume: commandsListedIn(DOCKER_HELP["volume"]!),
  network: commandsListedIn(DOCKER_HELP["network"]!),
};

export const dockerFamily: CommandFamily = {
  name: "docker",
  // Time passes only as the daemon's work takes it (a build, `docker stop`'s grace period).
  settlesWorld: false,
  run: (args, ctx) => runDocker(args, ctx),
};

export async function runDocker(argv: string[], family: FamilyContext): Promise<CommandResult> {
  // Global flags come before the command (the root command does not intersperse).
  let i = 0;
  for (; i < argv.length && argv[i]!.startsWith("-") && argv[i] !== "-"; i++) {
    const arg = argv[i]!;
    if (arg === "-v" || arg === "--version") return ok(`${CLIENT_VERSION}\n`);
    if (arg === "-h" || arg === "--help") return ok(DOCKER_HELP["docker"]!);
    const name = arg.startsWith("--") ? arg.slice(2).split("=")[0]! : arg.slice(1, 2);
    const spec = GLOBAL_FLAGS.find((f) => f.name === name || f.short === name);
    if (!spec) return flagError("docker", "docker [OPTIONS] COMMAND", arg.startsWith("--") ? `unknown flag: --${name}` : `unknown shorthand flag: '${name}' in ${arg}`);
    if (!HARMLESS_GLOBAL_FLAGS.has(spec.name)) return failure(`kadet: 'docker --${spec.name}' is not simulated yet: kadet has one Docker daemon, on the learner's host`);
    if (spec.type !== "bool" && !arg.includes("=") && !(arg.length > 2 && !arg.startsWith("--"))) i++;
  }
  const words = argv.slice(i);
  if (words.length === 0) return ok(DOCKER_HELP["docker"]!);
  if (words[0] === "help") return helpCommand(words.slice(1));
  // The Compose v2 plugin parses its own flags (the recording machine has no plugin to record).
  if (words[0] === "compose") return runCompose(words.slice(1), family);
  const found = findCommand(words);
  if (!found) return notFound(words);
  const [command, path, rest] = found;
  return runCommand(command, path, rest, family);
}

/** Whether kadet simulates the command these words name (`["image", "ls", "-q"]`). */
export function isSimulated(words: string[]): boolean {
  return findCommand(words) !== undefined;
}

function findCommand(words: string[]): [DockerCommand, string[], string[]] | undefined {
  for (const length of [2, 1]) {
    const path = words.slice(0, length);
    if (path.length < length || path.some((w) => w.startsWith("-"))) continue;
    const command = COMMANDS.find((c) => c.paths.some((p) => p.length === length && p.every((w, k) => w === path[k])));
    if (command) return [command, path, words.slice(length)];
  }
  return undefined;
}

function notFound(words: string[]): CommandResult {
  const [word, sub] = words as [string, string | undefined];
  const group = GROUPS[word];
  if (group) {
    if (sub === undefined || sub.startsWith("-")) return ok(DOCKER_HELP[word]!);
    if (group.includes(sub)) return notSimulated(`docker ${word} ${sub}`);
    // The usage line is the group's cobra Use (recorded: `docker image`, but `docker volume COMMAND`).
    return unknownSubcommand(`docker ${word}`, sub, word === "volume" ? "docker volume COMMAND" : `docker ${word}`);
  }
  if (TOP_LEVEL.includes(word)) return notSimulated(`docker ${word}`);
  return unknownCommand(word);
}

function notSimulated(path: string): CommandResult {
  return failure(`kadet: '${path}' is not simulated yet`);
}

function helpCommand(words: string[]): CommandResult {
  if (words.length === 0) return ok(DOCKER_HELP["docker"]!);
  const found = findCommand(words);
  if (found) return ok(helpFor(found[0], found[1]));
  if (GROUPS[words[0]!] && words.length === 1) return ok(DOCKER_HELP[words[0]!]!);
  return notFound(words);
}

async function runCommand(command: DockerCommand, path: string[], rest: string[], family: FamilyContext): Promise<CommandResult> {
  const commandPath = ["docker", ...path].join(" ");
  const usage = usageLine(command, path);
  const parsed = parseDockerFlags(rest, command.flags, command.interspersed);
  if (!parsed.ok) return flagError(commandPath, usage, parsed.error);
  const flags = new Flags(parsed.flags);
  if (flags.bool("help")) return ok(helpFor(command, path));
  const args = parsed.flags.args;
  const countError = argCountError(commandPath, usage, command.args, args.length);
  if (countError) return countError;
  const unsimulated = [...parsed.flags.set.keys()].find((name) => name !== "help" && !command.simulated.includes(name));
  if (unsimulated !== undefined) return notSimulated(`${commandPath} --${unsimulated}`);
  const invalid = command.validate?.(flags);
  if (invalid) return invalid;
  const daemon = family.session.docker;
  if (command.needsDaemon && !daemon.running) {
    if (command.daemonDownAsRun) return failure(`docker: ${DAEMON_NOT_RUNNING}\n\nRun '${commandPath} --help' for more information`, 125);
    const down = daemonDown();
    const extra = command.daemonDown?.(args) ?? {};
    return { ...down, stdout: extra.stdout ?? command.daemonDownStdout ?? "", stderr: down.stderr + (extra.stderrAfter ?? "") };
  }
  // Containers move on the virtual clock between commands: exits, restarts, --rm removals.
  if (command.needsDaemon) daemon.containers.catchUp();
  return command.execute({ family, daemon, flags, args, commandPath });
}
