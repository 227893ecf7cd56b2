/**
 * The ClusterRoles and ClusterRoleBindings kube-apiserver creates at start-up
 * (its rbac/bootstrap-roles post-start hook), transcribed from upstream's
 * plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata/cluster-roles.yaml and
 * cluster-role-bindings.yaml, which its tests keep equal to policy.go. `admin`,
 * `edit` and `view` have no rules of their own: the ClusterRole aggregation
 * controller fills them from the `aggregate-to-*` roles (aggregation.ts).
 * Not transcribed: the `system:controller:*` roles of each kube-controller-manager
 * controller (controller-roles.yaml), whose users kadet's controllers do not act as.
 */
import type { PolicyRule } from "./rbac.js";

const r = (apiGroups: string[], resources: string[], verbs: string[], resourceNames?: string[]): PolicyRule =>
  resourceNames ? { apiGroups, resourceNames, resources, verbs } : { apiGroups, resources, verbs };
const nonResource = (nonResourceURLs: string[], verbs: string[]): PolicyRule => ({ nonResourceURLs, verbs });

const RW = ["create", "delete", "deletecollection", "patch", "update"];
const READ = ["get", "list", "watch"];
const ALL_RW = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
const EVENTS = r(["", "events.k8s.io"], ["events"], ["create", "patch", "update"]);

export interface BootstrapClusterRole {
  name: string;
  /** Extra labels besides kubernetes.io/bootstrapping=rbac-defaults. */
  labels?: Record<string, string>;
  /** matchLabels of the aggregationRule's clusterRoleSelectors. */
  aggregateFrom?: Record<string, string>;
  rules: PolicyRule[] | null;
}

const AGG = (to: string) => ({ [`rbac.authorization.k8s.io/aggregate-to-${to}`]: "true" });

export const BOOTSTRAP_CLUSTER_ROLES: BootstrapClusterRole[] = [
  { name: "admin", aggregateFrom: AGG("admin"), rules: null },
  { name: "cluster-admin", rules: [r(["*"], ["*"], ["*"]), nonResource(["*"], ["*"])] },
  { name: "edit", labels: AGG("admin"), aggregateFrom: AGG("edit"), rules: null },
  {
    name: "system:aggregate-to-admin",
    labels: AGG("admin"),
    rules: [r(["authorization.k8s.io"], ["localsubjectaccessreviews"], ["create"]), r(["rbac.authorization.k8s.io"], ["rolebindings", "roles"], ALL_RW)],
  },
  {
    name: "system:aggregate-to-edit",
    labels: AGG("edit"),
    rules: [
      r([""], ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"], READ),
      r([""], ["serviceaccounts"], ["impersonate"]),
      r([""], ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"], RW),
      r([""], ["pods/eviction"], ["create"]),
      r([""], ["configmaps", "events", "persistentvolumeclaims", "replicationcontrollers", "replicationcontrollers/scale", "secrets", "serviceaccounts", "services", "services/proxy"], RW),
      r([""], ["serviceaccounts/token"], ["create"]),
      r(["apps"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets", "replicasets/scale", "statefulsets", "statefulsets/scale"], RW),
      r(["autoscaling"], ["horizontalpodautoscalers"], RW),
      r(["batch"], ["cronjobs", "jobs"], RW),
      r(["extensions"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "ingresses", "networkpolicies", "replicasets", "replicasets/scale", "replicationcontrollers/scale"], RW),
      r(["policy"], ["poddisruptionbudgets"], RW),
      r(["networking.k8s.io"], ["ingresses", "networkpolicies"], RW),
      r(["coordination.k8s.io"], ["leases"], ALL_RW),
    ],
  },
  {
    name: "system:aggregate-to-view",
    labels: AGG("view"),
    rules: [
      r([""], ["configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods", "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services", "services/status"], READ),
      r([""], ["bindings", "events", "limitranges", "namespaces/status", "pods/log", "pods/status", "replicationcontrollers/status", "resourcequotas", "resourcequotas/status"], READ),
      r([""], ["namespaces"], READ),
      r(["discovery.k8s.io"], ["endpointslices"], READ),
      r(["apps"], ["controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "replicasets", "replicasets/scale", "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status"], READ),
      r(["autoscaling"], ["horizontalpodautoscalers", "horizontalpodautoscalers/status"], READ),
      r(["batch"], ["cronjobs", "cronjobs/status", "jobs", "jobs/status"], READ),
      r(["extensions"], ["daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "ingresses", "ingresses/status", "networkpolicies", "replicasets", "replicasets/scale", "replicasets/status", "replicationcontrollers/scale"], READ),
      r(["policy"], ["poddisruptionbudgets", "poddisruptionbudgets/status"], READ),
      r(["networking.k8s.io"], ["ingresses", "ingresses/status", "networkpolicies"], READ),
    ],
  },
  { name: "system:auth-delegator", rules: [r(["authentication.k8s.io"], ["tokenreviews"], ["create"]), r(["authorization.k8s.io"], ["subjectaccessreviews"], ["create"])] },
  {
    name: "system:basic-user",
    rules: [r(["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"], ["create"]), r(["authentication.k8s.io"], ["selfsubjectreviews"], ["create"])],
  },
  { name: "system:certificates.k8s.io:certificatesigningrequests:nodeclient", rules: [r(["certificates.k8s.io"], ["certificatesigningrequests/nodeclient"], ["create"])] },
  { name: "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", rules: [r(["certificates.k8s.io"], ["certificatesigningrequests/selfnodeclient"], ["create"])] },
  { name: "system:certificates.k8s.io:kube-apiserver-client-approver", rules: [r(["certificates.k8s.io"], ["signers"], ["approve"], ["kubernetes.io/kube-apiserver-client"])] },
  { name: "system:certificates.k8s.io:kube-apiserver-client-kubelet-approver", rules: [r(["certificates.k8s.io"], ["signers"], ["approve"], ["kubernetes.io/kube-apiserver-client-kubelet"])] },
  { name: "system:certificates.k8s.io:kubelet-serving-approver", rules: [r(["certificates.k8s.io"], ["signers"], ["approve"], ["kubernetes.io/kubelet-serving"])] },
  { name: "system:certificates.k8s.io:legacy-unknown-approver", rules: [r(["certificates.k8s.io"], ["signers"], ["approve"], ["kubernetes.io/legacy-unknown"])] },
  {
    name: "system:discovery",
    rules: [nonResource(["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"], ["get"])],
  },
  { name: "system:heapster", rules: [r([""], ["events", "namespaces", "nodes", "pods"], READ), r(["extensions"], ["deployments"], READ)] },
  { name: "system:kube-aggregator", rules: [r([""], ["endpoints", "services"], READ)] },
  {
    name: "system:kube-controller-manager",
    rules: [
      EVENTS,
      r(["coordination.k8s.io"], ["leases"], ["create"]),
      r(["coordination.k8s.io"], ["leases"], ["get", "update"], ["kube-controller-manager"]),
      r([""], ["secrets", "serviceaccounts"], ["create"]),
      r([""], ["secrets"], ["delete"]),
      r([""], ["configmaps", "namespaces", "secrets", "serviceaccounts"], ["get"]),
      r([""], ["secrets", "serviceaccounts"], ["update"]),
      r(["authentication.k8s.io"], ["tokenreviews"], ["create"]),
      r(["authorization.k8s.io"], ["subjectaccessreviews"], ["create"]),
      r(["*"], ["*"], ["list", "watch"]),
      r([""], ["serviceaccounts/token"], ["create"]),
    ],
  },
  { name: "system:kube-dns", rules: [r([""], ["endpoints", "services"], ["list", "watch"])] },
  {
    name: "system:kube-scheduler",
    rules: [
      EVENTS,
      r(["coordination.k8s.io"], ["leases"], ["create"]),
      r(["coordination.k8s.io"], ["leases"], ["get", "update"], ["kube-scheduler"]),
      r([""], ["nodes"], READ),
      r([""], ["pods"], ["delete", "get", "list", "watch"]),
      r([""], ["bindings", "pods/binding"], ["create"]),
      r([""], ["pods/status"], ["patch", "update"]),
      r([""], ["replicationcontrollers", "services"], READ),
      r(["apps", "extensions"], ["replicasets"], READ),
      r(["apps"], ["statefulsets"], READ),
      r(["policy"], ["poddisruptionbudgets"], READ),
      r([""], ["persistentvolumeclaims", "persistentvolumes"], READ),
      r(["authentication.k8s.io"], ["tokenreviews"], ["create"]),
      r(["authorization.k8s.io"], ["subjectaccessreviews"], ["create"]),
      r(["storage.k8s.io"], ["csinodes"], READ),
      r([""], ["namespaces"], READ),
      r(["storage.k8s.io"], ["csidrivers"], READ),
      r(["storage.k8s.io"], ["csistoragecapacities"], READ),
    ],
  },
  { name: "system:kubelet-api-admin", rules: [r([""], ["nodes"], READ), r([""], ["nodes"], ["proxy"]), r([""], ["nodes/log", "nodes/metrics", "nodes/proxy", "nodes/stats"], ["*"])] },
  { name: "system:monitoring", rules: [nonResource(["/healthz", "/healthz/*", "/livez", "/livez/*", "/metrics", "/metrics/slis", "/readyz", "/readyz/*"], ["get"])] },
  {
    name: "system:node",
    rules: [
      r(["authentication.k8s.io"], ["tokenreviews"], ["create"]),
      r(["authorization.k8s.io"], ["localsubjectaccessreviews", "subjectaccessreviews"], ["create"]),
      r([""], ["services"], READ),
      r([""], ["nodes"], ["create", "get", "list", "watch"]),
      r([""], ["nodes/status"], ["patch", "update"]),
      r([""], ["nodes"], ["patch", "update"]),
      r([""], ["events"], ["create", "patch", "update"]),
      r([""], ["pods"], READ),
      r([""], ["pods"], ["create", "delete"]),
      r([""], ["pods/status"], ["patch", "update"]),
      r([""], ["pods/eviction"], ["create"]),
      r([""], ["configmaps", "secrets"], READ),
      r([""], ["persistentvolumeclaims", "persistentvolumes"], ["get"]),
      r([""], ["endpoints"], ["get"]),
      r(["certificates.k8s.io"], ["certificatesigningrequests"], ["create", "get", "list", "watch"]),
      r(["coordination.k8s.io"], ["leases"], ["create", "delete", "get", "patch", "update"]),
      r(["storage.k8s.io"], ["volumeattachments"], ["get"]),
      r([""], ["serviceaccounts/token"], ["create"]),
      r([""], ["persistentvolumeclaims/status"], ["get", "patch", "update"]),
      r(["storage.k8s.io"], ["csidrivers"], READ),
      r(["storage.k8s.io"], ["csinodes"], ["create", "delete", "get", "patch", "update"]),
      r(["node.k8s.io"], ["runtimeclasses"], READ),
    ],
  },
  { name: "system:node-bootstrapper", rules: [r(["certificates.k8s.io"], ["certificatesigningrequests"], ["create", "get", "list", "watch"])] },
  { name: "system:node-problem-detector", rules: [r([""], ["nodes"], ["get"]), r([""], ["nodes/status"], ["patch"]), EVENTS] },
  {
    name: "system:node-proxier",
    rules: [r([""], ["endpoints", "services"], ["list", "watch"]), r([""], ["nodes"], READ), EVENTS, r(["discovery.k8s.io"], ["endpointslices"], ["list", "watch"])],
  },
  {
    name: "system:persistent-volume-provisioner",
    rules: [
      r([""], ["persistentvolumes"], ["create", "delete", "get", "list", "watch"]),
      r([""], ["persistentvolumeclaims"], ["get", "list", "update", "watch"]),
      r(["storage.k8s.io"], ["storageclasses"], READ),
      r([""], ["events"], ["watch"]),
      EVENTS,
    ],
  },
  { name: "system:public-info-viewer", rules: [nonResource(["/healthz", "/livez", "/readyz", "/version", "/version/"], ["get"])] },
  { name: "system:service-account-issuer-discovery", rules: [nonResource(["/.well-known/openid-configuration", "/openid/v1/jwks"], ["get"])] },
  {
    name: "system:volume-scheduler",
    rules: [
      r([""], ["persistentvolumes"], ["get", "list", "patch", "update", "watch"]),
      r(["storage.k8s.io"], ["storageclasses"], READ),
      r([""], ["persistentvolumeclaims"], ["get", "list", "patch", "update", "watch"]),
    ],
  },
  { name: "view", labels: AGG("edit"), aggregateFrom: AGG("view"), rules: null },
];

export interface BootstrapBinding {
  name: string;
  role: string;
  subjects: { kind: "User" | "Group" | "ServiceAccount"; name: string; namespace?: string }[];
}

const group = (name: string) => ({ kind: "Group" as const, name });
const user = (name: string) => ({ kind: "User" as const, name });

/**
 * cluster-role-bindings.yaml, plus the two bindings policy.go added after that file's
 * last stored version (system:monitoring and system:service-account-issuer-discovery).
 */
export const BOOTSTRAP_CLUSTER_ROLE_BINDINGS: BootstrapBinding[] = [
  { name: "cluster-admin", role: "cluster-admin", subjects: [group("system:masters")] },
  { name: "system:basic-user", role: "system:basic-user", subjects: [group("system:authenticated")] },
  { name: "system:discovery", role: "system:discovery", subjects: [group("system:authenticated")] },
  { name: "system:kube-controller-manager", role: "system:kube-controller-manager", subjects: [user("system:kube-controller-manager")] },
  { name: "system:kube-dns", role: "system:kube-dns", subjects: [{ kind: "ServiceAccount", name: "kube-dns", namespace: "kube-system" }] },
  { name: "system:kube-scheduler", role: "system:kube-scheduler", subjects: [user("system:kube-scheduler")] },
  { name: "system:monitoring", role: "system:monitoring", subjects: [group("system:monitoring")] },
  { name: "system:node", role: "system:node", subjects: [] },
  { name: "system:node-proxier", role: "system:node-proxier", subjects: [user("system:kube-proxy")] },
  { name: "system:public-info-viewer", role: "system:public-info-viewer", subjects: [group("system:authenticated"), group("system:unauthenticated")] },
  { name: "system:service-account-issuer-discovery", role: "system:service-account-issuer-discovery", subjects: [group("system:serviceaccounts")] },
  { name: "system:volume-scheduler", role: "system:volume-scheduler", subjects: [user("system:kube-scheduler")] },
];

/**
 * What `kubeadm init` adds (cmd/kubeadm/app/phases/kubeconfig: the kubeadm:cluster-admins group,
 * 1.29+, so that admin.conf's user can be stripped of its rights, unlike system:masters).
 */
export const KUBEADM_CLUSTER_ROLE_BINDINGS: BootstrapBinding[] = [
  { name: "kubeadm:cluster-admins", role: "cluster-admin", subjects: [group("kubeadm:cluster-admins")] },
];
