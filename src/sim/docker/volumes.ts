/**
 * The daemon's volumes (the `local` driver): named ones (`docker volume
 * create`, `-v name:/path`) and anonymous ones (`-v /path`, an image's
 * VOLUME), each holding its own files, kept apart from any container so they
 * outlive it. Which containers use a volume is read from the containers'
 * mounts, as moby's volume service counts references. Errors are the daemon's
 * words (moby volume/service: "volume is in use - [ID]", "no such volume").
 */
import { sha256 } from "./image.js";

/** moby volume/service/service.go AnonymousLabel: set on volumes created for `-v /path` and VOLUME (Engine 23+). */
export const ANONYMOUS_LABEL = "com.docker.volume.anonymous";

export interface Volume {
  name: string;
  driver: "local";
  /** Milliseconds on the virtual clock. */
  created: number;
  /** null when the daemon created it for a container (no labels were given), {} from `docker volume create`. */
  labels: Record<string, string> | null;
  options: Record<string, string> | null;
  anonymous: boolean;
  /** The volume's files: path inside the volume without a leading "/" → content; folders end with "/". */
  files: Record<string, string>;
}

export type VolumeResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Where the local driver keeps a volume's data (`docker volume inspect` .Mountpoint). */
export function mountpoint(name: string): string {
  return `/var/lib/docker/volumes/${name}/_data`;
}

export class VolumeStore {
  readonly volumes = new Map<string, Volume>();
  /** How many anonymous volumes were ever created: seeds their names. */
  anonymousCreated = 0;

  constructor(private readonly now: () => number) {}

  /**
   * `docker volume create [NAME]` (labels {} and options {}, as the CLI sends
   * them) or a volume created for a container (null). Creating an existing
   * name returns it unchanged, as the local driver does.
   */
  create(name: string | undefined, from: "cli" | "container", labels: Record<string, string> = {}): VolumeResult<Volume> {
    if (name !== undefined && name !== "") {
      // moby volume/local/local.go validateName: the same rule as container names, at least 2 characters.
      if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(name)) {
        return { ok: false, error: `create ${name}: "${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path` };
      }
      const existing = this.volumes.get(name);
      if (existing) return { ok: true, value: existing };
    }
    const anonymous = name === undefined || name === "";
    const volumeName = anonymous ? sha256(`anonymous-volume:${++this.anonymousCreated}`).slice(7) : name;
    const volume: Volume = {
      name: volumeName,
      driver: "local",
      created: this.now(),
      labels: from === "cli" ? { ...labels } : anonymous ? { [ANONYMOUS_LABEL]: "" } : null,
      options: from === "cli" ? {} : null,
      // `docker volume create` without a name makes a randomly named volume that is not anonymous.
      anonymous: anonymous && from === "container",
      files: {},
    };
    this.volumes.set(volumeName, volume);
    return { ok: true, value: volume };
  }

  get(name: string): Volume | undefined {
    return this.volumes.get(name);
  }

  /** moby: "get NAME: no such volume" (volume/service errors). */
  static noSuchVolume(name: string): string {
    return `get ${name}: no such volume`;
  }

  /** `docker volume rm`: refused while any container (running or not) mounts it. */
  remove(name: string, usedBy: readonly string[], force: boolean): VolumeResult<Volume> {
    const volume = this.volumes.get(name);
    if (!volume) return force ? { ok: true, value: { name, driver: "local", created: 0, labels: null, options: null, anonymous: false, files: {} } } : { ok: false, error: VolumeStore.noSuchVolume(name) };
    if (usedBy.length > 0) return { ok: false, error: `remove ${name}: volume is in use - [${usedBy.join(", ")}]` };
    this.volumes.delete(name);
    return { ok: true, value: volume };
  }

  /** `docker volume prune [-a]`: unused volumes, only anonymous ones without --all (Engine 23+). */
  prune(isUsed: (name: string) => boolean, all: boolean): Volume[] {
    const removed: Volume[] = [];
    for (const volume of [...this.volumes.values()]) {
      if (isUsed(volume.name)) continue;
      if (!all && !(volume.labels && ANONYMOUS_LABEL in volume.labels)) continue;
      this.volumes.delete(volume.name);
      removed.push(volume);
    }
    return removed;
  }
}

/** The bytes a volume's files take (prune's "Total reclaimed space"). */
export function volumeSize(volume: Volume): number {
  return Object.entries(volume.files).reduce((sum, [path, content]) => sum + (path.endsWith("/") ? 0 : new TextEncoder().encode(content).length), 0);
}
