/**
 * Image pulls for one container, as the kubelet's image manager does them
 * (pkg/kubelet/images/image_manager.go): the pull policy against the node's
 * images, the Pulling/Pulled/Failed events with their real texts, ErrImagePull
 * shown until the next sync, then ImagePullBackOff with the back-off doubling
 * from 10 s to 5 minutes. A pulled image joins the node's status.images.
 */
import { kindNamed } from "../api/kinds.js";
import type { Node } from "../api/types.js";
import { pullSeconds, parseImageReference, type ImageInfo } from "../catalog/images.js";
import { pullFromRegistries } from "../docker/registry.js";
import type { World } from "../world/world.js";
import { BACKOFF_MAX_S, ERR_IMAGE_PULL_SECONDS, type ContainerRun, type StepContext, type StepOutcome } from "./container-run.js";

const NODE = kindNamed("Node")!;

/** Moves a container in one of the pull phases (pulling, pullFailed, pullBackOff) as far as it goes now. */
export function stepImagePull(c: ContainerRun, ctx: StepContext): StepOutcome {
  const { world, node, now, spec, record } = ctx;
  switch (c.phase) {
    case "pulling": {
      if (c.until === undefined) {
        const policy = spec?.imagePullPolicy ?? "IfNotPresent";
        const present = nodeHasImage(node, c.image);
        if (present && policy !== "Always") {
          record("Normal", "Pulled", `Container image "${c.image}" already present on machine`);
          c.phase = "starting";
          return "next";
        }
        if (policy === "Never") {
          c.phase = "startFailed";
          c.message = `Container image "${c.image}" is not present with pull policy of Never`;
          record("Warning", "ErrImageNeverPull", c.message);
          return "wait";
        }
        record("Normal", "Pulling", `Pulling image "${c.image}"`);
        const outcome = pullFromRegistries(world.registry, c.image);
        if (!outcome.ok) {
          c.phase = "pullFailed";
          c.message = outcome.message;
          record("Warning", "Failed", `Failed to pull image "${c.image}": ${outcome.message}`);
          record("Warning", "Failed", "Error: ErrImagePull");
          // ErrImagePull shows until the kubelet's next sync of the pod, then the back-off starts.
          c.until = now + ERR_IMAGE_PULL_SECONDS * 1000;
          return "wait";
        }
        c.until = now + pullSeconds(outcome.image) * 1000;
        return "wait";
      }
      if (now < c.until) return "wait";
      const outcome = pullFromRegistries(world.registry, c.image);
      if (outcome.ok) {
        const seconds = pullSeconds(outcome.image);
        record("Normal", "Pulled", `Successfully pulled image "${c.image}" in ${seconds}s (${seconds}s including waiting). Image size: ${outcome.image.sizeBytes} bytes.`);
        rememberImage(world, node, outcome.image, outcome.ref.full, outcome.digest);
      }
      c.until = undefined;
      c.phase = "starting";
      return "next";
    }
    case "pullFailed": {
      if (now < (c.until ?? 0)) return "wait";
      record("Normal", "BackOff", `Back-off pulling image "${c.image}"`);
      record("Warning", "Failed", "Error: ImagePullBackOff");
      c.phase = "pullBackOff";
      c.until = now + c.backoffSeconds * 1000;
      return "wait";
    }
    case "pullBackOff": {
      if (c.until !== undefined && now < c.until) return "wait";
      c.backoffSeconds = Math.min(c.backoffSeconds * 2, BACKOFF_MAX_S);
      c.until = undefined;
      c.phase = "pulling";
      return "next";
    }
    default:
      return "next";
  }
}

function rememberImage(world: World, node: Node, image: ImageInfo, full: string, digest: string): void {
  const fresh = world.api.find<Node>(NODE, undefined, node.metadata.name);
  if (!fresh) return;
  const images = [...(fresh.status?.images ?? [])];
  if (images.some((i) => i.names?.includes(full))) return;
  const ref = parseImageReference(full);
  images.push({ names: [`${ref.repository}@${digest}`, full], sizeBytes: image.sizeBytes });
  world.api.updateStatus(NODE, { ...fresh, status: { ...fresh.status, images } });
}

function nodeHasImage(node: Node, image: string): boolean {
  const full = parseImageReference(image).full;
  return node.status?.images?.some((i) => i.names?.includes(full)) ?? false;
}
