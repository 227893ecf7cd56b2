/**
 * How etcdctl reaches a member: each --endpoints URL names a host and port;
 * 127.0.0.1 and localhost are the machine the shell is on (the learner's
 * terminal stands for the control-plane host, as the exam's jump to it does);
 * the member listening there answers if it runs. TLS as kubeadm sets etcd up
 * (--client-cert-auth=true): the server's certificate verifies only against
 * etcd's CA, and it accepts only client pairs that CA signed. kadet's
 * certificates hold no key material, so they are known by their kubeadm path.
 * A failed connection is what clientv3 prints when its deadline runs out.
 */
import { toRfc3339Micro } from "./time.js";
import type { MemberStatus } from "../../sim/etcd/etcd.js";
import type { World } from "../../sim/world/world.js";
import type { FamilyContext } from "../types.js";
import { hostOf } from "../host/on-host.js";

const PKI = "/etc/kubernetes/pki";
export const ETCD_CA = `${PKI}/etcd/ca.crt`;
/** Client pairs signed by etcd's CA (kubeadm certs list). */
const ETCD_CLIENT_PAIRS: [string, string][] = [
  [`${PKI}/etcd/server.crt`, `${PKI}/etcd/server.key`],
  [`${PKI}/etcd/peer.crt`, `${PKI}/etcd/peer.key`],
  [`${PKI}/etcd/healthcheck-client.crt`, `${PKI}/etcd/healthcheck-client.key`],
  [`${PKI}/apiserver-etcd-client.crt`, `${PKI}/apiserver-etcd-client.key`],
];

export interface TlsFiles {
  cacert: string;
  cert: string;
  key: string;
}

export interface Endpoint {
  /** As given: "https://127.0.0.1:2379". */
  url: string;
  /** host:port, as clientv3's target shows it. */
  hostPort: string;
}

export type Reach = { ok: true; member: MemberStatus } | { ok: false; reason: string };

/** The host a shell command runs on: the one entered with ssh, else the cluster's first control-plane host. */
export function shellHost(ctx: FamilyContext, members: MemberStatus[]): string | undefined {
  return hostOf(ctx)?.host.name ?? members[0]?.host;
}

/** Reads a file as etcdctl would open it: on the host the shell is on; the learner's terminal sees the control plane's /etc/kubernetes. */
export async function readHostFile(ctx: FamilyContext, world: World, path: string, host: string | undefined): Promise<string | undefined> {
  const local = await ctx.readFile(path);
  if (local !== undefined) return local;
  if (hostOf(ctx) || host === undefined || !path.startsWith("/")) return undefined;
  return world.hosts.get(host)?.files[path];
}

export function parseEndpoint(url: string): Endpoint {
  const hostPort = url.replace(/^[a-z]+:\/\//, "").replace(/\/.*$/, "");
  return { url, hostPort };
}

/** Normalises a path the way the kubeadm names are compared (relative to the working folder). */
function absolute(path: string, cwd: string): string {
  const joined = path.startsWith("/") ? path : `${cwd.replace(/\/$/, "")}/${path}`;
  const out: string[] = [];
  for (const part of joined.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return `/${out.join("/")}`;
}

/** Which member, if any, answers at an endpoint, and if not, the transport error clientv3 reports. */
export function reach(endpoint: Endpoint, members: MemberStatus[], fromHost: string | undefined, tls: TlsFiles, secure: boolean, cwd: string): Reach {
  const [host, port] = splitHostPort(endpoint.hostPort);
  const local = host === "127.0.0.1" || host === "localhost";
  const member = members.find((m) =>
    m.listenClientURLs.some((u) => {
      const [h, p] = splitHostPort(parseEndpoint(u).hostPort);
      if (p !== port) return false;
      if (h === "127.0.0.1" || h === "localhost") return local && m.host === fromHost;
      return h === host;
    }),
  );
  const dialed = `${local ? "127.0.0.1" : host}:${port}`;
  if (!member || !member.running) return { ok: false, reason: `connection error: desc = "transport: Error while dialing: dial tcp ${dialed}: connect: connection refused"` };
  if (!secure) return { ok: false, reason: "connection closed before server preface received" };
  if (tls.cacert === "" || absolute(tls.cacert, cwd) !== ETCD_CA) {
    return { ok: false, reason: `connection error: desc = "transport: authentication handshake failed: tls: failed to verify certificate: x509: certificate signed by unknown authority"` };
  }
  const cert = tls.cert === "" ? "" : absolute(tls.cert, cwd);
  const key = tls.key === "" ? "" : absolute(tls.key, cwd);
  if (!ETCD_CLIENT_PAIRS.some(([c, k]) => c === cert && k === key)) {
    return { ok: false, reason: `connection error: desc = "error reading server preface: remote error: tls: ${cert === "" ? "certificate required" : "bad certificate"}"` };
  }
  return { ok: true, member };
}

function splitHostPort(hostPort: string): [string, string] {
  const at = hostPort.lastIndexOf(":");
  return at < 0 ? [hostPort, "2379"] : [hostPort.slice(0, at), hostPort.slice(at + 1)];
}

/** clientv3's log line when a unary call's deadline runs out, then the error etcdctl prints. */
export function deadlineExceeded(now: number, endpoint: Endpoint, detail: string): string {
  return retryWarning(now, endpoint, "DeadlineExceeded", detail);
}

/** The warning clientv3's retry interceptor logs for a unary request the server refused (its gRPC code and description). */
export function retryWarning(now: number, endpoint: Endpoint, code: string, detail: string): string {
  const line = {
    level: "warn",
    ts: toRfc3339Micro(now),
    logger: "etcd-client",
    caller: "v3@v3.5.16/retry_interceptor.go:63",
    msg: "retrying of unary invoker failed",
    target: `etcd-endpoints://0xc0003a2000/${endpoint.hostPort}`,
    attempt: 0,
    error: `rpc error: code = ${code} desc = ${detail}`,
  };
  return `${JSON.stringify(line)}\n`;
}

/** The detail when the member was reached but could not answer in time (no leader, no quorum). */
export const NO_QUORUM_DETAIL = "context deadline exceeded";
export const balancerDetail = (reason: string) => `latest balancer error: last connection error: ${reason}`;
