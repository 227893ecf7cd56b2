/**
 * The registry of kinds the API server serves: group, version, plural, short
 * names, scope. It answers kubectl's resource lookups (`po`, `deploy`,
 * `deployments.apps`) and will drive `kubectl api-resources` and `explain`.
 * Values follow `kubectl api-resources` on a Kubernetes 1.32 cluster.
 */

export interface KindInfo {
  /** "" for the core group. */
  group: string;
  version: string;
  kind: string;
  /** Lower-case plural, the REST resource name: "pods". */
  plural: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
  /** `kubectl get all` lists kinds in the "all" category. */
  categories: string[];
}

const k = (
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  shortNames: string[] = [],
  categories: string[] = [],
): KindInfo => ({ group, version, kind, plural, singular: kind.toLowerCase(), shortNames, namespaced, categories });

/** In the order `kubectl api-resources` prints them. */
export const KINDS: readonly KindInfo[] = [
  k("", "v1", "Binding", "bindings", true),
  k("", "v1", "ComponentStatus", "componentstatuses", false, ["cs"]),
  k("", "v1", "ConfigMap", "configmaps", true, ["cm"]),
  k("", "v1", "Endpoints", "endpoints", true, ["ep"]),
  k("", "v1", "Event", "events", true, ["ev"]),
  k("", "v1", "LimitRange", "limitranges", true, ["limits"]),
  k("", "v1", "Namespace", "namespaces", false, ["ns"]),
  k("", "v1", "Node", "nodes", false, ["no"]),
  k("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, ["pvc"]),
  k("", "v1", "PersistentVolume", "persistentvolumes", false, ["pv"]),
  k("", "v1", "Pod", "pods", true, ["po"], ["all"]),
  k("", "v1", "PodTemplate", "podtemplates", true),
  k("", "v1", "ReplicationController", "replicationcontrollers", true, ["rc"], ["all"]),
  k("", "v1", "ResourceQuota", "resourcequotas", true, ["quota"]),
  k("", "v1", "Secret", "secrets", true),
  k("", "v1", "ServiceAccount", "serviceaccounts", true, ["sa"]),
  k("", "v1", "Service", "services", true, ["svc"], ["all"]),
  k("apps", "v1", "ControllerRevision", "controllerrevisions", true),
  k("apps", "v1", "DaemonSet", "daemonsets", true, ["ds"], ["all"]),
  k("apps", "v1", "Deployment", "deployments", true, ["deploy"], ["all"]),
  k("apps", "v1", "ReplicaSet", "replicasets", true, ["rs"], ["all"]),
  k("apps", "v1", "StatefulSet", "statefulsets", true, ["sts"], ["all"]),
  k("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true, ["hpa"], ["all"]),
  k("batch", "v1", "CronJob", "cronjobs", true, ["cj"], ["all"]),
  k("batch", "v1", "Job", "jobs", true, [], ["all"]),
  k("certificates.k8s.io", "v1", "CertificateSigningRequest", "certificatesigningrequests", false, ["csr"]),
  k("coordination.k8s.io", "v1", "Lease", "leases", true),
  k("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true),
  k("networking.k8s.io", "v1", "IngressClass", "ingressclasses", false),
  k("networking.k8s.io", "v1", "Ingress", "ingresses", true, ["ing"]),
  k("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true, ["netpol"]),
  k("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, ["pdb"]),
  k("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false),
  k("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false),
  k("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true),
  k("rbac.authorization.k8s.io", "v1", "Role", "roles", true),
  k("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", false, ["pc"]),
  k("storage.k8s.io", "v1", "StorageClass", "storageclasses", false, ["sc"]),
];

/** "v1" or "apps/v1". */
export function apiVersionOf(info: KindInfo): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/** The resource as API errors name it: "pods", "deployments.apps". */
export function qualifiedResource(info: KindInfo): string {
  return info.group ? `${info.plural}.${info.group}` : info.plural;
}

/** The kind as validation errors name it: "Pod", "Deployment.apps". */
export function qualifiedKind(info: KindInfo): string {
  return info.group ? `${info.kind}.${info.group}` : info.kind;
}

/** Finds a kind by apiVersion + kind, as a manifest names it. */
export function kindFor(apiVersion: string, kind: string): KindInfo | undefined {
  return KINDS.find((info) => info.kind === kind && apiVersionOf(info) === apiVersion);
}

/** Finds a kind by its Kind name alone (any version). */
export function kindNamed(kind: string): KindInfo | undefined {
  return KINDS.find((info) => info.kind === kind);
}

/**
 * Resolves what a kubectl user types — plural, singular, short name, Kind, or
 * any of them qualified by group ("deployments.apps", "deploy.apps") — to a kind.
 */
export function resolveResource(typed: string): KindInfo | undefined {
  const lower = typed.toLowerCase();
  const dot = lower.indexOf(".");
  const name = dot === -1 ? lower : lower.slice(0, dot);
  const group = dot === -1 ? undefined : lower.slice(dot + 1);
  return KINDS.find(
    (info) =>
      (group === undefined || info.group === group || `${info.version}.${info.group}` === group) &&
      (info.plural === name || info.singular === name || info.shortNames.includes(name)),
  );
}
