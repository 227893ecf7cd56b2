/**
 * `docker exec CONTAINER CMD`: a second process in a running container, for
 * the commands the model can answer from the container's own data: files
 * (`cat`, `ls`, `touch`, `mkdir`, `rm`, `echo ... > file`, through the
 * container's layers and mounts), its identity (`env`, `hostname`, `id`,
 * `whoami`, `pwd`) and its network (`wget`, `curl`, `ping`, by Docker's
 * reachability rules). `sh -c 'A && B; C > file'` runs such commands in
 * order. Messages are busybox's in busybox and alpine, GNU's elsewhere
 * (the Debian-based official images). Anything else, and interactive shells
 * (`-it sh`), say they are not simulated.
 */
import { posix } from "node:path";
import { failure, type CommandResult } from "../types.js";
import { catalogProfile, type DockerContainer } from "../../sim/docker/containers.js";
import { imageFiles } from "../../sim/docker/image.js";
import { normalisePath } from "../../sim/docker/container-fs.js";
import { defineCommand, type DockerContext } from "./command.js";
import { ContainerFiles } from "./container-files.js";
import { connect, httpGet, parseUrl, resolveFrom } from "./container-net.js";

const NOT_SIMULATED = Symbol("not simulated");
type ToolResult = CommandResult | typeof NOT_SIMULATED;

/** busybox's applets (busybox, alpine) or GNU coreutils and dash (Debian-based images). */
type Dialect = "busybox" | "gnu";

interface ExecEnv {
  ctx: DockerContext;
  c: DockerContainer;
  files: ContainerFiles;
  workdir: string;
  dialect: Dialect;
  programs: ReadonlySet<string>;
}

export const execCommand = defineCommand({
  paths: [["container", "exec"], ["exec"]],
  args: { min: 2 },
  interspersed: false,
  simulated: ["interactive", "tty", "env", "workdir"],
  async execute(ctx): Promise<CommandResult> {
    const [ref, ...argv] = ctx.args as [string, string, ...string[]];
    const container = ctx.daemon.containers.find(ref);
    if (!container) return failure(`Error response from daemon: No such container: ${ref}`);
    if (container.runtime.state.status !== "running") return failure(`Error response from daemon: container ${container.id} is not running`);
    const image = ctx.daemon.engine.images.get(container.imageId);
    const info = image ? catalogProfile(image) : undefined;
    const program = argv[0]!;
    const name = baseName(program);
    const built = image ? imageFiles(image) : new Map<string, string>();
    const programs = new Set(info?.programs ?? []);
    const known = programs.has(name) || built.has(program.replace(/^\//, ""));
    if (!known) return failure(`OCI runtime exec failed: exec failed: unable to start container process: exec: "${program}": executable file not found in $PATH: unknown`, 127);
    if ((ctx.flags.bool("interactive") || ctx.flags.bool("tty")) && ["sh", "bash", "ash"].includes(name) && argv.length === 1) {
      return failure(`kadet: an interactive shell inside a container ('docker exec -it ${ref} ${program}') is not simulated yet; run one command at a time (docker exec ${ref} CMD ...)`);
    }
    const answer = await runArgv(execEnv(ctx, container, programs, ctx.flags.string("workdir")), argv);
    if (answer === NOT_SIMULATED) return failure(`kadet: 'docker exec ${ref} ${argv.join(" ")}' is not simulated yet (kadet answers env, cat, ls, echo, touch, mkdir, rm, hostname, id, whoami, pwd, wget -qO-, curl, ping -c, and sh -c scripts of them)`);
    return answer;
  },
});

function execEnv(ctx: DockerContext, container: DockerContainer, programs: ReadonlySet<string>, workdir: string): ExecEnv {
  return {
    ctx,
    c: container,
    files: new ContainerFiles(ctx.daemon, container, ctx.family),
    workdir: workdir || container.workingDir || "/",
    dialect: /\/(busybox|alpine)$/.test(container.catalogRepository ?? "") ? "busybox" : "gnu",
    programs,
  };
}

async function runArgv(env: ExecEnv, argv: readonly string[]): Promise<ToolResult> {
  const name = baseName(argv[0]!);
  if (["sh", "bash", "ash", "dash"].includes(name) && argv[1] === "-c" && argv[2] !== undefined) return argv.length === 3 ? runScript(env, name, argv[2]) : NOT_SIMULATED;
  return runTool(env, name, argv.slice(1));
}

/** Programs whose effect reaches beyond the process's own output: files through mounts, the network. */
const EFFECTFUL = /(^|[\s;&|])(touch|mkdir|rm|wget|curl|ping|cat|ls)(\s|$)|>/;

/**
 * `docker run IMAGE CMD` whose command writes files or talks to the network
 * (`sh -c 'echo hi > /data/x'`, `wget -qO- http://web`): run it now, inside
 * the started container, as `exec` would, and return what it printed and
 * its exit code, so the daemon records them as the main process's own.
 * Undefined when the process model answers it instead (a server, `sleep`,
 * `$VAR` expansion).
 */
export async function runMainProcess(ctx: DockerContext, container: DockerContainer): Promise<CommandResult | undefined> {
  const argv = [container.path, ...container.args];
  const name = baseName(argv[0]!);
  const script = ["sh", "bash", "ash", "dash"].includes(name) && argv[1] === "-c" ? argv[2] ?? "" : argv.join(" ");
  if (!EFFECTFUL.test(script)) return undefined;
  const image = ctx.daemon.engine.images.get(container.imageId);
  const info = image ? catalogProfile(image) : undefined;
  if (!info) return undefined;
  const answer = await runArgv(execEnv(ctx, container, new Set(info.programs), ""), argv);
  return answer === NOT_SIMULATED ? undefined : answer;
}

function baseName(program: string): string {
  return program.slice(program.lastIndexOf("/") + 1);
}

/** Splits a script into words as sh does for the simple cases: quotes, `&&`, `;`, `>`/`>>`. */
function tokenize(script: string): string[] | undefined {
  const out: string[] = [];
  let word = "";
  let inWord = false;
  for (let i = 0; i < script.length; i++) {
    const ch = script[i]!;
    if (ch === "'" || ch === '"') {
      const end = script.indexOf(ch, i + 1);
      if (end === -1) return undefined;
      word += script.slice(i + 1, end);
      inWord = true;
      i = end;
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
    } else if (ch === "$" || ch === "`" || ch === "<" || ch === "(" || ch === "*") {
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
async function runScript(env: ExecEnv, shell: string, script: string): Promise<ToolResult> {
  const tokens = tokenize(script);
  if (!tokens) return NOT_SIMULATED;
  let stdout = "";
  let stderr = "";
  let exitCode = 0;
  let i = 0;
  let op: string | undefined;
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
    if (!env.programs.has(name) && name !== "echo" && name !== "printf" && name !== "true" && name !== "false") {
      stderr += env.dialect === "busybox" ? `${shell}: ${words[0]}: not found\n` : `${shell}: 1: ${words[0]}: not found\n`;
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
    const path = normalisePath(redirect.path, env.workdir);
    const cannot = (why: string) => (env.dialect === "busybox" ? `${shell}: can't create ${redirect!.path}: ${why}\n` : `${shell}: 1: cannot create ${redirect!.path}: ${why}\n`);
    if (!(await env.files.parentExists(path))) {
      stderr += cannot(env.dialect === "busybox" ? "nonexistent directory" : "Directory nonexistent");
      exitCode = env.dialect === "busybox" ? 1 : 2;
      continue;
    }
    const before = redirect.append ? await env.files.entry(path) : undefined;
    const written = await env.files.writeFile(path, (before?.type === "file" ? before.content : "") + result.stdout);
    if (!written.ok) {
      stderr += cannot(written.error);
      exitCode = env.dialect === "busybox" ? 1 : 2;
    }
  }
  return { stdout, stderr, exitCode };
}

/** One program with its arguments. */
async function runTool(env: ExecEnv, name: string, args: string[]): Promise<ToolResult> {
  const { c, files, dialect } = env;
  const hostname = c.id.slice(0, 12);
  const at = (p: string) => normalisePath(p, env.workdir);
  const done = (stdout: string, stderr = "", exitCode = stderr ? 1 : 0): CommandResult => ({ stdout, stderr, exitCode });
  switch (name) {
    case "true":
      return done("");
    case "false":
      return done("", "", 1);
    case "env": {
      if (args.length) return NOT_SIMULATED;
      const extra = env.ctx.flags.strings("env");
      const all = [c.env[0]!, `HOSTNAME=${hostname}`, ...c.env.slice(1), ...extra, "HOME=/root"].filter((e) => e !== undefined);
      return done(all.map((e) => `${e}\n`).join(""));
    }
    case "echo":
      if (args[0]?.startsWith("-")) return NOT_SIMULATED;
      return done(`${args.join(" ")}\n`);
    case "hostname":
      return args.length ? NOT_SIMULATED : done(`${hostname}\n`);
    case "pwd":
      return done(`${env.workdir}\n`);
    case "whoami":
      return done(`${c.user === "" ? "root" : c.user.split(":")[0]}\n`);
    case "id":
      return c.user === "" || c.user === "root" || c.user === "0" ? done("uid=0(root) gid=0(root) groups=0(root)\n") : NOT_SIMULATED;
    case "cat": {
      if (args.length === 0 || args.some((a) => a.startsWith("-"))) return NOT_SIMULATED;
      let stdout = "";
      let stderr = "";
      for (const path of args) {
        const abs = at(path);
        const virtual = kernelFile(c, abs);
        const e = virtual !== undefined ? { type: "file" as const, content: virtual } : await files.entry(abs);
        if (e?.type === "file") stdout += e.content;
        else if (e?.type === "dir") stderr += dialect === "busybox" ? `cat: read error: Is a directory\n` : `cat: ${path}: Is a directory\n`;
        else if (!files.knows(abs)) return NOT_SIMULATED;
        else stderr += dialect === "busybox" ? `cat: can't open '${path}': No such file or directory\n` : `cat: ${path}: No such file or directory\n`;
      }
      return done(stdout, stderr);
    }
    case "ls": {
      if (args.length > 1 || args.some((a) => a.startsWith("-"))) return NOT_SIMULATED;
      const abs = at(args[0] ?? ".");
      const e = await files.entry(abs);
      if (e?.type === "file") return done(`${args[0]}\n`);
      if (e === undefined) {
        if (!files.knows(abs)) return NOT_SIMULATED;
        return done("", dialect === "busybox" ? `ls: ${args[0]}: No such file or directory\n` : `ls: cannot access '${args[0]}': No such file or directory\n`, dialect === "busybox" ? 1 : 2);
      }
      // The catalog images' own files are known only in part: listing a folder of the image itself would be a guess.
      if (!files.knowsFolder(abs)) return NOT_SIMULATED;
      const names = await files.names(abs);
      return done(names.map((n) => `${n}\n`).join(""));
    }
    case "touch":
    case "mkdir":
    case "rm":
      return changeFiles(env, name, args);
    case "wget":
      return wget(env, args);
    case "curl":
      return curl(env, args);
    case "ping":
      return ping(env, args);
    default:
      return NOT_SIMULATED;
  }
}

/**
 * Files the kernel and the runtime make for the container, not its image:
 * its hostname (the UTS namespace, the short ID), PID 1's command line (the
 * PID namespace: the main process is PID 1, NUL-separated argv), and its
 * cgroup v2 memory limit (its own cgroup namespace; "max" without -m).
 */
function kernelFile(c: DockerContainer, abs: string): string | undefined {
  if (abs === "/etc/hostname" || abs === "/proc/sys/kernel/hostname") return `${c.id.slice(0, 12)}\n`;
  if (abs === "/proc/1/cmdline") return [c.path, ...c.args].map((w) => `${w}\0`).join("");
  if (abs === "/sys/fs/cgroup/memory.max") return `${c.memoryBytes ? c.memoryBytes : "max"}\n`;
  return undefined;
}

async function changeFiles(env: ExecEnv, name: "touch" | "mkdir" | "rm", args: string[]): Promise<ToolResult> {
  const { files, dialect } = env;
  const flags = args.filter((a) => a.startsWith("-"));
  const operands = args.filter((a) => !a.startsWith("-"));
  const parents = flags.some((f) => f.includes("p"));
  const force = flags.some((f) => f.includes("f"));
  const recursive = flags.some((f) => /[rR]/.test(f));
  if (operands.length === 0 || flags.some((f) => !/^-[pfrR]+$/.test(f))) return NOT_SIMULATED;
  let stderr = "";
  const fail = (path: string, why: string) => {
    if (name === "touch") stderr += dialect === "busybox" ? `touch: ${path}: ${why}\n` : `touch: cannot touch '${path}': ${why}\n`;
    else if (name === "mkdir") stderr += dialect === "busybox" ? `mkdir: can't create directory '${path}': ${why}\n` : `mkdir: cannot create directory '${path}': ${why}\n`;
    else stderr += dialect === "busybox" ? `rm: can't remove '${path}': ${why}\n` : `rm: cannot remove '${path}': ${why}\n`;
  };
  for (const operand of operands) {
    const abs = normalisePath(operand, env.workdir);
    const existing = await files.entry(abs);
    if (name === "rm") {
      if (existing === undefined) {
        if (!files.knows(abs)) return NOT_SIMULATED;
        if (!force) fail(operand, "No such file or directory");
        continue;
      }
      if (existing.type === "dir" && !recursive) {
        stderr += dialect === "busybox" ? `rm: '${operand}' is a directory\n` : `rm: cannot remove '${operand}': Is a directory\n`;
        continue;
      }
      const removed = await files.remove(abs);
      if (!removed.ok) {
        if (removed.error.startsWith("kadet:")) return NOT_SIMULATED;
        fail(operand, removed.error);
      }
      continue;
    }
    if (name === "touch" && existing?.type === "file") {
      const touched = await files.writeFile(abs, existing.content);
      if (!touched.ok) fail(operand, touched.error);
      continue;
    }
    if (name === "mkdir" && existing !== undefined) {
      if (!parents) fail(operand, "File exists");
      continue;
    }
    if (!(await files.parentExists(abs))) {
      if (name === "mkdir" && parents) {
        for (let p = posix.dirname(abs), chain: string[] = []; ; p = posix.dirname(p)) {
          if (p === "/" || (await files.entry(p))?.type === "dir") {
            for (const folder of chain.reverse()) {
              const made = await files.mkdir(folder);
              if (!made.ok) {
                fail(operand, made.error);
                break;
              }
            }
            break;
          }
          chain.push(p);
        }
        if (stderr) continue;
      } else {
        if (!files.knows(posix.dirname(abs))) return NOT_SIMULATED;
        fail(operand, "No such file or directory");
        continue;
      }
    }
    const made = name === "mkdir" ? await files.mkdir(abs) : await files.writeFile(abs, "");
    if (!made.ok) fail(operand, made.error);
  }
  return { stdout: "", stderr, exitCode: stderr ? 1 : 0 };
}

/** busybox wget: `wget -qO- URL` / `wget -q -O - URL` (other forms print progress kadet does not draw). */
async function wget(env: ExecEnv, args: string[]): Promise<ToolResult> {
  if (env.dialect !== "busybox") return NOT_SIMULATED;
  const flags = args.filter((a) => a.startsWith("-")).join(" ");
  const urls = args.filter((a) => !a.startsWith("-") && a !== "-");
  const quietToStdout = /^-qO-?$|^-q -O-?$|^-O- -q$|^-qO -$/.test(flags) || (args.join(" ").match(/^-q -O - \S+$/) !== null);
  if (!quietToStdout || urls.length !== 1) return NOT_SIMULATED;
  const url = parseUrl(urls[0]!);
  if (!url) return NOT_SIMULATED;
  const fail = (text: string): CommandResult => ({ stdout: "", stderr: `wget: ${text}\n`, exitCode: 1 });
  const resolved = resolveFrom(env.ctx.daemon, env.c, url.host);
  if (!resolved.ok) return fail(`bad address '${url.host}'`);
  const conn = connect(env.ctx.daemon, env.c, resolved.ip, url.port);
  if (!conn.ok) return fail(`can't connect to remote host (${resolved.ip}): ${conn.reason === "refused" ? "Connection refused" : conn.reason === "timeout" ? "Connection timed out" : "Network is unreachable"}`);
  const answer = await httpGet(env.ctx.daemon, conn.server, conn.port, url.path, env.ctx.family);
  if (answer.ok) return { stdout: answer.body, stderr: "", exitCode: 0 };
  if (answer.status === "not-http") return NOT_SIMULATED;
  return fail(`server returned error: HTTP/1.1 ${answer.status === 404 ? "404 Not Found" : "403 Forbidden"}`);
}

/** curl -s URL (curl's exit codes: 6 unresolved host, 7 no connection, 28 timeout). */
async function curl(env: ExecEnv, args: string[]): Promise<ToolResult> {
  const flags = args.filter((a) => a.startsWith("-"));
  const urls = args.filter((a) => !a.startsWith("-"));
  if (urls.length !== 1 || flags.some((f) => !["-s", "-S", "-sS", "--silent", "-f", "-sf", "-fsS", "-fs"].includes(f))) return NOT_SIMULATED;
  const silent = flags.some((f) => f.includes("s") && !/^-S$/.test(f));
  const showErrors = !silent || flags.some((f) => f.includes("S"));
  const failOnHttp = flags.some((f) => /^-[a-zA-Z]*f/.test(f));
  const url = parseUrl(urls[0]!);
  if (!url) return NOT_SIMULATED;
  if (!silent) return NOT_SIMULATED; // the progress meter is not drawn
  const fail = (code: number, text: string): CommandResult => ({ stdout: "", stderr: showErrors ? `curl: (${code}) ${text}\n` : "", exitCode: code });
  const resolved = resolveFrom(env.ctx.daemon, env.c, url.host);
  if (!resolved.ok) return fail(6, `Could not resolve host: ${url.host}`);
  const conn = connect(env.ctx.daemon, env.c, resolved.ip, url.port);
  if (!conn.ok) return conn.reason === "timeout" ? fail(28, `Failed to connect to ${url.host} port ${url.port} after 130000 ms: Timeout was reached`) : fail(7, `Failed to connect to ${url.host} port ${url.port} after 0 ms: Couldn't connect to server`);
  const answer = await httpGet(env.ctx.daemon, conn.server, conn.port, url.path, env.ctx.family);
  if (answer.ok) return { stdout: answer.body, stderr: "", exitCode: 0 };
  if (answer.status === "not-http") return NOT_SIMULATED;
  if (failOnHttp) return fail(22, `The requested URL returned error: ${answer.status}`);
  return NOT_SIMULATED; // nginx's error page text is not modelled
}

/** busybox ping -c N HOST: replies only from addresses a shared network (or the host) reaches. */
async function ping(env: ExecEnv, args: string[]): Promise<ToolResult> {
  if (env.dialect !== "busybox" || args.length !== 3 || args[0] !== "-c" || !/^\d+$/.test(args[1]!)) return NOT_SIMULATED;
  const count = Number(args[1]);
  const host = args[2]!;
  const resolved = resolveFrom(env.ctx.daemon, env.c, host);
  if (!resolved.ok) return { stdout: "", stderr: `ping: bad address '${host}'\n`, exitCode: 1 };
  const ip = resolved.ip;
  // The host (a bridge's gateway), the container itself, or a container on a shared network answer; others drop the packets.
  const reached = ip === "127.0.0.1" || /^172\.\d+\.0\.1$/.test(ip) || reachesPeer(env, ip);
  let stdout = `PING ${host} (${ip}): 56 data bytes\n`;
  if (reached) for (let seq = 0; seq < count; seq++) stdout += `64 bytes from ${ip}: seq=${seq} ttl=64 time=0.080 ms\n`;
  stdout += `\n--- ${host} ping statistics ---\n${count} packets transmitted, ${reached ? count : 0} packets received, ${reached ? 0 : 100}% packet loss\n`;
  if (reached) stdout += "round-trip min/avg/max = 0.080/0.080/0.080 ms\n";
  return { stdout, stderr: "", exitCode: reached ? 0 : 1 };
}

function reachesPeer(env: ExecEnv, ip: string): boolean {
  const conn = connect(env.ctx.daemon, env.c, ip, 0);
  return conn.ok || conn.reason === "refused";
}
