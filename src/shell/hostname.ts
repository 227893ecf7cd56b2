/**
 * `hostname` as the learner's terminal and the model's hosts answer it: the name the prompt
 * shows (`controlplane` on the learner's terminal, `node01` after `ssh node01`), where
 * just-bash's own `hostname` always prints `localhost`. `-s`/`--short` print the same name
 * (the hosts have no domain); the other options (`-f`, `-i`, `-I`, setting a name) are not
 * modelled and say so.
 */
import { failure, ok, type CommandResult } from "./types.js";

export function hostnameCommand(args: readonly string[], name: string): CommandResult {
  if (args.every((a) => a === "-s" || a === "--short")) return ok(`${name}\n`);
  const first = args.find((a) => a !== "-s" && a !== "--short")!;
  return failure(`kadet: '${first.startsWith("-") ? `hostname ${first}` : "hostname NAME"}' is not simulated yet`);
}
