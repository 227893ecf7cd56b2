/**
 * The image reference rule the API server's defaulting needs: the tag decides
 * the default imagePullPolicy.
 */
import { parseImageReference } from "../../core/image-reference.js";

export { parseImageReference, type ImageReference } from "../../core/image-reference.js";

/** SetDefaults_Container: Always for `:latest` (or no tag), IfNotPresent otherwise. */
export function defaultPullPolicy(image: string | undefined): "Always" | "IfNotPresent" {
  return parseImageReference(image ?? "").tag === "latest" ? "Always" : "IfNotPresent";
}
