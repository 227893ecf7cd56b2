/**
 * Finding an image the way the daemon does (daemon/images GetImage): a
 * name[:tag] (the tag defaults to latest), a full `sha256:` ID, or a unique
 * prefix of the hex ID.
 */
import type { DockerEngine } from "../../sim/docker/build.js";
import type { Image } from "../../sim/docker/image.js";
import { parseImageReference } from "../../sim/catalog/images.js";

export function findImage(engine: DockerEngine, ref: string): Image | undefined {
  const byTag = engine.tags.get(parseImageReference(ref).full);
  if (byTag) return engine.images.get(byTag);
  const hex = ref.replace(/^sha256:/, "");
  if (!/^[0-9a-f]+$/.test(hex)) return undefined;
  const matches = [...engine.images.values()].filter((i) => i.id.slice(7).startsWith(hex));
  return matches.length === 1 ? matches[0] : undefined;
}

/** The tags pointing at an image, full references sorted. */
export function tagsOf(engine: DockerEngine, image: Image): string[] {
  return [...engine.tags].filter(([, id]) => id === image.id).map(([full]) => full).sort();
}

/** "nope" → "nope:latest", as the daemon names a missing image. */
export function withDefaultTag(ref: string): string {
  if (ref.startsWith("sha256:") || /^[0-9a-f]{12,64}$/.test(ref)) return ref;
  return /:[^/]*$/.test(ref) || ref.includes("@") ? ref : `${ref}:latest`;
}
