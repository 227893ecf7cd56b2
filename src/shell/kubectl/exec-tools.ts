/**
 * The programs `kubectl exec` can run inside a pod's container, answered
 * from the model: the process environment (`env`, `printenv`), identity
 * (`hostname`, `pwd`, `whoami`, `id`), files through the container's layers
 * and volumes (`cat`, `ls`, `touch`, `mkdir`, `rm`, `echo ... > file`), and
 * `sh -c` scripts of them joined by `&&`, `||`, `;`, with `$VAR` expanded
 * from the container's environment. Messages are busybox's in busybox and
 * alpine, GNU coreutils' and dash's in the Debian-based images. Everything
 * else answers NOT_SIMULATED, and the verb says so.
 */
import { posix } from "node:path";
import type { CommandResult } from "../types.js";
import type { PodContainerFs, PodEntry } from "../../sim/kubelet/pod-container-fs.js";
import type { ProcessUser } from "../../sim/kubelet/security-context.js";
import { accountName } from "../../sim/catalog/users.js";

export const NOT_SIMULATED = Symbol("not simulated");
export type ToolResult = CommandResult | typeof NOT_SIMULATED;

export interface PodExecEnv {
  fs: PodContainerFs;
  env: readonly string[];
  hostname: string;
  workdir: string;
  dialect: "busybox" | "gnu";
  /** Programs in the image's PATH. */
  programs: ReadonlySet<string>;
  /** The container's main process, PID 1 (/proc/1/cmdline). */
  args: readonly string[];
  /** Who the process runs as (config.json's process.user); absent in a container started as root before kadet recorded it. */
  user?: ProcessUser | { username: string };
  /** The image's repository, whose /etc/passwd names the ids. */
  repository?: string;
}

const SHELLS = ["sh", "bash", "ash", "dash"];
/** Built into every shell, whether or not the image has a binary of that name. */
const SHELL_BUILTINS = new Set(["echo", "printf", "true", "false", "pwd", "cd", "export"]);

/**
 * Utilities every image with busybox or GNU coreutils has, though the
 * catalog lists only a subset of each image's programs: an image that has
 * `env` has these too.
 */
const COREUTILS = new Set(["printenv", "id", "whoami", "pwd", "hostname", "ls", "cat", "echo", "touch", "mkdir", "rm", "true", "false"]);

/** Whether the image has the program (in its PATH). */
export function hasProgram(programs: ReadonlySet<string>, name: string): boolean {
  return programs.has(name) || (programs.has("env") && COREUTILS.has(name));
}

export function baseName(program: string): string {
  return program.slice(program.lastIndexOf("/") + 1);
}

export async function runArgv(env: PodExecEnv, argv: readonly string[]): Promise<ToolResult> {
  const name = baseName(argv[0]!);
  if (SHELLS.includes(name) && argv[1] === "-c" && argv[2] !== undefined) return argv.length === 3 ? runScript(env, name, argv[2]) : NOT_SIMULATED;
  return runTool(env, name, argv.slice(1));
}

function variables(env: PodExecEnv): Map<string, string> {
  const vars = new Map<string, string>();
  for (const e of [...env.env, "HOME=/root"]) {
    const at = e.indexOf("=");
    if (!vars.has(e.slice(0, at))) vars.set(e.slice(0, at), e.slice(at + 1));
  }
  return vars;
}

/** Splits a script into words as sh does for the simple cases: quotes, `$VAR` expansion, `&&`, `||`, `;`, `>`/`>>`. */
function tokenize(script: string, vars: ReadonlyMap<string, string>): string[] | undefined {
  const out: string[] = [];
  let word = "";
  let inWord = false;
  const expand = (text: string, from: number): [string, number] | undefined => {
    // text[from] is "$".
    const braced = /^\$\{(\w+)\}/.exec(text.slice(from));
    const bare = /^\$(\w+)/.exec(text.slice(from));
    const m = braced ?? bare;
    if (!m) return undefined;
    return [vars.get(m[1]!) ?? "", from + m[0].length - 1];
  };
  for (let i = 0; i < script.length; i++) {
    const ch = script[i]!;
    if (ch === "'") {
      const end = script.indexOf("'", i + 1);
      if (end === -1) return undefined;
      word += script.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (ch === '"') {
      let j = i + 1;
      for (; j < script.length && script[j] !== '"'; j++) {
        if (script[j] === "$") {
          const e = expand(script, j);
          if (!e) return undefined;
          word += e[0];
          j = e[1];
        } else if (script[j] === "\\" || script[j] === "`") return undefined;
        else word += script[j];
      }
      if (j >= script.length) return undefined;
      inWord = true;
      i = j;
    } else if (ch === "$") {
      const e = expand(script, i);
      if (!e) return undefined;
      word += e[0];
      inWord = true;
      i = e[1];
    } else if (/\s/.test(ch)) {
      if (inWord) out.push(word);
      word = "";
      inWord = false;
    } else if (ch === ";" || ch === "&" || ch === ">" || ch === "|") {
      if (inWord) out.push(word);
      word = "";
      inWord = false;
      const two = script.slice(i, i + 2);
      if (two === "&&" || two === ">>" || two === "||") {
        out.push(two);
        i++;
      } else if (ch === "&" || ch === "|") return undefined;
      else out.push(ch);
    } else if (ch === "`" || ch === "<" || ch === "(" || ch === "*" || ch === "\\" || ch === "?") {
      return undefined;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (inWord) out.push(word);
  return out;
}

/** `sh -c SCRIPT`: simple commands joined by `&&`, `||` and `;`, each with an optional `> file` / `>> file`. */
async function runScript(env: PodExecEnv, shell: string, script: string): Promise<ToolResult> {
  const tokens = tokenize(script, variables(env));
  if (!tokens) return NOT_SIMULATED;
  let stdout = "";
  let stderr = "";
  let exitCode = 0;
  let i = 0;
  let op: string | undefined;
  const busybox = env.dialect === "busybox";
  while (i < tokens.length) {
    const words: string[] = [];
    let redirect: { append: boolean; path: string } | undefined;
    for (; i < tokens.length && !["&&", "||", ";"].includes(tokens[i]!); i++) {
      const t = tokens[i]!;
      if (t === ">" || t === ">>") {
        const path = tokens[++i];
        if (path === undefined || ["&&", "||", ";", ">", ">>"].includes(path)) return NOT_SIMULATED;
        redirect = { append: t === ">>", path };
      } else words.push(t);
    }
    const next = tokens[i];
    i++;
    const skip = (op === "&&" && exitCode !== 0) || (op === "||" && exitCode === 0);
    op = next;
    if (skip || words.length === 0) continue;
    const name = baseName(words[0]!);
    if (!hasProgram(env.programs, name) && !SHELL_BUILTINS.has(name)) {
      stderr += busybox ? `${shell}: ${words[0]}: not found\n` : `${shell}: 1: ${words[0]}: not found\n`;
      exitCode = 127;
      continue;
    }
    const result = await runTool(env, name, words.slice(1));
    if (result === NOT_SIMULATED) return NOT_SIMULATED;
    stderr += result.stderr;
    exitCode = result.exitCode;
    if (!redirect) {
      stdout += result.stdout;
      continue;
    }
    const path = posix.resolve(env.workdir, redirect.path);
    const cannot = (why: string) => (busybox ? `${shell}: can't create ${redirect!.path}: ${why}\n` : `${shell}: 1: cannot create ${redirect!.path}: ${why}\n`);
    const parent = env.fs.entry(posix.dirname(path));
    if (parent?.type === "unsupported") return NOT_SIMULATED;
    if (parent?.type !== "dir") {
      if (!env.fs.knows(posix.dirname(path))) return NOT_SIMULATED;
      stderr += cannot(busybox ? "nonexistent directory" : "Directory nonexistent");
      exitCode = busybox ? 1 : 2;
      continue;
    }
    const before = redirect.append ? env.fs.entry(path) : undefined;
    const written = env.fs.writeFile(path, (before?.type === "file" ? before.content : "") + result.stdout);
    if (!written.ok) {
      if (written.error.startsWith("kadet:")) return NOT_SIMULATED;
      stderr += cannot(written.error);
      exitCode = busybox ? 1 : 2;
    }
  }
  return { stdout, stderr, exitCode };
}

/**
 * Files the kernel and the kubelet make for the container, not its image:
 * the hostname (the pod's), PID 1's command line, and /etc/hostname, which
 * the kubelet writes and mounts.
 */
function kernelFile(env: PodExecEnv, abs: string): string | undefined {
  if (abs === "/etc/hostname" || abs === "/proc/sys/kernel/hostname") return `${env.hostname}\n`;
  if (abs === "/proc/1/cmdline") return env.args.map((w) => `${w}\0`).join("");
  return undefined;
}

async function runTool(env: PodExecEnv, name: string, args: string[]): Promise<ToolResult> {
  const { fs, dialect } = env;
  const busybox = dialect === "busybox";
  const at = (p: string) => posix.resolve(env.workdir, p);
  const done = (stdout: string, stderr = "", exitCode = stderr ? 1 : 0): CommandResult => ({ stdout, stderr, exitCode });
  const vars = variables(env);
  switch (name) {
    case "true":
      return done("");
    case "false":
      return done("", "", 1);
    case "env":
      if (args.length) return NOT_SIMULATED;
      return done([...env.env, ...(env.env.some((e) => e.startsWith("HOME=")) ? [] : ["HOME=/root"])].map((e) => `${e}\n`).join(""));
    case "printenv": {
      if (args.some((a) => a.startsWith("-"))) return NOT_SIMULATED;
      if (args.length === 0) return runTool(env, "env", []);
      const found = args.filter((a) => vars.has(a));
      // printenv exits 1 when any named variable is unset, printing the others.
      return { stdout: found.map((a) => `${vars.get(a)}\n`).join(""), stderr: "", exitCode: found.length === args.length ? 0 : 1 };
    }
    case "echo":
      if (args[0]?.startsWith("-")) return NOT_SIMULATED;
      return done(`${args.join(" ")}\n`);
    case "hostname":
      return args.length ? NOT_SIMULATED : done(`${env.hostname}\n`);
    case "pwd":
      return done(`${env.workdir}\n`);
    case "whoami":
      return args.length ? NOT_SIMULATED : whoami(env);
    case "id":
      return args.length ? NOT_SIMULATED : id(env);
    case "cat": {
      if (args.length === 0 || args.some((a) => a.startsWith("-"))) return NOT_SIMULATED;
      let stdout = "";
      let stderr = "";
      for (const path of args) {
        const abs = at(path);
        const virtual = kernelFile(env, abs);
        const e: PodEntry = virtual !== undefined ? { type: "file", content: virtual } : fs.entry(abs);
        if (e?.type === "unsupported") return NOT_SIMULATED;
        if (e?.type === "file") stdout += e.content;
        else if (e?.type === "dir") stderr += busybox ? "cat: read error: Is a directory\n" : `cat: ${path}: Is a directory\n`;
        else if (!fs.knows(abs)) return NOT_SIMULATED;
        else stderr += busybox ? `cat: can't open '${path}': No such file or directory\n` : `cat: ${path}: No such file or directory\n`;
      }
      return done(stdout, stderr);
    }
    case "ls":
      return list(env, args);
    case "touch":
    case "mkdir":
    case "rm":
      return changeFiles(env, name, args);
    case "nslookup":
    case "wget":
    case "curl":
    case "ping":
      return NOT_SIMULATED;
    default:
      return NOT_SIMULATED;
  }
}

const ROOT_USER: ProcessUser = { uid: 0, gid: 0, additionalGids: [0] };

/** `whoami`: the user's name from the image's /etc/passwd; an id it lacks fails in busybox's or GNU's words. */
function whoami(env: PodExecEnv): ToolResult {
  const user = env.user ?? ROOT_USER;
  if ("username" in user) return NOT_SIMULATED;
  const name = accountName(env.repository, user.uid, "user");
  if (name === undefined) return NOT_SIMULATED;
  if (name !== null) return { stdout: `${name}\n`, stderr: "", exitCode: 0 };
  const why = env.dialect === "busybox" ? `whoami: unknown uid ${user.uid}\n` : `whoami: cannot find name for user ID ${user.uid}\n`;
  return { stdout: "", stderr: why, exitCode: 1 };
}

/**
 * `id`: uid, gid and the supplementary groups, each with its name where the
 * image has one. The kernel keeps the groups sorted (setgroups); busybox
 * prints them as they are, GNU id prints the primary group first.
 */
function id(env: PodExecEnv): ToolResult {
  const user = env.user ?? ROOT_USER;
  if ("username" in user) return NOT_SIMULATED;
  const named = (value: number, kind: "user" | "group"): string | undefined => {
    const name = accountName(env.repository, value, kind);
    return name === undefined ? undefined : name === null ? String(value) : `${value}(${name})`;
  };
  const sorted = [...new Set(user.additionalGids)].sort((a, b) => a - b);
  const groups = env.dialect === "busybox" ? sorted : [user.gid, ...sorted.filter((g) => g !== user.gid)];
  const parts = [named(user.uid, "user"), named(user.gid, "group"), ...groups.map((g) => named(g, "group"))];
  if (parts.some((p) => p === undefined)) return NOT_SIMULATED;
  const [uid, gid, ...rest] = parts as string[];
  return { stdout: `uid=${uid} gid=${gid}${rest.length ? ` groups=${rest.join(",")}` : ""}\n`, stderr: "", exitCode: 0 };
}

/** `ls [-a|-A|-1] [PATH...]`, one name a line (kubectl exec without -t gives ls no terminal). */
function list(env: PodExecEnv, args: string[]): ToolResult {
  const busybox = env.dialect === "busybox";
  const flags = args.filter((a) => a.startsWith("-") && a !== "-");
  const operands = args.filter((a) => !flags.includes(a));
  if (flags.some((f) => !/^-[aA1]+$/.test(f))) return NOT_SIMULATED;
  const all = flags.some((f) => f.includes("a"));
  const almostAll = flags.some((f) => f.includes("A"));
  const paths = operands.length ? operands : ["."];
  let stdout = "";
  let stderr = "";
  let exitCode = 0;
  const blocks: string[] = [];
  for (const path of paths) {
    const abs = posix.resolve(env.workdir, path);
    const e = env.fs.entry(abs);
    if (e?.type === "unsupported") return NOT_SIMULATED;
    if (e === undefined) {
      if (!env.fs.knows(abs)) return NOT_SIMULATED;
      stderr += busybox ? `ls: ${path}: No such file or directory\n` : `ls: cannot access '${path}': No such file or directory\n`;
      exitCode = busybox ? 1 : 2;
      continue;
    }
    if (e.type === "file") {
      blocks.push(`${path}\n`);
      continue;
    }
    if (!env.fs.knowsFolder(abs)) return NOT_SIMULATED;
    const names = env.fs.names(abs, all || almostAll);
    const shown = all ? [".", "..", ...names] : names;
    const body = shown.map((n) => `${n}\n`).join("");
    blocks.push(paths.length > 1 ? `${path}:\n${body}` : body);
  }
  stdout = blocks.join(paths.length > 1 ? "\n" : "");
  return { stdout, stderr, exitCode };
}

async function changeFiles(env: PodExecEnv, name: "touch" | "mkdir" | "rm", args: string[]): Promise<ToolResult> {
  const { fs, dialect } = env;
  const busybox = dialect === "busybox";
  const flags = args.filter((a) => a.startsWith("-"));
  const operands = args.filter((a) => !a.startsWith("-"));
  const parents = flags.some((f) => f.includes("p"));
  const force = flags.some((f) => f.includes("f"));
  const recursive = flags.some((f) => /[rR]/.test(f));
  if (operands.length === 0 || flags.some((f) => !/^-[pfrR]+$/.test(f))) return NOT_SIMULATED;
  let stderr = "";
  const fail = (path: string, why: string) => {
    if (name === "touch") stderr += busybox ? `touch: ${path}: ${why}\n` : `touch: cannot touch '${path}': ${why}\n`;
    else if (name === "mkdir") stderr += busybox ? `mkdir: can't create directory '${path}': ${why}\n` : `mkdir: cannot create directory '${path}': ${why}\n`;
    else stderr += busybox ? `rm: can't remove '${path}': ${why}\n` : `rm: cannot remove '${path}': ${why}\n`;
  };
  for (const operand of operands) {
    const abs = posix.resolve(env.workdir, operand);
    const existing = fs.entry(abs);
    if (existing?.type === "unsupported") return NOT_SIMULATED;
    if (name === "rm") {
      if (existing === undefined) {
        if (!fs.knows(abs)) return NOT_SIMULATED;
        if (!force) fail(operand, "No such file or directory");
        continue;
      }
      if (existing.type === "dir" && !recursive) {
        stderr += busybox ? `rm: '${operand}' is a directory\n` : `rm: cannot remove '${operand}': Is a directory\n`;
        continue;
      }
      const removed = fs.remove(abs);
      if (!removed.ok) {
        if (removed.error.startsWith("kadet:")) return NOT_SIMULATED;
        fail(operand, removed.error);
      }
      continue;
    }
    if (name === "touch" && existing?.type === "file") {
      const touched = fs.writeFile(abs, existing.content);
      if (!touched.ok && touched.error.startsWith("kadet:")) return NOT_SIMULATED;
      if (!touched.ok) fail(operand, touched.error);
      continue;
    }
    if (name === "mkdir" && existing !== undefined) {
      if (!parents) fail(operand, "File exists");
      continue;
    }
    const parent = fs.entry(posix.dirname(abs));
    if (parent?.type !== "dir") {
      if (name === "mkdir" && parents) {
        const made = fs.mkdir(abs);
        if (!made.ok && made.error.startsWith("kadet:")) return NOT_SIMULATED;
        if (!made.ok) fail(operand, made.error);
        continue;
      }
      if (!fs.knows(posix.dirname(abs))) return NOT_SIMULATED;
      fail(operand, "No such file or directory");
      continue;
    }
    const made = name === "mkdir" ? fs.mkdir(abs) : fs.writeFile(abs, "");
    if (!made.ok) {
      if (made.error.startsWith("kadet:")) return NOT_SIMULATED;
      fail(operand, made.error);
    }
  }
  return { stdout: "", stderr, exitCode: stderr ? 1 : 0 };
}
