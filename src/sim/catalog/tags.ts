/**
 * Which tags exist in the simulated registries. Official images come from
 * `official-tags.json` (generated from docker-library/official-images: every Linux tag each
 * image's library file has listed, images separated by ",", aliases of one image by " ");
 * the non-official images that tutorials and CKA/CKAD practice use are listed here by hand.
 */
import { createRequire } from "node:module";

// The ~100,000 official tags are 1.7 MB: as a JS module they cost every process ~40 ms of
// parsing before its first command, so they stay JSON and are read the first time an official
// image is looked up (synchronously, as a pull decision is). The build copies the file beside
// the bundle; a missing file throws, it never means "no tags".
const require = createRequire(import.meta.url);
const DATA_FILE = "./official-tags.json";
let officialTags: Readonly<Record<string, string>> | undefined;

function official(): Readonly<Record<string, string>> {
  officialTags ??= (require(DATA_FILE) as { tags: Record<string, string> }).tags;
  return officialTags;
}

/**
 * Non-official repositories, fully qualified as containerd names them; same format as
 * official-tags.json (images separated by ",", aliases of one image by " ").
 * docker.io/bitnami lost its versioned tags in 2025: they moved to docker.io/bitnamilegacy
 * (https://github.com/bitnami/containers/issues/83267), so only `latest` stays there.
 */
const OTHER_IMAGE_TAGS: Readonly<Record<string, string>> = {
  "registry.k8s.io/pause": "3.10,3.9,3.8,3.7,3.6,3.5,3.4.1,3.3,3.2,3.1,latest",
  "registry.k8s.io/coredns/coredns": "v1.11.3,v1.11.1,v1.10.1,v1.9.3",
  "registry.k8s.io/kube-proxy": "v1.32.0,v1.31.0,v1.30.0",
  "registry.k8s.io/etcd": "3.5.16-0,3.5.15-0,3.5.12-0",
  "registry.k8s.io/kube-apiserver": "v1.32.0,v1.31.0,v1.30.0",
  "registry.k8s.io/kube-controller-manager": "v1.32.0,v1.31.0,v1.30.0",
  "registry.k8s.io/kube-scheduler": "v1.32.0,v1.31.0,v1.30.0",
  "registry.k8s.io/e2e-test-images/agnhost": "2.53,2.52,2.47,2.45,2.43,2.40,2.39,2.36,2.33,2.32",
  "registry.k8s.io/e2e-test-images/busybox": "1.36.1-1,1.29-4,1.29-2",
  "registry.k8s.io/e2e-test-images/nginx": "1.15-4,1.14-4,1.14-2",
  "registry.k8s.io/metrics-server/metrics-server": "v0.7.2,v0.7.1,v0.7.0,v0.6.4",
  "docker.io/polinux/stress": "latest 1.0.4",
  "docker.io/curlimages/curl": "latest 8.11.1,8.11.0,8.10.1,8.9.1,8.8.0,8.7.1,8.6.0,8.5.0,8.4.0,8.00.1,7.88.1,7.85.0,7.78.0,7.72.0",
  "docker.io/nicolaka/netshoot": "latest v0.13,v0.12,v0.11,v0.10,v0.9,v0.8",
  "docker.io/kodekloud/webapp-color": "latest,v1,v2,v3",
  "docker.io/kodekloud/simple-webapp": "latest,blue,red,green",
  "docker.io/kodekloud/event-simulator": "latest",
  "gcr.io/google-samples/hello-app": "1.0,2.0",
  "us-docker.pkg.dev/google-samples/containers/gke/hello-app": "1.0,2.0",
  "gcr.io/google-samples/node-hello": "1.0",
  "docker.io/bitnami/kubectl": "latest",
  "docker.io/bitnami/nginx": "latest",
  "docker.io/bitnami/redis": "latest",
  "docker.io/bitnami/postgresql": "latest",
  "docker.io/bitnamilegacy/kubectl": "1.32 1.32.0,1.31 1.31.0,1.30 1.30.0,1.29,1.28",
  "docker.io/bitnamilegacy/nginx": "1.27 1.27.3,1.26,1.25",
  "docker.io/bitnamilegacy/redis": "7.4 7.4.1,7.2,7.0,6.2",
  "docker.io/bitnamilegacy/postgresql": "17 17.2.0,16,15,14",
};

/** Where an image is found: which image (index of its alias group) the tag names. */
export interface TagLookup {
  /** The repository exists in the registry. */
  repositoryExists: boolean;
  /** The alias group the tag belongs to (aliases share a digest); undefined when the tag does not exist. */
  group?: number;
}

const cache = new Map<string, Map<string, number>>();

function tagsOf(repository: string): Map<string, number> | undefined {
  const cached = cache.get(repository);
  if (cached) return cached;
  const officialText = repository.startsWith("docker.io/library/") ? official()[repository.slice("docker.io/library/".length)] : undefined;
  const text = officialText ?? OTHER_IMAGE_TAGS[repository];
  if (text === undefined) return undefined;
  const groups = new Map<string, number>();
  text.split(",").forEach((group, index) => group.split(" ").forEach((tag) => groups.set(tag, index)));
  cache.set(repository, groups);
  return groups;
}

export function lookupTag(repository: string, tag: string): TagLookup {
  const tags = tagsOf(repository);
  if (!tags) return { repositoryExists: false };
  const group = tags.get(tag);
  return group === undefined ? { repositoryExists: true } : { repositoryExists: true, group };
}

/** Every repository and tag the registries hold (for tests and completion). */
export function allRepositoryTags(): Array<{ repository: string; tags: string[] }> {
  const repositories = [...Object.keys(official()).map((name) => `docker.io/library/${name}`), ...Object.keys(OTHER_IMAGE_TAGS)];
  return repositories.map((repository) => ({ repository, tags: [...tagsOf(repository)!.keys()] }));
}

/** Every tag naming the same image as `tag` (its alias group), in the registry's order; empty when the tag does not exist. */
export function tagAliases(repository: string, tag: string): string[] {
  const tags = tagsOf(repository);
  const group = tags?.get(tag);
  if (!tags || group === undefined) return [];
  return [...tags].filter(([, g]) => g === group).map(([t]) => t);
}

/** The full version an image's tags spell ("1.31.4" of "1.31.4 mainline 1 1.31 latest"): the alias with the most dotted parts. */
export function imageVersion(repository: string, tag: string): string | undefined {
  // Asked once per container started; an alias group is a walk over every tag of the repository.
  const key = `${repository}:${tag}`;
  if (versionCache.has(key)) return versionCache.get(key);
  const versions = tagAliases(repository, tag).filter((t) => /^v?\d+(\.\d+)*$/.test(t));
  const version = versions.sort((a, b) => b.split(".").length - a.split(".").length)[0];
  versionCache.set(key, version);
  return version;
}
const versionCache = new Map<string, string | undefined>();
