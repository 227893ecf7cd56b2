/**
 * How the docker CLI (28) words its client-side failures, copied from
 * docker/cli: cli/cobra.go FlagErrorFunc (exit 125), cli/required.go (argument
 * counts, exit 1; note "See" for RequiresMinArgs and "Run" elsewhere, as the
 * real client prints them), and the daemon-down answer. Checked against the
 * recordings in testdata/cases.json.
 */
import { failure, type CommandResult } from "../types.js";
import { DAEMON_NOT_RUNNING } from "../../sim/docker/daemon.js";

export function flagError(commandPath: string, usage: string, message: string): CommandResult {
  return failure(`${message}\n\nUsage:  ${usage}\n\nRun '${commandPath} --help' for more information`, 125);
}

export type ArgCount = { exact: number } | { min: number } | { min: number; max: number } | { max: number } | { none: true };

/** cli/required.go: undefined when the count is right. */
export function argCountError(commandPath: string, usage: string, count: ArgCount, given: number): CommandResult | undefined {
  const plural = (n: number) => (n === 1 ? "argument" : "arguments");
  let text: string;
  if ("none" in count) {
    if (given === 0) return undefined;
    text = `docker: '${commandPath}' accepts no arguments\n\nUsage:  ${usage}\n\nRun '${commandPath} --help' for more information`;
  } else if ("exact" in count) {
    if (given === count.exact) return undefined;
    text = `docker: '${commandPath}' requires ${count.exact} ${plural(count.exact)}\n\nUsage:  ${usage}\n\nRun '${commandPath} --help' for more information`;
  } else if ("max" in count && !("min" in count)) {
    if (given <= count.max) return undefined;
    // RequiresMaxArgs in CLI 28 prints "\nS" before "Run" (recorded: `docker volume create a b`).
    text = `docker: '${commandPath}' requires at most ${count.max} ${plural(count.max)}\n\nUsage:  ${usage}\n\nSRun '${commandPath} --help' for more information`;
  } else if ("max" in count) {
    if (given >= count.min && given <= count.max) return undefined;
    text = `docker: '${commandPath}' requires at least ${count.min} and at most ${count.max} ${plural(count.max)}\n\nUsage:  ${usage}\n\nRun '${commandPath} --help' for more information`;
  } else {
    if (given >= count.min) return undefined;
    text = `docker: '${commandPath}' requires at least ${count.min} ${plural(count.min)}\n\nUsage:  ${usage}\n\nSee '${commandPath} --help' for more information`;
  }
  return failure(text, 1);
}

/** cli/required.go NoArgs on a command group: `docker image frob`. */
export function unknownSubcommand(groupPath: string, word: string, usage = groupPath): CommandResult {
  return failure(`docker: unknown command: ${groupPath} ${word}\n\nUsage:  ${usage}\n\nRun '${groupPath} --help' for more information`, 1);
}

/** The root command's answer to a word it does not know (cmd/docker). */
export function unknownCommand(word: string): CommandResult {
  return failure(`docker: unknown command: docker ${word}\n\nRun 'docker --help' for more information`, 1);
}

export function daemonDown(): CommandResult {
  return failure(DAEMON_NOT_RUNNING, 1);
}

/** `Error response from daemon: ...`, the daemon's API errors as the CLI prints them. */
export function daemonError(message: string, exitCode = 1): CommandResult {
  return failure(`Error response from daemon: ${message}`, exitCode);
}
