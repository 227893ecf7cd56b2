/**
 * The image registries beyond the catalog: what the learner pushed to Docker
 * Hub (under their own account) and to the private `registry.local:5000`.
 * One registry is shared by the Environment's Docker daemon and every
 * cluster's kubelets, so an image pushed from the learner's host is pullable
 * by the nodes (a pod with `image: registry.local:5000/app:1`), and a tag
 * never pushed fails on a node exactly as a missing catalog tag does.
 *
 * Credentials are the client's business (`~/.docker/config.json`); a push is
 * told which account the client logged in as. kadet's Docker Hub accepts any
 * username and password (no password is checked: not simulated), and lets an
 * account push only into its own namespace, as Hub does.
 */
import { parseImageReference, pullImage, type ImageInfo, type PullOutcome } from "../catalog/images.js";
import { resolveDockerCommand } from "../runtime/command.js";
import { processFor } from "../runtime/process-model.js";
import { imageFiles, imageSize, layers, sha256, type Image, type Layer } from "./image.js";

/** The private registry of the learner's environment (a `registry:2` without authentication). */
export const LOCAL_REGISTRY = "registry.local:5000";
/** Docker Hub as the CLI names it in config.json and `docker logout`. */
export const DOCKER_HUB_AUTH_KEY = "https://index.docker.io/v1/";

/** An image as a registry keeps it: its layers and config, plus what a kubelet needs to run it. */
export interface PushedImage {
  /** The manifest digest (`docker push` prints it; pods show `repo@digest` as their imageID). */
  digest: string;
  /** The manifest's size in bytes, as the push's last line prints it. */
  manifestSize: number;
  /** The Docker image, as `docker pull` stores it again (same ID: the config is unchanged). */
  image: Image;
  /** The image as the kubelet's runtime sees it (ENTRYPOINT/CMD, programs, default behaviour). */
  profile: ImageInfo;
}

export interface RegistrySnapshot {
  /** Full reference ("registry.local:5000/app:1") → the image pushed under it. */
  tags: [string, PushedImage][];
  /** Layer digests each registry host holds ("registry.local:5000" → digests), for "Layer already exists". */
  blobs: [string, string[]][];
}

export type PushOutcome =
  | { ok: true; digest: string; manifestSize: number; layers: { id: string; status: string }[] }
  | { ok: false; error: string; layers: { id: string; status: string }[] };

/** The registry host of a fully qualified reference ("docker.io", "registry.local:5000"). */
export function registryHost(ref: string): string {
  return parseImageReference(ref).repository.split("/")[0]!;
}

export class ImageRegistry {
  private readonly tags = new Map<string, PushedImage>();
  private readonly blobs = new Map<string, Set<string>>();

  /** Whether this registry answers for the reference's host (else the catalog does). */
  servesHost(host: string): boolean {
    return host === LOCAL_REGISTRY;
  }

  /** The image pushed under `ref`, if any. */
  find(ref: string): PushedImage | undefined {
    return this.tags.get(parseImageReference(ref).full);
  }

  /**
   * A push by the client logged in as `account` (undefined: not logged in to that host).
   * Docker Hub refuses any namespace but the account's own with the daemon's words.
   */
  push(ref: string, image: Image, account: string | undefined): PushOutcome {
    const parsed = parseImageReference(ref);
    const host = parsed.repository.split("/")[0]!;
    const path = parsed.repository.slice(host.length + 1);
    const imageLayers = [...layers(image)].reverse();
    const held = this.blobs.get(host) ?? new Set<string>();
    if (host === "docker.io") {
      const namespace = path.split("/")[0]!;
      if (account === undefined || namespace !== account) {
        return { ok: false, error: "denied: requested access to the resource is denied", layers: imageLayers.map((l) => ({ id: shortLayerId(l), status: "Preparing" })) };
      }
    } else if (!this.servesHost(host)) {
      return { ok: false, error: `kadet: the registry ${host} is not simulated (kadet has Docker Hub and ${LOCAL_REGISTRY})`, layers: [] };
    }
    const statuses = imageLayers.map((layer) => {
      const id = shortLayerId(layer);
      if (held.has(layer.digest)) return { id, status: "Layer already exists" };
      // Hub mounts a base layer from the official repository instead of uploading it again.
      const inherited = image.history.find((h) => h.layer === layer)?.inherited;
      if (host === "docker.io" && inherited && image.base) return { id, status: `Mounted from ${parseImageReference(image.base).repository.replace(/^docker\.io\//, "")}` };
      return { id, status: "Pushed" };
    });
    for (const layer of imageLayers) held.add(layer.digest);
    this.blobs.set(host, held);
    const manifest = manifestJson(image);
    const pushed: PushedImage = { digest: sha256(manifest), manifestSize: manifest.length, image: structuredClone(image), profile: profileOf(parsed.repository, image) };
    this.tags.set(parsed.full, pushed);
    return { ok: true, digest: pushed.digest, manifestSize: pushed.manifestSize, layers: statuses };
  }

  snapshot(): RegistrySnapshot {
    return { tags: structuredClone([...this.tags]), blobs: [...this.blobs].map(([host, set]) => [host, [...set]]) };
  }

  load(snapshot: RegistrySnapshot | undefined): void {
    this.tags.clear();
    this.blobs.clear();
    for (const [ref, pushed] of structuredClone(snapshot?.tags ?? [])) this.tags.set(ref, pushed);
    for (const [host, digests] of snapshot?.blobs ?? []) this.blobs.set(host, new Set(digests));
  }
}

/**
 * What a node's pull of `ref` finds: an image pushed to the environment's registry, else the
 * catalog. A reference on the private registry that nobody pushed is "not found", in containerd's
 * words, as a missing catalog tag is.
 */
export function pullFromRegistries(registry: ImageRegistry | undefined, ref: string): PullOutcome {
  const parsed = parseImageReference(ref);
  const pushed = registry?.find(ref);
  if (pushed) return { ok: true, image: pushed.profile, ref: parsed, digest: pushed.digest };
  if (registry?.servesHost(registryHost(ref))) {
    return { ok: false, message: `failed to pull and unpack image "${parsed.full}": failed to resolve reference "${parsed.full}": ${parsed.full}: not found` };
  }
  return pullImage(ref);
}

function shortLayerId(layer: Layer): string {
  return layer.digest.slice(7, 19);
}

/** An image manifest (schema 2) as the daemon's push writes it: its size is what `docker push` reports. */
function manifestJson(image: Image): string {
  const entry = (mediaType: string, size: number, digest: string) => `      {\n         "mediaType": "${mediaType}",\n         "size": ${size},\n         "digest": "${digest}"\n      }`;
  const config = `   "config": {\n      "mediaType": "application/vnd.docker.container.image.v1+json",\n      "size": ${JSON.stringify(image.config).length},\n      "digest": "${image.id}"\n   }`;
  const layerRows = layers(image).map((l) => entry("application/vnd.docker.image.rootfs.diff.tar.gzip", l.sizeBytes, l.digest));
  return `{\n   "schemaVersion": 2,\n   "mediaType": "application/vnd.docker.distribution.manifest.v2+json",\n${config},\n   "layers": [\n${layerRows.join(",\n")}\n   ]\n}`;
}

/** The image as a kubelet runs it: its base's programs, its own ENTRYPOINT/CMD, the behaviour Docker would give its default command. */
function profileOf(repository: string, image: Image): ImageInfo {
  const base = image.base ? pullImage(image.base) : undefined;
  const info = base?.ok ? base.image : undefined;
  const entrypoint = image.config.Entrypoint ?? [];
  const cmd = image.config.Cmd ?? [];
  const resolved = resolveDockerCommand(image.config.Entrypoint, image.config.Cmd, { args: [] });
  const baseArgv = info ? [...info.entrypoint, ...info.cmd] : [];
  const argv = resolved.ok ? resolved.argv : [];
  const isImageDefault = info !== undefined && argv.length === baseArgv.length && argv.every((w, i) => w === baseArgv[i]);
  const started =
    resolved.ok && argv.length > 0
      ? processFor({ image: info, executed: resolved.executed, isImageDefault, env: image.config.Env, files: imageFiles(image), user: image.config.User, workingDir: image.config.WorkingDir })
      : undefined;
  const defaultBehaviour = started?.ok ? started.behaviour : { kind: "exits" as const, afterSeconds: 0, exitCode: started?.exitCode ?? 128, logs: [] };
  return { repository, sizeBytes: imageSize(image), entrypoint, cmd, programs: info?.programs ?? [], defaultBehaviour, memoryMiB: info?.memoryMiB ?? 10, idleMilliCpu: info?.idleMilliCpu ?? 1 };
}
