/**
 * Tab completion for `etcdctl` (3.5): its commands and their subcommands as `etcdctl --help`
 * lists them (the ones kadet does not simulate too: running one says so), the global flags
 * and each command's own (the tables the family parses with), `-w` formats, and file paths
 * for certificates, snapshots and data folders.
 */
import { COMMAND_FLAGS } from "./etcdctl/index.js";
import { GLOBAL_FLAGS, type FlagSpec } from "./etcdctl/flags.js";
import { NONE, words, type Candidates } from "./completion-types.js";

/** `etcdctl --help` of etcd 3.5: the commands, a group's subcommands after it. */
const COMMAND_TREE: Record<string, string[]> = {
  alarm: ["disarm", "list"],
  auth: ["disable", "enable", "status"],
  check: ["datascale", "perf"],
  compaction: [],
  defrag: [],
  del: [],
  elect: [],
  endpoint: ["hashkv", "health", "status"],
  get: [],
  help: [],
  lease: ["grant", "keep-alive", "list", "revoke", "timetolive"],
  lock: [],
  "make-mirror": [],
  member: ["add", "list", "promote", "remove", "update"],
  "move-leader": [],
  put: [],
  role: ["add", "delete", "get", "grant-permission", "list", "revoke-permission"],
  snapshot: ["restore", "save", "status"],
  txn: [],
  user: ["add", "delete", "get", "grant-role", "list", "passwd", "revoke-role"],
  version: [],
  watch: [],
};

const WRITE_OUT = ["fields", "json", "protobuf", "simple", "table"];
const PATH_FLAGS = new Set(["cacert", "cert", "key", "data-dir", "wal-dir"]);

export function completeEtcdctl(args: readonly string[], word: string, paths: () => Promise<Candidates>): Promise<Candidates> | Candidates {
  const positional: string[] = [];
  let pendingFlag: FlagSpec | undefined;
  const allFlags = [...GLOBAL_FLAGS, ...Object.values(COMMAND_FLAGS).flat()];
  for (const arg of args) {
    if (pendingFlag !== undefined) {
      pendingFlag = undefined;
      continue;
    }
    if (arg.startsWith("-")) {
      const name = arg.startsWith("--") ? arg.slice(2).split("=")[0]! : arg.slice(1);
      const spec = allFlags.find((f) => f.name === name || f.short === name);
      if (spec !== undefined && !spec.bool && !arg.includes("=")) pendingFlag = spec;
      continue;
    }
    positional.push(arg);
  }
  if (pendingFlag !== undefined) {
    if (pendingFlag.name === "write-out") return words(WRITE_OUT);
    return PATH_FLAGS.has(pendingFlag.name) ? paths() : NONE;
  }
  if (word.startsWith("--write-out=")) return words(WRITE_OUT.map((w) => `--write-out=${w}`));
  const [first, second] = positional;
  const command = first === undefined ? undefined : COMMAND_FLAGS[`${first} ${second ?? ""}`.trim()] !== undefined && second !== undefined ? `${first} ${second}` : first;
  if (word.startsWith("-")) {
    const own = command === undefined ? [] : (COMMAND_FLAGS[command] ?? []);
    return words([...GLOBAL_FLAGS, ...own, { name: "help" }].map((f) => `--${f.name}`));
  }
  if (first === undefined) return words(Object.keys(COMMAND_TREE));
  const group = COMMAND_TREE[first];
  if (group !== undefined && group.length > 0 && second === undefined) return words(group);
  // A snapshot file, whatever the snapshot command.
  if (first === "snapshot") return paths();
  return NONE;
}
