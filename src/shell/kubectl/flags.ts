/**
 * kubectl's command-line flags, parsed the way spf13/pflag (under cobra)
 * parses them: `--name=value`, `--name value`, `-n value`, `-nvalue`,
 * grouped short booleans (`-it`), flags anywhere among the arguments, `--`
 * ending them. Flag tables come from the options section of the help text
 * the real client prints, so names, shorthands and defaults match it.
 * Error texts are pflag's (flag.go: failf calls).
 */

export type FlagType = "bool" | "string" | "int" | "stringArray" | "stringSlice";

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  /** The default as the help text shows it ("false", "", "-1", "[]"). */
  defaultText: string;
  /** The value a flag takes when given without one (pflag NoOptDefVal), e.g. `--dry-run` → "unchanged". */
  noOptDefault?: string;
  /** For integer flags: pflag Int32 (32) or Int/Int64 (64). */
  bits?: 32 | 64;
}

export type FlagValue = boolean | string | number | string[];

export interface ParsedFlags {
  /** Flags the user set, by long name. */
  readonly set: ReadonlyMap<string, FlagValue>;
  /** Positional arguments, in order, including those after `--`. */
  readonly args: string[];
  /** Index in `args` where the arguments after `--` start (cobra ArgsLenAtDash), or -1. */
  readonly dashAt: number;
  readonly specs: ReadonlyMap<string, FlagSpec>;
}

export type ParseResult = { ok: true; flags: ParsedFlags } | { ok: false; error: string };

/** Per-verb adjustments the help text cannot show: slices split on commas, NoOptDefVal. */
export interface FlagOverrides {
  slices?: string[];
  /** Integer flags' bit sizes (int-flag-bits.ts); unlisted ones are 64-bit. */
  intBits?: Readonly<Record<string, 32 | 64>>;
  noOptDefaults?: Record<string, string>;
}

/**
 * Reads the flag table from a help text's option lines, such as
 * `    -o, --output='':` or `    --replicas=1:`.
 */
export function flagsFromHelp(help: string, overrides: FlagOverrides = {}): FlagSpec[] {
  const specs: FlagSpec[] = [];
  for (const line of help.split("\n")) {
    const m = line.match(/^ {4}(?:-(\w), )?--([\w-]+)=(.*):$/);
    if (!m) continue;
    const name = m[2]!;
    const raw = m[3]!;
    let type: FlagType;
    let defaultText: string;
    if (raw === "false" || raw === "true") [type, defaultText] = ["bool", raw];
    else if (raw.startsWith("[")) [type, defaultText] = [overrides.slices?.includes(name) ? "stringSlice" : "stringArray", raw];
    else if (/^-?\d+$/.test(raw)) [type, defaultText] = ["int", raw];
    else [type, defaultText] = ["string", raw.replace(/^'(.*)'$/, "$1")];
    const spec: FlagSpec = { name, type, defaultText };
    if (m[1]) spec.short = m[1];
    if (type === "int") spec.bits = overrides.intBits?.[name] ?? 64;
    const noOpt = overrides.noOptDefaults?.[name];
    if (noOpt !== undefined) spec.noOptDefault = noOpt;
    specs.push(spec);
  }
  return specs;
}

/** `-r, --replicas` or `--tail`, as pflag names a flag in "invalid argument" errors. */
function flagTitle(spec: FlagSpec): string {
  return spec.short ? `-${spec.short}, --${spec.name}` : `--${spec.name}`;
}

export function parseFlags(argv: readonly string[], specList: readonly FlagSpec[]): ParseResult {
  const byName = new Map<string, FlagSpec>();
  const byShort = new Map<string, FlagSpec>();
  for (const spec of specList) {
    byName.set(spec.name, spec);
    if (spec.short) byShort.set(spec.short, spec);
  }
  const set = new Map<string, FlagValue>();
  const args: string[] = [];
  let dashAt = -1;

  const assign = (spec: FlagSpec, value: string): string | undefined => {
    switch (spec.type) {
      case "bool": {
        const parsed = parseGoBool(value);
        if (parsed === undefined) return `invalid argument "${value}" for "${flagTitle(spec)}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`;
        set.set(spec.name, parsed);
        return undefined;
      }
      case "int": {
        const parsed = parseGoInt(value, spec.bits ?? 64);
        if (typeof parsed === "string") return `invalid argument "${value}" for "${flagTitle(spec)}" flag: strconv.ParseInt: parsing ${goQuote(value)}: ${parsed}`;
        set.set(spec.name, parsed);
        return undefined;
      }
      case "stringArray": {
        const prior = set.get(spec.name);
        set.set(spec.name, [...(Array.isArray(prior) ? prior : []), value]);
        return undefined;
      }
      case "stringSlice": {
        const prior = set.get(spec.name);
        set.set(spec.name, [...(Array.isArray(prior) ? prior : []), ...(value === "" ? [] : value.split(","))]);
        return undefined;
      }
      case "string":
        set.set(spec.name, value);
        return undefined;
    }
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      dashAt = args.length;
      args.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      const spec = byName.get(name);
      if (!spec) return { ok: false, error: `unknown flag: --${name}` };
      if (eq !== -1) {
        const error = assign(spec, arg.slice(eq + 1));
        if (error) return { ok: false, error };
      } else if (spec.type === "bool") {
        set.set(spec.name, true);
      } else if (spec.noOptDefault !== undefined) {
        assign(spec, spec.noOptDefault);
      } else if (i + 1 < argv.length) {
        const error = assign(spec, argv[++i]!);
        if (error) return { ok: false, error };
      } else {
        return { ok: false, error: `flag needs an argument: --${name}` };
      }
      continue;
    }
    if (arg.startsWith("-") && arg !== "-") {
      const shorts = arg.slice(1);
      for (let j = 0; j < shorts.length; j++) {
        const c = shorts[j]!;
        const spec = byShort.get(c);
        if (!spec) return { ok: false, error: `unknown shorthand flag: '${c}' in ${arg}` };
        const rest = shorts.slice(j + 1);
        if (rest.startsWith("=")) {
          const error = assign(spec, rest.slice(1));
          if (error) return { ok: false, error };
          break;
        }
        if (spec.type === "bool") {
          set.set(spec.name, true);
          continue;
        }
        if (spec.noOptDefault !== undefined && rest === "") {
          assign(spec, spec.noOptDefault);
          break;
        }
        if (rest !== "") {
          const error = assign(spec, rest);
          if (error) return { ok: false, error };
        } else if (i + 1 < argv.length) {
          const error = assign(spec, argv[++i]!);
          if (error) return { ok: false, error };
        } else {
          return { ok: false, error: `flag needs an argument: '${c}' in -${c}` };
        }
        break;
      }
      continue;
    }
    args.push(arg);
  }
  return { ok: true, flags: { set, args, dashAt, specs: byName } };
}

/** strconv.ParseBool. */
function parseGoBool(text: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(text)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(text)) return false;
  return undefined;
}

/** Typed reads of parsed flags, falling back to the help text's default. */
export class Flags {
  /** Every flag the verb asked about: a flag given but never asked about was ignored. */
  private readonly asked = new Set<string>();

  constructor(readonly parsed: ParsedFlags) {}

  /** Flags on the command line that nothing read (in the order given). */
  unread(): string[] {
    return [...this.parsed.set.keys()].filter((name) => !this.asked.has(name));
  }

  get args(): string[] {
    return this.parsed.args;
  }

  has(name: string): boolean {
    this.asked.add(name);
    return this.parsed.set.has(name);
  }

  string(name: string): string {
    this.asked.add(name);
    const v = this.parsed.set.get(name);
    if (typeof v === "string") return v;
    return this.parsed.specs.get(name)?.defaultText ?? "";
  }

  bool(name: string): boolean {
    this.asked.add(name);
    const v = this.parsed.set.get(name);
    if (typeof v === "boolean") return v;
    return this.parsed.specs.get(name)?.defaultText === "true";
  }

  int(name: string): number {
    this.asked.add(name);
    const v = this.parsed.set.get(name);
    if (typeof v === "number") return v;
    return Number(this.parsed.specs.get(name)?.defaultText ?? "0");
  }

  strings(name: string): string[] {
    this.asked.add(name);
    const v = this.parsed.set.get(name);
    return Array.isArray(v) ? v : [];
  }
}

/**
 * strconv.ParseInt(s, 0, bits), as pflag parses integer flags: an optional sign, then
 * ParseUint. Returns the value or Go's reason ("invalid syntax", "value out of range").
 */
export function parseGoInt(text: string, bits: 32 | 64): number | GoNumError {
  let s = text;
  let negative = false;
  if (s.startsWith("+") || s.startsWith("-")) {
    negative = s.startsWith("-");
    s = s.slice(1);
  }
  const magnitude = parseGoUint(s, bits);
  if (typeof magnitude === "string") return magnitude;
  const cutoff = 1n << BigInt(bits - 1);
  if (negative ? magnitude > cutoff : magnitude >= cutoff) return "value out of range";
  return Number(negative ? -magnitude : magnitude);
}

type GoNumError = "invalid syntax" | "value out of range";

/**
 * strconv.ParseUint(s, 0, bits), step for step: a `0x`/`0o`/`0b` prefix (only with a digit
 * after it), a leading `0` for octal, else decimal. Digits are read one by one and the
 * first that overflows `bits` unsigned bits is a range error at once, before any later bad
 * character; misplaced underscores are judged only after the whole string was read.
 */
function parseGoUint(s: string, bits: 32 | 64): bigint | GoNumError {
  if (s === "") return "invalid syntax";
  let base = 10n;
  let digits = s;
  if (s[0] === "0") {
    const prefix = s.length >= 3 ? s[1]!.toLowerCase() : "";
    if (prefix === "b") [base, digits] = [2n, s.slice(2)];
    else if (prefix === "o") [base, digits] = [8n, s.slice(2)];
    else if (prefix === "x") [base, digits] = [16n, s.slice(2)];
    else [base, digits] = [8n, s.slice(1)];
  }
  const maxVal = (1n << BigInt(bits)) - 1n;
  let n = 0n;
  let underscores = false;
  for (const c of digits) {
    if (c === "_") {
      underscores = true;
      continue;
    }
    const lower = c.toLowerCase();
    let d: bigint;
    if (c >= "0" && c <= "9") d = BigInt(c.charCodeAt(0) - 48);
    else if (lower >= "a" && lower <= "z") d = BigInt(lower.charCodeAt(0) - 97 + 10);
    else return "invalid syntax";
    if (d >= base) return "invalid syntax";
    n = n * base + d;
    if (n > maxVal) return "value out of range";
  }
  if (underscores && !underscoreOK(s)) return "invalid syntax";
  return n;
}

/**
 * strconv's underscoreOK (base 0): an underscore must follow a digit or the base prefix and be
 * followed by a digit.
 */
function underscoreOK(s: string): boolean {
  let saw: "^" | "0" | "_" | "!" = "^";
  let i = 0;
  let hex = false;
  if (/^0[bBoOxX]/.test(s)) {
    i = 2;
    saw = "0";
    hex = /^0[xX]/.test(s);
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (/[0-9]/.test(c) || (hex && /[a-fA-F]/.test(c))) {
      saw = "0";
      continue;
    }
    if (c === "_") {
      if (saw !== "0") return false;
      saw = "_";
      continue;
    }
    if (saw === "_") return false;
    saw = "!";
  }
  return saw !== "_";
}

/** strconv.Quote for the texts flags get (printable ASCII unchanged). */
function goQuote(value: string): string {
  return JSON.stringify(value);
}
