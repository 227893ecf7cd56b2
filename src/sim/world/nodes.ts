/**
 * Node objects as a kubeadm-built node registers itself: standard labels,
 * capacity and allocatable, conditions, addresses and node info.
 * https://kubernetes.io/docs/reference/labels-annotations-taints/
 */
import type { KubeObject } from "../api/types.js";

export interface NodeSpecInput {
  name: string;
  cpu?: string;
  memory?: string;
  pods?: number;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
  controlPlane?: boolean;
  /** Index used for the node's IP (192.168.0.10+i) and pod CIDR (10.244.i.0/24). */
  index: number;
  /** Images already on the node (containerd's image store). */
  images?: { names: string[]; sizeBytes: number }[];
}

export const DEFAULT_NODE_CPU = "2";
export const DEFAULT_NODE_MEMORY = "4Gi";
export const DEFAULT_NODE_PODS = 110;
export const KUBELET_VERSION = "v1.32.0";

export function nodeObject(input: NodeSpecInput, nowIso: string): KubeObject {
  const cpu = input.cpu ?? DEFAULT_NODE_CPU;
  const memory = input.memory ?? DEFAULT_NODE_MEMORY;
  const pods = String(input.pods ?? DEFAULT_NODE_PODS);
  const ip = `192.168.0.${10 + input.index}`;
  const resources = { cpu, "ephemeral-storage": "50Gi", "hugepages-1Gi": "0", "hugepages-2Mi": "0", memory, pods };
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: nowIso,
    lastTransitionTime: nowIso,
    reason,
    message,
  });
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: input.name,
      labels: {
        "beta.kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": input.name,
        "kubernetes.io/os": "linux",
        ...(input.controlPlane ? { "node-role.kubernetes.io/control-plane": "", "node.kubernetes.io/exclude-from-external-load-balancers": "" } : {}),
        ...(input.labels ?? {}),
      },
      annotations: {
        "kubeadm.alpha.kubernetes.io/cri-socket": "unix:///var/run/containerd/containerd.sock",
        "node.alpha.kubernetes.io/ttl": "0",
        "volumes.kubernetes.io/controller-managed-attach-detach": "true",
      },
    },
    spec: {
      podCIDR: `10.244.${input.index}.0/24`,
      podCIDRs: [`10.244.${input.index}.0/24`],
      ...(input.taints && input.taints.length > 0 ? { taints: input.taints.map((t) => ({ key: t.key, ...(t.value ? { value: t.value } : {}), effect: t.effect })) } : {}),
    },
    status: {
      addresses: [
        { address: ip, type: "InternalIP" },
        { address: input.name, type: "Hostname" },
      ],
      allocatable: { ...resources },
      capacity: { ...resources },
      conditions: [
        condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      images: input.images ?? [],
      nodeInfo: {
        architecture: "amd64",
        bootID: "",
        containerRuntimeVersion: "containerd://1.7.24",
        kernelVersion: "6.8.0-51-generic",
        kubeProxyVersion: KUBELET_VERSION,
        kubeletVersion: KUBELET_VERSION,
        machineID: "",
        operatingSystem: "linux",
        osImage: "Ubuntu 24.04.1 LTS",
        systemUUID: "",
      },
    },
  };
}
