/** The bootstrap policy (bootstrap-policy.ts) as the API objects kube-apiserver and kubeadm store. */
import type { KubeObject } from "../types.js";
import { BOOTSTRAP_CLUSTER_ROLE_BINDINGS, BOOTSTRAP_CLUSTER_ROLES, KUBEADM_CLUSTER_ROLE_BINDINGS, type BootstrapBinding } from "./bootstrap-policy.js";

const RBAC_V1 = "rbac.authorization.k8s.io/v1";
const BOOTSTRAP_LABELS = { "kubernetes.io/bootstrapping": "rbac-defaults" };
const AUTOUPDATE = { "rbac.authorization.kubernetes.io/autoupdate": "true" };

function binding(b: BootstrapBinding, bootstrap: boolean): KubeObject {
  return {
    apiVersion: RBAC_V1,
    kind: "ClusterRoleBinding",
    metadata: bootstrap ? { name: b.name, labels: { ...BOOTSTRAP_LABELS }, annotations: { ...AUTOUPDATE } } : { name: b.name },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: b.role },
    ...(b.subjects.length > 0
      ? { subjects: b.subjects.map((s) => (s.kind === "ServiceAccount" ? { kind: s.kind, name: s.name, namespace: s.namespace } : { apiGroup: "rbac.authorization.k8s.io", kind: s.kind, name: s.name })) }
      : {}),
  };
}

/** ClusterRoles first (a binding names its role), then the API server's bindings, then kubeadm's. */
export function bootstrapPolicyObjects(): KubeObject[] {
  const roles = BOOTSTRAP_CLUSTER_ROLES.map(
    (role): KubeObject => ({
      apiVersion: RBAC_V1,
      kind: "ClusterRole",
      metadata: { name: role.name, labels: { ...BOOTSTRAP_LABELS, ...role.labels }, annotations: { ...AUTOUPDATE } },
      ...(role.aggregateFrom ? { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { ...role.aggregateFrom } }] } } : {}),
      rules: structuredClone(role.rules),
    }),
  );
  return [...roles, ...BOOTSTRAP_CLUSTER_ROLE_BINDINGS.map((b) => binding(b, true)), ...KUBEADM_CLUSTER_ROLE_BINDINGS.map((b) => binding(b, false))];
}
