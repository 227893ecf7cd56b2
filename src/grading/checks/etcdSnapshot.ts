/**
 * The `etcdSnapshot` check: a file on one of the cluster's hosts is an etcd
 * snapshot (what `etcdctl snapshot save` writes) and, optionally, holds a
 * given object under the key kube-apiserver stores it at. This is what a
 * learner could verify with `etcdutl snapshot status` and a restore.
 */
import { z } from "zod";
import { kindNamed } from "../../sim/api/kinds.js";
import { storageKey } from "../../sim/api/storage-keys.js";
import { decodeSnapshotFile } from "../../sim/etcd/snapshot-file.js";
import { defineCheck } from "./define.js";
import { kindOf } from "./fields.js";
import { result, type CheckContext, type CheckIdentity, type CheckResult } from "./types.js";

const ObjectRef = z.strictObject({ kind: z.string().min(1), name: z.string().min(1), namespace: z.string().min(1).optional() });

const EtcdSnapshotSchema = z.strictObject({
  /** The host the file is on (default: controlplane). */
  host: z.string().min(1).default("controlplane"),
  /** Absolute path on that host. */
  path: z.string().regex(/^\//, "an absolute path on the host"),
  /** An object the snapshot must hold. */
  contains: ObjectRef.optional(),
});

export type EtcdSnapshotSpec = z.infer<typeof EtcdSnapshotSchema>;

export const etcdSnapshotCheck = defineCheck({
  type: "etcdSnapshot",
  keys: { etcdSnapshot: EtcdSnapshotSchema },
  toSpec: (input) => input.etcdSnapshot,
  evaluate: evaluateEtcdSnapshot,
});

function evaluateEtcdSnapshot(check: CheckIdentity, spec: EtcdSnapshotSpec, ctx: CheckContext): CheckResult {
  const host = ctx.world.hosts.get(spec.host);
  if (!host) return result(check, { status: "error", message: `the cluster has no host ${spec.host}` });
  const text = host.files[spec.path];
  const where = `${spec.path} on ${spec.host}`;
  if (text === undefined) return result(check, { status: "fail", observed: "absent", expected: "an etcd snapshot", message: `${where} does not exist` });
  const decoded = decodeSnapshotFile(text);
  if (!decoded.ok) return result(check, { status: "fail", observed: "not a snapshot", expected: "an etcd snapshot", message: `${where} is not an etcd snapshot (etcdutl snapshot status would fail on it)` });
  if (!spec.contains) return result(check, { status: "pass", message: `${where} is an etcd snapshot at revision ${decoded.content.revision}` });
  const kind = kindOf(spec.contains.kind)?.kind ?? spec.contains.kind;
  const info = kindNamed(kind);
  if (!info) return result(check, { status: "error", message: `unknown kind ${spec.contains.kind}` });
  const key = storageKey(info, spec.contains.namespace ?? (info.namespaced ? "default" : undefined), spec.contains.name);
  const found = decoded.content.store.objects.some(([k]) => k === key);
  return found
    ? result(check, { status: "pass", message: `${where} holds ${key}` })
    : result(check, { status: "fail", observed: "missing", expected: key, message: `${where} has no ${key}: was it saved before the object existed, or from another cluster?` });
}
