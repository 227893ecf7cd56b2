/**
 * `kubectl describe node`: a port of describeNode and describeNodeResource
 * from kubectl's describe.go (Roles, Taints, Lease, Conditions, Addresses,
 * Capacity/Allocatable, System Info, the Non-terminated Pods table with
 * request/limit percentages of allocatable, Allocated resources, Events).
 */
import type { Event, Node, Pod } from "../../../sim/api/types.js";
import { canonicalResourceQuantity } from "../../../sim/core/quantity.js";
import { translateTimestampSince } from "../printers/age.js";
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline, printNodeTaintsMultiline, rfc1123z, type Obj } from "./common.js";
import { addAmounts, amountOf, amountText, milliOf, podResourceList, unitsOf, type ResourceAmounts } from "./resources.js";
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from "./tabwriter.js";

const ROLE_PREFIX = "node-role.kubernetes.io/";
const ROLE_LABEL = "kubernetes.io/role";

/** findNodeRoles: node-role.kubernetes.io/<role> keys and kubernetes.io/role values, sorted. */
export function nodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX)) {
      const role = k.slice(ROLE_PREFIX.length);
      if (role) roles.add(role);
    } else if (k === ROLE_LABEL && v !== "") roles.add(v);
  }
  return [...roles].sort();
}

/** The node's Lease in kube-node-lease, as describeNodeLease prints it. */
export interface NodeLease {
  holderIdentity?: string;
  acquireTime?: string;
  renewTime?: string;
}

/** int64(float64 fraction * 100): Go truncates toward zero. */
function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.trunc((part / whole) * 100);
}

export function describeNode(node: Node, pods: readonly Pod[], lease: NodeLease | undefined, events: Event[] | undefined, now: number): string {
  const spec = (node.spec ?? {}) as Obj;
  const status = (node.status ?? {}) as Obj;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${node.metadata.name}\n`);
    const roles = nodeRoles(node);
    w.write(LEVEL_0, `Roles:\t${roles.length > 0 ? roles.join(",") : "<none>"}\n`);
    printLabelsMultiline(w, "Labels", node.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", node.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
    printNodeTaintsMultiline(w, "Taints", spec.taints);
    w.write(LEVEL_0, `Unschedulable:\t${spec.unschedulable === true}\n`);
    w.write(LEVEL_0, "Lease:\n");
    w.write(LEVEL_1, `HolderIdentity:\t${lease?.holderIdentity ?? "<unset>"}\n`);
    w.write(LEVEL_1, `AcquireTime:\t${lease?.acquireTime ? rfc1123z(lease.acquireTime) : "<unset>"}\n`);
    w.write(LEVEL_1, `RenewTime:\t${lease?.renewTime ? rfc1123z(lease.renewTime) : "<unset>"}\n`);
    const conditions: Obj[] = status.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n");
      w.write(LEVEL_1, "----\t------\t-----------------\t------------------\t------\t-------\n");
      for (const c of conditions) {
        w.write(LEVEL_1, `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ""} \t${c.message ?? ""}\n`);
      }
    }
    w.write(LEVEL_0, "Addresses:\n");
    for (const a of (status.addresses ?? []) as Obj[]) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);
    const printResourceList = (list: Obj) => {
      for (const name of Object.keys(list).sort()) w.write(LEVEL_0, `  ${name}:\t${canonicalResourceQuantity(list[name]) ?? String(list[name])}\n`);
    };
    if (Object.keys(status.capacity ?? {}).length > 0) {
      w.write(LEVEL_0, "Capacity:\n");
      printResourceList(status.capacity);
    }
    if (Object.keys(status.allocatable ?? {}).length > 0) {
      w.write(LEVEL_0, "Allocatable:\n");
      printResourceList(status.allocatable);
    }
    const info = (status.nodeInfo ?? {}) as Obj;
    w.write(LEVEL_0, "System Info:\n");
    w.write(LEVEL_0, `  Machine ID:\t${info.machineID ?? ""}\n`);
    w.write(LEVEL_0, `  System UUID:\t${info.systemUUID ?? ""}\n`);
    w.write(LEVEL_0, `  Boot ID:\t${info.bootID ?? ""}\n`);
    w.write(LEVEL_0, `  Kernel Version:\t${info.kernelVersion ?? ""}\n`);
    w.write(LEVEL_0, `  OS Image:\t${info.osImage ?? ""}\n`);
    w.write(LEVEL_0, `  Operating System:\t${info.operatingSystem ?? ""}\n`);
    w.write(LEVEL_0, `  Architecture:\t${info.architecture ?? ""}\n`);
    w.write(LEVEL_0, `  Container Runtime Version:\t${info.containerRuntimeVersion ?? ""}\n`);
    w.write(LEVEL_0, `  Kubelet Version:\t${info.kubeletVersion ?? ""}\n`);
    w.write(LEVEL_0, `  Kube-Proxy Version:\t${info.kubeProxyVersion ?? ""}\n`);
    if (spec.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${spec.podCIDR}\n`);
    if ((spec.podCIDRs ?? []).length > 0) w.write(LEVEL_0, `PodCIDRs:\t${(spec.podCIDRs as string[]).join(",")}\n`);
    if (spec.providerID) w.write(LEVEL_0, `ProviderID:\t${spec.providerID}\n`);
    describeNodeResource(pods, node, w, now);
    describeEvents(events, w, now);
  });
}

/** The pods describe node lists: bound to the node and neither Succeeded nor Failed. */
export function nonTerminatedPodsOn(node: Node, pods: readonly Pod[]): Pod[] {
  return pods.filter((p) => p.spec?.nodeName === node.metadata.name && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed");
}

/** Totals of requests and limits over pods (getPodsTotalRequestsAndLimits). */
export function podsTotalRequestsAndLimits(pods: readonly Pod[]): { requests: ResourceAmounts; limits: ResourceAmounts } {
  const requests: ResourceAmounts = new Map();
  const limits: ResourceAmounts = new Map();
  for (const pod of pods) {
    addAmounts(requests, podResourceList(pod, "requests"));
    addAmounts(limits, podResourceList(pod, "limits"));
  }
  return { requests, limits };
}

function describeNodeResource(pods: readonly Pod[], node: Node, w: PrefixWriter, now: number): void {
  const status = (node.status ?? {}) as Obj;
  const allocatable: Obj = Object.keys(status.allocatable ?? {}).length > 0 ? status.allocatable : (status.capacity ?? {});
  const cpuAlloc = milliOf(amountOf(allocatable.cpu));
  const memAlloc = unitsOf(amountOf(allocatable.memory));
  const storageAlloc = unitsOf(amountOf(allocatable["ephemeral-storage"]));
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n");
  w.write(LEVEL_1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n");
  for (const pod of pods) {
    const req = podResourceList(pod, "requests");
    const lim = podResourceList(pod, "limits");
    const cpuReq = req.get("cpu");
    const cpuLim = lim.get("cpu");
    const memReq = req.get("memory");
    const memLim = lim.get("memory");
    w.write(
      LEVEL_1,
      `${pod.metadata.namespace ?? ""}\t${pod.metadata.name}\t\t${amountText(cpuReq)} (${percent(milliOf(cpuReq), cpuAlloc)}%)\t${amountText(cpuLim)} (${percent(milliOf(cpuLim), cpuAlloc)}%)\t${amountText(memReq)} (${percent(unitsOf(memReq), memAlloc)}%)\t${amountText(memLim)} (${percent(unitsOf(memLim), memAlloc)}%)\t${translateTimestampSince(pod.metadata.creationTimestamp, now)}\n`,
    );
  }
  w.write(LEVEL_0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n");
  w.write(LEVEL_1, "Resource\tRequests\tLimits\n");
  w.write(LEVEL_1, "--------\t--------\t------\n");
  const { requests, limits } = podsTotalRequestsAndLimits(pods);
  const row = (name: string, alloc: number, value: (a: ReturnType<typeof requests.get>) => number) => {
    const r = requests.get(name);
    const l = limits.get(name);
    w.write(LEVEL_1, `${name}\t${amountText(r)} (${percent(value(r), alloc)}%)\t${amountText(l)} (${percent(value(l), alloc)}%)\n`);
  };
  row("cpu", cpuAlloc, milliOf);
  row("memory", memAlloc, unitsOf);
  row("ephemeral-storage", storageAlloc, unitsOf);
  for (const name of Object.keys(allocatable).filter((n) => n.startsWith("hugepages-")).sort()) row(name, unitsOf(amountOf(allocatable[name])), unitsOf);
}
