// The API server merges matchLabelKeys / mismatchLabelKeys into the term's
// labelSelector when a pod is created (pkg/registry/core/pod/strategy.go,
// applyMatchLabelKeysAndMismatchLabelKeys, 1.32; the API reference's
// PodAffinityTerm: "merged with labelSelector as `key in (value)`" and
// "`key notin (value)`", "Keys that don't exist in the incoming pod labels will be ignored").
import { describe, expect, it } from "vitest";
import { createWorld } from "../world/create.js";
import { kindNamed } from "./kinds.js";
import type { Pod } from "./types.js";

const POD = kindNamed("Pod")!;

describe("matchLabelKeys and mismatchLabelKeys in pod affinity", () => {
  it("become In / NotIn requirements with the pod's own values; missing keys are ignored", () => {
    const world = createWorld("bare");
    const result = world.api.create<Pod>(
      POD,
      {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "web-1", labels: { app: "web", "pod-template-hash": "abc", tenant: "blue" } },
        spec: {
          containers: [{ name: "c", image: "nginx" }],
          affinity: {
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                {
                  labelSelector: { matchLabels: { app: "web" } },
                  topologyKey: "kubernetes.io/hostname",
                  matchLabelKeys: ["pod-template-hash", "absent"],
                  mismatchLabelKeys: ["tenant"],
                },
              ],
            },
          },
        },
      },
      "default",
    );
    expect(result.ok).toBe(true);
    const term = (result.ok ? result.value : undefined)!.spec!.affinity!.podAntiAffinity!.requiredDuringSchedulingIgnoredDuringExecution![0]!;
    expect(term.labelSelector).toEqual({
      matchLabels: { app: "web" },
      matchExpressions: [
        { key: "pod-template-hash", operator: "In", values: ["abc"] },
        { key: "tenant", operator: "NotIn", values: ["blue"] },
      ],
    });
    expect(term.matchLabelKeys).toEqual(["pod-template-hash", "absent"]);
  });
});
