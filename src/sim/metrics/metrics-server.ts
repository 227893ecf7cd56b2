/**
 * The metrics-server add-on (kubernetes-sigs/metrics-server v0.7.2, as its components.yaml
 * installs it, RBAC and the APIService aside): a ServiceAccount, a Deployment and a Service in
 * kube-system. The Metrics API (metrics.k8s.io) is registered while its Deployment exists and
 * answers once one of its pods is Ready, as the aggregated API does when the APIService's
 * endpoint is up. `sim addon enable|disable metrics-server` installs and removes it.
 * https://github.com/kubernetes-sigs/metrics-server#installation
 */
import { kindNamed } from "../api/kinds.js";
import type { Pod } from "../api/types.js";
import type { World } from "../world/world.js";
import { fromMap } from "../core/labels.js";

const DEPLOYMENT = kindNamed("Deployment")!;
const SERVICE = kindNamed("Service")!;
const SERVICE_ACCOUNT = kindNamed("ServiceAccount")!;
const POD = kindNamed("Pod")!;

export const METRICS_SERVER_NAME = "metrics-server";
export const METRICS_SERVER_NAMESPACE = "kube-system";
const LABELS = { "k8s-app": METRICS_SERVER_NAME };

/** What the Metrics API answers: not registered, registered but without a ready backend, or answering. */
export type MetricsApiState = "absent" | "unavailable" | "available";

export function metricsApiState(world: World): MetricsApiState {
  if (!world.api.find(DEPLOYMENT, METRICS_SERVER_NAMESPACE, METRICS_SERVER_NAME)) return "absent";
  const pods = world.api.list<Pod>(POD, METRICS_SERVER_NAMESPACE, { labelSelector: fromMap(LABELS) });
  const ready = pods.some((p) => !p.metadata.deletionTimestamp && (p.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True"));
  return ready ? "available" : "unavailable";
}

/** components.yaml's objects, without its RBAC (kadet's metrics-server reads the kubelets' model directly). */
function objects(): { kind: typeof DEPLOYMENT; object: Record<string, unknown> }[] {
  const metadata = { name: METRICS_SERVER_NAME, namespace: METRICS_SERVER_NAMESPACE, labels: LABELS };
  return [
    { kind: SERVICE_ACCOUNT, object: { apiVersion: "v1", kind: "ServiceAccount", metadata } },
    {
      kind: SERVICE,
      object: { apiVersion: "v1", kind: "Service", metadata, spec: { selector: LABELS, ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: "https" }] } },
    },
    {
      kind: DEPLOYMENT,
      object: {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata,
        spec: {
          selector: { matchLabels: LABELS },
          strategy: { rollingUpdate: { maxUnavailable: 0 } },
          template: {
            metadata: { labels: LABELS },
            spec: {
              containers: [
                {
                  name: METRICS_SERVER_NAME,
                  image: "registry.k8s.io/metrics-server/metrics-server:v0.7.2",
                  imagePullPolicy: "IfNotPresent",
                  args: ["--cert-dir=/tmp", "--secure-port=10250", "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname", "--kubelet-use-node-status-port", "--metric-resolution=15s"],
                  ports: [{ containerPort: 10250, name: "https", protocol: "TCP" }],
                  livenessProbe: { failureThreshold: 3, httpGet: { path: "/livez", port: "https", scheme: "HTTPS" }, periodSeconds: 10 },
                  readinessProbe: { failureThreshold: 3, httpGet: { path: "/readyz", port: "https", scheme: "HTTPS" }, initialDelaySeconds: 20, periodSeconds: 10 },
                  resources: { requests: { cpu: "100m", memory: "200Mi" } },
                  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } },
                },
              ],
              nodeSelector: { "kubernetes.io/os": "linux" },
              priorityClassName: "system-cluster-critical",
              serviceAccountName: METRICS_SERVER_NAME,
            },
          },
        },
      },
    },
  ];
}

/** Installs the add-on; the objects that already exist are left as they are. Returns what was created. */
export function enableMetricsServer(world: World): string[] {
  const created: string[] = [];
  for (const { kind, object } of objects()) {
    if (world.api.find(kind, METRICS_SERVER_NAMESPACE, METRICS_SERVER_NAME)) continue;
    const r = world.api.create(kind, object as never, METRICS_SERVER_NAMESPACE);
    if (r.ok) created.push(`${kind.kind.toLowerCase()}/${METRICS_SERVER_NAME}`);
  }
  return created;
}

/** Removes the add-on's objects (its pods go with the Deployment). Returns what was deleted. */
export function disableMetricsServer(world: World): string[] {
  const deleted: string[] = [];
  for (const { kind } of objects().reverse()) {
    if (!world.api.find(kind, METRICS_SERVER_NAMESPACE, METRICS_SERVER_NAME)) continue;
    const r = world.api.delete(kind, METRICS_SERVER_NAMESPACE, METRICS_SERVER_NAME);
    if (r.ok) deleted.push(`${kind.kind.toLowerCase()}/${METRICS_SERVER_NAME}`);
  }
  return deleted;
}
