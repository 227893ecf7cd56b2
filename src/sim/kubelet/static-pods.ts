/**
 * Static pods: the kubelet of each host reads its `staticPodPath` folder
 * (kubeadm: /etc/kubernetes/manifests) and runs one pod per manifest file,
 * announcing each to the API server as a mirror pod named NAME-NODE.
 * A changed file replaces the pod (new hash, new mirror pod); a removed or
 * unreadable file stops it. This is how kubeadm's control plane runs, so the
 * scheduler works only while its static pod runs.
 * https://kubernetes.io/docs/tasks/configure-pod-container/static-pod/
 * Defaults as pkg/kubelet/config/common.go applyDefaults: the hash of the
 * manifest as `kubernetes.io/config.hash` (and `.mirror`), the node name,
 * namespace `default`, and a toleration of every NoExecute taint.
 */
import { parse } from "yaml";
import { kindNamed } from "../api/kinds.js";
import type { Node, Pod, StoredObject } from "../api/types.js";
import { toRfc3339 } from "../core/clock.js";
import { fakeDigest } from "../core/digest.js";
import type { Host } from "../world/hosts.js";
import { KUBELET_CONFIG, KUBELET_CONFIG_YAML, MANIFESTS_DIR } from "../world/kubeadm-files.js";
import type { World } from "../world/world.js";

const POD = kindNamed("Pod")!;

export const CONFIG_HASH = "kubernetes.io/config.hash";
export const CONFIG_MIRROR = "kubernetes.io/config.mirror";
export const CONFIG_SEEN = "kubernetes.io/config.seen";
export const CONFIG_SOURCE = "kubernetes.io/config.source";

/** Whether the host's kubelet runs (a node without a host, as `bare` clusters' own nodes, always does). */
export function kubeletRunning(world: World, nodeName: string): boolean {
  return world.hosts.get(nodeName)?.kubelet.active ?? true;
}

/** The folder the host's kubelet watches, from its config.yaml; undefined when the file does not say. */
export function staticPodPath(host: Host): string | undefined {
  const text = host.files[KUBELET_CONFIG];
  if (text === undefined) return undefined;
  // kubeadm's own file, unedited, is every host's case: no need to parse it on every pass.
  if (text === KUBELET_CONFIG_YAML) return KUBEADM_STATIC_POD_PATH;
  try {
    const config = parse(text) as { staticPodPath?: unknown } | null;
    return typeof config?.staticPodPath === "string" && config.staticPodPath !== "" ? config.staticPodPath : undefined;
  } catch {
    return undefined;
  }
}

// The folder kubeadm's KubeletConfiguration names (staticPodPath: /etc/kubernetes/manifests).
const KUBEADM_STATIC_POD_PATH = MANIFESTS_DIR;

export interface WantedPod {
  name: string;
  namespace: string;
  hash: string;
  manifest: StoredObject;
}

/**
 * Parsed manifests by (host, path, text): the kubelet loop asks every pass, and
 * parsing YAML each time would make every simulated second cost milliseconds.
 * Pure memoisation of a pure function, so it never changes a result.
 */
const parsedFiles = new Map<string, WantedPod | null>();

function parseManifest(hostName: string, path: string, text: string): WantedPod | null {
  const key = `${hostName}\0${path}\0${text}`;
  const cached = parsedFiles.get(key);
  // Shared, never mutated: createMirrorPod copies the manifest before changing it.
  if (cached !== undefined) return cached;
  let result: WantedPod | null = null;
  try {
    const manifest = parse(text) as StoredObject;
    if (manifest && typeof manifest === "object" && manifest.kind === "Pod" && typeof manifest.metadata?.name === "string") {
      result = {
        name: `${manifest.metadata.name}-${hostName.toLowerCase()}`,
        namespace: manifest.metadata.namespace || "default",
        // The kubelet's UID for a file pod is an md5 of the pod, the host and the file (32 hex digits).
        hash: fakeDigest(`${JSON.stringify(manifest)}host:${hostName}file:${path}`).slice(0, 32),
        manifest,
      };
    }
  } catch {
    result = null;
  }
  if (parsedFiles.size > 512) parsedFiles.clear();
  parsedFiles.set(key, result);
  return result;
}

/** The memo's entries, to save beside a baked preset (the first settle of a process then parses no YAML). */
export function parsedManifestEntries(): [string, WantedPod | null][] {
  return [...parsedFiles];
}

/** Fills the memo from saved entries. Keys hold the whole file text, so an entry can only answer for the exact text it was parsed from. */
export function seedParsedManifests(entries: [string, WantedPod | null][]): void {
  for (const [key, pod] of entries) parsedFiles.set(key, pod);
}

/** The pods a host's manifest files describe; files that do not parse as one Pod are skipped, as the kubelet logs and skips them. */
export function staticPodsOf(host: Host): WantedPod[] {
  const folder = staticPodPath(host);
  if (folder === undefined) return [];
  const wanted: WantedPod[] = [];
  const prefix = folder.endsWith("/") ? folder : `${folder}/`;
  const paths = Object.keys(host.files)
    .filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes("/"))
    .sort();
  for (const path of paths) {
    // The kubelet ignores hidden files (pkg/kubelet/config/file.go).
    if (path.slice(prefix.length).startsWith(".")) continue;
    const pod = parseManifest(host.name, path, host.files[path]!);
    if (pod) wanted.push(pod);
  }
  return wanted;
}

/**
 * Makes the API's mirror pods of every host with a running kubelet match its
 * manifests folder: missing ones created, changed ones replaced, ones whose
 * file is gone deleted. Returns whether anything was written.
 */
export function syncStaticPods(world: World, nodes: Map<string, Node>): boolean {
  // Nothing written to the API or the hosts since the last sync found nothing to do: it would find nothing again.
  const mark = `${world.api.writeMark()}/${world.hosts.version()}`;
  if (quietAt.get(world) === mark) return false;
  const changed = syncAll(world, nodes);
  if (!changed) quietAt.set(world, mark);
  return changed;
}

/** Per world, the change mark at which a sync last found nothing to do. */
const quietAt = new WeakMap<World, string>();

function syncAll(world: World, nodes: Map<string, Node>): boolean {
  let changed = false;
  const mirrorsByNode = new Map<string, Pod[]>();
  for (const pod of world.api.list<Pod>(POD)) {
    if (pod.metadata.annotations?.[CONFIG_MIRROR] === undefined || !pod.spec?.nodeName) continue;
    const list = mirrorsByNode.get(pod.spec.nodeName) ?? [];
    list.push(pod);
    mirrorsByNode.set(pod.spec.nodeName, list);
  }
  for (const host of world.hosts.list()) {
    const node = nodes.get(host.name);
    if (!node || !host.kubelet.active) continue;
    const wanted = staticPodsOf(host);
    const existing = mirrorsByNode.get(host.name) ?? [];
    for (const mirror of existing) {
      const want = wanted.find((w) => w.name === mirror.metadata.name && w.namespace === mirror.metadata.namespace);
      if (want && want.hash === mirror.metadata.annotations?.[CONFIG_HASH]) continue;
      if (mirror.metadata.deletionTimestamp) continue;
      // The static pod is gone or changed: its containers stop and the mirror pod goes (the kubelet deletes it with grace 0).
      world.api.finalizeDeletion(POD, mirror.metadata.namespace, mirror.metadata.name);
      changed = true;
    }
    for (const want of wanted) {
      if (world.api.find(POD, want.namespace, want.name)) continue;
      changed = createMirrorPod(world, node, want) || changed;
    }
  }
  return changed;
}

function createMirrorPod(world: World, node: Node, want: WantedPod): boolean {
  const mirror = structuredClone(want.manifest) as StoredObject & { status?: unknown; spec?: { nodeName?: string; tolerations?: { operator?: string; effect?: string; key?: string }[] } };
  delete mirror.status;
  const { creationTimestamp: _omitted, ...metadata } = mirror.metadata as StoredObject["metadata"] & { creationTimestamp?: unknown };
  mirror.metadata = {
    ...metadata,
    name: want.name,
    namespace: want.namespace,
    annotations: {
      ...(metadata.annotations ?? {}),
      [CONFIG_HASH]: want.hash,
      [CONFIG_MIRROR]: want.hash,
      [CONFIG_SEEN]: toRfc3339(world.clock.now()),
      [CONFIG_SOURCE]: "file",
    },
    ownerReferences: [{ apiVersion: "v1", kind: "Node", name: node.metadata.name, uid: node.metadata.uid, controller: true }],
  } as unknown as StoredObject["metadata"];
  const spec = (mirror.spec ??= {});
  spec.nodeName = node.metadata.name;
  const tolerations = spec.tolerations ?? [];
  if (!tolerations.some((t) => t.operator === "Exists" && t.effect === "NoExecute" && !t.key)) tolerations.push({ operator: "Exists", effect: "NoExecute" });
  spec.tolerations = tolerations;
  return world.api.create(POD, mirror, want.namespace).ok;
}

/**
 * Whether a control-plane component that kubeadm runs as a static pod is up:
 * its mirror pod's containers are running on a host that is switched on (a
 * powered-off host's mirror pod keeps its last status until the node
 * controller marks it, but nothing on the machine runs). A cluster whose control plane is
 * not on any of its hosts (the `bare` preset: no admin.conf anywhere) runs it
 * out of sight, always up.
 */
export function controlPlaneComponentRunning(world: World, component: string): boolean {
  const hosts = world.hosts.list();
  if (!hosts.some((h) => h.files["/etc/kubernetes/admin.conf"] !== undefined)) return true;
  return world.api.list<Pod>(POD, "kube-system").some((p) => isRunningMirrorPod(world, p, component));
}

/** A control-plane component's mirror pod, not being deleted, on a powered host, all its containers running. */
export function isRunningMirrorPod(world: World, p: Pod, component: string): boolean {
  return (
    p.metadata.labels?.component === component &&
    p.metadata.annotations?.[CONFIG_MIRROR] !== undefined &&
    !p.metadata.deletionTimestamp &&
    world.hosts.get(p.spec?.nodeName ?? "")?.off !== true &&
    (p.status?.containerStatuses ?? []).length > 0 &&
    (p.status?.containerStatuses ?? []).every((s) => s.state?.running !== undefined)
  );
}
