/**
 * The shape of a saved world: plain JSON, so a preset can be baked to a file at build time and
 * an exercise reset or an exam resumed cheaply. Generic in the stored object type so that this
 * module, at the model's floor, imports nothing.
 */

/** The object store: every object under its key, and the last resourceVersion handed out. */
export interface StoreSnapshot<Obj> {
  objects: [string, Obj][];
  resourceVersion: number;
}

export interface WorldSnapshot<Obj> {
  store: StoreSnapshot<Obj>;
  /** The virtual clock, ms. */
  clock: number;
  /** The seeded RNG's state. */
  rng: number;
  /** Each stateful loop's saved state, by loop name. */
  loops: Record<string, unknown>;
}
