/**
 * A container's `sh -c SCRIPT`, run as far as a process model needs: what it
 * prints and when, the files it writes, how long it runs and its exit code.
 * The busybox/POSIX sh subset learners write in pod specs and `docker run`:
 * variables ($X, ${X}, ${X:-d}, $?), quotes, `;` `&&` `||` newlines, `>`/`>>`,
 * `while true; do ...; done`, and the commands echo, printf, sleep (GNU/busybox
 * suffixes), exit, true, false, :, env, cat, touch, rm, ls. A program the
 * image lacks is `sh: NAME: not found` with status 127 (POSIX 2.8.2); other
 * programs of the image run without output (kadet does not model them).
 */
import type { ProcessBehaviour } from "../catalog/images.js";
import { parseSleep } from "./sleep.js";

export interface ScriptContext {
  env: readonly string[];
  /** Programs in the image's PATH. */
  programs: readonly string[];
  /** Files of the image (path without leading slash → content). */
  files: ReadonlyMap<string, string>;
}

type Token = { op: string } | { word: string };

/** Splits a script into words and operators, expanding variables outside single quotes. */
function tokenize(script: string, vars: (name: string) => string): Token[] {
  const out: Token[] = [];
  let word: string | undefined;
  const push = () => {
    if (word !== undefined) out.push({ word });
    word = undefined;
  };
  for (let i = 0; i < script.length; i++) {
    const ch = script[i]!;
    const two = script.slice(i, i + 2);
    if (ch === "'" ) {
      const end = script.indexOf("'", i + 1);
      word = (word ?? "") + script.slice(i + 1, end < 0 ? script.length : end);
      i = end < 0 ? script.length : end;
    } else if (ch === '"') {
      let j = i + 1;
      let text = "";
      for (; j < script.length && script[j] !== '"'; j++) {
        if (script[j] === "\\" && '"\\$`'.includes(script[j + 1] ?? "")) text += script[++j];
        else if (script[j] === "$") {
          const [value, used] = expandAt(script, j, vars);
          text += value;
          j += used - 1;
        } else text += script[j];
      }
      word = (word ?? "") + text;
      i = j;
    } else if (ch === "\\") {
      word = (word ?? "") + (script[i + 1] ?? "");
      i++;
    } else if (ch === "$") {
      const [value, used] = expandAt(script, i, vars);
      word = (word ?? "") + value;
      i += used - 1;
    } else if (two === "&&" || two === "||" || two === ">>") {
      push();
      out.push({ op: two });
      i++;
    } else if (ch === ";" || ch === "\n" || ch === ">" || ch === "|" || ch === "&") {
      push();
      out.push({ op: ch === "\n" ? ";" : ch });
    } else if (ch === " " || ch === "\t") push();
    else if (ch === "#" && word === undefined) {
      while (i < script.length && script[i] !== "\n") i++;
      i--;
    } else word = (word ?? "") + ch;
  }
  push();
  return out;
}

/** `$NAME`, `${NAME}`, `${NAME:-default}`, `$?`: the value and how many characters it used. */
function expandAt(script: string, at: number, vars: (name: string) => string): [string, number] {
  const rest = script.slice(at + 1);
  const braced = /^\{(\w+)(?::?-([^}]*))?\}/.exec(rest);
  if (braced) {
    const value = vars(braced[1]!);
    return [value === "" && braced[2] !== undefined ? braced[2] : value, braced[0].length + 1];
  }
  const plain = /^(\w+|\?)/.exec(rest);
  if (plain) return [vars(plain[1]!), plain[0].length + 1];
  return ["$", 1];
}

interface Run {
  seconds: number;
  status: number;
  start: string[];
  later: { afterSeconds: number; line: string }[];
  writes: { afterSeconds: number; path: string; content?: string }[];
  files: Map<string, string>;
  /** Set when the script stops: by `exit`, or by running forever. */
  stop?: "exit" | "forever";
}

const basename = (p: string) => p.slice(p.lastIndexOf("/") + 1);
const normalPath = (p: string) => p.replace(/^\/+/, "");

/** A line of output at the script's current time. */
function print(run: Run, line: string): void {
  if (run.seconds === 0) run.start.push(line);
  else run.later.push({ afterSeconds: run.seconds, line });
}

const STATUS = "\u0000";

/** Runs one simple command (words, with an optional redirection) and sets the status. */
function command(run: Run, marked: string[], redirect: { path: string; append: boolean } | undefined, ctx: ScriptContext, env: Map<string, string>): void {
  const words = marked.map((w) => w.replaceAll(STATUS, String(run.status)));
  const name = basename(words[0]!);
  const output: string[] = [];
  let status = 0;
  switch (name) {
    case "echo": {
      const noNewline = words[1] === "-n";
      output.push(words.slice(noNewline ? 2 : 1).join(" "));
      break;
    }
    case "printf":
      output.push(...printf(words.slice(1)).split("\n").filter((l, i, all) => i < all.length - 1 || l !== ""));
      break;
    case "sleep": {
      const seconds = parseSleep(words.slice(1));
      if (!seconds.ok) {
        output.push(seconds.error);
        status = 1;
        break;
      }
      if (seconds.seconds === Infinity) {
        run.stop = "forever";
        return;
      }
      run.seconds += seconds.seconds;
      break;
    }
    case "exit":
      run.status = words[1] === undefined ? run.status : (Number.parseInt(words[1], 10) & 255) || 0;
      run.stop = "exit";
      return;
    case "true":
    case ":":
      break;
    case "false":
      status = 1;
      break;
    case "env":
      output.push(...[...env].map(([k, v]) => `${k}=${v}`));
      break;
    case "touch":
      for (const f of words.slice(1)) write(run, f, run.files.get(normalPath(f)) ?? "");
      break;
    case "rm":
      for (const f of words.slice(1).filter((w) => !w.startsWith("-"))) {
        if (!run.files.has(normalPath(f)) && !words.includes("-f") && !words.includes("-rf")) {
          output.push(`rm: can't remove '${f}': No such file or directory`);
          status = 1;
        } else write(run, f, undefined);
      }
      break;
    case "cat":
      for (const f of words.slice(1)) {
        const content = run.files.get(normalPath(f));
        if (content === undefined) {
          output.push(`cat: can't open '${f}': No such file or directory`);
          status = 1;
        } else output.push(...content.replace(/\n$/, "").split("\n"));
      }
      break;
    case "ls": {
      const paths = words.slice(1).filter((w) => !w.startsWith("-"));
      for (const p of paths) {
        const key = normalPath(p);
        const known = key === "" || run.files.has(key) || [...run.files.keys()].some((f) => f.startsWith(`${key}/`)) || STANDARD_DIRS.includes(key);
        if (!known) {
          output.push(`ls: ${p}: No such file or directory`);
          status = 1;
        }
      }
      break;
    }
    default:
      if (!ctx.programs.includes(name) && !run.files.has(normalPath(words[0]!))) {
        // POSIX 2.8.2: a command not found gives 127; busybox ash words it "sh: NAME: not found".
        output.push(`sh: ${words[0]}: not found`);
        status = 127;
      }
  }
  run.status = status;
  if (redirect && status === 0) {
    const before = redirect.append ? (run.files.get(normalPath(redirect.path)) ?? "") : "";
    write(run, redirect.path, before + output.map((l) => `${l}\n`).join(""));
  } else for (const line of output) print(run, line);
}

/** Folders every image has; `ls` of them succeeds (their listing is not modelled). */
const STANDARD_DIRS = ["bin", "dev", "etc", "home", "lib", "proc", "root", "sys", "tmp", "usr", "var"];

function write(run: Run, path: string, content: string | undefined): void {
  const key = normalPath(path);
  if (content === undefined) run.files.delete(key);
  else run.files.set(key, content);
  run.writes.push({ afterSeconds: run.seconds, path: `/${key}`, ...(content !== undefined ? { content } : {}) });
}

/** printf FORMAT ARGS: %s and %d take the arguments in turn; \n and \t are escapes. */
function printf(args: string[]): string {
  const [format = "", ...rest] = args;
  let i = 0;
  return format.replace(/%[sd]|\\n|\\t|%%/g, (m) => (m === "\\n" ? "\n" : m === "\\t" ? "\t" : m === "%%" ? "%" : (rest[i++] ?? "")));
}

/** Splits tokens at `;` into and-or lists, and runs them until one stops the script. */
function runTokens(run: Run, tokens: Token[], ctx: ScriptContext, env: Map<string, string>): void {
  let words: string[] = [];
  let redirect: { path: string; append: boolean } | undefined;
  let skip = false;
  const flush = () => {
    if (words.length > 0 && !skip) command(run, words, redirect, ctx, env);
    words = [];
    redirect = undefined;
  };
  for (let i = 0; i < tokens.length && !run.stop; i++) {
    const t = tokens[i]!;
    if ("word" in t) words.push(t.word);
    else if (t.op === ">" || t.op === ">>") {
      const target = tokens[++i];
      if (target && "word" in target) redirect = { path: target.word, append: t.op === ">>" };
    } else {
      flush();
      // An and-or list: the next command runs on the status of the last one that ran (POSIX 2.9.3).
      skip = t.op === "&&" ? run.status !== 0 : t.op === "||" ? run.status === 0 : false;
    }
  }
  flush();
}

const LOOP = /while\s+(?:true|:)\s*;?\s*do\b(.*?);?\s*done/s;

/** What `sh -c SCRIPT` does in an image. */
export function scriptBehaviour(script: string, ctx: ScriptContext): ProcessBehaviour {
  const env = new Map(ctx.env.map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]));
  const run: Run = { seconds: 0, status: 0, start: [], later: [], writes: [], files: new Map(ctx.files) };
  // $? is read when its command runs, so it stays a marker until then.
  const vars = (name: string) => (name === "?" ? STATUS : (env.get(name) ?? ""));
  const loop = LOOP.exec(script);
  const before = loop ? script.slice(0, loop.index) : script;
  runTokens(run, tokenize(before, vars), ctx, env);
  const timeline = { ...(run.later.length ? { later: run.later } : {}), ...(run.writes.length ? { writes: run.writes } : {}) };
  if (run.stop === "exit") return { kind: "exits", afterSeconds: run.seconds, exitCode: run.status, logs: run.start, ignoresSigterm: run.seconds > 0, ...timeline };
  if (run.stop === "forever") return { kind: "runs", logs: run.start, ignoresSigterm: true, ...timeline };
  if (loop) {
    // The loop body's output repeats every time its sleeps add up to.
    const body: Run = { seconds: 0, status: 0, start: [], later: [], writes: [], files: new Map(run.files) };
    runTokens(body, tokenize(loop[1] ?? "", vars), ctx, env);
    const line = body.start[0];
    const every = body.seconds > 0 ? body.seconds : 1;
    return {
      kind: "runs",
      logs: run.start,
      ignoresSigterm: true,
      ...timeline,
      ...(line !== undefined ? { repeatLog: { line, everySeconds: every, ...(run.seconds > 0 ? { fromSeconds: run.seconds } : {}) } } : {}),
    };
  }
  // A shell as PID 1 has no SIGTERM handler either.
  return { kind: "exits", afterSeconds: run.seconds, exitCode: run.status, logs: run.start, ignoresSigterm: run.seconds > 0, ...timeline };
}
