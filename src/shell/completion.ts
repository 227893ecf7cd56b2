/**
 * Tab completion as bash-completion does it for kubectl (cobra's `__complete`): verbs,
 * resource types, object names read from the live model, namespaces after `-n`, flags of
 * the verb, and file paths (after `-f`, and for any other command's arguments). `docker`,
 * `etcdctl` and `sim` have their own completers (completion-docker.ts, -etcdctl.ts,
 * -sim.ts); an alias completes as what it expands to (`k` as kubectl). It takes the line and
 * the cursor and answers the new line and every candidate; the terminal lists the
 * candidates on a second Tab. Quoting inside the word being completed is not handled.
 */
import { KINDS, resolveResource } from "../sim/api/kinds.js";
import type { DockerDaemon } from "../sim/docker/daemon.js";
import type { World } from "../sim/world/world.js";
import { completeDocker } from "./completion-docker.js";
import { completeEtcdctl } from "./completion-etcdctl.js";
import { completeSim } from "./completion-sim.js";
import { VERBS } from "./kubectl/verbs.js";
import type { Verb } from "./kubectl/verb.js";

export interface CompletionContext {
  world: World;
  /** Command names the shell knows (families, builtins, aliases). */
  commands: readonly string[];
  /** Alias name → its expansion, so `k` completes as `kubectl`. */
  aliases: Readonly<Record<string, string>>;
  /** Entries of a folder relative to the working folder, or undefined when it is none. */
  readDir(path: string): Promise<string[] | undefined>;
  /** Whether a path names a folder (completion adds `/` instead of a space). */
  isDir(path: string): Promise<boolean>;
  /** The learner's Docker daemon, whose containers, images, volumes and networks `docker` completes. */
  docker?: DockerDaemon;
}

export interface CompletionResult {
  line: string;
  cursor: number;
  candidates: string[];
}

/** Verbs that take `TYPE NAME` or `TYPE/NAME`. */
const TYPE_THEN_NAME = new Set(["get", "describe", "delete", "edit", "label", "annotate", "scale", "patch", "expose", "rollout", "set", "taint", "cordon", "uncordon", "drain"]);
/** Verbs whose first argument is a pod name. */
const POD_FIRST = new Set(["logs", "exec", "attach", "port-forward", "cp"]);
const NODE_VERBS = new Set(["cordon", "uncordon", "drain", "taint"]);
const FILE_FLAGS = new Set(["-f", "--filename", "-k", "--kustomize", "--from-file", "--from-env-file"]);
const NAMESPACE_FLAGS = new Set(["-n", "--namespace"]);

export async function completeLine(line: string, cursor: number, ctx: CompletionContext): Promise<CompletionResult> {
  const before = line.slice(0, cursor);
  const wordStart = Math.max(before.lastIndexOf(" "), before.lastIndexOf("\t")) + 1;
  const word = before.slice(wordStart);
  // Only the last command of a pipeline or list is completed.
  const segment = before.slice(0, wordStart).split(/\|\||&&|[|;]/).at(-1) ?? "";
  const words = segment.trim().split(/\s+/).filter((w) => w !== "");
  const { candidates, folders } = await candidatesFor(words, word, ctx);
  const matching = [...new Set(candidates.filter((c) => c.startsWith(word)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const unchanged = { line, cursor, candidates: matching };
  if (matching.length === 0) return unchanged;
  let insert: string;
  if (matching.length === 1) {
    const only = matching[0]!;
    insert = only + (folders && only.endsWith("/") ? "" : " ");
  } else {
    insert = commonPrefix(matching);
    if (insert.length <= word.length) return unchanged;
  }
  const next = line.slice(0, wordStart) + insert + line.slice(cursor);
  return { line: next, cursor: wordStart + insert.length, candidates: matching };
}

async function candidatesFor(words: string[], word: string, ctx: CompletionContext): Promise<{ candidates: string[]; folders: boolean }> {
  if (words.length === 0) return { candidates: [...ctx.commands, ...Object.keys(ctx.aliases)], folders: false };
  const expanded = ctx.aliases[words[0]!];
  const all = expanded === undefined ? words : [...expanded.split(/\s+/), ...words.slice(1)];
  const previous = all[all.length - 1]!;
  const files = () => paths(word, ctx);
  if (all[0] === "docker") return completeDocker(all.slice(1), word, ctx.docker, files);
  if (all[0] === "etcdctl") return completeEtcdctl(all.slice(1), word, files);
  if (all[0] === "sim") return completeSim(all.slice(1), word, ctx.world, files);
  if (all[0] !== "kubectl") return files();
  if (NAMESPACE_FLAGS.has(previous)) return names("namespaces", undefined, ctx);
  if (FILE_FLAGS.has(previous)) return paths(word, ctx);
  if (word.startsWith("--namespace=")) {
    const found = await names("namespaces", undefined, ctx);
    return { candidates: found.candidates.map((n) => `--namespace=${n}`), folders: false };
  }
  if (word.startsWith("--filename=") || word.startsWith("-f=")) return paths(word, ctx);
  const positional = positionals(all.slice(1));
  const verb = VERBS.find((v) => v.name === positional[0] || (v.aliases ?? []).includes(positional[0] ?? ""));
  if (word.startsWith("-")) return { candidates: verb === undefined ? ["--namespace", "--context", "--help"] : flagNames(verb), folders: false };
  if (positional.length === 0) return { candidates: VERBS.flatMap((v) => [v.name]), folders: false };
  if (verb === undefined) return { candidates: [], folders: false };
  const namespace = namespaceOf(all);
  const args = positional.slice(1);
  if (verb.subcommands !== undefined && verb.subcommands.length > 0 && !TYPE_THEN_NAME.has(verb.name) && args.length === 0) {
    return { candidates: verb.subcommands.map((s) => s.name), folders: false };
  }
  if (verb.name === "rollout" || verb.name === "set") {
    if (args.length === 0) return { candidates: (verb.subcommands ?? []).map((s) => s.name), folders: false };
    return typeOrName(args.slice(1), word, namespace, ctx);
  }
  if (POD_FIRST.has(verb.name)) return args.length === 0 ? names("pods", namespace, ctx) : { candidates: [], folders: false };
  if (NODE_VERBS.has(verb.name) && args.length === 0 && verb.name !== "taint") return names("nodes", undefined, ctx);
  if (TYPE_THEN_NAME.has(verb.name)) return typeOrName(args, word, namespace, ctx);
  return { candidates: [], folders: false };
}

/** `TYPE` first, then names of that type; `TYPE/NAME` in one word too. */
async function typeOrName(args: string[], word: string, namespace: string, ctx: CompletionContext): Promise<{ candidates: string[]; folders: boolean }> {
  const slash = word.indexOf("/");
  if (slash !== -1) {
    const typed = word.slice(0, slash);
    const found = await names(typed, namespace, ctx);
    return { candidates: found.candidates.map((n) => `${typed}/${n}`), folders: false };
  }
  if (args.length === 0) return { candidates: KINDS.map((k) => k.plural), folders: false };
  return names(args[0]!.split(",")[0]!, namespace, ctx);
}

async function names(resource: string, namespace: string | undefined, ctx: CompletionContext): Promise<{ candidates: string[]; folders: boolean }> {
  const info = resolveResource(resource);
  if (info === undefined) return { candidates: [], folders: false };
  const items = ctx.world.api.list(info, info.namespaced ? namespace : undefined);
  return { candidates: items.map((item) => item.metadata.name), folders: false };
}

async function paths(word: string, ctx: CompletionContext): Promise<{ candidates: string[]; folders: boolean }> {
  const eq = word.indexOf("=");
  const prefix = eq === -1 ? "" : word.slice(0, eq + 1);
  const path = word.slice(prefix.length);
  const slash = path.lastIndexOf("/");
  const folder = slash === -1 ? "" : path.slice(0, slash + 1);
  const entries = (await ctx.readDir(folder === "" ? "." : folder)) ?? [];
  const candidates: string[] = [];
  for (const entry of entries) {
    const full = folder + entry;
    candidates.push(prefix + full + ((await ctx.isDir(full)) ? "/" : ""));
  }
  return { candidates, folders: true };
}

function flagNames(verb: Verb): string[] {
  return verb.flags.map((f) => `--${f.name}`);
}

/** The words that are not flags or flag values (flags taking a value swallow the next word). */
function positionals(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith("-")) {
      if (!arg.includes("=") && (NAMESPACE_FLAGS.has(arg) || FILE_FLAGS.has(arg) || arg === "-o" || arg === "--output" || arg === "-l" || arg === "--selector" || arg === "--context" || arg === "--image")) i++;
      continue;
    }
    out.push(arg);
  }
  return out;
}

function namespaceOf(all: string[]): string {
  for (let i = 0; i < all.length; i++) {
    const arg = all[i]!;
    if (NAMESPACE_FLAGS.has(arg) && all[i + 1] !== undefined) return all[i + 1]!;
    if (arg.startsWith("--namespace=")) return arg.slice("--namespace=".length);
    if (arg.startsWith("-n") && arg.length > 2 && !arg.startsWith("--")) return arg.slice(2);
  }
  return "default";
}

function commonPrefix(items: readonly string[]): string {
  let prefix = items[0] ?? "";
  for (const item of items) while (!item.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}
