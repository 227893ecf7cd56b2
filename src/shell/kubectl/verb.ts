/**
 * The shape of a kubectl verb, as just-bash shapes its commands: data (the
 * name, the help text recorded from the real client, and the flag table read
 * from it) plus an `execute` that turns parsed arguments into API calls on
 * the world and returns what kubectl would print.
 */
import type { LoadedKubeconfig } from "./client-config.js";
import type { World } from "../../sim/world/world.js";
import type { UserInfo } from "../../sim/api/auth/user.js";
import type { CommandResult, FamilyContext } from "../types.js";
import { type FlagOverrides, type FlagSpec, Flags, flagsFromHelp } from "./flags.js";
import { INT_FLAG_BITS } from "./int-flag-bits.js";
import { HELP_TEXTS } from "./help-texts.js";

export interface KubectlContext {
  family: FamilyContext;
  world: World;
  flags: Flags;
  /** Positional arguments (flags removed). */
  args: string[];
  /** Arguments after `--` (cobra ArgsLenAtDash), e.g. `kubectl run --command -- sleep 1`. */
  argsAfterDash: string[];
  /** "kubectl create deployment": used in usage hints. */
  commandPath: string;
  /** The namespace the request acts in: -n, else the context's ("default"). */
  namespace: string;
  /** Whether -n/--namespace was given (kubectl refuses a namespace in a manifest that disagrees). */
  namespaceExplicit: boolean;
  /** The kubeconfig file this command loaded (`kubectl config` edits and saves it). */
  kubeconfig: LoadedKubeconfig;
  /** Who the request acts as, after authentication and impersonation (authn.ts); unset for `kubectl config`. */
  user?: UserInfo;
}

export interface Verb {
  /** The command word ("get") or the subcommand word ("deployment" under "create"). */
  name: string;
  aliases?: string[];
  /** Key of the recorded help text in HELP_TEXTS ("create-deployment"). */
  helpKey: string;
  flags: FlagSpec[];
  subcommands?: Verb[];
  /**
   * Subcommands (and aliases) the real kubectl has that kadet does not simulate: they answer
   * "not simulated yet" whatever flags follow, where any other word is the real error.
   */
  unsimulated?: string[];
  /** Flags cobra's MarkFlagRequired marks, checked before execute. */
  requiredFlags?: string[];
  execute?(ctx: KubectlContext): CommandResult | Promise<CommandResult>;
}

/** Builds a verb whose flags are those its recorded help text lists. */
export function defineVerb(def: Omit<Verb, "flags"> & { overrides?: FlagOverrides }): Verb {
  const help = HELP_TEXTS[def.helpKey];
  if (help === undefined) throw new Error(`no recorded help text "${def.helpKey}"`);
  const { overrides, ...rest } = def;
  const intBits = INT_FLAG_BITS[def.helpKey];
  // Read from the help text when the verb is first used: parsing all ~60 help texts cost every
  // process ~15 ms before its first command.
  let flags: FlagSpec[] | undefined;
  return {
    ...rest,
    get flags() {
      flags ??= flagsFromHelp(help, intBits ? { ...overrides, intBits } : overrides);
      return flags;
    },
  };
}

export function helpOf(verb: Verb): string {
  return HELP_TEXTS[verb.helpKey] ?? "";
}
