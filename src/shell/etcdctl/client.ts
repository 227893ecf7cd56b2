/**
 * One etcdctl invocation's client: the parsed flags, the cluster it talks to,
 * the TLS files (read and checked before any dial, as clientv3 loads them),
 * and the member each endpoint reaches. What the commands share.
 */
import { EtcdCluster, type MemberStatus } from "../../sim/etcd/etcd.js";
import type { World } from "../../sim/world/world.js";
import { parseDuration } from "../duration.js";
import { hostOf } from "../host/on-host.js";
import { failure, type CommandResult, type FamilyContext } from "../types.js";
import { balancerDetail, deadlineExceeded, parseEndpoint, reach, readHostFile, retryWarning, shellHost, NO_QUORUM_DETAIL, type Endpoint, type Reach } from "./connect.js";
import { flag, type ParsedArgs } from "./flags.js";

/** etcdctl's exit codes (pkg/cobrautl/error.go). */
export const EXIT_ERROR = 1;
export const EXIT_BAD_ARGS = 128;

export interface Client {
  world: World;
  etcd: EtcdCluster;
  members: MemberStatus[];
  endpoints: Endpoint[];
  args: ParsedArgs;
  ctx: FamilyContext;
  fromHost: string | undefined;
  writeOut: string;
  commandTimeoutMs: number;
}

export type ClientResult = { ok: true; client: Client } | { ok: false; result: CommandResult };

export async function openClient(args: ParsedArgs, ctx: FamilyContext): Promise<ClientResult> {
  const world = hostOf(ctx)?.world ?? ctx.world;
  const etcd = world.loopsOfType(EtcdCluster);
  if (!etcd) return { ok: false, result: failure("kadet: this cluster has no etcd model") };
  const members = etcd.members(world);
  const fromHost = shellHost(ctx, members);
  for (const name of ["cacert", "cert", "key"] as const) {
    const path = flag(args, name);
    if (path !== "" && (await readHostFile(ctx, world, path, fromHost)) === undefined) {
      return { ok: false, result: failure(`Error: open ${path}: no such file or directory`, EXIT_BAD_ARGS) };
    }
  }
  if ((flag(args, "cert") === "") !== (flag(args, "key") === "")) {
    // clientv3's TLS info needs both halves of a pair.
    return { ok: false, result: failure(`Error: ${flag(args, "cert") === "" ? "KeyFile" : "CertFile"} and ${flag(args, "cert") === "" ? "CertFile" : "KeyFile"} must both be present[key: ${flag(args, "key")}, cert: ${flag(args, "cert")}]`, EXIT_ERROR) };
  }
  const endpoints = flag(args, "endpoints").split(",").filter(Boolean).map(parseEndpoint);
  const commandTimeoutMs = parseDuration(flag(args, "command-timeout")) ?? 5000;
  return { ok: true, client: { world, etcd, members, endpoints, args, ctx, fromHost, writeOut: flag(args, "write-out"), commandTimeoutMs } };
}

/** Whether the endpoint is dialled with TLS: https, or no scheme with TLS files given (clientv3 3.5). */
function secureFor(client: Client, endpoint: Endpoint): boolean {
  if (endpoint.url.startsWith("https://")) return true;
  if (endpoint.url.startsWith("http://")) return false;
  return ["cacert", "cert", "key"].some((f) => flag(client.args, f) !== "") || flag(client.args, "insecure-transport") === "false";
}

export function reachEndpoint(client: Client, endpoint: Endpoint): Reach {
  const tls = { cacert: flag(client.args, "cacert"), cert: flag(client.args, "cert"), key: flag(client.args, "key") };
  return reach(endpoint, client.members, client.fromHost, tls, secureFor(client, endpoint), client.ctx.cwd);
}

/** The first endpoint that answers, as the balancer picks one; or the timeout's output (the clock moves by the command timeout). */
export function anyMember(client: Client): { ok: true; member: MemberStatus } | { ok: false; result: CommandResult } {
  let lastReason = "";
  for (const endpoint of client.endpoints) {
    const r = reachEndpoint(client, endpoint);
    if (r.ok) return r;
    lastReason = r.reason;
  }
  return { ok: false, result: timedOut(client, client.endpoints[client.endpoints.length - 1] ?? parseEndpoint("127.0.0.1:2379"), balancerDetail(lastReason)) };
}

/** A request that waits for its deadline: the warning clientv3 logs and "Error: context deadline exceeded". */
export function timedOut(client: Client, endpoint: Endpoint, detail = NO_QUORUM_DETAIL): CommandResult {
  client.world.advance(client.commandTimeoutMs / 1000);
  return { stdout: "", stderr: `${deadlineExceeded(client.world.clock.now(), endpoint, detail)}Error: context deadline exceeded\n`, exitCode: EXIT_ERROR };
}

/** mvcc's errors for a revision out of reach (etcd server/storage/mvcc/kvstore.go ErrCompacted, ErrFutureRev), recorded from a real etcd. */
export const MVCC_ERRORS = {
  compacted: "etcdserver: mvcc: required revision has been compacted",
  future: "etcdserver: mvcc: required revision is a future revision",
} as const;

/** A request the server refused with gRPC OutOfRange: clientv3's warning, then etcdctl's Error line. */
export function outOfRange(client: Client, error: keyof typeof MVCC_ERRORS): CommandResult {
  const message = MVCC_ERRORS[error];
  return { stdout: "", stderr: `${retryWarning(client.world.clock.now(), client.endpoints[0]!, "OutOfRange", message)}Error: ${message}\n`, exitCode: EXIT_ERROR };
}

/** A flag value strconv.ParseInt refuses, in cobra's words. */
export function badIntFlag(flagName: string, value: string): CommandResult | undefined {
  if (/^[+-]?\d+$/.test(value)) return undefined;
  const error = `invalid argument "${value}" for "--${flagName}" flag: strconv.ParseInt: parsing "${value}": invalid syntax`;
  // cobra prints the error and the command's usage, then etcdctl the error again (kadet leaves the usage out, as for unknown flags).
  return failure(`Error: ${error}\n\nError: ${error}`, EXIT_ERROR);
}

/** etcd's response header, as -w json prints it (uint64s in decimal). */
export function headerJson(client: Client, member: MemberStatus, withRevision = true): string {
  const revision = withRevision ? `,"revision":${client.etcd.revision(client.world)}` : "";
  return `{"cluster_id":${hexToDecimal(client.etcd.clusterId())},"member_id":${hexToDecimal(member.id)}${revision},"raft_term":${client.etcd.term()}}`;
}

export const hexToDecimal = (hex: string) => BigInt(`0x${hex}`).toString();
