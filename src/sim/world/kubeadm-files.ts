/**
 * The files `kubeadm init` / `kubeadm join` (v1.32) leave on a node, as text:
 * the control plane's static pod manifests (cmd/kubeadm/app/phases/controlplane/manifests.go,
 * phases/etcd/local.go; etcd probes on /livez and /readyz since kubeadm 1.31,
 * kubernetes/kubernetes#124465), the kubelet's config.yaml and kubeconfig,
 * admin.conf and the pki file names
 * (https://kubernetes.io/docs/reference/setup-tools/kubeadm/implementation-details/#constants-and-well-known-values-and-paths).
 *
 * Keys and certificates are not simulated: their files exist with the real
 * names, but hold a line saying so instead of key material.
 */

export const MANIFESTS_DIR = "/etc/kubernetes/manifests";
export const KUBELET_CONFIG = "/var/lib/kubelet/config.yaml";
export const API_SERVER_PORT = 6443;

/** What a certificate or key file holds in kadet. */
export const NOT_SIMULATED_PEM = "# kadet: certificate and key contents are not simulated; only the file names are real\n";
/** The same, base64-encoded as kubeconfig files embed certificates (`*-data` fields). */
export const NOT_SIMULATED_PEM_DATA = "IyBrYWRldDogY2VydGlmaWNhdGUgYW5kIGtleSBjb250ZW50cyBhcmUgbm90IHNpbXVsYXRlZDsgb25seSB0aGUgZmlsZSBuYW1lcyBhcmUgcmVhbAo=";

const CONTROL_PLANE_PKI = [
  "apiserver-etcd-client.crt", "apiserver-etcd-client.key", "apiserver-kubelet-client.crt", "apiserver-kubelet-client.key",
  "apiserver.crt", "apiserver.key", "ca.crt", "ca.key", "front-proxy-ca.crt", "front-proxy-ca.key",
  "front-proxy-client.crt", "front-proxy-client.key", "sa.key", "sa.pub",
  "etcd/ca.crt", "etcd/ca.key", "etcd/healthcheck-client.crt", "etcd/healthcheck-client.key",
  "etcd/peer.crt", "etcd/peer.key", "etcd/server.crt", "etcd/server.key",
];

const probe = (host: string, path: string, port: number, scheme: string, failureThreshold: number, periodSeconds: number, initialDelay: boolean): string =>
  `      failureThreshold: ${failureThreshold}
      httpGet:
        host: ${host}
        path: ${path}
        port: ${port}
        scheme: ${scheme}
${initialDelay ? "      initialDelaySeconds: 10\n" : ""}      periodSeconds: ${periodSeconds}
      timeoutSeconds: 15`;

export function etcdManifest(nodeName: string, ip: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  annotations:
    kubeadm.kubernetes.io/etcd.advertise-client-urls: https://${ip}:2379
  creationTimestamp: null
  labels:
    component: etcd
    tier: control-plane
  name: etcd
  namespace: kube-system
spec:
  containers:
  - command:
    - etcd
    - --advertise-client-urls=https://${ip}:2379
    - --cert-file=/etc/kubernetes/pki/etcd/server.crt
    - --client-cert-auth=true
    - --data-dir=/var/lib/etcd
    - --experimental-initial-corrupt-check=true
    - --experimental-watch-progress-notify-interval=5s
    - --initial-advertise-peer-urls=https://${ip}:2380
    - --initial-cluster=${nodeName}=https://${ip}:2380
    - --key-file=/etc/kubernetes/pki/etcd/server.key
    - --listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379
    - --listen-metrics-urls=http://127.0.0.1:2381
    - --listen-peer-urls=https://${ip}:2380
    - --name=${nodeName}
    - --peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt
    - --peer-client-cert-auth=true
    - --peer-key-file=/etc/kubernetes/pki/etcd/peer.key
    - --peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
    - --snapshot-count=10000
    - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
    image: registry.k8s.io/etcd:3.5.16-0
    imagePullPolicy: IfNotPresent
    livenessProbe:
${probe("127.0.0.1", "/livez", 2381, "HTTP", 8, 10, true)}
    name: etcd
    readinessProbe:
${probe("127.0.0.1", "/readyz", 2381, "HTTP", 3, 1, false)}
    resources:
      requests:
        cpu: 100m
        memory: 100Mi
    startupProbe:
${probe("127.0.0.1", "/readyz", 2381, "HTTP", 24, 10, true)}
    volumeMounts:
    - mountPath: /var/lib/etcd
      name: etcd-data
    - mountPath: /etc/kubernetes/pki/etcd
      name: etcd-certs
  hostNetwork: true
  priority: 2000001000
  priorityClassName: system-node-critical
  securityContext:
    seccompProfile:
      type: RuntimeDefault
  volumes:
  - hostPath:
      path: /etc/kubernetes/pki/etcd
      type: DirectoryOrCreate
    name: etcd-certs
  - hostPath:
      path: /var/lib/etcd
      type: DirectoryOrCreate
    name: etcd-data
status: {}
`;
}

const CA_CERT_VOLUMES = [
  ["ca-certs", "/etc/ssl/certs"],
  ["etc-ca-certificates", "/etc/ca-certificates"],
] as const;
const SHARE_CERT_VOLUMES = [
  ["usr-local-share-ca-certificates", "/usr/local/share/ca-certificates"],
  ["usr-share-ca-certificates", "/usr/share/ca-certificates"],
] as const;

/** kubeadm lists mounts and volumes sorted by volume name; only the flexvolume folder is mounted writable. */
function mountsAndVolumes(entries: readonly (readonly [string, string, string?])[]): { mounts: string; volumes: string } {
  const sorted = [...entries].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const mounts = sorted.map(([name, path]) => `    - mountPath: ${path}\n      name: ${name}${name === "flexvolume-dir" ? "" : "\n      readOnly: true"}`).join("\n");
  const volumes = sorted.map(([name, path, type]) => `  - hostPath:\n      path: ${path}\n      type: ${type ?? "DirectoryOrCreate"}\n    name: ${name}`).join("\n");
  return { mounts, volumes };
}

export function kubeApiServerManifest(ip: string): string {
  const { mounts, volumes } = mountsAndVolumes([...CA_CERT_VOLUMES, ["k8s-certs", "/etc/kubernetes/pki"], ...SHARE_CERT_VOLUMES]);
  return `apiVersion: v1
kind: Pod
metadata:
  annotations:
    kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint: ${ip}:${API_SERVER_PORT}
  creationTimestamp: null
  labels:
    component: kube-apiserver
    tier: control-plane
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
  - command:
    - kube-apiserver
    - --advertise-address=${ip}
    - --allow-privileged=true
    - --authorization-mode=Node,RBAC
    - --client-ca-file=/etc/kubernetes/pki/ca.crt
    - --enable-admission-plugins=NodeRestriction
    - --enable-bootstrap-token-auth=true
    - --etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt
    - --etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt
    - --etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key
    - --etcd-servers=https://127.0.0.1:2379
    - --kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt
    - --kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key
    - --kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname
    - --proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt
    - --proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key
    - --requestheader-allowed-names=front-proxy-client
    - --requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt
    - --requestheader-extra-headers-prefix=X-Remote-Extra-
    - --requestheader-group-headers=X-Remote-Group
    - --requestheader-username-headers=X-Remote-User
    - --secure-port=${API_SERVER_PORT}
    - --service-account-issuer=https://kubernetes.default.svc.cluster.local
    - --service-account-key-file=/etc/kubernetes/pki/sa.pub
    - --service-account-signing-key-file=/etc/kubernetes/pki/sa.key
    - --service-cluster-ip-range=10.96.0.0/12
    - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
    - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
    image: registry.k8s.io/kube-apiserver:v1.32.0
    imagePullPolicy: IfNotPresent
    livenessProbe:
${probe(ip, "/livez", API_SERVER_PORT, "HTTPS", 8, 10, true)}
    name: kube-apiserver
    readinessProbe:
${probe(ip, "/readyz", API_SERVER_PORT, "HTTPS", 3, 1, false)}
    resources:
      requests:
        cpu: 250m
    startupProbe:
${probe(ip, "/livez", API_SERVER_PORT, "HTTPS", 24, 10, true)}
    volumeMounts:
${mounts}
  hostNetwork: true
  priority: 2000001000
  priorityClassName: system-node-critical
  securityContext:
    seccompProfile:
      type: RuntimeDefault
  volumes:
${volumes}
status: {}
`;
}

export function kubeControllerManagerManifest(): string {
  const { mounts, volumes } = mountsAndVolumes([
    ...CA_CERT_VOLUMES,
    ["flexvolume-dir", "/usr/libexec/kubernetes/kubelet-plugins/volume/exec"],
    ["k8s-certs", "/etc/kubernetes/pki"],
    ["kubeconfig", "/etc/kubernetes/controller-manager.conf", "FileOrCreate"],
    ...SHARE_CERT_VOLUMES,
  ]);
  return `apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels:
    component: kube-controller-manager
    tier: control-plane
  name: kube-controller-manager
  namespace: kube-system
spec:
  containers:
  - command:
    - kube-controller-manager
    - --allocate-node-cidrs=true
    - --authentication-kubeconfig=/etc/kubernetes/controller-manager.conf
    - --authorization-kubeconfig=/etc/kubernetes/controller-manager.conf
    - --bind-address=127.0.0.1
    - --client-ca-file=/etc/kubernetes/pki/ca.crt
    - --cluster-cidr=10.244.0.0/16
    - --cluster-name=kubernetes
    - --cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt
    - --cluster-signing-key-file=/etc/kubernetes/pki/ca.key
    - --controllers=*,bootstrapsigner,tokencleaner
    - --kubeconfig=/etc/kubernetes/controller-manager.conf
    - --leader-elect=true
    - --requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt
    - --root-ca-file=/etc/kubernetes/pki/ca.crt
    - --service-account-private-key-file=/etc/kubernetes/pki/sa.key
    - --service-cluster-ip-range=10.96.0.0/12
    - --use-service-account-credentials=true
    image: registry.k8s.io/kube-controller-manager:v1.32.0
    imagePullPolicy: IfNotPresent
    livenessProbe:
${probe("127.0.0.1", "/healthz", 10257, "HTTPS", 8, 10, true)}
    name: kube-controller-manager
    resources:
      requests:
        cpu: 200m
    startupProbe:
${probe("127.0.0.1", "/healthz", 10257, "HTTPS", 24, 10, true)}
    volumeMounts:
${mounts}
  hostNetwork: true
  priority: 2000001000
  priorityClassName: system-node-critical
  securityContext:
    seccompProfile:
      type: RuntimeDefault
  volumes:
${volumes}
status: {}
`;
}

export function kubeSchedulerManifest(): string {
  return `apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels:
    component: kube-scheduler
    tier: control-plane
  name: kube-scheduler
  namespace: kube-system
spec:
  containers:
  - command:
    - kube-scheduler
    - --authentication-kubeconfig=/etc/kubernetes/scheduler.conf
    - --authorization-kubeconfig=/etc/kubernetes/scheduler.conf
    - --bind-address=127.0.0.1
    - --kubeconfig=/etc/kubernetes/scheduler.conf
    - --leader-elect=true
    image: registry.k8s.io/kube-scheduler:v1.32.0
    imagePullPolicy: IfNotPresent
    livenessProbe:
${probe("127.0.0.1", "/livez", 10259, "HTTPS", 8, 10, true)}
    name: kube-scheduler
    readinessProbe:
${probe("127.0.0.1", "/readyz", 10259, "HTTPS", 3, 1, false)}
    resources:
      requests:
        cpu: 100m
    startupProbe:
${probe("127.0.0.1", "/livez", 10259, "HTTPS", 24, 10, true)}
    volumeMounts:
    - mountPath: /etc/kubernetes/scheduler.conf
      name: kubeconfig
      readOnly: true
  hostNetwork: true
  priority: 2000001000
  priorityClassName: system-node-critical
  securityContext:
    seccompProfile:
      type: RuntimeDefault
  volumes:
  - hostPath:
      path: /etc/kubernetes/scheduler.conf
      type: FileOrCreate
    name: kubeconfig
status: {}
`;
}

/** The KubeletConfiguration kubeadm writes (zero durations are how kubeadm serializes "use the default"). */
export const KUBELET_CONFIG_YAML = `apiVersion: kubelet.config.k8s.io/v1beta1
authentication:
  anonymous:
    enabled: false
  webhook:
    cacheTTL: 0s
    enabled: true
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
authorization:
  mode: Webhook
  webhook:
    cacheAuthorizedTTL: 0s
    cacheUnauthorizedTTL: 0s
cgroupDriver: systemd
clusterDNS:
- 10.96.0.10
clusterDomain: cluster.local
containerRuntimeEndpoint: ""
cpuManagerReconcilePeriod: 0s
crashLoopBackOff: {}
evictionPressureTransitionPeriod: 0s
fileCheckFrequency: 0s
healthzBindAddress: 127.0.0.1
healthzPort: 10248
httpCheckFrequency: 0s
imageMaximumGCAge: 0s
imageMinimumGCAge: 0s
kind: KubeletConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
memorySwap: {}
nodeStatusReportFrequency: 0s
nodeStatusUpdateFrequency: 0s
resolvConf: /run/systemd/resolve/resolv.conf
rotateCertificates: true
runtimeRequestTimeout: 0s
shutdownGracePeriod: 0s
shutdownGracePeriodCriticalPods: 0s
staticPodPath: ${MANIFESTS_DIR}
streamingConnectionIdleTimeout: 0s
syncFrequency: 0s
volumeStatsAggPeriod: 0s
`;

export const KUBEADM_FLAGS_ENV = `KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.10"\n`;

export interface KubeconfigInput {
  cluster: string;
  server: string;
  user: string;
  context: string;
  /** Client certificate inline (`*-data`), as admin.conf has, or as file paths, as kubelet.conf has. */
  credentials: { data: true } | { certFile: string; keyFile: string };
}

/** A kubeconfig file as client-go's clientcmd.Write prints it (keys sorted). */
export function kubeconfigYaml(input: KubeconfigInput): string {
  const creds =
    "data" in input.credentials
      ? `    client-certificate-data: ${NOT_SIMULATED_PEM_DATA}\n    client-key-data: ${NOT_SIMULATED_PEM_DATA}\n`
      : `    client-certificate: ${input.credentials.certFile}\n    client-key: ${input.credentials.keyFile}\n`;
  return `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${NOT_SIMULATED_PEM_DATA}
    server: ${input.server}
  name: ${input.cluster}
contexts:
- context:
    cluster: ${input.cluster}
    user: ${input.user}
  name: ${input.context}
current-context: ${input.context}
kind: Config
preferences: {}
users:
- name: ${input.user}
  user:
${creds}`;
}

const adminConf = (server: string, user: string) =>
  kubeconfigYaml({ cluster: "kubernetes", server, user, context: `${user}@kubernetes`, credentials: { data: true } });

const kubeletConf = (nodeName: string, server: string) =>
  kubeconfigYaml({
    cluster: "kubernetes",
    server,
    user: `system:node:${nodeName}`,
    context: `system:node:${nodeName}@kubernetes`,
    credentials: { certFile: "/var/lib/kubelet/pki/kubelet-client-current.pem", keyFile: "/var/lib/kubelet/pki/kubelet-client-current.pem" },
  });

/** Files every node has: the kubelet's configuration and credentials, the cluster CA. */
function nodeFiles(nodeName: string, apiServerIp: string): Record<string, string> {
  const server = `https://${apiServerIp}:${API_SERVER_PORT}`;
  return {
    "/etc/hostname": `${nodeName}\n`,
    "/etc/kubernetes/kubelet.conf": kubeletConf(nodeName, server),
    "/etc/kubernetes/pki/ca.crt": NOT_SIMULATED_PEM,
    [KUBELET_CONFIG]: KUBELET_CONFIG_YAML,
    "/var/lib/kubelet/kubeadm-flags.env": KUBEADM_FLAGS_ENV,
    "/var/lib/kubelet/pki/kubelet-client-current.pem": NOT_SIMULATED_PEM,
    "/var/lib/kubelet/pki/kubelet.crt": NOT_SIMULATED_PEM,
    "/var/lib/kubelet/pki/kubelet.key": NOT_SIMULATED_PEM,
  };
}

/** A worker after `kubeadm join`: no manifests, no admin credentials. */
export function workerHostFiles(nodeName: string, apiServerIp: string): Record<string, string> {
  return nodeFiles(nodeName, apiServerIp);
}

/** The first control-plane node after `kubeadm init`, with root's ~/.kube/config copied from admin.conf as kubeadm's output advises. */
export function controlPlaneHostFiles(nodeName: string, ip: string): Record<string, string> {
  const server = `https://${ip}:${API_SERVER_PORT}`;
  const files: Record<string, string> = {
    ...nodeFiles(nodeName, ip),
    "/etc/kubernetes/admin.conf": adminConf(server, "kubernetes-admin"),
    "/etc/kubernetes/super-admin.conf": adminConf(server, "kubernetes-super-admin"),
    "/etc/kubernetes/controller-manager.conf": kubeconfigYaml({ cluster: "kubernetes", server, user: "system:kube-controller-manager", context: "system:kube-controller-manager@kubernetes", credentials: { data: true } }),
    "/etc/kubernetes/scheduler.conf": kubeconfigYaml({ cluster: "kubernetes", server, user: "system:kube-scheduler", context: "system:kube-scheduler@kubernetes", credentials: { data: true } }),
    [`${MANIFESTS_DIR}/etcd.yaml`]: etcdManifest(nodeName, ip),
    [`${MANIFESTS_DIR}/kube-apiserver.yaml`]: kubeApiServerManifest(ip),
    [`${MANIFESTS_DIR}/kube-controller-manager.yaml`]: kubeControllerManagerManifest(),
    [`${MANIFESTS_DIR}/kube-scheduler.yaml`]: kubeSchedulerManifest(),
    "/root/.kube/config": adminConf(server, "kubernetes-admin"),
  };
  for (const name of CONTROL_PLANE_PKI) files[`/etc/kubernetes/pki/${name}`] = NOT_SIMULATED_PEM;
  return files;
}

/** Folders kubeadm makes that may be empty (a worker's manifests folder, etcd's data). */
export const WORKER_DIRS = [MANIFESTS_DIR, "/root", "/tmp"];
export const CONTROL_PLANE_DIRS = [...WORKER_DIRS, "/var/lib/etcd"];
