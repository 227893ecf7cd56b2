/**
 * `docker ps` / `docker container ls`: running containers (all with -a),
 * newest first, in the CLI's default table, `-q`, `-l`, `-n`, `--no-trunc`,
 * `--format` templates, and the `status`/`name`/`id` filters.
 */
import { failure, ok } from "../types.js";
import { defineCommand } from "./command.js";
import { containerRow, stateName } from "./container-format.js";
import { renderList } from "./format.js";
import { templateParseError } from "./go-template.js";

const HEADERS = { ID: "CONTAINER ID", Image: "IMAGE", Command: "COMMAND", CreatedAt: "CREATED AT", RunningFor: "CREATED", Ports: "PORTS", State: "STATE", Status: "STATUS", Size: "SIZE", Names: "NAMES", Labels: "LABELS", Mounts: "MOUNTS", Networks: "NETWORKS", LocalVolumes: "LOCAL VOLUMES" };

export const psCommand = defineCommand({
  paths: [["container", "ls"], ["ps"], ["container", "ps"], ["container", "list"]],
  args: { none: true },
  simulated: ["all", "quiet", "latest", "last", "no-trunc", "format", "filter"],
  // The CLI parses --format before asking the daemon (recorded: `docker ps --format '{{.Foo'` without one).
  validate(flags) {
    const format = flags.string("format");
    if (format === "" || format === "json") return undefined;
    const error = templateParseError(format.replace(/^table\s*/, ""));
    return error ? failure(`failed to parse template: ${error}`) : undefined;
  },
  execute(ctx) {
    const now = ctx.family.session.environment.now();
    const f = ctx.flags;
    // Newest first; containers created at the same virtual instant keep their creation order (the daemon's map order).
    let containers = [...ctx.daemon.containers.containers.values()].map((c, i) => [c, i] as const).sort(([a, i], [b, j]) => b.created - a.created || j - i).map(([c]) => c);
    const last = f.bool("latest") ? 1 : f.int("last");
    const all = f.bool("all") || last > 0;
    for (const filter of f.strings("filter")) {
      const eq = filter.indexOf("=");
      const [key, value] = eq === -1 ? [filter, ""] : [filter.slice(0, eq), filter.slice(eq + 1)];
      if (key === "status") {
        if (!["created", "restarting", "running", "removing", "paused", "exited", "dead"].includes(value)) return failure(`Error response from daemon: invalid filter 'status=${value}'`);
        containers = containers.filter((c) => stateName(c) === value);
      } else if (key === "name") containers = containers.filter((c) => c.name.includes(value));
      else if (key === "id") containers = containers.filter((c) => c.id.startsWith(value));
      else return failure(`kadet: 'docker ps --filter ${key}' is not simulated yet`);
    }
    const explicitStatus = f.strings("filter").some((x) => x.startsWith("status="));
    if (!all && !explicitStatus) containers = containers.filter((c) => c.runtime.state.status === "running" || c.restartAt !== undefined);
    if (last > 0) containers = containers.slice(0, last);
    const rows = containers.map((c) => containerRow(c, now, f.bool("no-trunc")));
    const out = renderList(rows, {
      format: f.string("format"),
      defaultFormat: "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}",
      quietFormat: "{{.ID}}",
      quiet: f.bool("quiet"),
      headers: HEADERS,
    });
    if (!out.ok) return failure(`failed to parse template: ${out.error}`);
    return ok(out.output);
  },
});
