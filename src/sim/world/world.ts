/**
 * The world: one cluster's API server, clock, randomness and the loops that
 * act on it (controllers, scheduler, kubelets). `settle` is how time passes:
 * the clock moves in one-second steps and, at each step, every loop runs
 * until none of them changes anything more. The world is a pure function of
 * its preset, its seed and the calls made on it.
 */
import { Clock } from "../core/clock.js";
import { Rng } from "../core/random.js";
import { isStateful, type Loop } from "../core/loop.js";
import type { WorldSnapshot } from "../core/snapshot.js";
import type { StoredObject } from "../api/types.js";
import { ObjectStore } from "../api/store.js";
import { ApiServer, type Admission } from "../api/server.js";
import { ServiceAllocator } from "../api/allocators.js";
import { EventRecorder } from "../api/events.js";
import { Hosts } from "./hosts.js";
import { ImageRegistry } from "../docker/registry.js";

/** How long the world runs after each command, as if the learner paused briefly. */
export const SETTLE_SECONDS = 5;
/** A loop that never goes quiet is a bug; this bounds it. */
const MAX_PASSES_PER_STEP = 50;

export class World {
  readonly clock: Clock;
  readonly rng: Rng;
  readonly api: ApiServer;
  readonly events: EventRecorder;
  /** The cluster's machines: one per node, with its files and its kubelet service. */
  readonly hosts = new Hosts();
  /** The registries the nodes pull pushed images from; the Environment gives all its clusters one. */
  registry = new ImageRegistry();
  private store: ObjectStore;
  private loops: Loop<World>[] = [];
  /** The resourceVersion and hosts' version at which every loop last had nothing to do (see isQuiet). */
  private quietAt: string | undefined;
  /** Skip time in which no loop would act (see isQuiet); off only to test that skipping changes nothing. */
  skipIdleTime = true;
  /**
   * Loops that can look only at the objects that changed since their last pass (the store's
   * change log) do so; off only to test that skipping the others changes nothing.
   */
  watchChanges = true;

  constructor(
    private readonly admission: Admission,
    seed = 1,
    store = new ObjectStore(),
    clock = new Clock(),
  ) {
    this.clock = clock;
    this.rng = new Rng(seed);
    this.store = store;
    this.api = new ApiServer(store, this.clock, this.rng, admission, new ServiceAllocator(store, this.rng));
    this.events = new EventRecorder(this.api, this.clock);
  }

  /**
   * Whether a control-plane program may act now (see Loop.component); set by the builder
   * (create.ts: control-plane.ts answers it). Unset, every loop acts.
   */
  componentActs: ((component: string) => boolean) | undefined;

  /** Whether the loop acts in this pass: always, unless the program it runs in is down, not leading or cut off from the API. */
  private acts(loop: Loop<World>, verdicts: Map<string, boolean>): boolean {
    const component = loop.component;
    if (component === undefined || this.componentActs === undefined) return true;
    let verdict = verdicts.get(component);
    if (verdict === undefined) verdicts.set(component, (verdict = this.componentActs(component)));
    return verdict;
  }

  addLoop(loop: Loop<World>): void {
    this.loops.push(loop);
  }

  /** The loop of a given class, e.g. the kubelets for `kubectl logs`. */
  loopsOfType<T extends Loop<World>>(type: new (...args: never[]) => T): T | undefined {
    return this.loops.find((l): l is T => l instanceof type);
  }

  /** Runs every loop until the store stops changing, without moving the clock. */
  reconcile(): void {
    if (this.isQuiet()) return;
    const now = this.clock.now();
    for (let pass = 0; pass < MAX_PASSES_PER_STEP; pass++) {
      let changed = false;
      // Asked once per pass: a program that comes up or wins its lease during a pass acts from the next one.
      const verdicts = new Map<string, boolean>();
      const heartbeatsOnly = this.onlyHeartbeatsDue(now, verdicts);
      if (!heartbeatsOnly && this.timerDue !== undefined && this.timerDue <= now) this.timerDue = undefined;
      for (const loop of this.loops) {
        if (!this.acts(loop, verdicts)) continue;
        if (heartbeatsOnly && !loop.renewsOnTimer) continue;
        if (loop.reconcile(this)) changed = true;
      }
      if (!changed) break;
    }
    this.quietAt = this.changeMark();
  }

  /**
   * Nothing was written since every loop last went quiet (heartbeats aside) and the only timers
   * due are lease renewals: then only the renewing loops have anything to do. Without this a
   * leader renewing every 2 s would run every controller every 2 s.
   */
  private onlyHeartbeatsDue(now: number, verdicts: Map<string, boolean>): boolean {
    if (!this.skipIdleTime || this.quietAt !== this.changeMark()) return false;
    if (this.timerDue !== undefined && this.timerDue <= now) return false;
    for (const loop of this.loops) {
      if (loop.renewsOnTimer || !this.acts(loop, verdicts)) continue;
      const at = loop.nextWakeAt?.(this);
      if (at !== undefined && at <= now) return false;
    }
    return true;
  }

  /**
   * A loop's private state was changed from outside (`sim usage` sets what a container uses):
   * the next step must run every loop even though nothing was written.
   */
  stirred(): void {
    this.quietAt = undefined;
  }

  /** What loops react to: API writes, and edits of the hosts' files and services. */
  private changeMark(): string {
    return `${this.api.writeMark()}/${this.hosts.version()}`;
  }

  /**
   * Nothing was written since every loop last went quiet and no loop has a
   * timer due: another pass would change nothing, so it can be skipped. This
   * is what makes an idle cluster cost nothing as time passes.
   */
  private isQuiet(): boolean {
    if (!this.skipIdleTime) return false;
    if (this.quietAt !== this.changeMark()) return false;
    const wake = this.nextWakeAt();
    return wake === undefined || wake > this.clock.now();
  }

  /**
   * The earliest timer of a loop other than the lease renewers, as last asked. Once the clock
   * reaches it, it stands until a full pass has run: asked again at that very instant, a loop may
   * no longer name it (a Deployment's pods become available at `at`, and "still to come" is
   * `at > now`), and the pass it was set for would otherwise be taken for heartbeats only.
   */
  private timerDue: number | undefined;

  private nextWakeAt(): number | undefined {
    let earliest: number | undefined;
    let earliestTimer: number | undefined;
    const verdicts = new Map<string, boolean>();
    for (const loop of this.loops) {
      // A program that cannot act has no timers: whatever brings it back (a host, a manifest, etcd) is a change of its own.
      if (!this.acts(loop, verdicts)) continue;
      const at = loop.nextWakeAt?.(this);
      if (at === undefined) continue;
      if (earliest === undefined || at < earliest) earliest = at;
      if (!loop.renewsOnTimer && (earliestTimer === undefined || at < earliestTimer)) earliestTimer = at;
    }
    const reached = this.timerDue !== undefined && this.timerDue <= this.clock.now();
    if (!reached) this.timerDue = earliestTimer;
    else if (earliest === undefined || this.timerDue! < earliest) earliest = this.timerDue;
    return earliest;
  }

  /**
   * Lets `seconds` of simulated time pass, one second at a time. Stretches in
   * which no loop would act are crossed in one jump to the next step at which
   * one would, which gives the same result as stepping through them.
   */
  advance(seconds: number): void {
    this.reconcile();
    const whole = Math.floor(seconds);
    for (let step = 0; step < whole; ) {
      let jump = 1;
      if (this.isQuiet()) {
        const wake = this.nextWakeAt();
        const stepsToWake = wake === undefined ? whole - step : Math.max(1, Math.ceil((wake - this.clock.now()) / 1000));
        jump = Math.min(stepsToWake, whole - step);
      }
      this.clock.advance(jump * 1000);
      step += jump;
      this.reconcile();
    }
    const rest = seconds - whole;
    if (rest > 0) {
      this.clock.advance(Math.round(rest * 1000));
      this.reconcile();
    }
  }

  /** What happens after every learner command. */
  settle(): void {
    this.advance(SETTLE_SECONDS);
  }

  snapshot(): WorldSnapshot<StoredObject> {
    const loops: Record<string, unknown> = {};
    for (const loop of this.loops) if (isStateful(loop)) loops[loop.name] = structuredClone(loop.saveState());
    return { store: this.store.snapshot(), clock: this.clock.now(), rng: this.rng.getState(), loops, hosts: this.hosts.snapshot(), events: this.events.sequenceState };
  }

  /** A new world in the snapshot's state, with fresh loops made by `makeLoops`. */
  static restore(snapshot: WorldSnapshot<StoredObject>, admission: Admission, makeLoops: (world: World) => Loop<World>[]): World {
    const world = new World(admission, 1, ObjectStore.restore(snapshot.store), new Clock(snapshot.clock));
    world.rng.setState(snapshot.rng);
    world.hosts.load(snapshot.hosts);
    world.events.sequenceState = snapshot.events ?? 0;
    for (const loop of makeLoops(world)) {
      if (isStateful(loop) && snapshot.loops[loop.name] !== undefined) loop.loadState(structuredClone(snapshot.loops[loop.name]));
      world.addLoop(loop);
    }
    return world;
  }
}
