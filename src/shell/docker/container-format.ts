/**
 * How the CLI shows a container in lists (cli/command/formatter/container.go):
 * COMMAND quoted and cut to 20 characters with "…", CREATED and STATUS as
 * go-units durations on the virtual clock, PORTS grouped as
 * DisplayablePorts prints them (IPv4 and IPv6 bindings of Engine 27).
 */
import type { DockerContainer } from "../../sim/docker/containers.js";
import { humanDuration } from "./format.js";

/** formatter.Ellipsis: at most `max` characters, the last one "…" when cut. */
export function ellipsis(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/** The API's Command: Path and Args joined by spaces. */
export function commandLine(c: DockerContainer): string {
  return [c.path, ...c.args].join(" ");
}

/** container.State String(): "Up 5 seconds", "Exited (0) 3 seconds ago", "Created", "Restarting (1) 2 seconds ago". */
export function statusText(c: DockerContainer, now: number): string {
  const s = c.runtime.state;
  if (s.status === "running") return `Up ${humanDuration(now - s.startedAt)}`;
  if (s.status === "exited") {
    if (c.restartAt !== undefined) return `Restarting (${s.exitCode}) ${humanDuration(now - s.finishedAt)} ago`;
    return `Exited (${s.exitCode}) ${humanDuration(now - s.finishedAt)} ago`;
  }
  return "Created";
}

/** State.Status: created, running, restarting, exited. */
export function stateName(c: DockerContainer): string {
  if (c.restartAt !== undefined) return "restarting";
  return c.runtime.state.status;
}

/** DisplayablePorts: "0.0.0.0:8080->80/tcp, [::]:8080->80/tcp", exposed-only ports bare ("80/tcp"). */
export function portsText(c: DockerContainer): string {
  const running = c.runtime.state.status === "running";
  const out: string[] = [];
  for (const port of [...c.exposedPorts].sort(comparePorts)) {
    const bound = running ? c.ports.filter((p) => p.containerPort === port) : [];
    if (bound.length === 0) out.push(port);
    for (const b of bound) {
      out.push(`${b.hostIp}:${b.hostPort}->${port}`);
      if (b.hostIp === "0.0.0.0") out.push(`[::]:${b.hostPort}->${port}`);
    }
  }
  return out.join(", ");
}

function comparePorts(a: string, b: string): number {
  return Number.parseInt(a, 10) - Number.parseInt(b, 10) || (a < b ? -1 : a > b ? 1 : 0);
}

export function containerRow(c: DockerContainer, now: number, noTrunc: boolean): Record<string, unknown> {
  const command = commandLine(c);
  return {
    Command: JSON.stringify(noTrunc ? command : ellipsis(command, 20)),
    CreatedAt: new Date(c.created).toISOString().replace("T", " ").replace(/\.\d+Z$/, " +0000 UTC"),
    ID: noTrunc ? c.id : c.id.slice(0, 12),
    Image: c.imageName,
    Labels: "",
    // cli/command/formatter/container.go: LocalVolumes counts local volumes; Mounts names each (Ellipsis 15 unless --no-trunc).
    LocalVolumes: String(c.mounts.filter((m) => m.type === "volume").length),
    Mounts: c.mounts.filter((m) => m.type !== "tmpfs").map((m) => (noTrunc ? (m.name ?? m.source) : ellipsis(m.name ?? m.source, 15))).join(","),
    Names: c.name,
    Networks: Object.keys(c.endpoints).sort().join(","),
    Ports: portsText(c),
    RunningFor: `${humanDuration(now - c.created)} ago`,
    Size: "0B",
    State: stateName(c),
    Status: statusText(c, now),
  };
}
