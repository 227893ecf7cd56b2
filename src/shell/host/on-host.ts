/**
 * Where a host service command runs: the host the shell entered with `ssh`,
 * and the cluster (World) that host belongs to. Host tools (systemctl,
 * crictl) exist only there; on the learner's own terminal they say so.
 */
import type { Host } from "../../sim/world/hosts.js";
import type { World } from "../../sim/world/world.js";
import { failure, type CommandResult, type FamilyContext } from "../types.js";

export interface OnHost {
  host: Host;
  world: World;
}

export function hostOf(ctx: FamilyContext): OnHost | undefined {
  const name = ctx.session.currentHost?.();
  if (name === undefined) return undefined;
  const found = ctx.session.environment.findHost(name);
  return found ? { host: found.host, world: found.cluster.world } : undefined;
}

/** The answer of a host tool typed on the learner's terminal, which is none of the cluster's machines. */
export function notOnAHost(tool: string): CommandResult {
  return failure(`kadet: '${tool}' runs on the cluster's machines: enter one with 'ssh NODE' first (for example 'ssh controlplane'); this terminal is not a node`);
}
