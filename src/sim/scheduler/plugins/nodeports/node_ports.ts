/**
 * NodePorts: a pod asking for a hostPort fits only on nodes where no bound
 * pod already holds that port for the same protocol and an overlapping
 * host IP (0.0.0.0 overlaps every IP).
 * Upstream (1.32): pkg/scheduler/framework/plugins/nodeports/node_ports.go and
 * framework.HostPortInfo (pkg/scheduler/framework/types.go). Only regular
 * containers' ports count, as in 1.32.
 * https://kubernetes.io/docs/concepts/configuration/overview/#services
 */
import type { Pod } from "../../../api/types.js";
import { SKIP, SUCCESS, unschedulable, type CycleState, type FilterPlugin, type NodeInfo } from "../../framework.js";

/** ErrReason, verbatim from upstream. */
export const ERR_REASON = "node(s) didn't have free ports for the requested pod ports";

const DEFAULT_BIND_ALL_HOST_IP = "0.0.0.0";
const PRE_FILTER_KEY = "PreFilterNodePorts";

interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

/** HostPortInfo.sanitize: an empty IP binds all addresses, an empty protocol is TCP. */
function sanitize(ip: string | undefined, protocol: string | undefined, port: number): HostPort {
  return { ip: ip || DEFAULT_BIND_ALL_HOST_IP, protocol: protocol || "TCP", port };
}

/** getContainerPorts: the container ports that ask for a host port. */
export function hostPortsOf(pod: Pod): HostPort[] {
  const ports: HostPort[] = [];
  for (const container of pod.spec?.containers ?? []) {
    for (const p of container.ports ?? []) {
      if ((p.hostPort ?? 0) > 0) ports.push(sanitize(p.hostIP, p.protocol, p.hostPort!));
    }
  }
  return ports;
}

/** HostPortInfo: host IP → "protocol/port" in use. */
type UsedPorts = Map<string, Set<string>>;

const usedPortsCache = new WeakMap<NodeInfo, UsedPorts>();

/** NodeInfo.UsedPorts, computed once per NodeInfo (a NodeInfo never changes; binding makes a new one). */
function usedPortsOf(nodeInfo: NodeInfo): UsedPorts {
  let used = usedPortsCache.get(nodeInfo);
  if (used) return used;
  used = new Map();
  for (const pod of nodeInfo.pods) {
    for (const p of hostPortsOf(pod)) {
      let set = used.get(p.ip);
      if (!set) used.set(p.ip, (set = new Set()));
      set.add(`${p.protocol}/${p.port}`);
    }
  }
  usedPortsCache.set(nodeInfo, used);
  return used;
}

/** HostPortInfo.CheckConflict */
function conflicts(used: UsedPorts, want: HostPort): boolean {
  const key = `${want.protocol}/${want.port}`;
  if (want.ip === DEFAULT_BIND_ALL_HOST_IP) {
    for (const set of used.values()) if (set.has(key)) return true;
    return false;
  }
  return !!used.get(DEFAULT_BIND_ALL_HOST_IP)?.has(key) || !!used.get(want.ip)?.has(key);
}

export const nodePortsPlugin = {
  name: "NodePorts",
  preFilter(pod: Pod, _cluster: unknown, state: CycleState) {
    const ports = hostPortsOf(pod);
    if (ports.length === 0) return { status: SKIP };
    state.write(PRE_FILTER_KEY, ports);
    return { status: SUCCESS };
  },
  filter(_pod: Pod, nodeInfo: NodeInfo, _cluster: unknown, state: CycleState) {
    const wanted = state.read<HostPort[]>(PRE_FILTER_KEY);
    if (!wanted) return SUCCESS;
    const used = usedPortsOf(nodeInfo);
    if (used.size === 0) return SUCCESS;
    return wanted.some((p) => conflicts(used, p)) ? unschedulable(ERR_REASON) : SUCCESS;
  },
} satisfies FilterPlugin;
