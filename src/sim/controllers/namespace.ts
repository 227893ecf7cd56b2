/**
 * Namespace lifecycle: every active namespace gets its `default`
 * ServiceAccount (service account controller) and the `kube-root-ca.crt`
 * ConfigMap (root CA publisher), and a terminating namespace has all its
 * content deleted before the namespace itself goes.
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
 */
import { KINDS, kindNamed } from "../api/kinds.js";
import type { Namespace } from "../api/types.js";
import type { Loop } from "../core/loop.js";
import type { World } from "../world/world.js";

const NS = kindNamed("Namespace")!;
const SA = kindNamed("ServiceAccount")!;
const CM = kindNamed("ConfigMap")!;

/** A stand-in for the cluster CA certificate (kubeadm's is a real PEM). */
const ROOT_CA = "-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIkadetkadetkadetMA0GCSqGSIb3DQEBCwUAMBUxEzARBgNV\nBAMTCmt1YmVybmV0ZXMwHhcNMjYwMTAxMDkwMDAwWhcNMzYwMTAxMDkwMDAwWjAV\n-----END CERTIFICATE-----\n";

export class NamespaceController implements Loop<World> {
  readonly name = "namespace-controller";

  reconcile(world: World): boolean {
    let changed = false;
    for (const ns of world.api.list<Namespace>(NS)) {
      const name = ns.metadata.name;
      if (ns.metadata.deletionTimestamp) {
        changed = this.drain(world, name) || changed;
        continue;
      }
      if (!world.api.find(SA, name, "default")) {
        world.api.create(SA, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default", namespace: name } }, name);
        changed = true;
      }
      if (!world.api.find(CM, name, "kube-root-ca.crt")) {
        world.api.create(
          CM,
          {
            apiVersion: "v1",
            kind: "ConfigMap",
            metadata: { name: "kube-root-ca.crt", namespace: name, annotations: { "kubernetes.io/description": "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters." } },
            data: { "ca.crt": ROOT_CA },
          },
          name,
        );
        changed = true;
      }
    }
    return changed;
  }

  /** Deletes everything in a terminating namespace; removes the namespace once it is empty. */
  private drain(world: World, namespace: string): boolean {
    let remaining = 0;
    let changed = false;
    for (const info of KINDS) {
      if (!info.namespaced) continue;
      for (const obj of world.api.list(info, namespace)) {
        remaining++;
        if (!obj.metadata.deletionTimestamp) {
          world.api.delete(info, namespace, obj.metadata.name);
          changed = true;
        }
      }
    }
    if (remaining === 0) {
      world.api.finalizeDeletion(NS, undefined, namespace);
      return true;
    }
    return changed;
  }
}
