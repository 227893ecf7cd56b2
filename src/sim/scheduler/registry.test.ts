// The default profile against kube-scheduler 1.32's getDefaultPlugins
// (pkg/scheduler/apis/config/v1/default_plugins.go): the MultiPoint order
// (filters run in it) and the score weights. NodeVolumeLimits and VolumeZone
// are not modelled, and VolumeBinding gives no score in 1.32
// (StorageCapacityScoring is off), so they are absent here.
import { describe, expect, it } from "vitest";
import { defaultProfile, registry } from "./registry.js";

describe("the default profile", () => {
  it("runs the filters in the 1.32 MultiPoint order", () => {
    expect(defaultProfile.filters.map((f) => f.name)).toEqual([
      "NodeUnschedulable",
      "NodeName",
      "TaintToleration",
      "NodeAffinity",
      "NodePorts",
      "NodeResourcesFit",
      "VolumeRestrictions",
      "VolumeBinding",
      "PodTopologySpread",
      "InterPodAffinity",
    ]);
  });

  it("weighs the score plugins as 1.32 does", () => {
    expect(defaultProfile.scores.map(({ plugin, weight }) => [plugin.name, weight])).toEqual([
      ["TaintToleration", 3],
      ["NodeAffinity", 2],
      ["NodeResourcesFit", 1],
      ["PodTopologySpread", 2],
      ["InterPodAffinity", 2],
      ["NodeResourcesBalancedAllocation", 1],
      ["ImageLocality", 1],
    ]);
  });

  it("registers every plugin under its own name", () => {
    for (const [name, plugin] of Object.entries(registry)) expect(plugin.name).toBe(name);
  });
});
