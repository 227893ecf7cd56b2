/**
 * `kubectl describe` for Namespace, ConfigMap, Secret and Service: ports of
 * describeNamespace, ConfigMapDescriber.Describe, describeSecret (values
 * hidden as "N bytes") and describeService from kubectl's describe.go.
 */
import type { ConfigMap, Endpoints, Event, Namespace, Secret, Service, StoredObject } from "../../../sim/api/types.js";
import { formatLabels } from "../printers/table.js";
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline, rfc1123z, type Obj } from "./common.js";
import { LEVEL_0, LEVEL_1, tabbedString } from "./tabwriter.js";
import { describeLimitRanges, describeResourceQuotas } from "./quota.js";

/** describeNamespace, with the namespace's quotas and limit ranges (DescribeResourceQuotas, DescribeLimitRanges). */
export function describeNamespace(ns: Namespace, quotas: readonly StoredObject[], limitRanges: readonly StoredObject[]): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ns.metadata.name}\n`);
    printLabelsMultiline(w, "Labels", ns.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", ns.metadata.annotations);
    w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ""}\n`);
    const conditions: Obj[] = (ns.status?.conditions ?? []) as Obj[];
    if (conditions.length > 0) {
      w.write(LEVEL_0, "Conditions:\n");
      w.write(LEVEL_1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n");
      w.write(LEVEL_1, "----\t------\t------------------\t------\t-------\n");
      for (const c of conditions) w.write(LEVEL_1, `${c.type}\t${c.status}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ""}\t${c.message ?? ""}\n`);
    }
    w.write(LEVEL_0, "\n");
    describeResourceQuotas(quotas, w);
    w.write(LEVEL_0, "\n");
    describeLimitRanges(limitRanges, w);
  });
}

/** Go sorts map keys by bytes; JS's default sort compares UTF-16 units, the same for the keys Kubernetes allows. */
function sortedKeys(map: Record<string, unknown> | undefined): string[] {
  return Object.keys(map ?? {}).sort();
}

export function describeConfigMap(cm: ConfigMap, events: Event[] | undefined, now: number): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${cm.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${cm.metadata.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", cm.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", cm.metadata.annotations);
    w.write(LEVEL_0, "\nData\n====\n");
    for (const k of sortedKeys(cm.data)) {
      w.write(LEVEL_0, `${k}:\n----\n`);
      w.write(LEVEL_0, `${cm.data![k]}\n`);
      w.write(LEVEL_0, "\n");
    }
    w.write(LEVEL_0, "\nBinaryData\n====\n");
    for (const k of sortedKeys(cm.binaryData)) w.write(LEVEL_0, `${k}: ${Buffer.from(cm.binaryData![k]!, "base64").length} bytes\n`);
    w.write(LEVEL_0, "\n");
    describeEvents(events, w, now);
  });
}

export function describeSecret(secret: Secret): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${secret.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${secret.metadata.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", secret.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", secret.metadata.annotations);
    w.write(LEVEL_0, `\nType:\t${secret.type ?? ""}\n`);
    w.write(LEVEL_0, "\nData\n====\n");
    for (const k of sortedKeys(secret.data)) {
      const bytes = Buffer.from(secret.data![k]!, "base64");
      // Only a service account token is shown in the clear.
      if (k === "token" && secret.type === "kubernetes.io/service-account-token") w.write(LEVEL_0, `${k}:\t${bytes.toString("utf8")}\n`);
      else w.write(LEVEL_0, `${k}:\t${bytes.length} bytes\n`);
    }
  });
}

/**
 * formatEndpoints (1.32 reads the Endpoints object): ready addresses with the
 * port named like the service port, at most three then "+ N more...".
 */
function formatEndpoints(endpoints: Endpoints | undefined, portName: string): string {
  if (!endpoints || (endpoints.subsets ?? []).length === 0) return "<none>";
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of endpoints.subsets ?? []) {
    const ports = ss.ports ?? [];
    if (ports.length === 0) {
      for (const a of ss.addresses ?? []) {
        if (list.length === max) more = true;
        if (!more) list.push(a.ip);
        count++;
      }
      continue;
    }
    for (const port of ports) {
      if ((port.name ?? "") !== portName) continue;
      for (const a of ss.addresses ?? []) {
        if (list.length === max) more = true;
        if (!more) list.push(a.ip.includes(":") ? `[${a.ip}]:${port.port}` : `${a.ip}:${port.port}`);
        count++;
      }
    }
  }
  const text = list.join(",");
  return more ? `${text} + ${count - max} more...` : text;
}

export function describeService(svc: Service, endpoints: Endpoints | undefined, events: Event[] | undefined, now: number): string {
  const spec = (svc.spec ?? {}) as Obj;
  const status = (svc.status ?? {}) as Obj;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${svc.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${svc.metadata.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", svc.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", svc.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${Object.keys(spec.selector ?? {}).length === 0 ? "<none>" : formatLabels(spec.selector)}\n`);
    w.write(LEVEL_0, `Type:\t${spec.type ?? ""}\n`);
    if (spec.ipFamilyPolicy) w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
    const families: string[] = spec.ipFamilies ?? [];
    w.write(LEVEL_0, `IP Families:\t${families.length > 0 ? families.join(",") : "<none>"}\n`);
    w.write(LEVEL_0, `IP:\t${spec.clusterIP ?? ""}\n`);
    const ips: string[] = spec.clusterIPs ?? [];
    w.write(LEVEL_0, `IPs:\t${ips.length > 0 ? ips.join(",") : "<none>"}\n`);
    if ((spec.externalIPs ?? []).length > 0) w.write(LEVEL_0, `External IPs:\t${spec.externalIPs.join(",")}\n`);
    if (spec.loadBalancerIP) w.write(LEVEL_0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
    if (spec.externalName) w.write(LEVEL_0, `External Name:\t${spec.externalName}\n`);
    const ingress: Obj[] = status.loadBalancer?.ingress ?? [];
    if (ingress.length > 0) w.write(LEVEL_0, `LoadBalancer Ingress:\t${ingress.map((i) => (i.ip ? (i.ipMode ? `${i.ip} (${i.ipMode})` : i.ip) : i.hostname)).join(", ")}\n`);
    for (const sp of (spec.ports ?? []) as Obj[]) {
      const name = sp.name || "<unset>";
      const protocol = sp.protocol ?? "TCP";
      w.write(LEVEL_0, `Port:\t${name}\t${sp.port}/${protocol}\n`);
      w.write(LEVEL_0, `TargetPort:\t${sp.targetPort ?? sp.port}/${protocol}\n`);
      if (sp.appProtocol) w.write(LEVEL_0, `AppProtocol:\t${sp.appProtocol}\n`);
      if (sp.nodePort) w.write(LEVEL_0, `NodePort:\t${name}\t${sp.nodePort}/${protocol}\n`);
      w.write(LEVEL_0, `Endpoints:\t${formatEndpoints(endpoints, sp.name ?? "")}\n`);
    }
    w.write(LEVEL_0, `Session Affinity:\t${spec.sessionAffinity ?? ""}\n`);
    if (spec.externalTrafficPolicy) w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
    if (spec.internalTrafficPolicy) w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
    if (spec.healthCheckNodePort) w.write(LEVEL_0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
    if ((spec.loadBalancerSourceRanges ?? []).length > 0) w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(",")}\n`);
    if (spec.trafficDistribution) w.write(LEVEL_0, `Traffic Distribution:\t${spec.trafficDistribution}\n`);
    describeEvents(events, w, now);
  });
}
