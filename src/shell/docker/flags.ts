/**
 * docker's command-line flags. The docker CLI is cobra + spf13/pflag like
 * kubectl, so parsing reuses kubectl's pflag parser; only the tables differ:
 * they are read from the `Options:` section of the recorded `--help` text,
 * where a flag line is `  -a, --all   Show all ...` (no type word: a boolean)
 * or `      --format string   ...` (the pflag value type names the kind).
 */
import { parseFlags, type FlagSpec, type ParseResult } from "../kubectl/flags.js";

/** pflag value types that collect every occurrence (opts.ListOpts, FilterOpt, MapOpts, ...). */
const REPEATED_TYPES = new Set(["list", "filter", "map", "mount", "network", "ulimit", "gpu-request", "pull"]);
const INT_TYPES = new Set(["int", "uint", "uint16", "int64"]);

export function dockerFlagsFromHelp(help: string): FlagSpec[] {
  const specs: FlagSpec[] = [];
  let inOptions = false;
  let last: { spec: FlagSpec; description: string } | undefined;
  const finish = () => {
    if (!last) return;
    // A boolean whose help says "(default true)" (`docker build --rm`) starts true.
    if (last.spec.type === "bool" && /\(default true\)/.test(last.description)) last.spec.defaultText = "true";
    const m = last.spec.type !== "bool" ? last.description.match(/\(default "?([^")]*)"?\)\s*$/) : null;
    if (m && last.spec.type !== "stringArray" && last.spec.type !== "stringSlice") last.spec.defaultText = m[1]!;
    specs.push(last.spec);
    last = undefined;
  };
  for (const line of help.split("\n")) {
    if (/^(Options|Global Options):$/.test(line)) {
      inOptions = true;
      continue;
    }
    if (!inOptions) continue;
    const m = line.match(/^ {2}(?:-(\w), | {4})--([\w-]+)(?: ([\w-]+))?(?: {2,}(.*))?$/);
    if (m) {
      finish();
      const typeWord = m[3];
      const type: FlagSpec["type"] = typeWord === undefined ? "bool" : REPEATED_TYPES.has(typeWord) ? "stringArray" : typeWord === "strings" ? "stringSlice" : INT_TYPES.has(typeWord) ? "int" : "string";
      const spec: FlagSpec = { name: m[2]!, type, defaultText: type === "bool" ? "false" : type === "int" ? "0" : "" };
      if (m[1]) spec.short = m[1];
      last = { spec, description: m[4] ?? "" };
    } else if (last && /^ {6,}\S/.test(line)) {
      last.description += ` ${line.trim()}`;
    } else if (line.trim() === "" || !line.startsWith(" ")) {
      finish();
      if (!line.startsWith(" ") && line.trim() !== "") inOptions = false;
    }
  }
  finish();
  return specs;
}

/** cobra's hidden -h/--help, on every docker command. */
export const HELP_FLAG: FlagSpec = { name: "help", short: "h", type: "bool", defaultText: "false" };

/**
 * Parses flags as pflag does; with `interspersed` false (`docker run`,
 * cobra's SetInterspersed(false)) flags stop at the first positional word, so
 * `docker run busybox ls -l` leaves `-l` to the container's command.
 */
export function parseDockerFlags(argv: readonly string[], specs: readonly FlagSpec[], interspersed = true): ParseResult {
  if (interspersed) return parseFlags(argv, specs);
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") break;
    if (!arg.startsWith("-") || arg === "-") break;
    if (arg.startsWith("--")) {
      const spec = byName.get(arg.slice(2));
      if (!arg.includes("=") && spec && spec.type !== "bool") i++;
      continue;
    }
    const shorts = arg.slice(1);
    for (let j = 0; j < shorts.length; j++) {
      const spec = byShort.get(shorts[j]!);
      if (!spec || spec.type === "bool") continue;
      if (j === shorts.length - 1) i++;
      break;
    }
  }
  const head = parseFlags(argv.slice(0, i), specs);
  if (!head.ok) return head;
  const rest = argv[i] === "--" ? argv.slice(i + 1) : argv.slice(i);
  return { ok: true, flags: { ...head.flags, args: [...head.flags.args, ...rest] } };
}
