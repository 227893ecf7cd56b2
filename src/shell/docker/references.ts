/**
 * Image names as the docker CLI shows them (distribution/reference
 * FamiliarName): "docker.io/library/app:1" → repository "app", tag "1";
 * "docker.io/team/app" → "team/app"; other registries stay whole.
 */
export function familiarRepository(fullRepository: string): string {
  if (fullRepository.startsWith("docker.io/library/")) return fullRepository.slice("docker.io/library/".length);
  if (fullRepository.startsWith("docker.io/")) return fullRepository.slice("docker.io/".length);
  return fullRepository;
}

/** "docker.io/library/app:1" → ["app", "1"]. */
export function splitFullReference(full: string): [string, string] {
  const colon = full.lastIndexOf(":");
  return [familiarRepository(full.slice(0, colon)), full.slice(colon + 1)];
}

/** "app:1" as `docker ps` IMAGE and `RepoTags` write it. */
export function familiarReference(full: string): string {
  const [repo, tag] = splitFullReference(full);
  return `${repo}:${tag}`;
}

/** The 12 hex digits `docker images` shows for "sha256:...". */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, "").slice(0, 12);
}
