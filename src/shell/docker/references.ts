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

/**
 * distribution/reference's checks on a name:tag, as the errors word them; undefined when valid.
 * ("repository name must be lowercase", "invalid reference format").
 */
export function validateReference(ref: string): string | undefined {
  const at = ref.indexOf("@");
  const noDigest = at === -1 ? ref : ref.slice(0, at);
  const colon = noDigest.lastIndexOf(":");
  const hasTag = colon > noDigest.lastIndexOf("/");
  const name = hasTag ? noDigest.slice(0, colon) : noDigest;
  const tag = hasTag ? noDigest.slice(colon + 1) : "";
  if (name === "" || (hasTag && !/^[\w][\w.-]{0,127}$/.test(tag))) return "invalid reference format";
  const parts = name.split("/");
  const path = parts[0]!.includes(".") || parts[0]!.includes(":") || parts[0] === "localhost" ? parts.slice(1) : parts;
  if (path.length === 0) return "invalid reference format";
  if (path.some((p) => /[A-Z]/.test(p))) return "repository name must be lowercase";
  if (!path.every((p) => /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/.test(p))) return "invalid reference format";
  return undefined;
}
