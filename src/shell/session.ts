/**
 * The learner's terminal session: a just-bash interpreter (quotes, pipes,
 * redirects, heredocs, $(...), and the usual text tools) with kubectl,
 * docker, etcdctl and sim plugged in as commands acting on one simulated
 * world. The working folder is the real folder kadet runs in; outside it lies
 * an in-memory scratch space, so nothing else on the machine can be harmed.
 * Environment variables and the working folder carry over from one line to
 * the next, as in a real shell; the world settles after every family command.
 */
import { resolve } from "node:path";
import type { Bash, BashOptions } from "just-bash";
import { loadJustBash, prepareCoverageWriter, setCoverageWriter } from "./just-bash.js";
import { installScriptGuard } from "./script-guard.js";
import type { World } from "../sim/world/world.js";
import { PRESETS } from "../sim/world/create.js";
import { Environment, type EnvironmentSnapshot } from "../sim/env/environment.js";
import type { DockerDaemonSnapshot } from "../sim/docker/daemon.js";
import { loadScratch, saveScratch } from "./session-snapshot.js";
import { DockerDaemon } from "../sim/docker/daemon.js";
import { parseDuration } from "./duration.js";
import { unknownHost, withHostFiles } from "./host-shell.js";
import { allFamilies } from "./families.js";
import { braceRangeRefusal, EXECUTION_LIMITS, explainLimit, LineMemoryExceeded, lineMemoryWatch, mayGrowWithoutEnd } from "./line-limits.js";
import { runXargs } from "./xargs.js";
import { withHereStringWordsEscaped } from "./here-string.js";
import { completeLine, type CompletionResult } from "./completion.js";
import { createSandboxFs, fileAccess, SandboxRefusal, type FileAccess, type SandboxFs } from "./sandboxFs.js";
import type { CommandFamily, CommandResult, FamilyContext, SessionControl } from "./types.js";
import { chunksIfInterleaved, failure, ok, orderedOutput, withStderr } from "./types.js";
import { markedChunks, SYNC_COMMAND, syncTokens, TTY_VARIABLE } from "./output-sync.js";
import { DEFAULT_BASHOPTS, learnerVariables, REACHED_COMMAND, runShellLine, TIME_END_COMMAND, TIME_START_COMMAND, type ShellState } from "./line-runner.js";
import type { ScriptNode } from "just-bash";
import { envCommand, printenvCommand } from "./env-command.js";
import { whichCommand } from "./which.js";
import { hostnameCommand } from "./hostname.js";
import { formatTimes } from "./time.js";
import { pagerCommand } from "./pager.js";
import { watchCommand } from "./watch.js";
import { EditorLauncher, type LaunchOutcome } from "./editor-launch.js";
import { parseKubeconfig, rememberRenderedKubeconfig, renderKubeconfig } from "./kubectl/kubeconfig-file.js";

/** The learner's kubeconfig in the scratch file system (HOME is /root). */
export const KUBECONFIG_PATH = "/root/.kube/config";
/** bash's history file ($HISTFILE's default) in the scratch home. */
export const HISTORY_PATH = "/root/.bash_history";

export interface SessionOptions {
  preset?: string;
  seed?: number;
  /** The real folder the shell starts in; defaults to process.cwd(). */
  cwd?: string;
  /** Defaults to every family (kubectl, docker, etcdctl, sim). */
  families?: CommandFamily[];
}

/**
 * A line made only of plain words (no quotes, variables, globs, pipes,
 * redirects or operators) means the same to bash as its whitespace-separated
 * words, so it can go straight to its command without the interpreter.
 */
const PLAIN_LINE = /^[A-Za-z0-9_\-=.,/:@%+ \t]+$/;

/**
 * What the exam's terminal has before the learner types anything: the Linux Foundation's
 * exam instructions list kubectl with the alias `k` and bash completion as pre-configured.
 * They are ordinary aliases: `alias` lists them, `unalias k` removes them, snapshots keep them.
 * (A node reached by `ssh` is a plain host: its shell starts without them.)
 */
export const EXAM_ALIASES: Readonly<Record<string, string>> = { k: "kubectl" };

/** A node's login shell: bash's interactive defaults, no aliases. */
const HOST_SHELL_STATE: Omit<ShellState, "status"> = { shellopts: undefined, bashopts: DEFAULT_BASHOPTS, aliases: {} };

export class Session implements SessionControl {
  /** Every cluster the session reaches, by kubeconfig context, under one clock. */
  readonly environment: Environment;
  /** The learner's host's Docker daemon, on the environment's clock. */
  readonly docker: DockerDaemon;
  /** Every line the learner ran, in order (what `history` prints and graders inspect). */
  readonly history: string[] = [];
  /** How many lines of `history` the last `history -c` hid from the `history` builtin and its file. */
  private historyCleared = 0;
  private readonly seed: number;
  private readonly families: Map<string, CommandFamily>;
  private readonly editors: EditorLauncher;
  /** The folder on disk the shell is rooted in (the real part of its file system). */
  private readonly realRoot: string;
  private bash: Bash | undefined;
  private readonly memoryWatch = lineMemoryWatch();
  private sandboxFs: Promise<SandboxFs> | undefined;
  private env: Record<string, string>;
  private cwd: string;
  /** The exit status of the last line, for `$?` on the next. */
  private lastStatus = 0;
  /** What bash keeps between lines besides variables, folder and `$?`: `set -o` and `shopt` options, aliases. */
  private shellState: Omit<ShellState, "status"> = { shellopts: undefined, bashopts: DEFAULT_BASHOPTS, aliases: { ...EXAM_ALIASES } };
  /** The tree rewrite for the next interpreter run (line-runner.ts), taken by its first parse only. */
  private nextBuild: ((ast: ScriptNode) => ScriptNode) | undefined;
  /** The status the line runner's marker recorded in the current run; undefined until it runs. */
  private reachedStatus: number | undefined;
  /** Virtual start times of the `time` pipelines running now, innermost last. */
  private readonly timeStarts: number[] = [];

  /** The hosts entered with `ssh`, innermost last, each with its shell's variables and folder. */
  private hostStack: { name: string; env: Record<string, string>; shell?: Omit<ShellState, "status"> }[] = [];
  /** The environment's kubeconfig revision last written to the file, and the file's text since. */
  private kubeconfigSynced: { revision: number; text: string | undefined } = { revision: -1, text: undefined };
  /**
   * Set while one line runs in the interpreter: time passes once per line the learner enters, not
   * once per command in it, so `kubectl get -o yaml | sed | kubectl apply -f -` reads and writes
   * the same moment of the world instead of racing the controllers between its halves.
   */
  private lineSettle: { owed: boolean } | undefined;

  constructor(options: SessionOptions = {}) {
    this.seed = options.seed ?? 1;
    this.environment = new Environment(options.preset ?? "default", this.seed);
    this.docker = new DockerDaemon(() => this.environment.now());
    this.cwd = resolve(options.cwd ?? process.cwd());
    this.realRoot = this.cwd;
    // Nothing of kadet's own environment: the learner's machine must not show through (issue 6).
    this.env = { HOME: "/root", PATH: "/usr/local/bin:/usr/bin:/bin", PWD: this.cwd, TERM: "xterm-256color" };
    this.editors = new EditorLauncher({ realRoot: this.realRoot, onHost: () => this.hostStack.length > 0, runLine: (line, env, cwd) => this.runEditorLine(line, env, cwd) });
    this.families = new Map([...(options.families ?? allFamilies()), ...this.builtins(), ...this.editors.families()].map((f) => [f.name, f]));
  }

  /** `kubectl edit`'s editor: a screen editor on the real terminal, any other EDITOR text run in this sandbox. */
  launchEditor(path: string, ctx: FamilyContext): Promise<LaunchOutcome> {
    return this.editors.launchForKubectl(path, ctx);
  }

  /** An EDITOR command (`sed -i ...`) run on the sandbox's files while the command that opened it waits. */
  private async runEditorLine(line: string, env: Record<string, string>, cwd: string): Promise<CommandResult> {
    const bash = await this.shell();
    const result = await bash.exec(line, { env, replaceEnv: true, cwd, rawScript: true });
    return { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode };
  }

  /** Runs one line (or a whole script) as bash would and returns what it printed. */
  async run(script: string): Promise<CommandResult> {
    // Bash drops NUL bytes from its input (a C string cannot hold them), so `fo\0o` runs `foo`.
    const result = await this.runContained(script.replaceAll("\0", ""));
    // Why the sandbox refused a path: the command itself only said "No such file or directory".
    const notes = this.sandboxFs ? (await this.sandboxFs).takeNotes() : [];
    return notes.length === 0 ? result : withStderr(result, `${notes.join("\n")}\n`);
  }

  /** One line on the sandbox's file system: straight to its family when plain, else through the interpreter. */
  private async runContained(script: string): Promise<CommandResult> {
    await this.syncKubeconfig();
    const result = await this.runLine(script);
    await this.syncKubeconfig();
    await this.writeHistoryFile();
    return result;
  }

  private async runLine(script: string): Promise<CommandResult> {
    const trimmed = script.trim();
    if (trimmed !== "") this.history.push(...trimmed.split("\n").filter((l) => l.trim() !== ""));
    let words = trimmed.split(/[ \t]+/);
    // `k get pods` with `alias k=kubectl`: a plain alias of a family's name expands here as bash would.
    const expanded = PLAIN_LINE.test(trimmed) && this.hostStack.length === 0 ? this.expandPlainAlias(words) : undefined;
    if (expanded) words = expanded;
    // `sim trace` alone armed a trace of the next line (shell/sim/trace.ts): a plain kubectl line runs under it.
    let untraced = "";
    if (this.traceArmed && trimmed !== "") {
      this.traceArmed = false;
      if (words[0] === "kubectl" && PLAIN_LINE.test(trimmed) && this.hostStack.length === 0) words = ["sim", "trace", "--", ...words];
      else untraced = "sim trace: the line was not one plain kubectl command on this terminal, so nothing was traced\n";
    }
    const result = await this.dispatchLine(script, trimmed, words, expanded !== undefined);
    return untraced === "" ? result : withStderr(result, untraced);
  }

  private async dispatchLine(script: string, trimmed: string, words: string[], aliasExpanded: boolean): Promise<CommandResult> {
    if (words[0] === "ssh" && PLAIN_LINE.test(trimmed)) return this.ssh(words.slice(1));
    if (this.hostStack.length > 0) return this.runOnCurrentHost(script, words);
    const family = this.families.get(words[0] ?? "");
    // An alias of a family's name (`alias kubectl='kubectl -n shop'`) is the interpreter's to expand.
    if (family && PLAIN_LINE.test(trimmed) && (aliasExpanded || !(words[0]! in this.shellState.aliases))) {
      const { fs, disk } = await this.sandbox();
      const result = await this.runFamily(family, words.slice(1), "", this.cwd, this.env, fileAccess(fs, this.cwd, disk));
      this.lastStatus = result.exitCode;
      // Under `set -e` the shell ends at this failure as at any other.
      const errexit = (this.shellState.shellopts ?? "").split(":").includes("errexit");
      return result.exitCode !== 0 && errexit ? { ...result, exited: true } : result;
    }
    return this.runInShell(script);
  }

  /**
   * The words of a plain line whose first word is an alias made of plain words naming a family
   * (`k` → `kubectl`), or undefined when the interpreter must expand it: an alias whose text
   * ends in a blank (the next word is then checked too, bash(1) ALIASES) or names another alias.
   */
  private expandPlainAlias(words: string[]): string[] | undefined {
    const text = Object.hasOwn(this.shellState.aliases, words[0] ?? "") ? this.shellState.aliases[words[0]!]! : undefined;
    if (text === undefined || !PLAIN_LINE.test(text) || /[ \t]$/.test(text)) return undefined;
    const head = text.trim().split(/[ \t]+/);
    if (!this.families.has(head[0] ?? "") || (head[0] !== words[0] && Object.hasOwn(this.shellState.aliases, head[0]!))) return undefined;
    return [...head, ...words.slice(1)];
  }

  /** Tab completion of `line` at `cursor` on this session's world, aliases and files. */
  async complete(line: string, cursor: number): Promise<CompletionResult> {
    const { fs } = await this.sandbox();
    const files = fileAccess(fs, this.cwd);
    return completeLine(line, cursor, {
      world: this.world,
      commands: [...this.families.keys()].filter((name) => !name.startsWith("__kadet_")),
      aliases: this.shellState.aliases,
      readDir: files.readDir,
      isDir: async (path) => (await files.readDir(path)) !== undefined,
      docker: this.docker,
    });
  }

  /** `sim trace` without a command: the next line is traced (SessionControl.traceNextCommand). */
  private traceArmed = false;

  traceNextCommand(): void {
    this.traceArmed = true;
  }

  /** The host the shell is on (`ssh NODE`), or undefined on the learner's own terminal. */
  currentHost(): string | undefined {
    return this.hostStack[this.hostStack.length - 1]?.name;
  }

  /** `ssh NODE`: enters a shell on one of the environment's hosts. */
  private ssh(args: string[]): CommandResult {
    const target = args.filter((a) => !a.startsWith("-"));
    if (target.length !== 1) return failure("kadet: 'ssh' takes one host name here (ssh NODE); options and remote commands are not simulated yet", 255);
    const name = target[0]!.replace(/^[^@]*@/, "");
    if (!this.environment.findHost(name)) return unknownHost(name);
    this.hostStack.push({ name, env: { HOME: "/root", PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", PWD: "/root", TERM: "xterm-256color", USER: "root", HOSTNAME: name } });
    this.lastStatus = 0;
    return ok();
  }

  private async runOnCurrentHost(script: string, words: string[]): Promise<CommandResult> {
    const top = this.hostStack[this.hostStack.length - 1]!;
    if (words[0] === "exit" && words.length <= 2) {
      this.hostStack.pop();
      this.lastStatus = Number(words[1] ?? 0) || 0;
      return { stdout: "logout\n", stderr: `Connection to ${top.name} closed.\n`, exitCode: this.lastStatus };
    }
    const found = this.environment.findHost(top.name);
    if (!found) return failure(`kadet: host ${top.name} no longer exists`);
    const { parse } = await loadJustBash();
    const refusal = braceRangeRefusal(script, parse, (top.shell ?? HOST_SHELL_STATE).aliases);
    if (refusal) {
      this.lastStatus = 1;
      return failure(refusal, 1);
    }
    const state = top.shell ?? HOST_SHELL_STATE;
    const cwd = top.env.PWD && top.env.PWD !== "" ? top.env.PWD : "/root";
    this.timeStarts.length = 0;
    let outcome;
    try {
      // The kubelet acts on what the line changed in the host's files, so time passes even when no family ran.
      outcome = await this.asOneLine(
        () => withHostFiles(found.cluster.world.hosts, top.name, async (fs) => this.interpret(await this.newInterpreter(fs, cwd, top.env, { hostName: top.name }), script, top.env, cwd, { status: this.lastStatus, ...state })),
        true,
      );
    } catch (error) {
      this.lastStatus = 1;
      return failure(`kadet: internal error in the shell: ${(error as Error).message}`, 1);
    }
    if (!outcome) return failure(`kadet: host ${top.name} is gone`);
    const { status, ...kept } = outcome.state;
    top.env = { ...outcome.env, PWD: outcome.cwd };
    top.shell = kept;
    this.lastStatus = status;
    const result: CommandResult = { stdout: outcome.stdout, stderr: outcome.stderr, exitCode: outcome.exitCode, ...chunksIfInterleaved(outcome.chunks) };
    if (!outcome.exited) return result;
    // `exit` inside a longer line (`cd /etc; exit`) still ends the ssh session, as logging out does.
    this.hostStack.pop();
    return withStderr({ ...result, stdout: `${result.stdout}logout\n`, ...(result.chunks ? { chunks: [...result.chunks, { stream: "stdout" as const, text: "logout\n" }] } : {}) }, `Connection to ${top.name} closed.\n`);
  }

  /** The whole session: the environment's clusters and kubeconfig, and this terminal's state and scratch files. */
  async snapshot(): Promise<EnvironmentSnapshot> {
    const { scratch } = await this.sandbox();
    return {
      ...this.environment.snapshot(),
      session: {
        cwd: this.cwd,
        // Options and aliases travel as just-bash keeps them, as variables; load() takes them apart.
        env: { ...this.env, ...(this.shellState.shellopts ? { SHELLOPTS: this.shellState.shellopts } : {}), BASHOPTS: this.shellState.bashopts, ...Object.fromEntries(Object.entries(this.shellState.aliases).map(([name, text]) => [`BASH_ALIAS_${name}`, text])) },
        history: [...this.history],
        lastStatus: this.lastStatus,
        hostStack: structuredClone(this.hostStack),
        files: await saveScratch(scratch),
        docker: this.docker.snapshot(),
      },
    };
  }

  /** Restores a snapshot; one without a session part (a grader's copy) leaves this terminal's state as it is. */
  async load(snapshot: EnvironmentSnapshot): Promise<void> {
    this.environment.load(snapshot);
    const saved = snapshot.session;
    if (!saved) return;
    const { fs, scratch } = await this.sandbox();
    await loadScratch(scratch, saved.files);
    this.docker.load(saved.docker as DockerDaemonSnapshot);
    this.cwd = saved.cwd;
    this.env = learnerVariables(saved.env);
    this.shellState = {
      shellopts: saved.env.SHELLOPTS,
      bashopts: saved.env.BASHOPTS ?? DEFAULT_BASHOPTS,
      aliases: Object.fromEntries(Object.entries(saved.env).flatMap(([key, text]) => (key.startsWith("BASH_ALIAS_") ? [[key.slice(11), text]] : []))),
    };
    this.history.splice(0, this.history.length, ...saved.history);
    this.historyCleared = 0;
    this.lastStatus = saved.lastStatus;
    this.hostStack = structuredClone(saved.hostStack);
    // The restored file is the learner's text; the environment's kubeconfig was read from it.
    let text: string | undefined;
    try {
      text = await fs.readFile(KUBECONFIG_PATH);
    } catch {
      text = undefined;
    }
    this.kubeconfigSynced = { revision: this.environment.kubeconfigRevision, text };
  }

  workingFolder(): string {
    return this.cwd;
  }

  /** The cluster of the current kubeconfig context. */
  get world(): World {
    return this.environment.world;
  }

  presetName(): string {
    return this.environment.currentPreset;
  }

  resetWorld(preset: string): CommandResult {
    if (!PRESETS.includes(preset)) {
      return failure(`sim: unknown preset "${preset}" (known presets: ${PRESETS.join(", ")})`);
    }
    this.environment.reset(preset);
    this.docker.reset();
    return ok(`world reset to preset "${preset}"\n`);
  }

  private async runInShell(script: string): Promise<CommandResult> {
    const bash = await this.shell();
    const { parse } = await loadJustBash();
    // Refused here, before anything runs; script-guard.ts refuses what becomes a script later.
    const refusal = braceRangeRefusal(script, parse, this.shellState.aliases);
    if (refusal) {
      this.lastStatus = 1;
      return failure(refusal, 1);
    }
    // An alias carried from an earlier line may hide a loop or an eval behind a plain word.
    const watched = (mayGrowWithoutEnd(script, parse) || Object.values(this.shellState.aliases).some((text) => mayGrowWithoutEnd(text, parse))) && (await prepareCoverageWriter());
    setCoverageWriter(bash, watched ? this.memoryWatch.writer : undefined);
    let result;
    // A `time` pipeline the shell left early (exit inside it) never closed its bracket.
    this.timeStarts.length = 0;
    try {
      this.memoryWatch.start();
      result = await this.asOneLine(() => this.interpret(bash, script, this.env, this.cwd, { status: this.lastStatus, ...this.shellState }));
    } catch (error) {
      // The interpreter lets some faults out (a redirect into a refused path); the session lives on.
      this.lastStatus = 1;
      const message =
        error instanceof SandboxRefusal ? `bash: ${error.path}: Permission denied` : error instanceof LineMemoryExceeded ? error.message : `kadet: internal error in the shell: ${(error as Error).message}`;
      return failure(message, 1);
    }
    this.env = result.env;
    this.cwd = result.cwd;
    const { status, ...kept } = result.state;
    this.lastStatus = status;
    this.shellState = kept;
    return { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode, ...chunksIfInterleaved(result.chunks), ...(result.exited ? { exited: true } : {}) };
  }

  /** One line through the line runner on `bash` (each exec starts a fresh interpreter state; the runner carries $?, options and aliases into it). */
  private async interpret(bash: Bash, typed: string, env: Record<string, string>, cwd: string, state: ShellState) {
    const { parse } = await loadJustBash();
    const script = withHereStringWordsEscaped(typed, parse);
    return runShellLine(script, env, cwd, state, {
      parse: parse as (script: string) => ScriptNode,
      reached: () => this.reachedStatus,
      sync: { isFamily: (name) => this.families.has(name) && !name.startsWith("__kadet_") },
      exec: async (text, runEnv, runCwd, build) => {
        this.nextBuild = build;
        this.reachedStatus = undefined;
        try {
          const ran = await bash.exec(text, { env: runEnv, replaceEnv: true, cwd: runCwd, rawScript: true });
          return { ...ran, stderr: explainLimit(ran.stderr) };
        } finally {
          this.nextBuild = undefined;
        }
      },
    });
  }

  /** Runs one interpreted line, then lets time pass once if any of its commands asked for it. */
  private async asOneLine<T>(run: () => Promise<T>, settleAnyway = false): Promise<T> {
    const outer = this.lineSettle;
    const line = { owed: false };
    this.lineSettle = outer ?? line;
    try {
      return await run();
    } finally {
      this.lineSettle = outer;
      if (!outer && (line.owed || settleAnyway)) this.environment.settle();
    }
  }

  /** The interpreter, built on first need: most single kubectl lines never need it. */
  private async shell(): Promise<Bash> {
    if (this.bash) return this.bash;
    const { fs, disk } = await this.sandbox();
    this.bash = await this.newInterpreter(fs, this.cwd, this.env, { disk });
    return this.bash;
  }

  /**
   * An interpreter on `fs` with the families, kadet's own small commands and the line runner's tree
   * rewrite: the learner's (whose families read the working folder from `disk`) or a node's (`hostName`).
   */
  private async newInterpreter(
    fs: NonNullable<BashOptions["fs"]>,
    cwd: string,
    env: Record<string, string>,
    where: { disk?: Parameters<typeof fileAccess>[2]; hostName?: string } = {},
  ): Promise<Bash> {
    const justBash = await loadJustBash();
    const { Bash, defineCommand, decodeBytesToUtf8 } = justBash;
    const commands = this.familyCommands(justBash, where.disk);
    commands.push(
      defineCommand("xargs", async (args, ctx) =>
        runXargs(args, {
          stdin: decodeBytesToUtf8(ctx.stdin),
          readFile: fileAccess(ctx.fs, ctx.cwd).readFile,
          // The command name is quoted so that it is looked up as written; its arguments pass untouched.
          exec: (argv) => ctx.exec!(`'${argv[0]!.replaceAll("'", "'\\''")}'`, { cwd: ctx.cwd, signal: ctx.signal, args: argv.slice(1) }),
        }),
      ),
    );
    commands.push(...this.lineRunnerCommands(justBash, where.hostName ?? "controlplane"));
    // script-guard.ts refuses a brace range that becomes a script at run time (eval, bash -c, source).
    await installScriptGuard(justBash);
    const bash = new Bash({ fs, cwd, env, customCommands: commands, executionLimits: EXECUTION_LIMITS });
    bash.registerTransformPlugin({
      name: "kadet-line",
      transform: ({ ast }) => {
        const build = this.nextBuild;
        this.nextBuild = undefined;
        return { ast: build ? build(ast) : ast };
      },
    });
    return bash;
  }

  /**
   * The families as the interpreter's commands. One whose stdout and stderr both reach the
   * terminal (the line runner set TTY_VARIABLE on it) marks its chunks, so that a warning
   * printed before a table stays before it inside a loop or a group (output-sync.ts).
   */
  private familyCommands({ defineCommand, decodeBytesToUtf8 }: Awaited<ReturnType<typeof loadJustBash>>, disk?: Parameters<typeof fileAccess>[2]) {
    return [...this.families.values()].map((family) =>
      defineCommand(family.name, async (args, ctx) => {
        const files = fileAccess(ctx.fs, ctx.cwd, disk);
        const env = Object.fromEntries(ctx.env);
        const result = await this.runFamily(family, args, decodeBytesToUtf8(ctx.stdin), ctx.cwd, env, files);
        if (env[TTY_VARIABLE] !== "1") return result;
        const { chunks: _chunks, ...rest } = result;
        return { ...rest, ...markedChunks(orderedOutput(result)) };
      }),
    );
  }

  /** The line runner's marker and `time` brackets (line-runner.ts), env/printenv that do not show its state, which, less, more and watch. */
  private lineRunnerCommands({ defineCommand, latin1FromBytes, decodeBytesToUtf8 }: Awaited<ReturnType<typeof loadJustBash>>, hostName: string) {
    return [
      defineCommand("env", async (args, ctx) => {
        if (args.includes("--help") && ctx.origCommand) return ctx.origCommand(args);
        return envCommand(args, {
          env: ctx.env,
          run: (argv, env) => ctx.exec!("command", { cwd: ctx.cwd, env, replaceEnv: true, stdin: latin1FromBytes(ctx.stdin), stdinKind: "bytes", signal: ctx.signal, args: argv }),
        });
      }),
      // The prompt's name (host-shell.ts promptFor); just-bash's own hostname says localhost.
      defineCommand("hostname", async (args) => hostnameCommand(args, hostName)),
      defineCommand("which", async (args, ctx) => {
        if (args.includes("--help") && ctx.origCommand) return ctx.origCommand(args);
        return whichCommand(args, async (name) => {
          // kadet's own plumbing (the line runner's markers) is no command of the learner's machine.
          if (name.startsWith("__kadet_")) return undefined;
          const found = await ctx.exec!("type", { cwd: ctx.cwd, args: ["-P", name] });
          const path = found.stdout.trim();
          return found.exitCode === 0 && path !== "" ? path : undefined;
        });
      }),
      ...(["less", "more"] as const).map((pager) =>
        defineCommand(pager, async (args, ctx) => {
          const files = fileAccess(ctx.fs, ctx.cwd);
          return pagerCommand(pager, args, { stdin: decodeBytesToUtf8(ctx.stdin), readFile: files.readFile, readDir: files.readDir });
        }),
      ),
      defineCommand("watch", async (args, ctx) =>
        watchCommand(args, {
          // watch runs COMMAND with `sh -c`: the variables, not the shell's aliases or options.
          run: async (command) => {
            const ran = await ctx.exec!(command, { cwd: ctx.cwd, env: learnerVariables(Object.fromEntries(ctx.env)), replaceEnv: true, signal: ctx.signal });
            return ran.stdout + ran.stderr;
          },
          now: () => this.environment.now(),
          host: this.currentHost() ?? "controlplane",
        }),
      ),
      // The learner's machine lives on the simulated clock: `date` is now as `sim clock` says, not the host's.
      defineCommand("date", async (args, ctx) => {
        const describesTime = args.some((a) => /^(-d|--date(=.*)?|-r|--reference(=.*)?|-s|--set(=.*)?|--help|--version)$/.test(a) || /^-[a-zA-Z]*[drs]$/.test(a));
        if (!ctx.origCommand) return { stdout: "", stderr: "date: not available\n", exitCode: 1 };
        return ctx.origCommand(describesTime ? args : ["-d", `@${Math.floor(this.environment.now() / 1000)}`, ...args]);
      }),
      defineCommand("printenv", async (args, ctx) => (args.includes("--help") && ctx.origCommand ? ctx.origCommand(args) : printenvCommand(args, ctx))),
      defineCommand(SYNC_COMMAND, async (args) => ({ ...syncTokens(args[1] === "e"), exitCode: Number(args[0]) || 0 })),
      defineCommand(REACHED_COMMAND, async (args) => {
        const status = Number(args[0]) || 0;
        this.reachedStatus ??= status;
        return { stdout: "", stderr: "", exitCode: status };
      }),
      defineCommand(TIME_START_COMMAND, async () => {
        this.timeStarts.push(this.environment.now());
        return { stdout: "", stderr: "", exitCode: 0 };
      }),
      defineCommand(TIME_END_COMMAND, async (args) => {
        const posix = args[0] === "-p";
        const status = Number(args[posix ? 1 : 0]) || 0;
        const started = this.timeStarts.pop() ?? this.environment.now();
        return { stdout: "", stderr: formatTimes(this.environment.now() - started, posix), exitCode: status };
      }),
    ];
  }

  private async runFamily(
    family: CommandFamily,
    args: string[],
    stdin: string,
    cwd: string,
    env: Record<string, string>,
    files: FileAccess,
  ): Promise<CommandResult> {
    // just-bash keeps its own state (aliases, options) among the variables; no tool sees it.
    const ctx: FamilyContext = { world: this.world, session: this, cwd, env: learnerVariables(env), stdin, readFile: files.readFile, readDir: files.readDir, readTree: files.readTree, writeFile: files.writeFile, removeFile: files.removeFile };
    try {
      await this.syncKubeconfig();
      const result = await family.run(args, ctx);
      await this.syncKubeconfig();
      if (family.settlesWorld && this.lineSettle) this.lineSettle.owed = true;
      if (family.settlesWorld && !this.lineSettle) this.environment.settle();
      // A command that moved one cluster's clock (sim clock advance, kubectl delete's wait) moves them all.
      else this.environment.catchUp();
      return result;
    } catch (error) {
      // A fault in our own code must never take the learner's terminal down.
      return failure(`kadet: internal error in '${family.name}': ${(error as Error).message}`, 1);
    }
  }

  /**
   * Keeps ~/.kube/config and the environment's kubeconfig in step: what the environment changed
   * (sim context add, reset, a loaded snapshot) is written to the file; what the learner changed
   * in the file (kubectl config, an editor, a redirect) is read back, so graders and `sim` see the
   * cluster kubectl sees. Never written onto the real disk: when the home folder lies inside the
   * real working folder, the file there is the learner's own and is only read.
   */
  private async syncKubeconfig(): Promise<void> {
    const { fs } = await this.sandbox();
    const revision = this.environment.kubeconfigRevision;
    const onDisk = KUBECONFIG_PATH === this.realRoot || KUBECONFIG_PATH.startsWith(this.realRoot.endsWith("/") ? this.realRoot : `${this.realRoot}/`);
    if (revision !== this.kubeconfigSynced.revision && !onDisk) {
      const config = this.environment.kubeconfig;
      const text = config === undefined ? undefined : renderKubeconfig(config);
      if (text === undefined) await fs.rm(KUBECONFIG_PATH, { force: true });
      else {
        rememberRenderedKubeconfig(text, config!);
        await fs.mkdir("/root/.kube", { recursive: true });
        await fs.writeFile(KUBECONFIG_PATH, text);
        await fs.chmod(KUBECONFIG_PATH, 0o600);
      }
      this.kubeconfigSynced = { revision, text };
      return;
    }
    let text: string | undefined;
    try {
      text = await fs.readFile(KUBECONFIG_PATH);
    } catch {
      text = undefined;
    }
    if (text === this.kubeconfigSynced.text && revision === this.kubeconfigSynced.revision) return;
    this.kubeconfigSynced = { revision, text };
    const parsed = text === undefined ? undefined : parseKubeconfig(text);
    this.environment.kubeconfigFromFile(parsed?.ok ? parsed.config : undefined);
  }

  /** The one file system of this session, shared by plain lines and the interpreter. */
  private sandbox(): Promise<SandboxFs> {
    this.sandboxFs ??= createSandboxFs(this.realRoot);
    return this.sandboxFs;
  }

  /**
   * bash's `history` builtin on the session's list: `history`, `history N` (the last N),
   * `history -c` (clears what `history` and ~/.bash_history show; the graders' record of what
   * was typed, and the recall of Up and Ctrl+R, keep every line). Its other options say they
   * are not simulated. Words as bash 5 prints them.
   */
  private historyCommand(args: string[]): CommandResult {
    const shown = this.history.slice(this.historyCleared);
    const list = (from: number) => ok(shown.slice(from).map((line, i) => `${String(from + i + 1).padStart(5)}  ${line}\n`).join(""));
    if (args.length === 0) return list(0);
    const [first] = args;
    if (first === "-c" && args.length === 1) {
      this.historyCleared = this.history.length;
      return ok();
    }
    if (/^-[adnrwps]+$/.test(first!)) return failure(`kadet: 'history ${first}' is not simulated yet (history, history N and history -c are)`, 1);
    if (first!.startsWith("-") && first !== "-" && !/^-\d+$/.test(first!)) {
      return failure(`bash: history: ${first!.slice(0, 2)}: invalid option\nhistory: usage: history [-c] [-d offset] [n] or history -anrw [filename] or history -ps arg [arg...]`, 2);
    }
    if (!/^\d+$/.test(first!)) return failure(`bash: history: ${first}: numeric argument required`, 1);
    if (args.length > 1) return failure("bash: history: too many arguments", 1);
    return list(Math.max(0, shown.length - Number(first)));
  }

  /** bash's history file in the scratch home, kept in step with the list after each line (as `history -a` at each prompt would). */
  private async writeHistoryFile(): Promise<void> {
    if (HISTORY_PATH.startsWith(this.realRoot.endsWith("/") ? this.realRoot : `${this.realRoot}/`)) return;
    const { fs } = await this.sandbox();
    await fs.writeFile(HISTORY_PATH, this.history.slice(this.historyCleared).map((line) => `${line}\n`).join(""));
  }

  /** Commands that must act on the model rather than on the host: time and history. */
  private builtins(): CommandFamily[] {
    return [
      {
        name: "sleep",
        run: (args, ctx) => {
          if (args.length === 0) return failure("sleep: missing operand\nTry 'sleep --help' for more information.");
          let total = 0;
          for (const arg of args) {
            const ms = arg === "infinity" ? 3_600_000 : parseDuration(arg);
            if (ms === undefined) return failure(`sleep: invalid time interval '${arg}'\nTry 'sleep --help' for more information.`);
            total += ms;
          }
          this.environment.advance(total / 1000);
          return ok();
        },
      },
      { name: "history", run: (args) => this.historyCommand(args) },
    ];
  }
}
