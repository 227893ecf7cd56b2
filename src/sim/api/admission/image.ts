/**
 * Image reference parsing, as far as the API server needs it: the tag that
 * decides the default imagePullPolicy (k8s.io/kubernetes/pkg/util/parsers
 * ParseImageName — no tag and no digest means "latest").
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
  // A colon before the last slash belongs to a registry host:port, not a tag.
  if (colon !== -1 && colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  if (!tag && !digest) tag = "latest";
  return { repository: rest, tag, digest };
}

/** SetDefaults_Container: Always for `:latest` (or no tag), IfNotPresent otherwise. */
export function defaultPullPolicy(image: string | undefined): "Always" | "IfNotPresent" {
  return parseImageReference(image ?? "").tag === "latest" ? "Always" : "IfNotPresent";
}
