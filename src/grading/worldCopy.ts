/**
 * A throw-away copy of a world, for checks that run commands: whatever the
 * command does (and the time it lets pass) stays in the copy.
 */
import { cloneWorld } from "../sim/world/create.js";
import type { World } from "../sim/world/world.js";

export function copyWorld(world: World): World {
  return cloneWorld(world);
}
