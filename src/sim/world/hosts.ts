/**
 * The machines of one cluster: every node is a host with a small file system
 * (kubeadm's files: /etc/kubernetes/manifests, /var/lib/kubelet/config.yaml,
 * the pki folder) and a kubelet service that can be stopped and started. The
 * kubelet reads its static pods from here, and `ssh NODE` edits these files.
 * Everything is plain data, so hosts are part of the world's snapshot.
 *
 * A host's `generation` moves on every change: the world compares it to decide
 * whether its loops must look again (a manifest edited from a shell writes
 * nothing to the API, yet the kubelet must react).
 */
import type { HostSnapshot } from "../core/snapshot.js";

export type Host = HostSnapshot;

/** Every folder above `path` ("/a/b/c" → "/", "/a", "/a/b"). */
function parentsOf(path: string): string[] {
  const parts = path.split("/").filter(Boolean);
  const out = ["/"];
  for (let i = 1; i < parts.length; i++) out.push(`/${parts.slice(0, i).join("/")}`);
  return out;
}

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class Hosts {
  private byName: Record<string, Host> = {};
  /** Bumped whenever any host changes (added, removed, edited, service started or stopped). */
  private changes = 0;
  /** Bumped when a host comes or goes, powers on or off, or its kubelet starts or stops: what decides which kubelets run. */
  private machineChanges = 0;

  /** A new host with these files (folders above them are made), its kubelet running since `now`. */
  add(name: string, files: Record<string, string>, now: number, extraDirs: string[] = []): Host {
    const dirs = new Set<string>(extraDirs);
    for (const path of [...Object.keys(files), ...extraDirs]) for (const d of parentsOf(path)) dirs.add(d);
    const pid = 1000 + (Object.keys(this.byName).length * 97) % 9000;
    const host: Host = { name, files: { ...files }, dirs: [...dirs].sort(byteOrder), kubelet: { active: true, since: now, pid }, generation: 0 };
    this.byName[name] = host;
    this.changes++;
    this.machineChanges++;
    return host;
  }

  remove(name: string): void {
    if (!this.byName[name]) return;
    delete this.byName[name];
    this.changes++;
    this.machineChanges++;
  }

  get(name: string): Host | undefined {
    return this.byName[name];
  }

  /** Hosts sorted by name. */
  list(): Host[] {
    return Object.values(this.byName).sort((a, b) => byteOrder(a.name, b.name));
  }

  /** A number that changes whenever any host does. */
  version(): number {
    return this.changes;
  }

  /** A number that changes whenever a host is added or removed, powered on or off, or its kubelet starts or stops (not on file edits). */
  machinesVersion(): number {
    return this.machineChanges;
  }

  /** Replaces a host's whole file system (what a shell on it left behind). */
  replaceFiles(name: string, files: Record<string, string>, dirs: string[]): void {
    const host = this.byName[name];
    if (!host) return;
    const sortedDirs = [...new Set(dirs)].sort(byteOrder);
    if (sameRecord(host.files, files) && sortedDirs.join("\n") === host.dirs.join("\n")) return;
    host.files = { ...files };
    host.dirs = sortedDirs;
    this.touch(host);
  }

  writeFile(name: string, path: string, content: string): void {
    const host = this.byName[name];
    if (!host || host.files[path] === content) return;
    host.files[path] = content;
    const dirs = new Set(host.dirs);
    for (const d of parentsOf(path)) dirs.add(d);
    host.dirs = [...dirs].sort(byteOrder);
    this.touch(host);
  }

  /** Removes these folders (or files) and everything under them; returns whether anything was there. */
  removeTrees(name: string, paths: readonly string[]): boolean {
    const host = this.byName[name];
    if (!host || paths.length === 0) return false;
    const roots = new Set(paths);
    const inside = (path: string): boolean => {
      // The path itself or one of its folders is a root: O(depth) per path, whatever the number of roots.
      for (let end = path.length; end > 0; end = path.lastIndexOf("/", end - 1)) if (roots.has(path.slice(0, end))) return true;
      return false;
    };
    let removed = false;
    for (const path of Object.keys(host.files)) {
      if (!inside(path)) continue;
      delete host.files[path];
      removed = true;
    }
    const dirs = host.dirs.filter((d) => !inside(d));
    if (dirs.length !== host.dirs.length) {
      host.dirs = dirs;
      removed = true;
    }
    if (removed) this.touch(host);
    return removed;
  }

  removeFile(name: string, path: string): void {
    const host = this.byName[name];
    if (!host || host.files[path] === undefined) return;
    delete host.files[path];
    this.touch(host);
  }

  /** Starts or stops the host's kubelet (systemctl); returns false when it already was so. */
  setKubelet(name: string, active: boolean, now: number): boolean {
    const host = this.byName[name];
    if (!host || host.kubelet.active === active) return false;
    const before = host.kubelet;
    host.kubelet = {
      ...before,
      active,
      since: now,
      pid: active ? before.pid + 1 + (now % 500) : before.pid,
      startedAt: active ? now : (before.startedAt ?? before.since),
    };
    this.machineChanges++;
    this.touch(host);
    return true;
  }

  /** `sim host stop|start`: the machine's power; returns false when it already was so. */
  setPower(name: string, on: boolean): boolean {
    const host = this.byName[name];
    if (!host || (host.off !== true) === on) return false;
    if (on) delete host.off;
    else host.off = true;
    this.machineChanges++;
    this.touch(host);
    return true;
  }

  /** `systemctl enable|disable kubelet`: whether it starts at boot; returns false when it already was so. */
  setKubeletEnabled(name: string, enabled: boolean): boolean {
    const host = this.byName[name];
    if (!host || (host.kubelet.enabled ?? true) === enabled) return false;
    host.kubelet = { ...host.kubelet, enabled };
    this.touch(host);
    return true;
  }

  /** The regular files directly in a folder, sorted by name, with their contents. */
  filesIn(name: string, folder: string): { path: string; content: string }[] {
    const host = this.byName[name];
    if (!host) return [];
    const prefix = folder.endsWith("/") ? folder : `${folder}/`;
    return Object.keys(host.files)
      .filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes("/"))
      .sort(byteOrder)
      .map((path) => ({ path, content: host.files[path]! }));
  }

  snapshot(): Record<string, HostSnapshot> {
    return structuredClone(this.byName);
  }

  load(snapshot: Record<string, HostSnapshot> | undefined): void {
    this.byName = structuredClone(snapshot ?? {});
    this.changes++;
    this.machineChanges++;
  }

  private touch(host: Host): void {
    host.generation++;
    this.changes++;
  }
}

function sameRecord(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => b[k] === a[k]);
}
