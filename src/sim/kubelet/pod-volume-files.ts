/**
 * What the kubelet writes for a pod's volumes on its node, and where, as the
 * real kubelet lays it out under /var/lib/kubelet/pods/<uid>/volumes/: an
 * emptyDir is a folder; configMap, secret, downwardAPI and projected volumes
 * are written by the atomic writer (pkg/volume/util/atomic_writer.go): the
 * files in a timestamped folder `..2026_01_01_09_00_00.1234567890`, a
 * `..data` symlink to it, and one symlink per top-level name pointing into
 * `..data`. An update writes a new timestamped folder and swaps `..data`, so
 * a reader never sees half an update. The node's file system in kadet holds
 * no symlinks: only the timestamped folder is written there, and the
 * container's view (pod-container-fs.ts) shows `..data` and the per-key links.
 */
import type { IVolume } from "kubernetes-models/v1";
import { kindNamed } from "../api/kinds.js";
import type { ApiServer } from "../api/server.js";
import type { ConfigMap, Pod, Secret, ServiceAccount } from "../api/types.js";
import { issueServiceAccountToken } from "../api/auth/tokens.js";
import { fakeDigest } from "../core/digest.js";
import { configEntries, configValue, podFieldValue } from "./pod-env.js";

const CONFIGMAP = kindNamed("ConfigMap")!;
const SECRET = kindNamed("Secret")!;
const SERVICE_ACCOUNT = kindNamed("ServiceAccount")!;

/** 0644, the default mode of configMap, secret, downwardAPI and projected files. */
export const DEFAULT_FILE_MODE = 0o644;

export const podDir = (uid: string): string => `/var/lib/kubelet/pods/${uid}`;

/** The volume plugin's folder name (pkg/volume/<plugin>: kubernetes.io~configmap, ...). */
export function pluginOf(volume: IVolume): string | undefined {
  if (volume.emptyDir) return "kubernetes.io~empty-dir";
  if (volume.configMap) return "kubernetes.io~configmap";
  if (volume.secret) return "kubernetes.io~secret";
  if (volume.projected) return "kubernetes.io~projected";
  if (volume.downwardAPI) return "kubernetes.io~downward-api";
  return undefined;
}

export function volumeDir(uid: string, volume: IVolume): string | undefined {
  const plugin = pluginOf(volume);
  return plugin ? `${podDir(uid)}/volumes/${plugin}/${volume.name}` : undefined;
}

/** Whether the atomic writer fills this volume (and the kubelet mounts it read-only, always). */
export function isProjected(volume: IVolume): boolean {
  return Boolean(volume.configMap || volume.secret || volume.projected || volume.downwardAPI);
}

/** A projected folder under a volume path holds the atomic writer's layout. */
export const PROJECTED_DIR = /\/volumes\/kubernetes\.io~(configmap|secret|projected|downward-api)\/[^/]+$/;

export interface ProjectedFile {
  content: string;
  mode: number;
}

export type Projection = { ok: true; files: Record<string, ProjectedFile> } | { ok: false; error: string };

interface KeyToPath {
  key: string;
  path: string;
  mode?: number;
}

/** configMap/secret sources: every key (no items), or the listed ones at their paths (pkg/volume/configmap MakePayload). */
function keysPayload(
  obj: ConfigMap | Secret | undefined,
  secret: boolean,
  items: readonly KeyToPath[] | undefined,
  optional: boolean,
  defaultMode: number,
  name: string,
  into: Record<string, ProjectedFile>,
): string | undefined {
  if (!obj) return optional ? undefined : `${secret ? "secret" : "configmap"} "${name}" not found`;
  if (!items || items.length === 0) {
    for (const [k, v] of configEntries(obj, secret)) into[k] = { content: v, mode: defaultMode };
    return undefined;
  }
  for (const item of items) {
    const value = configValue(obj, item.key, secret);
    if (value === undefined) {
      if (optional) continue;
      return secret ? `references non-existent secret key: ${item.key}` : `configmap references non-existent config key: ${item.key}`;
    }
    into[item.path] = { content: value, mode: item.mode ?? defaultMode };
  }
  return undefined;
}

/** The downward API's files: labels and annotations as `key="value"` lines sorted by key, other fields as their value. */
function downwardValue(pod: Pod, fieldPath: string): string | undefined {
  const map = fieldPath === "metadata.labels" ? pod.metadata.labels : fieldPath === "metadata.annotations" ? pod.metadata.annotations : undefined;
  if (map !== undefined || fieldPath === "metadata.labels" || fieldPath === "metadata.annotations") {
    return Object.keys(map ?? {})
      .sort()
      .map((k) => `${k}=${JSON.stringify(map![k])}`)
      .join("\n");
  }
  return podFieldValue(pod, fieldPath);
}

/** The files a configMap, secret, downwardAPI or projected volume holds now, or why it cannot be set up. */
export function projectVolume(api: ApiServer, pod: Pod, volume: IVolume, nowMs: number): Projection {
  const namespace = pod.metadata.namespace ?? "default";
  const files: Record<string, ProjectedFile> = {};
  const find = (secret: boolean, name: string) => api.find(secret ? SECRET : CONFIGMAP, namespace, name) as ConfigMap | Secret | undefined;
  let error: string | undefined;
  if (volume.configMap) {
    const v = volume.configMap;
    error = keysPayload(find(false, v.name ?? ""), false, v.items, v.optional === true, v.defaultMode ?? DEFAULT_FILE_MODE, v.name ?? "", files);
  } else if (volume.secret) {
    const v = volume.secret;
    error = keysPayload(find(true, v.secretName ?? ""), true, v.items, v.optional === true, v.defaultMode ?? DEFAULT_FILE_MODE, v.secretName ?? "", files);
  } else if (volume.downwardAPI) {
    for (const item of volume.downwardAPI.items ?? []) {
      const value = item.fieldRef ? downwardValue(pod, item.fieldRef.fieldPath) : undefined;
      if (value !== undefined) files[item.path] = { content: value, mode: item.mode ?? volume.downwardAPI.defaultMode ?? DEFAULT_FILE_MODE };
    }
  } else if (volume.projected) {
    const mode = volume.projected.defaultMode ?? DEFAULT_FILE_MODE;
    for (const source of volume.projected.sources ?? []) {
      if (source.configMap) error ??= keysPayload(find(false, source.configMap.name ?? ""), false, source.configMap.items, source.configMap.optional === true, mode, source.configMap.name ?? "", files);
      else if (source.secret) error ??= keysPayload(find(true, source.secret.name ?? ""), true, source.secret.items, source.secret.optional === true, mode, source.secret.name ?? "", files);
      else if (source.downwardAPI) {
        for (const item of source.downwardAPI.items ?? []) {
          const value = item.fieldRef ? downwardValue(pod, item.fieldRef.fieldPath) : undefined;
          if (value !== undefined) files[item.path] = { content: value, mode: item.mode ?? mode };
        }
      } else if (source.serviceAccountToken) {
        const name = pod.spec?.serviceAccountName ?? "default";
        const sa = api.find(SERVICE_ACCOUNT, namespace, name) as ServiceAccount | undefined;
        if (!sa) error ??= `serviceaccounts "${name}" not found`;
        else {
          const token = issueServiceAccountToken({
            namespace,
            name,
            uid: sa.metadata.uid,
            nowMs,
            jti: fakeDigest(`${pod.metadata.uid}/${volume.name}/${nowMs}`).slice(0, 36),
            expirationSeconds: source.serviceAccountToken.expirationSeconds ?? 3607,
            ...(source.serviceAccountToken.audience ? { audiences: [source.serviceAccountToken.audience] } : {}),
          });
          files[source.serviceAccountToken.path] = { content: token.token, mode };
        }
      }
    }
  }
  return error !== undefined ? { ok: false, error } : { ok: true, files };
}

/** `..2026_01_01_09_00_00.1234567890`: os.MkdirTemp's pattern with the write's UTC time; the digits are derived, not random. */
export function timestampDirName(nowMs: number, seed: string): string {
  const d = new Date(nowMs);
  const pad = (n: number) => String(n).padStart(2, "0");
  const stamp = `${d.getUTCFullYear()}_${pad(d.getUTCMonth() + 1)}_${pad(d.getUTCDate())}_${pad(d.getUTCHours())}_${pad(d.getUTCMinutes())}_${pad(d.getUTCSeconds())}`;
  const digits = String(parseInt(fakeDigest(`${seed}/${nowMs}`).slice(0, 8), 16));
  return `..${stamp}.${digits}`;
}
