/**
 * Builders for scheduler tests, in the spirit of upstream's
 * pkg/scheduler/testing wrappers (st.MakePod(), st.MakeNode()).
 */
import type { Node, Pod } from "../api/types.js";

let counter = 0;

export interface PodOptions {
  namespace?: string;
  cpu?: string;
  memory?: string;
  ephemeralStorage?: string;
  priority?: number;
  startTime?: string;
  nodeName?: string;
  spec?: Partial<NonNullable<Pod["spec"]>>;
}

export function makePod(name: string, options: PodOptions = {}): Pod {
  const requests: Record<string, string> = {};
  if (options.cpu) requests["cpu"] = options.cpu;
  if (options.memory) requests["memory"] = options.memory;
  if (options.ephemeralStorage) requests["ephemeral-storage"] = options.ephemeralStorage;
  counter++;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: options.namespace ?? "default",
      uid: `uid-${name}-${counter}`,
      resourceVersion: "1",
      creationTimestamp: "2025-01-01T00:00:00Z",
    },
    spec: {
      containers: [{ name: "app", image: "nginx:1.27", resources: Object.keys(requests).length ? { requests } : {} }],
      ...(options.priority !== undefined ? { priority: options.priority } : {}),
      ...(options.nodeName ? { nodeName: options.nodeName } : {}),
      ...options.spec,
    },
    ...(options.startTime ? { status: { startTime: options.startTime } } : {}),
  };
}

export interface NodeOptions {
  cpu?: string;
  memory?: string;
  pods?: string;
  ephemeralStorage?: string;
  labels?: Record<string, string>;
  taints?: NonNullable<NonNullable<Node["spec"]>["taints"]>;
  unschedulable?: boolean;
  images?: { names: string[]; sizeBytes: number }[];
}

export function makeNode(name: string, options: NodeOptions = {}): Node {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name,
      uid: `uid-node-${name}`,
      resourceVersion: "1",
      creationTimestamp: "2025-01-01T00:00:00Z",
      labels: { "kubernetes.io/hostname": name, ...options.labels },
    },
    spec: {
      ...(options.taints ? { taints: options.taints } : {}),
      ...(options.unschedulable ? { unschedulable: true } : {}),
    },
    status: {
      allocatable: {
        cpu: options.cpu ?? "2",
        memory: options.memory ?? "4Gi",
        pods: options.pods ?? "110",
        "ephemeral-storage": options.ephemeralStorage ?? "20Gi",
      },
      ...(options.images ? { images: options.images } : {}),
    },
  };
}

/** podsByNode from pods that carry spec.nodeName. */
export function bound(...pods: Pod[]): Map<string, Pod[]> {
  const map = new Map<string, Pod[]>();
  for (const p of pods) {
    const node = p.spec!.nodeName!;
    map.set(node, [...(map.get(node) ?? []), p]);
  }
  return map;
}
