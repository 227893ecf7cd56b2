/**
 * Environment snapshots of version 2 (before the kubeconfig was a file):
 * clusters keyed by context, the current context beside them. Read so that a
 * snapshot saved by an older kadet still restores; the kubeconfig is rebuilt
 * with the entries that version implied (kubeadm's admin.conf plus one set per
 * added context).
 */
import type { StoredObject } from "../api/types.js";
import type { WorldSnapshot } from "../core/snapshot.js";
import { API_SERVER_PORT } from "../world/kubeadm-files.js";
import { adminKubeconfig, withAddedCluster, type Kubeconfig } from "./kubeconfig.js";
import type { EnvironmentSnapshot } from "./snapshot.js";

export interface EnvironmentSnapshotV2 {
  snapshotVersion: 2;
  currentContext: string;
  contexts: { context: string; cluster: string; user: string; namespace?: string; preset: string; world: WorldSnapshot<StoredObject> }[];
}

export function upgradeV2(old: EnvironmentSnapshotV2): EnvironmentSnapshot {
  let config: Kubeconfig | undefined;
  const clusters: EnvironmentSnapshot["clusters"] = [];
  // Version 2 listed contexts sorted by name; the default one was always made first.
  const ordered = [...old.contexts].sort((a, b) => Number(b.cluster === "kubernetes") - Number(a.cluster === "kubernetes"));
  for (const c of ordered) {
    const server = `https://192.168.${clusters.length}.10:${API_SERVER_PORT}`;
    clusters.push({ name: c.cluster, server, user: c.user, preset: c.preset, world: c.world });
    const entries = { cluster: c.cluster, server, user: c.user, context: c.context };
    config = config === undefined ? adminKubeconfig(entries) : withAddedCluster(config, entries);
    if (c.namespace) config.contexts[c.context]!.namespace = c.namespace;
  }
  if (config) config.currentContext = old.currentContext;
  return { snapshotVersion: 3, clusters, kubeconfig: config ?? null };
}
