/**
 * The `etcdctl` (v3 API) and `etcdutl` command families, as etcd 3.5.16
 * prints them: the version kubeadm 1.32 runs. The commands talk to the
 * cluster's etcd model (sim/etcd) through the member an endpoint reaches.
 */
import { KUBEADM_DATA_DIR } from "../../sim/etcd/members.js";
import { EtcdCluster } from "../../sim/etcd/etcd.js";
import { hostOf } from "../host/on-host.js";
import { failure, ok, type CommandFamily, type CommandResult, type FamilyContext } from "../types.js";
import { openClient } from "./client.js";
import { endpointHealthCommand, endpointStatusCommand, ETCD_VERSION, memberListCommand } from "./cluster.js";
import { applyEnvironment, flag, GLOBAL_FLAGS, parseArgs, type FlagSpec } from "./flags.js";
import { compactionCommand, delCommand, getCommand, putCommand } from "./kv.js";
import { watchCommand } from "./watch.js";
import { DEPRECATED, RESTORE_FLAGS, snapshotRestore, snapshotSave, snapshotStatusCommand } from "./snapshot.js";

/** Each command's own flags (ctlv3/command/*_command.go). */
export const COMMAND_FLAGS: Record<string, FlagSpec[]> = {
  get: [
    { name: "consistency", default: "l" },
    { name: "order" },
    { name: "sort-by" },
    { name: "prefix", bool: true },
    { name: "limit", default: "0" },
    { name: "from-key", bool: true },
    { name: "rev", default: "0" },
    { name: "keys-only", bool: true },
    { name: "count-only", bool: true },
    { name: "print-value-only", bool: true },
  ],
  put: [{ name: "lease" }, { name: "prev-kv", bool: true }, { name: "ignore-value", bool: true }, { name: "ignore-lease", bool: true }],
  del: [{ name: "prefix", bool: true }, { name: "prev-kv", bool: true }, { name: "from-key", bool: true }],
  watch: [{ name: "prefix", bool: true }, { name: "interactive", short: "i", bool: true }, { name: "rev" }, { name: "prev-kv", bool: true }, { name: "progress-notify", bool: true }],
  compaction: [{ name: "physical", bool: true }],
  "member list": [],
  "endpoint status": [{ name: "cluster", bool: true }],
  "endpoint health": [{ name: "cluster", bool: true }],
  "snapshot save": [],
  "snapshot status": [],
  "snapshot restore": RESTORE_FLAGS,
};

const ALL_FLAGS: FlagSpec[] = [{ name: "help", short: "h", bool: true }, ...Object.values(COMMAND_FLAGS)].flat().filter((f, i, all) => all.findIndex((g) => g.name === f.name) === i);

export const ETCDCTL_HELP = `NAME:
	etcdctl - A simple command line client for etcd3.

USAGE:
	etcdctl [flags]

VERSION:
	${ETCD_VERSION}

API VERSION:
	3.5

kadet simulates these commands (the others answer "not simulated"):
	put, get (--rev too), del, watch (--rev too), compaction, member list, endpoint status, endpoint health,
	snapshot save, snapshot status, snapshot restore (deprecated: etcdutl), version

OPTIONS:
      --cacert=""				verify certificates of TLS-enabled secure servers using this CA bundle
      --cert=""					identify secure client using this TLS certificate file
      --command-timeout=5s			timeout for short running command (excluding dial timeout)
      --dial-timeout=2s				dial timeout for client connections
      --endpoints=[127.0.0.1:2379]		gRPC endpoints
      --key=""					identify secure client using this TLS key file
  -w, --write-out="simple"			set the output format (fields, json, protobuf, simple, table)
`;

/** The command a positional list names: one word, or two for the grouped ones (member list, snapshot save). */
function commandOf(positional: string[]): { name: string; rest: string[] } | undefined {
  const [first, second] = positional;
  if (first === undefined) return undefined;
  const two = `${first} ${second ?? ""}`.trim();
  if (COMMAND_FLAGS[two] !== undefined) return { name: two, rest: positional.slice(2) };
  return { name: first, rest: positional.slice(1) };
}

const unknownFlag = (error: string) => failure(`Error: ${error}\n\nError: ${error}`, 1);

async function runEtcdctl(argv: string[], ctx: FamilyContext): Promise<CommandResult> {
  const api = ctx.env.ETCDCTL_API;
  if (api !== undefined && api !== "" && api !== "3") return failure(`kadet: ETCDCTL_API=${api} is not simulated: etcdctl 3.5 speaks etcd's v3 API (ETCDCTL_API=3, the default)`);
  const parsed = parseArgs(argv, ALL_FLAGS);
  if (!parsed.ok) return unknownFlag(parsed.error);
  const args = parsed.args;
  const envError = applyEnvironment(args, ctx.env);
  if (envError) return failure(`Error: ${envError}`, 1);
  const command = commandOf(args.positional);
  if (command === undefined || command.name === "help" || args.given.has("help")) return ok(ETCDCTL_HELP);
  if (command.name === "version") return ok(`etcdctl version: ${ETCD_VERSION}\nAPI version: 3.5\n`);
  const own = COMMAND_FLAGS[command.name];
  if (own === undefined) {
    if (["member", "endpoint", "snapshot"].includes(command.name)) return failure(`kadet: 'etcdctl ${args.positional.join(" ")}' is not simulated`);
    const known = ["alarm", "auth", "check", "defrag", "elect", "lease", "lock", "make-mirror", "move-leader", "role", "txn", "user", "downgrade"];
    if (known.includes(command.name)) return failure(`kadet: 'etcdctl ${command.name}' is not simulated`);
    const error = `unknown command "${command.name}" for "etcdctl"`;
    return failure(`Error: ${error}\nRun 'etcdctl --help' for usage.\nError: ${error}`, 1);
  }
  for (const given of args.given) {
    if (!GLOBAL_NAMES.has(given) && !own.some((f) => f.name === given)) return unknownFlag(`unknown flag: --${given}`);
  }
  if (command.name === "snapshot status") return snapshotStatusCommand(command.rest, ctx, flag(args, "write-out"), DEPRECATED("status"));
  if (command.name === "snapshot restore") return restore(args, command.rest, ctx, true);
  const opened = await openClient(args, ctx);
  if (!opened.ok) return opened.result;
  const client = opened.client;
  switch (command.name) {
    case "put":
      return putCommand(client, command.rest, ctx.stdin);
    case "get":
      return getCommand(client, command.rest);
    case "del":
      return delCommand(client, command.rest);
    case "watch":
      return watchCommand(client, command.rest, (seconds) => ctx.session.environment.advance(seconds));
    case "compaction":
      return compactionCommand(client, command.rest);
    case "member list":
      return memberListCommand(client);
    case "endpoint status":
      return endpointStatusCommand(client);
    case "endpoint health":
      return endpointHealthCommand(client);
    case "snapshot save":
      return snapshotSave(client, command.rest);
    default:
      return failure(`kadet: 'etcdctl ${command.name}' is not simulated`);
  }
}

const GLOBAL_NAMES = new Set([...GLOBAL_FLAGS.map((f) => f.name), "help"]);

/** Whether a data dir already holds something: files in it, or it is a running member's own (kadet keeps /var/lib/etcd's contents implicit). */
async function dataDirInUse(ctx: FamilyContext, dir: string): Promise<boolean> {
  const clean = dir.replace(/\/+$/, "");
  const entries = await ctx.readDir(clean);
  if (entries !== undefined && entries.length > 0) return true;
  const on = hostOf(ctx);
  if (!on) return false;
  const etcd = on.world.loopsOfType(EtcdCluster);
  const live = etcd?.members(on.world).some((m) => m.host === on.host.name && m.hostDataDir.replace(/\/+$/, "") === clean);
  return live === true || (clean === KUBEADM_DATA_DIR && etcd?.members(on.world).some((m) => m.host === on.host.name) === true);
}

function restore(args: Parameters<typeof snapshotRestore>[0], positional: string[], ctx: FamilyContext, etcdctl: boolean): Promise<CommandResult> {
  const world = hostOf(ctx)?.world ?? ctx.world;
  return snapshotRestore(args, positional, ctx, world.clock.now(), (dir) => dataDirInUse(ctx, dir), etcdctl);
}

export const etcdctlFamily: CommandFamily = {
  name: "etcdctl",
  settlesWorld: true,
  run: runEtcdctl,
};

const ETCDUTL_FLAGS: FlagSpec[] = [...RESTORE_FLAGS];

export const etcdutlFamily: CommandFamily = {
  name: "etcdutl",
  settlesWorld: true,
  async run(argv, ctx) {
    const parsed = parseArgs(argv, ETCDUTL_FLAGS);
    if (!parsed.ok) return unknownFlag(parsed.error);
    const [group, verb, ...rest] = parsed.args.positional;
    if (group === "version") return ok(`etcdutl version: ${ETCD_VERSION}\nAPI version: 3.5\n`);
    if (group === "snapshot" && verb === "status") return snapshotStatusCommand(rest, ctx, flag(parsed.args, "write-out"));
    if (group === "snapshot" && verb === "restore") return restore(parsed.args, rest, ctx, false);
    if (group === undefined) return ok("NAME:\n\tetcdutl - An administrative command line tool for etcd3.\n\nkadet simulates: etcdutl snapshot status FILE, etcdutl snapshot restore FILE --data-dir DIR, etcdutl version\n");
    return failure(`kadet: 'etcdutl ${parsed.args.positional.join(" ")}' is not simulated (snapshot status, snapshot restore and version are)`);
  },
};
