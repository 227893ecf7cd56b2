/**
 * Tab completion for kadet's own `sim` command: its commands and actions as `sim help` lists
 * them (read from that text, so the two cannot drift), their flags, preset names after
 * `--preset`, and the world's nodes, hosts and pods where a command names one.
 */
import { resolveResource } from "../sim/api/kinds.js";
import { PRESETS } from "../sim/world/create.js";
import type { World } from "../sim/world/world.js";
import { SIM_HELP } from "./sim/index.js";
import { NODE_USAGE } from "./sim/node.js";
import { NONE, words, type Candidates } from "./completion-types.js";

interface SimUsage {
  /** The literal words after `sim`: ["node", "add"]. */
  path: string[];
  flags: string[];
}

/** Each usage line's literal words (`a|b` are alternatives) and its `--flags`. */
function usages(text: string): SimUsage[] {
  const out: SimUsage[] = [];
  for (const line of text.split("\n")) {
    const m = /^\s+sim (.*)$/.exec(line);
    if (!m) continue;
    const tokens = m[1]!.split(/\s{2,}/)[0]!.split(/\s+/);
    const literal: string[][] = [];
    for (const token of tokens) {
      const bare = token.replace(/[[\]]/g, "").replace(/\.\.\.$/, "");
      if (!/^[a-z][a-z|-]*$/.test(bare)) break;
      literal.push(bare.split("|"));
    }
    const flags = [...m[1]!.matchAll(/--[a-z-]+/g)].map((f) => f[0]);
    // Expand alternatives: `host stop|start NAME` is two paths.
    let paths: string[][] = [[]];
    for (const options of literal) paths = paths.flatMap((p) => options.map((o) => [...p, o]));
    for (const path of paths) out.push({ path, flags });
  }
  return out;
}

const USAGES = usages(`${SIM_HELP}\n${NODE_USAGE}`);

export function completeSim(args: readonly string[], word: string, world: World, paths: () => Promise<Candidates>): Promise<Candidates> | Candidates {
  const previous = args[args.length - 1];
  if (previous === "--preset") return words(PRESETS);
  if (word.startsWith("--preset=")) return words(PRESETS.map((p) => `--preset=${p}`));
  const positional = args.filter((a, i) => !a.startsWith("-") && args[i - 1] !== "--preset" && !(args[i - 1]?.startsWith("--") && !args[i - 1]!.includes("=") && args[i - 1] !== "--control-plane"));
  const matching = USAGES.filter((u) => positional.every((w, i) => i >= u.path.length || u.path[i] === w));
  if (word.startsWith("-")) return words([...new Set(matching.filter((u) => u.path.length <= positional.length).flatMap((u) => u.flags))]);
  const next = [...new Set(matching.flatMap((u) => (u.path.length > positional.length && u.path.slice(0, positional.length).every((w, i) => w === positional[i]) ? [u.path[positional.length]!] : [])))];
  if (next.length > 0) return words(next);
  const [group, action] = positional;
  const named = (resource: string, namespace?: string): Candidates => {
    const info = resolveResource(resource);
    return info === undefined ? NONE : words(world.api.list(info, namespace).map((o) => o.metadata.name));
  };
  if (positional.length === 2 && group === "node" && action === "remove") return named("nodes");
  if (positional.length === 2 && group === "host") return words(world.hosts.list().map((h) => h.name));
  if (positional.length === 2 && group === "explain" && action === "pod") return named("pods", namespaceOf(args));
  if (group === "snapshot" && positional.length === 2) return paths();
  return NONE;
}

function namespaceOf(args: readonly string[]): string {
  const at = args.findIndex((a) => a === "-n" || a === "--namespace");
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1]! : "default";
}
