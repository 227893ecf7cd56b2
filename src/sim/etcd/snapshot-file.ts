/**
 * What `etcdctl snapshot save` writes. A real snapshot is etcd's bbolt
 * database with a sha256 appended; kadet's holds the same keyspace as JSON
 * behind a first line that says so, so that `snapshot status` and
 * `etcdutl snapshot restore` can read back exactly what was saved.
 */
import type { StoreSnapshot } from "../core/snapshot.js";
import type { StoredObject } from "../api/types.js";
import { fakeDigest } from "../core/digest.js";

export const SNAPSHOT_MAGIC = "kadet etcd snapshot v1 (a real snapshot is a bbolt database; kadet keeps the keyspace as JSON)";

export interface EtcdSnapshotContent {
  revision: number;
  store: StoreSnapshot<StoredObject>;
  userKeys: [string, { value: string; createRevision: number; modRevision: number; version: number }][];
}

export function encodeSnapshotFile(content: EtcdSnapshotContent): string {
  return `${SNAPSHOT_MAGIC}\n${JSON.stringify(content)}\n`;
}

export type Decoded = { ok: true; content: EtcdSnapshotContent } | { ok: false };

export function decodeSnapshotFile(text: string): Decoded {
  if (!text.startsWith(`${SNAPSHOT_MAGIC}\n`)) return { ok: false };
  try {
    const content = JSON.parse(text.slice(SNAPSHOT_MAGIC.length + 1)) as EtcdSnapshotContent;
    if (typeof content.revision !== "number" || !Array.isArray(content.store?.objects)) return { ok: false };
    return { ok: true, content };
  } catch {
    return { ok: false };
  }
}

/** What `snapshot status` prints of a file: hash, revision, total keys. */
export function snapshotStatus(content: EtcdSnapshotContent, text: string): { hash: number; revision: number; totalKey: number } {
  return { hash: parseInt(fakeDigest(text).slice(0, 8), 16), revision: content.revision, totalKey: content.store.objects.length + content.userKeys.length };
}
