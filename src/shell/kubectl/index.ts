/**
 * The `kubectl` command family: finds the verb in the arguments the way
 * cobra does (global flags may come first), parses its flags, serves `--help`
 * from the real client's recorded texts, checks `--context`, and runs the
 * verb against the world. Verbs kadet does not model say so instead of
 * pretending (DESIGN.md principle 1).
 */
import type { CommandFamily, CommandResult, FamilyContext } from "../types.js";
import { failure, ok } from "../types.js";
import { flagError, requiredFlags } from "./errors.js";
import { Flags, flagsFromHelp, parseFlags, type FlagSpec } from "./flags.js";
import { HELP_TEXTS } from "./help-texts.js";
import { helpOf, type KubectlContext, type Verb } from "./verb.js";
import { VERBS } from "./verbs.js";
import { loadKubeconfig, resolveCluster, unansweredRequest } from "./client-config.js";
import { authenticate, clientCertificatePair, impersonate, worldAs } from "./authn.js";
import { ForbiddenRequest } from "../../sim/api/auth/forbidden.js";
import type { UserInfo } from "../../sim/api/auth/user.js";
import { apiFailure } from "./errors.js";

/** kubectl's global flags (`kubectl options`). */
export const GLOBAL_FLAGS: FlagSpec[] = [
  ...flagsFromHelp(HELP_TEXTS["options"]!, {}),
  // cobra adds -h/--help to every command; help texts do not list it.
  { name: "help", short: "h", type: "bool", defaultText: "false" },
];
/**
 * Global flags that change who is asking or which server is asked. kadet has
 * no authentication or RBAC yet, so acting on them would silently run as the
 * admin: refuse them instead (`--server` is accepted: kadet has one API server) (issue 5, "--as ... must say they are not
 * simulated"). Flags that only tune the client (`-v`, `--request-timeout`)
 * are harmless and stay accepted.
 */
export const UNSIMULATED_GLOBAL_FLAGS = [
  "as-uid", "user", "cluster", "username", "password",
  "client-certificate", "client-key", "warnings-as-errors",
] as const;

/** The context kubeadm's admin.conf names, the one every preset starts with. */
export const CONTEXT_NAME = "kubernetes-admin@kubernetes";

/** Every command `kubectl --help` lists (1.32), for "not simulated" answers and typo suggestions. */
export const ALL_COMMANDS = [
  "create", "expose", "run", "set", "explain", "get", "edit", "delete", "rollout", "scale", "autoscale",
  "certificate", "cluster-info", "top", "cordon", "uncordon", "drain", "taint", "describe", "logs", "attach",
  "exec", "port-forward", "proxy", "cp", "auth", "debug", "events", "diff", "apply", "patch", "replace", "wait",
  "kustomize", "label", "annotate", "completion", "api-resources", "api-versions", "config", "plugin", "version",
  "help", "options",
];

export const kubectlFamily: CommandFamily = {
  name: "kubectl",
  settlesWorld: true,
  run: (args, ctx) => runKubectl(args, ctx),
};

export async function runKubectl(args: string[], family: FamilyContext): Promise<CommandResult> {
  const [path, verb, rest] = findCommand(args, VERBS);
  if (!verb) {
    const word = path[0];
    if (word === undefined) return ok(HELP_TEXTS["kubectl"]!);
    if (word === "help") return ok(HELP_TEXTS["kubectl"]!);
    if (word === "options") return ok(HELP_TEXTS["options"]!);
    if (ALL_COMMANDS.includes(word)) return failure(`kadet: 'kubectl ${word}' is not simulated yet`);
    return failure(unknownCommand(word));
  }
  const commandPath = ["kubectl", ...path].join(" ");
  const stray = firstPositional(rest, verb);
  if (stray !== undefined && verb.unsimulated?.includes(stray)) return failure(`kadet: '${commandPath} ${stray}' is not simulated yet`);
  const parsed = parseFlags(rest, [...verb.flags, ...GLOBAL_FLAGS.filter((g) => !verb.flags.some((f) => f.name === g.name))]);
  if (!parsed.ok) return flagError(commandPath, parsed.error);
  const flags = new Flags(parsed.flags);
  if (flags.bool("help")) return ok(helpOf(verb));
  // A verb's own flag of the same name (`config set-context --cluster`) is not the global one.
  const unsimulatedFlag = UNSIMULATED_GLOBAL_FLAGS.find((name) => flags.has(name) && !verb.flags.some((f) => f.name === name));
  if (unsimulatedFlag !== undefined) {
    return failure(`kadet: 'kubectl --${unsimulatedFlag}' is not simulated yet, so the command was not run`);
  }
  if (!verb.execute) {
    // A command group (`kubectl create`, `kubectl config`) without a known subcommand.
    const sub = flags.args[0];
    if (sub === undefined) return ok(helpOf(verb));
    return failure(`error: unknown command "${sub}"\nSee '${commandPath} -h' for help and examples`);
  }
  const loaded = await loadKubeconfig(flags.string("kubeconfig"), family);
  if (!loaded.ok) return loaded.result;
  let world = family.world;
  let contextNamespace = "default";
  let user: UserInfo | undefined;
  // The API's warnings for this command's requests, printed as client-go's warning handler does.
  const apiWarnings: string[] = [];
  // `kubectl config` edits the file and never reaches a server; neither does `version --client`.
  if (path[0] !== "config" && !(verb.name === "version" && flags.bool("client"))) {
    const target = resolveCluster(loaded.loaded, flags.string("context"), family.session.environment);
    // `version` prints its own lines first and only the last error line (no discovery retries).
    if (!target.ok && verb.name === "version") return { ...target.result, stdout: "Client Version: v1.32.0\nKustomize Version: v5.5.0\n", stderr: target.result.stderr.replace(/^E\d{4} .*\n/gm, "") };
    // client-go loads the certificate and key into its TLS config before it connects anywhere.
    if (target.user !== undefined && flags.string("token") === "" && typeof target.credentials?.token !== "string") {
      const pair = await clientCertificatePair(target.user, target.credentials, family, loaded.loaded.location.path);
      if (!pair.ok) return pair.result;
    }
    if (!target.ok) return target.result;
    const unanswered = unansweredRequest(target.cluster.world, target.server, family.session.environment);
    if (unanswered && verb.name === "version") return { ...unanswered, stdout: "Client Version: v1.32.0\nKustomize Version: v5.5.0\n", stderr: unanswered.stderr.replace(/^E\d{4} .*\n/gm, "") };
    if (unanswered) return unanswered;
    const authenticated = await authenticate(target.user, target.credentials, flags.string("token"), target.cluster, family, loaded.loaded.location.path);
    if (!authenticated.ok) return authenticated.result;
    const acting = impersonate(target.cluster.world, authenticated.user, flags.string("as"), flags.strings("as-group"));
    const tracer = target.cluster.world.api.tracer;
    tracer?.authenticated(authenticated.user, authenticated.via ?? "");
    if (!acting.ok) return acting.result;
    if (tracer && acting.user !== authenticated.user) tracer.impersonatedAs = acting.user;
    world = worldAs(target.cluster.world, acting.user, (warnings) => apiWarnings.push(...warnings));
    user = acting.user;
    contextNamespace = target.namespace;
  }
  const missing = (verb.requiredFlags ?? []).filter((name) => !flags.has(name));
  if (missing.length > 0) return requiredFlags(missing);
  // config set-context has its own --namespace: the entry's, not the request's.
  const namespaceExplicit = path[0] !== "config" && flags.has("namespace") && flags.string("namespace") !== "";
  const dashAt = parsed.flags.dashAt;
  const ctx: KubectlContext = {
    family: { ...family, world },
    world,
    flags,
    args: dashAt === -1 ? flags.args : flags.args.slice(0, dashAt),
    argsAfterDash: dashAt === -1 ? [] : flags.args.slice(dashAt),
    commandPath,
    namespace: namespaceExplicit ? flags.string("namespace") : contextNamespace,
    namespaceExplicit,
    kubeconfig: loaded.loaded,
    ...(user ? { user } : {}),
  };
  let result: CommandResult;
  try {
    result = await verb.execute(ctx);
  } catch (refused) {
    // A read the user may not make (auth/forbidden.ts): kubectl stops at the server's first error.
    if (!(refused instanceof ForbiddenRequest)) throw refused;
    result = apiFailure(refused.error);
  }
  if (apiWarnings.length > 0) result = { ...result, stderr: apiWarnings.map((w) => `Warning: ${w}\n`).join("") + result.stderr };
  return withIgnoredFlagWarning(result, flags, commandPath);
}

/**
 * Global flags that only tune the client (verbosity, timeouts, caching, TLS of a server kadet
 * does not have): ignoring them changes nothing a learner can observe.
 */
const CLIENT_TUNING_FLAGS = new Set([
  "v", "vmodule", "request-timeout", "server", "insecure-skip-tls-verify", "cache-dir", "match-server-version",
  "log-flush-frequency", "certificate-authority", "tls-server-name", "disable-compression", "profile", "profile-output",
  "kuberc", "password", "username", "namespace", "context", "chunk-size",
]);

/**
 * Flags come from the recorded help text, so every real flag parses; one that the verb never
 * read was silently ignored. Say so rather than look right (a flag kadet ignores must say it).
 */
function withIgnoredFlagWarning(result: CommandResult, flags: Flags, commandPath: string): CommandResult {
  if (result.exitCode !== 0) return result;
  const ignored = flags.unread().filter((name) => !CLIENT_TUNING_FLAGS.has(name));
  if (ignored.length === 0) return result;
  const list = ignored.map((name) => `--${name}`).join(", ");
  const warning = `Warning: kadet does not simulate ${list} for '${commandPath}' yet; ${ignored.length === 1 ? "it was" : "they were"} ignored\n`;
  return { ...result, stderr: warning + result.stderr };
}

/**
 * cobra's Command.Find: walks the arguments, skipping flags (and the value of
 * a global flag given as a separate word), descending into subcommands.
 * Returns the command words, the command, and the remaining arguments.
 */
function findCommand(args: string[], verbs: Verb[]): [string[], Verb | undefined, string[]] {
  const path: string[] = [];
  const rest: string[] = [];
  let current: Verb | undefined;
  let candidates: Verb[] | undefined = verbs;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      rest.push(...args.slice(i));
      break;
    }
    if (arg.startsWith("-") && arg !== "-") {
      rest.push(arg);
      if (!arg.includes("=") && takesValue(arg, current) && i + 1 < args.length) rest.push(args[++i]!);
      continue;
    }
    if (candidates) {
      const next: Verb | undefined = candidates.find((v) => v.name === arg || (v.aliases ?? []).includes(arg));
      if (next) {
        path.push(arg);
        current = next;
        candidates = next.subcommands;
        continue;
      }
      if (!current) {
        path.push(arg);
        return [path, undefined, []];
      }
    }
    candidates = undefined;
    rest.push(arg);
  }
  return [path, current, rest];
}

/** The first word after the command that is neither a flag nor a flag's value. */
function firstPositional(rest: string[], verb: Verb): string | undefined {
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === "--") return undefined;
    if (!arg.startsWith("-") || arg === "-") return arg;
    if (!arg.includes("=") && takesValue(arg, verb)) i++;
  }
  return undefined;
}

function takesValue(arg: string, verb: Verb | undefined): boolean {
  const specs = [...(verb?.flags ?? []), ...GLOBAL_FLAGS];
  const spec = arg.startsWith("--")
    ? specs.find((s) => s.name === arg.slice(2))
    : arg.length === 2
      ? specs.find((s) => s.short === arg.slice(1))
      : undefined;
  return spec !== undefined && spec.type !== "bool" && spec.noOptDefault === undefined;
}

/** cobra's "unknown command" error with its suggestions (Levenshtein distance ≤ 2, or a prefix). */
export function unknownCommand(word: string): string {
  const suggestions = [...ALL_COMMANDS].sort().filter((c) => c !== "options" && (levenshtein(word.toLowerCase(), c) <= 2 || c.startsWith(word.toLowerCase())));
  let text = `error: unknown command "${word}" for "kubectl"`;
  if (suggestions.length > 0) text += `\n\nDid you mean this?\n${suggestions.map((s) => `\t${s}\n`).join("")}`;
  return text;
}

function levenshtein(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
    }
  }
  return d[a.length]![b.length]!;
}
