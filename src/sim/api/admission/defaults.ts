/**
 * Defaulting, as the API server does it before validation: the generated
 * SetDefaults_* functions of pkg/apis/core/v1/defaults.go and
 * pkg/apis/apps/v1/defaults.go (+ batch/v1), the v1 conversion quirks that
 * show up in stored objects (`serviceAccount` mirrors `serviceAccountName`),
 * and the mutating admission plugins that touch every new pod
 * (ServiceAccount, Priority, DefaultTolerationSeconds). Resource quantities
 * are rewritten to their canonical text, as the API server stores them.
 *
 * Pure: returns a new object and never reads a clock or random source.
 * Allocation of cluster IPs and node ports is the API server's job, not ours.
 */
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { IProbe } from "kubernetes-models/v1/Probe";
import type { IToleration } from "kubernetes-models/v1/Toleration";
import type { IServiceSpec } from "kubernetes-models/v1/ServiceSpec";
import type { IPodTemplateSpec } from "kubernetes-models/v1/PodTemplateSpec";
import { canonicalResourceQuantity } from "../../core/quantity.js";
import type { KindInfo } from "../kinds.js";
import type { KubeObject } from "../types.js";
import { defaultPullPolicy } from "./image.js";

export interface DefaultingOptions {
  /**
   * "create" also runs the mutating admission plugins that only act on new
   * pods (ServiceAccount, Priority, DefaultTolerationSeconds).
   */
  operation: "create" | "update";
}

type Json = Record<string, unknown>;
type ResourceList = Record<string, string | number>;

/** v1.TerminationMessagePathDefault */
export const TERMINATION_MESSAGE_PATH = "/dev/termination-log";
/** v1.DefaultTerminationGracePeriodSeconds */
export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
/** DefaultTolerationSeconds admission plugin: --default-not-ready-toleration-seconds / --default-unreachable-toleration-seconds. */

/** Returns a defaulted copy of `obj`; the input is left untouched. */
export function applyDefaults<T extends KubeObject>(obj: T, info: KindInfo, options: DefaultingOptions = { operation: "create" }): T {
  const out = structuredClone(obj) as T & Json;
  const spec = out.spec as Json | undefined;
  const podSpec = spec as unknown as IPodSpec | undefined;
  switch (info.kind) {
    case "Pod":
      if (podSpec) {
        defaultPodSpec(podSpec);
        defaultPodOnly(podSpec);
      }
      break;
    case "PodTemplate":
      defaultTemplate(out.template as IPodTemplateSpec | undefined);
      break;
    case "ReplicationController":
      defaultReplicationController(out);
      break;
    case "ReplicaSet":
      if (spec) {
        spec.replicas ??= 1;
        defaultTemplate(spec.template as IPodTemplateSpec | undefined);
      }
      break;
    case "Deployment":
      if (spec) defaultDeploymentSpec(spec);
      break;
    case "DaemonSet":
      if (spec) defaultDaemonSetSpec(spec);
      break;
    case "StatefulSet":
      if (spec) defaultStatefulSetSpec(spec);
      break;
    case "Job":
      if (spec) defaultJobSpec(spec);
      break;
    case "CronJob":
      if (spec) defaultCronJobSpec(spec);
      break;
    case "Service":
      if (spec) defaultServiceSpec(spec as IServiceSpec);
      break;
    case "Namespace":
      defaultNamespace(out);
      break;
    case "Secret":
      (out as Json).type ??= "Opaque";
      mergeStringData(out as Json);
      break;
    case "Node":
      defaultNodeStatus(out.status as Json | undefined);
      break;
    case "PersistentVolumeClaim":
      if (spec) {
        spec.volumeMode ??= "Filesystem";
        canonicalizeResources(spec.resources as Json | undefined);
      }
      break;
    case "PersistentVolume":
      if (spec) {
        spec.persistentVolumeReclaimPolicy ??= "Retain";
        spec.volumeMode ??= "Filesystem";
        canonicalizeResourceList(spec.capacity as ResourceList | undefined);
      }
      break;
    case "ResourceQuota":
      if (spec) canonicalizeResourceList(spec.hard as ResourceList | undefined);
      break;
    case "NetworkPolicy":
      if (spec) defaultNetworkPolicySpec(spec);
      break;
    case "LimitRange":
      if (spec) defaultLimitRangeSpec(spec);
      break;
    case "HorizontalPodAutoscaler":
      if (spec) defaultHorizontalPodAutoscalerSpec(spec);
      break;
    case "Endpoints":
      for (const subset of (out.subsets as Json[] | undefined) ?? []) {
        for (const port of (subset.ports as Json[] | undefined) ?? []) port.protocol ??= "TCP";
      }
      break;
  }
  return out;
}

/**
 * autoscaling/v2 SetDefaults_HorizontalPodAutoscaler: minReplicas 1, no metrics means cpu at 80%
 * utilization, and a behavior that is given gets its missing rules and fields from
 * GenerateHPAScaleUpRules / GenerateHPAScaleDownRules.
 */
function defaultHorizontalPodAutoscalerSpec(spec: Json): void {
  spec.minReplicas ??= 1;
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
    spec.metrics = [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }];
  }
  const behavior = spec.behavior as Json | undefined;
  if (!behavior) return;
  const up = (behavior.scaleUp ?? {}) as Json;
  up.stabilizationWindowSeconds ??= 0;
  up.selectPolicy ??= "Max";
  up.policies ??= [{ type: "Pods", value: 4, periodSeconds: 15 }, { type: "Percent", value: 100, periodSeconds: 15 }];
  behavior.scaleUp = up;
  const down = (behavior.scaleDown ?? {}) as Json;
  down.selectPolicy ??= "Max";
  down.policies ??= [{ type: "Percent", value: 100, periodSeconds: 15 }];
  behavior.scaleDown = down;
}

// ---------------------------------------------------------------- pods

/** SetDefaults_PodSpec (+ the nested Container, Probe, Volume defaults); applies to pods and templates alike. */
export function defaultPodSpec(spec: IPodSpec): void {
  spec.dnsPolicy ??= "ClusterFirst";
  spec.restartPolicy ??= "Always";
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
  spec.schedulerName ??= "default-scheduler";
  // v1 conversion keeps the deprecated `serviceAccount` equal to `serviceAccountName`.
  if (spec.serviceAccountName && !spec.serviceAccount) spec.serviceAccount = spec.serviceAccountName;
  else if (spec.serviceAccount && !spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount;
  for (const c of allContainers(spec)) defaultContainer(c);
  for (const volume of spec.volumes ?? []) defaultVolume(volume as unknown as Json);
  if (spec.overhead) canonicalizeResourceList(spec.overhead as ResourceList);
  if (spec.resources) canonicalizeResources(spec.resources as Json);
}

/** SetDefaults_Pod: only for Pod objects, not templates (requests from limits, enableServiceLinks, host ports). */
function defaultPodOnly(spec: IPodSpec): void {
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const resources = c.resources as { limits?: ResourceList; requests?: ResourceList } | undefined;
    if (resources?.limits) {
      resources.requests ??= {};
      for (const [name, value] of Object.entries(resources.limits)) {
        if (!(name in resources.requests)) resources.requests[name] = value;
      }
    }
  }
  spec.enableServiceLinks ??= true;
  if (spec.hostNetwork) {
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      for (const port of c.ports ?? []) {
        if (!port.hostPort) port.hostPort = port.containerPort;
      }
    }
  }
}

function allContainers(spec: IPodSpec): IContainer[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...((spec.ephemeralContainers ?? []) as IContainer[])];
}

/** SetDefaults_Container, SetDefaults_ContainerPort, SetDefaults_Probe, SetDefaults_HTTPGetAction, SetDefaults_ObjectFieldSelector. */
function defaultContainer(c: IContainer): void {
  c.imagePullPolicy ??= defaultPullPolicy(c.image);
  c.terminationMessagePath ??= TERMINATION_MESSAGE_PATH;
  c.terminationMessagePolicy ??= "File";
  for (const port of c.ports ?? []) port.protocol ??= "TCP";
  for (const probe of [c.livenessProbe, c.readinessProbe, c.startupProbe]) if (probe) defaultProbe(probe);
  for (const handler of [c.lifecycle?.postStart, c.lifecycle?.preStop]) {
    if (handler?.httpGet) defaultHttpGet(handler.httpGet as unknown as Json);
  }
  for (const env of c.env ?? []) {
    const fieldRef = env.valueFrom?.fieldRef as Json | undefined;
    if (fieldRef) fieldRef.apiVersion ??= "v1";
  }
  if (c.resources) canonicalizeResources(c.resources as Json);
}

function defaultProbe(probe: IProbe): void {
  if (!probe.timeoutSeconds) probe.timeoutSeconds = 1;
  if (!probe.periodSeconds) probe.periodSeconds = 10;
  if (!probe.successThreshold) probe.successThreshold = 1;
  if (!probe.failureThreshold) probe.failureThreshold = 3;
  if (probe.httpGet) defaultHttpGet(probe.httpGet as unknown as Json);
}

function defaultHttpGet(action: Json): void {
  if (!action.path) action.path = "/";
  if (!action.scheme) action.scheme = "HTTP";
}

/** SetDefaults_Volume and the *VolumeSource defaults (defaultMode 0644 = 420). */
const VOLUME_SOURCES = [
  "awsElasticBlockStore", "azureDisk", "azureFile", "cephfs", "cinder", "configMap", "csi", "downwardAPI",
  "emptyDir", "ephemeral", "fc", "flexVolume", "flocker", "gcePersistentDisk", "gitRepo", "glusterfs",
  "hostPath", "image", "iscsi", "nfs", "persistentVolumeClaim", "photonPersistentDisk", "portworxVolume",
  "projected", "quobyte", "rbd", "scaleIO", "secret", "storageos", "vsphereVolume",
];

function defaultVolume(volume: Json): void {
  if (!VOLUME_SOURCES.some((source) => volume[source] !== undefined && volume[source] !== null)) volume.emptyDir = {};
  for (const source of ["configMap", "secret", "downwardAPI", "projected"]) {
    const src = volume[source] as Json | undefined;
    if (src) src.defaultMode ??= 420;
  }
  const projected = volume.projected as { sources?: Json[] } | undefined;
  for (const source of projected?.sources ?? []) {
    const token = source.serviceAccountToken as Json | undefined;
    if (token) token.expirationSeconds ??= 3600;
  }
  const hostPath = volume.hostPath as Json | undefined;
  if (hostPath) hostPath.type ??= "";
  const emptyDir = volume.emptyDir as Json | undefined;
  if (emptyDir && emptyDir.sizeLimit !== undefined) {
    emptyDir.sizeLimit = canonicalResourceQuantity(emptyDir.sizeLimit as string) ?? emptyDir.sizeLimit;
  }
}

function canonicalizeResources(resources: Json | undefined): void {
  if (!resources) return;
  canonicalizeResourceList(resources.limits as ResourceList | undefined);
  canonicalizeResourceList(resources.requests as ResourceList | undefined);
}

/** Rewrites each value to the text the API server stores (`0.5` → `500m`, `1024Mi` → `1Gi`); invalid values are left for validation. */
function canonicalizeResourceList(list: ResourceList | undefined): void {
  if (!list || typeof list !== "object") return;
  for (const [name, value] of Object.entries(list)) {
    // apimachinery's Quantity.UnmarshalJSON turns a JSON null into the zero quantity.
    if (value === null) list[name] = "0";
    if (typeof value !== "string" && typeof value !== "number") continue;
    const canonical = canonicalResourceQuantity(value);
    if (canonical !== undefined) list[name] = canonical;
  }
}

function defaultTemplate(template: IPodTemplateSpec | undefined): void {
  if (template?.spec) defaultPodSpec(template.spec);
}

// ---------------------------------------------------------------- workloads

/** apps/v1 SetDefaults_Deployment. */
function defaultDeploymentSpec(spec: Json): void {
  spec.replicas ??= 1;
  const strategy = (spec.strategy ??= {}) as Json;
  strategy.type ??= "RollingUpdate";
  if (strategy.type === "RollingUpdate") {
    const rollingUpdate = (strategy.rollingUpdate ??= {}) as Json;
    rollingUpdate.maxUnavailable ??= "25%";
    rollingUpdate.maxSurge ??= "25%";
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultTemplate(spec.template as IPodTemplateSpec | undefined);
}

/** apps/v1 SetDefaults_DaemonSet. */
function defaultDaemonSetSpec(spec: Json): void {
  const strategy = (spec.updateStrategy ??= {}) as Json;
  strategy.type ??= "RollingUpdate";
  if (strategy.type === "RollingUpdate") {
    const rollingUpdate = (strategy.rollingUpdate ??= {}) as Json;
    rollingUpdate.maxUnavailable ??= 1;
    rollingUpdate.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  defaultTemplate(spec.template as IPodTemplateSpec | undefined);
}

/** apps/v1 SetDefaults_StatefulSet. */
function defaultStatefulSetSpec(spec: Json): void {
  spec.podManagementPolicy ??= "OrderedReady";
  const strategy = (spec.updateStrategy ??= {}) as Json;
  strategy.type ??= "RollingUpdate";
  if (strategy.type === "RollingUpdate") {
    const rollingUpdate = (strategy.rollingUpdate ??= {}) as Json;
    rollingUpdate.partition ??= 0;
  }
  const retention = (spec.persistentVolumeClaimRetentionPolicy ??= {}) as Json;
  retention.whenDeleted ??= "Retain";
  retention.whenScaled ??= "Retain";
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  defaultTemplate(spec.template as IPodTemplateSpec | undefined);
  for (const claim of (spec.volumeClaimTemplates as Json[] | undefined) ?? []) {
    const claimSpec = claim.spec as Json | undefined;
    if (claimSpec) {
      claimSpec.volumeMode ??= "Filesystem";
      canonicalizeResources(claimSpec.resources as Json | undefined);
    }
  }
}

/** batch/v1 SetDefaults_Job. */
function defaultJobSpec(spec: Json): void {
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= 6;
  spec.completionMode ??= "NonIndexed";
  spec.suspend ??= false;
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? "Failed" : "TerminatingOrFailed";
  defaultTemplate(spec.template as IPodTemplateSpec | undefined);
}

/** networking/v1 SetDefaults_NetworkPolicy and SetDefaults_NetworkPolicyPort: Ingress is implied, Egress when rules exist; ports are TCP. */
function defaultNetworkPolicySpec(spec: Json): void {
  for (const direction of ["ingress", "egress"] as const) {
    for (const rule of (spec[direction] as Json[] | undefined) ?? []) for (const port of (rule.ports as Json[] | undefined) ?? []) port.protocol ??= "TCP";
  }
  const types = spec.policyTypes as string[] | undefined;
  if (!types || types.length === 0) spec.policyTypes = (spec.egress as Json[] | undefined)?.length ? ["Ingress", "Egress"] : ["Ingress"];
}

/** batch/v1 SetDefaults_CronJob. */
function defaultCronJobSpec(spec: Json): void {
  spec.concurrencyPolicy ??= "Allow";
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  const jobTemplate = spec.jobTemplate as Json | undefined;
  const jobSpec = jobTemplate?.spec as Json | undefined;
  if (jobSpec) defaultTemplate(jobSpec.template as IPodTemplateSpec | undefined);
}

/** core/v1 SetDefaults_ReplicationController: selector and labels from the template. */
function defaultReplicationController(obj: Json): void {
  const spec = obj.spec as Json | undefined;
  if (!spec) return;
  const template = spec.template as IPodTemplateSpec | undefined;
  const labels = template?.metadata?.labels;
  if (labels) {
    if (!spec.selector || Object.keys(spec.selector as object).length === 0) spec.selector = { ...labels };
    const meta = (obj.metadata ??= {}) as Json;
    if (!meta.labels || Object.keys(meta.labels as object).length === 0) meta.labels = { ...labels };
  }
  spec.replicas ??= 1;
  defaultTemplate(template);
}

// ---------------------------------------------------------------- services and the rest

/**
 * SetDefaults_Service, plus the IP family fields the service registry fills
 * in on a single-stack IPv4 cluster.
 */
function defaultServiceSpec(spec: IServiceSpec): void {
  spec.sessionAffinity ??= "None";
  if (spec.sessionAffinity === "None") delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === "ClientIP" && spec.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  spec.type ??= "ClusterIP";
  for (const port of spec.ports ?? []) {
    port.protocol ??= "TCP";
    if (port.targetPort === undefined || port.targetPort === 0 || port.targetPort === "") port.targetPort = port.port;
  }
  const externallyAccessible =
    spec.type === "NodePort" || spec.type === "LoadBalancer" || (spec.type === "ClusterIP" && (spec.externalIPs ?? []).length > 0);
  if (externallyAccessible && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = "Cluster";
  if (spec.internalTrafficPolicy === undefined && (spec.type === "NodePort" || spec.type === "LoadBalancer" || spec.type === "ClusterIP")) {
    spec.internalTrafficPolicy = "Cluster";
  }
  if (spec.type === "LoadBalancer") spec.allocateLoadBalancerNodePorts ??= true;
  if (spec.type !== "ExternalName") {
    spec.ipFamilies ??= ["IPv4"];
    spec.ipFamilyPolicy ??= "SingleStack";
  }
}

/** SetDefaults_Namespace: the `kubernetes.io/metadata.name` label; the registry adds the `kubernetes` finalizer. */
function defaultNamespace(obj: Json): void {
  const meta = (obj.metadata ??= {}) as Json;
  if (typeof meta.name === "string" && meta.name.length > 0) {
    meta.labels = { ...((meta.labels as Record<string, string> | undefined) ?? {}), "kubernetes.io/metadata.name": meta.name };
  }
  const spec = (obj.spec ??= {}) as Json;
  spec.finalizers ??= ["kubernetes"];
}

/** SetDefaults_NodeStatus: allocatable defaults to capacity. */
function defaultNodeStatus(status: Json | undefined): void {
  if (!status) return;
  canonicalizeResourceList(status.capacity as ResourceList | undefined);
  if (status.allocatable === undefined && status.capacity !== undefined) status.allocatable = { ...(status.capacity as ResourceList) };
  canonicalizeResourceList(status.allocatable as ResourceList | undefined);
}

/** SetDefaults_LimitRangeItem: container defaults from max, default requests from default or min. */
function defaultLimitRangeSpec(spec: Json): void {
  for (const item of (spec.limits as Json[] | undefined) ?? []) {
    for (const key of ["max", "min", "default", "defaultRequest", "maxLimitRequestRatio"]) {
      canonicalizeResourceList(item[key] as ResourceList | undefined);
    }
    if (item.type !== "Container") continue;
    const defaults = (item.default ??= {}) as ResourceList;
    const defaultRequest = (item.defaultRequest ??= {}) as ResourceList;
    for (const [name, value] of Object.entries((item.max as ResourceList | undefined) ?? {})) if (!(name in defaults)) defaults[name] = value;
    for (const [name, value] of Object.entries(defaults)) if (!(name in defaultRequest)) defaultRequest[name] = value;
    for (const [name, value] of Object.entries((item.min as ResourceList | undefined) ?? {})) if (!(name in defaultRequest)) defaultRequest[name] = value;
  }
}

/**
 * Secret.stringData is write-only: the API server encodes each value into
 * `data` (overriding a key present in both) and never stores stringData
 * (Convert_v1_Secret_To_core_Secret; https://kubernetes.io/docs/concepts/configuration/secret/).
 */
function mergeStringData(secret: Json): void {
  const stringData = secret.stringData as Record<string, string> | undefined;
  if (!stringData) return;
  const data = { ...((secret.data as Record<string, string> | undefined) ?? {}) };
  for (const [key, value] of Object.entries(stringData)) data[key] = Buffer.from(String(value), "utf8").toString("base64");
  secret.data = data;
  delete secret.stringData;
}
