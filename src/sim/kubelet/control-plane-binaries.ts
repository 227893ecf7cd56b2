/**
 * What the control-plane binaries of a kubeadm static pod do when their command line is wrong:
 * the classic troubleshooting cases of a broken /etc/kubernetes/manifests file. The process exits
 * at once with status 1, the kubelet restarts it with back-off (CrashLoopBackOff), and
 * `crictl logs` shows what it printed:
 * - a flag the binary does not have: pflag's `unknown flag: --foo`, printed by component-base
 *   cli/run.go as `Error: unknown flag: --foo` (logs are not set up yet). kube-apiserver silences
 *   the usage text (SilenceUsage: true); kube-scheduler and kube-controller-manager print their
 *   usage first, which kadet does not hold (a line says so);
 * - a file flag naming a file the container cannot see (missing on the host, or outside the
 *   pod's hostPath mounts): the binary's own error, logged by run.go as `"command failed" err=...`;
 * - an etcd member that `sim etcd stop` stopped, or that cannot start (etcd.ts says why).
 * The flag tables hold the flags kubeadm writes and the commonly used others of each binary in
 * 1.32 (from its reference page); a real flag missing here would be refused, so add it here.
 */
import type { Pod } from "../api/types.js";
import { loadEncryptionConfig, type LoadedConfig } from "../api/encryption/config.js";
import { EtcdCluster } from "../etcd/etcd.js";
import type { World } from "../world/world.js";

export interface StartFailure {
  logs: string[];
  exitCode: number;
}

const COMMON = [
  "v", "vmodule", "log-flush-frequency", "logging-format", "log-json-info-buffer-size", "log-json-split-stream", "log-text-info-buffer-size", "log-text-split-stream",
  "feature-gates", "help", "h", "version", "bind-address", "secure-port", "cert-dir", "tls-cert-file", "tls-private-key-file", "tls-cipher-suites", "tls-min-version",
  "tls-sni-cert-key", "permit-port-sharing", "permit-address-sharing", "http2-max-streams-per-connection", "profiling", "contention-profiling",
  "authentication-kubeconfig", "authentication-skip-lookup", "authentication-token-webhook-cache-ttl", "authentication-tolerate-lookup-failure",
  "authorization-kubeconfig", "authorization-always-allow-paths", "authorization-webhook-cache-authorized-ttl", "authorization-webhook-cache-unauthorized-ttl",
  "client-ca-file", "requestheader-allowed-names", "requestheader-client-ca-file", "requestheader-extra-headers-prefix", "requestheader-group-headers",
  "requestheader-username-headers", "requestheader-uid-headers", "kubeconfig", "master", "kube-api-burst", "kube-api-content-type", "kube-api-qps",
  "leader-elect", "leader-elect-lease-duration", "leader-elect-renew-deadline", "leader-elect-resource-lock", "leader-elect-resource-name",
  "leader-elect-resource-namespace", "leader-elect-retry-period", "show-hidden-metrics-for-version", "allow-metric-labels", "allow-metric-labels-manifest",
  "disabled-metrics",
];

const API_SERVER_FLAGS = [
  "admission-control-config-file", "advertise-address", "allow-privileged", "anonymous-auth", "api-audiences", "apiserver-count", "audit-log-batch-buffer-size",
  "audit-log-batch-max-size", "audit-log-batch-max-wait", "audit-log-compress", "audit-log-format", "audit-log-maxage", "audit-log-maxbackup", "audit-log-maxsize",
  "audit-log-mode", "audit-log-path", "audit-log-truncate-enabled", "audit-log-version", "audit-policy-file", "audit-webhook-batch-max-size", "audit-webhook-config-file",
  "audit-webhook-initial-backoff", "audit-webhook-mode", "audit-webhook-version", "authentication-config", "authentication-token-webhook-config-file",
  "authentication-token-webhook-version", "authorization-config", "authorization-mode", "authorization-policy-file", "authorization-webhook-config-file",
  "authorization-webhook-version", "cors-allowed-origins", "default-not-ready-toleration-seconds", "default-unreachable-toleration-seconds", "delete-collection-workers",
  "disable-admission-plugins", "disable-http2-serving", "egress-selector-config-file", "enable-admission-plugins", "enable-aggregator-routing", "enable-bootstrap-token-auth",
  "enable-garbage-collector", "enable-priority-and-fairness", "encryption-provider-config", "encryption-provider-config-automatic-reload", "endpoint-reconciler-type",
  "etcd-cafile", "etcd-certfile", "etcd-compaction-interval", "etcd-count-metric-poll-period", "etcd-db-metric-poll-interval", "etcd-healthcheck-timeout", "etcd-keyfile",
  "etcd-prefix", "etcd-readycheck-timeout", "etcd-servers", "etcd-servers-overrides", "event-ttl", "external-hostname", "goaway-chance", "kubelet-certificate-authority",
  "kubelet-client-certificate", "kubelet-client-key", "kubelet-port", "kubelet-preferred-address-types", "kubelet-read-only-port", "kubelet-timeout", "lease-reuse-duration-seconds",
  "livez-grace-period", "max-connection-bytes-per-sec", "max-mutating-requests-inflight", "max-requests-inflight", "min-request-timeout", "oidc-ca-file", "oidc-client-id",
  "oidc-groups-claim", "oidc-groups-prefix", "oidc-issuer-url", "oidc-required-claim", "oidc-signing-algs", "oidc-username-claim", "oidc-username-prefix",
  "peer-advertise-ip", "peer-advertise-port", "peer-ca-file", "proxy-client-cert-file", "proxy-client-key-file", "request-timeout", "runtime-config",
  "service-account-extend-token-expiration", "service-account-issuer", "service-account-jwks-uri", "service-account-key-file", "service-account-lookup",
  "service-account-max-token-expiration", "service-account-signing-key-file", "service-cluster-ip-range", "service-node-port-range", "shutdown-delay-duration",
  "shutdown-send-retry-after", "shutdown-watch-termination-grace-period", "storage-backend", "storage-media-type", "strict-transport-security-directives",
  "token-auth-file", "tracing-config-file", "watch-cache", "watch-cache-sizes", "emulated-version",
];

const SCHEDULER_FLAGS = ["config", "write-config-to", "pod-max-in-unschedulable-pods-duration", "lock-object-name", "lock-object-namespace"];

const CONTROLLER_MANAGER_FLAGS = [
  "allocate-node-cidrs", "attach-detach-reconcile-sync-period", "cidr-allocator-type", "cloud-config", "cloud-provider", "cluster-cidr", "cluster-name",
  "cluster-signing-cert-file", "cluster-signing-duration", "cluster-signing-key-file", "cluster-signing-kube-apiserver-client-cert-file",
  "cluster-signing-kube-apiserver-client-key-file", "cluster-signing-kubelet-client-cert-file", "cluster-signing-kubelet-client-key-file",
  "cluster-signing-kubelet-serving-cert-file", "cluster-signing-kubelet-serving-key-file", "cluster-signing-legacy-unknown-cert-file",
  "cluster-signing-legacy-unknown-key-file", "concurrent-deployment-syncs", "concurrent-endpoint-syncs", "concurrent-gc-syncs", "concurrent-namespace-syncs",
  "concurrent-replicaset-syncs", "concurrent-service-syncs", "concurrent-statefulset-syncs", "controller-start-interval", "controllers", "disable-attach-detach-reconcile-sync",
  "enable-garbage-collector", "enable-hostpath-provisioner", "horizontal-pod-autoscaler-sync-period", "large-cluster-size-threshold", "node-cidr-mask-size",
  "node-cidr-mask-size-ipv4", "node-cidr-mask-size-ipv6", "node-eviction-rate", "node-monitor-grace-period", "node-monitor-period", "node-startup-grace-period",
  "pv-recycler-pod-template-filepath-hostpath", "pvclaimbinder-sync-period", "root-ca-file", "secondary-node-eviction-rate", "service-account-private-key-file",
  "service-cluster-ip-range", "terminated-pod-gc-threshold", "unhealthy-zone-threshold", "use-service-account-credentials",
];

/** The flags each binary accepts, by the program name kubeadm's manifests run. */
const FLAGS: Readonly<Record<string, ReadonlySet<string>>> = {
  "kube-apiserver": new Set([...COMMON, ...API_SERVER_FLAGS]),
  "kube-scheduler": new Set([...COMMON, ...SCHEDULER_FLAGS]),
  "kube-controller-manager": new Set([...COMMON, ...CONTROLLER_MANAGER_FLAGS]),
};

/** The usage text comes before the error for the binaries that do not silence it. */
const PRINTS_USAGE = new Set(["kube-scheduler", "kube-controller-manager"]);

/**
 * File flags checked at start, with the error each binary wraps the open failure in (kube-apiserver:
 * apiserver/pkg/server/options/serving.go "unable to load server certificate", the storage factory
 * for etcd's client files; clientcmd's stat of an explicit kubeconfig).
 */
const FILE_FLAGS: Readonly<Record<string, Readonly<Record<string, (err: string) => string>>>> = {
  "kube-apiserver": {
    "tls-cert-file": (err) => `unable to load server certificate: ${err}`,
    "tls-private-key-file": (err) => `unable to load server certificate: ${err}`,
  },
  "kube-scheduler": { kubeconfig: (err) => err.replace(/^open /, "stat ") },
  "kube-controller-manager": { kubeconfig: (err) => err.replace(/^open /, "stat ") },
};
/** kube-apiserver's etcd client files fail when it builds its storage (a fatal klog line of instance.go). */
const ETCD_CLIENT_FILES = ["etcd-cafile", "etcd-certfile", "etcd-keyfile"];

/** A klog header at `at`: severity, mmdd, time with microseconds, the thread id column (PID 1 in a container). */
function klog(severity: "E" | "F", at: number, file: string, message: string): string {
  const iso = new Date(at).toISOString();
  return `${severity}${iso.slice(5, 7)}${iso.slice(8, 10)} ${iso.slice(11, 23)}000       1 ${file}] ${message}`;
}

/** Where a path inside the container is on the host: through the pod's hostPath mounts; undefined when none covers it. */
function hostPathOf(pod: Pod, containerName: string, path: string): string | undefined {
  const container = (pod.spec?.containers ?? []).find((c) => c.name === containerName);
  const volumes = new Map((pod.spec?.volumes ?? []).map((v) => [v.name, (v as { hostPath?: { path?: string } }).hostPath?.path]));
  let best: { mountPath: string; host: string } | undefined;
  for (const m of container?.volumeMounts ?? []) {
    const host = volumes.get(m.name);
    if (host === undefined) continue;
    const inside = path === m.mountPath || path.startsWith(`${m.mountPath.replace(/\/$/, "")}/`);
    if (inside && (!best || m.mountPath.length > best.mountPath.length)) best = { mountPath: m.mountPath, host };
  }
  return best && `${best.host.replace(/\/$/, "")}${path.slice(best.mountPath.replace(/\/$/, "").length)}`;
}

/**
 * Why the binary `argv` runs in this static pod's container would exit at start, as it prints it;
 * undefined when it starts (or is not a control-plane binary kadet checks).
 */
export function controlPlaneStartFailure(world: World, pod: Pod, containerName: string, argv: readonly string[], hostName: string, now: number): StartFailure | undefined {
  const program = (argv[0] ?? "").slice((argv[0] ?? "").lastIndexOf("/") + 1);
  if (program === "etcd") return etcdFailure(world, hostName);
  const known = FLAGS[program];
  if (!known || pod.metadata.annotations?.["kubernetes.io/config.mirror"] === undefined) return undefined;
  const flags = new Map<string, string>();
  for (const arg of argv.slice(1)) {
    const m = /^--?([^=]+)(?:=(.*))?$/.exec(arg);
    if (!m) continue;
    const name = m[1]!;
    if (!known.has(name)) {
      const unknown = arg.startsWith("--") ? `unknown flag: --${name}` : `unknown shorthand flag: '${name[0]}' in ${arg}`;
      const usage = PRINTS_USAGE.has(program) ? [`kadet: ${program} prints its usage (the text of ${program} --help) here; not simulated`] : [];
      return { exitCode: 1, logs: [...usage, `Error: ${unknown}`] };
    }
    flags.set(name, m[2] ?? "");
  }
  const host = world.hosts.get(hostName);
  const missing = (path: string) => {
    const onHost = hostPathOf(pod, containerName, path);
    return onHost === undefined || host?.files[onHost] === undefined;
  };
  for (const [flag, wrap] of Object.entries(FILE_FLAGS[program] ?? {})) {
    const path = flags.get(flag);
    if (path && missing(path)) return { exitCode: 1, logs: [klog("E", now, "run.go:72", `"command failed" err="${wrap(`open ${path}: no such file or directory`)}"`)] };
  }
  if (program === "kube-apiserver") {
    for (const flag of ETCD_CLIENT_FILES) {
      const path = flags.get(flag);
      if (path && missing(path)) return { exitCode: 1, logs: [klog("F", now, "instance.go:226", `Error creating leases: error creating storage factory: open ${path}: no such file or directory`)] };
    }
    // The storage options' Complete loads the EncryptionConfiguration; an error ends the command (run.go).
    const encryption = encryptionConfigOf(world, pod, containerName, flags, hostName);
    if (encryption && !encryption.loaded.ok) return { exitCode: 1, logs: [klog("E", now, "run.go:72", `"command failed" err=${goQuote(encryption.loaded.error)}`)] };
  }
  return undefined;
}

/** A Go %q of a string, as klog's structured values print an error. */
const goQuote = (text: string) => JSON.stringify(text);

/** The flags of a control-plane command line, by name (`--name=value`; a bare flag maps to ""). */
function flagsOf(argv: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (const arg of argv.slice(1)) {
    const m = /^--?([^=]+)(?:=(.*))?$/.exec(arg);
    if (m) flags.set(m[1]!, m[2] ?? "");
  }
  return flags;
}

/** The file --encryption-provider-config names, read through the pod's mounts as the container sees it; undefined without the flag. */
function encryptionConfigOf(world: World, pod: Pod, containerName: string, flags: Map<string, string>, hostName: string): { path: string; text: string | undefined; loaded: LoadedConfig } | undefined {
  const path = flags.get("encryption-provider-config");
  if (path === undefined || path === "") return undefined;
  const onHost = hostPathOf(pod, containerName, path);
  const text = onHost === undefined ? undefined : world.hosts.get(hostName)?.files[onHost];
  return { path, text, loaded: loadEncryptionConfig(path, text) };
}

/**
 * What a control-plane binary that started keeps from its start: kube-apiserver's
 * EncryptionConfiguration (read once at start; an edit of the file takes effect at the next
 * restart, as --encryption-provider-config-automatic-reload is off by default).
 */
export function controlPlaneStarted(world: World, pod: Pod, containerName: string, argv: readonly string[], hostName: string): void {
  const program = (argv[0] ?? "").slice((argv[0] ?? "").lastIndexOf("/") + 1);
  if (program !== "kube-apiserver" || pod.metadata.annotations?.["kubernetes.io/config.mirror"] === undefined) return;
  const encryption = encryptionConfigOf(world, pod, containerName, flagsOf(argv), hostName);
  world.api.setEncryption(encryption?.loaded.ok ? { path: encryption.path, text: encryption.text!, config: encryption.loaded.config } : undefined);
}

/** etcd's own container: down while its member is (sim etcd stop, a missing certificate, ...). */
function etcdFailure(world: World, hostName: string): StartFailure | undefined {
  const member = world.loopsOfType(EtcdCluster)?.members(world).find((m) => m.host === hostName);
  if (!member || member.running || member.downReason === undefined) return undefined;
  // Why a member is down is kadet's own state (sim etcd stop, a missing file): said in kadet's words, not etcd's.
  return { exitCode: 1, logs: [`kadet: etcd member ${member.name} is down: ${member.downReason}`] };
}

/** Whether a running etcd container's member has gone down since it started (its process is stopped with it). */
export function etcdMemberDown(world: World, argv: readonly string[], hostName: string): boolean {
  const program = (argv[0] ?? "").slice((argv[0] ?? "").lastIndexOf("/") + 1);
  if (program !== "etcd") return false;
  const member = world.loopsOfType(EtcdCluster)?.members(world).find((m) => m.host === hostName);
  return member !== undefined && !member.running;
}

/** Whether this is an etcd container whose member is running again (after `sim etcd start`). */
export function etcdMemberBackUp(world: World, argv: readonly string[], hostName: string): boolean {
  const program = (argv[0] ?? "").slice((argv[0] ?? "").lastIndexOf("/") + 1);
  if (program !== "etcd") return false;
  return world.loopsOfType(EtcdCluster)?.members(world).find((m) => m.host === hostName)?.running === true;
}
