/**
 * `docker volume create|ls|inspect|rm|prune` on the daemon's volume store, in
 * the CLI's words and layouts (docker/cli cli/command/volume): `ls` sorted by
 * name in a DRIVER / VOLUME NAME table, `inspect` as the API's Volume object
 * (CreatedAt, Driver, Labels, Mountpoint, Name, Options, Scope), `prune`
 * asking first (anonymous volumes only without --all, Engine 23+).
 */
import { failure, ok, type CommandResult } from "../types.js";
import { humanSize } from "../../sim/docker/image.js";
import { mountpoint, volumeSize, type Volume } from "../../sim/docker/volumes.js";
import { defineCommand, type DockerContext } from "./command.js";
import { renderList } from "./format.js";
import { templateParseError } from "./go-template.js";
import { inspectFormatError, printInspected } from "./inspect-image.js";

/** The Volume object as `GET /volumes/{name}` returns it, in its JSON field order. */
export function volumeJson(v: Volume): Record<string, unknown> {
  return {
    CreatedAt: new Date(v.created).toISOString().replace(/\.\d+Z$/, "Z"),
    Driver: v.driver,
    Labels: v.labels,
    Mountpoint: mountpoint(v.name),
    Name: v.name,
    Options: v.options,
    Scope: "local",
  };
}

function byName(a: Volume, b: Volume): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function labelsOf(list: readonly string[]): Record<string, string> {
  return Object.fromEntries(list.map((l) => (l.includes("=") ? [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)] : [l, ""])));
}

/** Whether a container (running or not) mounts the volume: what keeps it from rm and prune. */
function users(ctx: DockerContext, name: string): string[] {
  return ctx.daemon.containers.volumeUsers(name).map((c) => c.id);
}

export const volumeCreateCommand = defineCommand({
  paths: [["volume", "create"]],
  args: { max: 1 },
  simulated: ["driver", "label", "name"],
  execute(ctx) {
    const driver = ctx.flags.string("driver") || "local";
    if (driver !== "local") return failure(`Error response from daemon: create ${ctx.args[0] ?? ""}: error looking up volume plugin ${driver}: plugin "${driver}" not found`);
    const name = ctx.args[0] ?? ctx.flags.string("name");
    const created = ctx.daemon.volumes.create(name === "" ? undefined : name, "cli", labelsOf(ctx.flags.strings("label")));
    if (!created.ok) return failure(`Error response from daemon: ${created.error}`);
    return ok(`${created.value.name}\n`);
  },
});

export const volumeLsCommand = defineCommand({
  paths: [["volume", "ls"], ["volume", "list"]],
  args: { none: true },
  simulated: ["quiet", "format", "filter"],
  validate(flags) {
    const format = flags.string("format");
    if (format === "" || format === "json") return undefined;
    const error = templateParseError(format.replace(/^table\s*/, ""));
    return error ? failure(`template parsing error: ${error}`) : undefined;
  },
  execute(ctx) {
    let volumes = [...ctx.daemon.volumes.volumes.values()].sort(byName);
    for (const filter of ctx.flags.strings("filter")) {
      const eq = filter.indexOf("=");
      const [key, value] = eq === -1 ? [filter, ""] : [filter.slice(0, eq), filter.slice(eq + 1)];
      if (key === "dangling") {
        if (!["true", "false", "1", "0"].includes(value)) return failure(`Error response from daemon: invalid filter 'dangling=${value}'`);
        const dangling = value === "true" || value === "1";
        volumes = volumes.filter((v) => (users(ctx, v.name).length === 0) === dangling);
      } else if (key === "name") volumes = volumes.filter((v) => v.name.includes(value));
      else return failure(`kadet: 'docker volume ls --filter ${key}' is not simulated yet`);
    }
    const rows = volumes.map((v) => ({ Driver: v.driver, Name: v.name, Scope: "local", Mountpoint: mountpoint(v.name), Labels: Object.entries(v.labels ?? {}).map(([k, x]) => `${k}=${x}`).join(","), Links: String(users(ctx, v.name).length), Size: "N/A" }));
    const out = renderList(rows, {
      format: ctx.flags.string("format"),
      defaultFormat: "table {{.Driver}}\t{{.Name}}",
      quietFormat: "{{.Name}}",
      quiet: ctx.flags.bool("quiet"),
      headers: { Driver: "DRIVER", Name: "VOLUME NAME", Scope: "SCOPE", Mountpoint: "MOUNTPOINT", Labels: "LABELS", Links: "LINKS", Size: "SIZE" },
    });
    if (!out.ok) return failure(`template parsing error: ${out.error}`);
    return ok(out.output);
  },
});

export const volumeInspectCommand = defineCommand({
  paths: [["volume", "inspect"]],
  args: { min: 1 },
  simulated: ["format"],
  daemonDownStdout: "[]\n",
  validate: (flags) => inspectFormatError(flags.string("format")),
  execute(ctx) {
    const found = [];
    const errors = [];
    for (const name of ctx.args) {
      const v = ctx.daemon.volumes.get(name);
      if (v) {
        const json = volumeJson(v);
        found.push({ json, typed: json });
      } else errors.push(`Error response from daemon: get ${name}: no such volume`);
    }
    return printInspected(found, errors, ctx.flags.string("format"));
  },
});

export const volumeRmCommand = defineCommand({
  paths: [["volume", "rm"], ["volume", "remove"]],
  args: { min: 1 },
  simulated: ["force"],
  execute(ctx): CommandResult {
    let stdout = "";
    const errors: string[] = [];
    for (const name of ctx.args) {
      const removed = ctx.daemon.volumes.remove(name, users(ctx, name), ctx.flags.bool("force"));
      if (removed.ok) stdout += `${name}\n`;
      else errors.push(`Error response from daemon: ${removed.error}`);
    }
    return { stdout, stderr: errors.map((e) => `${e}\n`).join(""), exitCode: errors.length ? 1 : 0 };
  },
});

export const volumePruneCommand = defineCommand({
  paths: [["volume", "prune"]],
  args: { none: true },
  simulated: ["force", "all"],
  execute(ctx): CommandResult {
    const all = ctx.flags.bool("all");
    let stdout = "";
    if (!ctx.flags.bool("force")) {
      // cli/command/volume/prune.go: the prompt reads the answer from stdin; anything but y/yes cancels.
      stdout += `WARNING! This will remove ${all ? "all" : "anonymous"} local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] `;
      const answer = ctx.family.stdin.split("\n")[0]!.trim().toLowerCase();
      if (answer !== "y" && answer !== "yes") return { stdout, stderr: "", exitCode: 0 };
    }
    const removed = ctx.daemon.volumes.prune((name) => users(ctx, name).length > 0, all);
    if (removed.length) stdout += `Deleted Volumes:\n${removed.map((v) => `${v.name}\n`).join("")}\n`;
    stdout += `Total reclaimed space: ${humanSize(removed.reduce((sum, v) => sum + volumeSize(v), 0))}\n`;
    return ok(stdout);
  },
});
