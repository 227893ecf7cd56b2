/** The RBAC objects as the authorizer reads them (kube-apiserver's listers): straight from the store. */
import { kindNamed } from "../kinds.js";
import type { ObjectStore } from "../store.js";
import type { BindingObject, RbacSource, RoleObject } from "./rbac.js";

const ROLE = kindNamed("Role")!;
const CLUSTER_ROLE = kindNamed("ClusterRole")!;
const ROLE_BINDING = kindNamed("RoleBinding")!;
const CLUSTER_ROLE_BINDING = kindNamed("ClusterRoleBinding")!;

export function rbacSourceOf(store: ObjectStore): RbacSource {
  return {
    role: (namespace, name) => store.get(ROLE, namespace, name) as RoleObject | undefined,
    clusterRole: (name) => store.get(CLUSTER_ROLE, undefined, name) as RoleObject | undefined,
    roleBindings: (namespace) => store.list(ROLE_BINDING, namespace) as unknown as BindingObject[],
    clusterRoleBindings: () => store.list(CLUSTER_ROLE_BINDING) as unknown as BindingObject[],
  };
}
