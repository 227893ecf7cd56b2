/**
 * `etcdctl watch KEY [--prefix] [--prev-kv]` (ctlv3/command/watch_command.go,
 * printer_simple.go Watch): each event as its type (PUT, DELETE), then the
 * previous key and value with --prev-kv, then the key and its value (empty
 * for a DELETE). With --rev=N the events since revision N come first, from
 * etcd's history (sim/api/revision-log.ts); after that, events are found by
 * comparing the keyspace from one second of virtual time to the next, in
 * revision order. The trainer's terminal follows a watch until Ctrl-C
 * (follow.ts); a script watches a bounded stretch of time, then says so.
 */
import type { KeyValue } from "../../sim/etcd/etcd.js";
import { failure, type CommandResult } from "../types.js";
import { historyEvents } from "../../sim/etcd/etcd.js";
import { anyMember, badIntFlag, EXIT_BAD_ARGS, MVCC_ERRORS, type Client } from "./client.js";
import { boolFlag, flag } from "./flags.js";

/** etcdctl's exit code when the server cancels a watch (pkg/cobrautl ExitInterrupted). */
const EXIT_WATCH_CANCELED = 5;

/** How much virtual time a watch in a script covers (nothing can press Ctrl-C there). */
export const SCRIPT_WATCH_SECONDS = 10;
export const SCRIPT_WATCH_NOTE = `kadet: etcdctl watch stopped after ${SCRIPT_WATCH_SECONDS}s of simulated time here; in the trainer's terminal it watches until Ctrl-C`;

export type Keyspace = Map<string, { value: string; modRevision: number }>;

export function keyspaceOf(kvs: readonly Pick<KeyValue, "key" | "value" | "modRevision">[]): Keyspace {
  return new Map(kvs.map((kv) => [kv.key, { value: kv.value, modRevision: kv.modRevision }]));
}

/** The events that took `before` to `after`, printed as printer_simple prints them. */
export function watchEvents(before: Keyspace, after: Keyspace, prevKv: boolean): string {
  const events: { revision: number; key: string; text: string }[] = [];
  for (const [key, now] of after) {
    const was = before.get(key);
    if (was && was.modRevision === now.modRevision) continue;
    const prev = prevKv && was ? `${key}\n${was.value}\n` : "";
    events.push({ revision: now.modRevision, key, text: `PUT\n${prev}${key}\n${now.value}\n` });
  }
  for (const [key, was] of before) {
    if (after.has(key)) continue;
    // A delete's own revision is not kept: it comes after every put seen in the same second.
    events.push({ revision: Number.MAX_SAFE_INTEGER, key, text: `DELETE\n${prevKv ? `${key}\n${was.value}\n` : ""}${key}\n\n` });
  }
  events.sort((a, b) => a.revision - b.revision || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return events.map((e) => e.text).join("");
}

/** The checks watch_command.go makes before watching; undefined when the watch may start. */
export function watchRefusal(client: Client, positional: string[]): CommandResult | undefined {
  if (boolFlag(client.args, "interactive")) return failure("kadet: 'etcdctl watch -i' is not simulated");
  const badRev = client.args.given.has("rev") ? badIntFlag("rev", flag(client.args, "rev")) : undefined;
  if (badRev) return badRev;
  if (client.args.given.has("progress-notify")) return failure("kadet: 'etcdctl watch --progress-notify' is not simulated");
  if (positional.length < 1 || positional.length > 2) return failure("Error: bad number of arguments", EXIT_BAD_ARGS);
  if (positional.length === 2) return failure("kadet: 'etcdctl watch KEY RANGE_END' is not simulated; use --prefix");
  if (client.writeOut !== "simple") return failure(`kadet: 'etcdctl watch -w ${client.writeOut}' is not simulated (simple is)`);
  const reached = anyMember(client);
  return reached.ok ? undefined : reached.result;
}

/** A watch in a script: the events of SCRIPT_WATCH_SECONDS of virtual time, then the note. */
export function watchCommand(client: Client, positional: string[], advance: (seconds: number) => void): CommandResult {
  const refused = watchRefusal(client, positional);
  if (refused) return refused;
  const key = positional[0]!;
  const prefix = boolFlag(client.args, "prefix");
  const prevKv = boolFlag(client.args, "prev-kv");
  let seen = keyspaceOf(client.etcd.range(client.world, key, prefix));
  let stdout = "";
  // --rev=N: first the events from revision N to now, kept in etcd's history (a compacted one cancels the watch).
  const rev = client.args.given.has("rev") ? Number(flag(client.args, "rev")) : 0;
  if (rev > 0) {
    const history = client.world.api.etcdStorage().revisions();
    if (rev < history.oldestReadable()) {
      return { stdout: "", stderr: `watch was canceled (${MVCC_ERRORS.compacted})\nError: watch is canceled by the server\n`, exitCode: EXIT_WATCH_CANCELED };
    }
    for (const e of historyEvents(client.world, rev - 1, (k) => (prefix ? k.startsWith(key) : k === key))) {
      const previous = prevKv && e.prev ? `${e.key}\n${e.prev.value}\n` : "";
      stdout += e.type === "PUT" ? `PUT\n${previous}${e.key}\n${e.kv!.value}\n` : `DELETE\n${previous}${e.key}\n\n`;
    }
  }
  for (let second = 0; second < SCRIPT_WATCH_SECONDS; second++) {
    advance(1);
    const now = keyspaceOf(client.etcd.range(client.world, key, prefix));
    stdout += watchEvents(seen, now, prevKv);
    seen = now;
  }
  return { stdout, stderr: `${SCRIPT_WATCH_NOTE}\n`, exitCode: 0 };
}
