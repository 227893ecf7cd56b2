/**
 * `sim host stop|start NAME`: switches one of the cluster's machines off or
 * on. Its kubelet stops (the node goes NotReady after the grace period, as a
 * powered-off node does) and, on a control-plane host, its etcd member goes
 * down with it, so quorum is lost at the right count.
 */
import { EtcdCluster } from "../../sim/etcd/etcd.js";
import type { World } from "../../sim/world/world.js";
import { failure, ok, type CommandResult } from "../types.js";

export const HOST_USAGE = "  sim host stop|start NAME          switch a machine off or on (its kubelet, and its etcd member on a control-plane host)\n";

export function hostCommand(args: string[], world: World): CommandResult {
  const [verb, name, ...extra] = args;
  if ((verb !== "stop" && verb !== "start") || name === undefined || extra.length > 0) return failure(`Usage:\n${HOST_USAGE}`);
  if (!world.hosts.get(name)) return failure(`sim host: no host named "${name}" (hosts: ${world.hosts.list().map((h) => h.name).join(", ")})`);
  const down = verb === "stop";
  const changed = world.hosts.setPower(name, !down);
  world.hosts.setKubelet(name, !down, world.clock.now());
  world.loopsOfType(EtcdCluster)?.setHostDown(world, name, down);
  world.settle();
  return ok(changed ? `host ${name} ${down ? "stopped" : "started"}\n` : `host ${name} was already ${down ? "stopped" : "running"}\n`);
}
