/**
 * `sim node add|remove`: nodes join and leave the simulated cluster, as a
 * kubelet registering itself (with labels and taints from its flags) and as a
 * machine being deleted with `kubectl delete node`.
 */
import { kindNamed } from "../../sim/api/kinds.js";
import type { Node } from "../../sim/api/types.js";
import { parseQuantity } from "../../sim/core/quantity.js";
import { nodeObject } from "../../sim/world/nodes.js";
import { addWorkerHost, CONTROL_PLANE_TAINT } from "../../sim/world/presets.js";
import type { World } from "../../sim/world/world.js";
import { failure, ok, type CommandResult } from "../types.js";

const NODE = kindNamed("Node")!;
const EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

export const NODE_USAGE = `Usage:
  sim node add NAME [--cpu N] [--memory Q] [--pods N] [--label k=v]... [--taint k=v:Effect]... [--control-plane]
  sim node remove NAME
`;

export function nodeCommand(args: string[], world: World): CommandResult {
  const [action, ...rest] = args;
  if (action === "add") return addNode(rest, world);
  if (action === "remove") return removeNode(rest, world);
  return failure(`sim node: unknown action "${action ?? ""}"\n${NODE_USAGE}`);
}

function addNode(args: string[], world: World): CommandResult {
  let name: string | undefined;
  let cpu: string | undefined;
  let memory: string | undefined;
  let pods: number | undefined;
  let controlPlane = false;
  const labels: Record<string, string> = {};
  const taints: { key: string; value?: string; effect: string }[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => inline ?? args[++i];
    switch (flag) {
      case "--cpu":
        cpu = value();
        if (!cpu || !parseQuantity(cpu)) return failure(`sim node add: invalid --cpu "${cpu ?? ""}" (for example 2 or 1500m)`);
        break;
      case "--memory":
        memory = value();
        if (!memory || !parseQuantity(memory)) return failure(`sim node add: invalid --memory "${memory ?? ""}" (for example 4Gi)`);
        break;
      case "--pods": {
        const v = value();
        pods = Number(v);
        if (!Number.isInteger(pods) || pods < 1) return failure(`sim node add: invalid --pods "${v ?? ""}" (a whole number)`);
        break;
      }
      case "--label": {
        const v = value() ?? "";
        const eq = v.indexOf("=");
        if (eq <= 0) return failure(`sim node add: invalid --label "${v}" (expected key=value)`);
        labels[v.slice(0, eq)] = v.slice(eq + 1);
        break;
      }
      case "--taint": {
        const v = value() ?? "";
        const m = /^([^=:]+)(?:=([^:]*))?:(\w+)$/.exec(v);
        if (!m || !EFFECTS.includes(m[3]!)) return failure(`sim node add: invalid --taint "${v}" (expected key[=value]:Effect, Effect one of ${EFFECTS.join(", ")})`);
        taints.push({ key: m[1]!, ...(m[2] ? { value: m[2] } : {}), effect: m[3]! });
        break;
      }
      case "--control-plane":
        controlPlane = true;
        break;
      default:
        if (arg.startsWith("-")) return failure(`sim node add: unknown flag "${arg}"\n${NODE_USAGE}`);
        if (name) return failure(`sim node add: one NAME only (got "${name}" and "${arg}")`);
        name = arg;
    }
  }
  if (!name) return failure(`sim node add: NAME is required\n${NODE_USAGE}`);
  if (controlPlane && !taints.some((t) => t.key === CONTROL_PLANE_TAINT.key)) taints.push(CONTROL_PLANE_TAINT);
  const existing = world.api.list<Node>(NODE);
  const index = Math.max(-1, ...existing.map((n) => Number(/^10\.244\.(\d+)\./.exec(n.spec?.podCIDR ?? "")?.[1] ?? -1))) + 1;
  const result = world.api.create(NODE, nodeObject({ name, cpu, memory, pods, labels, taints, controlPlane, index }, world.clock.nowIso()), undefined);
  if (!result.ok) return failure(`sim node add: ${result.error.message}`);
  // Its machine, reachable by `ssh NAME`; a joined control-plane node runs no static pods of its own here.
  addWorkerHost(world, name);
  return ok(`node/${name} added\n`);
}

function removeNode(args: string[], world: World): CommandResult {
  const name = args[0];
  if (!name || args.length > 1) return failure(`sim node remove: exactly one NAME is required\n${NODE_USAGE}`);
  const result = world.api.delete(NODE, undefined, name);
  if (!result.ok) return failure(`sim node remove: ${result.error.message}`);
  world.hosts.remove(name);
  return ok(`node/${name} removed\n`);
}
