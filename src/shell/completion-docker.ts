/**
 * Tab completion for `docker`, as docker's own bash completion (docker/cli
 * contrib/completion/bash/docker) offers it: the commands of the recorded help, a
 * management command's subcommands, the command's flags, and the daemon's objects where the
 * command takes them: containers (names, and ids once a word is typed; `start` offers stopped
 * ones, `stop`/`exec`/`kill` running ones), images as `name:tag`, volumes, networks. Anything
 * else is a file path, as bash falls back to.
 */
import type { DockerDaemon } from "../sim/docker/daemon.js";
import { COMMANDS } from "./docker/commands.js";
import { commandsListedIn } from "./docker/index.js";
import { dockerFlagsFromHelp } from "./docker/flags.js";
import { DOCKER_HELP } from "./docker/help-texts.js";
import { familiarReference } from "./docker/references.js";
import type { DockerCommand } from "./docker/command.js";
import type { FlagSpec } from "./kubectl/flags.js";
import { NONE, words, type Candidates } from "./completion-types.js";

const TOP_LEVEL = commandsListedIn(DOCKER_HELP["docker"]!);
const GLOBAL_FLAGS = dockerFlagsFromHelp(DOCKER_HELP["docker"]!);
/** Management commands whose help kadet recorded, with the subcommands each lists. */
const GROUPS: Record<string, string[]> = Object.fromEntries(
  ["image", "container", "volume", "network"].map((g) => [g, commandsListedIn(DOCKER_HELP[g]!)]),
);

type Objects = "containers" | "running" | "stopped" | "images" | "volumes" | "networks" | "any" | "paths" | "none";

/** What each positional argument of a command is, by the command's canonical path; the last entry repeats. */
const ARGUMENTS: Record<string, Objects[]> = {
  "container stop": ["running"],
  "container kill": ["running"],
  "container exec": ["running", "none"],
  "container start": ["stopped"],
  "container restart": ["containers"],
  "container rm": ["containers"],
  "container logs": ["containers", "none"],
  "container inspect": ["containers"],
  "container port": ["containers", "none"],
  "container diff": ["containers", "none"],
  "container cp": ["containers", "paths"],
  "container run": ["images", "none"],
  inspect: ["any"],
  "image history": ["images", "none"],
  "image inspect": ["images"],
  "image tag": ["images", "none"],
  "image rm": ["images"],
  "image pull": ["none"],
  "image build": ["paths", "none"],
  "volume inspect": ["volumes"],
  "volume rm": ["volumes"],
  "network inspect": ["networks"],
  "network rm": ["networks"],
  "network connect": ["networks", "containers", "none"],
  "network disconnect": ["networks", "containers", "none"],
};

/** Flag values that name the daemon's objects. */
const FLAG_VALUES: Record<string, Objects> = {
  network: "networks",
  net: "networks",
  "volumes-from": "containers",
  file: "paths",
  "env-file": "paths",
  "cidfile": "paths",
};

export function completeDocker(args: readonly string[], word: string, daemon: DockerDaemon | undefined, paths: () => Promise<Candidates>): Promise<Candidates> | Candidates {
  // Global flags come before the command.
  let i = 0;
  for (; i < args.length && args[i]!.startsWith("-"); i++) {
    const spec = specOf(GLOBAL_FLAGS, args[i]!);
    if (spec !== undefined && spec.type !== "bool" && !args[i]!.includes("=")) i++;
  }
  const rest = args.slice(i);
  if (rest.length === 0) {
    if (args.length > 0 && valueExpected(GLOBAL_FLAGS, args[args.length - 1]!)) return NONE;
    return word.startsWith("-") ? words(flagWords(GLOBAL_FLAGS)) : words(TOP_LEVEL);
  }
  const group = GROUPS[rest[0]!];
  if (group !== undefined && rest.length === 1) return word.startsWith("-") ? words(["--help"]) : words(group);
  const found = findCommand(rest);
  if (found === undefined) return word.startsWith("-") ? words(["--help"]) : paths();
  const { command, after } = found;
  const previous = after[after.length - 1];
  if (previous !== undefined && valueExpected(command.flags, previous)) {
    const spec = specOf(command.flags, previous)!;
    const kind = FLAG_VALUES[spec.name] ?? (spec.name === "volume" ? "volumes" : "none");
    return kind === "paths" ? paths() : words(objects(kind, word, daemon));
  }
  const positional = positionals(after, command);
  // cobra's SetInterspersed(false): after `docker run IMAGE` the rest is the container's command.
  if (!command.interspersed && positional.length > 0) return paths();
  if (word.startsWith("-")) return words(flagWords(command.flags));
  const canonical = command.paths[0]!.join(" ");
  const table = ARGUMENTS[canonical] ?? ["paths"];
  const kind = table[Math.min(positional.length, table.length - 1)]!;
  return kind === "paths" ? paths() : words(objects(kind, word, daemon));
}

function findCommand(rest: readonly string[]): { command: DockerCommand; after: string[] } | undefined {
  for (const length of [2, 1]) {
    const typed = rest.slice(0, length);
    if (typed.length < length) continue;
    const command = COMMANDS.find((c) => c.paths.some((p) => p.length === length && p.every((w, k) => w === typed[k])));
    if (command !== undefined) return { command, after: rest.slice(length) };
  }
  return undefined;
}

function specOf(specs: readonly FlagSpec[], arg: string): FlagSpec | undefined {
  if (arg.startsWith("--")) {
    const name = arg.slice(2).split("=")[0]!;
    return specs.find((f) => f.name === name);
  }
  if (arg.startsWith("-") && arg.length >= 2) return specs.find((f) => f.short === arg.slice(-1));
  return undefined;
}

/** Whether `arg` is a flag whose value is the next word (`--network`, `-v`, not `--rm` or `--name=x`). */
function valueExpected(specs: readonly FlagSpec[], arg: string): boolean {
  if (!arg.startsWith("-") || arg.includes("=")) return false;
  const spec = specOf(specs, arg);
  return spec !== undefined && spec.type !== "bool";
}

function positionals(after: readonly string[], command: DockerCommand): string[] {
  const out: string[] = [];
  for (let k = 0; k < after.length; k++) {
    const arg = after[k]!;
    if (arg.startsWith("-") && arg !== "-" && (command.interspersed || out.length === 0)) {
      if (valueExpected(command.flags, arg)) k++;
      continue;
    }
    out.push(arg);
  }
  return out;
}

function flagWords(specs: readonly FlagSpec[]): string[] {
  return [...specs.map((f) => `--${f.name}`), "--help"];
}

function objects(kind: Objects, word: string, daemon: DockerDaemon | undefined): string[] {
  if (daemon === undefined || !daemon.running || kind === "none" || kind === "paths") return [];
  const containers = [...daemon.containers.containers.values()];
  const pick = (list: typeof containers): string[] => [
    ...list.map((c) => c.name),
    // docker's completion shows ids only on request (DOCKER_COMPLETION_SHOW_CONTAINER_IDS); a typed prefix asks.
    ...(word === "" ? [] : list.map((c) => c.id.slice(0, 12))),
  ];
  const running = (c: (typeof containers)[number]) => c.runtime.state.status === "running";
  switch (kind) {
    case "containers":
      return pick(containers);
    case "running":
      return pick(containers.filter(running));
    case "stopped":
      return pick(containers.filter((c) => !running(c)));
    case "images":
      return [...daemon.engine.tags.keys()].map(familiarReference);
    case "volumes":
      return [...daemon.volumes.volumes.keys()];
    case "networks":
      return [...daemon.networks.networks.values()].map((n) => n.name);
    case "any":
      return [...objects("containers", word, daemon), ...objects("images", word, daemon), ...objects("volumes", word, daemon), ...objects("networks", word, daemon)];
  }
}
