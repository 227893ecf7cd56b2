/**
 * The files the kubelet and containerd keep on a node for the pods it runs,
 * as one loop beside the pod workers (it only reads their results from the
 * pod status, so kubelet.ts stays untouched):
 *
 * - volumes under /var/lib/kubelet/pods/<uid>/volumes/ (pod-volume-files.ts),
 *   written once the pod's volumes can be set up, and for configMap, secret,
 *   downwardAPI and projected volumes rewritten on the kubelet's periodic pod
 *   sync (--sync-frequency, 1m) when their source changed: an update reaches
 *   mounted files within a sync period, never at once;
 * - for every container that started, its OCI bundle's config.json under
 *   /run/containerd/io.containerd.runtime.v2.task/k8s.io/<id>/: the process
 *   environment (pod-env.ts) and the mounts, fixed at that moment. A subPath
 *   mount of a configMap or secret is a bind mount of the file as it was
 *   (under volume-subpaths/), so it, like the environment, never updates;
 * - the container's writable layer under containerd's overlayfs snapshots,
 *   which `kubectl exec` writes (pod-container-fs.ts) and a restart discards.
 *
 * Folders of pods and containers that are gone are removed, as the kubelet's
 * housekeeping and containerd's garbage collection do.
 */
import type { IContainer, IVolume, IVolumeMount } from "kubernetes-models/v1";
import { kindNamed } from "../api/kinds.js";
import type { Node, PersistentVolume, PersistentVolumeClaim, Pod } from "../api/types.js";
import { pullImage } from "../catalog/images.js";
import { catalogImageConfig } from "../catalog/image-config.js";
import type { StatefulLoop } from "../core/loop.js";
import type { World } from "../world/world.js";
import { containerEnvironment, kubeletEnvironment } from "./pod-env.js";
import { isProjected, podDir, projectVolume, timestampDirName, volumeDir, type ProjectedFile } from "./pod-volume-files.js";
import { kubeletRunning } from "./static-pods.js";
import { volumeSetUpError } from "./volumes.js";
import { processUser, type ProcessUser } from "./security-context.js";
import type { ChangeCursor } from "../api/store.js";
import { compareByNamespaceAndName } from "../api/store.js";
import { storageKey } from "../api/storage-keys.js";

const POD = kindNamed("Pod")!;
const NODE = kindNamed("Node")!;
const PVC = kindNamed("PersistentVolumeClaim")!;
const PV = kindNamed("PersistentVolume")!;
const CONFIGMAP = kindNamed("ConfigMap")!;
const SECRET = kindNamed("Secret")!;

/** The kubelet's default --sync-frequency: how often a running pod is synced, and its projected volumes with it. */
export const KUBELET_SYNC_PERIOD_MS = 60_000;

export const BUNDLES = "/run/containerd/io.containerd.runtime.v2.task/k8s.io";
export const bundleConfig = (containerId: string): string => `${BUNDLES}/${containerId}/config.json`;
export const SNAPSHOTS = "/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots";
export const upperDir = (containerId: string): string => `${SNAPSHOTS}/${containerId}/fs`;

/** One mount of a container, as its OCI spec lists it. */
export interface BundleMount {
  destination: string;
  type: "bind";
  /** A path on the node; "" when kadet cannot say what the volume holds (unsupported). */
  source: string;
  options: string[];
  /** Set when the volume's kind is not simulated (nfs, csi, a claim whose volume is not on the node). */
  unsupported?: string;
}

/** The part of an OCI runtime spec (config.json) kadet writes and `kubectl exec` reads. */
export interface BundleConfig {
  ociVersion: string;
  /** user: the uid, gid and supplementary groups containerd resolved; a name alone when kadet could not resolve the image's USER. */
  process: { args: string[]; env: string[]; cwd: string; user?: ProcessUser | { username: string } };
  hostname: string;
  /** readOnlyRootFilesystem makes the root file system read-only. */
  root?: { path: string; readonly: boolean };
  mounts: BundleMount[];
  annotations: Record<string, string>;
}

interface PodFilesState {
  /** Per pod uid, per projected volume: the timestamped folder written last and when the pod's sync cycle began. */
  pods: Record<string, { anchor: number; syncedAt: number; volumes: Record<string, string> }>;
}

/** What the last look at one pod found: how its files are kept, and when to look again although it did not change. */
interface TrackedPod {
  uid: string;
  nodeName: string | undefined;
  /** Its containers' ids (bundles and writable layers are kept for these). */
  containers: string[];
  /** When to sync it again unchanged: now (every pass) while its volumes cannot be set up yet or when it has a projected volume, else never. */
  again: number;
  /** The next periodic sync at which a projected volume of it would be rewritten (nextDue), if any. */
  due: number | undefined;
}

/**
 * What the kubelet's files of a pod are made from besides the pod: a write of any of these makes
 * every pod look again. (Its Node is read only for the bundle of a container starting, which is a
 * change of the pod.)
 */
const DEPENDENCIES = [CONFIGMAP, SECRET, PVC, PV];

export class PodFiles implements StatefulLoop<World> {
  readonly name = "kubelet-pod-files";
  private state: PodFilesState = { pods: {} };
  /** What the last reconcile saw (API and hosts versions), and the next periodic sync it found due: nothing else makes this loop act. */
  private seen = "";
  private dueAt: number | undefined;
  /**
   * Like the pod workers (kubelet.ts), this loop looks only at pods that changed since its last
   * pass (the store's change log, read from `cursor`) or whose periodic sync is due, unless
   * something else a pod's files are made of changed. Per pod storage key, what it last found.
   * Not part of snapshots: a restored loop starts with a full pass.
   */
  private cursor: ChangeCursor | undefined;
  private dependencies = "";
  private tracked = new Map<string, TrackedPod>();
  /** The keys of `tracked` looked at again although unchanged (again is not Infinity). */
  private revisit = new Set<string>();
  /** How many tracked pods hold each uid and each container id: the folders of any others are removed. */
  private liveUids = new Map<string, number>();
  private liveContainers = new Map<string, number>();
  /** Whether a full pass has cleaned up since this loop began: until then every stale folder is found by a scan. */
  private cleaned = false;

  saveState(): unknown {
    return this.state;
  }

  loadState(state: unknown): void {
    this.state = (state as PodFilesState | undefined) ?? { pods: {} };
    this.seen = "";
    this.cursor = undefined;
    this.cleaned = false;
    for (const key of [...this.tracked.keys()]) this.untrack(key);
  }

  /** The next periodic sync of a pod whose projected volumes are out of date (computed by the last reconcile). */
  nextWakeAt(world: World): number | undefined {
    // A change since the last reconcile makes the world reconcile anyway; only the periodic syncs are timers.
    if (this.seen !== this.versions(world)) return this.nextDue(world, world.api.list<Pod>(POD), world.clock.now());
    return this.dueAt;
  }

  private versions(world: World): string {
    return `${world.api.writeMark()}/${world.hosts.version()}`;
  }

  reconcile(world: World): boolean {
    const now = world.clock.now();
    if (this.seen === this.versions(world) && (this.dueAt === undefined || now < this.dueAt)) return false;
    const changes = world.watchChanges ? world.api.changedSince(POD, this.cursor) : undefined;
    this.cursor = world.api.cursor();
    const dependencies = `${DEPENDENCIES.map((k) => world.api.changesOf(k)).join(",")}/${world.hosts.machinesVersion()}`;
    const full = changes === undefined || dependencies !== this.dependencies || !this.cleaned;
    this.dependencies = dependencies;
    let changed = false;
    const nodes = new Map(world.api.list<Node>(NODE).map((n) => [n.metadata.name, n]));
    let keys: Set<string>;
    let pods: Pod[];
    // What may have gone since the last pass: whole pods, and containers replaced by a restart.
    // Each with the node its files are on (a pod's files are only ever on its node).
    const goneUids = new Map<string, string | undefined>();
    const goneContainers = new Map<string, string | undefined>();
    const before = full ? { uids: new Set(this.liveUids.keys()), containers: new Set(this.liveContainers.keys()) } : undefined;
    if (full) {
      pods = world.api.list<Pod>(POD);
      keys = new Set(this.tracked.keys());
      for (const pod of pods) keys.add(storageKey(POD, pod.metadata.namespace, pod.metadata.name));
    } else {
      keys = new Set(changes);
      for (const key of this.revisit) if (this.tracked.get(key)!.again <= now) keys.add(key);
      pods = podsAt(world, keys);
    }
    const present = new Set<string>();
    for (const pod of pods) {
      const key = storageKey(POD, pod.metadata.namespace, pod.metadata.name);
      present.add(key);
      const old = this.tracked.get(key);
      if (old) {
        if (old.uid !== pod.metadata.uid) goneUids.set(old.uid, old.nodeName);
        for (const id of old.containers) goneContainers.set(id, old.nodeName);
      }
      const nodeName = pod.spec?.nodeName;
      const track: TrackedPod = { uid: pod.metadata.uid, nodeName, containers: containerIdsOf(pod), again: Infinity, due: undefined };
      if (nodeName && world.hosts.get(nodeName) && kubeletRunning(world, nodeName)) {
        changed = this.syncVolumes(world, pod, nodeName) || changed;
        changed = this.writeBundles(world, pod, nodes.get(nodeName)) || changed;
        this.schedule(world, pod, track, now);
      }
      this.track(key, track);
    }
    // Pods no longer there: looked up but gone (a change), or, after a full list, every one not in it.
    for (const key of keys) {
      if (present.has(key)) continue;
      const old = this.tracked.get(key);
      if (!old) continue;
      goneUids.set(old.uid, old.nodeName);
      for (const id of old.containers) goneContainers.set(id, old.nodeName);
      this.untrack(key);
    }
    // A pod recreated under its name, or a container still held by a pod, is not gone.
    for (const uid of goneUids.keys()) if (this.liveUids.has(uid)) goneUids.delete(uid);
    for (const id of goneContainers.keys()) if (this.liveContainers.has(id)) goneContainers.delete(id);
    if (before) {
      const live = { uids: new Set(this.liveUids.keys()), containers: new Set(this.liveContainers.keys()) };
      const same = sameSet(before.uids, live.uids) && sameSet(before.containers, live.containers);
      if (!this.cleaned || !same) changed = cleanUp(world, live.uids, live.containers) || changed;
      this.cleaned = true;
      for (const uid of Object.keys(this.state.pods)) if (!this.liveUids.has(uid)) delete this.state.pods[uid];
    } else {
      if (goneUids.size > 0 || goneContainers.size > 0) changed = removeFolders(world, goneUids, goneContainers) || changed;
      for (const uid of goneUids.keys()) delete this.state.pods[uid];
    }
    this.dueAt = undefined;
    for (const key of this.revisit) {
      const due = this.tracked.get(key)!.due;
      if (due !== undefined && (this.dueAt === undefined || due < this.dueAt)) this.dueAt = due;
    }
    this.seen = this.versions(world);
    return changed;
  }

  private track(key: string, t: TrackedPod): void {
    this.untrack(key);
    this.tracked.set(key, t);
    if (t.again !== Infinity) this.revisit.add(key);
    count(this.liveUids, t.uid, +1);
    for (const id of t.containers) count(this.liveContainers, id, +1);
  }

  private untrack(key: string): void {
    const t = this.tracked.get(key);
    if (!t) return;
    this.tracked.delete(key);
    this.revisit.delete(key);
    count(this.liveUids, t.uid, -1);
    for (const id of t.containers) count(this.liveContainers, id, -1);
  }

  /** When to look at a pod again although it did not change: every pass until its volumes are set up, and always when it has a projected volume. */
  private schedule(world: World, pod: Pod, track: TrackedPod, now: number): void {
    const record = this.state.pods[pod.metadata.uid];
    const terminal = pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";
    if (!record) {
      if (!terminal) track.again = now;
      return;
    }
    track.due = this.nextDue(world, [pod], now);
    // A projected volume's periodic sync counts from the last pass that saw it due, so such pods
    // are looked at in every pass, as a full pass would.
    if ((pod.spec?.volumes ?? []).some(isProjected)) track.again = now;
  }

  /** The earliest periodic sync after `now` of a pod whose projected volume no longer matches its source. */
  private nextDue(world: World, pods: readonly Pod[], now: number): number | undefined {
    let earliest: number | undefined;
    for (const pod of pods) {
      const record = this.state.pods[pod.metadata.uid];
      if (!record || !pod.spec?.nodeName) continue;
      for (const v of pod.spec.volumes ?? []) {
        const written = record.volumes[v.name];
        if (!isProjected(v) || written === undefined || sourceImmutable(world, pod, v)) continue;
        const desired = projectVolume(world.api, pod, v, record.anchor);
        if (!desired.ok || sameFiles(world, pod.spec.nodeName, `${volumeDir(pod.metadata.uid, v)}/${written}`, desired.files)) continue;
        const at = nextSync(record.anchor, record.syncedAt + 1);
        if (earliest === undefined || at < earliest) earliest = at;
      }
    }
    return earliest;
  }

  private syncVolumes(world: World, pod: Pod, nodeName: string): boolean {
    const now = world.clock.now();
    const uid = pod.metadata.uid;
    let record = this.state.pods[uid];
    const terminal = pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";
    if (!record) {
      // The pod's volumes are set up together, once all can be (the kubelet's volumesReady).
      if (terminal || volumeSetUpError(world, pod, nodeName) !== undefined) return false;
      record = { anchor: now, syncedAt: now, volumes: {} };
      this.state.pods[uid] = record;
      for (const v of pod.spec?.volumes ?? []) if (v.emptyDir) makeDir(world, nodeName, volumeDir(uid, v)!);
    }
    let changed = false;
    // A periodic sync rewrites a volume whose source changed; between syncs nothing moves.
    const due = now >= nextSync(record.anchor, record.syncedAt + 1);
    // Only projected volumes are rewritten by a periodic sync: only their pods keep its time.
    if (due && (pod.spec?.volumes ?? []).some(isProjected)) record.syncedAt = now;
    for (const v of pod.spec?.volumes ?? []) {
      if (!isProjected(v)) continue;
      const written = record.volumes[v.name];
      if (written !== undefined && !due) continue;
      // The kubelet does not watch an immutable ConfigMap or Secret: once mounted, it is never read again.
      if (written !== undefined && sourceImmutable(world, pod, v)) continue;
      // A token in a projected volume is issued at the pod's first sync (kadet does not rotate it).
      const desired = projectVolume(world.api, pod, v, record.anchor);
      if (!desired.ok) continue;
      const dir = volumeDir(uid, v)!;
      if (written !== undefined && sameFiles(world, nodeName, `${dir}/${written}`, desired.files)) continue;
      const next = timestampDirName(now, `${uid}/${v.name}`);
      writeTree(world, nodeName, `${dir}/${next}`, desired.files, written === undefined ? undefined : `${dir}/${written}`);
      record.volumes[v.name] = next;
      changed = true;
    }
    return changed;
  }

  private writeBundles(world: World, pod: Pod, node: Node | undefined): boolean {
    const nodeName = pod.spec!.nodeName!;
    const host = world.hosts.get(nodeName)!;
    let changed = false;
    const specs = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
    for (const s of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
      if (!s.state?.running || !s.containerID) continue;
      const id = s.containerID.replace(/^containerd:\/\//, "");
      if (host.files[bundleConfig(id)] !== undefined) continue;
      const spec = specs.find((c) => c.name === s.name);
      if (!spec) continue;
      const bundle = makeBundle(world, pod, spec, node, nodeName, this.state.pods[pod.metadata.uid]?.volumes ?? {});
      world.hosts.writeFile(nodeName, bundleConfig(id), `${JSON.stringify(bundle, null, 2)}\n`);
      changed = true;
    }
    return changed;
  }
}

function sourceImmutable(world: World, pod: Pod, volume: IVolume): boolean {
  const namespace = pod.metadata.namespace ?? "default";
  const obj = volume.configMap ? world.api.find(CONFIGMAP, namespace, volume.configMap.name ?? "") : volume.secret ? world.api.find(SECRET, namespace, volume.secret.secretName ?? "") : undefined;
  return (obj as { immutable?: boolean } | undefined)?.immutable === true;
}

/** The first periodic sync at or after `now`, counting from the pod's first sync. */
function nextSync(anchor: number, now: number): number {
  const periods = Math.ceil((now - anchor) / KUBELET_SYNC_PERIOD_MS);
  return anchor + Math.max(0, periods) * KUBELET_SYNC_PERIOD_MS;
}

function sameFiles(world: World, nodeName: string, dir: string, files: Record<string, ProjectedFile>): boolean {
  const host = world.hosts.get(nodeName);
  if (!host) return true;
  const prefix = `${dir}/`;
  const existing = Object.keys(host.files).filter((p) => p.startsWith(prefix));
  if (existing.length !== Object.keys(files).length) return false;
  return Object.entries(files).every(([rel, f]) => host.files[`${prefix}${rel}`] === f.content);
}

function makeDir(world: World, nodeName: string, dir: string): void {
  const host = world.hosts.get(nodeName)!;
  if (host.dirs.includes(dir)) return;
  const parts = dir.split("/").filter(Boolean);
  const all = parts.map((_, i) => `/${parts.slice(0, i + 1).join("/")}`);
  world.hosts.replaceFiles(nodeName, host.files, [...host.dirs, ...all]);
}

/** Writes a projection's new timestamped folder and removes the previous one, in one change of the node's files. */
function writeTree(world: World, nodeName: string, dir: string, files: Record<string, ProjectedFile>, previous: string | undefined): void {
  const host = world.hosts.get(nodeName)!;
  const next = { ...host.files };
  let dirs = [...host.dirs];
  if (previous !== undefined) {
    for (const p of Object.keys(next)) if (p.startsWith(`${previous}/`)) delete next[p];
    dirs = dirs.filter((d) => d !== previous && !d.startsWith(`${previous}/`));
  }
  for (const [rel, f] of Object.entries(files)) next[`${dir}/${rel}`] = f.content;
  const parts = dir.split("/").filter(Boolean);
  dirs.push(...parts.map((_, i) => `/${parts.slice(0, i + 1).join("/")}`));
  for (const rel of Object.keys(files)) {
    const segs = rel.split("/");
    for (let i = 1; i < segs.length; i++) dirs.push(`${dir}/${segs.slice(0, i).join("/")}`);
  }
  world.hosts.replaceFiles(nodeName, next, dirs);
}

/** Where a volume's files live on the node, or why kadet cannot say. */
function volumeSource(world: World, pod: Pod, volume: IVolume): { source: string } | { unsupported: string } {
  const dir = volumeDir(pod.metadata.uid, volume);
  if (dir !== undefined) return { source: dir };
  if (volume.hostPath) return { source: volume.hostPath.path.length > 1 ? volume.hostPath.path.replace(/\/+$/, "") : volume.hostPath.path };
  if (volume.persistentVolumeClaim) {
    const claim = world.api.find(PVC, pod.metadata.namespace ?? "default", volume.persistentVolumeClaim.claimName) as PersistentVolumeClaim | undefined;
    const pv = claim?.spec?.volumeName ? (world.api.find(PV, undefined, claim.spec.volumeName) as PersistentVolume | undefined) : undefined;
    const path = pv?.spec?.hostPath?.path ?? pv?.spec?.local?.path;
    if (path) return { source: path };
    return { unsupported: `the persistent volume of claim "${volume.persistentVolumeClaim.claimName}" (files are simulated for hostPath and local volumes only)` };
  }
  const kind = Object.keys(volume).find((k) => k !== "name") ?? "unknown";
  return { unsupported: `${kind} volumes` };
}

/** The OCI spec of a container starting now: its process, environment and mounts as they are at this moment. */
function makeBundle(world: World, pod: Pod, spec: IContainer, node: Node | undefined, nodeName: string, projected: Record<string, string>): BundleConfig {
  const pulled = pullImage(spec.image ?? "");
  const config = pulled.ok ? catalogImageConfig(pulled.ref.repository, pulled.ref.tag, pulled.image.entrypoint, pulled.image.cmd) : undefined;
  const hostname = pod.spec?.hostname ?? pod.metadata.name.slice(0, 63);
  const env = containerEnvironment(config?.Env ?? [], hostname, kubeletEnvironment(world.api, pod, spec, node));
  const mounts: BundleMount[] = [];
  (spec.volumeMounts ?? []).forEach((m: IVolumeMount, index: number) => {
    const volume = (pod.spec?.volumes ?? []).find((v) => v.name === m.name);
    if (!volume) return;
    const destination = m.mountPath.length > 1 ? m.mountPath.replace(/\/+$/, "") : m.mountPath;
    // configMap, secret, downwardAPI and projected volumes are always mounted read-only.
    const ro = m.readOnly === true || isProjected(volume);
    const options = ["rbind", "rprivate", ro ? "ro" : "rw"];
    const where = volumeSource(world, pod, volume);
    if ("unsupported" in where) {
      mounts.push({ destination, type: "bind", source: "", options, unsupported: where.unsupported });
      return;
    }
    const subPath = m.subPath ?? (m.subPathExpr ? expandSubPathExpr(m.subPathExpr, env) : "");
    if (!subPath) {
      mounts.push({ destination, type: "bind", source: where.source, options });
      return;
    }
    if (isProjected(volume)) {
      // The subPath is resolved through ..data when the container starts and that file is bind-mounted: later updates never reach it.
      const from = `${where.source}/${projected[volume.name] ?? ""}/${subPath}`;
      const copy = `${podDir(pod.metadata.uid)}/volume-subpaths/${volume.name}/${spec.name}/${index}`;
      copyTree(world, nodeName, from, copy);
      mounts.push({ destination, type: "bind", source: copy, options });
      return;
    }
    // The kubelet creates a missing subPath folder inside the volume.
    const source = `${where.source}/${subPath}`;
    const host = world.hosts.get(nodeName)!;
    if (host.files[source] === undefined) makeDir(world, nodeName, source);
    mounts.push({ destination, type: "bind", source, options });
  });
  // Kubernetes' command/args over the image's ENTRYPOINT/CMD (a command alone drops the image's CMD).
  const args = spec.command ? [...spec.command, ...(spec.args ?? [])] : [...(pulled.ok ? pulled.image.entrypoint : []), ...(spec.args ?? (pulled.ok ? pulled.image.cmd : []))];
  const resolved = processUser(pod, spec, imageUserOf(world, spec.image ?? ""), pulled.ok ? pulled.ref.repository : undefined);
  const user = "unresolved" in resolved ? { username: resolved.unresolved } : resolved;
  return {
    ociVersion: "1.1.0",
    process: { args, env, cwd: spec.workingDir ?? (config?.WorkingDir || "/"), user },
    hostname,
    root: { path: "rootfs", readonly: spec.securityContext?.readOnlyRootFilesystem === true },
    mounts,
    annotations: {
      "io.kubernetes.cri.container-name": spec.name,
      "io.kubernetes.cri.container-type": "container",
      "io.kubernetes.cri.image-name": pulled.ok ? pulled.ref.full : spec.image ?? "",
      "io.kubernetes.cri.sandbox-name": pod.metadata.name,
      "io.kubernetes.cri.sandbox-namespace": pod.metadata.namespace ?? "default",
      "io.kubernetes.cri.sandbox-uid": pod.metadata.uid,
    },
  };
}

/** The image's USER: a pushed image's own, else the catalog's (whose official images all run as root). */
export function imageUserOf(world: World, image: string): string {
  return world.registry?.find(image)?.image.config.User ?? "";
}

/** subPathExpr: `$(VAR)` from the container's environment. */
function expandSubPathExpr(expr: string, env: readonly string[]): string {
  const vars = new Map(env.map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]));
  return expr.replace(/\$\(([^)]+)\)/g, (_m, name: string) => vars.get(name) ?? "");
}

/** Copies a file, or a folder's files, from one node path to another. */
function copyTree(world: World, nodeName: string, from: string, to: string): void {
  const host = world.hosts.get(nodeName)!;
  const next = { ...host.files };
  const dirs = [...host.dirs];
  if (host.files[from] !== undefined) next[to] = host.files[from]!;
  else {
    dirs.push(to);
    for (const [p, content] of Object.entries(host.files)) if (p.startsWith(`${from}/`)) next[`${to}/${p.slice(from.length + 1)}`] = content;
  }
  const parts = to.split("/").filter(Boolean);
  dirs.push(...parts.slice(0, -1).map((_, i) => `/${parts.slice(0, i + 1).join("/")}`));
  for (const p of Object.keys(next)) if (p.startsWith(`${to}/`)) {
    const segs = p.split("/").filter(Boolean);
    dirs.push(...segs.slice(0, -1).map((_, i) => `/${segs.slice(0, i + 1).join("/")}`));
  }
  world.hosts.replaceFiles(nodeName, next, dirs);
}

/** The pods stored under these keys (those still there), in list order as a full pass meets them. */
function podsAt(world: World, keys: ReadonlySet<string>): Pod[] {
  const pods: Pod[] = [];
  for (const key of keys) {
    const pod = world.api.etcdStorage().read(key) as Pod | undefined;
    if (pod) pods.push(pod);
  }
  return pods.sort(compareByNamespaceAndName);
}

/** The ids of a pod's containers that the runtime has, as its status reports them. */
function containerIdsOf(pod: Pod): string[] {
  const ids: string[] = [];
  for (const s of [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])]) {
    if (s.containerID) ids.push(s.containerID.replace(/^containerd:\/\//, ""));
  }
  return ids;
}

/** Adds to or takes from a count, dropping it at zero. */
function count(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/**
 * Removes the folders of pods and containers that went away since the last pass, on their nodes:
 * what cleanUp would find stale, found from what is known to have gone instead of by a scan of
 * every live pod.
 */
function removeFolders(world: World, uids: ReadonlyMap<string, string | undefined>, containers: ReadonlyMap<string, string | undefined>): boolean {
  // Per node, the folders to remove; those of a pod never bound (no node) are looked for everywhere.
  const byNode = new Map<string | undefined, string[]>();
  const add = (node: string | undefined, path: string) => {
    let list = byNode.get(node);
    if (!list) byNode.set(node, (list = []));
    list.push(path);
  };
  for (const [uid, node] of uids) add(node, podDir(uid));
  for (const [id, node] of containers) {
    add(node, `${BUNDLES}/${id}`);
    add(node, `${SNAPSHOTS}/${id}`);
  }
  let changed = false;
  for (const host of world.hosts.list()) {
    const paths = [...(byNode.get(host.name) ?? []), ...(byNode.get(undefined) ?? [])];
    if (paths.length > 0) changed = world.hosts.removeTrees(host.name, paths) || changed;
  }
  return changed;
}

/** Removes the folders of pods and containers that no longer exist, on every node. */
function cleanUp(world: World, liveUids: ReadonlySet<string>, liveContainers: ReadonlySet<string>): boolean {
  let changed = false;
  for (const host of world.hosts.list()) {
    const stale = (path: string): boolean => {
      const pod = /^\/var\/lib\/kubelet\/pods\/([^/]+)(\/|$)/.exec(path);
      if (pod) return !liveUids.has(pod[1]!);
      const bundle = /^\/run\/containerd\/io\.containerd\.runtime\.v2\.task\/k8s\.io\/([^/]+)(\/|$)/.exec(path) ?? /^\/var\/lib\/containerd\/io\.containerd\.snapshotter\.v1\.overlayfs\/snapshots\/([^/]+)(\/|$)/.exec(path);
      return bundle ? !liveContainers.has(bundle[1]!) : false;
    };
    const files = Object.keys(host.files).filter(stale);
    const dirs = host.dirs.filter(stale);
    if (files.length === 0 && dirs.length === 0) continue;
    const next = { ...host.files };
    for (const f of files) delete next[f];
    const gone = new Set(dirs);
    world.hosts.replaceFiles(host.name, next, host.dirs.filter((d) => !gone.has(d)));
    changed = true;
  }
  return changed;
}
