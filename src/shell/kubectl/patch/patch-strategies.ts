/**
 * Where strategic merge patch merges lists instead of replacing them: the
 * `patchStrategy`/`patchMergeKey` struct tags of k8s.io/api (core/v1 types.go,
 * apps/v1, batch/v1, meta/v1 ObjectMeta), for the kinds kadet stores. A field not
 * listed here is replaced whole (tolerations, args, command, envFrom, rules, subjects),
 * as the Go types say. Each type names its struct fields that lead to further types.
 */

export interface ListStrategy {
  /** "merge" lists merge element by element (by mergeKey, or by value for primitives). */
  strategy: "merge";
  /** The element field that identifies an element; absent for lists of primitives (finalizers). */
  mergeKey?: string;
  /** patchStrategy:"merge,retainKeys" (volumes): an element patch may carry $retainKeys. */
  retainKeys?: boolean;
}

export interface FieldSchema {
  /** The struct type of the field (or of its elements, for a list). */
  type?: TypeName;
  list?: ListStrategy;
  /** patchStrategy:"retainKeys" on a struct field (a Deployment's strategy): three-way apply sends `$retainKeys`. */
  retainKeys?: boolean;
}

type TypeName =
  | "ObjectMeta" | "PodSpec" | "Container" | "PodTemplateSpec" | "WorkloadSpec" | "CronJobSpec" | "JobTemplateSpec"
  | "DeploymentSpec" | "ServiceSpec" | "PodStatus" | "NodeSpec" | "NodeStatus" | "WorkloadStatus" | "Volume";

const merge = (mergeKey?: string, retainKeys = false): ListStrategy => ({ strategy: "merge", ...(mergeKey ? { mergeKey } : {}), ...(retainKeys ? { retainKeys } : {}) });

const TYPES: Record<TypeName, Record<string, FieldSchema>> = {
  ObjectMeta: { finalizers: { list: merge() }, ownerReferences: { list: merge("uid") } },
  PodSpec: {
    volumes: { type: "Volume", list: merge("name", true) },
    initContainers: { type: "Container", list: merge("name") },
    containers: { type: "Container", list: merge("name") },
    ephemeralContainers: { type: "Container", list: merge("name") },
    imagePullSecrets: { list: merge("name") },
    hostAliases: { list: merge("ip") },
    topologySpreadConstraints: { list: merge("topologyKey") },
    schedulingGates: { list: merge("name") },
    resourceClaims: { list: merge("name", true) },
  },
  Container: {
    ports: { list: merge("containerPort") },
    env: { list: merge("name") },
    volumeMounts: { list: merge("mountPath") },
    volumeDevices: { list: merge("devicePath") },
  },
  Volume: {},
  PodTemplateSpec: { metadata: { type: "ObjectMeta" }, spec: { type: "PodSpec" } },
  // DeploymentSpec, ReplicaSetSpec, DaemonSetSpec, StatefulSetSpec, JobSpec, ReplicationControllerSpec.
  WorkloadSpec: { template: { type: "PodTemplateSpec" } },
  // apps/v1 DeploymentSpec.Strategy: `patchStrategy:"retainKeys"`.
  DeploymentSpec: { template: { type: "PodTemplateSpec" }, strategy: { retainKeys: true } },
  JobTemplateSpec: { metadata: { type: "ObjectMeta" }, spec: { type: "WorkloadSpec" } },
  CronJobSpec: { jobTemplate: { type: "JobTemplateSpec" } },
  ServiceSpec: { ports: { list: merge("port") } },
  PodStatus: { conditions: { list: merge("type") }, podIPs: { list: merge("ip") } },
  NodeSpec: { podCIDRs: { list: merge() } },
  NodeStatus: { conditions: { list: merge("type") }, addresses: { list: merge("type") } },
  // DeploymentStatus, ReplicaSetStatus, StatefulSetStatus, DaemonSetStatus conditions.
  WorkloadStatus: { conditions: { list: merge("type") } },
};

const WORKLOADS = new Set(["ReplicaSet", "DaemonSet", "StatefulSet", "Job", "ReplicationController"]);

/** The top-level fields of a kind, or undefined for a kind whose Go type kadet does not describe here. */
function rootFields(kind: string): Record<string, FieldSchema> {
  const fields: Record<string, FieldSchema> = { metadata: { type: "ObjectMeta" } };
  if (kind === "Pod") Object.assign(fields, { spec: { type: "PodSpec" }, status: { type: "PodStatus" } });
  else if (kind === "Deployment") Object.assign(fields, { spec: { type: "DeploymentSpec" }, status: { type: "WorkloadStatus" } });
  else if (WORKLOADS.has(kind)) Object.assign(fields, { spec: { type: "WorkloadSpec" }, status: { type: "WorkloadStatus" } });
  else if (kind === "CronJob") fields.spec = { type: "CronJobSpec" };
  else if (kind === "PodTemplate") fields.template = { type: "PodTemplateSpec" };
  else if (kind === "Service") fields.spec = { type: "ServiceSpec" };
  else if (kind === "Node") Object.assign(fields, { spec: { type: "NodeSpec" }, status: { type: "NodeStatus" } });
  return fields;
}

/** A position in an object's schema: the fields known below it. */
export interface SchemaNode {
  fields: Record<string, FieldSchema>;
}

export function schemaOfKind(kind: string): SchemaNode {
  return { fields: rootFields(kind) };
}

/** The schema one field down (an element's, for a list field); unknown fields have no strategies below. */
export function childSchema(node: SchemaNode, field: string): SchemaNode {
  const type = node.fields[field]?.type;
  return { fields: type ? TYPES[type] : {} };
}

export function listStrategy(node: SchemaNode, field: string): ListStrategy | undefined {
  return node.fields[field]?.list;
}
