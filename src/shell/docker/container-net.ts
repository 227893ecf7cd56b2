/**
 * What a connection from inside a container reaches, by Docker's network
 * rules (sim/docker/networks.ts): a name resolves through `--add-host`
 * entries and, on user-defined networks, the embedded DNS; an address
 * answers only from a container on a network both share, or from the host
 * (the default bridge's gateway, `host-gateway`) through published ports.
 * A web server (nginx, httpd) answers GET with the file under its document
 * root, read through its own mounts, so a bind-mounted index.html is served.
 */
import { posix } from "node:path";
import type { FamilyContext } from "../types.js";
import type { DockerDaemon } from "../../sim/docker/daemon.js";
import type { DockerContainer } from "../../sim/docker/containers.js";
import { peerAt, resolveName } from "../../sim/docker/networks.js";
import { ContainerFiles } from "./container-files.js";

/** The default bridge's gateway: the host as containers see it (host-gateway). */
const HOST_GATEWAY = "172.17.0.1";

/** Document roots of the catalog's web servers (their images' default configuration). */
const DOCUMENT_ROOTS: Readonly<Record<string, { port: string; root: string }>> = {
  "docker.io/library/nginx": { port: "80/tcp", root: "/usr/share/nginx/html" },
  "docker.io/library/httpd": { port: "80/tcp", root: "/usr/local/apache2/htdocs" },
};

export type Resolution = { ok: true; ip: string } | { ok: false; reason: "bad-address" | "unreachable" };

export function resolveFrom(daemon: DockerDaemon, from: DockerContainer, host: string): Resolution {
  if (from.networkMode === "none") return /^(\d+\.){3}\d+$/.test(host) || host === "localhost" ? { ok: true, ip: host === "localhost" ? "127.0.0.1" : host } : { ok: false, reason: "bad-address" };
  if (host === "localhost") return { ok: true, ip: "127.0.0.1" };
  if (/^(\d+\.){3}\d+$/.test(host)) return { ok: true, ip: host };
  // /etc/hosts holds the container's own hostname (its short ID); its name resolves only through a user-defined network's DNS.
  if (host === from.id.slice(0, 12)) return { ok: true, ip: "127.0.0.1" };
  const found = resolveName(from, host, daemon.networks, daemon.containers.containers.values());
  return found ? { ok: true, ip: found.ip } : { ok: false, reason: "bad-address" };
}

export type Connection =
  | { ok: true; server: DockerContainer; port: string }
  | { ok: false; reason: "refused" | "timeout" | "unreachable" };

/** Where a TCP connection from `from` to ip:port ends. */
export function connect(daemon: DockerDaemon, from: DockerContainer, ip: string, port: number): Connection {
  const running = [...daemon.containers.containers.values()].filter((c) => c.runtime.state.status === "running");
  if (from.networkMode === "none" && ip !== "127.0.0.1") return { ok: false, reason: "unreachable" };
  const listening = (c: DockerContainer) => c.runtime.behaviour.kind === "server" && c.exposedPorts.includes(`${port}/tcp`);
  const onHost = ip === HOST_GATEWAY || (from.networkMode === "host" && ip === "127.0.0.1");
  if (ip === "127.0.0.1" && !onHost) return listening(from) ? { ok: true, server: from, port: `${port}/tcp` } : { ok: false, reason: "refused" };
  if (onHost) {
    // The host: a published port leads to its container; host-network containers listen on the host itself.
    const published = running.find((c) => c.ports.some((p) => p.hostPort === String(port)));
    if (published) {
      const binding = published.ports.find((p) => p.hostPort === String(port))!;
      return published.runtime.behaviour.kind === "server" ? { ok: true, server: published, port: binding.containerPort } : { ok: false, reason: "refused" };
    }
    const hostNet = running.find((c) => c.networkMode === "host" && listening(c));
    return hostNet ? { ok: true, server: hostNet, port: `${port}/tcp` } : { ok: false, reason: "refused" };
  }
  const peer = peerAt(from, ip, daemon.networks, running);
  if (!peer) {
    // Another bridge's address: Docker's isolation rules drop the packets, so the connection times out.
    return { ok: false, reason: "timeout" };
  }
  return listening(peer.container) ? { ok: true, server: peer.container, port: `${port}/tcp` } : { ok: false, reason: "refused" };
}

export type HttpAnswer = { ok: true; status: 200; body: string } | { ok: false; status: 404 | 403 } | { ok: false; status: "not-http" };

/** GET path from a catalog web server: the file under its document root (index.html for a folder). */
export async function httpGet(daemon: DockerDaemon, server: DockerContainer, port: string, path: string, family: FamilyContext): Promise<HttpAnswer> {
  const web = DOCUMENT_ROOTS[server.catalogRepository ?? ""];
  if (!web || web.port !== port || !server.defaultProcess) return { ok: false, status: "not-http" };
  const files = new ContainerFiles(daemon, server, family);
  let target = posix.join(web.root, decodeURIComponent(path.split("?")[0]!));
  let entry = await files.entry(target);
  if (entry?.type === "dir") {
    target = posix.join(target, "index.html");
    entry = await files.entry(target);
    // nginx's autoindex is off: a folder without index.html is 403 Forbidden.
    if (entry === undefined) return { ok: false, status: 403 };
  }
  if (entry?.type !== "file") return { ok: false, status: 404 };
  return { ok: true, status: 200, body: entry.content };
}

/** "http://api:3000/x" → host, port, path; undefined when it is not an http URL kadet reads. */
export function parseUrl(url: string): { host: string; port: number; path: string } | undefined {
  const m = /^(?:http:\/\/)?([^/:\s]+)(?::(\d+))?(\/.*)?$/.exec(url);
  if (!m || url.startsWith("https://")) return undefined;
  return { host: m[1]!, port: m[2] ? Number(m[2]) : 80, path: m[3] ?? "/" };
}
