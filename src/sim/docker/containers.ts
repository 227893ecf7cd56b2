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
import { normalisePath, populateVolume, startupWrites, type ContainerMount } from "./container-fs.js";
import { randomName } from "./names.js";
import { hasEmbeddedDns, type Endpoint, type NetworkStore } from "./networks.js";
import { mountpoint, type VolumeStore } from "./volumes.js";

export type RestartPolicy = { name: "no" | "always" | "unless-stopped" } | { name: "on-failure"; maximumRetryCount: number };

export interface PortBinding {
  /** "80/tcp" */
  containerPort: string;
  hostIp: string;
  hostPort: string;
}

/** A mount as `-v`/`--mount`/`--tmpfs` ask for it (the CLI has parsed and checked the text). */
export interface MountRequest {
  type: "volume" | "bind" | "tmpfs";
  /** Volume name (absent: an anonymous volume) or absolute host path. */
  source?: string;
  target: string;
  readOnly: boolean;
  via: ContainerMount["via"];
  /** The `-v` text (HostConfig.Binds). */
  spec?: string;
  /** `-v name:/path:MODE`'s mode ("ro", "rw", "z"). */
  mode?: string;
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
  mounts?: MountRequest[];
  /** `--read-only`: the root file system refuses writes. */
  readOnlyRootfs?: boolean;
  /** `--network`: bridge (the default), host, none or a user-defined network's name or ID. */
  network?: string;
  networkAliases?: string[];
  /** `--add-host NAME:IP` (host-gateway already replaced by the CLI side). */
  extraHosts?: string[];
  /** `--label`, and the labels Compose puts on the containers it makes (com.docker.compose.project, ...). */
  labels?: Record<string, string>;
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
  /** Volumes, bind mounts and tmpfs, in the order Docker lists them. */
  mounts: ContainerMount[];
  /** The copy-on-write upper layer: path (no leading "/", folders end "/") → content, null a whiteout. */
  upper: Record<string, string | null>;
  readOnlyRootfs: boolean;
  /** HostConfig.NetworkMode: "bridge", "host", "none" or a user-defined network's name. */
  networkMode: string;
  /** The networks it is attached to, by name. */
  endpoints: Record<string, Endpoint>;
  /** HostConfig.ExtraHosts: "name:ip". */
  extraHosts: string[];
  /** Whether the main process is the image's own default (its start-up writes land in the upper layer). */
  defaultProcess: boolean;
  /** Catalog profile the process model reads (undefined for `FROM scratch`). */
  catalogRepository?: string;
  /** Labels set at creation (Compose finds its containers by com.docker.compose.project and .service). */
  labels?: Record<string, string>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: string; exitCode?: number };

const RESTART_DELAY_START_MS = 100;
const RESTART_DELAY_MAX_MS = 60_000;
const RESTART_RESET_AFTER_MS = 10_000;

export class ContainerStore {
  readonly containers = new Map<string, DockerContainer>();
  /** How many containers were ever created: seeds IDs and names. */
  created = 0;

  constructor(
    private readonly now: () => number,
    private readonly volumes: VolumeStore,
    private readonly networks: NetworkStore,
  ) {}

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
    const network = this.networks.find(options.network ?? "bridge");
    // moby daemon/container_operations.go: "network %s not found".
    if (!network) return { ok: false, error: `network ${options.network} not found`, exitCode: 125 };
    const aliases = options.networkAliases ?? [];
    if (aliases.length > 0 && !hasEmbeddedDns(network)) return { ok: false, error: "network-scoped alias is supported only for containers in user defined networks", exitCode: 125 };
    const mountError = duplicateMountPoint(options.mounts ?? []);
    if (mountError) return { ok: false, error: mountError, exitCode: 125 };
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
      mounts: [],
      upper: {},
      readOnlyRootfs: options.readOnlyRootfs ?? false,
      networkMode: network.name,
      endpoints: { [network.name]: { aliases, ipSuffix: 0 } },
      extraHosts: options.extraHosts ?? [],
      defaultProcess: isImageDefault,
      ...(options.labels ? { labels: { ...options.labels } } : {}),
      ...(info ? { catalogRepository: info.repository } : {}),
    };
    container.mounts = this.makeMounts(image, container, options.mounts ?? []);
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
    this.attach(container);
    if (container.runtime.state.status === "exited") this.afterExit(container);
    return { ok: true, value: container };
  }

  /** A start's effects on the container's surroundings: addresses on its networks, a fresh tmpfs, the process's own first writes. */
  private attach(container: DockerContainer): void {
    for (const [name, endpoint] of Object.entries(container.endpoints)) endpoint.ipSuffix = this.networks.find(name)?.subnetIndex === undefined ? 0 : this.freeIpSuffix(name, container);
    for (const m of container.mounts) if (m.type === "tmpfs") m.tmpfsFiles = {};
    if (container.defaultProcess && container.runtime.runs.length === 1) {
      for (const [path, content] of Object.entries(startupWrites(container.catalogRepository))) if (!container.mounts.some((m) => `/${path}`.startsWith(`${m.destination}/`))) container.upper[path] = content;
    }
  }

  /** `-v`/`--mount` requests, then the image's VOLUMEs no request covers (anonymous volumes), as moby's create does. */
  private makeMounts(image: Image, container: DockerContainer, requests: readonly MountRequest[]): ContainerMount[] {
    const mounts: ContainerMount[] = [];
    for (const r of requests) {
      const destination = normalisePath(r.target);
      if (r.type === "bind") {
        mounts.push({ type: "bind", source: r.source!, destination, rw: !r.readOnly, mode: r.via === "volume-flag" ? (r.mode ?? "") : "", via: r.via, ...(r.spec ? { spec: r.spec } : {}) });
      } else if (r.type === "tmpfs") {
        mounts.push({ type: "tmpfs", source: "", destination, rw: !r.readOnly, mode: "", via: r.via, tmpfsFiles: {} });
      } else {
        const volume = this.volumes.create(r.source, "container");
        if (!volume.ok) continue;
        populateVolume(volume.value, image, container.catalogRepository, destination);
        mounts.push({ type: "volume", name: volume.value.name, source: mountpoint(volume.value.name), destination, rw: !r.readOnly, mode: r.via === "volume-flag" ? (r.mode ?? "z") : "", via: r.via, ...(r.spec ? { spec: r.spec } : {}) });
      }
    }
    for (const path of Object.keys(image.config.Volumes ?? {})) {
      const destination = normalisePath(path);
      if (mounts.some((m) => m.destination === destination)) continue;
      const volume = this.volumes.create(undefined, "container");
      if (!volume.ok) continue;
      populateVolume(volume.value, image, container.catalogRepository, destination);
      mounts.push({ type: "volume", name: volume.value.name, source: mountpoint(volume.value.name), destination, rw: true, mode: "", via: "image" });
    }
    return mounts;
  }

  /** Containers (running or not) that mount a volume, by ID: what keeps `docker volume rm` from removing it. */
  volumeUsers(name: string): DockerContainer[] {
    return [...this.containers.values()].filter((c) => c.mounts.some((m) => m.type === "volume" && m.name === name));
  }

  /** `docker network connect`: an endpoint on one more network (an address at once when running). */
  connect(container: DockerContainer, networkName: string, aliases: string[]): Result<DockerContainer> {
    const network = this.networks.find(networkName);
    if (!network) return { ok: false, error: `network ${networkName} not found` };
    if (container.endpoints[network.name]) return { ok: false, error: `endpoint with name ${container.name} already exists in network ${network.name}` };
    if (container.networkMode === "host" || network.driver === "host") return { ok: false, error: "container cannot be disconnected from host network or connected to host network" };
    if (container.networkMode === "none" || network.driver === "null") return { ok: false, error: "container cannot be disconnected from none network or connected to none network" };
    if (aliases.length > 0 && !hasEmbeddedDns(network)) return { ok: false, error: "network-scoped alias is supported only for containers in user defined networks" };
    container.endpoints[network.name] = { aliases, ipSuffix: container.runtime.state.status === "running" ? this.freeIpSuffix(network.name, container) : 0 };
    return { ok: true, value: container };
  }

  disconnect(container: DockerContainer, networkName: string): Result<DockerContainer> {
    const network = this.networks.find(networkName);
    if (!network) return { ok: false, error: `network ${networkName} not found` };
    if (network.driver === "host") return { ok: false, error: "container cannot be disconnected from host network or connected to host network" };
    if (!container.endpoints[network.name]) return { ok: false, error: `container ${container.id} is not connected to network ${network.name}` };
    delete container.endpoints[network.name];
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

  /** `docker rm [-f] [-v]`: with -v (and for --rm containers) the anonymous volumes go too; named ones stay. */
  remove(container: DockerContainer, force: boolean, removeVolumes = false): Result<DockerContainer> {
    this.catchUp();
    if (container.runtime.state.status === "running" || container.restartAt !== undefined) {
      if (!force) return { ok: false, error: `cannot remove container "/${container.name}": container is running: stop the container before removing or force remove` };
      container.runtime = signalContainer(container.runtime, this.now(), "SIGKILL");
    }
    this.delete(container, removeVolumes || container.autoRemove);
    return { ok: true, value: container };
  }

  /**
   * `docker container prune` (moby daemon/prune.go ContainersPrune): every container that is not
   * running is removed, its anonymous volumes kept (prune never passes RemoveVolume); the space
   * reclaimed is the size of their writable layers. In creation order (moby's map order is random).
   */
  prune(): { removed: DockerContainer[]; reclaimedBytes: number } {
    this.catchUp();
    const removed = [...this.containers.values()].filter((c) => c.runtime.state.status !== "running" && c.restartAt === undefined);
    let reclaimedBytes = 0;
    for (const container of removed) {
      for (const [path, content] of Object.entries(container.upper)) if (content !== null && !path.endsWith("/")) reclaimedBytes += content.length;
      this.delete(container, false);
    }
    return { removed, reclaimedBytes };
  }

  private delete(container: DockerContainer, removeAnonymousVolumes: boolean): void {
    this.containers.delete(container.id);
    if (!removeAnonymousVolumes) return;
    for (const m of container.mounts) {
      const volume = m.type === "volume" ? this.volumes.get(m.name!) : undefined;
      if (volume?.anonymous && this.volumeUsers(volume.name).length === 0) this.volumes.volumes.delete(volume.name);
    }
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
    if (container.autoRemove) this.delete(container, true);
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

  /** The lowest free host number on a network (.1 is the gateway), among the containers running on it. */
  private freeIpSuffix(network: string, self: DockerContainer): number {
    const used = new Set([...this.containers.values()].filter((c) => c !== self && c.runtime.state.status === "running" && c.endpoints[network]).map((c) => c.endpoints[network]!.ipSuffix));
    let n = 2;
    while (used.has(n)) n++;
    return n;
  }

  /** A host port for `-p 80` / `-P`: the kernel's ephemeral range starts at 32768. */
  ephemeralPort(pending: readonly PortBinding[] = []): string {
    const used = new Set([...this.containers.values()].flatMap((c) => c.ports.map((p) => Number(p.hostPort))).concat(pending.map((p) => Number(p.hostPort))));
    let port = 32768;
    while (used.has(port)) port++;
    return String(port);
  }
}

/** moby volume/mounts: two mounts on one path ("Duplicate mount point: /data"). */
function duplicateMountPoint(requests: readonly MountRequest[]): string | undefined {
  const seen = new Set<string>();
  for (const r of requests) {
    const destination = normalisePath(r.target);
    if (seen.has(destination)) return `Duplicate mount point: ${destination}`;
    seen.add(destination);
  }
  return undefined;
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
