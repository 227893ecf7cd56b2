/**
 * `docker compose up [-d] | down [-v] | ps [-a] | logs [-f] [SERVICE...] | config`
 * on the learner's daemon, as Compose v2 does them: networks
 * `<project>_default` (and the declared ones), named volumes `<project>_<name>`,
 * containers `<project>-<service>-1` labelled with their project and service,
 * each reachable on its networks by its service name (the alias Compose adds),
 * started after what it depends on. Progress lines are Compose's without a
 * terminal (` Container app-web-1  Started`, on stderr); logs are prefixed
 * `web-1  | ` as its log consumer pads them.
 *
 * An attached `up` follows the containers on the virtual clock until all of
 * them exit, for at most FOLLOW_LIMIT_SECONDS (follow.ts, the rule `docker logs -f`
 * follows too): a real `up` holds the terminal until Ctrl-C.
 */
import { stringify } from "yaml";
import type { CommandResult, FamilyContext } from "../../types.js";
import { failure } from "../../types.js";
import type { DockerDaemon } from "../../../sim/docker/daemon.js";
import type { DockerContainer, MountRequest, RestartPolicy } from "../../../sim/docker/containers.js";
import type { Image } from "../../../sim/docker/image.js";
import { containerLogs, exitsAt } from "../../../sim/runtime/container.js";
import { plainProgress } from "../../../sim/docker/progress.js";
import { readContext } from "../context.js";
import { pullOnto } from "../pull.js";
import { containerRow, portsText, statusText } from "../container-format.js";
import { humanDuration, tabwrite } from "../format.js";
import { loadProject, type Project, type ServiceSpec } from "./project.js";
import { DAEMON_NOT_RUNNING } from "../../../sim/docker/daemon.js";
import { FOLLOW_LIMIT_SECONDS, stillRunningNote } from "../follow.js";


const PROJECT_LABEL = "com.docker.compose.project";
const SERVICE_LABEL = "com.docker.compose.service";
const HASH_LABEL = "com.docker.compose.config-hash";

interface Globals {
  file?: string;
  projectName?: string;
}

const USAGE = "Usage:  docker compose [OPTIONS] COMMAND";
const SUBCOMMANDS = ["up", "down", "ps", "logs", "config"];
/** Compose v2 subcommands kadet does not model yet. */
const OTHER_SUBCOMMANDS = ["attach", "build", "commit", "cp", "create", "events", "exec", "export", "images", "kill", "ls", "pause", "port", "pull", "push", "restart", "rm", "run", "scale", "start", "stats", "stop", "top", "unpause", "version", "wait", "watch"];

export async function runCompose(argv: string[], family: FamilyContext): Promise<CommandResult> {
  const globals: Globals = {};
  let i = 0;
  for (; i < argv.length && argv[i]!.startsWith("-"); i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === "-f" || flag === "--file") globals.file = value();
    else if (flag === "-p" || flag === "--project-name") globals.projectName = value();
    else if (flag === "-h" || flag === "--help") return { stdout: `${USAGE}\n\nkadet simulates: ${SUBCOMMANDS.join(", ")}\n`, stderr: "", exitCode: 0 };
    else return failure(`unknown flag: ${flag}`);
  }
  const [sub, ...rest] = argv.slice(i);
  if (sub === undefined) return { stdout: `${USAGE}\n\nkadet simulates: ${SUBCOMMANDS.join(", ")}\n`, stderr: "", exitCode: 0 };
  if (OTHER_SUBCOMMANDS.includes(sub)) return failure(`kadet: 'docker compose ${sub}' is not simulated yet`);
  if (!SUBCOMMANDS.includes(sub)) return failure(`unknown docker command: "compose ${sub}"`);
  const daemon = family.session.docker;
  if (!daemon.running && sub !== "config") return failure(DAEMON_NOT_RUNNING);
  const loaded = await loadProject(family, globals);
  if (!loaded.ok) return failure(loaded.error, sub === "config" ? 15 : 1);
  const project = loaded.project;
  const warn = project.warnings.map((w) => `${w}\n`).join("");
  if (sub !== "config") daemon.containers.catchUp();
  const flags = new Set(rest.filter((a) => a.startsWith("-")));
  const services = rest.filter((a) => !a.startsWith("-"));
  const allowed: Record<string, string[]> = { up: ["-d", "--detach"], down: ["-v", "--volumes"], ps: ["-a", "--all", "-q", "--quiet"], logs: ["-f", "--follow"], config: ["-q", "--quiet"] };
  const bad = [...flags].find((f) => !allowed[sub]!.includes(f));
  if (bad !== undefined) return failure(`kadet: 'docker compose ${sub} ${bad}' is not simulated yet`);
  const unknownService = services.find((s) => !project.services.some((p) => p.name === s));
  if (unknownService !== undefined) return failure(`${warn}no such service: ${unknownService}`);
  let result: CommandResult;
  switch (sub) {
    case "up":
      result = await up(family, daemon, project, flags.has("-d") || flags.has("--detach"), services);
      break;
    case "down":
      result = down(family, daemon, project, flags.has("-v") || flags.has("--volumes"));
      break;
    case "ps":
      result = ps(family, daemon, project, flags.has("-a") || flags.has("--all"), flags.has("-q") || flags.has("--quiet"), services);
      break;
    case "logs":
      result = logs(family, daemon, project, flags.has("-f") || flags.has("--follow"), services);
      break;
    default:
      result = flags.has("-q") || flags.has("--quiet") ? { stdout: "", stderr: "", exitCode: 0 } : { stdout: config(project), stderr: "", exitCode: 0 };
  }
  return { ...result, stderr: warn + result.stderr };
}

function containerName(project: Project, service: ServiceSpec): string {
  return service.containerName ?? `${project.name}-${service.name}-1`;
}

/** The name logs and `up` print for a container: the service and its number ("web-1"), or container_name. */
function shortName(project: Project, service: ServiceSpec): string {
  return service.containerName ?? `${service.name}-1`;
}

function projectContainers(daemon: DockerDaemon, project: Project): DockerContainer[] {
  return [...daemon.containers.containers.values()].filter((c) => c.labels?.[PROJECT_LABEL] === project.name).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function serviceContainer(daemon: DockerDaemon, project: Project, service: ServiceSpec): DockerContainer | undefined {
  return projectContainers(daemon, project).find((c) => c.labels?.[SERVICE_LABEL] === service.name);
}

function restartPolicy(text: string | undefined): RestartPolicy | string {
  if (text === undefined || text === "no") return { name: "no" };
  if (text === "always" || text === "unless-stopped") return { name: text };
  const m = text.match(/^on-failure(?::(\d+))?$/);
  if (m) return { name: "on-failure", maximumRetryCount: m[1] ? Number(m[1]) : 0 };
  return `invalid restart policy: ${text}`;
}

/** The image a service runs: built (`<project>-<service>` unless `image:` names it), found locally, or pulled. */
async function serviceImage(family: FamilyContext, daemon: DockerDaemon, project: Project, service: ServiceSpec, out: string[]): Promise<{ ok: true; image: Image; name: string } | { ok: false; error: string }> {
  const name = service.image ?? `${project.name}-${service.name}`;
  if (service.build) {
    const existing = daemon.engine.imageByReference(name);
    if (existing) return { ok: true, image: existing, name };
    const context = await readContext(family, service.build.context);
    if (!context) return { ok: false, error: `unable to prepare context: path "${service.build.context}" not found` };
    const result = daemon.engine.build({ context, dockerfile: service.build.dockerfile, tags: [name], buildArgs: service.build.args, ...(service.build.target ? { target: service.build.target } : {}) });
    family.session.environment.advance(result.seconds);
    out.push(...plainProgress(result).trimEnd().split("\n"));
    if (!result.ok) return { ok: false, error: `failed to solve: ${result.error}` };
    out.push(` Service ${service.name}  Built`);
    return { ok: true, image: result.image, name };
  }
  const local = daemon.engine.imageByReference(name);
  if (local) return { ok: true, image: local, name };
  out.push(` ${service.name} Pulling`);
  const pulled = pullOnto(daemon, name, family.session.environment.registry);
  if (!pulled.ok) return { ok: false, error: `Error response from daemon: ${pulled.error}` };
  out.push(` ${service.name} Pulled`);
  return { ok: true, image: pulled.image, name };
}

/** What decides whether a container is recreated: the service's settings and its image. */
function configHash(service: ServiceSpec, image: Image): string {
  return JSON.stringify([service, image.id]);
}

async function up(family: FamilyContext, daemon: DockerDaemon, project: Project, detach: boolean, selected: string[]): Promise<CommandResult> {
  const out: string[] = [];
  const fail = (error: string): CommandResult => ({ stdout: "", stderr: `${out.map((l) => `${l}\n`).join("")}${error}\n`, exitCode: 1 });
  // `up web` also starts what web depends on.
  const wanted = new Set<string>();
  const want = (name: string) => {
    if (wanted.has(name)) return;
    wanted.add(name);
    for (const d of project.services.find((s) => s.name === name)!.dependsOn) want(d);
  };
  for (const s of selected.length ? selected : project.services.map((x) => x.name)) want(s);
  const services = project.services.filter((s) => wanted.has(s.name));

  const images = new Map<string, { image: Image; name: string }>();
  for (const service of services) {
    const found = await serviceImage(family, daemon, project, service, out);
    if (!found.ok) return fail(found.error);
    images.set(service.name, found);
  }
  const usedNetworks = new Set(services.flatMap((s) => Object.keys(s.networks)));
  for (const key of Object.keys(project.networks).filter((k) => usedNetworks.has(k))) {
    const name = project.networks[key]!;
    if (daemon.networks.find(name)) continue;
    out.push(` Network ${name}  Creating`);
    const created = daemon.networks.create(name, "bridge", false, { [PROJECT_LABEL]: project.name, "com.docker.compose.network": key });
    if (!created.ok) return fail(`Error response from daemon: ${created.error}`);
    out.push(` Network ${name}  Created`);
  }
  const usedVolumes = new Set(services.flatMap((s) => s.volumes.filter((v) => v.type === "volume" && v.source !== "").map((v) => v.source)));
  for (const key of Object.keys(project.volumes).filter((k) => usedVolumes.has(k))) {
    const name = project.volumes[key]!;
    if (daemon.volumes.get(name)) continue;
    out.push(` Volume "${name}"  Creating`);
    daemon.volumes.create(name, "cli", { [PROJECT_LABEL]: project.name, "com.docker.compose.volume": key });
    out.push(` Volume "${name}"  Created`);
  }

  const toStart: { service: ServiceSpec; container: DockerContainer }[] = [];
  for (const service of services) {
    const { image, name: imageName } = images.get(service.name)!;
    const hash = configHash(service, image);
    const cname = containerName(project, service);
    let existing = serviceContainer(daemon, project, service);
    if (existing && existing.labels?.[HASH_LABEL] !== hash) {
      out.push(` Container ${cname}  Recreate`);
      const waited = daemon.containers.stop(existing, undefined, 10);
      if (waited > 0) family.session.environment.advance(waited / 1000);
      daemon.containers.remove(existing, true);
      existing = undefined;
    } else if (!existing && daemon.containers.find(cname)?.name === cname) {
      return fail(`Error response from daemon: Conflict. The container name "/${cname}" is already in use by container "${daemon.containers.find(cname)!.id}". You have to remove (or rename) that container to be able to reuse that name.`);
    }
    if (existing) {
      if (existing.runtime.state.status === "running") out.push(` Container ${cname}  Running`);
      else toStart.push({ service, container: existing });
      continue;
    }
    const restart = restartPolicy(service.restart);
    if (typeof restart === "string") return fail(restart);
    const mounts: MountRequest[] = service.volumes.map((v) => ({
      type: v.type,
      ...(v.source !== "" ? { source: v.type === "volume" ? project.volumes[v.source]! : v.source } : {}),
      target: v.target,
      readOnly: v.readOnly,
      via: "mount-flag",
    }));
    const [firstNetwork, ...otherNetworks] = Object.entries(service.networks);
    const recreating = out[out.length - 1] === ` Container ${cname}  Recreate`;
    if (!recreating) out.push(` Container ${cname}  Creating`);
    const created = daemon.containers.create(image, {
      imageName,
      name: cname,
      // A list entrypoint replaces the image's and clears its CMD, as `--entrypoint` does; the rest of it leads the args.
      args: [...(service.entrypoint?.slice(1) ?? []), ...(service.command ?? [])],
      ...(service.entrypoint ? { entrypoint: service.entrypoint[0] ?? "" } : {}),
      env: Object.entries(service.environment).map(([k, v]) => `${k}=${v}`),
      ports: service.ports.map((p) => ({ containerPort: `${p.target}/${p.protocol}`, hostIp: p.hostIp || "0.0.0.0", hostPort: p.published || daemon.containers.ephemeralPort() })),
      restart,
      autoRemove: false,
      tty: false,
      openStdin: false,
      ...(service.workingDir ? { workingDir: service.workingDir } : {}),
      ...(service.user ? { user: service.user } : {}),
      mounts,
      readOnlyRootfs: service.readOnly,
      network: project.networks[firstNetwork![0]]!,
      // Compose adds the service name as an alias on every network: other services reach it by that name.
      networkAliases: [service.name, ...firstNetwork![1]],
      labels: { [PROJECT_LABEL]: project.name, [SERVICE_LABEL]: service.name, "com.docker.compose.container-number": "1", "com.docker.compose.oneoff": "False", [HASH_LABEL]: hash },
    });
    if (!created.ok) return fail(`Error response from daemon: ${created.error}`);
    for (const [key, aliases] of otherNetworks) daemon.containers.connect(created.value, project.networks[key]!, [service.name, ...aliases]);
    out.push(recreating ? ` Container ${cname}  Recreated` : ` Container ${cname}  Created`);
    toStart.push({ service, container: created.value });
  }
  for (const { service, container } of toStart) {
    const cname = containerName(project, service);
    out.push(` Container ${cname}  Starting`);
    const started = daemon.containers.start(container);
    if (!started.ok) return fail(`Error response from daemon: ${started.error}`);
    out.push(` Container ${cname}  Started`);
  }
  const progress = out.map((l) => `${l}\n`).join("");
  if (detach) return { stdout: "", stderr: progress, exitCode: 0 };
  const attached = services.map((s) => ({ service: s, container: serviceContainer(daemon, project, s)! }));
  const followed = follow(family, daemon, project, attached.map((a) => a.service), true, "docker compose up");
  return { stdout: `Attaching to ${attached.map((a) => shortName(project, a.service)).join(", ")}\n${followed.stdout}`, stderr: progress + followed.stderr, exitCode: 0 };
}

/**
 * The services' logs, merged in time order and prefixed; following, the clock moves until every
 * container exited or FOLLOW_LIMIT_SECONDS passed. `exits` adds "web-1 exited with code 0".
 */
function follow(family: FamilyContext, daemon: DockerDaemon, project: Project, services: ServiceSpec[], following: boolean, command: string): CommandResult {
  const environment = family.session.environment;
  const containers = () => services.flatMap((s) => {
    const c = serviceContainer(daemon, project, s);
    return c ? [{ service: s, container: c }] : [];
  });
  let note = "";
  if (following) {
    const ends = containers().map(({ container }) => (container.runtime.state.status === "running" ? exitsAt(container.runtime) : environment.now()));
    const allEnd = ends.every((e) => e !== undefined);
    const until = allEnd ? Math.max(environment.now(), ...(ends as number[])) : environment.now() + FOLLOW_LIMIT_SECONDS * 1000;
    const wait = Math.min(until, environment.now() + FOLLOW_LIMIT_SECONDS * 1000) - environment.now();
    if (wait > 0) environment.advance(wait / 1000);
    daemon.containers.catchUp();
    const running = containers().filter(({ container }) => container.runtime.state.status === "running").map(({ service }) => containerName(project, service));
    if (running.length > 0) note = stillRunningNote(command, running);
  }
  const now = environment.now();
  const current = containers();
  const width = Math.max(0, ...current.map(({ service }) => shortName(project, service).length)) + 1;
  const lines: { at: number; order: number; text: string }[] = [];
  current.forEach(({ service, container }, order) => {
    const prefix = `${shortName(project, service).padEnd(width)} | `;
    for (const l of containerLogs(container.runtime, now)) lines.push({ at: l.at, order, text: `${prefix}${l.line}` });
    const s = container.runtime.state;
    if (following && s.status === "exited") lines.push({ at: s.finishedAt, order, text: `${shortName(project, service)} exited with code ${s.exitCode}` });
  });
  lines.sort((a, b) => a.at - b.at || a.order - b.order);
  return { stdout: lines.map((l) => `${l.text}\n`).join(""), stderr: note, exitCode: 0 };
}

function logs(family: FamilyContext, daemon: DockerDaemon, project: Project, following: boolean, selected: string[]): CommandResult {
  const services = project.services.filter((s) => selected.length === 0 || selected.includes(s.name));
  const result = follow(family, daemon, project, services, following, "docker compose logs -f");
  // `logs` (not `up`) prints no "exited with code" lines.
  return { ...result, stdout: result.stdout.split("\n").filter((l) => !/ exited with code \d+$/.test(l) || l.includes(" | ")).join("\n") };
}

function down(family: FamilyContext, daemon: DockerDaemon, project: Project, removeVolumes: boolean): CommandResult {
  const out: string[] = [];
  // Dependants first: the reverse of the start order (services Compose no longer finds in the file last).
  const rank = (c: DockerContainer) => project.services.findIndex((s) => s.name === c.labels?.[SERVICE_LABEL]);
  const containers = projectContainers(daemon, project).sort((a, b) => rank(b) - rank(a));
  for (const c of containers) {
    if (c.runtime.state.status === "running") {
      out.push(` Container ${c.name}  Stopping`);
      const waited = daemon.containers.stop(c, undefined, 10);
      if (waited > 0) family.session.environment.advance(waited / 1000);
      out.push(` Container ${c.name}  Stopped`);
    }
    out.push(` Container ${c.name}  Removing`);
    daemon.containers.remove(c, true, true);
    out.push(` Container ${c.name}  Removed`);
  }
  if (removeVolumes) {
    for (const name of Object.values(project.volumes)) {
      if (!daemon.volumes.get(name)) continue;
      out.push(` Volume ${name}  Removing`);
      daemon.volumes.remove(name, [], true);
      out.push(` Volume ${name}  Removed`);
    }
  }
  for (const name of Object.values(project.networks)) {
    const network = daemon.networks.find(name);
    if (!network || network.name !== name) continue;
    out.push(` Network ${name}  Removing`);
    const removed = daemon.networks.remove(network, []);
    out.push(removed.ok ? ` Network ${name}  Removed` : ` Network ${name}  Error`);
  }
  if (containers.length === 0 && out.length === 0) return { stdout: "", stderr: "", exitCode: 0 };
  return { stdout: "", stderr: out.map((l) => `${l}\n`).join(""), exitCode: 0 };
}

function ps(family: FamilyContext, daemon: DockerDaemon, project: Project, all: boolean, quiet: boolean, selected: string[]): CommandResult {
  const now = family.session.environment.now();
  const containers = projectContainers(daemon, project).filter((c) => (all || c.runtime.state.status === "running") && (selected.length === 0 || selected.includes(c.labels?.[SERVICE_LABEL] ?? "")));
  if (quiet) return { stdout: containers.map((c) => `${c.id}\n`).join(""), stderr: "", exitCode: 0 };
  let table = "NAME\tIMAGE\tCOMMAND\tSERVICE\tCREATED\tSTATUS\tPORTS\n";
  for (const c of containers) {
    const row = containerRow(c, now, false);
    table += `${c.name}\t${c.imageName}\t${String(row.Command)}\t${c.labels?.[SERVICE_LABEL] ?? ""}\t${humanDuration(now - c.created)} ago\t${statusText(c, now)}\t${portsText(c)}\n`;
  }
  return { stdout: tabwrite(table), stderr: "", exitCode: 0 };
}

/** The project as Compose resolves it (interpolated, names filled in), in the shape `docker compose config` prints. */
function config(project: Project): string {
  const services: Record<string, unknown> = {};
  for (const s of [...project.services].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const out: Record<string, unknown> = {};
    if (s.build) out.build = { context: s.build.context, dockerfile: s.build.dockerfile, ...(Object.keys(s.build.args).length ? { args: s.build.args } : {}), ...(s.build.target ? { target: s.build.target } : {}) };
    if (s.command) out.command = s.command;
    if (s.containerName) out.container_name = s.containerName;
    if (s.dependsOn.length) out.depends_on = Object.fromEntries(s.dependsOn.map((d) => [d, { condition: "service_started", required: true }]));
    if (s.entrypoint) out.entrypoint = s.entrypoint;
    if (Object.keys(s.environment).length) out.environment = s.environment;
    if (s.image) out.image = s.image;
    out.networks = Object.fromEntries(Object.entries(s.networks).map(([n, aliases]) => [n, aliases.length ? { aliases } : null]));
    if (s.ports.length) out.ports = s.ports.map((p) => ({ mode: "ingress", ...(p.hostIp ? { host_ip: p.hostIp } : {}), target: p.target, ...(p.published ? { published: p.published } : {}), protocol: p.protocol }));
    if (s.readOnly) out.read_only = true;
    if (s.restart) out.restart = s.restart;
    if (s.user) out.user = s.user;
    if (s.volumes.length) out.volumes = s.volumes.map((v) => ({ type: v.type, ...(v.source ? { source: v.source } : {}), target: v.target, ...(v.readOnly ? { read_only: true } : {}), ...(v.type === "bind" ? { bind: { create_host_path: true } } : { volume: {} }) }));
    if (s.workingDir) out.working_dir = s.workingDir;
    services[s.name] = out;
  }
  const used = new Set(project.services.flatMap((s) => Object.keys(s.networks)));
  const doc: Record<string, unknown> = {
    name: project.name,
    services,
    networks: Object.fromEntries(Object.entries(project.networks).filter(([k]) => used.has(k)).map(([k, name]) => [k, { name }])),
  };
  if (Object.keys(project.volumes).length) doc.volumes = Object.fromEntries(Object.entries(project.volumes).map(([k, name]) => [k, { name }]));
  return stringify(doc, { lineWidth: 0 });
}
