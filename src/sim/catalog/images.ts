/**
 * The simulated registry: which images exist, at which tags, how big they are
 * and what their main process does when a container starts. A node pulling an
 * image that is not here fails exactly as containerd does for a missing
 * repository or tag.
 */
import { fakeDigest } from "../core/digest.js";
import { lookupTag } from "./tags.js";
import { fullyQualifiedRepository, parseImageReference as splitImageReference } from "../core/image-reference.js";

/** How a container's main process behaves, decided from image defaults and the pod's command/args. */
/** What a process does after it starts: lines it prints and files it writes (content undefined: removed), at offsets in seconds. */
export interface ProcessTimeline {
  later?: { afterSeconds: number; line: string }[];
  writes?: { afterSeconds: number; path: string; content?: string }[];
}

/** What a server answers on (probes and connections): TCP ports, and for HTTP the paths it serves (others get 404). */
export interface Listener {
  port: number;
  http?: { paths: string[]; https?: boolean };
  grpc?: boolean;
}

/**
 * What a process uses while it runs: working-set memory in bytes and CPU in millicores (before any
 * cgroup limit: the kernel OOM-kills above a memory limit and throttles CPU at a cpu limit).
 */
export interface ResourceUsage {
  memoryBytes: number;
  milliCpu: number;
}

export type ProcessBehaviour = (
  | { kind: "server"; logs: string[]; listens?: Listener[] }
  | ({ kind: "exits"; afterSeconds: number; exitCode: number; logs: string[]; ignoresSigterm?: boolean } & ProcessTimeline)
  | ({ kind: "runs"; logs: string[]; ignoresSigterm: boolean; repeatLog?: { line: string; everySeconds: number; fromSeconds?: number } } & ProcessTimeline)
) & {
  /** What the process uses; absent: the image's idle figure (imageIdleUsage). */
  usage?: ResourceUsage;
};

export interface ImageInfo {
  /** Repository as containerd names it: docker.io/library/nginx, registry.k8s.io/pause. */
  repository: string;
  /** Compressed size in bytes, as containerd reports on pull. */
  sizeBytes: number;
  /** The image's ENTRYPOINT and CMD (docker image inspect), joined. */
  entrypoint: string[];
  cmd: string[];
  /** Programs present in the image's PATH (for "executable file not found" errors). */
  programs: string[];
  /** What the default process prints and does. */
  defaultBehaviour: ProcessBehaviour;
  /** Resident memory of the default process, in MiB (for OOM and `kubectl top`). */
  memoryMiB: number;
  /** CPU the idle default process uses, in millicores (for `kubectl top`). */
  idleMilliCpu: number;
}

/** What a process of this image uses when nothing says otherwise: its resident memory and idle CPU. */
export function imageIdleUsage(image: Pick<ImageInfo, "memoryMiB" | "idleMilliCpu">): ResourceUsage {
  return { memoryBytes: image.memoryMiB * 1024 * 1024, milliCpu: image.idleMilliCpu };
}

const SHELL_TOOLS = ["sh", "echo", "sleep", "cat", "env", "ls", "printf", "true", "false", "date", "wget", "nslookup", "hostname", "ps", "top", "kill", "touch", "mkdir", "rm", "tail", "head", "grep"];

const NGINX_LOGS = [
  "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
  "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
  "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
  "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
  "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
  "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
  "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
  "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
  "/docker-entrypoint.sh: Configuration complete; ready for start up",
];

/** What the official nginx image's default.conf serves (the rest is 404). */
const NGINX_PATHS = ["/", "/index.html", "/50x.html"];
/** The health endpoints every Kubernetes component serves on its secure port. */
const K8S_HEALTH = ["/healthz", "/livez", "/readyz", "/metrics"];

const image = (
  repository: string,
  sizeMiB: number,
  entrypoint: string[],
  cmd: string[],
  programs: string[],
  defaultBehaviour: ProcessBehaviour,
  memoryMiB = 10,
  idleMilliCpu = 1,
): ImageInfo => ({ repository, sizeBytes: Math.round(sizeMiB * 1024 * 1024), entrypoint, cmd, programs, defaultBehaviour, memoryMiB, idleMilliCpu });

/** stress 1.0.4's usage text (stress.c usage()), printed when it is given no work. */
export const STRESS_USAGE = [
  "`stress' imposes certain types of compute stress on your system",
  "",
  "Usage: stress [OPTION [ARG]] ...",
  " -?, --help         show this help statement",
  "     --version      show version statement",
  " -v, --verbose      be verbose",
  " -q, --quiet        be quiet",
  " -n, --dry-run      show what would have been done",
  " -t, --timeout N    timeout after N seconds",
  "     --backoff N    wait factor of N microseconds before work starts",
  " -c, --cpu N        spawn N workers spinning on sqrt()",
  " -i, --io N         spawn N workers spinning on sync()",
  " -m, --vm N         spawn N workers spinning on malloc()/free()",
  "     --vm-bytes B   malloc B bytes per vm worker (default is 256MB)",
  "     --vm-stride B  touch a byte every B bytes (default is 4096)",
  "     --vm-hang N    sleep N secs before free (default none, 0 is inf)",
  "     --vm-keep      redirty memory instead of freeing and reallocating",
  " -d, --hdd N        spawn N workers spinning on write()/unlink()",
  "     --hdd-bytes B  write B bytes per hdd worker (default is 1GB)",
  "",
  "Example: stress --cpu 8 --io 4 --vm 2 --vm-bytes 128M --timeout 10s",
  "",
  "Note: Numbers may be suffixed with s,m,h,d,y (time) or B,K,M,G (size).",
];

/** How the main process of each image kadet knows behaves; which tags exist is `tags.ts`'s job. */
export const IMAGES: readonly ImageInfo[] = [
  image("docker.io/library/nginx", 68.8, ["/docker-entrypoint.sh"], ["nginx", "-g", "daemon off;"], ["nginx", ...SHELL_TOOLS, "curl"], { kind: "server", listens: [{ port: 80, http: { paths: NGINX_PATHS } }], logs: NGINX_LOGS }, 8),
  image("docker.io/library/httpd", 55.8, [], ["httpd-foreground"], ["httpd-foreground", "httpd", ...SHELL_TOOLS], { kind: "server", listens: [{ port: 80, http: { paths: ["/", "/index.html"] } }], logs: ["AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 10.244.1.2. Set the 'ServerName' directive globally to suppress this message", "[mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.62 (Unix) configured -- resuming normal operations"] }, 12),
  image("docker.io/library/redis", 45.2, ["docker-entrypoint.sh"], ["redis-server"], ["redis-server", "redis-cli", ...SHELL_TOOLS], { kind: "server", listens: [{ port: 6379 }], logs: ["1:C 01 Jan 2026 09:00:00.000 * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo", "1:M 01 Jan 2026 09:00:00.000 * Ready to accept connections tcp"] }, 6),
  image("docker.io/library/busybox", 2.1, [], ["sh"], [...SHELL_TOOLS, "ping"], { kind: "exits", afterSeconds: 0, exitCode: 0, logs: [] }, 1),
  image("docker.io/library/alpine", 3.5, [], ["/bin/sh"], [...SHELL_TOOLS, "ping"], { kind: "exits", afterSeconds: 0, exitCode: 0, logs: [] }, 1),
  image("docker.io/library/ubuntu", 28.4, [], ["/bin/bash"], ["bash", ...SHELL_TOOLS], { kind: "exits", afterSeconds: 0, exitCode: 0, logs: [] }, 2),
  image("docker.io/library/node", 380, ["docker-entrypoint.sh"], ["node"], ["node", "npm", ...SHELL_TOOLS], { kind: "exits", afterSeconds: 0, exitCode: 0, logs: [] }, 40),
  // python3 with no script and no terminal reads an empty stdin and exits 0, as `docker run python` does.
  image("docker.io/library/python", 420, [], ["python3"], ["python", "python3", "pip", "bash", ...SHELL_TOOLS], { kind: "exits", afterSeconds: 0, exitCode: 0, logs: [] }, 15),
  image("docker.io/library/postgres", 150, ["docker-entrypoint.sh"], ["postgres"], ["postgres", "psql", ...SHELL_TOOLS], { kind: "exits", afterSeconds: 1, exitCode: 1, logs: ["Error: Database is uninitialized and superuser password is not specified.", "       You must specify POSTGRES_PASSWORD to a non-empty value for the", "       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\"."] }, 30),
  image("docker.io/library/mongo", 280, ["docker-entrypoint.sh"], ["mongod"], ["mongod", "mongosh", ...SHELL_TOOLS], { kind: "server", listens: [{ port: 27017 }], logs: ['{"t":{"$date":"2026-01-01T09:00:00.000+00:00"},"s":"I",  "c":"NETWORK",  "id":23016,   "ctx":"listener","msg":"Waiting for connections","attr":{"port":27017,"ssl":"off"}}'] }, 80),
  // polinux/stress, the image of the Kubernetes docs' memory exercises (`command: ["stress"]`, args `--vm 1 --vm-bytes 150M`).
  image("docker.io/polinux/stress", 4.6, [], ["stress"], ["stress", ...SHELL_TOOLS], { kind: "exits", afterSeconds: 0, exitCode: 0, logs: STRESS_USAGE }, 1),
  // metrics-server's own process: it serves the Metrics API on 10250 (its metrics come from the kubelets' model).
  image("registry.k8s.io/metrics-server/metrics-server", 19.1, ["/metrics-server"], [], ["metrics-server"], { kind: "server", listens: [{ port: 10250, http: { paths: ["/livez", "/readyz", "/metrics"], https: true } }], logs: ['I0101 09:00:00.000000       1 serving.go:374] Generated self-signed cert (/tmp/apiserver.crt, /tmp/apiserver.key)'] }, 20, 3),
  image("registry.k8s.io/pause", 0.3, ["/pause"], [], ["pause"], { kind: "server", logs: [] }, 1),
  image("registry.k8s.io/coredns/coredns", 17.4, ["/coredns"], ["-conf", "/etc/coredns/Corefile"], ["coredns"], { kind: "server", listens: [{ port: 53 }, { port: 8080, http: { paths: ["/health"] } }, { port: 8181, http: { paths: ["/ready"] } }, { port: 9153, http: { paths: ["/metrics"] } }], logs: [".:53", "[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908", "CoreDNS-1.11.3", "linux/amd64, go1.21.11, a6338e9"] }, 15),
  image("registry.k8s.io/kube-proxy", 30.9, [], ["/usr/local/bin/kube-proxy"], ["kube-proxy", "iptables"], { kind: "server", listens: [{ port: 10249, http: { paths: ["/metrics", "/healthz"] } }, { port: 10256, http: { paths: ["/healthz", "/livez"] } }], logs: ['I0101 09:00:00.000000       1 server_linux.go:66] "Using iptables proxy"', 'I0101 09:00:00.100000       1 server.go:698] "Successfully retrieved node IP(s)" IPs=["192.168.0.10"]'] }, 20),
  image("registry.k8s.io/etcd", 57.7, [], ["etcd"], ["etcd", "etcdctl", "sh"], { kind: "server", listens: [{ port: 2379 }, { port: 2380 }, { port: 2381, http: { paths: ["/health", "/livez", "/readyz", "/metrics"] } }], logs: ['{"level":"info","ts":"2026-01-01T09:00:00.000Z","caller":"etcdserver/server.go:2097","msg":"published local member to cluster through raft"}'] }, 40),
  image("registry.k8s.io/kube-apiserver", 28.7, [], ["kube-apiserver"], ["kube-apiserver"], { kind: "server", listens: [{ port: 6443, http: { paths: K8S_HEALTH, https: true } }], logs: ['I0101 09:00:00.000000       1 options.go:238] external host was not specified, using 192.168.0.10'] }, 250),
  image("registry.k8s.io/kube-controller-manager", 26.3, [], ["kube-controller-manager"], ["kube-controller-manager"], { kind: "server", listens: [{ port: 10257, http: { paths: K8S_HEALTH, https: true } }], logs: ['I0101 09:00:00.000000       1 serving.go:386] Generated self-signed cert in-memory'] }, 50),
  image("registry.k8s.io/kube-scheduler", 20.6, [], ["kube-scheduler"], ["kube-scheduler"], { kind: "server", listens: [{ port: 10259, http: { paths: K8S_HEALTH, https: true } }], logs: ['I0101 09:00:00.000000       1 serving.go:386] Generated self-signed cert in-memory'] }, 20),
];

export interface ImageReference {
  /** As the learner wrote it: "nginx:1.27". */
  original: string;
  /** Fully qualified: "docker.io/library/nginx:1.27". */
  full: string;
  repository: string;
  tag: string;
}

/** Normalises an image reference as containerd does ("nginx" → "docker.io/library/nginx:latest"). */
export function parseImageReference(ref: string): ImageReference {
  const parsed = splitImageReference(ref);
  const repository = fullyQualifiedRepository(parsed.repository);
  // A digest-only reference is pulled by digest; the model's registry knows images by tag.
  const tag = parsed.tag || "latest";
  return { original: ref, full: `${repository}:${tag}`, repository, tag };
}

export type PullOutcome =
  | { ok: true; image: ImageInfo; ref: ImageReference; digest: string }
  | { ok: false; message: string };

/**
 * Images in the registries without a profile of their own (most official images beyond the
 * first few): their process is modelled as an image whose default command exits at once.
 * kadet does not simulate what these images' servers do.
 */
function genericProfile(repository: string): ImageInfo {
  return image(repository, 100, [], ["sh"], SHELL_TOOLS, { kind: "exits", afterSeconds: 0, exitCode: 0, logs: [] }, 10, 1);
}

/** The containerd error text for a failed pull, as the kubelet's "Failed to pull image" event shows it. */
export function pullImage(ref: string): PullOutcome {
  const parsed = parseImageReference(ref);
  const found = lookupTag(parsed.repository, parsed.tag);
  if (found.group !== undefined) {
    const profile = IMAGES.find((i) => i.repository === parsed.repository) ?? genericProfile(parsed.repository);
    // Aliases of one image (nginx:1.27, nginx:latest, nginx:mainline) share its digest.
    return { ok: true, image: profile, ref: parsed, digest: `sha256:${imageDigest(parsed.repository, found.group)}` };
  }
  if (found.repositoryExists) {
    return {
      ok: false,
      message: `failed to pull and unpack image "${parsed.full}": failed to resolve reference "${parsed.full}": ${parsed.full}: not found`,
    };
  }
  return {
    ok: false,
    message: `failed to pull and unpack image "${parsed.full}": failed to resolve reference "${parsed.full}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`,
  };
}

/** A stable digest for one image (alias group) of a repository. */
function imageDigest(repository: string, group: number): string {
  return fakeDigest(`${repository}#${group}`);
}

/** Seconds a pull takes on the simulated network: about 25 MiB/s plus a second of round trips. */
export function pullSeconds(image: ImageInfo): number {
  return 1 + Math.round(image.sizeBytes / (25 * 1024 * 1024));
}
