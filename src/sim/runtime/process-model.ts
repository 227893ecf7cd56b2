/**
 * What a container's main process does, for the Docker daemon and the kubelet
 * alike: the catalog knows each image's default process and its programs; this
 * module answers for an explicit argv (`docker run IMAGE CMD...`, a built
 * image's CMD, a pod's command/args), running shell scripts with the
 * container's environment (shell-script.ts), and printing files of the image
 * for `cat`. Only the wording of a start failure differs: dockerd's or
 * containerd's CRI plugin's.
 */
import { posix } from "node:path";
import type { ImageInfo, ProcessBehaviour } from "../catalog/images.js";
import { startProcess } from "../catalog/processes.js";

export type ProcessOutcome = { ok: true; behaviour: ProcessBehaviour } | { ok: false; message: string; exitCode: number };

export interface ProcessRequest {
  /** The catalog image the container's root file system comes from; undefined for `FROM scratch`. */
  image: ImageInfo | undefined;
  /** The resolved command that runs (resolveDockerCommand's `executed`). */
  executed: readonly string[];
  /** Whether that is the catalog image's own default command (it then behaves as the catalog says). */
  isImageDefault: boolean;
  env: readonly string[];
  /** Files of the container's image (built layers), path without leading slash → content. */
  files: ReadonlyMap<string, string>;
  /** The user the process runs as (`-u`, else the image's USER; "" is root). */
  user?: string;
  /** The container's working folder, against which relative paths (`cat motd.txt`) resolve. */
  workingDir?: string;
  /** Who starts it: dockerd (exit 127 on a missing program) or containerd for the kubelet (StartError, 128). */
  runtime?: "docker" | "cri";
}

/**
 * The OCI runtime's error when argv[0] is not in the image: moby daemon/start.go wraps it for
 * `docker run` (exit 127), containerd's CRI plugin for the kubelet, which reports it as the
 * container's StartError with exit code 128.
 */
export function executableNotFound(program: string, runtime: "docker" | "cri" = "docker"): string {
  const prefix = runtime === "docker" ? "failed to create task for container" : "failed to create containerd task";
  return `${prefix}: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "${program}": executable file not found in $PATH: unknown`;
}

export function processFor(request: ProcessRequest): ProcessOutcome {
  const outcome = processOf(request);
  if (outcome.ok || request.runtime !== "cri") return outcome;
  return { ...outcome, exitCode: 128, message: outcome.message.replace(/^failed to create task for container:/, "failed to create containerd task:") };
}

function processOf(request: ProcessRequest): ProcessOutcome {
  const { image, executed } = request;
  const program = executed[0]!;
  const name = program.slice(program.lastIndexOf("/") + 1);
  if (!image) {
    // A scratch image holds only what the build copied into it; kadet cannot run binaries from it.
    return request.files.has(program.replace(/^\//, "")) ? { ok: true, behaviour: { kind: "exits", afterSeconds: 0, exitCode: 0, logs: [] } } : { ok: false, exitCode: 127, message: executableNotFound(program) };
  }
  if (request.isImageDefault) return { ok: true, behaviour: defaultBehaviour(image, request.env) };
  const ep = image.entrypoint;
  if (ep.length > 0 && /docker-entrypoint\.sh$/.test(ep[0]!) && ep.every((word, i) => executed[i] === word)) {
    // The official images' docker-entrypoint.sh: options ("-g ...", "--appendonly yes") go to the
    // image's server, its own server name starts it, anything else is exec'd as given ("exec \"$@\"").
    const rest = executed.slice(ep.length);
    if (rest.length === 0 || rest[0]!.startsWith("-") || rest[0] === image.cmd[0]) return { ok: true, behaviour: defaultBehaviour(image, request.env) };
    return processOf({ ...request, executed: rest });
  }
  if (name === "cat" && executed.length > 1) return { ok: true, behaviour: catFiles(executed.slice(1), request.files, request.workingDir ?? "") };
  const identity = request.user === undefined || !image.programs.includes("sh") ? undefined : identityOf(name, executed.length, request.user);
  if (identity) return { ok: true, behaviour: { kind: "exits", afterSeconds: 0, exitCode: 0, logs: [identity] } };
  // The catalog reads argv as a pod's `command`: the image's own entrypoint no longer applies.
  const started = startProcess(image, [...executed], [], request.env, request.files);
  if (!started.ok) {
    const builtProgram = request.files.has(program.replace(/^\//, "")) || request.files.has(`app/${program}`);
    if (builtProgram) return { ok: true, behaviour: { kind: "exits", afterSeconds: 0, exitCode: 0, logs: [] } };
    return { ok: false, exitCode: 127, message: executableNotFound(program) };
  }
  return { ok: true, behaviour: started.behaviour };
}

/**
 * `whoami` and `id` without options, in images that have a shell: who the
 * process runs as. Root is UID 0 in every image; a named user prints its
 * name for whoami, but its UID lives in the image's /etc/passwd, which kadet
 * does not model, so `id` answers for root only (and a numeric USER for neither).
 */
function identityOf(name: string, words: number, user: string): string | undefined {
  if (words !== 1) return undefined;
  const who = user.split(":")[0]!;
  const root = who === "" || who === "root" || who === "0";
  if (name === "whoami") return root ? "root" : /^\d+$/.test(who) ? undefined : who;
  if (name === "id" && root) return "uid=0(root) gid=0(root) groups=0(root)";
  return undefined;
}

/** `cat FILE...` prints the files, and fails as busybox does on a missing one. */
function catFiles(paths: readonly string[], files: ReadonlyMap<string, string>, workingDir: string): ProcessBehaviour {
  const logs: string[] = [];
  let exitCode = 0;
  for (const path of paths) {
    const content = files.get(posix.resolve("/", workingDir || "/", path).slice(1));
    if (content === undefined) {
      logs.push(`cat: can't open '${path}': No such file or directory`);
      exitCode = 1;
    } else logs.push(...content.replace(/\n$/, "").split("\n"));
  }
  return { kind: "exits", afterSeconds: 0, exitCode, logs };
}

/**
 * Servers that refuse to start without configuration (the catalog's default behaviour is
 * the refusal) and what they do once given it. docker-library/postgres docker-entrypoint.sh:
 * POSTGRES_PASSWORD, or POSTGRES_HOST_AUTH_METHOD=trust, lets it initialise and serve.
 */
const CONFIGURED_SERVERS: Readonly<Record<string, { configured(env: ReadonlyMap<string, string>): boolean; behaviour: ProcessBehaviour }>> = {
  "docker.io/library/postgres": {
    configured: (env) => (env.get("POSTGRES_PASSWORD") ?? "") !== "" || env.get("POSTGRES_HOST_AUTH_METHOD") === "trust",
    behaviour: {
      kind: "server",
      listens: [{ port: 5432 }],
      logs: [
        "The files belonging to this database system will be owned by user \"postgres\".",
        "PostgreSQL init process complete; ready for start up.",
        "LOG:  listening on IPv4 address \"0.0.0.0\", port 5432",
        "LOG:  database system is ready to accept connections",
      ],
    },
  },
};

function defaultBehaviour(image: ImageInfo, env: readonly string[]): ProcessBehaviour {
  const gated = CONFIGURED_SERVERS[image.repository];
  if (!gated) return image.defaultBehaviour;
  const vars = new Map(env.map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]));
  return gated.configured(vars) ? gated.behaviour : image.defaultBehaviour;
}
