/**
 * `docker logs`: what the container's process printed, across its runs
 * (restarts keep earlier output), with `--tail`/`-n` and `-t` (the daemon's
 * RFC3339Nano timestamps, fixed to nine digits), `--since`/`--until`
 * (a Unix time, an RFC 3339 time, or a duration before now, as the CLI's
 * GetTimestamp reads them). `-f` follows on the virtual clock: the clock
 * moves until the process exits (the real client then returns), for at most
 * FOLLOW_LIMIT_SECONDS (follow.ts: script mode cannot press Ctrl-C); what it
 * printed meanwhile is shown, and a container still running is named.
 */
import { failure, type CommandResult } from "../types.js";
import { containerLogs, exitsAt } from "../../sim/runtime/container.js";
import { parseDuration } from "../duration.js";
import { defineCommand } from "./command.js";
import { FOLLOW_LIMIT_SECONDS, stillRunningNote } from "./follow.js";

function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000000Z");
}

export const logsCommand = defineCommand({
  paths: [["container", "logs"], ["logs"]],
  args: { exact: 1 },
  simulated: ["tail", "timestamps", "follow", "since", "until"],
  execute(ctx): CommandResult {
    const ref = ctx.args[0]!;
    let container = ctx.daemon.containers.find(ref);
    if (!container) return failure(`Error response from daemon: No such container: ${ref}`);
    const environment = ctx.family.session.environment;
    const bounds: number[] = [];
    for (const name of ["since", "until"] as const) {
      const text = ctx.flags.string(name);
      const at = text === "" ? undefined : timestampOf(text, environment.now());
      if (at === null) return failure(`invalid value for "${name}": failed to parse value as time or duration: "${text}"`);
      bounds.push(at ?? (name === "since" ? -Infinity : Infinity));
    }
    const [since, until] = bounds as [number, number];
    let followed = false;
    let stillRunning = false;
    if (ctx.flags.bool("follow") && container.runtime.state.status === "running" && container.restartAt === undefined) {
      const end = exitsAt(container.runtime);
      const limit = environment.now() + FOLLOW_LIMIT_SECONDS * 1000;
      const until = end !== undefined && end <= limit ? end : limit;
      stillRunning = until === limit && (end === undefined || end > limit);
      if (until > environment.now()) environment.advance((until - environment.now()) / 1000);
      const id = container.id;
      const logsBefore = container.runtime;
      ctx.daemon.containers.catchUp();
      container = ctx.daemon.containers.containers.get(id) ?? { ...container, runtime: logsBefore };
      followed = true;
    }
    const now = environment.now();
    let lines = containerLogs(container.runtime, followed ? Math.min(now, exitsAt(container.runtime) ?? now) : now).filter((l) => l.at >= since && l.at <= until);
    const tail = ctx.flags.string("tail");
    if (tail !== "all" && tail !== "") {
      const n = Number.parseInt(tail, 10);
      // The daemon reads a tail that is not a number as "all" (daemon/logs.go: strconv.Atoi error → -1).
      if (Number.isFinite(n) && n >= 0) lines = n === 0 ? [] : lines.slice(-n);
    }
    const stamps = ctx.flags.bool("timestamps");
    const stdout = lines.map((l) => `${stamps ? `${timestamp(l.at)} ` : ""}${l.line}\n`).join("");
    return { stdout, stderr: stillRunning ? stillRunningNote("docker logs -f", [container.name]) : "", exitCode: 0 };
  },
});

/**
 * docker/api/types/time GetTimestamp: a Unix time ("1700000000", seconds),
 * an RFC 3339 time, or a Go duration counted back from now ("10m"); null when none.
 */
function timestampOf(text: string, now: number): number | null {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const ago = parseDuration(text);
  if (ago !== undefined && !/^\d+(\.\d+)?$/.test(text)) return now - ago;
  const at = Date.parse(text);
  return /^\d{4}-\d\d-\d\d/.test(text) && Number.isFinite(at) ? at : null;
}
