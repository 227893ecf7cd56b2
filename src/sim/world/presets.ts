/**
 * The worlds a session can start from. `default` is a kubeadm cluster of one
 * control-plane node and two workers with the usual add-ons; `bare` is the
 * control plane alone (API objects, no nodes, no add-on workloads) for
 * learners who build their own nodes with `sim node add`; `ha` (and `ha5`)
 * has three (five) control-plane nodes `controlplane-1..N`, each with its
 * stacked etcd member (kubeadm's `join --control-plane`), and node01, node02.
 */
import { kindNamed } from "../api/kinds.js";
import { bootstrapPolicyObjects } from "../api/auth/bootstrap-objects.js";
import type { KubeObject, StoredObject } from "../api/types.js";
import { parseImageReference, IMAGES } from "../catalog/images.js";
import type { Kubelets } from "../kubelet/kubelet.js";
import { nodeObject } from "./nodes.js";
import { CONTROL_PLANE_DIRS, controlPlaneHostFiles, MANIFESTS_DIR, WORKER_DIRS, workerHostFiles } from "./kubeadm-files.js";
import type { World } from "./world.js";

export const PRESETS = ["default", "bare", "ha", "ha5"] as const;
export type PresetName = (typeof PRESETS)[number];

/** Where the API server listens: the control-plane host (node IPs start at 192.168.0.10, see nodes.ts). */
const API_SERVER_ADDRESS = "192.168.0.10";
const API_SERVER_PORT = 6443;

export const CONTROL_PLANE_TAINT = { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" };

const create = (world: World, obj: KubeObject): StoredObject => {
  const info = kindNamed(obj.kind)!;
  const result = world.api.create(info, obj, obj.metadata?.namespace);
  if (!result.ok) throw new Error(`preset object ${obj.kind}/${obj.metadata?.name}: ${result.error.message}`);
  return result.value;
};

/** What every preset has: namespaces, the kubernetes Service, priority classes, the default StorageClass. */
function controlPlaneObjects(world: World): void {
  for (const name of ["default", "kube-node-lease", "kube-public", "kube-system"]) {
    create(world, { apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { "kubernetes.io/metadata.name": name } } });
  }
  create(world, {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "kubernetes", namespace: "default", labels: { component: "apiserver", provider: "kubernetes" } },
    spec: { clusterIP: "10.96.0.1", ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: API_SERVER_PORT }], type: "ClusterIP" },
  });
  // The kubernetes Service has no selector: the API server writes its own Endpoints (and marks
  // them so that no EndpointSlice is mirrored from them).
  create(world, {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: { name: "kubernetes", namespace: "default", labels: { "endpointslice.kubernetes.io/skip-mirror": "true" } },
    subsets: [{ addresses: [{ ip: API_SERVER_ADDRESS }], ports: [{ name: "https", port: API_SERVER_PORT, protocol: "TCP" }] }],
  });
  for (const [name, value, description] of [
    ["system-cluster-critical", 2000000000, "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."],
    ["system-node-critical", 2000001000, "Used for system critical pods that must not be moved from their current node."],
  ] as const) {
    create(world, { apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name }, value, description, preemptionPolicy: "PreemptLowerPriority" });
  }
  for (const obj of bootstrapPolicyObjects()) create(world, obj);
  create(world, {
    apiVersion: "storage.k8s.io/v1",
    kind: "StorageClass",
    // What kubeadm lab clusters (killercoda's CKA playground among them) install: local-path-provisioner's class.
    metadata: { name: "local-path", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
    provisioner: "rancher.io/local-path",
    reclaimPolicy: "Delete",
    volumeBindingMode: "WaitForFirstConsumer",
  });
}

function imageEntry(ref: string): { names: string[]; sizeBytes: number } {
  const parsed = parseImageReference(ref);
  const info = IMAGES.find((i) => i.repository === parsed.repository)!;
  return { names: [parsed.full], sizeBytes: info.sizeBytes };
}

const PRELOADED = ["registry.k8s.io/pause:3.10", "registry.k8s.io/kube-proxy:v1.32.0", "registry.k8s.io/coredns/coredns:v1.11.3"];
const CONTROL_PLANE_IMAGES = [
  "registry.k8s.io/etcd:3.5.16-0",
  "registry.k8s.io/kube-apiserver:v1.32.0",
  "registry.k8s.io/kube-controller-manager:v1.32.0",
  "registry.k8s.io/kube-scheduler:v1.32.0",
];

/** The machine of a node that joined the cluster (`kubeadm join`): kubelet files, no control plane. */
export function addWorkerHost(world: World, name: string): void {
  world.hosts.add(name, workerHostFiles(name, API_SERVER_ADDRESS), world.clock.now(), WORKER_DIRS);
}

/**
 * A stacked member's manifest as `kubeadm join --control-plane` writes it
 * (phases/etcd/local.go): every member in --initial-cluster, and the joining
 * ones with --initial-cluster-state=existing.
 */
function stackedEtcd(manifest: string, initialCluster: string, joined: boolean): string {
  const withCluster = manifest.replace(/- --initial-cluster=.*\n/, `- --initial-cluster=${initialCluster}\n`);
  return joined ? withCluster.replace(/(- --initial-cluster=.*\n)/, "$1    - --initial-cluster-state=existing\n") : withCluster;
}

export function buildPreset(world: World, kubelets: Kubelets, preset: PresetName): void {
  controlPlaneObjects(world);
  if (preset === "bare") return;

  const controlPlanes = preset === "ha" ? 3 : preset === "ha5" ? 5 : 1;
  const names = controlPlanes === 1 ? ["controlplane"] : Array.from({ length: controlPlanes }, (_, i) => `controlplane-${i + 1}`);
  const initialCluster = names.map((n, i) => `${n}=https://192.168.0.${10 + i}:2380`).join(",");
  names.forEach((name, index) => {
    create(world, nodeObject({ name, index, controlPlane: true, taints: [CONTROL_PLANE_TAINT], images: [...PRELOADED, ...CONTROL_PLANE_IMAGES].map(imageEntry) }, world.clock.nowIso()));
    const files = controlPlaneHostFiles(name, `192.168.0.${10 + index}`);
    if (controlPlanes > 1) files[`${MANIFESTS_DIR}/etcd.yaml`] = stackedEtcd(files[`${MANIFESTS_DIR}/etcd.yaml`]!, initialCluster, index > 0);
    world.hosts.add(name, files, world.clock.now(), CONTROL_PLANE_DIRS);
  });
  ["node01", "node02"].forEach((name, i) => {
    create(world, nodeObject({ name, index: controlPlanes + i, images: PRELOADED.map(imageEntry) }, world.clock.nowIso()));
    addWorkerHost(world, name);
  });

  // The control plane's pods are the kubelet's static pods, from controlplane's manifests folder.

  for (const name of ["coredns", "kube-proxy"]) {
    create(world, { apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace: "kube-system" } });
  }
  create(world, {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "kube-dns", namespace: "kube-system", labels: { "k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "CoreDNS" } },
    spec: {
      clusterIP: "10.96.0.10",
      selector: { "k8s-app": "kube-dns" },
      ports: [
        { name: "dns", port: 53, protocol: "UDP", targetPort: 53 },
        { name: "dns-tcp", port: 53, protocol: "TCP", targetPort: 53 },
        { name: "metrics", port: 9153, protocol: "TCP", targetPort: 9153 },
      ],
    },
  });
  create(world, {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "coredns", namespace: "kube-system", labels: { "k8s-app": "kube-dns" } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { "k8s-app": "kube-dns" } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 1 } },
      template: {
        metadata: { labels: { "k8s-app": "kube-dns" } },
        spec: {
          containers: [
            {
              name: "coredns",
              image: "registry.k8s.io/coredns/coredns:v1.11.3",
              args: ["-conf", "/etc/coredns/Corefile"],
              ports: [
                { containerPort: 53, name: "dns", protocol: "UDP" },
                { containerPort: 53, name: "dns-tcp", protocol: "TCP" },
                { containerPort: 9153, name: "metrics", protocol: "TCP" },
              ],
              resources: { limits: { memory: "170Mi" }, requests: { cpu: "100m", memory: "70Mi" } },
            },
          ],
          dnsPolicy: "Default",
          priority: 2000000000,
          priorityClassName: "system-cluster-critical",
          serviceAccountName: "coredns",
          tolerations: [
            { key: "CriticalAddonsOnly", operator: "Exists" },
            { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" },
          ],
        },
      },
    },
  });
  create(world, {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: "kube-proxy", namespace: "kube-system", labels: { "k8s-app": "kube-proxy" } },
    spec: {
      selector: { matchLabels: { "k8s-app": "kube-proxy" } },
      template: {
        metadata: { labels: { "k8s-app": "kube-proxy" } },
        spec: {
          containers: [
            {
              name: "kube-proxy",
              image: "registry.k8s.io/kube-proxy:v1.32.0",
              command: ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf", "--hostname-override=$(NODE_NAME)"],
            },
          ],
          hostNetwork: true,
          nodeSelector: { "kubernetes.io/os": "linux" },
          priority: 2000001000,
          priorityClassName: "system-node-critical",
          serviceAccountName: "kube-proxy",
          tolerations: [{ operator: "Exists" }],
        },
      },
    },
  });
}
