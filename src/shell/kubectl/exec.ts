/**
 * `kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [-i] [-t] -- COMMAND
 * [args...]`, a port of kubectl's pkg/cmd/exec/exec.go 1.32: the client's
 * own checks (a pod, a command after `--`, not a completed pod, the default
 * container from the `kubectl.kubernetes.io/default-container` annotation or
 * the first one, with the "Defaulted container" notice), then a POST to the
 * `pods/exec` subresource, which RBAC authorizes as verb `create` and the API
 * server checks as ExecLocation does (pkg/registry/core/pod/strategy.go),
 * then the node's kubelet, which finds the running container or answers
 * `container not found`. The command runs in the container's file system
 * and environment (exec-tools.ts); a non-zero exit ends as kubectl's
 * "command terminated with exit code N". Interactive shells (`-it sh`) and
 * programs kadet does not model say they are not simulated.
 */
import { kindNamed } from "../../sim/api/kinds.js";
import { apiError } from "../../sim/api/errors.js";
import { forbidden } from "../../sim/api/auth/forbidden.js";
import type { Pod } from "../../sim/api/types.js";
import { fromLabelSelector } from "../../sim/core/labels.js";
import { fakeDigest } from "../../sim/core/digest.js";
import { pullImage } from "../../sim/catalog/images.js";
import { openPodContainer, type PodContainerFs } from "../../sim/kubelet/pod-container-fs.js";
import { kubeletRunning } from "../../sim/kubelet/static-pods.js";
import { failure, type CommandResult } from "../types.js";
import { resolveResource } from "./common.js";
import { apiErrorText, apiFailure, usageError } from "./errors.js";
import { baseName, hasProgram, NOT_SIMULATED, runArgv } from "./exec-tools.js";
import { defineVerb, type KubectlContext } from "./verb.js";

const POD = kindNamed("Pod")!;

export const execVerb = defineVerb({
  name: "exec",
  helpKey: "exec",
  execute: (ctx) => exec(ctx),
});

/** The pod a TYPE/NAME names (polymorphichelpers.AttachablePodForObjectFn: the first of its selector's pods). */
function findPod(ctx: KubectlContext, arg: string): Pod | CommandResult {
  const slash = arg.indexOf("/");
  if (slash === -1 || ["pod", "pods", "po"].includes(arg.slice(0, slash))) {
    const got = ctx.world.api.get(POD, ctx.namespace, slash === -1 ? arg : arg.slice(slash + 1));
    return got.ok ? (got.value as Pod) : failure(apiErrorText(got.error));
  }
  const info = resolveResource(arg.slice(0, slash));
  if (!info) return failure(`error: the server doesn't have a resource type "${arg.slice(0, slash)}"`);
  const got = ctx.world.api.get(info, ctx.namespace, arg.slice(slash + 1));
  if (!got.ok) return failure(apiErrorText(got.error));
  const selector = fromLabelSelector((got.value.spec as { selector?: never } | undefined)?.selector);
  const pods = ctx.world.api.list<Pod>(POD, ctx.namespace, { labelSelector: selector });
  // sort.Reverse(podutils.ActivePods): the most active first: not being deleted, running, ready, then the oldest.
  const rank = (p: Pod) => (p.metadata.deletionTimestamp ? 0 : 4) + (p.status?.phase === "Running" ? 2 : 0) + (p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ? 1 : 0);
  const pod = [...pods].sort((a, b) => rank(b) - rank(a) || (a.metadata.creationTimestamp ?? "").localeCompare(b.metadata.creationTimestamp ?? ""))[0];
  return pod ?? failure("error: timed out waiting for the condition");
}

/** podcmd.AllContainerNames: containers, then init containers marked "(init)". */
function allContainerNames(pod: Pod): string {
  return [...(pod.spec?.containers ?? []).map((c) => c.name), ...(pod.spec?.initContainers ?? []).map((c) => `${c.name} (init)`)].join(", ");
}

/** What `pods/exec` reaches, or kubectl's answer when it cannot: shared by exec and cp (which runs `tar` through exec). */
export interface ExecTarget {
  fs: PodContainerFs;
  programs: Set<string>;
  /** The "Defaulted container" line, when kubectl printed it. */
  notice: string;
  withNotice: (r: CommandResult) => CommandResult;
  pulled: ReturnType<typeof pullImage>;
}

/**
 * The container an exec runs in (the default-container annotation or the first container, with
 * kubectl's notice), authorized as `create` on `pods/exec`, checked as the API server and the
 * kubelet check it, and the program looked up on the image's PATH.
 */
export function execTarget(
  ctx: KubectlContext,
  pod: Pod,
  containerFlag: string,
  quiet: boolean,
  program: string,
  commandLine: string,
  installed: (programs: ReadonlySet<string>, name: string) => boolean = hasProgram,
): ExecTarget | CommandResult {
  const name = pod.metadata.name;
  const namespace = pod.metadata.namespace ?? ctx.namespace;
  let notice = "";
  let container = containerFlag;
  if (container === "") {
    const names = (pod.spec?.containers ?? []).map((c) => c.name);
    const annotated = pod.metadata.annotations?.["kubectl.kubernetes.io/default-container"];
    if (annotated && [...names, ...(pod.spec?.initContainers ?? []).map((c) => c.name)].includes(annotated)) container = annotated;
    else {
      container = names[0] ?? "";
      if (!quiet && (names.length > 1 || (pod.spec?.initContainers ?? []).length > 0)) notice = `Defaulted container "${container}" out of: ${allContainerNames(pod)}\n`;
    }
  }
  const withNotice = (r: CommandResult): CommandResult => ({ ...r, stderr: notice + r.stderr });

  // POST pods/exec: authorized as `create` on the subresource.
  if (ctx.user) {
    const attrs = { user: ctx.user, verb: "create", resourceRequest: true, apiGroup: "", resource: "pods", subresource: "exec", namespace, name, path: "" };
    const decision = ctx.world.api.authorize(attrs);
    if (!decision.allowed) return withNotice(apiFailure(forbidden(attrs, decision.reason)));
  }
  const known = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].some((c) => c.name === container);
  if (!known) return withNotice(apiFailure(apiError(400, "BadRequest", `container ${container} is not valid for pod ${name}`)));
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) return withNotice(apiFailure(apiError(400, "BadRequest", `pod ${name} does not have a host assigned`)));
  if (!kubeletRunning(ctx.world, nodeName)) {
    const ip = pod.status?.hostIP ?? nodeName;
    return withNotice(failure(`Error from server: error dialing backend: dial tcp ${ip}:10250: connect: connection refused`));
  }
  const fs = openPodContainer(ctx.world, pod, container);
  if (!fs) return withNotice(failure(`error: unable to upgrade connection: container not found ("${container}")`));

  const spec = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === container)!;
  const pulled = pullImage(spec.image ?? "");
  const programs = new Set(pulled.ok ? pulled.image.programs : []);
  if (!installed(programs, baseName(program))) {
    const execId = fakeDigest(`${fs.containerId}/exec/${commandLine}`);
    return withNotice(
      failure(`error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${execId}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${program}": executable file not found in $PATH: unknown`),
    );
  }
  return { fs, programs, notice, withNotice, pulled };
}

async function exec(ctx: KubectlContext): Promise<CommandResult> {
  if (ctx.flags.strings("filename").length > 0) return failure("kadet: 'kubectl exec -f' is not simulated yet; name the pod (kubectl exec POD -- COMMAND)");
  const dashAt = ctx.flags.parsed.dashAt;
  const resource = dashAt !== 0 ? ctx.args[0] : undefined;
  if (dashAt === -1 && ctx.args.length > 1) return usageError(ctx.commandPath, "exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead");
  if (resource === undefined) return failure("error: pod, type/name or --filename must be specified");
  const command = ctx.argsAfterDash;
  if (command.length === 0) return failure("error: you must specify at least one command for the container");

  const found = findPod(ctx, resource);
  if (!("metadata" in found)) return found;
  const pod = found;
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") return failure(`error: cannot exec into a container in a completed pod; current phase is ${phase}`);

  const target = execTarget(ctx, pod, ctx.flags.string("container"), ctx.flags.bool("quiet"), command[0]!, command.join(" "));
  if ("exitCode" in target) return target;
  const { fs, programs, notice, withNotice, pulled } = target;
  const program = command[0]!;
  if ((ctx.flags.bool("stdin") || ctx.flags.bool("tty")) && ["sh", "bash", "ash", "dash"].includes(baseName(program)) && command.length === 1) {
    return withNotice(failure(`kadet: an interactive shell in a container ('kubectl exec -it ${resource} -- ${program}') is not simulated yet; run one command at a time (kubectl exec ${resource} -- CMD ...)`));
  }
  const repository = pulled.ok ? pulled.ref.repository : "";
  const answer = await runArgv(
    {
      fs,
      env: fs.bundle.process.env,
      hostname: fs.bundle.hostname,
      workdir: fs.bundle.process.cwd || "/",
      dialect: /\/(busybox|alpine)$/.test(repository) ? "busybox" : "gnu",
      programs,
      args: fs.bundle.process.args,
      ...(fs.bundle.process.user ? { user: fs.bundle.process.user } : {}),
      ...(repository ? { repository } : {}),
    },
    command,
  );
  if (answer === NOT_SIMULATED) {
    return withNotice(failure(`kadet: 'kubectl exec ${resource} -- ${command.join(" ")}' is not simulated yet (kadet answers env, printenv, cat, ls [-a], echo, touch, mkdir, rm, hostname, id, whoami, pwd, and sh -c scripts of them; nslookup, wget and curl inside pods are not simulated)`));
  }
  const stderr = answer.exitCode !== 0 ? `${answer.stderr}command terminated with exit code ${answer.exitCode}\n` : answer.stderr;
  return { stdout: answer.stdout, stderr: notice + stderr, exitCode: answer.exitCode };
}
