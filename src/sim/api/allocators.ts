/**
 * Service IP and node port allocation, as the API server's service registry
 * does it: ClusterIPs from the service CIDR (10.96.0.0/12 as kubeadm sets it
 * up), node ports from 30000-32767, both seeded-random like upstream's
 * random allocators, and conflicts reported in the API's own words.
 * https://kubernetes.io/docs/concepts/services-networking/cluster-ip-allocation/
 */
import type { Rng } from "../core/random.js";
import { type ApiError, invalid, type FieldError } from "./errors.js";
import { kindNamed } from "./kinds.js";
import type { ObjectStore } from "./store.js";
import type { KubeObject, StoredObject } from "./types.js";

export const SERVICE_CIDR = "10.96.0.0/12";
const CIDR_BASE = ipToNumber("10.96.0.0");
const CIDR_SIZE = 2 ** 20;
export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;

interface ServicePort {
  port?: number;
  nodePort?: number;
  name?: string;
}
interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: ServicePort[];
}

export type Allocation = { ok: true } | { ok: false; error: ApiError };

export class ServiceAllocator {
  constructor(
    private readonly store: ObjectStore,
    private readonly rng: Rng,
  ) {}

  /** Fills spec.clusterIP(s) and nodePorts of a new Service in place. */
  allocate(service: KubeObject, _dryRun: boolean): Allocation {
    const spec = (service.spec ?? {}) as ServiceSpec;
    const name = service.metadata?.name ?? "";
    const used = this.usedAddresses();
    const errors: FieldError[] = [];

    if (spec.type !== "ExternalName") {
      const requested = spec.clusterIP ?? spec.clusterIPs?.[0];
      if (requested === "None") {
        spec.clusterIP = "None";
        spec.clusterIPs = ["None"];
      } else if (requested) {
        const n = ipToNumber(requested);
        if (Number.isNaN(n) || n <= CIDR_BASE || n >= CIDR_BASE + CIDR_SIZE - 1) {
          errors.push({
            field: "spec.clusterIPs",
            type: "Invalid value",
            value: [requested],
            detail: `failed to allocate IP ${requested}: the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`,
          });
        } else if (used.ips.has(requested)) {
          errors.push({
            field: "spec.clusterIPs",
            type: "Invalid value",
            value: [requested],
            detail: `failed to allocate IP ${requested}: provided IP is already allocated`,
          });
        } else {
          spec.clusterIP = requested;
          spec.clusterIPs = [requested];
        }
      } else {
        const ip = this.freeIp(used.ips);
        spec.clusterIP = ip;
        spec.clusterIPs = [ip];
      }
    }

    if (spec.type === "NodePort" || spec.type === "LoadBalancer") {
      (spec.ports ?? []).forEach((port, i) => {
        if (port.nodePort === undefined) {
          port.nodePort = this.freeNodePort(used.nodePorts);
          used.nodePorts.add(port.nodePort);
        } else if (port.nodePort < NODE_PORT_MIN || port.nodePort > NODE_PORT_MAX) {
          errors.push({
            field: `spec.ports[${i}].nodePort`,
            type: "Invalid value",
            value: port.nodePort,
            detail: `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`,
          });
        } else if (used.nodePorts.has(port.nodePort)) {
          errors.push({ field: `spec.ports[${i}].nodePort`, type: "Invalid value", value: port.nodePort, detail: "provided port is already allocated" });
        } else used.nodePorts.add(port.nodePort);
      });
    }

    if (errors.length > 0) return { ok: false, error: invalid("Service", "Service", name, errors) };
    service.spec = spec;
    return { ok: true };
  }

  /** On update the ClusterIP is immutable and node ports are kept unless changed. */
  keepAllocation(next: KubeObject, old: StoredObject): void {
    const spec = (next.spec ?? {}) as ServiceSpec;
    const oldSpec = (old.spec ?? {}) as ServiceSpec;
    if (spec.clusterIP === undefined && oldSpec.clusterIP !== undefined) spec.clusterIP = oldSpec.clusterIP;
    if (spec.clusterIPs === undefined && oldSpec.clusterIPs !== undefined) spec.clusterIPs = oldSpec.clusterIPs;
    for (const port of spec.ports ?? []) {
      if (port.nodePort !== undefined) continue;
      const before = oldSpec.ports?.find((p) => p.port === port.port && p.name === port.name);
      if (before?.nodePort !== undefined && (spec.type === "NodePort" || spec.type === "LoadBalancer")) port.nodePort = before.nodePort;
    }
    next.spec = spec;
  }

  private usedAddresses(): { ips: Set<string>; nodePorts: Set<number> } {
    const ips = new Set<string>();
    const nodePorts = new Set<number>();
    for (const svc of this.store.list(kindNamed("Service")!)) {
      const spec = (svc.spec ?? {}) as ServiceSpec;
      for (const ip of spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])) ips.add(ip);
      for (const port of spec.ports ?? []) if (port.nodePort !== undefined) nodePorts.add(port.nodePort);
    }
    return { ips, nodePorts };
  }

  private freeIp(used: Set<string>): string {
    for (;;) {
      // Skip the network address and the low addresses kubeadm reserves (.1 kubernetes, .10 kube-dns).
      const ip = numberToIp(CIDR_BASE + 16 + this.rng.int(CIDR_SIZE - 32));
      if (!used.has(ip)) return ip;
    }
  }

  private freeNodePort(used: Set<number>): number {
    for (;;) {
      const port = NODE_PORT_MIN + this.rng.int(NODE_PORT_MAX - NODE_PORT_MIN + 1);
      if (!used.has(port)) return port;
    }
  }
}

export function ipToNumber(ip: string): number {
  const parts = ip.split(".");
  if (parts.length !== 4) return NaN;
  let n = 0;
  for (const part of parts) {
    const v = Number(part);
    if (!/^\d{1,3}$/.test(part) || v > 255) return NaN;
    n = n * 256 + v;
  }
  return n;
}

export function numberToIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}
