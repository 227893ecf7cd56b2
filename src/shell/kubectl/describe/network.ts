/**
 * `kubectl describe networkpolicy` and `kubectl describe ingress`: ports of
 * describeNetworkPolicy (describeNetworkPolicySpec and its ingress/egress
 * printers) and IngressDescriber.describeIngressV1 (describeBackendV1,
 * formatEndpointSlices) from kubectl's pkg/describe/describe.go, 1.32.
 */
import type { Endpoints, Event, Service, StoredObject } from "../../../sim/api/types.js";
import { formatLabelSelector } from "../printers/columns.js";
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline, type Obj } from "./common.js";
import { LEVEL_0, LEVEL_1, LEVEL_2, tabbedString, type PrefixWriter } from "./tabwriter.js";
import { parseTimestamp } from "../../../sim/core/clock.js";

/** Go's time.Time String() for a metav1.Time in UTC: "2006-01-02 15:04:05 +0000 UTC". */
function goTimeString(timestamp: string | undefined): string {
  const ms = timestamp ? parseTimestamp(timestamp) : Number.NaN;
  if (Number.isNaN(ms)) return "0001-01-01 00:00:00 +0000 UTC";
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} +0000 UTC`;
}

/** intstr.IntOrString's String() through a pointer: "<nil>" when absent. */
const intOrString = (v: unknown) => (v === undefined || v === null ? "<nil>" : String(v));

type Direction = { rules: string; peers: string; peerTitle: string; noPeers: string; isolated: string };
const INGRESS: Direction = {
  rules: "ingress",
  peers: "from",
  peerTitle: "From",
  noPeers: "From: <any> (traffic not restricted by source)",
  isolated: "<none> (Selected pods are isolated for ingress connectivity)",
};
const EGRESS: Direction = {
  rules: "egress",
  peers: "to",
  peerTitle: "To",
  noPeers: "To: <any> (traffic not restricted by destination)",
  isolated: "<none> (Selected pods are isolated for egress connectivity)",
};

/** printNetworkPolicySpecIngressFrom / printNetworkPolicySpecEgressTo (the two differ only in words). */
function printRules(rules: Obj[] | undefined, d: Direction, indent: string, w: PrefixWriter): void {
  const list = rules ?? [];
  if (list.length === 0) {
    w.write(LEVEL_0, `${indent}${d.isolated}\n`);
    return;
  }
  list.forEach((rule, i) => {
    const ports = (rule.ports ?? []) as Obj[];
    if (ports.length === 0) w.write(LEVEL_0, `${indent}To Port: <any> (traffic allowed to all ports)\n`);
    for (const port of ports) {
      const proto = port.protocol ?? "TCP";
      if (port.endPort === undefined || port.endPort === null) w.write(LEVEL_0, `${indent}To Port: ${intOrString(port.port)}/${proto}\n`);
      else w.write(LEVEL_0, `${indent}To Port Range: ${intOrString(port.port)}-${port.endPort}/${proto}\n`);
    }
    const peers = (rule[d.peers] ?? []) as Obj[];
    if (peers.length === 0) w.write(LEVEL_0, `${indent}${d.noPeers}\n`);
    for (const peer of peers) {
      w.write(LEVEL_0, `${indent}${d.peerTitle}:\n`);
      if (peer.podSelector && peer.namespaceSelector) {
        w.write(LEVEL_1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
        w.write(LEVEL_1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
      } else if (peer.podSelector) {
        w.write(LEVEL_1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
      } else if (peer.namespaceSelector) {
        w.write(LEVEL_1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
      } else if (peer.ipBlock) {
        w.write(LEVEL_1, `${indent}IPBlock:\n`);
        w.write(LEVEL_2, `${indent}CIDR: ${peer.ipBlock.cidr ?? ""}\n`);
        w.write(LEVEL_2, `${indent}Except: ${((peer.ipBlock.except ?? []) as string[]).join(", ")}\n`);
      }
    }
    if (i !== list.length - 1) w.write(LEVEL_0, `${indent}----------\n`);
  });
}

export function describeNetworkPolicy(np: StoredObject): string {
  const spec = (np.spec ?? {}) as Obj;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${np.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${np.metadata.namespace ?? ""}\n`);
    w.write(LEVEL_0, `Created on:\t${goTimeString(np.metadata.creationTimestamp)}\n`);
    printLabelsMultiline(w, "Labels", np.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", np.metadata.annotations);
    w.write(LEVEL_0, "Spec:\n");
    w.write(LEVEL_1, "PodSelector: ");
    const podSelector = (spec.podSelector ?? {}) as Obj;
    const empty = Object.keys(podSelector.matchLabels ?? {}).length === 0 && (podSelector.matchExpressions ?? []).length === 0;
    // Written at LEVEL_2 after "PodSelector: " on the same line, so the indent lands mid-line, as in kubectl.
    w.write(LEVEL_2, empty ? "<none> (Allowing the specific traffic to all pods in this namespace)\n" : `${formatLabelSelector(podSelector)}\n`);
    const types = (spec.policyTypes ?? []) as string[];
    if (types.includes("Ingress")) {
      w.write(LEVEL_1, "Allowing ingress traffic:\n");
      printRules(spec.ingress, INGRESS, "    ", w);
    } else w.write(LEVEL_1, "Not affecting ingress traffic\n");
    if (types.includes("Egress")) {
      w.write(LEVEL_1, "Allowing egress traffic:\n");
      printRules(spec.egress, EGRESS, "    ", w);
    } else w.write(LEVEL_1, "Not affecting egress traffic\n");
    w.write(LEVEL_1, `Policy Types: ${types.length === 0 ? "<none>" : types.join(", ")}\n`);
  });
}

/** What the Ingress describer reads about a backend Service: the Service and its endpoints. */
export interface BackendLookup {
  service(name: string): Service | undefined;
  endpoints(name: string): Endpoints | undefined;
}

/**
 * formatEndpointSlices for the Service's port `portName`: up to three ready
 * `ip:port`, then "+ N more...". kadet keeps Endpoints, not EndpointSlices;
 * the EndpointSlice controller writes the same ready addresses and ports, so
 * the Endpoints object stands in for the Service's slices.
 */
function formatEndpoints(endpoints: Endpoints | undefined, portName: string): string {
  if (!endpoints) return "<none>";
  const list: string[] = [];
  const max = 3;
  let count = 0;
  for (const subset of endpoints.subsets ?? []) {
    for (const port of subset.ports ?? []) {
      if ((port.name ?? "") !== portName) continue;
      for (const address of subset.addresses ?? []) {
        if (list.length < max) list.push(`${address.ip}:${port.port}`);
        count++;
      }
    }
  }
  const text = list.join(",");
  return count > max ? `${text} + ${count - max} more...` : text;
}

function describeBackend(backend: Obj | undefined, lookup: BackendLookup): string {
  if (backend?.service) {
    const svc = backend.service as Obj;
    const number = svc.port?.number ?? 0;
    const named = number !== 0 ? String(number) : (svc.port?.name ?? "");
    const label = `${svc.name}:${named}`;
    const service = lookup.service(svc.name);
    if (!service) return `${label} (<error: services "${svc.name}" not found>)`;
    let portName = "";
    for (const sp of (service.spec?.ports ?? []) as Obj[]) {
      if (number !== 0 && number === sp.port) portName = sp.name ?? "";
      else if (svc.port?.name && svc.port.name === sp.name) portName = sp.name ?? "";
    }
    return `${label} (${formatEndpoints(lookup.endpoints(svc.name), portName)})`;
  }
  if (backend?.resource) {
    const r = backend.resource as Obj;
    return `APIGroup: ${r.apiGroup ?? "<none>"}, Kind: ${r.kind ?? ""}, Name: ${r.name ?? ""}`;
  }
  return "";
}

/** ingressLoadBalancerStatusStringerV1 (wide): the sorted, distinct IPs or hostnames. */
function addressOf(status: Obj | undefined): string {
  const seen = new Set<string>();
  for (const entry of (status?.loadBalancer?.ingress ?? []) as Obj[]) {
    if (entry.ip) seen.add(entry.ip);
    else if (entry.hostname) seen.add(entry.hostname);
  }
  return [...seen].sort().join(",");
}

export function describeIngress(ing: StoredObject, lookup: BackendLookup, events: Event[] | undefined, now: number): string {
  const spec = (ing.spec ?? {}) as Obj;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ing.metadata.name}\n`);
    printLabelsMultiline(w, "Labels", ing.metadata.labels);
    w.write(LEVEL_0, `Namespace:\t${ing.metadata.namespace ?? ""}\n`);
    w.write(LEVEL_0, `Address:\t${addressOf(ing.status as Obj | undefined)}\n`);
    w.write(LEVEL_0, `Ingress Class:\t${spec.ingressClassName ?? "<none>"}\n`);
    const defaultBackend = spec.defaultBackend ? describeBackend(spec.defaultBackend, lookup) : "<default>";
    w.write(LEVEL_0, `Default backend:\t${defaultBackend}\n`);
    const tls = (spec.tls ?? []) as Obj[];
    if (tls.length > 0) {
      w.write(LEVEL_0, "TLS:\n");
      for (const t of tls) {
        const hosts = ((t.hosts ?? []) as string[]).join(",");
        w.write(LEVEL_1, t.secretName ? `${t.secretName} terminates ${hosts}\n` : `SNI routes ${hosts}\n`);
      }
    }
    w.write(LEVEL_0, "Rules:\n  Host\tPath\tBackends\n");
    w.write(LEVEL_1, "----\t----\t--------\n");
    let count = 0;
    for (const rule of (spec.rules ?? []) as Obj[]) {
      if (!rule.http) continue;
      count++;
      w.write(LEVEL_1, `${rule.host || "*"}\t\n`);
      for (const path of (rule.http.paths ?? []) as Obj[]) w.write(LEVEL_2, `\t${path.path ?? ""} \t${describeBackend(path.backend, lookup)}\n`);
    }
    if (count === 0) w.write(LEVEL_1, `*\t*\t${defaultBackend}\n`);
    printAnnotationsMultiline(w, "Annotations", ing.metadata.annotations);
    describeEvents(events, w, now);
  });
}
