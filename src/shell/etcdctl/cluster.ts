/**
 * `etcdctl member list` and `endpoint status|health [--cluster]`
 * (ctlv3/command/member_command.go, ep_command.go; printer_simple.go,
 * printer_table.go, printer_json.go). Member list is answered by any member
 * reached, quorum or not (as recorded from a cluster that lost its quorum);
 * endpoint health commits a proposal, so it needs a quorum.
 */
import type { MemberStatus } from "../../sim/etcd/etcd.js";
import { fakeDigest } from "../../sim/core/digest.js";
import { encodeSnapshotFile } from "../../sim/etcd/snapshot-file.js";
import { failure, ok, type CommandResult } from "../types.js";
import { anyMember, EXIT_ERROR, headerJson, hexToDecimal, reachEndpoint, type Client } from "./client.js";
import { deadlineExceeded, parseEndpoint, type Endpoint, balancerDetail } from "./connect.js";
import { boolFlag } from "./flags.js";
import { humanizeBytes, renderTable } from "./table.js";

/** The etcd server kubeadm 1.32 runs (registry.k8s.io/etcd:3.5.16-0). */
export const ETCD_VERSION = "3.5.16";

const byId = (a: MemberStatus, b: MemberStatus) => (BigInt(`0x${a.id}`) < BigInt(`0x${b.id}`) ? -1 : 1);

export function memberListCommand(client: Client): CommandResult {
  const reached = anyMember(client);
  if (!reached.ok) return reached.result;
  const members = [...client.members].sort(byId);
  const rows = members.map((m) => [m.id, "started", m.name, m.peerURLs.join(","), m.clientURLs.join(","), "false"]);
  switch (client.writeOut) {
    case "simple":
      return ok(rows.map((r) => `${r.join(", ")}\n`).join(""));
    case "table":
      return ok(renderTable(["ID", "STATUS", "NAME", "PEER ADDRS", "CLIENT ADDRS", "IS LEARNER"], rows));
    case "json": {
      const items = members.map((m) => `{"ID":${hexToDecimal(m.id)},"name":"${m.name}","peerURLs":${JSON.stringify(m.peerURLs)},"clientURLs":${JSON.stringify(m.clientURLs)}}`);
      return ok(`{"header":${headerJson(client, reached.member, false)},"members":[${items.join(",")}]}\n`);
    }
    default:
      return failure(`kadet: 'etcdctl member list -w ${client.writeOut}' is not simulated (simple, table and json are)`);
  }
}

/** --cluster: the client URLs of every member, from member list; else the endpoints given. */
function targets(client: Client): { ok: true; endpoints: Endpoint[] } | { ok: false; result: CommandResult } {
  if (!boolFlag(client.args, "cluster")) return { ok: true, endpoints: client.endpoints };
  const reached = anyMember(client);
  if (!reached.ok) return reached;
  return { ok: true, endpoints: [...client.members].sort(byId).flatMap((m) => m.clientURLs.map(parseEndpoint)) };
}

export function endpointStatusCommand(client: Client): CommandResult {
  const found = targets(client);
  if (!found.ok) return found.result;
  let stderr = "";
  let failed = false;
  const rows: { endpoint: Endpoint; member: MemberStatus; cells: string[] }[] = [];
  const dbSize = encodeSnapshotFile(client.etcd.snapshotContent(client.world)).length;
  const revision = client.etcd.revision(client.world);
  for (const endpoint of found.endpoints) {
    const r = reachEndpoint(client, endpoint);
    if (!r.ok) {
      failed = true;
      client.world.advance(client.commandTimeoutMs / 1000);
      stderr += `${deadlineExceeded(client.world.clock.now(), endpoint, balancerDetail(r.reason))}Failed to get the status of endpoint ${endpoint.url} (context deadline exceeded)\n`;
      continue;
    }
    const m = r.member;
    const leaderless = !client.etcd.hasQuorum();
    // Raft's index counts every entry (membership, leases, compactions), so it runs ahead of the revision.
    const index = String(revision + 4);
    rows.push({ endpoint, member: m, cells: [endpoint.url, m.id, ETCD_VERSION, humanizeBytes(dbSize), String(m.isLeader), "false", String(client.etcd.term()), index, index, leaderless ? "etcdserver: no leader" : ""] });
  }
  let stdout = "";
  switch (client.writeOut) {
    case "simple":
      stdout = rows.map((r) => `${r.cells.join(", ")}\n`).join("");
      break;
    case "table":
      stdout = renderTable(["ENDPOINT", "ID", "VERSION", "DB SIZE", "IS LEADER", "IS LEARNER", "RAFT TERM", "RAFT INDEX", "RAFT APPLIED INDEX", "ERRORS"], rows.map((r) => r.cells));
      break;
    case "json": {
      const leaderId = client.members.find((m) => m.isLeader)?.id;
      const items = rows.map((r) => {
        const errors = r.cells[9] !== "" ? `,"errors":["${r.cells[9]}"]` : "";
        return `{"Endpoint":"${r.endpoint.url}","Status":{"header":${headerJson(client, r.member)},"version":"${ETCD_VERSION}","dbSize":${dbSize},"leader":${leaderId ? hexToDecimal(leaderId) : 0},"raftIndex":${r.cells[7]},"raftTerm":${client.etcd.term()},"raftAppliedIndex":${r.cells[8]}${errors},"dbSizeInUse":${dbSize}}}`;
      });
      stdout = `[${items.join(",")}]\n`;
      break;
    }
    default:
      return failure(`kadet: 'etcdctl endpoint status -w ${client.writeOut}' is not simulated (simple, table and json are)`);
  }
  return { stdout, stderr, exitCode: failed ? EXIT_ERROR : 0 };
}

/** A proposal's round trip, stable for a given member and time (the model has no network latency). */
function took(member: string, now: number): string {
  const nanos = 4_000_000 + (parseInt(fakeDigest(`${member}@${now}`).slice(0, 8), 16) % 12_000_000);
  // Go's Duration.String: milliseconds with the fraction's trailing zeros cut.
  return `${(nanos / 1e6).toFixed(6).replace(/0+$/, "").replace(/\.$/, "")}ms`;
}

export function endpointHealthCommand(client: Client): CommandResult {
  const found = targets(client);
  if (!found.ok) return found.result;
  let stdout = "";
  let stderr = "";
  let unhealthy = false;
  let waited = false;
  const rows: string[][] = [];
  const now = client.world.clock.now();
  const results: { endpoint: Endpoint; healthy: boolean; took: string; error: string }[] = [];
  for (const endpoint of found.endpoints) {
    const r = reachEndpoint(client, endpoint);
    if (r.ok && client.etcd.hasQuorum()) {
      results.push({ endpoint, healthy: true, took: took(r.member.name, now), error: "" });
      continue;
    }
    unhealthy = true;
    if (!waited) {
      client.world.advance(client.commandTimeoutMs / 1000);
      waited = true;
    }
    stderr += deadlineExceeded(client.world.clock.now(), endpoint, r.ok ? "context deadline exceeded" : balancerDetail(r.reason));
    results.push({ endpoint, healthy: false, took: took(endpoint.url, now), error: "context deadline exceeded" });
  }
  for (const h of results) {
    if (client.writeOut === "table") rows.push([h.endpoint.url, String(h.healthy), h.took, h.healthy ? "" : `failed to commit proposal: ${h.error}`]);
    else if (h.healthy) stdout += `${h.endpoint.url} is healthy: successfully committed proposal: took = ${h.took}\n`;
    else stderr += `${h.endpoint.url} is unhealthy: failed to commit proposal: ${h.error}\n`;
  }
  if (client.writeOut === "table") stdout = renderTable(["ENDPOINT", "HEALTH", "TOOK", "ERROR"], rows);
  else if (client.writeOut === "json") {
    stdout = `[${results.map((h) => `{"endpoint":"${h.endpoint.url}","health":${h.healthy},"took":"${h.took}"${h.healthy ? "" : `,"error":"failed to commit proposal: ${h.error}"`}}`).join(",")}]\n`;
  } else if (client.writeOut !== "simple") return failure(`kadet: 'etcdctl endpoint health -w ${client.writeOut}' is not simulated (simple, table and json are)`);
  if (unhealthy) stderr += "Error: unhealthy cluster\n";
  return { stdout, stderr, exitCode: unhealthy ? EXIT_ERROR : 0 };
}
