/**
 * The cluster's etcd as Raft sees it: the members (members.ts), which of them
 * run, the leader and the term, and the keyspace they serve. A loop of the
 * world, so elections happen on the virtual clock: when the leader stops,
 * the others notice after the election timeout (1000 ms, etcd's default;
 * heartbeats every 100 ms keep a live leader) and, if a quorum of
 * floor(n/2)+1 members is live, one of them wins the next term. etcd 3.5
 * runs with --pre-vote, so members without a quorum keep their term instead
 * of raising it on every failed election.
 *
 * The keyspace is not a copy: `/registry/...` is the API server's own store
 * (the same keys kube-apiserver writes), and keys a learner `put`s outside
 * it are kept here, sharing the store's revision counter as etcd does.
 * A data dir changed in the etcd manifest to a folder that holds a restored
 * snapshot (etcdutl snapshot restore) replaces the store with the snapshot's
 * objects, as restarting etcd on that data dir does.
 */
import type { StatefulLoop } from "../core/loop.js";
import { compareBytes } from "../core/compare.js";
import type { StoredObject } from "../api/types.js";
import type { World } from "../world/world.js";
import { clusterId, memberOf, type MemberSpec } from "./members.js";
import { decodeSnapshotFile, type EtcdSnapshotContent } from "./snapshot-file.js";
import { encryptedValue } from "../api/encryption/ciphertext.js";
import type { KeyVersion } from "../api/revision-log.js";

/** etcd's --heartbeat-interval and --election-timeout defaults (ms). */
export const HEARTBEAT_INTERVAL_MS = 100;
export const ELECTION_TIMEOUT_MS = 1000;

/** A key the learner put, with etcd's revisions. */
export interface UserKey {
  value: string;
  createRevision: number;
  modRevision: number;
  version: number;
}

export interface KeyValue {
  key: string;
  value: string;
  createRevision: number;
  modRevision: number;
  version: number;
}

interface EtcdState {
  /** Every member the cluster has (its membership outlives a removed manifest), by host. */
  members: MemberSpec[];
  /** Members stopped with `sim etcd stop`, by name. */
  stopped: string[];
  /** Hosts switched off with `sim host stop`: their members are down too. */
  hostsDown?: string[];
  term: number;
  leader: string | undefined;
  /** When the live members' election timeout runs out with no leader. */
  electionAt: number | undefined;
  /** The host folder each member's data was last served from, by host. */
  dataDirs: Record<string, string>;
  userKeys: [string, UserKey][];
}

export interface MemberStatus extends MemberSpec {
  running: boolean;
  /** Why it is not running, as its log would say. */
  downReason?: string;
  isLeader: boolean;
}

const emptyState = (): EtcdState => ({ members: [], stopped: [], term: 0, leader: undefined, electionAt: undefined, dataDirs: {}, userKeys: [] });

export class EtcdCluster implements StatefulLoop<World> {
  readonly name = "etcd";
  private state: EtcdState = emptyState();
  private userKeys = new Map<string, UserKey>();

  saveState(): unknown {
    return { ...this.state, userKeys: [...this.userKeys] };
  }

  loadState(saved: unknown): void {
    this.state = { ...emptyState(), ...(saved as Partial<EtcdState>) };
    this.userKeys = new Map(this.state.userKeys);
  }

  reconcile(world: World): boolean {
    const now = world.clock.now();
    const leaderBefore = this.state.leader;
    this.refreshMembership(world);
    const restored = this.followDataDirs(world);
    const live = this.liveMembers(world);
    if (this.state.term === 0 && this.state.members.length > 0) {
      // A cluster that formed before kadet looked: its first election is long over.
      this.state.term = 2;
      this.state.leader = live[0]?.name;
    }
    if (this.state.leader !== undefined && !live.some((m) => m.name === this.state.leader)) {
      this.state.leader = undefined;
      this.state.electionAt = now + ELECTION_TIMEOUT_MS;
    }
    // etcd runs Raft with CheckQuorum: a leader that has not heard from a quorum for an election
    // timeout steps down (etcdserver/raft.go), so a member left alone serves no writes.
    if (this.state.leader !== undefined && live.length < this.quorum() && this.state.electionAt !== undefined && now >= this.state.electionAt) {
      this.state.leader = undefined;
    }
    if (this.state.leader === undefined && this.state.electionAt !== undefined && now >= this.state.electionAt) {
      this.state.electionAt = undefined;
      if (live.length >= this.quorum()) {
        this.state.term++;
        this.state.leader = live[0]!.name;
      }
    }
    // A leader won or lost changes what the control plane can do: the world's next pass asks again.
    const leaderMoved = this.state.leader !== leaderBefore;
    if (leaderMoved || restored) this.changes++;
    return restored || leaderMoved;
  }

  nextWakeAt(): number | undefined {
    return this.state.electionAt;
  }

  private refreshMembership(world: World): void {
    for (const host of world.hosts.list()) {
      const spec = memberOf(host);
      if (!spec) continue;
      const at = this.state.members.findIndex((m) => m.host === host.name);
      if (at < 0) {
        this.state.members.push(spec);
        this.state.dataDirs[host.name] ??= spec.hostDataDir;
      } else if (JSON.stringify(this.state.members[at]) !== JSON.stringify(spec)) {
        this.state.members[at] = spec;
      }
    }
    this.state.members.sort((a, b) => compareBytes(a.name, b.name));
  }

  /** A member whose manifest now names another data dir holding a restored snapshot starts from it. */
  private followDataDirs(world: World): boolean {
    let restored = false;
    for (const member of this.state.members) {
      const host = world.hosts.get(member.host);
      const spec = host && memberOf(host);
      if (!spec || spec.hostDataDir === this.state.dataDirs[member.host]) continue;
      const content = restoredSnapshotIn(host.files, spec.hostDataDir);
      if (!content) continue;
      world.api.etcdStorage().replaceContents(content.store);
      this.userKeys = new Map(content.userKeys);
      this.state.dataDirs[member.host] = spec.hostDataDir;
      // A restored member is a new one-member cluster: its first election is term 2, as etcd's.
      this.state.term = 1;
      this.state.leader = undefined;
      this.state.electionAt = world.clock.now();
      restored = true;
    }
    return restored;
  }

  quorum(): number {
    return Math.floor(this.state.members.length / 2) + 1;
  }

  term(): number {
    return this.state.term;
  }

  leader(): string | undefined {
    return this.state.leader;
  }

  clusterId(): string {
    return clusterId(this.state.members.map((m) => m.name));
  }

  members(world: World): MemberStatus[] {
    return this.state.members.map((m) => {
      const downReason = this.downReason(world, m);
      return { ...m, running: downReason === undefined, ...(downReason !== undefined ? { downReason } : {}), isLeader: downReason === undefined && m.name === this.state.leader };
    });
  }

  private liveMembers(world: World): MemberSpec[] {
    return this.state.members.filter((m) => this.downReason(world, m) === undefined);
  }

  private downReason(world: World, member: MemberSpec): string | undefined {
    if (this.state.hostsDown?.includes(member.host)) return `its host ${member.host} is down (sim host stop)`;
    if (this.state.stopped.includes(member.name)) return "stopped (sim etcd stop)";
    const host = world.hosts.get(member.host);
    if (!host) return "its host is gone";
    const spec = memberOf(host);
    if (!spec) return `no valid etcd manifest at /etc/kubernetes/manifests/etcd.yaml on ${member.host}`;
    for (const file of spec.certFiles) if (host.files[file] === undefined) return `open ${file}: no such file or directory`;
    if (spec.hostDataDir !== this.state.dataDirs[member.host]) {
      return `kadet: etcd on the data dir ${spec.hostDataDir} is not simulated unless it holds a snapshot restored with 'etcdutl snapshot restore'`;
    }
    return undefined;
  }

  /** Bumped whenever a member may have gone down or come up (sim etcd stop|start, sim host stop|start, a leader won or lost); not saved: a restored world starts from 0 with fresh loops. */
  private changes = 0;

  membersVersion(): number {
    return this.changes;
  }

  /** Whether a write or a linearizable read can be served: a leader with a quorum. */
  hasQuorum(): boolean {
    return this.state.leader !== undefined;
  }

  /** `sim etcd stop|start MEMBER`; false when the member is unknown or already so. */
  setStopped(world: World, name: string, stopped: boolean): boolean {
    if (!this.state.members.some((m) => m.name === name)) return false;
    const was = this.state.stopped.includes(name);
    if (was === stopped) return false;
    this.state.stopped = stopped ? [...this.state.stopped, name] : this.state.stopped.filter((n) => n !== name);
    this.changes++;
    // A start begins an election once its timeout runs out; a stop is noticed the same way.
    this.state.electionAt = world.clock.now() + ELECTION_TIMEOUT_MS;
    if (stopped && this.state.leader === name) this.state.leader = undefined;
    return true;
  }

  /** `sim host stop|start`: the host's member goes down or comes back with it. */
  setHostDown(world: World, host: string, down: boolean): void {
    const hosts = this.state.hostsDown ?? [];
    if (hosts.includes(host) === down) return;
    this.state.hostsDown = down ? [...hosts, host] : hosts.filter((h) => h !== host);
    this.changes++;
    this.state.electionAt = world.clock.now() + ELECTION_TIMEOUT_MS;
    const member = this.state.members.find((m) => m.host === host);
    if (down && member && this.state.leader === member.name) this.state.leader = undefined;
  }

  // The keyspace.

  /** One key, or every key under a prefix, in byte order. */
  range(world: World, key: string, prefix: boolean): KeyValue[] {
    const store = world.api.etcdStorage();
    const out: KeyValue[] = [];
    const storeKeys = prefix ? store.keys(key) : store.read(key) ? [key] : [];
    for (const k of storeKeys) {
      const obj = store.read(k);
      if (obj) out.push(objectKeyValue(k, obj, store.encodingOf(k)));
    }
    for (const [k, v] of this.userKeys) {
      if (prefix ? k.startsWith(key) : k === key) {
        if (out.some((kv) => kv.key === k)) continue;
        out.push({ key: k, value: v.value, createRevision: v.createRevision, modRevision: v.modRevision, version: v.version });
      }
    }
    return out.sort((a, b) => compareBytes(a.key, b.key));
  }

  /** The revision etcd is at: the store's counter (the API server's resourceVersion is etcd's revision). */
  revision(world: World): number {
    return world.api.etcdStorage().currentResourceVersion();
  }

  put(world: World, key: string, value: string): void {
    const store = world.api.etcdStorage();
    const revision = store.nextResourceVersion();
    const old = this.userKeys.get(key);
    const next = { value, createRevision: old?.createRevision ?? revision, modRevision: revision, version: (old?.version ?? 0) + 1 };
    this.userKeys.set(key, next);
    store.revisions().record(revision, key, old && userVersion(old), userVersion(next));
  }

  /**
   * The keys (one, or under a prefix) as they were at `revision`, in byte order; or why etcd refuses
   * (below the compact revision, above the current one): mvcc's ErrCompacted / ErrFutureRev.
   */
  rangeAt(world: World, key: string, prefix: boolean, revision: number): { ok: true; kvs: KeyValue[] } | { ok: false; error: "compacted" | "future" } {
    const store = world.api.etcdStorage();
    const history = store.revisions();
    const current = this.revision(world);
    const matches = (k: string) => (prefix ? k.startsWith(key) : k === key);
    const candidates = new Set([...this.range(world, key, prefix).map((kv) => kv.key), ...history.keysWrittenAfter(revision).filter(matches)]);
    const out: KeyValue[] = [];
    for (const k of candidates) {
      const userKey = this.userKeys.get(k);
      const now = store.versionAt(k) ?? (userKey && userVersion(userKey));
      const at = history.at(k, revision, now, current);
      if (!at.ok) return at;
      if (at.version) out.push(keyValueOf(k, at.version));
    }
    if (candidates.size === 0 && (revision > current || revision < history.oldestReadable())) return { ok: false, error: revision > current ? "future" : "compacted" };
    return { ok: true, kvs: out.sort((a, b) => compareBytes(a.key, b.key)) };
  }

  /** `etcdctl compaction REV`: older versions are forgotten; refused at or below the last compaction, or above the current revision. */
  compact(world: World, revision: number): "ok" | "compacted" | "future" {
    const history = world.api.etcdStorage().revisions();
    if (revision > this.revision(world)) return "future";
    if (revision <= history.compacted()) return "compacted";
    history.compact(revision);
    return "ok";
  }

  /** Deletes the learner's keys (one or a prefix); API objects are not deleted this way in kadet. Returns [deleted, refused API keys]. */
  del(world: World, key: string, prefix: boolean): { deleted: number; apiKeys: string[] } {
    const matching = [...this.userKeys.keys()].filter((k) => (prefix ? k.startsWith(key) : k === key));
    if (matching.length > 0) {
      // One delete request is one revision, however many keys it removes.
      const revision = world.api.etcdStorage().nextResourceVersion();
      for (const k of matching) world.api.etcdStorage().revisions().record(revision, k, userVersion(this.userKeys.get(k)!), undefined);
    }
    for (const k of matching) this.userKeys.delete(k);
    const store = world.api.etcdStorage();
    const apiKeys = prefix ? store.keys(key) : store.read(key) ? [key] : [];
    return { deleted: matching.length, apiKeys };
  }

  /** Everything a snapshot file holds. */
  snapshotContent(world: World): EtcdSnapshotContent {
    const store = world.api.etcdStorage().snapshot();
    return { revision: store.resourceVersion, store, userKeys: [...this.userKeys] };
  }
}

const userVersion = (k: UserKey): KeyVersion => ({ ...k, encoding: "" });

/** A version from the history as etcdctl prints it. */
function keyValueOf(key: string, v: KeyVersion): KeyValue {
  if (typeof v.value !== "string") return objectKeyValue(key, v.value, v.encoding);
  return { key, value: v.value, createRevision: v.createRevision, modRevision: v.modRevision, version: v.version };
}

/** The events of the history after `revision` for the keys `matches` accepts: what a watch from revision+1 replays. */
export function historyEvents(world: World, revision: number, matches: (key: string) => boolean): { type: "PUT" | "DELETE"; key: string; kv: KeyValue | undefined; prev: KeyValue | undefined }[] {
  return world.api.etcdStorage().revisions().eventsAfter(revision, matches).map((e) => ({
    type: e.after ? "PUT" : "DELETE",
    key: e.key,
    kv: e.after && keyValueOf(e.key, e.after),
    prev: e.before && keyValueOf(e.key, e.before),
  }));
}

function objectKeyValue(key: string, obj: StoredObject, encryptedWith: string): KeyValue {
  const rv = Number(obj.metadata.resourceVersion ?? 0);
  // kube-apiserver writes built-in kinds as protobuf behind a "k8s\0" prefix; kadet shows the object as JSON (README).
  const plain = JSON.stringify(obj);
  // Encrypted at rest: the transformer's prefix, then bytes only its key opens (encryption/ciphertext.ts).
  const value = encryptedWith === "" ? plain : encryptedValue(key, encryptedWith, plain);
  return { key, value, createRevision: rv, modRevision: rv, version: 1 };
}

/** The file a restore leaves in a data dir: <dir>/member/snap/db. */
export const snapDbPath = (dataDir: string) => `${dataDir.replace(/\/+$/, "")}/member/snap/db`;

function restoredSnapshotIn(files: Record<string, string>, dataDir: string): EtcdSnapshotContent | undefined {
  const text = files[snapDbPath(dataDir)];
  if (text === undefined) return undefined;
  const decoded = decodeSnapshotFile(text);
  return decoded.ok ? decoded.content : undefined;
}
