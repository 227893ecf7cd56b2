/**
 * One pod container's file system as a process inside it sees it, built the
 * way Docker's is (sim/docker/container-fs.ts): the image's files, read
 * only, under a writable upper layer that belongs to this container (a
 * restart starts a new one), and the mounts of its OCI spec on top, the
 * deepest mount point winning. Everything lives on the node's file system
 * (pod-files.ts wrote it), so a hostPath or emptyDir file written here is
 * the same file `ssh node01` shows. A configMap or secret volume shows the
 * atomic writer's layout: `..data` pointing at the timestamped folder and
 * each key a link into `..data`. Read-only mounts and a read-only root file
 * system refuse writes with the kernel's EROFS; a process that is not root
 * (runAsUser) gets EACCES outside world-writable places.
 */
import { posix } from "node:path";
import { EMPTY_BASE_FOLDERS, lowerTree, READ_ONLY } from "../docker/container-fs.js";
import type { World } from "../world/world.js";
import { PROJECTED_DIR } from "./pod-volume-files.js";
import { bundleConfig, upperDir, type BundleConfig, type BundleMount } from "./pod-files.js";
import type { Pod } from "../api/types.js";
import { pullImage } from "../catalog/images.js";
import { LOCAL_PATH_ROOT } from "../controllers/persistent-volume-provisioner.js";

export const PERMISSION_DENIED = "Permission denied";

/** Folders of every image that anyone may write to (mode 1777). */
const WORLD_WRITABLE_DIRS = ["/tmp", "/var/tmp", "/dev/shm"];

/**
 * emptyDir folders are made 0777 by the kubelet and the local-path
 * provisioner makes its folders 0777; a hostPath folder is the node's own,
 * which kadet takes to be root's 0755 (DirectoryOrCreate makes it so).
 */
function worldWritableVolume(source: string): boolean {
  return source.startsWith("/var/lib/kubelet/pods/") || source.startsWith(`${LOCAL_PATH_ROOT}/`);
}

export type PodEntry = { type: "file"; content: string } | { type: "dir" } | { type: "unsupported"; why: string } | undefined;
export type PodFsResult = { ok: true } | { ok: false; error: string };

type Place =
  | { kind: "rootfs"; path: string }
  | { kind: "mount"; mount: BundleMount; hostPath: string; rel: string }
  | { kind: "projected-root"; mount: BundleMount; timestampDir: string | undefined }
  | { kind: "unsupported"; why: string };

export class PodContainerFs {
  private readonly lower: Map<string, string>;

  constructor(
    private readonly world: World,
    readonly nodeName: string,
    readonly containerId: string,
    readonly bundle: BundleConfig,
    catalogRepository: string | undefined,
  ) {
    this.lower = lowerTree(undefined, catalogRepository);
  }

  private host() {
    return this.world.hosts.get(this.nodeName);
  }

  private hostEntry(path: string): PodEntry {
    const host = this.host();
    if (!host) return undefined;
    if (host.files[path] !== undefined) return { type: "file", content: host.files[path]! };
    if (host.dirs.includes(path) || Object.keys(host.files).some((p) => p.startsWith(`${path}/`))) return { type: "dir" };
    return undefined;
  }

  private hostNames(path: string): string[] {
    const host = this.host();
    if (!host) return [];
    const prefix = path === "/" ? "/" : `${path}/`;
    const names = new Set<string>();
    for (const p of [...Object.keys(host.files), ...host.dirs]) if (p.startsWith(prefix) && p !== prefix) names.add(p.slice(prefix.length).split("/")[0]!);
    return [...names].sort(byteOrder);
  }

  /** The single timestamped folder of a projected volume on the node (what `..data` points to). */
  private timestampDir(source: string): string | undefined {
    return this.hostNames(source).find((n) => n.startsWith("..") && n !== "..data");
  }

  private place(abs: string): Place {
    let best: BundleMount | undefined;
    for (const m of this.bundle.mounts) {
      if ((abs === m.destination || abs.startsWith(`${m.destination}/`)) && (!best || m.destination.length > best.destination.length)) best = m;
    }
    if (!best) return { kind: "rootfs", path: abs };
    if (best.unsupported) return { kind: "unsupported", why: best.unsupported };
    const rel = abs === best.destination ? "" : abs.slice(best.destination.length + 1);
    if (!PROJECTED_DIR.test(best.source)) return { kind: "mount", mount: best, hostPath: rel === "" ? best.source : `${best.source}/${rel}`, rel };
    const ts = this.timestampDir(best.source);
    if (rel === "") return { kind: "projected-root", mount: best, timestampDir: ts };
    // `..data/x`, `..<timestamp>/x` and the per-key link `x` all lead into the timestamped folder.
    const [first, ...rest] = rel.split("/");
    const inside = first === "..data" || first === ts ? rest.join("/") : rel;
    const hostPath = ts === undefined ? `${best.source}/${rel}` : inside === "" ? `${best.source}/${ts}` : `${best.source}/${ts}/${inside}`;
    return { kind: "mount", mount: best, hostPath, rel };
  }

  private upperKey(abs: string): string {
    return `${upperDir(this.containerId)}${abs}`;
  }

  /** What a path holds, following the volume links. */
  entry(path: string): PodEntry {
    const abs = posix.resolve("/", path);
    const at = this.place(abs);
    if (at.kind === "unsupported") return { type: "unsupported", why: at.why };
    if (at.kind === "projected-root") return { type: "dir" };
    if (at.kind === "mount") return this.hostEntry(at.hostPath);
    if (abs === "/") return { type: "dir" };
    const upper = this.hostEntry(this.upperKey(abs));
    if (upper) return upper;
    const k = abs.slice(1);
    if (this.lower.has(k) && !k.endsWith("/")) return { type: "file", content: this.lower.get(k)! };
    if (this.lower.has(`${k}/`) || [...this.lower.keys()].some((p) => p.startsWith(`${k}/`))) return { type: "dir" };
    // A mount point exists even where the image had no folder.
    if (this.bundle.mounts.some((m) => m.destination.startsWith(`${abs}/`))) return { type: "dir" };
    return undefined;
  }

  /** A folder's entries; with `all`, the dot entries a configMap or secret volume holds (`..data`, `..<timestamp>`). */
  names(path: string, all = false): string[] {
    const abs = posix.resolve("/", path);
    const at = this.place(abs);
    if (at.kind === "unsupported") return [];
    if (at.kind === "projected-root") {
      const keys = at.timestampDir ? this.hostNames(`${at.mount.source}/${at.timestampDir}`) : [];
      return all && at.timestampDir ? [at.timestampDir, "..data", ...keys].sort(byteOrder) : keys;
    }
    const own = at.kind === "mount" ? this.hostNames(at.hostPath) : this.rootNames(abs);
    const prefix = abs === "/" ? "/" : `${abs}/`;
    const mountPoints = this.bundle.mounts.filter((m) => m.destination.startsWith(prefix)).map((m) => m.destination.slice(prefix.length).split("/")[0]!);
    return [...new Set([...own, ...mountPoints])].filter((n) => all || !n.startsWith(".")).sort(byteOrder);
  }

  private rootNames(abs: string): string[] {
    const k = abs === "/" ? "" : `${abs.slice(1)}/`;
    const names = new Set<string>();
    for (const p of this.lower.keys()) if (p.startsWith(k) && p !== k) names.add(p.slice(k.length).split("/")[0]!);
    for (const n of this.hostNames(this.upperKey(abs === "/" ? "" : abs))) names.add(n);
    return [...names];
  }

  /**
   * Whether the model knows all that lies in a folder, so that "No such
   * file" is the truth: any mount, a folder the container made, or one the
   * catalog images ship empty. The images' own files are known only in part.
   */
  knowsFolder(path: string): boolean {
    const abs = posix.resolve("/", path);
    const at = this.place(abs);
    if (at.kind !== "rootfs") return at.kind !== "unsupported";
    if (abs === "/") return false;
    if (EMPTY_BASE_FOLDERS.has(abs.slice(1).split("/")[0]!)) return true;
    const upper = this.hostEntry(this.upperKey(abs));
    return upper?.type === "dir" && !this.lower.has(`${abs.slice(1)}/`);
  }

  knows(path: string): boolean {
    const abs = posix.resolve("/", path);
    return this.place(abs).kind !== "rootfs" ? this.place(abs).kind !== "unsupported" : this.knowsFolder(posix.dirname(abs));
  }

  private writableTarget(abs: string): { ok: true; hostPath: string } | { ok: false; error: string } {
    const at = this.place(abs);
    if (at.kind === "unsupported") return { ok: false, error: `kadet: files of ${at.why} are not simulated` };
    if (at.kind === "projected-root") return { ok: false, error: READ_ONLY };
    // The kernel refuses a write to a read-only mount (EROFS) before it looks at permissions.
    if (at.kind === "mount") {
      if (at.mount.options.includes("ro")) return { ok: false, error: READ_ONLY };
      const denied = this.deniedToNonRoot(() => !worldWritableVolume(at.mount.source));
      return denied ?? { ok: true, hostPath: at.hostPath };
    }
    if (this.bundle.root?.readonly) return { ok: false, error: READ_ONLY };
    const denied = this.deniedToNonRoot(() => !WORLD_WRITABLE_DIRS.some((d) => abs.startsWith(`${d}/`)));
    return denied ?? { ok: true, hostPath: this.upperKey(abs) };
  }

  /**
   * A process that is not root may write only where everyone may: the
   * image's own folders belong to root (0755), so EACCES, as
   * `touch: /x: Permission denied` shows; /tmp is world-writable.
   */
  private deniedToNonRoot(rootOwned: () => boolean): { ok: false; error: string } | undefined {
    // Bracket access: the architecture test reads `process.` as Node's global.
    const { user } = this.bundle["process"];
    if (!user) return undefined;
    if ("username" in user) return { ok: false, error: `kadet: which uid the image's user "${user.username}" has is not simulated, so its permissions are not either` };
    return user.uid !== 0 && rootOwned() ? { ok: false, error: PERMISSION_DENIED } : undefined;
  }

  writeFile(path: string, content: string): PodFsResult {
    const target = this.writableTarget(posix.resolve("/", path));
    if (!target.ok) return target;
    this.world.hosts.writeFile(this.nodeName, target.hostPath, content);
    return { ok: true };
  }

  mkdir(path: string): PodFsResult {
    const target = this.writableTarget(posix.resolve("/", path));
    if (!target.ok) return target;
    const host = this.host();
    if (!host) return { ok: true };
    const parts = target.hostPath.split("/").filter(Boolean);
    this.world.hosts.replaceFiles(this.nodeName, host.files, [...host.dirs, ...parts.map((_, i) => `/${parts.slice(0, i + 1).join("/")}`)]);
    return { ok: true };
  }

  /** Removes a path and what lies under it; a file of the image itself would need a whiteout, which kadet does not write. */
  remove(path: string): PodFsResult {
    const abs = posix.resolve("/", path);
    const target = this.writableTarget(abs);
    if (!target.ok) return target;
    const k = abs.slice(1);
    if (this.place(abs).kind === "rootfs" && (this.lower.has(k) || this.lower.has(`${k}/`))) return { ok: false, error: "kadet: removing a file of the image itself from a pod's container is not simulated yet" };
    const host = this.host();
    if (!host) return { ok: true };
    const gone = (p: string) => p === target.hostPath || p.startsWith(`${target.hostPath}/`);
    const files = Object.fromEntries(Object.entries(host.files).filter(([p]) => !gone(p)));
    this.world.hosts.replaceFiles(this.nodeName, files, host.dirs.filter((d) => !gone(d)));
    return { ok: true };
  }
}

/** The running container `name` of a pod, as `kubectl exec` reaches it, or undefined when it is not running. */
export function openPodContainer(world: World, pod: Pod, name: string): PodContainerFs | undefined {
  const status = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((s) => s.name === name);
  const node = pod.spec?.nodeName;
  if (!status?.state?.running || !status.containerID || !node) return undefined;
  const id = status.containerID.replace(/^containerd:\/\//, "");
  const text = world.hosts.get(node)?.files[bundleConfig(id)];
  if (text === undefined) return undefined;
  const spec = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === name);
  const pulled = pullImage(spec?.image ?? "");
  return new PodContainerFs(world, node, id, JSON.parse(text) as BundleConfig, pulled.ok ? pulled.ref.repository : undefined);
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
