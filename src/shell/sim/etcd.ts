/**
 * `sim etcd [stop|start MEMBER]`: stops or starts one etcd member (as if its
 * process died or came back) without touching its manifest; the others
 * notice after the election timeout. Without arguments, the members and who leads.
 */
import { EtcdCluster } from "../../sim/etcd/etcd.js";
import type { World } from "../../sim/world/world.js";
import { failure, ok, type CommandResult } from "../types.js";

export const ETCD_USAGE = "  sim etcd [stop|start MEMBER]      stop or start an etcd member; without arguments, the members, the leader and the term\n";

export function etcdCommand(args: string[], world: World): CommandResult {
  const etcd = world.loopsOfType(EtcdCluster);
  if (!etcd) return failure("sim etcd: this cluster has no etcd model");
  world.reconcile();
  if (args.length === 0) {
    const members = etcd.members(world);
    if (members.length === 0) return ok("this cluster's etcd runs out of sight (no control-plane host)\n");
    const lines = members.map((m) => `${m.name} on ${m.host}: ${m.running ? (m.isLeader ? "leader" : "follower") : `down (${m.downReason})`}\n`);
    return ok(`${lines.join("")}term ${etcd.term()}, quorum ${etcd.quorum()} of ${members.length}${etcd.hasQuorum() ? "" : ", no leader"}\n`);
  }
  const [verb, name, ...extra] = args;
  if ((verb !== "stop" && verb !== "start") || name === undefined || extra.length > 0) return failure(`Usage:\n${ETCD_USAGE}`);
  if (!etcd.members(world).some((m) => m.name === name)) return failure(`sim etcd: no member named "${name}" (members: ${etcd.members(world).map((m) => m.name).join(", ")})`);
  const changed = etcd.setStopped(world, name, verb === "stop");
  world.settle();
  return ok(changed ? `etcd member ${name} ${verb === "stop" ? "stopped" : "started"}\n` : `etcd member ${name} was already ${verb === "stop" ? "stopped" : "running"}\n`);
}
