/**
 * etcd's multi-version keyspace, as far as kadet keeps it: every write (an API object stored or
 * removed, a learner's `etcdctl put|del`) is one entry at its revision, with the key's version
 * before and after, so that `etcdctl get --rev=N` can answer what a key held at revision N and
 * `etcdctl watch --rev=N` can replay what happened since. Bounded: past MAX_ENTRIES the oldest are
 * dropped and the log's floor moves up, as a compaction would; `compact(N)` is etcd's compaction
 * (reads below N answer "required revision has been compacted"). Entries hold the frozen stored
 * objects themselves (no copies). Not saved with a world: a restored world's history starts at its
 * revision (older revisions answer "compacted").
 */
import type { StoredObject } from "./types.js";

/** One version of a key: an API object (shown as etcd would serialize it) or a learner's string value. */
export interface KeyVersion {
  value: StoredObject | string;
  /** The transformer prefix it was stored behind (encryption at rest), "" for plain. */
  encoding: string;
  modRevision: number;
  createRevision: number;
  version: number;
}

interface Entry {
  revision: number;
  key: string;
  before: KeyVersion | undefined;
  /** undefined: the key was deleted at this revision. */
  after: KeyVersion | undefined;
}

/** How many writes the log keeps (a lease renewal is one: 3 nodes renew every 10 s). */
export const MAX_ENTRIES = 20_000;

export type AtRevision = { ok: true; version: KeyVersion | undefined } | { ok: false; error: "compacted" | "future" };

export class RevisionLog {
  private entries: Entry[] = [];
  private byKey = new Map<string, Entry[]>();
  /** Revisions at or below this are no longer kept (the log started here, or was trimmed or compacted up to it). */
  private floor: number;
  /** etcd's compact revision: reads below it are refused. */
  private compactRevision = 0;

  constructor(startRevision: number) {
    this.floor = startRevision;
  }

  /** A write at `revision`: the key's version before it and after it (undefined: absent). */
  record(revision: number, key: string, before: KeyVersion | undefined, after: KeyVersion | undefined): void {
    const entry = { revision, key, before, after };
    this.entries.push(entry);
    let list = this.byKey.get(key);
    if (!list) this.byKey.set(key, (list = []));
    list.push(entry);
    if (this.entries.length > MAX_ENTRIES * 1.25) this.dropThrough(this.entries[this.entries.length - MAX_ENTRIES - 1]!.revision);
  }

  /** The revision reads may not go below: the last compaction's, or the oldest the log still answers for. */
  oldestReadable(): number {
    return Math.max(this.compactRevision, this.floor);
  }

  compacted(): number {
    return this.compactRevision;
  }

  /** etcd's compaction: versions older than `revision` are forgotten (the newest at or below it is kept). */
  compact(revision: number): void {
    this.compactRevision = Math.max(this.compactRevision, revision);
    // Entries at or below the compact revision answer nothing a read may still ask.
    if (revision > this.floor) this.dropThrough(revision);
  }

  /** Forgets entries up to `revision`: the per-key lists keep the entry after, whose `before` is the state at `revision`. */
  private dropThrough(revision: number): void {
    let drop = 0;
    while (drop < this.entries.length && this.entries[drop]!.revision <= revision) drop++;
    for (const entry of this.entries.slice(0, drop)) {
      const list = this.byKey.get(entry.key)!;
      list.shift();
      if (list.length === 0) this.byKey.delete(entry.key);
    }
    this.entries.splice(0, drop);
    this.floor = Math.max(this.floor, revision);
  }

  /**
   * What `key` held at `revision`, given what it holds now: the after-image of its last write at
   * or below the revision; before its first kept write, that write's before-image; unwritten since
   * the floor, its current version.
   */
  at(key: string, revision: number, current: KeyVersion | undefined, currentRevision: number): AtRevision {
    if (revision > currentRevision) return { ok: false, error: "future" };
    if (revision < this.oldestReadable()) return { ok: false, error: "compacted" };
    const list = this.byKey.get(key);
    if (!list) return { ok: true, version: current };
    let found: Entry | undefined;
    for (const entry of list) {
      if (entry.revision > revision) break;
      found = entry;
    }
    return { ok: true, version: found ? found.after : list[0]!.before };
  }

  /** Keys written after `revision` (a deleted key must still be listed by a read at an older revision). */
  keysWrittenAfter(revision: number): string[] {
    const keys = new Set<string>();
    for (let i = this.entries.length - 1; i >= 0 && this.entries[i]!.revision > revision; i--) keys.add(this.entries[i]!.key);
    return [...keys];
  }

  /** The writes after `revision` of the keys `matches` accepts, oldest first (a watch from revision+1). */
  eventsAfter(revision: number, matches: (key: string) => boolean): { revision: number; key: string; before: KeyVersion | undefined; after: KeyVersion | undefined }[] {
    let from = this.entries.length;
    while (from > 0 && this.entries[from - 1]!.revision > revision) from--;
    return this.entries.slice(from).filter((e) => matches(e.key));
  }
}

/** A stored object as a key version (kadet keeps no per-key version count for API objects: 1). */
export function objectVersion(obj: StoredObject, encoding: string): KeyVersion {
  const rv = Number(obj.metadata.resourceVersion ?? 0);
  return { value: obj, encoding, modRevision: rv, createRevision: rv, version: 1 };
}
