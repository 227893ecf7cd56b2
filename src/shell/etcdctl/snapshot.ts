/**
 * `etcdctl snapshot save|status|restore` and `etcdutl snapshot status|restore`
 * (etcdctl/ctlv3/command/snapshot_command.go, etcdutl/snapshot/v3_snapshot.go
 * of 3.5). save asks one member for its keyspace and writes the file where
 * the shell is; restore lays out a new data dir (member/snap/db, member/wal)
 * from it. In 3.5 etcdctl's status and restore still work but say they are
 * deprecated in favour of etcdutl. Log lines as 3.5 prints them (zap JSON on
 * stderr for etcdctl, zap console lines for etcdutl's restore).
 */
import { decodeSnapshotFile, encodeSnapshotFile, snapshotStatus } from "../../sim/etcd/snapshot-file.js";
import { snapDbPath } from "../../sim/etcd/etcd.js";
import { fakeDigest } from "../../sim/core/digest.js";
import { failure, ok, type CommandResult, type FamilyContext } from "../types.js";
import { EXIT_BAD_ARGS, EXIT_ERROR, reachEndpoint, timedOut, type Client } from "./client.js";
import { balancerDetail } from "./connect.js";
import { boolFlag, flag, type ParsedArgs } from "./flags.js";
import { humanizeBytes, renderTable } from "./table.js";
import { toRfc3339Micro, toRfc3339Seconds } from "./time.js";

const log = (ts: number, fields: Record<string, unknown>) => `${JSON.stringify({ level: "info", ts: toRfc3339Micro(ts), ...fields })}\n`;

export async function snapshotSave(client: Client, positional: string[]): Promise<CommandResult> {
  if (positional.length !== 1) return failure("Error: snapshot save expects one argument", EXIT_BAD_ARGS);
  if (client.endpoints.length !== 1) {
    return failure(`Error: snapshot must be requested to one selected node, not multiple [${client.endpoints.map((e) => e.url).join(" ")}]`, EXIT_BAD_ARGS);
  }
  const endpoint = client.endpoints[0]!;
  const reached = reachEndpoint(client, endpoint);
  if (!reached.ok) return timedOut(client, endpoint, balancerDetail(reached.reason));
  const path = positional[0]!;
  const text = encodeSnapshotFile(client.etcd.snapshotContent(client.world));
  const now = client.world.clock.now();
  const part = `${path}.part`;
  const written = await client.ctx.writeFile(path, text, 0o600);
  if (!written.ok) {
    return failure(`${log(now, { caller: "snapshot/v3_snapshot.go:65", msg: "created temporary db file", path: part })}Error: could not write ${path}: ${written.error}`, EXIT_ERROR);
  }
  const stderr =
    log(now, { caller: "snapshot/v3_snapshot.go:65", msg: "created temporary db file", path: part }) +
    log(now, { logger: "client", caller: "v3@v3.5.16/maintenance.go:212", msg: "opened snapshot stream; downloading" }) +
    log(now, { caller: "snapshot/v3_snapshot.go:73", msg: "fetching snapshot", endpoint: endpoint.url }) +
    log(now, { logger: "client", caller: "v3@v3.5.16/maintenance.go:220", msg: "completed snapshot read; closing" }) +
    log(now, { caller: "snapshot/v3_snapshot.go:88", msg: "fetched snapshot", endpoint: endpoint.url, size: humanizeBytes(text.length), took: "now" }) +
    log(now, { caller: "snapshot/v3_snapshot.go:97", msg: "saved", path });
  return { stdout: `Snapshot saved at ${path}\n`, stderr, exitCode: 0 };
}

export const DEPRECATED = (verb: string) => `Deprecated: Use \`etcdutl snapshot ${verb}\` instead.\n\n`;

export async function snapshotStatusCommand(positional: string[], ctx: FamilyContext, writeOut: string, preamble = ""): Promise<CommandResult> {
  if (positional.length !== 1) return failure(`${preamble}Error: snapshot status requires exactly one argument`, EXIT_BAD_ARGS);
  const path = positional[0]!;
  const text = await ctx.readFile(path);
  if (text === undefined) return failure(`${preamble}Error: stat ${path}: no such file or directory`, EXIT_ERROR);
  const decoded = decodeSnapshotFile(text);
  if (!decoded.ok) return failure(`${preamble}Error: invalid database`, EXIT_ERROR);
  const s = snapshotStatus(decoded.content, text);
  const hash = s.hash.toString(16);
  let stdout: string;
  switch (writeOut) {
    case "simple":
      stdout = `${hash}, ${s.revision}, ${s.totalKey}, ${humanizeBytes(text.length)}\n`;
      break;
    case "table":
      stdout = renderTable(["HASH", "REVISION", "TOTAL KEYS", "TOTAL SIZE"], [[hash, String(s.revision), String(s.totalKey), humanizeBytes(text.length)]]);
      break;
    case "json":
      stdout = `{"hash":${s.hash},"revision":${s.revision},"totalKey":${s.totalKey},"totalSize":${text.length}}\n`;
      break;
    default:
      return failure(`kadet: 'snapshot status -w ${writeOut}' is not simulated (simple, table and json are)`);
  }
  return { stdout, stderr: preamble, exitCode: 0 };
}

/** The restore's own flags (etcdutl/etcdutl/snapshot_command.go). */
export const RESTORE_FLAGS = [
  { name: "data-dir", default: "" },
  { name: "wal-dir", default: "" },
  { name: "name", default: "default" },
  { name: "initial-cluster", default: "default=http://localhost:2380" },
  { name: "initial-cluster-token", default: "etcd-cluster" },
  { name: "initial-advertise-peer-urls", default: "http://localhost:2380" },
  { name: "skip-hash-check", bool: true },
  { name: "mark-compacted", bool: true },
  { name: "bump-revision", default: "0" },
];

/** IDs etcd derives for the default name and peer URL (recorded in every restore's log); others from the model's digest. */
function restoredIds(name: string, peerURL: string): { clusterId: string; memberId: string } {
  if (name === "default" && peerURL === "http://localhost:2380") return { clusterId: "cdf818194e3a8c32", memberId: "8e9e05c52164694d" };
  return { clusterId: fakeDigest(`cluster:${name}:${peerURL}`).slice(0, 16), memberId: fakeDigest(`member:${name}:${peerURL}`).slice(0, 16) };
}

/**
 * Writes a restored data dir. `existing` says whether the folder has anything
 * in it (the live /var/lib/etcd always has: member/ is etcd's own).
 */
export async function snapshotRestore(args: ParsedArgs, positional: string[], ctx: FamilyContext, now: number, existing: (dir: string) => Promise<boolean>, etcdctl: boolean): Promise<CommandResult> {
  const preamble = etcdctl ? DEPRECATED("restore") : "";
  if (positional.length !== 1) return failure(`${preamble}Error: snapshot restore requires exactly one argument`, EXIT_BAD_ARGS);
  const path = positional[0]!;
  const name = flag(args, "name", "default");
  const value = (n: string) => args.values.get(n) ?? RESTORE_FLAGS.find((f) => f.name === n)!.default!;
  const dataDir = value("data-dir") === "" ? `${name}.etcd` : value("data-dir");
  const text = await ctx.readFile(path);
  if (text === undefined) return failure(`${preamble}Error: open ${path}: no such file or directory`, EXIT_ERROR);
  if (await existing(dataDir)) return failure(`${preamble}Error: data-dir "${dataDir}" not empty or could not be read`, EXIT_ERROR);
  const decoded = decodeSnapshotFile(text);
  if (!decoded.ok) return failure(`${preamble}Error: invalid database`, EXIT_ERROR);
  if (args.given.has("wal-dir") || args.given.has("bump-revision") || boolFlag(args, "mark-compacted")) {
    return failure(`${preamble}kadet: 'snapshot restore' with --wal-dir, --bump-revision or --mark-compacted is not simulated`);
  }
  const dir = dataDir.replace(/\/+$/, "");
  const wrote = await ctx.writeFile(snapDbPath(dir), text, 0o600);
  if (!wrote.ok) return failure(`${preamble}Error: mkdir ${dir}: ${wrote.error}`, EXIT_ERROR);
  await ctx.writeFile(`${dir}/member/wal/0000000000000000-0000000000000000.wal`, "# kadet: etcd's write-ahead log is not simulated\n", 0o600);
  const peer = value("initial-advertise-peer-urls").split(",")[0]!;
  const ids = restoredIds(name, peer);
  const ts = toRfc3339Seconds(now);
  const mapSize = etcdctl ? 0 : 10737418240;
  const dirs = `{"path": "${path}", "wal-dir": "${dir}/member/wal", "data-dir": "${dataDir}", "snap-dir": "${dir}/member/snap", "initial-memory-map-size": ${mapSize}}`;
  const stderr =
    preamble +
    `${ts}\tinfo\tsnapshot/v3_snapshot.go:265\trestoring snapshot\t${dirs}\n` +
    `${ts}\tinfo\tmembership/store.go:141\tTrimming membership information from the backend...\n` +
    `${ts}\tinfo\tmembership/cluster.go:421\tadded member\t{"cluster-id": "${ids.clusterId}", "local-member-id": "0", "added-peer-id": "${ids.memberId}", "added-peer-peer-urls": ["${peer}"]}\n` +
    `${ts}\tinfo\tsnapshot/v3_snapshot.go:293\trestored snapshot\t${dirs}\n`;
  return { ...ok(), stderr };
}
