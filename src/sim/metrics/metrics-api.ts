/**
 * The Metrics API (metrics.k8s.io/v1beta1) as metrics-server serves it: PodMetrics and
 * NodeMetrics from what the kubelets' stats report (kubelet/resource-usage.ts). A pod has
 * metrics while it is Running on a node whose kubelet runs and at least one of its containers
 * runs; a node while its kubelet runs. kadet reports the usage of the moment, where
 * metrics-server averages over its 15 s scrape window. `kubectl top` and the HPA controller
 * both read it here, so they agree with each other and with `sim usage`.
 */
import { kindNamed } from "../api/kinds.js";
import type { Node, Pod } from "../api/types.js";
import type { ResourceUsage } from "../catalog/images.js";
import type { Selector } from "../core/labels.js";
import { Kubelets } from "../kubelet/kubelet.js";
import { kubeletRunning } from "../kubelet/static-pods.js";
import type { World } from "../world/world.js";
import { metricsApiState } from "./metrics-server.js";

const POD = kindNamed("Pod")!;
const NODE = kindNamed("Node")!;

export interface PodMetrics {
  namespace: string;
  name: string;
  containers: { name: string; usage: ResourceUsage }[];
}

export interface NodeMetrics {
  name: string;
  usage: ResourceUsage;
}

/** The error a client gets when the Metrics API does not answer, or undefined when it does. */
export function metricsApiError(world: World, resource: "pods" | "nodes"): string | undefined {
  const state = metricsApiState(world);
  if (state === "available") return undefined;
  // apimachinery's StatusError texts for a group the server does not know / an APIService without endpoints.
  return state === "absent"
    ? `the server could not find the requested resource (get ${resource}.metrics.k8s.io)`
    : `the server is currently unable to handle the request (get ${resource}.metrics.k8s.io)`;
}

function nodesByName(world: World): Map<string, Node> {
  return new Map(world.api.list<Node>(NODE).map((n) => [n.metadata.name, n]));
}

function metricsOf(world: World, pod: Pod, nodes: Map<string, Node>): PodMetrics | undefined {
  const nodeName = pod.spec?.nodeName;
  if (!nodeName || pod.status?.phase !== "Running" || !kubeletRunning(world, nodeName)) return undefined;
  const containers = world.loopsOfType(Kubelets)!.usageOf(pod, nodes.get(nodeName));
  return containers.length > 0 ? { namespace: pod.metadata.namespace ?? "default", name: pod.metadata.name, containers } : undefined;
}

/** PodMetrics of a namespace (or all, undefined), optionally of the pods a label selector picks. */
export function listPodMetrics(world: World, namespace: string | undefined, selector?: Selector): PodMetrics[] {
  const nodes = nodesByName(world);
  return world.api.list<Pod>(POD, namespace, selector ? { labelSelector: selector } : {}).flatMap((p) => metricsOf(world, p, nodes) ?? []);
}

/** One pod's metrics, undefined when metrics-server has none for it (NotFound). */
export function getPodMetrics(world: World, namespace: string, name: string): PodMetrics | undefined {
  const pod = world.api.find<Pod>(POD, namespace, name);
  return pod ? metricsOf(world, pod, nodesByName(world)) : undefined;
}

/** NodeMetrics of every node whose kubelet runs: the sum of its pods' container usage. */
export function listNodeMetrics(world: World): NodeMetrics[] {
  const nodes = nodesByName(world);
  const usage = new Map<string, ResourceUsage>();
  for (const name of nodes.keys()) if (kubeletRunning(world, name)) usage.set(name, { memoryBytes: 0, milliCpu: 0 });
  for (const pod of world.api.list<Pod>(POD)) {
    const total = pod.spec?.nodeName ? usage.get(pod.spec.nodeName) : undefined;
    if (!total) continue;
    for (const c of metricsOf(world, pod, nodes)?.containers ?? []) {
      total.memoryBytes += c.usage.memoryBytes;
      total.milliCpu += c.usage.milliCpu;
    }
  }
  return [...usage].map(([name, u]) => ({ name, usage: u }));
}
