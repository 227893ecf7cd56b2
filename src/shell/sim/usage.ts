/**
 * `sim usage pod/NAME [-n NS] [-c C] [--memory Q] [--cpu Q]`: sets what a container's processes
 * use from now on (working-set memory, CPU), as if the application's load changed. The kubelet
 * then acts as on a real node: over the memory limit the container is OOM-killed, CPU over the
 * limit is throttled, a node short of memory evicts pods; `kubectl top` and the HPA read it.
 * Without --memory or --cpu it prints what the pod's containers use now.
 */
import { kindNamed } from "../../sim/api/kinds.js";
import type { Node, Pod } from "../../sim/api/types.js";
import { milliValue, parseQuantity, unitValue } from "../../sim/core/quantity.js";
import { Kubelets } from "../../sim/kubelet/kubelet.js";
import type { World } from "../../sim/world/world.js";
import { failure, ok, type CommandResult } from "../types.js";

const POD = kindNamed("Pod")!;
const NODE = kindNamed("Node")!;
export const USAGE_USAGE = "  sim usage pod/NAME [-n NS] [-c CONTAINER] [--memory Q] [--cpu Q]   what a container's processes use (250Mi, 500m); none: print it\n";

export function usageCommand(args: string[], world: World): CommandResult {
  let namespace = "default";
  let container: string | undefined;
  let memory: string | undefined;
  let cpu: string | undefined;
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => inline ?? args[++i] ?? "";
    if (flag === "-n" || flag === "--namespace") namespace = value();
    else if (flag === "-c" || flag === "--container") container = value();
    else if (flag === "--memory") memory = value();
    else if (flag === "--cpu") cpu = value();
    else if (flag.startsWith("-")) return failure(`sim usage: unknown flag "${flag}"\nUsage:\n${USAGE_USAGE}`);
    else words.push(arg);
  }
  const target = words.length === 1 ? /^(?:(?:pods?|po)\/)?([^/]+)$/.exec(words[0]!) : null;
  if (!target) return failure(`Usage:\n${USAGE_USAGE}`);
  const name = target[1]!;
  if (memory !== undefined && (!parseQuantity(memory) || unitValue(memory) < 0)) return failure(`sim usage: invalid --memory "${memory}" (for example 250Mi or 1Gi)`);
  if (cpu !== undefined && (!parseQuantity(cpu) || milliValue(cpu) < 0)) return failure(`sim usage: invalid --cpu "${cpu}" (for example 500m or 2)`);

  const pod = world.api.find<Pod>(POD, namespace, name);
  if (!pod) return failure(`sim usage: pods "${name}" not found in namespace ${namespace}`);
  const names = (pod.spec?.containers ?? []).map((c) => c.name);
  if (container === undefined) {
    if (names.length > 1 && (memory !== undefined || cpu !== undefined)) return failure(`sim usage: pod ${name} has several containers (${names.join(", ")}): name one with -c`);
    container = names[0];
  } else if (!names.includes(container)) return failure(`sim usage: container ${container} is not valid for pod ${name}`);
  const kubelets = world.loopsOfType(Kubelets)!;
  if (memory === undefined && cpu === undefined) {
    const node = pod.spec?.nodeName ? world.api.find<Node>(NODE, undefined, pod.spec.nodeName) : undefined;
    const rows = kubelets.usageOf(pod, node);
    if (rows.length === 0) return ok(`pod ${namespace}/${name}: no container is running\n`);
    return ok(rows.map((r) => `${r.name}: memory ${Math.round(r.usage.memoryBytes / 1024 / 1024)}Mi, cpu ${r.usage.milliCpu}m\n`).join(""));
  }
  const set = kubelets.setUsage(world, pod, container!, { ...(memory !== undefined ? { memoryBytes: unitValue(memory) } : {}), ...(cpu !== undefined ? { milliCpu: milliValue(cpu) } : {}) });
  if (!set) return failure(`sim usage: pod ${namespace}/${name} is not running on a node yet`);
  world.settle();
  const what = [memory !== undefined ? `memory ${memory}` : "", cpu !== undefined ? `cpu ${cpu}` : ""].filter(Boolean).join(", ");
  return ok(`container ${container} of pod ${namespace}/${name} now uses ${what}\n`);
}
