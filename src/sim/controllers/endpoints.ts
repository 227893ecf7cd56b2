/**
 * The Endpoints controller: for every Service with a selector, an Endpoints
 * object of the same name lists the pods it selects, ready ones under
 * `addresses` and the others under `notReadyAddresses`, with each service
 * port resolved to the pod's port. A Service without a selector is left alone:
 * its Endpoints are whatever the user writes.
 * https://kubernetes.io/docs/concepts/services-networking/service/#endpoints
 * https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors
 *
 * Upstream orders addresses by IP then pod UID, as here; it orders ports and
 * subsets by a hash, which this keeps in the Service's port order instead.
 */
import { kindNamed } from "../api/kinds.js";
import type { Endpoints, Pod, Service } from "../api/types.js";
import { fromMap, matches } from "../core/labels.js";
import type { Loop } from "../core/loop.js";
import type { World } from "../world/world.js";
import { isPodReady } from "./ownership.js";
import { compareBytes } from "../core/compare.js";

const SERVICE = kindNamed("Service")!;
const ENDPOINTS = kindNamed("Endpoints")!;
const POD = kindNamed("Pod")!;

/** Set on the Endpoints this controller writes; how it knows which ones to remove with their Service. */
export const LAST_CHANGE_TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time";
const HEADLESS_LABEL = "service.kubernetes.io/headless";

type Subset = NonNullable<Endpoints["subsets"]>[number];
type Address = NonNullable<Subset["addresses"]>[number];
type EndpointPort = NonNullable<Subset["ports"]>[number];
type ServicePort = NonNullable<NonNullable<Service["spec"]>["ports"]>[number];

export class EndpointsController implements Loop<World> {
  readonly name = "endpoint-controller";

  reconcile(world: World): boolean {
    let changed = false;
    for (const service of world.api.list<Service>(SERVICE)) {
      if (service.metadata.deletionTimestamp || !hasSelector(service)) continue;
      changed = this.sync(world, service) || changed;
    }
    // Endpoints written here go with their Service; ones a user wrote for a selectorless Service stay.
    for (const endpoints of world.api.list<Endpoints>(ENDPOINTS)) {
      if (endpoints.metadata.annotations?.[LAST_CHANGE_TRIGGER_TIME] === undefined) continue;
      if (world.api.find(SERVICE, endpoints.metadata.namespace, endpoints.metadata.name)) continue;
      changed = world.api.delete(ENDPOINTS, endpoints.metadata.namespace, endpoints.metadata.name).ok || changed;
    }
    return changed;
  }

  private sync(world: World, service: Service): boolean {
    const namespace = service.metadata.namespace!;
    const subsets = subsetsFor(service, world.api.list<Pod>(POD, namespace));
    const labels = { ...(service.metadata.labels ?? {}), ...(service.spec?.clusterIP === "None" ? { [HEADLESS_LABEL]: "" } : {}) };
    const current = world.api.find<Endpoints>(ENDPOINTS, namespace, service.metadata.name);
    if (current && sameJson(current.subsets ?? [], subsets) && sameJson(current.metadata.labels ?? {}, labels)) return false;

    const metadata = {
      name: service.metadata.name,
      namespace,
      ...(Object.keys(labels).length > 0 ? { labels } : {}),
      annotations: { ...(current?.metadata.annotations ?? {}), [LAST_CHANGE_TRIGGER_TIME]: world.clock.nowIso() },
    };
    const body = { apiVersion: "v1", kind: "Endpoints", metadata, ...(subsets.length > 0 ? { subsets } : {}) };
    if (!current) return world.api.create(ENDPOINTS, body, namespace).ok;
    return world.api.update(ENDPOINTS, { ...body, metadata: { ...current.metadata, ...metadata } }).ok;
  }
}

function hasSelector(service: Service): boolean {
  return Object.keys(service.spec?.selector ?? {}).length > 0;
}

/**
 * The subsets for a Service: pods that match its selector, have an IP, and are
 * neither finished nor terminating (terminating pods stay when the Service
 * publishes not-ready addresses). Pods that resolve the same ports share a subset.
 */
export function subsetsFor(service: Service, pods: readonly Pod[]): Subset[] {
  const selector = fromMap(service.spec?.selector);
  const publishNotReady = service.spec?.publishNotReadyAddresses === true;
  const servicePorts = service.spec?.ports ?? [];
  const headless = service.spec?.clusterIP === "None";
  const groups = new Map<string, { ports: EndpointPort[]; ready: Address[]; notReady: Address[] }>();

  for (const pod of pods) {
    if (!matches(pod.metadata.labels, selector) || !belongsInEndpoints(pod, publishNotReady)) continue;
    let ports: EndpointPort[];
    if (servicePorts.length === 0) {
      // Only a headless Service without ports lists bare addresses.
      if (!headless) continue;
      ports = [];
    } else {
      ports = servicePorts.flatMap((sp) => {
        const port = resolveTargetPort(pod, sp);
        return port === undefined ? [] : [endpointPort(sp, port)];
      });
      if (ports.length === 0) continue;
    }
    const key = JSON.stringify(ports);
    const group = groups.get(key) ?? { ports, ready: [], notReady: [] };
    groups.set(key, group);
    (publishNotReady || isPodReady(pod) ? group.ready : group.notReady).push(addressOf(pod, service));
  }

  const subsets = [...groups.values()].map((g) => {
    g.ready.sort(byIpThenUid);
    g.notReady.sort(byIpThenUid);
    return {
      ...(g.ready.length > 0 ? { addresses: g.ready } : {}),
      ...(g.notReady.length > 0 ? { notReadyAddresses: g.notReady } : {}),
      ...(g.ports.length > 0 ? { ports: g.ports } : {}),
    };
  });
  const firstIp = (s: Subset) => (s.addresses ?? s.notReadyAddresses ?? [])[0]?.ip ?? "";
  return subsets.sort((a, b) => compareBytes(firstIp(a), firstIp(b)));
}

/** ShouldPodBeInEndpoints upstream. */
function belongsInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") return false;
  if (!pod.status?.podIP && (pod.status?.podIPs ?? []).length === 0) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  return true;
}

/**
 * A number is used as it is; a name is looked up among the containers' ports
 * with the same protocol (FindPort upstream). A pod without that named port
 * is left out for this service port.
 */
export function resolveTargetPort(pod: Pod, servicePort: ServicePort): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === "number") return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = servicePort.protocol ?? "TCP";
  for (const container of pod.spec?.containers ?? []) {
    for (const port of container.ports ?? []) {
      if (port.name === target && (port.protocol ?? "TCP") === protocol) return port.containerPort;
    }
  }
  return undefined;
}

function endpointPort(sp: ServicePort, port: number): EndpointPort {
  return {
    ...(sp.name ? { name: sp.name } : {}),
    port,
    protocol: sp.protocol ?? "TCP",
    ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}),
  };
}

function addressOf(pod: Pod, service: Service): Address {
  const hostname =
    pod.spec?.hostname && pod.spec.subdomain === service.metadata.name && pod.metadata.namespace === service.metadata.namespace ? pod.spec.hostname : undefined;
  return {
    ...(hostname ? { hostname } : {}),
    ip: pod.status?.podIP ?? pod.status!.podIPs![0]!.ip!,
    ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    targetRef: { kind: "Pod", namespace: pod.metadata.namespace!, name: pod.metadata.name, uid: pod.metadata.uid },
  };
}

function byIpThenUid(a: Address, b: Address): number {
  return compareBytes(a.ip, b.ip) || compareBytes(a.targetRef?.uid ?? "", b.targetRef?.uid ?? "");
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
