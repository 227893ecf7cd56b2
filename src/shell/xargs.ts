/**
 * `xargs` as GNU findutils 4.9 has it, in place of just-bash's, which refuses
 * `-L`, `-i` and `-I{}`, splits `-I` input at blanks instead of lines, ignores
 * quotes in the input and passes a failing command's status through instead of
 * xargs' own 123/124/127. Commands run one after the other through the
 * interpreter (`-P` runs them in sequence too: a schedule a real xargs may also
 * pick, so their output is never interleaved).
 */
import { failure, type CommandResult } from "./types.js";

export interface XargsIo {
  stdin: string;
  /** Reads `-a FILE`; undefined when it cannot be read. */
  readFile(path: string): Promise<string | undefined>;
  /** Runs one command line, argv as given (no further word splitting). */
  exec(argv: string[]): Promise<CommandResult>;
}

interface Options {
  separator: "blank" | "null" | string;
  argFile?: string;
  eof?: string;
  replace?: string;
  maxLines?: number;
  maxArgs?: number;
  noRunIfEmpty: boolean;
  verbose: boolean;
}

const TRY_HELP = "Try 'xargs --help' for more information.";

/** Short options that take a value (`-n 1` or `-n1`), and those whose value is optional (`-i`, `-l`, `-e`). */
const WITH_VALUE = new Set(["a", "d", "E", "I", "L", "n", "P", "s"]);
const OPTIONAL_VALUE = new Set(["e", "i", "l"]);
const LONG: Record<string, { short: string; value: "required" | "optional" | "none" }> = {
  null: { short: "0", value: "none" },
  "arg-file": { short: "a", value: "required" },
  delimiter: { short: "d", value: "required" },
  eof: { short: "e", value: "optional" },
  replace: { short: "i", value: "optional" },
  "max-lines": { short: "l", value: "optional" },
  "max-args": { short: "n", value: "required" },
  "max-procs": { short: "P", value: "required" },
  "max-chars": { short: "s", value: "required" },
  "no-run-if-empty": { short: "r", value: "none" },
  verbose: { short: "t", value: "none" },
  exit: { short: "x", value: "none" },
  interactive: { short: "p", value: "none" },
  "open-tty": { short: "o", value: "none" },
};

export async function runXargs(args: string[], io: XargsIo): Promise<CommandResult> {
  const parsed = parseOptions(args);
  if ("error" in parsed) return parsed.error;
  const { options, command } = parsed;
  let input = io.stdin;
  if (options.argFile !== undefined) {
    const text = await io.readFile(options.argFile);
    if (text === undefined) return failure(`xargs: ${options.argFile}: No such file or directory`, 1);
    input = text;
  }
  const read = readItems(input, options);
  if ("error" in read) return failure(read.error, 1);
  const lines = read.lines;
  const initial = command.length > 0 ? command : ["echo"];
  const commands: string[][] = [];
  if (options.replace !== undefined) {
    const r = options.replace;
    for (const line of lines) commands.push([initial[0]!, ...initial.slice(1).map((arg) => arg.split(r).join(line.join(" ")))]);
  } else {
    const items = lines.flat();
    if (items.length === 0) {
      if (!options.noRunIfEmpty) commands.push(initial);
    } else if (options.maxLines !== undefined) {
      for (let i = 0; i < lines.length; i += options.maxLines) commands.push([...initial, ...lines.slice(i, i + options.maxLines).flat()]);
    } else if (options.maxArgs !== undefined) {
      for (let i = 0; i < items.length; i += options.maxArgs) commands.push([...initial, ...items.slice(i, i + options.maxArgs)]);
    } else commands.push([...initial, ...items]);
  }

  let stdout = "";
  let stderr = "";
  let status = 0;
  for (const argv of commands) {
    if (options.verbose) stderr += `${argv.map(shellQuote).join(" ")}\n`;
    const result = await io.exec(argv);
    stdout += result.stdout;
    if (result.exitCode === 127 && /command not found/.test(result.stderr)) {
      return { stdout, stderr: `${stderr}xargs: ${argv[0]}: No such file or directory\n`, exitCode: 127 };
    }
    stderr += result.stderr;
    if (result.exitCode === 255) return { stdout, stderr: `${stderr}xargs: ${argv[0]}: exited with status 255; aborting\n`, exitCode: 124 };
    if (result.exitCode === 126) return { stdout, stderr, exitCode: 126 };
    if (result.exitCode > 128) return { stdout, stderr, exitCode: 125 };
    if (result.exitCode !== 0) status = 123;
  }
  return { stdout, stderr, exitCode: status };
}

type Parsed = { options: Options; command: string[] } | { error: CommandResult };

function parseOptions(args: string[]): Parsed {
  const options: Options = { separator: "blank", noRunIfEmpty: false, verbose: false };
  let i = 0;
  const apply = (name: string, value: string | undefined): CommandResult | undefined => {
    switch (name) {
      case "0":
        options.separator = "null";
        return undefined;
      case "a":
        options.argFile = value;
        return undefined;
      case "d": {
        const delimiter = parseDelimiter(value!);
        if (delimiter === undefined) {
          return failure(`xargs: invalid input delimiter specification ${value}: the delimiter must be either a single character or an escape sequence starting with \\.`, 1);
        }
        options.separator = delimiter;
        return undefined;
      }
      case "E":
      case "e":
        options.eof = value === "" ? undefined : value;
        return undefined;
      case "I":
      case "i":
        options.replace = value ?? "{}";
        options.maxLines = undefined;
        options.maxArgs = undefined;
        return undefined;
      case "L":
      case "l":
      case "n":
      case "P":
      case "s": {
        const text = value ?? "1";
        const n = /^\d+$/.test(text) ? Number(text) : NaN;
        const option = name === "l" ? "-l" : `-${name}`;
        if (Number.isNaN(n)) return failure(`xargs: invalid number "${text}" for ${option} option\n${TRY_HELP}`, 1);
        if (n < 1 && name !== "P") return failure(`xargs: value ${text} for ${option} option should be >= 1\n${TRY_HELP}`, 1);
        if (name === "L" || name === "l") {
          options.maxLines = n;
          options.maxArgs = undefined;
          options.replace = undefined;
        } else if (name === "n") {
          options.maxArgs = n;
          options.maxLines = undefined;
        } else if (name === "s") return failure("kadet: 'xargs -s' is not simulated (kadet's xargs puts every argument on one command line)", 1);
        return undefined;
      }
      case "r":
        options.noRunIfEmpty = true;
        return undefined;
      case "t":
        options.verbose = true;
        return undefined;
      case "x":
        return undefined; // only matters with -s, which kadet does not take
      case "p":
      case "o":
        return failure(`kadet: 'xargs -${name}' is not simulated (it reads the terminal)`, 1);
      default:
        return failure(`xargs: invalid option -- '${name}'\n${TRY_HELP}`, 1);
    }
  };
  while (i < args.length) {
    const arg = args[i]!;
    if (arg === "--") {
      i++;
      break;
    }
    if (arg === "--help") return { error: { stdout: XARGS_HELP, stderr: "", exitCode: 0 } };
    if (arg === "--version") return { error: { stdout: "xargs (GNU findutils) 4.9.0\n", stderr: "", exitCode: 0 } };
    if (arg.startsWith("--")) {
      const [name, inline] = splitLong(arg.slice(2));
      const long = LONG[name];
      if (!long) return { error: failure(`xargs: unrecognized option '${arg}'\n${TRY_HELP}`, 1) };
      let value = inline;
      if (long.value === "required" && value === undefined) {
        value = args[++i];
        if (value === undefined) return { error: failure(`xargs: option '--${name}' requires an argument\n${TRY_HELP}`, 1) };
      }
      if (long.value === "none" && value !== undefined) return { error: failure(`xargs: option '--${name}' doesn't allow an argument\n${TRY_HELP}`, 1) };
      const error = apply(long.short, value);
      if (error) return { error };
      i++;
      continue;
    }
    if (!arg.startsWith("-") || arg === "-") break;
    for (let j = 1; j < arg.length; j++) {
      const name = arg[j]!;
      if (WITH_VALUE.has(name)) {
        let value = arg.slice(j + 1);
        if (value === "") {
          const next = args[++i];
          if (next === undefined) return { error: failure(`xargs: option requires an argument -- '${name}'\n${TRY_HELP}`, 1) };
          value = next;
        }
        const error = apply(name, value);
        if (error) return { error };
        break;
      }
      if (OPTIONAL_VALUE.has(name)) {
        const value = arg.slice(j + 1);
        const error = apply(name, value === "" ? undefined : value);
        if (error) return { error };
        break;
      }
      const error = apply(name, undefined);
      if (error) return { error };
    }
    i++;
  }
  return { options, command: args.slice(i) };
}

function splitLong(text: string): [string, string | undefined] {
  const eq = text.indexOf("=");
  return eq === -1 ? [text, undefined] : [text.slice(0, eq), text.slice(eq + 1)];
}

/** `-d`'s argument: one character or a C escape (`\n`, `\t`, `\0`, `\\`, `\x2c`, `\054`). */
function parseDelimiter(text: string): string | undefined {
  if (text.length === 1) return text;
  const escapes: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", "0": "\0" };
  if (text.length === 2 && text[0] === "\\" && escapes[text[1]!] !== undefined) return escapes[text[1]!];
  const hex = /^\\x([0-9a-fA-F]{1,2})$/.exec(text);
  if (hex) return String.fromCharCode(parseInt(hex[1]!, 16));
  const octal = /^\\([0-7]{1,3})$/.exec(text);
  if (octal) return String.fromCharCode(parseInt(octal[1]!, 8));
  return undefined;
}

interface Items {
  /** Input lines, each with its items (with -0/-d, each item is a line of its own). */
  lines: string[][];
}

function readItems(input: string, options: Options): Items | { error: string } {
  if (options.separator !== "blank") {
    const sep = options.separator === "null" ? "\0" : options.separator;
    const parts = input.split(sep);
    if (parts[parts.length - 1] === "") parts.pop();
    return { lines: parts.map((p) => [p]) };
  }
  const lines: string[][] = [];
  let items: string[] = [];
  let word = "";
  let inWord = false;
  let quote: "'" | '"' | undefined;
  let lineStart = true;
  const endWord = (): boolean => {
    if (inWord) {
      if (options.eof !== undefined && word === options.eof) return true;
      items.push(word);
    }
    word = "";
    inWord = false;
    return false;
  };
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === "\n") {
        const kind = quote === "'" ? "single" : "double";
        return { error: `xargs: unmatched ${kind} quote; by default quotes are special to xargs unless you use the -0 option` };
      } else word += ch;
      continue;
    }
    if (ch === "\n") {
      if (options.replace !== undefined) {
        // -I: the whole line is one item; blanks inside it are kept, leading ones are not.
        if (inWord) lines.push([word]);
        word = "";
        inWord = false;
        lineStart = true;
        continue;
      }
      if (endWord()) return { lines };
      // A line ending in a blank goes on to the next one (GNU xargs -L).
      const continued = i > 0 && (input[i - 1] === " " || input[i - 1] === "\t");
      if (!continued && items.length > 0) {
        lines.push(items);
        items = [];
      }
      lineStart = true;
      continue;
    }
    if (ch === " " || ch === "\t") {
      if (options.replace !== undefined) {
        if (!lineStart) {
          word += ch;
          inWord = true;
        }
        continue;
      }
      if (endWord()) return { lines };
      continue;
    }
    lineStart = false;
    if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === "\\" && i + 1 < input.length) {
      word += input[++i];
      inWord = true;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) {
    const kind = quote === "'" ? "single" : "double";
    return { error: `xargs: unmatched ${kind} quote; by default quotes are special to xargs unless you use the -0 option` };
  }
  if (options.replace !== undefined) {
    if (inWord) lines.push([word]);
  } else {
    if (endWord()) return { lines };
    if (items.length > 0) lines.push(items);
  }
  return { lines };
}

/** How `xargs -t` shows an argument: bare when it is safe, single-quoted otherwise (GNU's shell quoting). */
function shellQuote(arg: string): string {
  if (arg !== "" && /^[A-Za-z0-9_\-=.,/:@%+]+$/.test(arg)) return arg;
  return `'${arg.replaceAll("'", "'\\''")}'`;
}

/** `xargs --help` of GNU findutils 4.9.0, recorded. */
export const XARGS_HELP = "Usage: xargs [OPTION]... COMMAND [INITIAL-ARGS]...\nRun COMMAND with arguments INITIAL-ARGS and more arguments read from input.\n\nMandatory and optional arguments to long options are also\nmandatory or optional for the corresponding short option.\n  -0, --null                   items are separated by a null, not whitespace;\n                                 disables quote and backslash processing and\n                                 logical EOF processing\n  -a, --arg-file=FILE          read arguments from FILE, not standard input\n  -d, --delimiter=CHARACTER    items in input stream are separated by CHARACTER,\n                                 not by whitespace; disables quote and backslash\n                                 processing and logical EOF processing\n  -E END                       set logical EOF string; if END occurs as a line\n                                 of input, the rest of the input is ignored\n                                 (ignored if -0 or -d was specified)\n  -e, --eof[=END]              equivalent to -E END if END is specified;\n                                 otherwise, there is no end-of-file string\n  -I R                         same as --replace=R\n  -i, --replace[=R]            replace R in INITIAL-ARGS with names read\n                                 from standard input, split at newlines;\n                                 if R is unspecified, assume {}\n  -L, --max-lines=MAX-LINES    use at most MAX-LINES non-blank input lines per\n                                 command line\n  -l[MAX-LINES]                similar to -L but defaults to at most one non-\n                                 blank input line if MAX-LINES is not specified\n  -n, --max-args=MAX-ARGS      use at most MAX-ARGS arguments per command line\n  -o, --open-tty               Reopen stdin as /dev/tty in the child process\n                                 before executing the command; useful to run an\n                                 interactive application.\n  -P, --max-procs=MAX-PROCS    run at most MAX-PROCS processes at a time\n  -p, --interactive            prompt before running commands\n      --process-slot-var=VAR   set environment variable VAR in child processes\n  -r, --no-run-if-empty        if there are no arguments, then do not run COMMAND;\n                                 if this option is not given, COMMAND will be\n                                 run at least once\n  -s, --max-chars=MAX-CHARS    limit length of command line to MAX-CHARS\n      --show-limits            show limits on command-line length\n  -t, --verbose                print commands before executing them\n  -x, --exit                   exit if the size (see -s) is exceeded\n      --help                   display this help and exit\n      --version                output version information and exit\n\nPlease see also the documentation at https://www.gnu.org/software/findutils/.\nYou can report (and track progress on fixing) bugs in the \"xargs\"\nprogram via the GNU findutils bug-reporting page at\nhttps://savannah.gnu.org/bugs/?group=findutils or, if\nyou have no web access, by sending email to <bug-findutils@gnu.org>.\n";
