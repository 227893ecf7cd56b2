/**
 * A container's file system as overlay2 builds it: the image's layers, read
 * only, under a copy-on-write upper layer that belongs to the container and
 * dies with it, and mounts on top (volumes, bind mounts, tmpfs), the deepest
 * mount point winning. Writes to the root file system land in the upper
 * layer (`docker diff` lists them as A/C/D); writes under a mount land in the
 * volume or tmpfs and never in the diff. Bind mounts live on the learner's
 * real folder, which the model cannot read: `locate` says so and the shell
 * does that I/O. Read-only mounts and `--read-only` refuse writes with the
 * kernel's EROFS ("Read-only file system").
 */
import { posix } from "node:path";
import { applyChanges, imageFiles, type Image } from "./image.js";
import type { Volume, VolumeStore } from "./volumes.js";

export interface ContainerMount {
  type: "volume" | "bind" | "tmpfs";
  /** The volume's name (type volume). */
  name?: string;
  /** The host path (bind), the volume's mountpoint (volume), "" (tmpfs). */
  source: string;
  /** Absolute, normalised, no trailing "/". */
  destination: string;
  rw: boolean;
  /** As `docker inspect` .Mounts[].Mode shows it ("z" for `-v name:/path`, "ro", ""). */
  mode: string;
  /** How it was asked for: `-v`/VOLUME (HostConfig.Binds) or `--mount` (HostConfig.Mounts). */
  via: "volume-flag" | "mount-flag" | "image" | "tmpfs-flag";
  /** The `-v` text, for HostConfig.Binds. */
  spec?: string;
  /** A tmpfs mount's files; emptied when the container stops. */
  tmpfsFiles?: Record<string, string>;
}

/** What the file system reads of a container (containers.ts's DockerContainer has it; no import, no cycle). */
export interface FsContainer {
  mounts: ContainerMount[];
  upper: Record<string, string | null>;
  readOnlyRootfs: boolean;
  catalogRepository?: string;
}

/** The error text of EROFS, as every tool prints after its own prefix. */
export const READ_ONLY = "Read-only file system";

/**
 * Folders every catalog image has (the FHS skeleton of busybox, alpine,
 * debian): the model does not hold the base images' files, only these, so a
 * write into them is known to work and `docker diff` marks them C.
 */
const BASE_FOLDERS = ["bin", "dev", "etc", "home", "lib", "mnt", "opt", "proc", "root", "run", "sbin", "srv", "sys", "tmp", "usr", "usr/bin", "usr/local", "usr/local/bin", "usr/share", "var", "var/cache", "var/lib", "var/log", "var/tmp"];

/** Base folders the official images ship empty (so the model knows all they hold: what was written there). */
export const EMPTY_BASE_FOLDERS: ReadonlySet<string> = new Set(["tmp", "mnt", "srv"]);

/** Files and folders of particular catalog images that the model knows (nginxinc/docker-nginx). */
const CATALOG_FILES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "docker.io/library/nginx": {
    "etc/nginx/": "",
    "etc/nginx/conf.d/": "",
    "etc/nginx/conf.d/default.conf": "server {\n    listen       80;\n    listen  [::]:80;\n    server_name  localhost;\n\n    location / {\n        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n    }\n}\n",
    "usr/share/nginx/": "",
    "usr/share/nginx/html/": "",
    "usr/share/nginx/html/index.html":
      '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\nhtml { color-scheme: light dark; }\nbody { width: 35em; margin: 0 auto;\nfont-family: Tahoma, Verdana, Arial, sans-serif; }\n</style>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n\n<p>For online documentation and support please refer to\n<a href="http://nginx.org/">nginx.org</a>.<br/>\nCommercial support is available at\n<a href="http://nginx.com/">nginx.com</a>.</p>\n\n<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n',
    "var/cache/nginx/": "",
  },
  "docker.io/library/httpd": {
    "usr/local/apache2/": "",
    "usr/local/apache2/htdocs/": "",
    "usr/local/apache2/htdocs/index.html": "<html><body><h1>It works!</h1></body></html>\n",
  },
};

/**
 * What the image's default process writes into its own upper layer when it
 * starts (seen in `docker diff` of a fresh container): nginx's entrypoint
 * rewrites default.conf for IPv6, writes its pid file and its temp folders.
 */
const STARTUP_WRITES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "docker.io/library/nginx": {
    "etc/nginx/conf.d/default.conf": "server {\n    listen       80;\n    listen  [::]:80;\n    server_name  localhost;\n\n    location / {\n        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n    }\n}\n",
    "run/nginx.pid": "1\n",
    "var/cache/nginx/client_temp/": "",
    "var/cache/nginx/fastcgi_temp/": "",
    "var/cache/nginx/proxy_temp/": "",
    "var/cache/nginx/scgi_temp/": "",
    "var/cache/nginx/uwsgi_temp/": "",
  },
};

/** The read-only lower tree: the base skeleton, the catalog image's known files, then every built layer. */
export function lowerTree(image: Image | undefined, catalogRepository: string | undefined): Map<string, string> {
  const tree = new Map<string, string>();
  if (catalogRepository !== undefined) {
    for (const folder of BASE_FOLDERS) tree.set(`${folder}/`, "");
    for (const [path, content] of Object.entries(CATALOG_FILES[catalogRepository] ?? {})) tree.set(path, content);
  }
  if (image) for (const [path, content] of imageFiles(image)) tree.set(path, content);
  return tree;
}

/** The upper-layer writes a container's default process makes as it starts. */
export function startupWrites(catalogRepository: string | undefined): Record<string, string> {
  return { ...(STARTUP_WRITES[catalogRepository ?? ""] ?? {}) };
}

/** "/a/./b/../c/" → "/a/c"; relative paths are taken from `cwd`. */
export function normalisePath(path: string, cwd = "/"): string {
  return posix.resolve("/", cwd || "/", path);
}

/** "/a/c" → "a/c", the key the trees use. */
function key(abs: string): string {
  return abs.slice(1);
}

export type Location =
  | { kind: "rootfs"; path: string }
  | { kind: "volume"; mount: ContainerMount; volume: Volume; rel: string }
  | { kind: "tmpfs"; mount: ContainerMount; rel: string }
  | { kind: "bind"; mount: ContainerMount; hostPath: string };

export type Entry = { type: "file"; content: string } | { type: "dir" } | undefined;

export type FsResult = { ok: true } | { ok: false; error: string };

/** A tree's view of one path: a file, a folder (its "p/" key or anything under it), or nothing. */
function entryIn(tree: ReadonlyMap<string, string> | Readonly<Record<string, string>>, rel: string): Entry {
  const get = (k: string) => (tree instanceof Map ? tree.get(k) : (tree as Record<string, string>)[k]);
  const keys = () => (tree instanceof Map ? [...tree.keys()] : Object.keys(tree));
  if (rel === "") return { type: "dir" };
  const file = get(rel);
  if (file !== undefined && !rel.endsWith("/")) return { type: "file", content: file };
  if (get(`${rel}/`) !== undefined || keys().some((k) => k.startsWith(`${rel}/`))) return { type: "dir" };
  return undefined;
}

function namesIn(tree: ReadonlyMap<string, string> | Readonly<Record<string, string>>, rel: string): string[] {
  const prefix = rel === "" ? "" : `${rel}/`;
  const keys = tree instanceof Map ? [...tree.keys()] : Object.keys(tree);
  return [...new Set(keys.filter((k) => k.startsWith(prefix) && k !== prefix).map((k) => k.slice(prefix.length).split("/")[0]!))].sort();
}

/** One container's file system, read and written through its mounts. */
export class ContainerFs {
  constructor(
    readonly container: FsContainer,
    private readonly image: Image | undefined,
    private readonly volumes: VolumeStore,
  ) {}

  /** The mount a path lies under (the deepest mount point), or the root file system. */
  locate(path: string): Location {
    const abs = normalisePath(path);
    let best: ContainerMount | undefined;
    for (const m of this.container.mounts) {
      if ((abs === m.destination || abs.startsWith(`${m.destination}/`)) && (!best || m.destination.length > best.destination.length)) best = m;
    }
    if (!best) return { kind: "rootfs", path: abs };
    const rel = abs === best.destination ? "" : abs.slice(best.destination.length + 1);
    if (best.type === "bind") return { kind: "bind", mount: best, hostPath: rel === "" ? best.source : posix.join(best.source, rel) };
    if (best.type === "tmpfs") return { kind: "tmpfs", mount: best, rel };
    const volume = this.volumes.get(best.name!);
    if (!volume) return { kind: "tmpfs", mount: { ...best, tmpfsFiles: {} }, rel };
    return { kind: "volume", mount: best, volume, rel };
  }

  /** The root file system as the container sees it (lower layers with the upper layer applied). */
  rootTree(): Map<string, string> {
    const tree = lowerTree(this.image, this.container.catalogRepository);
    applyChanges(tree, new Map(Object.entries(this.container.upper)));
    return tree;
  }

  /** What a path holds; undefined for bind mounts (the shell reads those). */
  entry(loc: Exclude<Location, { kind: "bind" }>): Entry {
    if (loc.kind === "rootfs") {
      const tree = this.rootTree();
      // A mount point exists even when the image had no such folder.
      if (this.container.mounts.some((m) => m.destination.startsWith(`${loc.path}/`))) return entryIn(tree, key(loc.path)) ?? { type: "dir" };
      return entryIn(tree, key(loc.path));
    }
    return entryIn(loc.kind === "volume" ? loc.volume.files : loc.mount.tmpfsFiles ?? {}, loc.rel);
  }

  names(loc: Exclude<Location, { kind: "bind" }>): string[] {
    if (loc.kind === "rootfs") {
      const own = namesIn(this.rootTree(), key(loc.path));
      const prefix = loc.path === "/" ? "/" : `${loc.path}/`;
      const mountPoints = this.container.mounts.filter((m) => m.destination.startsWith(prefix)).map((m) => m.destination.slice(prefix.length).split("/")[0]!);
      return [...new Set([...own, ...mountPoints])].sort();
    }
    return namesIn(loc.kind === "volume" ? loc.volume.files : loc.mount.tmpfsFiles ?? {}, loc.rel);
  }

  /** Writes a file (or a folder: content undefined) where the path lies; EROFS on a read-only mount or root. */
  write(loc: Exclude<Location, { kind: "bind" }>, content: string | undefined): FsResult {
    if (!this.writable(loc)) return { ok: false, error: READ_ONLY };
    const k = loc.kind === "rootfs" ? key(loc.path) : loc.rel;
    const target = loc.kind === "rootfs" ? this.container.upper : loc.kind === "volume" ? loc.volume.files : (loc.mount.tmpfsFiles ??= {});
    if (content === undefined) {
      if (k !== "") target[`${k}/`] = "";
    } else {
      if (loc.kind === "rootfs") delete target[k];
      target[k] = content;
    }
    return { ok: true };
  }

  /** Removes a path and what lies under it (a whiteout in the upper layer when the image has it). */
  remove(loc: Exclude<Location, { kind: "bind" }>): FsResult {
    if (!this.writable(loc)) return { ok: false, error: READ_ONLY };
    if (loc.kind === "rootfs") {
      const k = key(loc.path);
      for (const existing of Object.keys(this.container.upper)) if (existing === k || existing === `${k}/` || existing.startsWith(`${k}/`)) delete this.container.upper[existing];
      if (entryIn(lowerTree(this.image, this.container.catalogRepository), k)) this.container.upper[k] = null;
      return { ok: true };
    }
    const files = loc.kind === "volume" ? loc.volume.files : loc.mount.tmpfsFiles ?? {};
    for (const existing of Object.keys(files)) if (existing === loc.rel || existing === `${loc.rel}/` || existing.startsWith(`${loc.rel}/`)) delete files[existing];
    return { ok: true };
  }

  writable(loc: Location): boolean {
    if (loc.kind === "rootfs") return !this.container.readOnlyRootfs;
    return loc.mount.rw;
  }

  /**
   * `docker diff`: every path of the upper layer as A (added), C (changed:
   * the image had it, or a folder something under it changed) or D (deleted),
   * sorted by path as moby's archive.ChangesDirs returns them. Mounts are not
   * part of the container's layer and never appear.
   */
  diff(): string[] {
    const lower = lowerTree(this.image, this.container.catalogRepository);
    const changes = new Map<string, "A" | "C" | "D">();
    const mark = (abs: string, kind: "A" | "C" | "D") => {
      if (!changes.has(abs) || kind === "D") changes.set(abs, kind);
    };
    for (const [k, content] of Object.entries(this.container.upper)) {
      const rel = k.replace(/\/$/, "");
      const abs = `/${rel}`;
      const inLower = entryIn(lower, rel) !== undefined;
      if (content === null) {
        if (inLower) mark(abs, "D");
      } else {
        // A folder that only gained entries is C when the image had it; a file the image had is C.
        mark(abs, inLower ? "C" : "A");
      }
      for (let parent = posix.dirname(abs); parent !== "/"; parent = posix.dirname(parent)) {
        if (!changes.has(parent)) changes.set(parent, entryIn(lower, key(parent)) !== undefined ? "C" : "A");
      }
    }
    return [...changes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, kind]) => `${kind} ${path}`);
  }
}

/**
 * Docker copies what the image holds at a volume's mount point into the
 * volume when the volume is empty ("populate a volume using a container",
 * docs.docker.com/engine/storage/volumes); bind mounts hide it instead.
 */
export function populateVolume(volume: Volume, image: Image | undefined, catalogRepository: string | undefined, destination: string): void {
  if (Object.keys(volume.files).length > 0) return;
  const prefix = `${key(destination)}/`;
  for (const [path, content] of lowerTree(image, catalogRepository)) {
    if (path.startsWith(prefix) && path !== prefix) volume.files[path.slice(prefix.length)] = content;
  }
}
