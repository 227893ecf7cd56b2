/**
 * `docker network create|ls|inspect|connect|disconnect|rm|prune` on the
 * daemon's networks, in the CLI's words and layouts (docker/cli
 * cli/command/network): `ls` sorted by name with 12-character IDs, `inspect`
 * as the API's network object in its field order, with the running
 * containers attached to it.
 */
import { failure, ok, type CommandResult } from "../types.js";
import type { DockerDaemon } from "../../sim/docker/daemon.js";
import { gateway, ipOn, macFor, subnet, type Network } from "../../sim/docker/networks.js";
import { sha256 } from "../../sim/docker/image.js";
import { defineCommand, type DockerContext } from "./command.js";
import { renderList, rfc3339Nano } from "./format.js";
import { templateParseError } from "./go-template.js";
import { inspectFormatError, printInspected } from "./inspect-image.js";

/** The default bridge's driver options, as dockerd creates docker0. */
const DEFAULT_BRIDGE_OPTIONS = {
  "com.docker.network.bridge.default_bridge": "true",
  "com.docker.network.bridge.enable_icc": "true",
  "com.docker.network.bridge.enable_ip_masquerade": "true",
  "com.docker.network.bridge.host_binding_ipv4": "0.0.0.0",
  "com.docker.network.bridge.name": "docker0",
  "com.docker.network.driver.mtu": "1500",
};

/** The containers (running, with an address) on a network, keyed by ID. */
function attached(daemon: DockerDaemon, network: Network): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of daemon.containers.containers.values()) {
    const endpoint = c.endpoints[network.name];
    if (!endpoint || c.runtime.state.status !== "running") continue;
    const ip = ipOn(network, endpoint);
    out[c.id] = { Name: c.name, EndpointID: sha256(`endpoint:${c.id}:${network.name}:${c.runtime.runs.length}`).slice(7), MacAddress: macFor(ip), IPv4Address: ip ? `${ip}/16` : "", IPv6Address: "" };
  }
  return out;
}

export function networkJson(daemon: DockerDaemon, n: Network): Record<string, unknown> {
  return {
    Name: n.name,
    Id: n.id,
    Created: rfc3339Nano(n.created),
    Scope: "local",
    Driver: n.driver,
    EnableIPv6: false,
    IPAM: { Driver: "default", Options: n.predefined ? null : {}, Config: n.subnetIndex === undefined ? [] : [{ Subnet: subnet(n), Gateway: gateway(n) }] },
    Internal: n.internal,
    Attachable: false,
    Ingress: false,
    ConfigFrom: { Network: "" },
    ConfigOnly: false,
    Containers: attached(daemon, n),
    Options: n.name === "bridge" ? DEFAULT_BRIDGE_OPTIONS : {},
    Labels: n.labels,
  };
}

function byName(a: Network, b: Network): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function labelsOf(list: readonly string[]): Record<string, string> {
  return Object.fromEntries(list.map((l) => (l.includes("=") ? [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)] : [l, ""])));
}

/** Containers that hold an endpoint on the network, running or not (what keeps `network rm` from removing it). */
function endpointsOn(ctx: DockerContext, network: Network) {
  return [...ctx.daemon.containers.containers.values()].filter((c) => c.endpoints[network.name] !== undefined);
}

export const networkCreateCommand = defineCommand({
  paths: [["network", "create"]],
  args: { exact: 1 },
  simulated: ["driver", "internal", "label"],
  execute(ctx) {
    const created = ctx.daemon.networks.create(ctx.args[0]!, ctx.flags.string("driver") || "bridge", ctx.flags.bool("internal"), labelsOf(ctx.flags.strings("label")));
    if (!created.ok) return failure(`Error response from daemon: ${created.error}`);
    return ok(`${created.value.id}\n`);
  },
});

export const networkLsCommand = defineCommand({
  paths: [["network", "ls"], ["network", "list"]],
  args: { none: true },
  simulated: ["quiet", "format", "no-trunc", "filter"],
  validate(flags) {
    const format = flags.string("format");
    if (format === "" || format === "json") return undefined;
    const error = templateParseError(format.replace(/^table\s*/, ""));
    return error ? failure(`template parsing error: ${error}`) : undefined;
  },
  execute(ctx) {
    let networks = [...ctx.daemon.networks.networks.values()].sort(byName);
    for (const filter of ctx.flags.strings("filter")) {
      const eq = filter.indexOf("=");
      const [key, value] = eq === -1 ? [filter, ""] : [filter.slice(0, eq), filter.slice(eq + 1)];
      if (key === "name") networks = networks.filter((n) => n.name.includes(value));
      else if (key === "driver") networks = networks.filter((n) => n.driver === value);
      else if (key === "type") networks = networks.filter((n) => (value === "builtin") === n.predefined);
      else return failure(`kadet: 'docker network ls --filter ${key}' is not simulated yet`);
    }
    const noTrunc = ctx.flags.bool("no-trunc");
    const rows = networks.map((n) => ({ ID: noTrunc ? n.id : n.id.slice(0, 12), Name: n.name, Driver: n.driver, Scope: "local", IPv6: "false", Internal: String(n.internal), CreatedAt: new Date(n.created).toISOString().replace("T", " ").replace(/\.\d+Z$/, " +0000 UTC"), Labels: "" }));
    const out = renderList(rows, {
      format: ctx.flags.string("format"),
      defaultFormat: "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}",
      quietFormat: "{{.ID}}",
      quiet: ctx.flags.bool("quiet"),
      headers: { ID: "NETWORK ID", Name: "NAME", Driver: "DRIVER", Scope: "SCOPE", IPv6: "IPV6", Internal: "INTERNAL", CreatedAt: "CREATED AT", Labels: "LABELS" },
    });
    if (!out.ok) return failure(`template parsing error: ${out.error}`);
    return ok(out.output);
  },
});

export const networkInspectCommand = defineCommand({
  paths: [["network", "inspect"]],
  args: { min: 1 },
  simulated: ["format"],
  daemonDownStdout: "[]\n",
  validate: (flags) => inspectFormatError(flags.string("format")),
  execute(ctx) {
    const found = [];
    const errors = [];
    for (const ref of ctx.args) {
      const n = ctx.daemon.networks.find(ref);
      if (n) {
        const json = networkJson(ctx.daemon, n);
        found.push({ json, typed: json });
      } else errors.push(`Error response from daemon: network ${ref} not found`);
    }
    return printInspected(found, errors, ctx.flags.string("format"));
  },
});

function connectOrDisconnect(ctx: DockerContext, connect: boolean): CommandResult {
  const [networkRef, containerRef] = ctx.args as [string, string];
  const container = ctx.daemon.containers.find(containerRef);
  if (!container) return failure(`Error response from daemon: No such container: ${containerRef}`);
  const network = ctx.daemon.networks.find(networkRef);
  if (!network) return failure(`Error response from daemon: network ${networkRef} not found`);
  const done = connect ? ctx.daemon.containers.connect(container, network.name, ctx.flags.strings("alias")) : ctx.daemon.containers.disconnect(container, network.name);
  return done.ok ? ok("") : failure(`Error response from daemon: ${done.error}`);
}

export const networkConnectCommand = defineCommand({
  paths: [["network", "connect"]],
  args: { exact: 2 },
  simulated: ["alias"],
  execute: (ctx) => connectOrDisconnect(ctx, true),
});

export const networkDisconnectCommand = defineCommand({
  paths: [["network", "disconnect"]],
  args: { exact: 2 },
  simulated: ["force"],
  execute: (ctx) => connectOrDisconnect(ctx, false),
});

export const networkRmCommand = defineCommand({
  paths: [["network", "rm"], ["network", "remove"]],
  args: { min: 1 },
  simulated: ["force"],
  execute(ctx): CommandResult {
    let stdout = "";
    const errors: string[] = [];
    for (const ref of ctx.args) {
      const network = ctx.daemon.networks.find(ref);
      if (!network) {
        if (!ctx.flags.bool("force")) errors.push(`Error response from daemon: network ${ref} not found`);
        continue;
      }
      const removed = ctx.daemon.networks.remove(network, endpointsOn(ctx, network));
      if (removed.ok) stdout += `${ref}\n`;
      else errors.push(`Error response from daemon: ${removed.error}`);
    }
    return { stdout, stderr: errors.map((e) => `${e}\n`).join(""), exitCode: errors.length ? 1 : 0 };
  },
});

export const networkPruneCommand = defineCommand({
  paths: [["network", "prune"]],
  args: { none: true },
  simulated: ["force"],
  execute(ctx): CommandResult {
    let stdout = "";
    if (!ctx.flags.bool("force")) {
      stdout += "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] ";
      const answer = ctx.family.stdin.split("\n")[0]!.trim().toLowerCase();
      if (answer !== "y" && answer !== "yes") return { stdout, stderr: "", exitCode: 0 };
    }
    const removed: string[] = [];
    for (const network of [...ctx.daemon.networks.networks.values()].sort(byName)) {
      if (network.predefined || endpointsOn(ctx, network).length > 0) continue;
      if (ctx.daemon.networks.remove(network, []).ok) removed.push(network.name);
    }
    if (removed.length) stdout += `Deleted Networks:\n${removed.map((n) => `${n}\n`).join("")}\n`;
    return ok(stdout);
  },
});
