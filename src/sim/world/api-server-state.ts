/**
 * Whether a cluster's API server answers, as a client on the network sees it: kubeadm runs
 * kube-apiserver as a static pod on the control-plane hosts, and it stores everything in etcd.
 * - no kube-apiserver running, but a control-plane host is on: nothing listens on 6443
 *   (connection refused);
 * - every control-plane host switched off: no machine answers at all (no route to host);
 * - running, but etcd has no leader with a quorum: the server answers, and every request that
 *   reaches etcd times out (etcdserver: request timed out).
 * A cluster whose control plane is on none of its hosts (the `bare` preset) always answers.
 */
import { EtcdCluster } from "../etcd/etcd.js";
import { controlPlaneComponentRunning } from "../kubelet/static-pods.js";
import type { World } from "./world.js";

export type ApiServerState = "serving" | "etcd-no-quorum" | "refused" | "unreachable";

const ADMIN_CONF = "/etc/kubernetes/admin.conf";

export function apiServerState(world: World): ApiServerState {
  const controlPlane = world.hosts.list().filter((h) => h.files[ADMIN_CONF] !== undefined);
  if (controlPlane.length === 0) return "serving";
  if (!controlPlaneComponentRunning(world, "kube-apiserver")) return controlPlane.every((h) => h.off === true) ? "unreachable" : "refused";
  const etcd = world.loopsOfType(EtcdCluster);
  if (etcd && etcd.members(world).length > 0 && !etcd.hasQuorum()) return "etcd-no-quorum";
  return "serving";
}
