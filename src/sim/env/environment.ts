/**
 * The environment a learner is dropped into: one or more clusters, each a
 * World reached through its own kubeconfig context, under one clock. Exam
 * tasks switch between contexts as the CKA/CKAD exams do.
 *
 * Each World keeps its own clock object, but the environment keeps them in
 * step: after every command, every cluster is brought to the latest time any
 * of them reached (`catchUp`), so time passes for all clusters together and
 * the result stays a pure function of the commands.
 *
 * The whole environment snapshots to plain, versioned JSON (for reset and,
 * later, resuming exams) and restores exactly.
 */
import { createWorld, PRESETS, restoreWorld } from "../world/create.js";
import type { World } from "../world/world.js";
import type { WorldSnapshot as WorldSnapshotOf } from "../core/snapshot.js";
import type { StoredObject } from "../api/types.js";
import type { Host } from "../world/hosts.js";

type WorldSnapshot = WorldSnapshotOf<StoredObject>;

/** The context, cluster and user kubeadm's admin.conf names. */
export const DEFAULT_CONTEXT = "kubernetes-admin@kubernetes";
export const DEFAULT_CLUSTER = "kubernetes";
export const DEFAULT_USER = "kubernetes-admin";

/** Bumped whenever the snapshot's shape changes; restore refuses other versions. */
export const ENVIRONMENT_SNAPSHOT_VERSION = 2;

export interface ClusterContext {
  /** The kubeconfig context name. */
  context: string;
  cluster: string;
  user: string;
  /** The context's default namespace, when set. */
  namespace?: string;
  preset: string;
  world: World;
}

export interface EnvironmentSnapshot {
  snapshotVersion: number;
  currentContext: string;
  contexts: (Omit<ClusterContext, "world"> & { world: WorldSnapshot })[];
}

export type EnvironmentResult = { ok: true } | { ok: false; message: string };

export class Environment {
  private readonly contextsByName = new Map<string, ClusterContext>();
  private current: string;

  constructor(
    preset = "default",
    private readonly seed = 1,
  ) {
    this.contextsByName.set(DEFAULT_CONTEXT, { context: DEFAULT_CONTEXT, cluster: DEFAULT_CLUSTER, user: DEFAULT_USER, preset, world: createWorld(preset, seed) });
    this.current = DEFAULT_CONTEXT;
  }

  /** The cluster of the current context. */
  get world(): World {
    return this.contextsByName.get(this.current)!.world;
  }

  get currentContext(): string {
    return this.current;
  }

  get currentPreset(): string {
    return this.contextsByName.get(this.current)!.preset;
  }

  /** Contexts sorted by name, as `kubectl config get-contexts` lists them. */
  contexts(): readonly ClusterContext[] {
    return [...this.contextsByName.values()].sort((a, b) => (a.context < b.context ? -1 : a.context > b.context ? 1 : 0));
  }

  context(name: string): ClusterContext | undefined {
    return this.contextsByName.get(name);
  }

  useContext(name: string): EnvironmentResult {
    if (!this.contextsByName.has(name)) return { ok: false, message: `no context exists with the name: "${name}"` };
    this.current = name;
    return { ok: true };
  }

  /** A new cluster reachable as context NAME (cluster and user named after it), at the environment's current time. */
  addContext(name: string, preset = "default"): EnvironmentResult {
    if (name === "" || /[\s/]/.test(name)) return { ok: false, message: `invalid context name "${name}"` };
    if (this.contextsByName.has(name)) return { ok: false, message: `context "${name}" already exists` };
    if (!PRESETS.includes(preset)) return { ok: false, message: `unknown preset "${preset}" (known presets: ${PRESETS.join(", ")})` };
    const world = createWorld(preset, this.seed);
    const now = this.now();
    if (world.clock.now() < now) world.clock.advance(now - world.clock.now());
    world.reconcile();
    this.contextsByName.set(name, { context: name, cluster: name, user: `${name}-admin`, preset, world });
    return { ok: true };
  }

  /** Starts over: one cluster from `preset` under the default context. */
  reset(preset: string): void {
    this.contextsByName.clear();
    this.contextsByName.set(DEFAULT_CONTEXT, { context: DEFAULT_CONTEXT, cluster: DEFAULT_CLUSTER, user: DEFAULT_USER, preset, world: createWorld(preset, this.seed) });
    this.current = DEFAULT_CONTEXT;
  }

  /**
   * A machine by host name. Hosts belong to their cluster (its kubelet reads their files); a
   * name two clusters share (two `default` presets both have `controlplane`) resolves to the
   * current context's first, as the exam's per-cluster node names never collide.
   */
  findHost(name: string): { context: ClusterContext; host: Host } | undefined {
    const order = [this.contextsByName.get(this.current)!, ...this.contexts().filter((c) => c.context !== this.current)];
    for (const context of order) {
      const host = context.world.hosts.get(name);
      if (host) return { context, host };
    }
    return undefined;
  }

  /** The latest time any cluster has reached. */
  now(): number {
    return Math.max(...[...this.contextsByName.values()].map((c) => c.world.clock.now()));
  }

  /** Brings every cluster to the latest time any of them reached, letting its loops act on the way. */
  catchUp(): void {
    const now = this.now();
    for (const { world } of this.contextsByName.values()) {
      const behind = now - world.clock.now();
      if (behind > 0) world.advance(behind / 1000);
    }
  }

  /** Lets time pass in every cluster. */
  advance(seconds: number): void {
    this.catchUp();
    for (const { world } of this.contextsByName.values()) world.advance(seconds);
  }

  /** What happens after every learner command: time passes everywhere. */
  settle(): void {
    this.catchUp();
    for (const { world } of this.contextsByName.values()) world.settle();
  }

  snapshot(): EnvironmentSnapshot {
    return {
      snapshotVersion: ENVIRONMENT_SNAPSHOT_VERSION,
      currentContext: this.current,
      contexts: this.contexts().map(({ world, ...rest }) => ({ ...rest, world: world.snapshot() })),
    };
  }

  /** Replaces this environment's state with a snapshot's (a check's copy of the learner's clusters, an exam resumed). */
  load(snapshot: EnvironmentSnapshot): void {
    if (snapshot.snapshotVersion !== ENVIRONMENT_SNAPSHOT_VERSION) {
      throw new Error(`cannot restore an environment snapshot of version ${snapshot.snapshotVersion} (this kadet reads version ${ENVIRONMENT_SNAPSHOT_VERSION})`);
    }
    this.contextsByName.clear();
    for (const { world, ...rest } of snapshot.contexts) this.contextsByName.set(rest.context, { ...rest, world: restoreWorld(world) });
    this.current = snapshot.currentContext;
  }

  static restore(snapshot: EnvironmentSnapshot, seed = 1): Environment {
    const env = new Environment("bare", seed);
    env.load(snapshot);
    return env;
  }
}
