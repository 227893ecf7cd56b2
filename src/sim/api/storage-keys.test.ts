/**
 * Storage keys as kube-apiserver writes them into etcd
 * (pkg/kubeapiserver/default_storage_factory_builder.go SpecialDefaultResourcePrefixes;
 * what `etcdctl get /registry --prefix --keys-only` lists on a kubeadm cluster).
 */
import { describe, expect, it } from "vitest";
import { kindNamed } from "./kinds.js";
import { storageKey, resourceKeyPrefix } from "./storage-keys.js";
import { createWorld, cloneWorld } from "../world/create.js";

const kind = (name: string) => kindNamed(name)!;

describe("storageKey", () => {
  it.each([
    ["Pod", "default", "web", "/registry/pods/default/web"],
    ["Deployment", "default", "web", "/registry/deployments/default/web"],
    ["Secret", "ns1", "db", "/registry/secrets/ns1/db"],
    ["Service", "default", "kubernetes", "/registry/services/specs/default/kubernetes"],
    ["Endpoints", "default", "kubernetes", "/registry/services/endpoints/default/kubernetes"],
    ["Node", undefined, "node01", "/registry/minions/node01"],
    ["Namespace", undefined, "default", "/registry/namespaces/default"],
    ["Ingress", "default", "site", "/registry/ingress/default/site"],
    ["ClusterRole", undefined, "view", "/registry/clusterroles/view"],
    ["StorageClass", undefined, "standard", "/registry/storageclasses/standard"],
  ])("%s %s/%s is stored at %s", (kindName, namespace, name, key) => {
    expect(storageKey(kind(kindName), namespace, name)).toBe(key);
  });

  it("custom resources are prefixed by their group; apiextensions too", () => {
    expect(resourceKeyPrefix({ group: "cert-manager.io", plural: "certificates" })).toBe("/registry/cert-manager.io/certificates/");
    expect(resourceKeyPrefix({ group: "apiextensions.k8s.io", plural: "customresourcedefinitions" })).toBe(
      "/registry/apiextensions.k8s.io/customresourcedefinitions/",
    );
  });
});

describe("the store keeps objects under their etcd keys", () => {
  it("a default cluster holds the keys a kubeadm cluster's etcd holds", () => {
    const keys = createWorld("default").snapshot().store.objects.map(([key]) => key);
    expect(keys).toContain("/registry/services/specs/default/kubernetes");
    expect(keys).toContain("/registry/services/endpoints/default/kubernetes");
    expect(keys).toContain("/registry/minions/controlplane");
    expect(keys).toContain("/registry/namespaces/kube-system");
    expect(keys).toContain("/registry/deployments/kube-system/coredns");
    expect(keys.every((key) => key.startsWith("/registry/"))).toBe(true);
  });

  it("a restored snapshot lists every kind as before (resource folders recovered from the keys)", () => {
    const world = createWorld("default");
    const copy = cloneWorld(world);
    for (const name of ["Pod", "Service", "Endpoints", "Node", "Namespace", "Deployment", "ConfigMap"]) {
      expect(copy.api.list(kind(name)).map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(
        world.api.list(kind(name)).map((o) => `${o.metadata.namespace}/${o.metadata.name}`),
      );
    }
  });
});
