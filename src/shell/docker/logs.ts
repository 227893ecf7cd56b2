/**
 * `docker logs`: what the container's process printed, across its runs
 * (restarts keep earlier output), with `--tail`/`-n` and `-t` (the daemon's
 * RFC3339Nano timestamps, fixed to nine digits). `-f` prints what exists;
 * following a running container as time passes is not simulated, and says so.
 */
import { failure, type CommandResult } from "../types.js";
import { containerLogs } from "../../sim/runtime/container.js";
import { defineCommand } from "./command.js";

function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000000Z");
}

export const logsCommand = defineCommand({
  paths: [["container", "logs"], ["logs"]],
  args: { exact: 1 },
  simulated: ["tail", "timestamps", "follow"],
  execute(ctx): CommandResult {
    const ref = ctx.args[0]!;
    const container = ctx.daemon.containers.find(ref);
    if (!container) return failure(`Error response from daemon: No such container: ${ref}`);
    const now = ctx.family.session.environment.now();
    let lines = containerLogs(container.runtime, now);
    const tail = ctx.flags.string("tail");
    if (tail !== "all" && tail !== "") {
      const n = Number.parseInt(tail, 10);
      // The daemon reads a tail that is not a number as "all" (daemon/logs.go: strconv.Atoi error → -1).
      if (Number.isFinite(n) && n >= 0) lines = n === 0 ? [] : lines.slice(-n);
    }
    const stamps = ctx.flags.bool("timestamps");
    const stdout = lines.map((l) => `${stamps ? `${timestamp(l.at)} ` : ""}${l.line}\n`).join("");
    const following = ctx.flags.bool("follow") && container.runtime.state.status === "running";
    return { stdout, stderr: following ? `kadet: 'docker logs -f' printed the logs so far; following a running container as time passes is not simulated yet\n` : "", exitCode: 0 };
  },
});
