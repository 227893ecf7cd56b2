/**
 * The Docker daemon's containers: created from an image and `docker run`'s
 * options, driven by the shared runtime (sim/runtime: command resolution,
 * state machine, process model), on the environment's virtual clock. Restart
 * policies are decided here, as dockerd's restart manager does: an
 * ever-doubling delay from 100 ms (reset after 10 s of running, capped at one
 * minute), never after `docker stop`. Errors are the daemon's own words.
 */
import { pullImage, type ImageInfo } from "../catalog/images.js";
import { resolveDockerCommand } from "../runtime/command.js";
import { advanceContainer, createContainer, exitsAt, signalContainer, startContainer, stopContainer, type RuntimeContainer } from "../runtime/container.js";
import { processFor } from "../runtime/process-model.js";
import { imageFiles, sha256, type Image } from "./image.js";
import { randomName } from "./names.js";

export type RestartPolicy = { name: "no" | "always" | "unless-stopped" } | { name: "on-failure"; maximumRetryCount: number };

export interface PortBinding {
  /** "80/tcp" */
  containerPort: string;
  hostIp: string;
  hostPort: string;
}

export interface RunOptions {
  /** The image as the learner named it ("nginx", "app:1"); `docker ps` shows it so. */
  imageName: string;
  name?: string;
  /** Words after the image. */
  args: string[];
  entrypoint?: string;
  env: string[];
  ports: PortBinding[];
  restart: RestartPolicy;
  autoRemove: boolean;
  tty: boolean;
  openStdin: boolean;
  workingDir?: string;
  user?: string;
  /** `--memory`: a limit below what the process needs OOM-kills it. */
  memoryBytes?: number;
}

export interface DockerContainer {
  id: string;
  name: string;
  imageName: string;
  imageId: string;
  created: number;
  /** Path and Args as `docker inspect` shows them. */
  path: string;
  args: string[];
  env: string[];
  workingDir: string;
  user: string;
  ports: PortBinding[];
  exposedPorts: string[];
  restart: RestartPolicy;
  autoRemove: boolean;
  tty: boolean;
  openStdin: boolean;
  stopSignal: string;
  memoryBytes?: number;
  /** What the process needs, from the catalog (MiB). */
  memoryMiB: number;
  runtime: RuntimeContainer;
  restartCount: number;
  /** Set by `docker stop`/`kill`: a stopped container is not restarted (until the daemon restarts). */
  manuallyStopped: boolean;
  /** While a restart policy waits out its delay: when the next start happens. */
  restartAt?: number;
  restartDelayMs: number;
  /** Why the process could not start (State.Error), as the daemon records it. */
  error: string;
  /** 172.17.0.N on the default bridge, while running. */
  ipSuffix: number;
  /** Catalog profile the process model reads (undefined for `FROM scratch`). */
  catalogRepository?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: string; exitCode?: number };

const RESTART_DELAY_START_MS = 100;
const RESTART_DELAY_MAX_MS = 60_000;
const RESTART_RESET_AFTER_MS = 10_000;

export class ContainerStore {
  readonly containers = new Map<string, DockerContainer>();
  /** How many containers were ever created: seeds IDs and names. */
  created = 0;

  constructor(private readonly now: () => number) {}

  /** A container by full ID, unique ID prefix, or name (with or without its leading "/"). */
  find(ref: string): DockerContainer | undefined {
    const name = ref.replace(/^\//, "");
    const all = [...this.containers.values()];
    const exact = all.find((c) => c.id === ref || c.name === name);
    if (exact) return exact;
    if (!/^[0-9a-f]+$/.test(ref)) return undefined;
    const prefixed = all.filter((c) => c.id.startsWith(ref));
    return prefixed.length === 1 ? prefixed[0] : undefined;
  }

  /** `docker create` half of `docker run`. */
  create(image: Image, options: RunOptions): Result<DockerContainer> {
    this.catchUp();
    if (options.name !== undefined) {
      if (!/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(options.name)) return { ok: false, error: `Invalid container name (${options.name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed` };
      const taken = this.find(options.name.replace(/^\//, ""));
      if (taken && taken.name === options.name.replace(/^\//, "")) {
        return { ok: false, error: `Conflict. The container name "/${taken.name}" is already in use by container "${taken.id}". You have to remove (or rename) that container to be able to reuse that name.` };
      }
    }
    const resolved = resolveDockerCommand(image.config.Entrypoint, image.config.Cmd, { args: options.args, ...(options.entrypoint !== undefined ? { entrypoint: options.entrypoint } : {}) });
    if (!resolved.ok) return { ok: false, error: resolved.error, exitCode: 125 };
    const now = this.now();
    const seq = ++this.created;
    const id = sha256(`container:${seq}:${options.name ?? ""}:${image.id}:${now}`).slice(7);
    let name = options.name?.replace(/^\//, "");
    for (let retry = 0; name === undefined || (options.name === undefined && this.find(name)?.name === name); retry++) name = randomName(seq, retry);
    const env = mergeEnv(image.config.Env, options.env);
    const info = catalogProfile(image);
    const files = imageFiles(image);
    const baseArgv = info ? [...info.entrypoint, ...info.cmd] : [];
    const isImageDefault = info !== undefined && sameWords(resolved.argv, baseArgv);
    const started = processFor({ image: info, executed: resolved.executed, isImageDefault, env, files, user: options.user ?? image.config.User, workingDir: options.workingDir ?? image.config.WorkingDir });
    const behaviour = started.ok ? started.behaviour : { kind: "exits" as const, afterSeconds: 0, exitCode: started.exitCode, logs: [] };
    const container: DockerContainer = {
      id,
      name,
      imageName: options.imageName,
      imageId: image.id,
      created: now,
      path: resolved.argv[0]!,
      args: resolved.argv.slice(1),
      env,
      workingDir: options.workingDir ?? image.config.WorkingDir,
      user: options.user ?? image.config.User,
      ports: options.ports,
      exposedPorts: [...new Set([...Object.keys(image.config.ExposedPorts ?? {}), ...options.ports.map((p) => p.containerPort)])],
      restart: options.restart,
      autoRemove: options.autoRemove,
      tty: options.tty,
      openStdin: options.openStdin,
      stopSignal: image.config.StopSignal ?? "SIGTERM",
      ...(options.memoryBytes ? { memoryBytes: options.memoryBytes } : {}),
      memoryMiB: info?.memoryMiB ?? 1,
      runtime: createContainer(behaviour),
      restartCount: 0,
      manuallyStopped: false,
      restartDelayMs: RESTART_DELAY_START_MS,
      error: started.ok ? "" : started.message,
      ipSuffix: 0,
      ...(info ? { catalogRepository: info.repository } : {}),
    };
    this.containers.set(id, container);
    return { ok: true, value: container };
  }

  /**
   * Starts a created or exited container. A process that cannot start (its
   * program missing) leaves the container "created" with exit code 127 and
   * the OCI error, as dockerd does, and the error goes back to the client.
   */
  start(container: DockerContainer): Result<DockerContainer> {
    this.catchUp();
    if (container.runtime.state.status === "running") return { ok: true, value: container };
    if (container.error) return { ok: false, error: container.error, exitCode: 127 };
    const conflict = this.portConflict(container);
    if (conflict) return { ok: false, error: `driver failed programming external connectivity on endpoint ${container.name} (${container.id}): Bind for ${conflict.hostIp}:${conflict.hostPort} failed: port is already allocated` };
    container.runtime = startContainer(container.runtime, this.now(), this.limits(container));
    container.manuallyStopped = false;
    delete container.restartAt;
    container.ipSuffix = this.freeIpSuffix();
    if (container.runtime.state.status === "exited") this.afterExit(container);
    return { ok: true, value: container };
  }

  /** `docker stop`: the stop signal, SIGKILL after the timeout; returns how long it waited (the client blocks). */
  stop(container: DockerContainer, signal: string | undefined, timeoutSeconds: number): number {
    this.catchUp();
    container.manuallyStopped = true;
    delete container.restartAt;
    if (container.runtime.state.status !== "running") return 0;
    const { container: runtime, waitedMs } = stopContainer(container.runtime, this.now(), signal ?? container.stopSignal, timeoutSeconds);
    container.runtime = runtime;
    return waitedMs;
  }

  /** `docker kill -s SIGNAL`; an error when the container is not running. */
  kill(container: DockerContainer, signal: string): Result<DockerContainer> {
    this.catchUp();
    // moby api/server/router/container postContainersKill wraps errNotRunning: "Cannot kill container: %s".
    if (container.runtime.state.status !== "running") return { ok: false, error: `Cannot kill container: ${container.name}: container ${container.id} is not running` };
    container.runtime = signalContainer(container.runtime, this.now(), signal);
    if (container.runtime.state.status !== "running") {
      container.manuallyStopped = true;
      this.afterExit(container);
    }
    return { ok: true, value: container };
  }

  remove(container: DockerContainer, force: boolean): Result<DockerContainer> {
    this.catchUp();
    if (container.runtime.state.status === "running" || container.restartAt !== undefined) {
      if (!force) return { ok: false, error: `cannot remove container "/${container.name}": container is running: stop the container before removing or force remove` };
      container.runtime = signalContainer(container.runtime, this.now(), "SIGKILL");
    }
    this.containers.delete(container.id);
    return { ok: true, value: container };
  }

  /**
   * Brings every container to the present: processes that ended exit, restart
   * policies restart them after their delay, --rm removes them. Events are
   * taken in time order so the result does not depend on how often this runs.
   */
  catchUp(): void {
    const now = this.now();
    for (const container of [...this.containers.values()]) {
      for (let guard = 0; guard < 10_000; guard++) {
        if (container.restartAt !== undefined) {
          if (container.restartAt > now) break;
          const at = container.restartAt;
          delete container.restartAt;
          container.restartCount++;
          container.runtime = startContainer(container.runtime, at, this.limits(container));
          if (container.runtime.state.status === "exited") this.afterExit(container);
          continue;
        }
        const exitAt = exitsAt(container.runtime);
        if (exitAt === undefined || exitAt > now) break;
        container.runtime = advanceContainer(container.runtime, exitAt);
        this.afterExit(container);
        if (!this.containers.has(container.id)) break;
      }
    }
  }

  /** The earliest time a container changes on its own (for idle-time skipping). */
  nextWakeAt(): number | undefined {
    const times = [...this.containers.values()].flatMap((c) => [c.restartAt, exitsAt(c.runtime)].filter((t): t is number => t !== undefined));
    return times.length ? Math.min(...times) : undefined;
  }

  /** What follows an exit: a restart after the policy's delay, or removal with --rm. */
  private afterExit(container: DockerContainer): void {
    const state = container.runtime.state;
    if (state.status !== "exited") return;
    if (this.shouldRestart(container, state.exitCode)) {
      const ranFor = state.finishedAt - state.startedAt;
      if (ranFor >= RESTART_RESET_AFTER_MS) container.restartDelayMs = RESTART_DELAY_START_MS;
      container.restartAt = state.finishedAt + container.restartDelayMs;
      container.restartDelayMs = Math.min(container.restartDelayMs * 2, RESTART_DELAY_MAX_MS);
      return;
    }
    if (container.autoRemove) this.containers.delete(container.id);
  }

  /** moby restartmanager.ShouldRestart. */
  private shouldRestart(container: DockerContainer, exitCode: number): boolean {
    if (container.manuallyStopped) return false;
    const policy = container.restart;
    if (policy.name === "always" || policy.name === "unless-stopped") return true;
    if (policy.name === "on-failure") return exitCode !== 0 && (policy.maximumRetryCount === 0 || container.restartCount < policy.maximumRetryCount);
    return false;
  }

  private limits(container: DockerContainer): { memoryLimitMiB?: number; memoryMiB: number } {
    return { memoryMiB: container.memoryMiB, ...(container.memoryBytes ? { memoryLimitMiB: container.memoryBytes / (1024 * 1024) } : {}) };
  }

  private portConflict(container: DockerContainer): PortBinding | undefined {
    const used = [...this.containers.values()].filter((c) => c !== container && c.runtime.state.status === "running").flatMap((c) => c.ports);
    return container.ports.find((p) => used.some((u) => u.hostPort === p.hostPort && u.containerPort.endsWith(p.containerPort.slice(p.containerPort.indexOf("/")))));
  }

  private freeIpSuffix(): number {
    const used = new Set([...this.containers.values()].filter((c) => c.runtime.state.status === "running").map((c) => c.ipSuffix));
    let n = 2;
    while (used.has(n)) n++;
    return n;
  }

  /** A host port for `-p 80` / `-P`: the kernel's ephemeral range starts at 32768. */
  ephemeralPort(): string {
    const used = new Set([...this.containers.values()].flatMap((c) => c.ports.map((p) => Number(p.hostPort))));
    let port = 32768;
    while (used.has(port)) port++;
    return String(port);
  }
}

/** The image's Env overlaid by `-e` (a NAME without "=" and unset is dropped by the client). */
function mergeEnv(imageEnv: readonly string[], runEnv: readonly string[]): string[] {
  const out = new Map(imageEnv.map((e) => [e.split("=")[0]!, e]));
  for (const e of runEnv) out.set(e.split("=")[0]!, e);
  return [...out.values()];
}

function sameWords(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((w, i) => w === b[i]);
}

/** The catalog image a local image's root file system comes from (its base, or itself when pulled). */
export function catalogProfile(image: Image): ImageInfo | undefined {
  if (!image.base) return undefined;
  const pulled = pullImage(image.base);
  return pulled.ok ? pulled.image : undefined;
}
