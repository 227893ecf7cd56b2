/**
 * The plugin registry (name → plugin) and the default profile: which filters
 * run, in which order, and which score plugins count with which weight.
 * Order and weights follow kube-scheduler 1.32's default MultiPoint set
 * (pkg/scheduler/apis/config/v1/default_plugins.go): NodeUnschedulable,
 * NodeName, TaintToleration (3), NodeAffinity (2), NodePorts,
 * NodeResourcesFit (1), VolumeRestrictions, VolumeBinding,
 * PodTopologySpread (2), InterPodAffinity (2),
 * NodeResourcesBalancedAllocation (1), ImageLocality (1).
 * Not modelled from that set: NodeVolumeLimits and VolumeZone (no CSI drivers
 * or zonal volumes), and VolumeBinding's score (StorageCapacityScoring is off
 * in 1.32).
 */
import type { FilterPlugin, PluginName, ScorePlugin } from "./framework.js";
import { interPodAffinityPlugin } from "./plugins/interpodaffinity/inter_pod_affinity.js";
import { nodePortsPlugin } from "./plugins/nodeports/node_ports.js";
import { podTopologySpreadPlugin } from "./plugins/podtopologyspread/pod_topology_spread.js";
import { imageLocalityPlugin } from "./plugins/imagelocality/image_locality.js";
import { nodeAffinityPlugin } from "./plugins/nodeaffinity/node_affinity.js";
import { nodeNamePlugin } from "./plugins/nodename/node_name.js";
import { balancedAllocationPlugin } from "./plugins/noderesources/balanced_allocation.js";
import { nodeResourcesFitPlugin } from "./plugins/noderesources/fit.js";
import { nodeUnschedulablePlugin } from "./plugins/nodeunschedulable/node_unschedulable.js";
import { taintTolerationPlugin } from "./plugins/tainttoleration/taint_toleration.js";
import { volumeBindingPlugin } from "./plugins/volumebinding/volume_binding.js";
import { volumeRestrictionsPlugin } from "./plugins/volumerestrictions/volume_restrictions.js";

/** Every plugin by name; `satisfies` proves each entry's name matches its key at compile time. */
export const registry = {
  NodeUnschedulable: nodeUnschedulablePlugin,
  NodeName: nodeNamePlugin,
  TaintToleration: taintTolerationPlugin,
  NodeAffinity: nodeAffinityPlugin,
  NodeResourcesFit: nodeResourcesFitPlugin,
  NodeResourcesBalancedAllocation: balancedAllocationPlugin,
  ImageLocality: imageLocalityPlugin,
  VolumeRestrictions: volumeRestrictionsPlugin,
  VolumeBinding: volumeBindingPlugin,
  NodePorts: nodePortsPlugin,
  PodTopologySpread: podTopologySpreadPlugin,
  InterPodAffinity: interPodAffinityPlugin,
} as const satisfies { [N in PluginName]: { name: N } & (FilterPlugin | ScorePlugin) };

export interface WeightedScorePlugin {
  plugin: ScorePlugin;
  weight: number;
}

export interface Profile {
  /** Filters in the order the framework runs them. */
  filters: readonly FilterPlugin[];
  scores: readonly WeightedScorePlugin[];
}

export const defaultProfile: Profile = {
  filters: [
    registry.NodeUnschedulable,
    registry.NodeName,
    registry.TaintToleration,
    registry.NodeAffinity,
    registry.NodePorts,
    registry.NodeResourcesFit,
    registry.VolumeRestrictions,
    registry.VolumeBinding,
    registry.PodTopologySpread,
    registry.InterPodAffinity,
  ],
  scores: [
    { plugin: registry.TaintToleration, weight: 3 },
    { plugin: registry.NodeAffinity, weight: 2 },
    { plugin: registry.NodeResourcesFit, weight: 1 },
    { plugin: registry.PodTopologySpread, weight: 2 },
    { plugin: registry.InterPodAffinity, weight: 2 },
    { plugin: registry.NodeResourcesBalancedAllocation, weight: 1 },
    { plugin: registry.ImageLocality, weight: 1 },
  ],
};
