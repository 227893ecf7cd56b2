/**
 * `etcdctl put|get|del` (ctlv3/command/put_command.go, get_command.go,
 * del_command.go; printer_simple.go and printer_json.go for the output).
 * Linearizable requests (the default) need a leader with a quorum; a
 * serializable get (--consistency=s) is answered by whichever member the
 * client reached, from its own copy.
 */
import type { KeyValue } from "../../sim/etcd/etcd.js";
import { failure, ok, type CommandResult } from "../types.js";
import { anyMember, badIntFlag, EXIT_BAD_ARGS, EXIT_ERROR, headerJson, outOfRange, timedOut, type Client } from "./client.js";
import { boolFlag, flag } from "./flags.js";

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const REGISTRY_NOTE = "kadet: values under /registry are shown as JSON; kube-apiserver stores built-in kinds as protobuf behind a \"k8s\\x00\" prefix, which kadet does not simulate\n";

export function putCommand(client: Client, positional: string[], stdin: string): CommandResult {
  let [key, value] = positional;
  if (positional.length === 1 && stdin !== "") value = stdin.replace(/\n$/, "");
  if (key === undefined || value === undefined || positional.length > 2) return failure("Error: put command needs 1 argument and input from stdin or 2 arguments", EXIT_BAD_ARGS);
  const reached = anyMember(client);
  if (!reached.ok) return reached.result;
  if (!client.etcd.hasQuorum()) return timedOut(client, client.endpoints[0]!);
  client.etcd.put(client.world, key, value);
  if (client.writeOut === "json") return ok(`{"header":${headerJson(client, reached.member)}}\n`);
  return ok("OK\n");
}

export function getCommand(client: Client, positional: string[]): CommandResult {
  if (positional.length < 1 || positional.length > 2) return failure("Error: get command needs one argument as key and an optional argument as range_end", EXIT_BAD_ARGS);
  if (positional.length === 2) return failure("kadet: 'etcdctl get KEY RANGE_END' is not simulated; use --prefix");
  for (const unsupported of ["from-key", "sort-by", "order"]) {
    if (client.args.given.has(unsupported)) return failure(`kadet: 'etcdctl get --${unsupported}' is not simulated`);
  }
  const revFlag = flag(client.args, "rev", "0");
  const badRev = badIntFlag("rev", revFlag);
  if (badRev) return badRev;
  const rev = Number(revFlag);
  const consistency = flag(client.args, "consistency", "l");
  if (consistency !== "l" && consistency !== "s") return failure(`Error: unknown consistency flag "${consistency}"`, EXIT_BAD_ARGS);
  const reached = anyMember(client);
  if (!reached.ok) return reached.result;
  if (consistency === "l" && !client.etcd.hasQuorum()) return timedOut(client, client.endpoints[0]!);
  const key = positional[0]!;
  // --rev=N reads the keyspace as it was at revision N (0 or less: now).
  const atRev = rev > 0 ? client.etcd.rangeAt(client.world, key, boolFlag(client.args, "prefix"), rev) : undefined;
  if (atRev && !atRev.ok) return outOfRange(client, atRev.error);
  let kvs = atRev ? atRev.kvs : client.etcd.range(client.world, key, boolFlag(client.args, "prefix"));
  const count = kvs.length;
  const limit = Number(flag(client.args, "limit", "0"));
  if (limit > 0) kvs = kvs.slice(0, limit);
  const keysOnly = boolFlag(client.args, "keys-only");
  const stderr = !keysOnly && kvs.some((kv) => kv.key.startsWith("/registry/") && !kv.value.startsWith("k8s:enc:")) ? REGISTRY_NOTE : "";
  if (client.writeOut === "json") return { stdout: `${getJson(client, reached.member, kvs, count, keysOnly)}\n`, stderr, exitCode: 0 };
  if (client.writeOut !== "simple") return failure(`kadet: 'etcdctl get -w ${client.writeOut}' is not simulated (simple and json are)`);
  if (boolFlag(client.args, "count-only")) return ok(`${count}\n`);
  const printValueOnly = boolFlag(client.args, "print-value-only");
  // printer_simple.go: the key, then the value; --keys-only leaves the value's line empty.
  const lines = kvs.map((kv) => (printValueOnly ? `${keysOnly ? "" : kv.value}\n` : keysOnly ? `${kv.key}\n\n` : `${kv.key}\n${kv.value}\n`));
  return { stdout: lines.join(""), stderr, exitCode: 0 };
}

function getJson(client: Client, member: Parameters<typeof headerJson>[1], kvs: KeyValue[], count: number, keysOnly: boolean): string {
  const header = headerJson(client, member);
  if (kvs.length === 0) return `{"header":${header}}`;
  const items = kvs.map((kv) => {
    const value = keysOnly ? "" : `,"value":"${b64(kv.value)}"`;
    return `{"key":"${b64(kv.key)}","create_revision":${kv.createRevision},"mod_revision":${kv.modRevision},"version":${kv.version}${value}}`;
  });
  return `{"header":${header},"kvs":[${items.join(",")}],"count":${count}}`;
}

export function delCommand(client: Client, positional: string[]): CommandResult {
  if (positional.length < 1 || positional.length > 2) return failure("Error: del command needs one argument as key and an optional argument as range_end", EXIT_BAD_ARGS);
  if (positional.length === 2 || client.args.given.has("from-key") || client.args.given.has("prev-kv")) return failure("kadet: 'etcdctl del' with a range end, --from-key or --prev-kv is not simulated");
  const reached = anyMember(client);
  if (!reached.ok) return reached.result;
  if (!client.etcd.hasQuorum()) return timedOut(client, client.endpoints[0]!);
  const { deleted, apiKeys } = client.etcd.del(client.world, positional[0]!, boolFlag(client.args, "prefix"));
  if (apiKeys.length > 0) {
    return failure(`kadet: deleting the API server's own keys with etcdctl is not simulated (${apiKeys.length} key(s) under /registry left as they were; delete objects with kubectl)`, EXIT_ERROR, `${deleted}\n`);
  }
  if (client.writeOut === "json") return ok(`{"header":${headerJson(client, reached.member)}${deleted > 0 ? `,"deleted":${deleted}` : ""}}\n`);
  return ok(`${deleted}\n`);
}


/** `etcdctl compaction REV [--physical]` (ctlv3/command/compaction_command.go): older versions of every key are forgotten. */
export function compactionCommand(client: Client, positional: string[]): CommandResult {
  if (positional.length !== 1) return failure("Error: compaction command needs 1 argument", EXIT_BAD_ARGS);
  const revision = Number(positional[0]);
  if (!/^[+-]?\d+$/.test(positional[0]!)) return failure(`Error: strconv.ParseInt: parsing "${positional[0]}": invalid syntax`, EXIT_ERROR);
  const reached = anyMember(client);
  if (!reached.ok) return reached.result;
  if (!client.etcd.hasQuorum()) return timedOut(client, client.endpoints[0]!);
  const done = client.etcd.compact(client.world, revision);
  if (done !== "ok") return outOfRange(client, done);
  return ok(`compacted revision ${revision}\n`);
}
