/**
 * `env` and `printenv` over the learner's variables only. just-bash keeps its own shell
 * state among the variables (`BASH_ALIAS_k`, `BASHOPTS`, `SHELLOPTS`, `?`) and its `env`
 * prints them all; bash keeps them apart, so `env` in the exam terminal never shows them.
 * The behaviour is just-bash 3.4's own (`env [-i] [-u NAME] [NAME=VALUE]... [COMMAND]`,
 * `printenv [NAME]...`), with that state filtered out.
 */
import type { CommandResult } from "./types.js";
import { isShellStateVariable } from "./line-runner.js";

export interface EnvContext {
  env: ReadonlyMap<string, string>;
  /** Runs COMMAND with exactly `env` (just-bash's `ctx.exec("command", { args, replaceEnv })`). */
  run(args: string[], env: Record<string, string>): Promise<CommandResult>;
}

function visible(env: ReadonlyMap<string, string>): Map<string, string> {
  return new Map([...env].filter(([name]) => !isShellStateVariable(name)));
}

function listing(env: ReadonlyMap<string, string>): string {
  const lines = [...env].map(([name, value]) => `${name}=${value}`);
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}

export async function envCommand(args: string[], ctx: EnvContext): Promise<CommandResult> {
  let ignore = false;
  const unset: string[] = [];
  const set = new Map<string, string>();
  let command = -1;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "-i" || arg === "--ignore-environment") ignore = true;
    else if (arg === "-u" && i + 1 < args.length) unset.push(args[++i]!);
    else if (arg.startsWith("-u")) unset.push(arg.slice(2));
    else if (arg.startsWith("--unset=")) unset.push(arg.slice(8));
    else if (arg.startsWith("--") && arg !== "--") return invalid(`unrecognized option '${arg}'`);
    else if (arg.startsWith("-") && arg !== "-" && arg !== "--") {
      for (const letter of arg.slice(1)) if (letter !== "i" && letter !== "u") return invalid(`invalid option -- '${letter}'`);
      if (arg.includes("i")) ignore = true;
    } else if (arg.includes("=") && command === -1) set.set(arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1));
    else {
      command = i;
      break;
    }
  }
  const env = ignore ? new Map(set) : visible(ctx.env);
  if (!ignore) {
    for (const name of unset) env.delete(name);
    for (const [name, value] of set) env.set(name, value);
  }
  if (command === -1) return { stdout: listing(env), stderr: "", exitCode: 0 };
  return ctx.run(args.slice(command), Object.fromEntries(env));
}

export function printenvCommand(args: string[], ctx: Pick<EnvContext, "env">): CommandResult {
  const env = visible(ctx.env);
  const names = args.filter((a) => !a.startsWith("-"));
  if (names.length === 0) return { stdout: listing(env), stderr: "", exitCode: 0 };
  const values: string[] = [];
  let exitCode = 0;
  for (const name of names) {
    const value = env.get(name);
    if (value === undefined) exitCode = 1;
    else values.push(value);
  }
  return { stdout: values.length > 0 ? `${values.join("\n")}\n` : "", stderr: "", exitCode };
}

/** GNU env's words for a bad option. */
function invalid(problem: string): CommandResult {
  return { stdout: "", stderr: `env: ${problem}\nTry 'env --help' for more information.\n`, exitCode: 125 };
}
