// Behaviour of upstream's pkg/scheduler/framework/plugins/imagelocality/image_locality.go:
// score = 100 × (clamp(Σ size × spread, 23Mi, 1000Mi × containers) − 23Mi) / (1000Mi × containers − 23Mi).
import { describe, expect, it } from "vitest";
import { clusterView } from "../../cluster_view.js";
import { buildSnapshot } from "../../snapshot.js";
import { makeNode, makePod } from "../../testing.js";
import { imageLocalityPlugin, imageLocalityPriority, normalizedImageName } from "./image_locality.js";

const MB = 1024 * 1024;

describe("ImageLocality", () => {
  it("an image name without a tag means :latest (normalizedImageName)", () => {
    expect(normalizedImageName("nginx")).toBe("nginx:latest");
    expect(normalizedImageName("registry:5000/app")).toBe("registry:5000/app:latest");
    expect(normalizedImageName("nginx:1.27")).toBe("nginx:1.27");
  });

  it("prefers the node holding the larger image, scaled by how many nodes hold it", () => {
    const nodes = [
      makeNode("node1", { images: [{ names: ["gcr.io/40:latest"], sizeBytes: 40 * MB }] }),
      makeNode("node2", { images: [{ names: ["gcr.io/300:latest"], sizeBytes: 300 * MB }] }),
    ];
    const snapshot = buildSnapshot(nodes, new Map());
    const pod = makePod("p", {
      spec: {
        containers: [
          { name: "a", image: "gcr.io/40" },
          { name: "b", image: "gcr.io/300" },
        ],
      },
    });
    const scores = snapshot.map((n) => imageLocalityPlugin.score(pod, n, clusterView(snapshot)));
    // node1: 40Mi × 1/2 = 20Mi < 23Mi → 0. node2: 300Mi × 1/2 = 150Mi → 100 × 127/1977 = 6.
    expect(scores).toEqual([0, 6]);
  });

  it("an image on every node scores with full spread", () => {
    expect(imageLocalityPriority(500 * MB, 1)).toBe(Math.trunc((100 * 477) / 977));
    expect(imageLocalityPriority(5000 * MB, 1)).toBe(100);
    expect(imageLocalityPriority(0, 1)).toBe(0);
  });
});
