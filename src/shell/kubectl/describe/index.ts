/**
 * The describer registry (describe.go describerMap): one function per kind
 * that reads what it needs from the world (events, owned pods, ReplicaSets,
 * endpoints, the node's pods and lease) and returns the text.
 */
import { kindNamed } from "../../../sim/api/kinds.js";
import type { ConfigMap, Deployment, Endpoints, Event, Namespace, Node, PersistentVolume, PersistentVolumeClaim, Pod, ReplicaSet, Secret, Service, StorageClass, StoredObject } from "../../../sim/api/types.js";
import type { World } from "../../../sim/world/world.js";
import { eventsFor } from "./common.js";
import { describeHorizontalPodAutoscaler } from "./autoscaling.js";
import { describeCronJob, describeJob } from "./batch.js";
import { describeConfigMap, describeNamespace, describeSecret, describeService } from "./config.js";
import { describeIngress, describeNetworkPolicy } from "./network.js";
import { describePodDisruptionBudget } from "./policy.js";
import { describeLimitRange, describeQuota } from "./quota.js";
import { describeDaemonSet, describeStatefulSet } from "./sets.js";
import { describeGeneric } from "./generic.js";
import { describeNode, nonTerminatedPodsOn, type NodeLease } from "./node.js";
import { describePod } from "./pod.js";
import { describePersistentVolume, describePersistentVolumeClaim, describeStorageClass } from "./storage.js";
import { describeRole, describeRoleBinding } from "./rbac.js";
import { describeCertificateSigningRequest } from "./certificates.js";
import { describeDeployment, describeReplicaSet, replicaSetsOf } from "./workloads.js";

export interface DescribeSettings {
  showEvents: boolean;
}

export type Describer = (world: World, obj: StoredObject, settings: DescribeSettings) => string;

const kind = (name: string) => {
  const info = kindNamed(name);
  if (!info) throw new Error(`kind ${name} is not registered`);
  return info;
};

function eventsAbout(world: World, obj: StoredObject, settings: DescribeSettings): Event[] | undefined {
  if (!settings.showEvents) return undefined;
  const namespace = obj.metadata.namespace ?? "default";
  return eventsFor(world.api.list<Event>(kind("Event"), namespace), obj);
}

/** The node's Lease from kube-node-lease (its kubelet renews it every 10 s: sim/kubelet/node-lease.ts); <unset> fields without one. */
function leaseOf(world: World, node: Node): NodeLease | undefined {
  const stored = world.api.find(kind("Lease"), "kube-node-lease", node.metadata.name) as { spec?: NodeLease } | undefined;
  return stored ? (stored.spec ?? {}) : undefined;
}

export const DESCRIBERS: Record<string, Describer> = {
  CertificateSigningRequest: (world, obj, settings) => describeCertificateSigningRequest(obj, eventsAbout(world, obj, settings), world.clock.now()),
  Role: (_world, obj) => describeRole(obj),
  ClusterRole: (_world, obj) => describeRole(obj),
  RoleBinding: (_world, obj) => describeRoleBinding(obj as Parameters<typeof describeRoleBinding>[0]),
  ClusterRoleBinding: (_world, obj) => describeRoleBinding(obj as Parameters<typeof describeRoleBinding>[0]),
  Pod: (world, obj, settings) => describePod(obj as Pod, eventsAbout(world, obj, settings), world.clock.now()),
  Deployment: (world, obj, settings) => {
    const { oldRSs, newRS } = replicaSetsOf(obj as Deployment, world.api.list<ReplicaSet>(kind("ReplicaSet"), obj.metadata.namespace));
    return describeDeployment(obj as Deployment, oldRSs, newRS, eventsAbout(world, obj, settings), world.clock.now());
  },
  ReplicaSet: (world, obj, settings) =>
    describeReplicaSet(obj as ReplicaSet, world.api.list<Pod>(kind("Pod"), obj.metadata.namespace), eventsAbout(world, obj, settings), world.clock.now()),
  Node: (world, obj, settings) => {
    const node = obj as Node;
    // Events about a node carry its uid (controllers) or its name (kubelet): describe merges both.
    let events = eventsAbout(world, obj, settings);
    if (events) {
      const byName = world.api
        .list<Event>(kind("Event"), "default")
        .filter((e) => e.involvedObject.kind === "Node" && e.involvedObject.name === node.metadata.name && e.involvedObject.uid === node.metadata.name);
      events = [...events, ...byName];
    }
    const pods = nonTerminatedPodsOn(node, world.api.list<Pod>(kind("Pod")));
    return describeNode(node, pods, leaseOf(world, node), events, world.clock.now());
  },
  Service: (world, obj, settings) => {
    const endpoints = world.api.find<Endpoints>(kind("Endpoints"), obj.metadata.namespace, obj.metadata.name);
    return describeService(obj as Service, endpoints, eventsAbout(world, obj, settings), world.clock.now());
  },
  Namespace: (world, obj) => {
    const inNamespace = (name: string) => world.api.list(kind(name), obj.metadata.name);
    return describeNamespace(obj as Namespace, inNamespace("ResourceQuota"), inNamespace("LimitRange"));
  },
  ConfigMap: (world, obj, settings) => describeConfigMap(obj as ConfigMap, eventsAbout(world, obj, settings), world.clock.now()),
  Secret: (_world, obj) => describeSecret(obj as Secret),
  DaemonSet: (world, obj, settings) => describeDaemonSet(obj, world.api.list<Pod>(kind("Pod"), obj.metadata.namespace), eventsAbout(world, obj, settings), world.clock.now()),
  StatefulSet: (world, obj, settings) => describeStatefulSet(obj, world.api.list<Pod>(kind("Pod"), obj.metadata.namespace), eventsAbout(world, obj, settings), world.clock.now()),
  Job: (world, obj, settings) => describeJob(obj, eventsAbout(world, obj, settings), world.clock.now()),
  CronJob: (world, obj, settings) => describeCronJob(obj, eventsAbout(world, obj, settings), world.clock.now()),
  NetworkPolicy: (_world, obj) => describeNetworkPolicy(obj),
  ResourceQuota: (_world, obj) => describeQuota(obj),
  LimitRange: (_world, obj) => describeLimitRange(obj),
  PodDisruptionBudget: (world, obj, settings) => describePodDisruptionBudget(obj, eventsAbout(world, obj, settings), world.clock.now()),
  Ingress: (world, obj, settings) => {
    const namespace = obj.metadata.namespace;
    const lookup = {
      service: (name: string) => world.api.find<Service>(kind("Service"), namespace, name),
      endpoints: (name: string) => world.api.find<Endpoints>(kind("Endpoints"), namespace, name),
    };
    return describeIngress(obj, lookup, eventsAbout(world, obj, settings), world.clock.now());
  },
  PersistentVolume: (world, obj, settings) => describePersistentVolume(obj as PersistentVolume, eventsAbout(world, obj, settings), world.clock.now()),
  PersistentVolumeClaim: (world, obj, settings) => {
    const users = world.api.list<Pod>(kind("Pod"), obj.metadata.namespace).filter((p) => (p.spec?.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === obj.metadata.name));
    return describePersistentVolumeClaim(obj as PersistentVolumeClaim, users, eventsAbout(world, obj, settings), world.clock.now());
  },
  StorageClass: (world, obj, settings) => describeStorageClass(obj as StorageClass, eventsAbout(world, obj, settings), world.clock.now()),
  HorizontalPodAutoscaler: (world, obj, settings) => describeHorizontalPodAutoscaler(obj, eventsAbout(world, obj, settings), world.clock.now()),
  // kubectl has no Lease describer: the generic one prints it.
  Lease: (world, obj, settings) => describeGeneric(obj, eventsAbout(world, obj, settings), world.clock.now()),
};
