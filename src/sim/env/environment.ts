/**
 * The environment a learner is dropped into: one or more clusters under one
 * clock, the learner's kubeconfig that names them, and (in snapshots) the
 * learner's shell session. Exam tasks switch between contexts as the CKA/CKAD
 * exams do.
 *
 * A cluster is found the way kubectl finds it: the kubeconfig's context names
 * a cluster entry, whose `server` is the address of one of the environment's
 * API servers. The kubeconfig here mirrors the file `~/.kube/config` in the
 * learner's scratch file system (the session keeps the two in step), so
 * editing that file changes which cluster kubectl and the graders see.
 *
 * Each World keeps its own clock object, but the environment keeps them in
 * step: after every command, every cluster is brought to the latest time any
 * of them reached (`catchUp`), so time passes for all clusters together and
 * the result stays a pure function of the commands.
 *
 * The whole environment snapshots to plain, versioned JSON (reset, resuming
 * exams) and restores exactly.
 */
import { createWorld, PRESETS, restoreWorld } from "../world/create.js";
import type { World } from "../world/world.js";
import type { Host } from "../world/hosts.js";
import { API_SERVER_PORT } from "../world/kubeadm-files.js";
import { adminKubeconfig, resolveContext, withAddedCluster, type Kubeconfig } from "./kubeconfig.js";
import { upgradeV2, type EnvironmentSnapshotV2 } from "./snapshot-v2.js";
import type { EnvironmentSnapshot } from "./snapshot.js";

export type { EnvironmentSnapshot, ScratchEntry, ShellSessionSnapshot } from "./snapshot.js";


/** The context, cluster and user kubeadm's admin.conf names. */
export const DEFAULT_CONTEXT = "kubernetes-admin@kubernetes";
export const DEFAULT_CLUSTER = "kubernetes";
export const DEFAULT_USER = "kubernetes-admin";
/** The first cluster's API server: its control-plane host (presets.ts) on kube-apiserver's port. */
export const DEFAULT_SERVER = `https://192.168.0.10:${API_SERVER_PORT}`;

export { ENVIRONMENT_SNAPSHOT_VERSION } from "./snapshot.js";
import { ENVIRONMENT_SNAPSHOT_VERSION } from "./snapshot.js";
import { ImageRegistry } from "../docker/registry.js";

/** One API server of the environment and the World behind it. */
export interface Cluster {
  /** The name kadet gave its kubeconfig entry (the learner may rename the entry; the server stays). */
  name: string;
  /** Where kubectl reaches it: the kubeconfig cluster's `server`. */
  server: string;
  /** The kubeconfig user kadet wrote for it: the one identity its API server knows (no authentication or RBAC yet). */
  user: string;
  preset: string;
  world: World;
}

export type EnvironmentResult = { ok: true } | { ok: false; message: string };

export class Environment {
  /** By server address, in the order they were made (the first is the primary cluster). */
  private readonly clustersByServer = new Map<string, Cluster>();
  private config: Kubeconfig | undefined;
  private revision = 0;
  /** Docker Hub pushes and registry.local:5000, shared by the learner's Docker daemon and every cluster's nodes. */
  readonly registry = new ImageRegistry();

  constructor(
    preset = "default",
    private readonly seed = 1,
  ) {
    this.reset(preset);
  }

  /**
   * The cluster of the kubeconfig's current context, as kubectl without flags reaches it; the
   * primary cluster when the kubeconfig leads nowhere (kubectl then fails; graders and `sim`
   * commands still need a cluster).
   */
  get world(): World {
    return this.currentCluster().world;
  }

  currentCluster(): Cluster {
    const target = resolveContext(this.config);
    return (target.ok ? this.clustersByServer.get(target.server) : undefined) ?? this.clusters()[0]!;
  }

  /** The current context's name, "" when none is set. */
  get currentContext(): string {
    return this.config?.currentContext ?? "";
  }

  get currentPreset(): string {
    return this.currentCluster().preset;
  }

  clusters(): readonly Cluster[] {
    return [...this.clustersByServer.values()];
  }

  /** The cluster answering at `server` (a kubeconfig cluster's address), if any. */
  clusterAt(server: string): Cluster | undefined {
    return this.clustersByServer.get(server);
  }

  /** The kubeconfig as the learner's file last said it (undefined: no file, or one kubectl cannot load). */
  get kubeconfig(): Kubeconfig | undefined {
    return this.config;
  }

  /** Bumped when the environment itself changes the kubeconfig (sim context add, reset, load), so the session rewrites the file. */
  get kubeconfigRevision(): number {
    return this.revision;
  }

  /** The learner's file changed: the session read it back. Not a revision: the file already says it. */
  kubeconfigFromFile(config: Kubeconfig | undefined): void {
    this.config = config === undefined ? undefined : structuredClone(config);
  }

  /**
   * What `kubectl config use-context NAME` does, for callers that drive the environment
   * rather than a shell (an exam entering a task): the session rewrites the file.
   */
  useContext(name: string): EnvironmentResult {
    if (!this.config?.contexts[name]) return { ok: false, message: `no context exists with the name: "${name}"` };
    this.config = { ...structuredClone(this.config), currentContext: name };
    this.revision++;
    return { ok: true };
  }

  /** What `kubectl config delete-context NAME` does (an exam's kubeconfig holds only its own contexts). */
  deleteContext(name: string): EnvironmentResult {
    if (!this.config?.contexts[name]) return { ok: false, message: `cannot delete context ${name}, not in kubeconfig` };
    const config = structuredClone(this.config);
    delete config.contexts[name];
    this.config = config;
    this.revision++;
    return { ok: true };
  }

  /**
   * A new cluster at the environment's current time, with kubeconfig entries as an exam's
   * kubeconfig has them: cluster NAME, user NAME-admin, context NAME (the current context stays).
   */
  addContext(name: string, preset = "default"): EnvironmentResult {
    if (name === "" || /[\s/]/.test(name)) return { ok: false, message: `invalid context name "${name}"` };
    if (this.config?.contexts[name] || this.config?.clusters[name]) return { ok: false, message: `context "${name}" already exists` };
    if (!PRESETS.includes(preset)) return { ok: false, message: `unknown preset "${preset}" (known presets: ${PRESETS.join(", ")})` };
    const world = createWorld(preset, this.seed);
    world.registry = this.registry;
    const now = this.now();
    if (world.clock.now() < now) world.clock.advance(now - world.clock.now());
    // Distinct addresses, one /24 per cluster after the first (192.168.0.0/24), deterministic by order of creation.
    const server = `https://192.168.${this.clustersByServer.size}.10:${API_SERVER_PORT}`;
    // The cluster's own kubeconfigs (admin.conf, kubelet.conf, root's ~/.kube/config on its control plane)
    // name its API server, so kubectl run on one of its hosts reaches this cluster, not the first.
    for (const host of world.hosts.list()) {
      for (const [path, content] of Object.entries(host.files)) {
        if (content.includes(`server: ${DEFAULT_SERVER}\n`)) world.hosts.writeFile(host.name, path, content.replaceAll(`server: ${DEFAULT_SERVER}\n`, `server: ${server}\n`));
      }
    }
    world.reconcile();
    this.clustersByServer.set(server, { name, server, user: `${name}-admin`, preset, world });
    this.config = withAddedCluster(this.config, { cluster: name, server, user: `${name}-admin`, context: name });
    this.revision++;
    return { ok: true };
  }

  /** Starts over: one cluster from `preset` and kubeadm's admin.conf as the kubeconfig. */
  reset(preset: string): void {
    this.clustersByServer.clear();
    const world = createWorld(preset, this.seed);
    world.registry = this.registry;
    this.registry.load(undefined);
    this.clustersByServer.set(DEFAULT_SERVER, { name: DEFAULT_CLUSTER, server: DEFAULT_SERVER, user: DEFAULT_USER, preset, world });
    this.config = adminKubeconfig({ cluster: DEFAULT_CLUSTER, server: DEFAULT_SERVER, user: DEFAULT_USER, context: DEFAULT_CONTEXT });
    this.revision++;
  }

  /**
   * A machine by host name. Hosts belong to their cluster (its kubelet reads their files); a
   * name two clusters share (two `default` presets both have `controlplane`) resolves to the
   * current context's first, as the exam's per-cluster node names never collide.
   */
  findHost(name: string): { cluster: Cluster; host: Host } | undefined {
    const current = this.currentCluster();
    for (const cluster of [current, ...this.clusters().filter((c) => c !== current)]) {
      const host = cluster.world.hosts.get(name);
      if (host) return { cluster, host };
    }
    return undefined;
  }

  /** The latest time any cluster has reached. */
  now(): number {
    return Math.max(...this.clusters().map((c) => c.world.clock.now()));
  }

  /** Brings every cluster to the latest time any of them reached, letting its loops act on the way. */
  catchUp(): void {
    const now = this.now();
    for (const { world } of this.clustersByServer.values()) {
      const behind = now - world.clock.now();
      if (behind > 0) world.advance(behind / 1000);
    }
  }

  /** Lets time pass in every cluster. */
  advance(seconds: number): void {
    this.catchUp();
    for (const { world } of this.clustersByServer.values()) world.advance(seconds);
  }

  /** What happens after every learner command: time passes everywhere. */
  settle(): void {
    this.catchUp();
    for (const { world } of this.clustersByServer.values()) world.settle();
  }

  /** The clusters and the kubeconfig; a session adds its own part (`Session.snapshot`). */
  snapshot(): EnvironmentSnapshot {
    return {
      snapshotVersion: ENVIRONMENT_SNAPSHOT_VERSION,
      clusters: this.clusters().map(({ world, ...rest }) => ({ ...rest, world: world.snapshot() })),
      kubeconfig: this.config === undefined ? null : structuredClone(this.config),
      registry: this.registry.snapshot(),
    };
  }

  /** Replaces this environment's state with a snapshot's (a check's copy of the learner's clusters, an exam resumed). */
  load(saved: EnvironmentSnapshot | EnvironmentSnapshotV2): void {
    const snapshot = saved.snapshotVersion === 2 ? upgradeV2(saved as EnvironmentSnapshotV2) : (saved as EnvironmentSnapshot);
    if (snapshot.snapshotVersion !== ENVIRONMENT_SNAPSHOT_VERSION) {
      throw new Error(`cannot restore an environment snapshot of version ${saved.snapshotVersion} (this kadet reads versions 2 and ${ENVIRONMENT_SNAPSHOT_VERSION})`);
    }
    this.clustersByServer.clear();
    for (const { world, ...rest } of snapshot.clusters) {
      const restored = restoreWorld(world);
      restored.registry = this.registry;
      this.clustersByServer.set(rest.server, { ...rest, world: restored });
    }
    this.registry.load(snapshot.registry);
    this.config = snapshot.kubeconfig === null ? undefined : structuredClone(snapshot.kubeconfig);
    this.revision++;
  }

  static restore(snapshot: EnvironmentSnapshot | EnvironmentSnapshotV2, seed = 1): Environment {
    const env = new Environment("bare", seed);
    env.load(snapshot);
    return env;
  }
}
