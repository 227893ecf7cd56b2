/**
 * A throw-away copy of a world, for checks that run commands: the copy starts
 * from the learner's snapshot with fresh loops of the same kinds, so whatever
 * the command does (and the time it lets pass) stays in the copy.
 */
import { admission } from "../sim/world/admission.js";
import { World, type Loop } from "../sim/world/world.js";

export function copyWorld(world: World): World {
  // The world keeps its loops private and create.ts does not export its loop
  // factory; every loop has a no-argument constructor, and a restored world
  // needs fresh instances of the same classes, in the same order.
  const loops = (world as unknown as { loops: Loop[] }).loops;
  return World.restore(world.snapshot(), admission, () => loops.map((loop) => new (loop.constructor as new () => Loop)()));
}
