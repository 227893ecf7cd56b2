/**
 * The learner's terminal session: a just-bash interpreter (quotes, pipes,
 * redirects, heredocs, $(...), and the usual text tools) whose working folder
 * is the real folder kadet runs in, with kubectl, docker, etcdctl and sim
 * plugged in as commands acting on one simulated world. Environment variables
 * and the working folder carry over from one line to the next, as in a real
 * shell; the world settles after every family command.
 */
import { Bash, defineCommand, decodeBytesToUtf8, ReadWriteFs } from "just-bash";
import type { World } from "../sim/world/world.js";
import { createWorld, PRESETS } from "../sim/world/create.js";
import { parseDuration } from "./duration.js";
import { allFamilies } from "./families.js";
import type { CommandFamily, CommandResult, FamilyContext, SessionControl } from "./types.js";
import { failure, ok } from "./types.js";

export interface SessionOptions {
  preset?: string;
  seed?: number;
  /** The real folder the shell starts in; defaults to process.cwd(). */
  cwd?: string;
  /** Defaults to every family (kubectl, docker, etcdctl, sim). */
  families?: CommandFamily[];
}

export class Session implements SessionControl {
  world: World;
  /** Every line the learner ran, in order (what `history` prints and graders inspect). */
  readonly history: string[] = [];
  private preset: string;
  private readonly seed: number;
  private readonly bash: Bash;
  private env: Record<string, string>;
  private cwd: string;

  constructor(options: SessionOptions = {}) {
    this.preset = options.preset ?? "default";
    this.seed = options.seed ?? 1;
    this.world = createWorld(this.preset, this.seed);
    this.cwd = options.cwd ?? process.cwd();
    this.env = { HOME: process.env.HOME ?? "/root", PATH: "/usr/local/bin:/usr/bin:/bin", PWD: this.cwd, TERM: "xterm-256color" };
    const commands = [...(options.families ?? allFamilies()), ...this.builtins()].map((family) =>
      defineCommand(family.name, async (args, ctx) => {
        const familyCtx: FamilyContext = {
          world: this.world,
          session: this,
          cwd: ctx.cwd,
          env: Object.fromEntries(ctx.env),
          stdin: decodeBytesToUtf8(ctx.stdin),
          readFile: async (path) => {
            const full = ctx.fs.resolvePath(ctx.cwd, path);
            try {
              const stat = await ctx.fs.stat(full);
              return stat.isDirectory ? undefined : await ctx.fs.readFile(full);
            } catch {
              return undefined;
            }
          },
          readDir: async (path) => {
            const full = ctx.fs.resolvePath(ctx.cwd, path);
            try {
              const stat = await ctx.fs.stat(full);
              return stat.isDirectory ? (await ctx.fs.readdir(full)).sort() : undefined;
            } catch {
              return undefined;
            }
          },
        };
        try {
          const result = await family.run(args, familyCtx);
          if (family.settlesWorld) this.world.settle();
          return result;
        } catch (error) {
          // A fault in our own code must never take the learner's terminal down.
          return failure(`kadet: internal error in '${family.name}': ${(error as Error).message}`, 1);
        }
      }),
    );
    this.bash = new Bash({
      fs: new ReadWriteFs({ root: "/" }),
      cwd: this.cwd,
      env: this.env,
      customCommands: commands,
    });
  }

  /** Runs one line (or a whole script) as bash would and returns what it printed. */
  async run(script: string): Promise<CommandResult> {
    const trimmed = script.trim();
    if (trimmed !== "") this.history.push(...trimmed.split("\n").filter((l) => l.trim() !== ""));
    const result = await this.bash.exec(script, { env: this.env, replaceEnv: true, cwd: this.cwd, rawScript: true });
    this.env = { ...result.env };
    delete this.env["?"];
    if (result.env.PWD) this.cwd = result.env.PWD;
    return { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode };
  }

  workingFolder(): string {
    return this.cwd;
  }

  presetName(): string {
    return this.preset;
  }

  resetWorld(preset: string): CommandResult {
    if (!PRESETS.includes(preset)) {
      return failure(`sim: unknown preset "${preset}" (known presets: ${PRESETS.join(", ")})`);
    }
    this.preset = preset;
    this.world = createWorld(preset, this.seed);
    return ok(`world reset to preset "${preset}"\n`);
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
          ctx.world.advance(total / 1000);
          return ok();
        },
      },
      {
        name: "history",
        run: () => ok(this.history.map((line, i) => `${String(i + 1).padStart(5)}  ${line}\n`).join("")),
      },
    ];
  }
}
