/**
 * Who is asking: the user.Info of k8s.io/apiserver (name, groups) and the
 * names kube-apiserver gives ServiceAccounts (pkg/serviceaccount/util.go):
 * `system:serviceaccount:NS:NAME` in `system:serviceaccounts` and
 * `system:serviceaccounts:NS`.
 */

export interface UserInfo {
  name: string;
  groups: string[];
  uid?: string;
  extra?: Record<string, string[]>;
}

/** k8s.io/apiserver/pkg/authentication/user: the groups every authenticated request gets. */
export const ALL_AUTHENTICATED = "system:authenticated";
export const ALL_UNAUTHENTICATED = "system:unauthenticated";
/** The group the privileged-group authorizer lets through before RBAC (kube-apiserver's authorizer chain). */
export const SYSTEM_MASTERS = "system:masters";
/** kubeadm 1.29+: admin.conf's user is in this group, bound to cluster-admin by a ClusterRoleBinding (not system:masters). */
export const KUBEADM_CLUSTER_ADMINS = "kubeadm:cluster-admins";

const SA_PREFIX = "system:serviceaccount:";

export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SA_PREFIX}${namespace}:${name}`;
}

/** serviceaccount.MakeGroupNames: the groups a ServiceAccount's token carries (before system:authenticated). */
export function serviceAccountGroups(namespace: string): string[] {
  return ["system:serviceaccounts", `system:serviceaccounts:${namespace}`];
}

/** serviceaccount.SplitUsername: namespace and name of `system:serviceaccount:NS:NAME`, or undefined. */
export function splitServiceAccountUsername(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SA_PREFIX)) return undefined;
  const parts = username.slice(SA_PREFIX.length).split(":");
  if (parts.length !== 2 || parts[0] === "" || parts[1] === "") return undefined;
  return { namespace: parts[0]!, name: parts[1]! };
}

/** The user a ServiceAccount token authenticates as (the token authenticator adds system:authenticated). */
export function serviceAccountUser(namespace: string, name: string): UserInfo {
  return { name: serviceAccountUsername(namespace, name), groups: [...serviceAccountGroups(namespace), ALL_AUTHENTICATED] };
}

/**
 * A client certificate's user: CN is the name, each O a group (x509 authenticator), plus
 * system:authenticated, which the authenticator union adds to every authenticated user.
 */
export function certificateUser(commonName: string, organizations: string[]): UserInfo {
  return { name: commonName, groups: withAuthenticated(organizations) };
}

function withAuthenticated(groups: string[]): string[] {
  return groups.includes(ALL_AUTHENTICATED) ? [...groups] : [...groups, ALL_AUTHENTICATED];
}
