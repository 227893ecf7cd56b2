/**
 * Images as the Docker engine model keeps them: an ordered list of history
 * entries (each instruction, the layer it added if any, its size), the files
 * of every layer, and the config `docker image inspect` shows. Digests are
 * sha256 over the content, so the same build always yields the same IDs.
 */
import { createHash } from "node:crypto";

/** The config part of `docker image inspect` (.Config), in Docker's field order. */
export interface ImageConfig {
  User: string;
  ExposedPorts: Record<string, Record<string, never>> | null;
  Env: string[];
  Cmd: string[] | null;
  Volumes: Record<string, Record<string, never>> | null;
  WorkingDir: string;
  Entrypoint: string[] | null;
  Labels: Record<string, string> | null;
  /** STOPSIGNAL; absent means SIGTERM (the daemon's default). */
  StopSignal?: string;
  /** SHELL: the shell of shell-form RUN, CMD and ENTRYPOINT; absent means ["/bin/sh", "-c"]. */
  Shell?: string[];
}

/** A file tree: path without a leading slash → content; folders end with "/" and hold "". */
export type FileTree = ReadonlyMap<string, string>;

export interface Layer {
  /** sha256:... of the layer's changes (the diff ID `RootFS.Layers` lists). */
  digest: string;
  /** Files written by this layer; null marks a deletion (an overlayfs whiteout). */
  changes: ReadonlyMap<string, string | null>;
  sizeBytes: number;
}

export interface HistoryEntry {
  /** As `docker history --no-trunc` shows it: "RUN /bin/sh -c npm install # buildkit". */
  createdBy: string;
  /** Milliseconds on the virtual clock. */
  created: number;
  /** The layer this instruction added; undefined for config-only instructions (empty_layer). */
  layer?: Layer;
  /** Set on entries inherited from the base image, whose IDs `docker history` shows as <missing>. */
  inherited?: boolean;
  /** How the build that made this image got this step: from the cache, or run, and why it had to run. */
  lastBuild?: { cached: boolean; reason?: string };
}

export interface Image {
  /** sha256:... of the config, as `docker images --no-trunc` shows. */
  id: string;
  config: ImageConfig;
  history: HistoryEntry[];
  created: number;
  /** The catalog image its root file system and programs come from ("docker.io/library/node:20"); absent for scratch. */
  base?: string;
}

export const DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export function emptyConfig(): ImageConfig {
  return { User: "", ExposedPorts: null, Env: [], Cmd: null, Volumes: null, WorkingDir: "", Entrypoint: null, Labels: null };
}

export function sha256(text: string): string {
  return `sha256:${createHash("sha256").update(text).digest("hex")}`;
}

export function layerDigest(changes: ReadonlyMap<string, string | null>, salt = ""): string {
  const entries = [...changes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return sha256(JSON.stringify([salt, entries]));
}

/** The image ID: the digest of its config, layers and history, as Docker derives it. */
export function imageId(config: ImageConfig, history: readonly HistoryEntry[]): string {
  return sha256(JSON.stringify({ config, rootfs: history.flatMap((h) => (h.layer ? [h.layer.digest] : [])), history: history.map((h) => [h.createdBy, h.created, !h.layer]) }));
}

export function layers(image: Image): Layer[] {
  return image.history.flatMap((h) => (h.layer ? [h.layer] : []));
}

export function imageSize(image: Image): number {
  return layers(image).reduce((sum, l) => sum + l.sizeBytes, 0);
}

/** The merged file tree of an image: every layer applied in order, whiteouts removing what lies below. */
export function imageFiles(image: Image): Map<string, string> {
  const tree = new Map<string, string>();
  for (const layer of layers(image)) applyChanges(tree, layer.changes);
  return tree;
}

export function applyChanges(tree: Map<string, string>, changes: ReadonlyMap<string, string | null>): void {
  for (const [path, content] of changes) {
    if (content === null) {
      for (const key of [...tree.keys()]) if (key === path || key === `${path}/` || key.startsWith(`${path.replace(/\/$/, "")}/`)) tree.delete(key);
    } else {
      tree.set(path, content);
    }
  }
}

/** Bytes as `docker images` prints sizes (go-units HumanSizeWithPrecision, 3 significant digits, powers of 1000). */
export function humanSize(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let i = 0;
  while (value >= 1000 && i < units.length - 1) {
    value /= 1000;
    i++;
  }
  return `${Number(value.toPrecision(3))}${units[i]}`;
}
