/**
 * Image references as written in a pod spec ("nginx", "nginx:1.27",
 * "localhost:5000/team/app@sha256:..."), split the way
 * k8s.io/kubernetes/pkg/util/parsers.ParseImageName does: no tag and no digest
 * means "latest"; a colon before the last slash is a registry port.
 */

export interface ImageReference {
  /** Repository without tag or digest: "nginx", "localhost:5000/team/app". */
  repository: string;
  /** "latest" when neither tag nor digest is given; "" when only a digest is. */
  tag: string;
  digest: string;
}

export function parseImageReference(image: string): ImageReference {
  let rest = image;
  let digest = "";
  const at = rest.indexOf("@");
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag = "";
  const colon = rest.lastIndexOf(":");
  if (colon !== -1 && colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  if (!tag && !digest) tag = "latest";
  return { repository: rest, tag, digest };
}

/** The repository as containerd names it: "nginx" → "docker.io/library/nginx", "team/app" → "docker.io/team/app". */
export function fullyQualifiedRepository(repository: string): string {
  const first = repository.split("/")[0]!;
  const hasRegistry = repository.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
  if (hasRegistry) return repository;
  return repository.includes("/") ? `docker.io/${repository}` : `docker.io/library/${repository}`;
}
