/**
 * `docker container inspect` and `docker inspect` (containers first, then
 * images, as the CLI's type-less inspect tries them): the container as
 * Engine 27's API returns it (ContainerJSON), in its field order, the parts
 * kadet models filled in from the daemon, through the same printer and Go
 * templates as `docker image inspect` (`-f '{{.State.Status}}'`).
 */
import type { DockerDaemon } from "../../sim/docker/daemon.js";
import type { DockerContainer } from "../../sim/docker/containers.js";
import { sha256 } from "../../sim/docker/image.js";
import type { ContainerMount } from "../../sim/docker/container-fs.js";
import { gateway, hasEmbeddedDns, ipOn, macFor } from "../../sim/docker/networks.js";
import { defineCommand, type DockerContext } from "./command.js";
import { rfc3339Nano } from "./format.js";
import { stateName } from "./container-format.js";
import { imageInspect, inspectFormatError, inspectImages, printInspected, type Inspected } from "./inspect-image.js";
import { findImage, withDefaultTag } from "./lookup.js";

const ZERO_TIME = "0001-01-01T00:00:00Z";

function portMap(c: DockerContainer): Record<string, { HostIp: string; HostPort: string }[] | null> {
  const running = c.runtime.state.status === "running";
  const out: Record<string, { HostIp: string; HostPort: string }[] | null> = {};
  for (const port of c.exposedPorts) {
    const bound = c.ports.filter((p) => p.containerPort === port);
    out[port] = running && bound.length ? bound.flatMap((b) => [{ HostIp: b.hostIp, HostPort: b.hostPort }, ...(b.hostIp === "0.0.0.0" ? [{ HostIp: "::", HostPort: b.hostPort }] : [])]) : null;
  }
  return out;
}

export function containerInspect(daemon: DockerDaemon, c: DockerContainer): Record<string, unknown> {
  const s = c.runtime.state;
  const running = s.status === "running";
  const exited = s.status === "exited" ? s : undefined;
  const image = daemon.engine.images.get(c.imageId);
  const networks = containerNetworks(daemon, c);
  const bridge = networks.bridge as { IPAddress: string; MacAddress: string; Gateway: string } | undefined;
  const ip = bridge?.IPAddress ?? "";
  const mac = bridge?.MacAddress ?? "";
  return {
    Id: c.id,
    Created: rfc3339Nano(c.created),
    Path: c.path,
    Args: c.args,
    State: {
      Status: stateName(c),
      Running: running,
      Paused: false,
      Restarting: c.restartAt !== undefined,
      OOMKilled: exited?.oomKilled ?? false,
      Dead: false,
      Pid: running ? 1000 + Number.parseInt(c.id.slice(0, 3), 16) : 0,
      ExitCode: exited?.exitCode ?? (c.error ? 127 : 0),
      Error: c.error,
      StartedAt: s.status === "created" ? ZERO_TIME : rfc3339Nano(s.startedAt),
      FinishedAt: exited ? rfc3339Nano(exited.finishedAt) : ZERO_TIME,
    },
    Image: c.imageId,
    ResolvConfPath: `/var/lib/docker/containers/${c.id}/resolv.conf`,
    HostnamePath: `/var/lib/docker/containers/${c.id}/hostname`,
    HostsPath: `/var/lib/docker/containers/${c.id}/hosts`,
    LogPath: `/var/lib/docker/containers/${c.id}/${c.id}-json.log`,
    Name: `/${c.name}`,
    RestartCount: c.restartCount,
    Driver: "overlay2",
    Platform: "linux",
    MountLabel: "",
    ProcessLabel: "",
    AppArmorProfile: "docker-default",
    ExecIDs: null,
    HostConfig: {
      Binds: c.mounts.some((m) => m.via === "volume-flag") ? c.mounts.filter((m) => m.via === "volume-flag").map((m) => m.spec ?? "") : null,
      ContainerIDFile: "",
      LogConfig: { Type: "json-file", Config: {} },
      NetworkMode: c.networkMode,
      PortBindings: Object.fromEntries(c.ports.map((p) => [p.containerPort, [{ HostIp: p.hostIp === "0.0.0.0" ? "" : p.hostIp, HostPort: p.hostPort }]])),
      RestartPolicy: { Name: c.restart.name, MaximumRetryCount: c.restart.name === "on-failure" ? c.restart.maximumRetryCount : 0 },
      AutoRemove: c.autoRemove,
      Memory: c.memoryBytes ?? 0,
      ...(c.extraHosts.length ? { ExtraHosts: c.extraHosts } : {}),
      ...(c.mounts.some((m) => m.via === "mount-flag") ? { Mounts: c.mounts.filter((m) => m.via === "mount-flag").map(hostConfigMount) } : {}),
      ReadonlyRootfs: c.readOnlyRootfs,
    },
    Mounts: c.mounts.map(mountJson),
    Config: {
      Hostname: c.id.slice(0, 12),
      Domainname: "",
      User: c.user,
      AttachStdin: false,
      AttachStdout: false,
      AttachStderr: false,
      ...(c.exposedPorts.length ? { ExposedPorts: Object.fromEntries(c.exposedPorts.map((p) => [p, {}])) } : {}),
      Tty: c.tty,
      OpenStdin: c.openStdin,
      StdinOnce: false,
      Env: c.env,
      Cmd: c.args.length || image?.config.Cmd ? commandPart(c, image?.config.Entrypoint ?? null) : null,
      Image: c.imageName,
      Volumes: image?.config.Volumes ?? null,
      WorkingDir: c.workingDir,
      Entrypoint: entrypointPart(c, image?.config.Entrypoint ?? null),
      OnBuild: null,
      Labels: image?.config.Labels ?? {},
      ...(c.stopSignal !== "SIGTERM" ? { StopSignal: c.stopSignal } : {}),
    },
    NetworkSettings: {
      Bridge: "",
      SandboxID: running ? sha256(`sandbox:${c.id}`).slice(7) : "",
      SandboxKey: running ? `/var/run/docker/netns/${sha256(`sandbox:${c.id}`).slice(7, 19)}` : "",
      Ports: portMap(c),
      Gateway: bridge?.Gateway ?? "",
      IPAddress: ip,
      IPPrefixLen: ip ? 16 : 0,
      MacAddress: mac,
      Networks: networks,
    },
  };
}

/** .Mounts[]: moby's MountPoint as the API returns it (volume: Name, Driver; bind: Propagation rprivate). */
function mountJson(m: ContainerMount): Record<string, unknown> {
  if (m.type === "volume") return { Type: "volume", Name: m.name, Source: m.source, Destination: m.destination, Driver: "local", Mode: m.mode, RW: m.rw, Propagation: "" };
  if (m.type === "bind") return { Type: "bind", Source: m.source, Destination: m.destination, Mode: m.mode, RW: m.rw, Propagation: "rprivate" };
  return { Type: "tmpfs", Source: "", Destination: m.destination, Mode: "", RW: m.rw, Propagation: "" };
}

/** HostConfig.Mounts[]: the `--mount` requests as the CLI sent them. */
function hostConfigMount(m: ContainerMount): Record<string, unknown> {
  return { Type: m.type, ...(m.type === "tmpfs" ? {} : { Source: m.type === "volume" ? m.name : m.source }), Target: m.destination, ...(m.rw ? {} : { ReadOnly: true }) };
}

/** NetworkSettings.Networks: one endpoint per attached network; addresses only while running. */
function containerNetworks(daemon: DockerDaemon, c: DockerContainer): Record<string, unknown> {
  const running = c.runtime.state.status === "running";
  const out: Record<string, unknown> = {};
  for (const [name, endpoint] of Object.entries(c.endpoints)) {
    const network = daemon.networks.find(name);
    if (!network) continue;
    const ip = running ? ipOn(network, endpoint) : "";
    out[name] = {
      IPAMConfig: null,
      Links: null,
      Aliases: endpoint.aliases.length ? endpoint.aliases : null,
      MacAddress: macFor(ip),
      NetworkID: network.id,
      EndpointID: running ? sha256(`endpoint:${c.id}:${name}:${c.runtime.runs.length}`).slice(7) : "",
      Gateway: ip ? gateway(network) : "",
      IPAddress: ip,
      IPPrefixLen: ip ? 16 : 0,
      // Engine 26+: the names the embedded DNS answers for it; none on the default bridge.
      DNSNames: hasEmbeddedDns(network) ? [c.name, ...endpoint.aliases, c.id.slice(0, 12)] : null,
    };
  }
  return out;
}

/** Config.Entrypoint: --entrypoint's word, else the image's. */
function entrypointPart(c: DockerContainer, imageEntrypoint: readonly string[] | null): string[] | null {
  const argv = [c.path, ...c.args];
  if (imageEntrypoint && imageEntrypoint.every((w, i) => argv[i] === w)) return [...imageEntrypoint];
  return null;
}

/** Config.Cmd: what follows the entrypoint in Path+Args. */
function commandPart(c: DockerContainer, imageEntrypoint: readonly string[] | null): string[] | null {
  const argv = [c.path, ...c.args];
  const ep = entrypointPart(c, imageEntrypoint);
  const rest = argv.slice(ep ? ep.length : 0);
  return rest.length ? rest : null;
}

function inspectAll(ctx: DockerContext, withImages: boolean) {
  const found: Inspected[] = [];
  const errors: string[] = [];
  for (const ref of ctx.args) {
    const container = ctx.daemon.containers.find(ref);
    if (container) {
      const json = containerInspect(ctx.daemon, container);
      found.push({ json, typed: json });
      continue;
    }
    const image = withImages ? findImage(ctx.daemon.engine, ref) : undefined;
    if (image) found.push({ json: imageInspect(ctx.daemon.engine, image), typed: imageInspect(ctx.daemon.engine, image, true) });
    else errors.push(withImages ? `Error: No such object: ${ref}` : `Error response from daemon: No such container: ${ref}`);
  }
  return printInspected(found, errors, ctx.flags.string("format"));
}

export const containerInspectCommand = defineCommand({
  paths: [["container", "inspect"]],
  args: { min: 1 },
  simulated: ["format"],
  daemonDownStdout: "[]\n",
  validate: (flags) => inspectFormatError(flags.string("format")),
  execute: (ctx) => inspectAll(ctx, false),
});

export const inspectCommand = defineCommand({
  paths: [["inspect"]],
  args: { min: 1 },
  simulated: ["format", "type"],
  daemonDownStdout: "[]\n",
  validate: (flags) => inspectFormatError(flags.string("format")),
  execute(ctx) {
    const type = ctx.flags.string("type");
    if (type === "container") return inspectAll(ctx, false);
    if (type === "image") return inspectImages(ctx);
    if (type !== "") return { stdout: "", stderr: `kadet: 'docker inspect --type ${type}' is not simulated yet\n`, exitCode: 1 };
    return inspectAll(ctx, true);
  },
});
