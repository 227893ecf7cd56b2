/**
 * One container's lifecycle in the kubelet, as a small state machine
 * (ContainerPhase): pulls (image-pulls.ts), CreateContainerConfigError while a
 * referenced ConfigMap or Secret is missing or runAsNonRoot meets a root user, start from the image's process
 * model, exit, and restarts with CrashLoopBackOff back-off per restartPolicy.
 * https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-restarts
 */
import type { Node, Pod } from "../api/types.js";
import { pullFromRegistries } from "../docker/registry.js";
import type { IContainer } from "kubernetes-models/v1";
import { resolveKubernetesCommand } from "../runtime/command.js";
import { processFor } from "../runtime/process-model.js";
import { containerEnv, envMap, expandReferences } from "./container-env.js";
import { startProbes, stepProbes } from "./probes.js";
import type { World } from "../world/world.js";
import { unresolvedConfigReference } from "./config-refs.js";
import { advanceContainer, createContainer, oomKillContainer, signalContainer, startContainer, stopContainer } from "../runtime/container.js";
import { BACKOFF_INITIAL_S, BACKOFF_MAX_S, terminationReason, type ContainerRun, type StepContext } from "./container-run.js";
import { overMemoryLimit } from "./resource-usage.js";
import { stepImagePull } from "./image-pulls.js";
import { imageUserOf } from "./pod-files.js";
import { isSidecar } from "./sidecars.js";
import { runAsNonRootViolation } from "./security-context.js";
import { imageIdleUsage, pullImage } from "../catalog/images.js";
import { controlPlaneStarted, controlPlaneStartFailure, etcdMemberBackUp, etcdMemberDown } from "./control-plane-binaries.js";

/** The command of an etcd container (kubeadm's manifest names the binary in `command`). */
const etcdArgv = (spec: { command?: string[] } | undefined): string[] => spec?.command ?? [];

/**
 * generateContainerConfig's refusals, in its order: the environment's
 * references first, then verifyRunAsNonRoot against the image's user.
 */
function containerConfigError(world: World, pod: Pod, spec: IContainer | undefined): string | undefined {
  const unresolved = unresolvedConfigReference(world.api, pod.metadata.namespace ?? "default", spec);
  if (unresolved !== undefined || !spec) return unresolved;
  const pulled = pullImage(spec.image ?? "");
  return runAsNonRootViolation(pod, spec, imageUserOf(world, spec.image ?? ""), pulled.ok ? pulled.ref.repository : undefined);
}

/** Moves one container along its lifecycle as far as the clock allows. */
export function stepContainer(world: World, pod: Pod, node: Node, c: ContainerRun, now: number, source: { component: string; host: string }, podIp = ""): void {
  const spec = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((s) => s.name === c.name);
  const fieldPath = `spec.${c.init ? "initContainers" : "containers"}{${c.name}}`;
  const record = (type: "Normal" | "Warning", reason: string, message: string) => world.events.record(pod, type, reason, message, source, fieldPath);
  const ctx: StepContext = { world, pod, node, now, spec, record };
  followImageChange(c, ctx);

  for (let guard = 0; guard < 8; guard++) {
    switch (c.phase) {
      case "pulling":
      case "pullFailed":
      case "pullBackOff":
        if (stepImagePull(c, ctx) === "next") continue;
        return;
      case "configError":
        if (containerConfigError(world, pod, spec) !== undefined) return;
        c.message = undefined;
        c.phase = "starting";
        continue;
      case "starting": {
        const image = pullFromRegistries(world.registry, c.image);
        if (!image.ok) return;
        const configError = containerConfigError(world, pod, spec);
        if (configError !== undefined) {
          c.phase = "configError";
          c.message = configError;
          record("Warning", "Failed", `Error: ${configError}`);
          return;
        }
        // The shared process model, with the pod's environment and command/args as the kubelet expands them.
        const env = containerEnv(world.api, pod, spec as IContainer | undefined, podIp);
        const vars = envMap(env);
        const command = spec?.command?.map((w) => expandReferences(w, vars));
        const args = spec?.args?.map((w) => expandReferences(w, vars));
        const executed = resolveKubernetesCommand(image.image.entrypoint, image.image.cmd, command, args);
        const isImageDefault = (command ?? []).length === 0 && (args ?? []).length === 0;
        const started = executed.length === 0
          ? { ok: false as const, exitCode: 128, message: "no command specified" }
          : processFor({ image: image.image, executed, isImageDefault, env, files: new Map(), runtime: "cri" });
        if (!started.ok) {
          // containerd created the container, then runc could not start its process
          // (kuberuntime_container.go startContainer: CreatedContainer, then FailedToStartContainer).
          c.phase = "startFailed";
          c.message = started.message;
          c.exitCode = started.exitCode;
          c.finishedAt = now;
          record("Normal", "Created", `Created container ${c.name}`);
          record("Warning", "Failed", `Error: ${started.message}`);
          continue;
        }
        record("Normal", "Created", `Created container ${c.name}`);
        record("Normal", "Started", `Started container ${c.name}`);
        c.phase = "running";
        c.startedAt = now;
        // A restart is a new container in the runtime; the one before stays for `logs --previous`.
        if (c.runtime) c.previous = c.runtime;
        // A control-plane binary with a bad flag or a missing file exits at once (control-plane-binaries.ts);
        // a process the catalog gives no usage of its own uses its image's idle figure.
        const failure = controlPlaneStartFailure(world, pod, c.name, executed, node.metadata.name, now);
        if (!failure) controlPlaneStarted(world, pod, c.name, executed, node.metadata.name);
        c.runtime = startContainer(createContainer(failure ? { kind: "exits", afterSeconds: 0, exitCode: failure.exitCode, logs: failure.logs } : { ...started.behaviour, usage: started.behaviour.usage ?? imageIdleUsage(image.image) }), now);
        startProbes(c, spec as IContainer | undefined, now);
        c.imageId = `${image.ref.repository}@${image.digest}`;
        c.imageName = image.ref.full;
        continue;
      }
      case "running": {
        c.runtime = advanceContainer(c.runtime!, now);
        // An etcd whose member went down (sim etcd stop, sim host stop) stops with it.
        if (c.runtime.state.status === "running" && etcdMemberDown(world, etcdArgv(spec), node.metadata.name)) {
          c.runtime = signalContainer(c.runtime, now, "SIGKILL");
        }
        // Over its memory limit the cgroup's OOM killer ends the process at once (exit 137, OOMKilled).
        if (overMemoryLimit(c, spec as IContainer | undefined)) c.runtime = oomKillContainer(c.runtime, now);
        if (c.runtime.state.status === "running") stepProbes(c, ctx, podIp);
        const state = c.runtime.state;
        // A container being stopped (a failed liveness probe) ends when its grace period says.
        if (state.status !== "exited" || state.finishedAt > now) return;
        c.exitCode = state.exitCode;
        c.finishedAt = state.finishedAt;
        c.phase = "exited";
        continue;
      }
      case "exited": {
        if (c.specChanged) {
          // Restarted at once with the new spec: its back-off key (which includes the spec's hash) is new.
          c.lastTermination = { exitCode: c.exitCode ?? 0, reason: terminationReason(c), startedAt: c.startedAt!, finishedAt: c.finishedAt! };
          c.specChanged = undefined;
          c.restartCount++;
          c.backoffSeconds = BACKOFF_INITIAL_S;
          c.phase = "pulling";
          c.until = undefined;
          continue;
        }
        if (!restartsAfterExit(pod, c)) return;
        c.lastTermination = { exitCode: c.exitCode ?? 0, reason: terminationReason(c), startedAt: c.startedAt!, finishedAt: c.finishedAt! };
        c.phase = "crashBackOff";
        c.until = now + c.backoffSeconds * 1000;
        record("Warning", "BackOff", `Back-off restarting failed container ${c.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`);
        return;
      }
      case "crashBackOff": {
        // `sim etcd start` starts the member's etcd at once: its container does not wait out the back-off.
        if (now < (c.until ?? 0) && !etcdMemberBackUp(world, etcdArgv(spec), node.metadata.name)) return;
        c.backoffSeconds = Math.min(c.backoffSeconds * 2, BACKOFF_MAX_S);
        c.restartCount++;
        c.until = undefined;
        c.phase = "starting";
        record("Normal", "Pulled", `Container image "${c.image}" already present on machine`);
        continue;
      }
      case "startFailed":
        // ErrImageNeverPull waits for the image; a process that could not start is a terminated
        // container (StartError, exit code 128, startedAt the zero time as it never ran, finishedAt
        // when the start failed) and the restart policy applies to it as to any exit
        // (kubernetes/kubernetes#14491; kube-state-metrics#1861 shows such a status).
        if (c.message?.startsWith("Container image") || !restartsAfterExit(pod, c)) return;
        c.lastTermination = { exitCode: c.exitCode ?? 128, reason: "StartError", startedAt: 0, finishedAt: c.finishedAt ?? now };
        c.phase = "crashBackOff";
        c.until = now + c.backoffSeconds * 1000;
        record("Warning", "BackOff", `Back-off restarting failed container ${c.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`);
        return;
    }
  }
}

/**
 * The pod's restartPolicy for a container that terminated with c.exitCode (init containers never
 * restart after success); a sidecar restarts whatever it exited with, unless it is being stopped.
 */
function restartsAfterExit(pod: Pod, c: ContainerRun): boolean {
  if (isSidecar(pod, c)) return !c.stopping;
  const restartPolicy = pod.spec?.restartPolicy ?? "Always";
  if (c.init) return c.exitCode !== 0 && restartPolicy !== "Never";
  return restartPolicy === "Always" || (restartPolicy === "OnFailure" && c.exitCode !== 0);
}

/**
 * `kubectl set image` on a pod: the only container field (with the init containers' image) a pod
 * update may change. The kubelet restarts a running container whose definition changed, whatever
 * the restart policy (kuberuntime_manager.go computePodActions: "Container %s definition changed");
 * one not running yet, or in a pull back-off, simply starts with the new image. An init container
 * that already completed is left as it is.
 */
function followImageChange(c: ContainerRun, ctx: StepContext): void {
  const image = (ctx.spec as IContainer | undefined)?.image;
  if (image === undefined || image === c.image) return;
  if (c.init && c.phase === "exited" && c.exitCode === 0) return;
  c.image = image;
  if (c.phase === "running" || c.phase === "exited") {
    c.specChanged = true;
    if (c.phase === "running" && c.runtime?.state.status === "running") {
      ctx.record("Normal", "Killing", `Container ${c.name} definition changed, will be restarted`);
      const grace = ctx.pod.spec?.terminationGracePeriodSeconds ?? 30;
      const signalled = signalContainer(c.runtime, ctx.now, "SIGTERM");
      c.runtime = signalled.state.status === "running" ? stopContainer(c.runtime, ctx.now, "SIGTERM", grace).container : signalled;
    }
    return;
  }
  // A container waiting out a crash back-off is replaced by a new one: one more restart.
  if (c.phase === "crashBackOff") c.restartCount++;
  c.phase = "pulling";
  c.until = undefined;
  c.message = undefined;
  c.backoffSeconds = BACKOFF_INITIAL_S;
}
