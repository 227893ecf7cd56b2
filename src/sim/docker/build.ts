/**
 * `docker build` on the engine model: runs a parsed Dockerfile stage by stage
 * against a build context (path → content, read by the shell layer) and the
 * engine's layer cache, and reports every BuildKit vertex so the shell can
 * print plain progress. Cache rules follow BuildKit: a step is reused when its
 * parent step, its instruction and the state it runs in (ENV and ARG values,
 * working folder, user) and, for COPY/ADD, the checksums of the copied files
 * match. Config-only instructions (LABEL, EXPOSE, CMD, ...) are not steps and
 * never break the cache of what follows.
 */
import { posix } from "node:path";
import { pullImage } from "../catalog/images.js";
import { catalogImageConfig } from "../catalog/image-config.js";
import { parseImageReference } from "../catalog/images.js";
import { DockerIgnore } from "./dockerignore.js";
import { parseDockerfile, printSourceExcerpt, type Instruction, type Stage } from "./dockerfile.js";
import { expandVariables } from "./expand.js";
import { shellForm } from "../runtime/command.js";
import { applyChanges, DEFAULT_PATH, emptyConfig, imageFiles, imageId, layerDigest, sha256, type HistoryEntry, type Image, type ImageConfig, type Layer } from "./image.js";
import { runEffect } from "./run-effects.js";

export interface BuildRequest {
  /** The build context: paths relative to its root → content. */
  context: ReadonlyMap<string, string>;
  /** Path of the Dockerfile inside the context (`-f`); "Dockerfile" by default. */
  dockerfile?: string;
  /** The Dockerfile's text when it does not come from the context (`-f -`). */
  dockerfileText?: string;
  tags?: string[];
  buildArgs?: Record<string, string>;
  target?: string;
  noCache?: boolean;
}

/** One BuildKit vertex, as plain progress prints it. */
export interface Vertex {
  name: string;
  /** Lines between the name and DONE ("transferring context: 2B done"). */
  logs: string[];
  status: "done" | "cached" | "error";
  seconds: number;
  error?: string;
}

export interface BuildStep {
  stage: string;
  instruction: string;
  cached: boolean;
}

export type BuildResult =
  | { ok: true; vertices: Vertex[]; image: Image; steps: BuildStep[]; seconds: number }
  | { ok: false; vertices: Vertex[]; error: string; excerpt: string; seconds: number };

/** What a cached step was made from, kept to say why a later build could not reuse it. */
export interface StepMemo {
  /** The cache key of the step before it. */
  parent: string;
  /** The instruction as the Dockerfile wrote it ("COPY . ."). */
  instruction: string;
  /** COPY/ADD: destination path → checksum of each copied file. */
  inputs?: [string, string][];
  /** RUN: the build args and ENV it ran with, its working folder and user. */
  env?: [string, string][];
}

export interface CachedStep {
  layer?: Layer;
  created: number;
  memo?: StepMemo;
}

/** When the catalog's images were published: a month before the world's clock starts (EPOCH). */
export const CATALOG_IMAGE_CREATED = Date.UTC(2025, 11, 2, 9, 0, 0);

/** The daemon's image store and build cache: kept across builds, pure data. */
export class DockerEngine {
  readonly images = new Map<string, Image>();
  /** "docker.io/library/app:1" → image ID. */
  readonly tags = new Map<string, string>();
  readonly buildCache = new Map<string, CachedStep>();
  /** References pulled at least once (the first build pulls metadata, later ones only resolve it). */
  readonly pulled = new Set<string>();

  /** The last Dockerfiles parsed and catalog answers: pure functions of their input, asked again by every rebuild. */
  private readonly parses = new Map<string, ReturnType<typeof parseDockerfile>>();
  private readonly catalogAnswers = new Map<string, ReturnType<typeof pullImage>>();
  /** Each path's last copied content and its sha256, so an unchanged file is not hashed again on every COPY of every build. */
  private readonly contentSums = new Map<string, { content: string; sum: string }>();

  constructor(private readonly now: () => number) {}

  /** parseDockerfile, remembered for the last few texts (the build only reads the result). */
  parsed(text: string): ReturnType<typeof parseDockerfile> {
    let result = this.parses.get(text);
    if (!result) {
      result = parseDockerfile(text);
      if (this.parses.size >= 8) this.parses.delete(this.parses.keys().next().value!);
      this.parses.set(text, result);
    }
    return result;
  }

  /** The catalog's answer for a reference (which never changes during a session). */
  catalog(ref: string): ReturnType<typeof pullImage> {
    let answer = this.catalogAnswers.get(ref);
    if (!answer) {
      answer = pullImage(ref);
      this.catalogAnswers.set(ref, answer);
    }
    return answer;
  }

  /** sha256 of a copied file's content (remembered per path while the content stays the same). */
  checksum(path: string, content: string): string {
    const known = this.contentSums.get(path);
    if (known?.content === content) return known.sum;
    const sum = sha256(content);
    this.contentSums.set(path, { content, sum });
    return sum;
  }

  imageByReference(ref: string): Image | undefined {
    const id = this.tags.get(parseImageReference(ref).full) ?? (ref.startsWith("sha256:") ? ref : undefined);
    return id ? this.images.get(id) : undefined;
  }

  /** A catalog image as a local image: one inherited layer of its size, its default command. */
  baseImage(ref: string): { ok: true; image: Image; full: string; firstPull: boolean } | { ok: false; error: string } {
    const local = this.imageByReference(ref);
    const parsed = parseImageReference(ref);
    if (local) return { ok: true, image: local, full: parsed.full, firstPull: false };
    const pulled = this.catalog(ref);
    if (!pulled.ok) {
      const why = pulled.message.includes("pull access denied") ? "pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed" : `${parsed.full}: not found`;
      return { ok: false, error: `${ref}: failed to resolve source metadata for ${parsed.full}: ${why}` };
    }
    const info = pulled.image;
    const layer: Layer = { digest: sha256(`layer:${parsed.full}`), changes: new Map(), sizeBytes: info.sizeBytes };
    const c = catalogImageConfig(parsed.repository, parsed.tag, info.entrypoint, info.cmd);
    const set = (keys: string[]) => (keys.length ? Object.fromEntries(keys.map((k) => [k, {}])) : null);
    const config: ImageConfig = { ...emptyConfig(), User: c.User, ExposedPorts: set(c.ExposedPorts), Env: c.Env, Cmd: c.Cmd, Volumes: set(c.Volumes), WorkingDir: c.WorkingDir, Entrypoint: c.Entrypoint, ...(c.StopSignal ? { StopSignal: c.StopSignal } : {}) };
    const history: HistoryEntry[] = [{ createdBy: `/bin/sh -c #(nop) ADD file:${layer.digest.slice(7, 23)} in / `, created: CATALOG_IMAGE_CREATED, layer, inherited: true }];
    const image: Image = { id: imageId(config, history), config, history, created: CATALOG_IMAGE_CREATED, base: parsed.full };
    const firstPull = !this.pulled.has(parsed.full);
    this.pulled.add(parsed.full);
    return { ok: true, image, full: parsed.full, firstPull };
  }

  /**
   * `docker pull` / the pull `docker run` does: the catalog image stored
   * locally under its reference. Errors are the daemon's words
   * (`pull access denied for x, repository does not exist ...`).
   */
  pull(ref: string): { ok: true; image: Image; full: string; pulled: boolean } | { ok: false; error: string } {
    const parsed = parseImageReference(ref);
    const local = this.imageByReference(ref);
    if (local) return { ok: true, image: local, full: parsed.full, pulled: false };
    const found = pullImage(ref);
    if (!found.ok) {
      const familiar = parsed.repository.replace(/^docker\.io\/(library\/)?/, "");
      const error = found.message.includes("pull access denied")
        ? `pull access denied for ${familiar}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`
        : `manifest for ${familiar}:${parsed.tag} not found: manifest unknown: manifest unknown`;
      return { ok: false, error };
    }
    const base = this.baseImage(ref);
    if (!base.ok) return base;
    this.images.set(base.image.id, base.image);
    this.tags.set(parsed.full, base.image.id);
    return { ok: true, image: base.image, full: parsed.full, pulled: true };
  }

  build(request: BuildRequest): BuildResult {
    return new Build(this, request, this.now()).run();
  }
}

interface StageState {
  stage: Stage;
  displayName: string;
  files: Map<string, string>;
  config: ImageConfig;
  history: HistoryEntry[];
  cacheKey: string;
  env: Map<string, string>;
  args: Map<string, string>;
  cmdSet: boolean;
  index: number;
  total: number;
  /** The catalog image at the root of this stage (Image.base). */
  base?: string;
  /** The first step of this stage that missed the cache: every later one misses because of it. */
  missedStep?: string;
}

/** Instructions BuildKit runs as a vertex (dockerfile2llb's cmdTotal counts exactly these, plus FROM). */
const VERTEX_INSTRUCTIONS = new Set(["ADD", "COPY", "RUN", "WORKDIR"]);
const NOT_SIMULATED = new Set(["HEALTHCHECK", "ONBUILD", "MAINTAINER"]);

/** The signals moby's signal.ParseSignal knows on Linux (by name, with or without SIG, or by number). */
const SIGNALS = ["ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL", "INT", "IO", "IOT", "KILL", "PIPE", "POLL", "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM", "TRAP", "TSTP", "TTIN", "TTOU", "URG", "USR1", "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ"];

/** moby's signal.ParseSignal: a number 1-64, a name (SIGTERM, TERM) or RTMIN+n / RTMAX-n; its error otherwise. */
function parseSignalError(raw: string): string | undefined {
  if (/^\d+$/.test(raw)) return Number(raw) >= 1 && Number(raw) <= 64 ? undefined : `Invalid signal: ${raw}`;
  const name = raw.toUpperCase().replace(/^SIG/, "");
  if (SIGNALS.includes(name) || /^RTMIN(\+([0-9]|1[0-5]))?$/.test(name) || /^RTMAX(-([0-9]|1[0-4]))?$/.test(name)) return undefined;
  return `Invalid signal: ${raw}`;
}

class BuildError extends Error {
  constructor(message: string, readonly instruction?: Instruction) {
    super(message);
  }
}

class Build {
  private readonly vertices: Vertex[] = [];
  private readonly steps: BuildStep[] = [];
  private seconds = 0;
  private readonly dockerfileName: string;
  private text = "";
  private context = new Map<string, string>();
  private contextLoaded = false;
  private newLayers = false;

  constructor(private readonly engine: DockerEngine, private readonly request: BuildRequest, private readonly now: number) {
    this.dockerfileName = request.dockerfile ?? "Dockerfile";
  }

  run(): BuildResult {
    try {
      return this.runOrThrow();
    } catch (e) {
      if (!(e instanceof BuildError)) throw e;
      const at = e.instruction;
      return { ok: false, vertices: this.vertices, error: e.message, excerpt: at ? printExcerpt(this.dockerfileName, this.text, at) : "", seconds: this.seconds };
    }
  }

  private vertex(name: string, seconds: number, logs: string[] = [], status: Vertex["status"] = "done"): void {
    this.vertices.push({ name, logs, status, seconds });
    this.seconds += seconds;
  }

  private runOrThrow(): BuildResult {
    const text = this.request.dockerfileText ?? this.request.context.get(this.dockerfileName);
    if (text === undefined) throw new BuildError(`failed to read dockerfile: open ${this.dockerfileName}: no such file or directory`);
    this.text = text;
    this.vertex(`[internal] load build definition from ${posix.basename(this.dockerfileName)}`, 0, [`transferring dockerfile: ${bytes(text.length)} done`]);
    const parsed = this.engine.parsed(text);
    if (!parsed.ok) {
      const e = parsed.error;
      throw new BuildError(e.message, e.startLine > 0 ? ({ startLine: e.startLine, endLine: e.endLine } as Instruction) : undefined);
    }
    const { stages, metaArgs } = parsed.dockerfile;
    const buildArgs = this.request.buildArgs ?? {};

    // ARGs before the first FROM: only FROM lines see them (Dockerfile reference, "Understand how ARG and FROM interact").
    const globalArgs = new Map<string, string>();
    for (const arg of metaArgs) for (const [k, v] of argDeclarations(arg.args)) {
      const value = buildArgs[k] ?? (v === undefined ? undefined : expandVariables(v, globalArgs));
      if (value !== undefined) globalArgs.set(k, value);
    }

    const targetIndex = this.request.target === undefined ? stages.length - 1 : stages.findIndex((s) => s.name === this.request.target!.toLowerCase());
    if (targetIndex === -1) throw new BuildError(`target stage "${this.request.target}" could not be found`);
    const reachable = reachableStages(stages, targetIndex);

    const bases = new Map<number, string>();
    for (const i of [...reachable].sort((a, b) => a - b)) {
      const stage = stages[i]!;
      const name = expandVariables(stage.baseName, globalArgs);
      if (name === "") throw new BuildError(`base name (${stage.baseName}) should not be blank`, stage.from);
      bases.set(i, name);
    }
    const external = [...new Set([...bases].filter(([i, n]) => !isStageReference(stages, i, n) && n !== "scratch").map(([, n]) => n))];
    for (const name of external) {
      const base = this.engine.baseImage(name);
      if (!base.ok) {
        this.vertices.push({ name: `[internal] load metadata for ${parseImageReference(name).full}`, logs: [], status: "error", seconds: 0.4, error: base.error });
        throw new BuildError(base.error, stages[[...bases].find(([, n]) => n === name)![0]]!.from);
      }
      this.vertex(`[internal] load metadata for ${base.full}`, base.firstPull ? 1.2 : 0.4);
    }
    const ignoreText = this.request.context.get(".dockerignore");
    this.vertex("[internal] load .dockerignore", 0, [`transferring context: ${bytes(ignoreText?.length ?? 2)} done`]);
    const ignore = new DockerIgnore(ignoreText ?? "");
    for (const [path, content] of this.request.context) if (!ignore.ignores(path)) this.context.set(path, content);

    const done = new Map<number, StageState>();
    for (const i of [...reachable].sort((a, b) => a - b)) done.set(i, this.runStage(stages, i, bases.get(i)!, done, globalArgs, buildArgs));
    const final = done.get(targetIndex)!;
    return this.export(final);
  }

  private runStage(stages: Stage[], index: number, baseName: string, done: Map<number, StageState>, globalArgs: Map<string, string>, buildArgs: Record<string, string>): StageState {
    const stage = stages[index]!;
    const displayName = stages.length === 1 ? "" : stage.name || `stage-${index}`;
    const total = (baseName === "scratch" ? 0 : 1) + stage.instructions.filter((i) => VERTEX_INSTRUCTIONS.has(i.name)).length;
    let state: StageState;
    const parentStage = isStageReference(stages, index, baseName) ? stages.findIndex((s) => s.name === baseName.toLowerCase()) : -1;
    if (baseName === "scratch") {
      state = { stage, displayName, files: new Map(), config: emptyConfig(), history: [], cacheKey: sha256("scratch"), env: new Map(), args: new Map(), cmdSet: false, index: 0, total };
    } else {
      let label: string;
      if (parentStage !== -1) {
        const parent = done.get(parentStage)!;
        label = baseName.toLowerCase();
        state = { ...parent, stage, displayName, files: new Map(parent.files), history: [...parent.history], config: structuredClone(parent.config), env: new Map(parent.env), args: new Map(), cmdSet: false, index: 0, total };
      } else {
        const base = this.engine.baseImage(baseName);
        if (!base.ok) throw new BuildError(base.error, stage.from);
        const image = base.image;
        label = `${base.full}@${base.image.id}`;
        state = { stage, displayName, files: imageFiles(image), config: structuredClone(image.config), history: image.history.map((h) => ({ ...h, inherited: true })), cacheKey: sha256(`from:${image.id}`), env: envMap(image.config.Env), args: new Map(), cmdSet: false, index: 0, total, ...(image.base ? { base: image.base } : {}) };
      }
      this.vertex(this.prefix(state, `FROM ${label}`), 0);
    }

    for (const instruction of stage.instructions) {
      if (NOT_SIMULATED.has(instruction.name)) throw new BuildError(`kadet: '${instruction.name}' in a Dockerfile is not simulated yet`, instruction);
      const scope = new Map([...state.args, ...state.env]);
      const expand = (s: string) => expandVariables(s, scope);
      switch (instruction.name) {
        case "ARG":
          for (const [k, v] of argDeclarations(instruction.args)) {
            // An ARG inside a stage without a value takes the global default (Dockerfile reference, ARG and FROM).
            const value = buildArgs[k] ?? (v !== undefined ? expand(v) : globalArgs.get(k));
            state.args.set(k, value ?? "");
          }
          break;
        case "ENV":
          for (const [k, v] of envDeclarations(instruction.args)) state.env.set(k, expandVariables(v, new Map([...state.args, ...state.env])));
          state.config.Env = [...state.env].map(([k, v]) => `${k}=${v}`);
          this.configStep(state, `ENV ${[...envDeclarations(instruction.args)].map(([k]) => `${k}=${state.env.get(k)}`).join(" ")}`);
          break;
        case "LABEL":
          state.config.Labels = { ...(state.config.Labels ?? {}), ...Object.fromEntries([...envDeclarations(instruction.args)].map(([k, v]) => [expand(k), expand(v)])) };
          this.configStep(state, `LABEL ${instruction.args}`);
          break;
        case "EXPOSE":
          for (const port of expand(instruction.args).split(/\s+/).filter(Boolean)) {
            state.config.ExposedPorts = { ...(state.config.ExposedPorts ?? {}), [port.includes("/") ? port : `${port}/tcp`]: {} };
          }
          this.configStep(state, `EXPOSE map[${Object.keys(state.config.ExposedPorts ?? {}).map((p) => `${p}:{}`).join(" ")}]`);
          break;
        case "USER":
          state.config.User = expand(instruction.args);
          this.configStep(state, `USER ${state.config.User}`);
          break;
        case "VOLUME": {
          const list = instruction.json ?? expand(instruction.args).split(/\s+/).filter(Boolean);
          for (const v of list) state.config.Volumes = { ...(state.config.Volumes ?? {}), [v]: {} };
          this.configStep(state, `VOLUME [${list.join(" ")}]`);
          break;
        }
        case "CMD":
          state.config.Cmd = instruction.json ?? shellForm(instruction.args, state.config.Shell);
          state.cmdSet = true;
          this.configStep(state, `CMD [${state.config.Cmd.map((w) => JSON.stringify(w)).join(" ")}]`);
          break;
        case "ENTRYPOINT":
          state.config.Entrypoint = instruction.json ?? shellForm(instruction.args, state.config.Shell);
          // "If CMD is defined from the base image, setting ENTRYPOINT will reset CMD to an empty value" (Dockerfile reference, CMD).
          if (!state.cmdSet) state.config.Cmd = null;
          this.configStep(state, `ENTRYPOINT [${state.config.Entrypoint.map((w) => JSON.stringify(w)).join(" ")}]`);
          break;
        case "STOPSIGNAL": {
          // dispatchStopSignal: the signal is checked (signal.ParseSignal), kept in the config, and a history entry without a layer.
          const signal = expand(instruction.args.trim());
          const invalid = parseSignalError(signal);
          if (invalid) throw new BuildError(invalid, instruction);
          state.config.StopSignal = signal;
          this.configStep(state, `STOPSIGNAL ${signal}`);
          break;
        }
        case "SHELL":
          // The exec (JSON) form only (instructions.parseShell); it changes the shell of every later shell-form RUN, CMD and ENTRYPOINT.
          if (!instruction.json || instruction.json.length === 0) throw new BuildError(`dockerfile parse error on line ${instruction.startLine}: SHELL requires the arguments to be in JSON form`, instruction);
          state.config.Shell = [...instruction.json];
          // Go's %v of a []string: "SHELL [/bin/bash -c]".
          this.configStep(state, `SHELL [${instruction.json.join(" ")}]`);
          break;
        case "WORKDIR": {
          const dir = posix.resolve("/", state.config.WorkingDir || "/", expand(instruction.args));
          state.config.WorkingDir = dir;
          this.layerStep(state, `WORKDIR ${dir}`, `WORKDIR ${instruction.args}`, `workdir:${dir}`, () => ({ changes: new Map([[`${dir.slice(1)}/`, ""]]), extraBytes: 0, seconds: 0 }));
          break;
        }
        case "RUN": {
          if (instruction.args.startsWith("<<")) throw new BuildError("kadet: RUN with a here-document is not simulated yet", instruction);
          if (Object.keys(instruction.flags).length > 0) throw new BuildError(`kadet: 'RUN --${Object.keys(instruction.flags)[0]}' is not simulated yet`, instruction);
          const argv = instruction.json ?? shellForm(instruction.args, state.config.Shell);
          // Build args and ENV are the command's environment, so their values are part of the step (Dockerfile reference, ARG: "Impact on build caching").
          const envKey = JSON.stringify([[...state.args], [...state.env], state.config.WorkingDir, state.config.User]);
          const script = instruction.json ? instruction.json.join(" ") : instruction.args;
          // The shell of a shell-form RUN expands $NAME from the build args and ENV (Dockerfile reference, RUN); exec form has no shell.
          const shellEnv = instruction.json ? undefined : new Map([...state.args, ...state.env]);
          this.layerStep(state, `RUN ${runArgsPrefix(state)}${argv.join(" ")} # buildkit`, `RUN ${instruction.args}`, `run:${JSON.stringify(argv)}:${envKey}`, () => runEffect(script, state.config.WorkingDir, state.files, shellEnv), {
            env: [...[...state.args].map(([k, v]): [string, string] => [`ARG ${k}`, v]), ...[...state.env].map(([k, v]): [string, string] => [`ENV ${k}`, v]), ["WORKDIR", state.config.WorkingDir], ["USER", state.config.User]],
          });
          break;
        }
        case "COPY":
        case "ADD":
          this.copy(state, instruction, stages, done, expand);
          break;
        default:
          throw new BuildError(`kadet: '${instruction.name}' in a Dockerfile is not simulated yet`, instruction);
      }
    }
    return state;
  }

  private copy(state: StageState, instruction: Instruction, stages: Stage[], done: Map<number, StageState>, expand: (s: string) => string): void {
    for (const flag of Object.keys(instruction.flags)) {
      if (!["from", "chown", "chmod"].includes(flag)) throw new BuildError(`kadet: '${instruction.name} --${flag}' is not simulated yet`, instruction);
    }
    const words = instruction.json ?? expand(instruction.args).split(/\s+/).filter(Boolean);
    if (words.length < 2) throw new BuildError(`dockerfile parse error on line ${instruction.startLine}: ${instruction.name} requires at least two arguments, but only one was provided. Destination could not be determined`, instruction);
    const sources = words.slice(0, -1);
    const rawDest = words[words.length - 1]!;
    let from = this.context;
    let fromLabel = "context";
    const fromFlag = instruction.flags.from;
    if (fromFlag !== undefined) {
      const i = stages.findIndex((s) => s.name === fromFlag.toLowerCase());
      const byIndex = /^\d+$/.test(fromFlag) ? Number(fromFlag) : -1;
      const stageIndex = i !== -1 ? i : byIndex;
      const source = done.get(stageIndex);
      if (!source) throw new BuildError(`kadet: '${instruction.name} --from=${fromFlag}' from an image is not simulated yet (only earlier stages)`, instruction);
      from = source.files;
      fromLabel = `stage:${stageIndex}`;
    } else if (!this.contextLoaded) {
      this.contextLoaded = true;
      const size = [...this.context.values()].reduce((n, c) => n + c.length, 0);
      this.vertex("[internal] load build context", 0, [`transferring context: ${bytes(size)} done`]);
    }
    if (instruction.name === "ADD" && sources.some((s) => /^[a-z]+:\/\//.test(s) || /\.(tar|tgz|tar\.gz|tar\.xz)$/.test(s))) {
      throw new BuildError("kadet: ADD of a URL or an archive is not simulated yet", instruction);
    }
    const cwd = state.config.WorkingDir || "/";
    const destIsDir = rawDest.endsWith("/") || rawDest === "." || sources.length > 1;
    const dest = posix.resolve(cwd, rawDest).slice(1);
    const copied = new Map<string, string>();
    for (const source of sources) {
      const matches = matchSources(from, source, from === this.context ? contextIndex(this.context) : undefined);
      if (matches.length === 0) {
        const ref = sha256(`${fromLabel}:${this.now}`).slice(7, 33);
        throw new BuildError(`failed to compute cache key: failed to calculate checksum of ref ${ref}::${ref.slice(0, 25)}: "/${posix.normalize(source).replace(/^\/+/, "")}": not found`, instruction);
      }
      for (const [path, rel, content] of matches) {
        const target = rel === "" ? (destIsDir ? posix.join(dest, posix.basename(path)) : dest) : posix.join(dest, rel);
        copied.set(target.startsWith("/") ? target.slice(1) : target, content);
      }
    }
    // The cache key of COPY is the checksum of what it copies, never file times (BuildKit's content-based cache).
    // Ordered as Array.prototype.sort orders the pairs by default ("path,sum"), with the keys made once.
    const checksums = [...copied]
      .map(([p, c]): [string, string, string] => { const sum = this.engine.checksum(p, c); return [`${p},${sum}`, p, sum]; })
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([, p, sum]): [string, string] => [p, sum]);
    const shown = `${instruction.name} ${Object.entries(instruction.flags).map(([k, v]) => `--${k}=${v} `).join("")}${instruction.args}`;
    this.layerStep(state, `${instruction.name} ${sources.join(" ")} ${rawDest} # buildkit`, shown, `copy:${JSON.stringify(checksums)}:${instruction.flags.chown ?? ""}`, () => ({ changes: new Map(copied), extraBytes: 0, seconds: 0.1 }), { inputs: checksums });
  }

  private prefix(state: StageState, text: string): string {
    if (state.total === 0) return text;
    state.index++;
    const width = 1 + Math.floor(Math.log10(state.total));
    return `[${state.displayName ? `${state.displayName} ` : ""}${String(state.index).padStart(width)}/${state.total}] ${text}`;
  }

  private configStep(state: StageState, createdBy: string): void {
    // No time of its own: export fills it in from the layers around it (fillHistoryTimes).
    state.history.push({ createdBy: `${createdBy}`, created: Number.NaN });
  }

  private layerStep(
    state: StageState,
    createdBy: string,
    shown: string,
    stepKey: string,
    execute: () => { changes: Map<string, string | null>; extraBytes: number; seconds: number },
    details: Pick<StepMemo, "inputs" | "env"> = {},
  ): void {
    const key = sha256(`${state.cacheKey}\n${stepKey}`);
    const name = this.prefix(state, shown);
    const hit = this.request.noCache ? undefined : this.engine.buildCache.get(key);
    const memo: StepMemo = { parent: state.cacheKey, instruction: shown, ...details };
    let layer: Layer;
    let created: number;
    let reason: string | undefined;
    if (!hit?.layer) {
      reason = this.request.noCache ? "--no-cache: every step runs" : state.missedStep !== undefined ? `an earlier step of this stage ran (${state.missedStep}), so every later one runs too` : missReason(this.engine.buildCache, memo);
      state.missedStep ??= shown;
    }
    if (hit?.layer) {
      layer = hit.layer;
      created = hit.created;
      this.vertex(name, 0, [], "cached");
    } else {
      const effect = execute();
      const size = [...effect.changes.values()].reduce((n, c) => n + (c?.length ?? 0), 0) + effect.extraBytes;
      layer = { digest: layerDigest(effect.changes, stepKey), changes: effect.changes, sizeBytes: size };
      created = this.now;
      this.engine.buildCache.set(key, { layer, created, memo });
      this.newLayers = true;
      this.vertex(name, effect.seconds);
    }
    applyChanges(state.files, layer.changes);
    state.history.push({ createdBy, created, layer, lastBuild: { cached: reason === undefined, ...(reason !== undefined ? { reason } : {}) } });
    state.cacheKey = key;
    this.steps.push({ stage: state.displayName, instruction: shown, cached: hit?.layer !== undefined });
  }

  private export(final: StageState): BuildResult {
    const history = fillHistoryTimes(final.history, this.now);
    const created = history.length ? Math.max(...history.map((h) => h.created)) : this.now;
    const image: Image = { id: imageId(final.config, history), config: final.config, history, created, ...(final.base ? { base: final.base } : {}) };
    this.engine.images.set(image.id, image);
    const logs = [this.newLayers ? "exporting layers 0.1s done" : "exporting layers done", `writing image ${image.id} done`];
    for (const tag of this.request.tags ?? []) {
      const full = parseImageReference(tag).full;
      this.engine.tags.set(full, image.id);
      logs.push(`naming to ${full} done`);
    }
    this.vertex("exporting to image", this.newLayers ? 0.1 : 0, logs);
    return { ok: true, vertices: this.vertices, image, steps: this.steps, seconds: Math.round(this.seconds * 10) / 10 };
  }
}

/**
 * BuildKit's normalizeLayersAndHistory (exporter/containerimage/writer.go):
 * a config-only history entry has no time of its own and takes the time of
 * the first new layer after a metadata command, or of the layer before it.
 * A fully cached rebuild thus keeps every time, so it yields the same image ID.
 */
function fillHistoryTimes(history: readonly HistoryEntry[], now: number): HistoryEntry[] {
  let created: number | undefined;
  let unsetSeen = false;
  for (const h of history) {
    if (Number.isNaN(h.created)) unsetSeen = true;
    else {
      created = h.created;
      if (unsetSeen) break;
    }
  }
  unsetSeen = false;
  return history.map((h) => {
    if (!Number.isNaN(h.created)) {
      if (unsetSeen) created = h.created;
      return h;
    }
    unsetSeen = true;
    return { ...h, created: created ?? now };
  });
}

function printExcerpt(filename: string, text: string, at: Pick<Instruction, "startLine" | "endLine">): string {
  return printSourceExcerpt(filename, text, at.startLine, at.endLine);
}

/** Stages the target needs: itself and, transitively, stages named by FROM or COPY --from. */
function reachableStages(stages: Stage[], target: number): Set<number> {
  const out = new Set<number>();
  const visit = (i: number) => {
    if (out.has(i) || i < 0) return;
    out.add(i);
    const base = stages.findIndex((s, j) => j < i && s.name !== "" && s.name === stages[i]!.baseName.toLowerCase());
    if (base !== -1) visit(base);
    for (const instruction of stages[i]!.instructions) {
      const from = instruction.flags.from;
      if (from === undefined) continue;
      const named = stages.findIndex((s) => s.name === from.toLowerCase());
      visit(named !== -1 ? named : /^\d+$/.test(from) ? Number(from) : -1);
    }
  };
  visit(target);
  return out;
}

function isStageReference(stages: Stage[], index: number, name: string): boolean {
  return stages.some((s, j) => j < index && s.name !== "" && s.name === name.toLowerCase());
}

/**
 * The build args a RUN's history entry records before its command, as
 * BuildKit's runCommandString writes them: "|2 A=1 B=2 " for every ARG the
 * stage declared so far, an ENV of the same name winning. This is why a
 * secret passed as a build arg can be read back with `docker history`.
 */
function runArgsPrefix(state: StageState): string {
  if (state.args.size === 0) return "";
  const pairs = [...state.args].map(([k, v]) => `${k}=${state.env.get(k) ?? v}`);
  return `|${pairs.length} ${pairs.join(" ")} `;
}

/** `ARG a=1 b` → [["a","1"],["b",undefined]]. */
function argDeclarations(args: string): [string, string | undefined][] {
  return args.split(/\s+/).filter(Boolean).map((word) => {
    const eq = word.indexOf("=");
    return eq === -1 ? [word, undefined] : [word.slice(0, eq), unquote(word.slice(eq + 1))];
  });
}

/** `ENV a=1 b="2 3"` or the legacy `ENV a 1 2` → pairs. */
function envDeclarations(args: string): [string, string][] {
  const legacy = args.match(/^([^\s=]+)\s+(.*)$/s);
  if (legacy && !legacy[1]!.includes("=")) return [[legacy[1]!, legacy[2]!]];
  const out: [string, string][] = [];
  for (const m of args.matchAll(/("[^"]*"|[^\s=]+)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g)) out.push([unquote(m[1]!), unquote(m[2]!)]);
  return out;
}

function unquote(s: string): string {
  if ((s.startsWith('"') && s.endsWith('"')) || (s.startsWith("'") && s.endsWith("'"))) return s.slice(1, -1).replace(/\\(.)/g, "$1");
  return s;
}

function envMap(env: readonly string[]): Map<string, string> {
  return new Map(env.map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]));
}

/**
 * The files a COPY source names: a file, a folder (its contents, not the
 * folder itself, as the Dockerfile reference says), or a `*`/`?` pattern.
 * Each match is [path, path below the source folder ("" for a file), content].
 */
function matchSources(tree: ReadonlyMap<string, string>, source: string, index?: Map<string, [string, string][]>): [string, string, string][] {
  const clean = posix.normalize(source).replace(/^\/+/, "").replace(/\/$/, "");
  const out: [string, string, string][] = [];
  if (clean === "." || clean === "") {
    for (const [p, c] of tree) if (!p.endsWith("/")) out.push([p, p, c]);
    return out;
  }
  const pattern = /[*?[]/.test(clean) ? new RegExp(`^${clean.replace(/[.+^${}()|\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]")}$`) : undefined;
  const below = `${clean}/`;
  if (!pattern && index) {
    // A plain path: the file itself, or the files below the folder, in the tree's order (a path is never both).
    const file = tree.get(clean);
    if (file !== undefined) return [[clean, "", file]];
    return (index.get(clean) ?? []).map(([p, c]) => [p, p.slice(below.length), c]);
  }
  for (const [p, c] of tree) {
    if (p.endsWith("/")) continue;
    if (pattern ? pattern.test(p) : p === clean) out.push([p, "", c]);
    else if (!pattern && p.startsWith(below)) out.push([p, p.slice(below.length), c]);
  }
  return out;
}

/**
 * The build context's files by every folder above them (in the context's order), made once per
 * build: COPY SRC looks up SRC's files instead of scanning the whole context. Only for the
 * context, which no step changes once it is loaded.
 */
const FOLDER_INDEXES = new WeakMap<ReadonlyMap<string, string>, Map<string, [string, string][]>>();

function contextIndex(tree: ReadonlyMap<string, string>): Map<string, [string, string][]> {
  let index = FOLDER_INDEXES.get(tree);
  if (index) return index;
  index = new Map();
  for (const [p, c] of tree) {
    if (p.endsWith("/")) continue;
    for (let slash = p.indexOf("/"); slash !== -1; slash = p.indexOf("/", slash + 1)) {
      const folder = p.slice(0, slash);
      let files = index.get(folder);
      if (!files) index.set(folder, (files = []));
      files.push([p, c]);
    }
  }
  FOLDER_INDEXES.set(tree, index);
  return index;
}

/** go-units BytesSize as BuildKit prints transfer sizes: "146B", "7.33kB". */
function bytes(n: number): string {
  if (n < 1000) return `${n}B`;
  const units = ["kB", "MB", "GB"];
  let value = n / 1000;
  let i = 0;
  while (value >= 1000 && i < units.length - 1) {
    value /= 1000;
    i++;
  }
  // BuildKit keeps two decimals: "69.00kB" (seen in real plain progress).
  return `${value.toFixed(2)}${units[i]}`;
}

/**
 * Why a step missed the cache when the steps before it hit: the most recent cached step made
 * on the same parent is what the learner last built there, so the difference is the cause.
 */
export function missReason(cache: ReadonlyMap<string, CachedStep>, memo: StepMemo): string {
  let previous: StepMemo | undefined;
  let latest = -Infinity;
  for (const step of cache.values()) {
    if (step.memo?.parent === memo.parent && step.created >= latest) {
      previous = step.memo;
      latest = step.created;
    }
  }
  if (!previous) return "no earlier build reached this step on the same parent (a first build, or the base image or an earlier stage changed)";
  if (previous.instruction !== memo.instruction) return `the instruction changed (the last build here ran: ${previous.instruction})`;
  if (memo.inputs) {
    const before = new Map(previous.inputs ?? []);
    const now = new Map(memo.inputs);
    const changed = [...now].filter(([p, c]) => before.has(p) && before.get(p) !== c).map(([p]) => `${p} differs`);
    const added = [...now.keys()].filter((p) => !before.has(p)).map((p) => `${p} is new`);
    const removed = [...before.keys()].filter((p) => !now.has(p)).map((p) => `${p} is gone`);
    const all = [...changed, ...added, ...removed];
    if (all.length > 0) return `${memo.instruction} changed: ${all.slice(0, 3).join(", ")}${all.length > 3 ? ` and ${all.length - 3} more` : ""}`;
  }
  if (memo.env) {
    const before = new Map(previous.env ?? []);
    const diff = memo.env.filter(([k, v]) => before.get(k) !== v).map(([k, v]) => `${k}=${v}${before.has(k) ? ` (was ${before.get(k)})` : " (new)"}`);
    if (diff.length > 0) return `it runs with other build args or ENV: ${diff.join(", ")}`;
  }
  return "its cache key differs from the last build's (file ownership or flags)";
}
