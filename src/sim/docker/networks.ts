/**
 * The daemon's networks and who can reach whom on them, by Docker's rules
 * (docs.docker.com/engine/network/drivers/bridge): the default `bridge`
 * (172.17.0.0/16) gives containers addresses but no name resolution; a
 * user-defined bridge (172.18.0.0/16, 172.19.0.0/16, ...) adds the embedded
 * DNS server at 127.0.0.11, which answers container names, network aliases
 * and short IDs of containers on the same network; two containers talk only
 * when they share a network; `host` shares the host's stack, `none` has only
 * loopback. Errors are the daemon's words (moby libnetwork, daemon/network.go).
 */
import { sha256 } from "./image.js";

export interface Network {
  id: string;
  name: string;
  driver: "bridge" | "host" | "null";
  created: number;
  /** 172.N.0.0/16 for bridges; N is 17 for the default bridge. */
  subnetIndex?: number;
  internal: boolean;
  labels: Record<string, string>;
  /** bridge, host and none: the daemon's own, never removed. */
  predefined: boolean;
}

/** One container's attachment to one network. */
export interface Endpoint {
  aliases: string[];
  /** 172.N.0.<ipSuffix> while the container runs; 0 when stopped. */
  ipSuffix: number;
}

/** What networking reads of a container (containers.ts's DockerContainer has it; no import, no cycle). */
export interface NetContainer {
  id: string;
  name: string;
  runtime: { state: { status: string } };
  endpoints: Record<string, Endpoint>;
  extraHosts: string[];
}

export type NetworkResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** The default bridge's name resolution is none: only user-defined networks have the embedded DNS. */
export const EMBEDDED_DNS = "127.0.0.11";

export class NetworkStore {
  readonly networks = new Map<string, Network>();
  /** How many networks were ever created: seeds IDs and subnets. */
  created = 0;

  constructor(private readonly now: () => number) {
    for (const [name, driver] of [["bridge", "bridge"], ["host", "host"], ["none", "null"]] as const) {
      this.networks.set(name, { id: sha256(`network:${name}`).slice(7), name, driver, created: 0, ...(name === "bridge" ? { subnetIndex: 17 } : {}), internal: false, labels: {}, predefined: true });
    }
  }

  /** By name, full ID or unique ID prefix (moby daemon.FindNetwork). */
  find(ref: string): Network | undefined {
    const all = [...this.networks.values()];
    const exact = all.find((n) => n.name === ref || n.id === ref);
    if (exact) return exact;
    if (!/^[0-9a-f]+$/.test(ref)) return undefined;
    const prefixed = all.filter((n) => n.id.startsWith(ref));
    return prefixed.length === 1 ? prefixed[0] : undefined;
  }

  /** `docker network create [-d bridge] NAME`. */
  create(name: string, driver: string, internal: boolean, labels: Record<string, string>): NetworkResult<Network> {
    if (this.networks.has(name)) return { ok: false, error: `network with name ${name} already exists` };
    if (driver === "host" || driver === "null") return { ok: false, error: `only one instance of "${driver}" network is allowed` };
    if (driver !== "bridge") return { ok: false, error: `could not find plugin ${driver} in v1 plugin registry: plugin not found` };
    const seq = ++this.created;
    const used = new Set([...this.networks.values()].map((n) => n.subnetIndex));
    let index = 18;
    while (used.has(index)) index++;
    const network: Network = { id: sha256(`network:${name}:${seq}:${this.now()}`).slice(7), name, driver: "bridge", created: this.now(), subnetIndex: index, internal, labels, predefined: false };
    this.networks.set(name, network);
    return { ok: true, value: network };
  }

  remove(network: Network, users: readonly NetContainer[]): NetworkResult<Network> {
    // moby daemon/network.go deleteNetwork: the predefined networks refuse by name.
    if (network.predefined) return { ok: false, error: `${network.name} is a pre-defined network and cannot be removed` };
    // Engine 27 libnetwork (network.go Delete): "network %s id %s has active endpoints".
    if (users.length > 0) return { ok: false, error: `error while removing network: network ${network.name} id ${network.id} has active endpoints` };
    this.networks.delete(network.name);
    return { ok: true, value: network };
  }
}

export function subnet(network: Network): string {
  return network.subnetIndex === undefined ? "" : `172.${network.subnetIndex}.0.0/16`;
}

export function gateway(network: Network): string {
  return network.subnetIndex === undefined ? "" : `172.${network.subnetIndex}.0.1`;
}

export function ipOn(network: Network, endpoint: Endpoint): string {
  return network.subnetIndex === undefined || endpoint.ipSuffix === 0 ? "" : `172.${network.subnetIndex}.0.${endpoint.ipSuffix}`;
}

/** A MAC as Docker derived it from the IPv4 address (02:42 + the four bytes), Engine 27. */
export function macFor(ip: string): string {
  if (ip === "") return "";
  return ["02", "42", ...ip.split(".").map((b) => Number(b).toString(16).padStart(2, "0"))].join(":");
}

/** Whether a network name is one a container can join by name resolution (user-defined bridges only). */
export function hasEmbeddedDns(network: Network): boolean {
  return network.driver === "bridge" && !network.predefined;
}

export interface Peer<C extends NetContainer = NetContainer> {
  container: C;
  ip: string;
  network: Network;
}

/**
 * What a name means from inside `from`: an `--add-host` entry, then, on a
 * user-defined network `from` is on, a running container whose name, alias
 * or ID prefix (12+ characters, as the embedded DNS answers) matches.
 */
export function resolveName<C extends NetContainer>(from: NetContainer, name: string, networks: NetworkStore, containers: Iterable<C>): { ip: string; peer?: Peer<C> } | undefined {
  const hosts = from.extraHosts.map((h) => h.split(":") as [string, string]).find(([host]) => host === name);
  // The daemon replaces "host-gateway" with the default bridge's gateway, the host itself (docs: --add-host).
  if (hosts) return { ip: hosts[1] === "host-gateway" ? "172.17.0.1" : hosts[1] };
  const all = [...containers];
  for (const [netName] of Object.entries(from.endpoints)) {
    const network = networks.find(netName);
    if (!network || !hasEmbeddedDns(network)) continue;
    for (const c of all) {
      if (c.runtime.state.status !== "running") continue;
      const endpoint = c.endpoints[network.name];
      if (!endpoint) continue;
      const matches = c.name === name || endpoint.aliases.includes(name) || (name.length >= 12 && c.id.startsWith(name));
      if (matches) return { ip: ipOn(network, endpoint), peer: { container: c, ip: ipOn(network, endpoint), network } };
    }
  }
  return undefined;
}

/** The running container that holds an address on a network `from` shares, if any. */
export function peerAt<C extends NetContainer>(from: NetContainer, ip: string, networks: NetworkStore, containers: Iterable<C>): Peer<C> | undefined {
  for (const c of containers) {
    if (c.runtime.state.status !== "running") continue;
    for (const [netName, endpoint] of Object.entries(c.endpoints)) {
      const network = networks.find(netName);
      if (!network || ipOn(network, endpoint) !== ip) continue;
      if (from.endpoints[netName] === undefined) return undefined;
      return { container: c, ip, network };
    }
  }
  return undefined;
}
