/**
 * `docker stop|kill|start|restart|rm`: each takes several containers, prints
 * each name as given when it succeeds, and reports the daemon's error for
 * each that fails (exit 1 at the end). `stop` and `restart` block for as long
 * as the process takes to stop: the virtual clock moves by that time.
 */
import type { CommandResult } from "../types.js";
import type { DockerContainer } from "../../sim/docker/containers.js";
import { humanSize } from "../../sim/docker/image.js";
import { normaliseSignal } from "../../sim/runtime/container.js";
import { defineCommand, type DockerContext } from "./command.js";

type Outcome = { ok: true } | { ok: false; error: string };

function eachContainer(ctx: DockerContext, act: (c: DockerContainer, ref: string) => Outcome, trailer?: (failed: string[]) => string): CommandResult {
  let stdout = "";
  let stderr = "";
  const failed: string[] = [];
  for (const ref of ctx.args) {
    const container = ctx.daemon.containers.find(ref);
    const outcome: Outcome = container ? act(container, ref) : { ok: false, error: `No such container: ${ref}` };
    if (outcome.ok) stdout += `${ref}\n`;
    else {
      stderr += `Error response from daemon: ${outcome.error}\n`;
      failed.push(ref);
    }
  }
  if (failed.length && trailer) stderr += trailer(failed);
  return { stdout, stderr, exitCode: failed.length ? 1 : 0 };
}

function signalFlag(ctx: DockerContext, fallback?: string): string | undefined | { error: string } {
  const text = ctx.flags.string("signal");
  if (text === "") return fallback;
  return normaliseSignal(text) ?? { error: `invalid signal: ${text}` };
}

/** `-t` absent means the container's own StopTimeout, 10 s by default (docker stop reference). */
function timeoutOf(ctx: DockerContext): number {
  return ctx.flags.has("timeout") ? ctx.flags.int("timeout") : 10;
}

function stopOne(ctx: DockerContext, c: DockerContainer, signal: string | undefined): void {
  const timeout = timeoutOf(ctx);
  const waited = ctx.daemon.containers.stop(c, signal, timeout < 0 ? 3600 * 24 : timeout);
  if (waited > 0) ctx.family.session.environment.advance(waited / 1000);
}

export const stopCommand = defineCommand({
  paths: [["container", "stop"], ["stop"]],
  args: { min: 1 },
  simulated: ["signal", "timeout"],
  execute(ctx) {
    const signal = signalFlag(ctx);
    if (typeof signal === "object") return { stdout: "", stderr: `Error response from daemon: ${signal.error}\n`, exitCode: 1 };
    return eachContainer(ctx, (c) => {
      stopOne(ctx, c, signal);
      ctx.daemon.containers.catchUp();
      return { ok: true };
    });
  },
});

export const killCommand = defineCommand({
  paths: [["container", "kill"], ["kill"]],
  args: { min: 1 },
  simulated: ["signal"],
  execute(ctx) {
    const signal = signalFlag(ctx, "SIGKILL");
    if (typeof signal === "object") return { stdout: "", stderr: `Error response from daemon: ${signal.error}\n`, exitCode: 1 };
    return eachContainer(ctx, (c) => {
      const r = ctx.daemon.containers.kill(c, signal!);
      return r.ok ? { ok: true } : { ok: false, error: r.error };
    });
  },
});

export const startCommand = defineCommand({
  paths: [["container", "start"], ["start"]],
  args: { min: 1 },
  simulated: [],
  daemonDown: (args) => ({ stderrAfter: `Error: failed to start containers: ${args.join(", ")}\n` }),
  execute(ctx) {
    return eachContainer(
      ctx,
      (c) => {
        const r = ctx.daemon.containers.start(c);
        return r.ok ? { ok: true } : { ok: false, error: r.error };
      },
      (failed) => `Error: failed to start containers: ${failed.join(", ")}\n`,
    );
  },
});

export const restartCommand = defineCommand({
  paths: [["container", "restart"], ["restart"]],
  args: { min: 1 },
  simulated: ["signal", "timeout"],
  execute(ctx) {
    const signal = signalFlag(ctx);
    if (typeof signal === "object") return { stdout: "", stderr: `Error response from daemon: ${signal.error}\n`, exitCode: 1 };
    return eachContainer(ctx, (c) => {
      stopOne(ctx, c, signal);
      const r = ctx.daemon.containers.start(c);
      if (r.ok) c.manuallyStopped = false;
      return r.ok ? { ok: true } : { ok: false, error: r.error };
    });
  },
});

export const rmCommand = defineCommand({
  paths: [["container", "rm"], ["rm"], ["container", "remove"]],
  args: { min: 1 },
  simulated: ["force", "volumes"],
  execute(ctx) {
    return eachContainer(ctx, (c) => {
      // -v: "Remove anonymous volumes associated with the container" (docker rm --help); named ones stay.
      const r = ctx.daemon.containers.remove(c, ctx.flags.bool("force"), ctx.flags.bool("volumes"));
      return r.ok ? { ok: true } : { ok: false, error: r.error };
    });
  },
});

/** `docker container prune [-f]` (cli/command/container/prune.go): the prompt, then the IDs removed and the space reclaimed. */
export const containerPruneCommand = defineCommand({
  paths: [["container", "prune"]],
  args: { none: true },
  simulated: ["force"],
  execute(ctx): CommandResult {
    let stdout = "";
    if (!ctx.flags.bool("force")) {
      // The prompt reads the answer from stdin, as docker volume prune's does; anything but y/yes cancels.
      stdout += "WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ";
      const answer = ctx.family.stdin.split("\n")[0]!.trim().toLowerCase();
      if (answer !== "y" && answer !== "yes") return { stdout, stderr: "", exitCode: 0 };
    }
    const { removed, reclaimedBytes } = ctx.daemon.containers.prune();
    if (removed.length) stdout += `Deleted Containers:\n${removed.map((c) => `${c.id}\n`).join("")}\n`;
    stdout += `Total reclaimed space: ${humanSize(reclaimedBytes)}\n`;
    return { stdout, stderr: "", exitCode: 0 };
  },
});
