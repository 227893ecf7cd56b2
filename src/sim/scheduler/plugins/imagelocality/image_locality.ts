/**
 * ImageLocality: prefers nodes that already hold the pod's images (from the
 * node's status.images), weighted by image size and by how widely the image
 * has spread across nodes, so one node does not attract every pod ("node
 * heating"). Images smaller than 23 MiB in total score 0.
 * Upstream: pkg/scheduler/framework/plugins/imagelocality/image_locality.go (1.32).
 */
import type { Pod } from "../../../api/types.js";
import { MAX_NODE_SCORE, type ScorePlugin } from "../../framework.js";

const MB = 1024 * 1024;
export const MIN_THRESHOLD = 23 * MB;
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** normalizedImageName: an image without a tag means `:latest`. */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(":") <= name.lastIndexOf("/") ? `${name}:latest` : name;
}

/** calculatePriority: scale the summed image score into [0, 100] between the thresholds. */
export function imageLocalityPriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  const clamped = Math.min(Math.max(sumScores, MIN_THRESHOLD), maxThreshold);
  return Math.trunc((MAX_NODE_SCORE * (clamped - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

/** The normalized image names of every container, init containers included; kept per pod object (stored pods are frozen). */
const imageNamesOf = new WeakMap<Pod, readonly string[]>();

function podImageNames(pod: Pod): readonly string[] {
  let names = imageNamesOf.get(pod);
  if (!names) {
    names = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => normalizedImageName(c.image ?? ""));
    if (Object.isFrozen(pod)) imageNamesOf.set(pod, names);
  }
  return names;
}

export const imageLocalityPlugin = {
  name: "ImageLocality",
  score(pod, nodeInfo, cluster) {
    const totalNumNodes = cluster.allNodes.length;
    const images = podImageNames(pod);
    let sum = 0;
    if (nodeInfo.imageStates.size > 0) {
      for (const image of images) {
        const state = nodeInfo.imageStates.get(image);
        // scaledImageScore: size × (nodes holding it / all nodes), truncated.
        if (state) sum += Math.trunc(state.sizeBytes * (state.numNodes / totalNumNodes));
      }
    }
    return imageLocalityPriority(sum, images.length);
  },
} satisfies ScorePlugin;
