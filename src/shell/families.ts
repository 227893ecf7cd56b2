/** Every command family a learner's shell has, in one place. */
import { simFamily } from "./sim/index.js";
import { notSimulated } from "./not-simulated.js";
import type { CommandFamily } from "./types.js";

export function allFamilies(): CommandFamily[] {
  return [simFamily, notSimulated("kubectl"), notSimulated("docker"), notSimulated("etcdctl"), notSimulated("crictl")];
}
