/**
 * Where kube-apiserver writes each object in etcd. kadet's store uses the
 * same keys, so the etcd model (and `etcdctl get /registry/... --prefix`)
 * sees exactly what a real control plane would: `/registry/pods/default/web`,
 * `/registry/services/specs/default/kubernetes`, `/registry/minions/node01`.
 *
 * The rule is upstream's (pkg/kubeapiserver/default_storage_factory_builder.go,
 * SpecialDefaultResourcePrefixes, and the storage factory's prefix join): a
 * few resources keep the names they had before API groups existed; the
 * built-in groups' resources go under their plural alone (deployments.apps
 * is `/registry/deployments/...`, not `/registry/apps/deployments/...`);
 * apiextensions and apiregistration, and custom resources, are prefixed by
 * their group.
 */
import type { KindInfo } from "./kinds.js";

/** The etcd prefix every object lives under (kube-apiserver's --etcd-prefix default). */
export const REGISTRY_PREFIX = "/registry";

/** Prefixes compiled into Kubernetes, by group/resource. */
const SPECIAL_RESOURCE_PREFIXES: Readonly<Record<string, string>> = {
  "/replicationcontrollers": "controllers",
  "/endpoints": "services/endpoints",
  "/nodes": "minions",
  "/services": "services/specs",
  "extensions/ingresses": "ingress",
  "networking.k8s.io/ingresses": "ingress",
};

/** Groups whose resources are stored under `group/resource` although they are built in. */
const GROUP_PREFIXED = new Set(["apiextensions.k8s.io", "apiregistration.k8s.io"]);

/** The resource's folder below /registry: `pods`, `services/specs`, `apiextensions.k8s.io/customresourcedefinitions`. */
export function resourcePrefix(info: Pick<KindInfo, "group" | "plural">): string {
  const special = SPECIAL_RESOURCE_PREFIXES[`${info.group}/${info.plural}`];
  if (special !== undefined) return special;
  const builtIn = info.group === "" || !info.group.includes(".") || (info.group.endsWith(".k8s.io") && !GROUP_PREFIXED.has(info.group));
  return builtIn ? info.plural : `${info.group}/${info.plural}`;
}

/** The key of every object of a resource, with a trailing slash, as `etcdctl get --prefix` takes it. */
export function resourceKeyPrefix(info: Pick<KindInfo, "group" | "plural">): string {
  // Every store read builds a key: the prefix of a kind is worked out once.
  let prefix = keyPrefixes.get(info);
  if (prefix === undefined) keyPrefixes.set(info, (prefix = `${REGISTRY_PREFIX}/${resourcePrefix(info)}/`));
  return prefix;
}

const keyPrefixes = new WeakMap<object, string>();

/** One object's key: `/registry/<prefix>/<namespace>/<name>`, or without the namespace for cluster-scoped kinds. */
export function storageKey(info: Pick<KindInfo, "group" | "plural" | "namespaced">, namespace: string | undefined, name: string): string {
  const prefix = resourceKeyPrefix(info);
  return info.namespaced ? `${prefix}${namespace ?? ""}/${name}` : `${prefix}${name}`;
}
