/**
 * etcdctl 3.5's command line: cobra/pflag words (`--flag=value`, `--flag value`,
 * `-w table`, flags anywhere among the arguments), the global flags every
 * command takes (ctlv3/ctl.go) and their ETCDCTL_* environment variables,
 * which a flag given too makes an error (pkg/flags SetPflagsFromEnv:
 * "conflicting environment variable ... is shadowed").
 */

export interface FlagSpec {
  /** Long name without dashes. */
  name: string;
  short?: string;
  bool?: boolean;
  default?: string;
}

/** ctlv3/ctl.go's persistent flags. */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: "endpoints", default: "127.0.0.1:2379" },
  { name: "debug", bool: true },
  { name: "write-out", short: "w", default: "simple" },
  { name: "hex", bool: true },
  { name: "dial-timeout", default: "2s" },
  { name: "command-timeout", default: "5s" },
  { name: "keepalive-time", default: "2s" },
  { name: "keepalive-timeout", default: "6s" },
  { name: "insecure-transport", bool: true, default: "true" },
  { name: "insecure-discovery", bool: true, default: "true" },
  { name: "insecure-skip-tls-verify", bool: true },
  { name: "cert", default: "" },
  { name: "key", default: "" },
  { name: "cacert", default: "" },
  { name: "user", default: "" },
  { name: "password", default: "" },
  { name: "discovery-srv", short: "d", default: "" },
  { name: "discovery-srv-name", default: "" },
];

export interface ParsedArgs {
  positional: string[];
  values: Map<string, string>;
  /** Flags given on the command line (not from the environment). */
  given: Set<string>;
}

export type ParseResult = { ok: true; args: ParsedArgs } | { ok: false; error: string };

/** Parses argv against the global flags plus a command's own. */
export function parseArgs(argv: string[], commandFlags: FlagSpec[]): ParseResult {
  const specs = [...GLOBAL_FLAGS, ...commandFlags];
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const values = new Map<string, string>();
  const given = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === "--") {
      positional.push(...argv.slice(i + 1));
      break;
    }
    let spec: FlagSpec | undefined;
    let inline: string | undefined;
    if (word.startsWith("--")) {
      const eq = word.indexOf("=");
      const name = eq < 0 ? word.slice(2) : word.slice(2, eq);
      inline = eq < 0 ? undefined : word.slice(eq + 1);
      spec = byLong.get(name);
      if (!spec) return { ok: false, error: `unknown flag: --${name}` };
    } else if (word.startsWith("-") && word.length > 1) {
      const name = word[1]!;
      spec = byShort.get(name);
      if (!spec) return { ok: false, error: `unknown shorthand flag: '${name}' in ${word}` };
      if (word.length > 2) inline = word[2] === "=" ? word.slice(3) : word.slice(2);
    } else {
      positional.push(word);
      continue;
    }
    let value: string;
    if (spec.bool) value = inline ?? "true";
    else if (inline !== undefined) value = inline;
    else {
      if (i + 1 >= argv.length) return { ok: false, error: `flag needs an argument: --${spec.name}` };
      value = argv[++i]!;
    }
    values.set(spec.name, value);
    given.add(spec.name);
  }
  return { ok: true, args: { positional, values, given } };
}

/** Fills global flags from ETCDCTL_* variables; an error when a flag set on the command line has one too. */
export function applyEnvironment(args: ParsedArgs, env: Readonly<Record<string, string>>): string | undefined {
  for (const spec of GLOBAL_FLAGS) {
    const variable = `ETCDCTL_${spec.name.toUpperCase().replace(/-/g, "_")}`;
    const value = env[variable];
    if (value === undefined || value === "") continue;
    if (args.given.has(spec.name)) {
      return `conflicting environment variable "${variable}" is shadowed by corresponding command-line flag (either unset environment variable or disable flag)`;
    }
    args.values.set(spec.name, value);
  }
  return undefined;
}

export function flag(args: ParsedArgs, name: string, fallback = ""): string {
  return args.values.get(name) ?? [...GLOBAL_FLAGS].find((s) => s.name === name)?.default ?? fallback;
}

export function boolFlag(args: ParsedArgs, name: string): boolean {
  const value = args.values.get(name);
  return value === "true" || value === "1";
}
