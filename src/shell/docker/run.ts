/**
 * `docker run`: pull the image if it is not local (progress on stderr, as the
 * CLI writes it), create the container on the daemon, start it, and either
 * print its ID (`-d`) or stay attached until the process exits (the virtual
 * clock moves by its run time) and return its exit code. An attached process
 * that never exits cannot hold kadet's terminal: kadet prints what it logged
 * and says that it keeps running. Client-side errors are the CLI's (recorded
 * in testdata/cases.json); daemon errors are prefixed `docker: Error response
 * from daemon:` and exit 125.
 */
import { failure, type CommandResult } from "../types.js";
import type { PortBinding, RestartPolicy, RunOptions } from "../../sim/docker/containers.js";
import { advanceContainer, containerLogs, exitsAt } from "../../sim/runtime/container.js";
import { defineCommand, type DockerContext } from "./command.js";
import { hasExplicitTag, pullOnto } from "./pull.js";
import { validateReference } from "./references.js";
import { flagError } from "./errors.js";
import { runMainProcess } from "./exec.js";
import { parseAddHost, parseMountSpec, parseTmpfs, parseVolumeSpec } from "./mount-specs.js";
import type { MountRequest } from "../../sim/docker/containers.js";

const RUN_USAGE = "docker run [OPTIONS] IMAGE [COMMAND] [ARG...]";

function runError(message: string, exitCode = 125): CommandResult {
  return failure(`docker: ${message}\n\nRun 'docker run --help' for more information`, exitCode);
}

/** cli/opts ParseRestartPolicy. */
export function parseRestartPolicy(text: string): RestartPolicy | { error: string } {
  const [name, count] = text.split(":", 2) as [string, string | undefined];
  if (name === "" || name === "no") return { name: "no" };
  if (name === "always" || name === "unless-stopped") return count === undefined ? { name } : { error: `invalid restart policy format: maximum retry count cannot be used with restart policy '${name}'` };
  if (name === "on-failure") {
    if (count === undefined) return { name, maximumRetryCount: 0 };
    if (!/^-?\d+$/.test(count)) return { error: "invalid restart policy format: maximum retry count must be an integer" };
    return { name, maximumRetryCount: Number(count) };
  }
  // The daemon validates the name (daemon/container.go validateRestartPolicy).
  return { name: name as "no" };
}

/** cli/opts ParsePortSpec for one `-p [ip:][hostPort:]containerPort[/proto]`; ranges are not simulated. */
export function parsePublish(spec: string, ephemeral: () => string): PortBinding | { error: string } {
  const [rest, proto = "tcp"] = spec.split("/", 2) as [string, string | undefined];
  const parts = rest.split(":");
  const containerPort = parts[parts.length - 1]!;
  const hostPort = parts.length >= 2 ? parts[parts.length - 2]! : "";
  const hostIp = parts.length >= 3 ? parts.slice(0, -2).join(":") : "";
  const validPort = (p: string) => /^\d+$/.test(p) && Number(p) > 0 && Number(p) < 65536;
  if (!validPort(containerPort)) return { error: containerPort.includes("-") ? "kadet: port ranges in 'docker run -p' are not simulated yet" : `invalid containerPort: ${containerPort}` };
  if (hostPort !== "" && !validPort(hostPort)) return { error: hostPort.includes("-") ? "kadet: port ranges in 'docker run -p' are not simulated yet" : `invalid hostPort: ${hostPort}` };
  return { containerPort: `${containerPort}/${proto}`, hostIp: hostIp || "0.0.0.0", hostPort: hostPort || ephemeral() };
}

/** Programs that read a terminal when given no script: what `-it` is for. */
function readsTerminal(argv: readonly string[]): boolean {
  const name = argv[0]!.slice(argv[0]!.lastIndexOf("/") + 1);
  return (["sh", "bash", "ash", "python", "python3", "node", "irb", "psql", "redis-cli", "mongosh"].includes(name) && argv.length === 1) || (["sh", "bash", "ash"].includes(name) && argv[1] === "-i");
}

/** docker's units.RAMInBytes: "512m", "1g", "100000" (bytes). */
function ramInBytes(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgtp]?)b?$/i.exec(text);
  if (!m) return undefined;
  const power = "bkmgtp".indexOf((m[2] || "b").toLowerCase());
  return Math.trunc(Number(m[1]) * 1024 ** power);
}

export const runCommand = defineCommand({
  paths: [["container", "run"], ["run"]],
  args: { min: 1 },
  interspersed: false,
  daemonDownAsRun: true,
  simulated: ["detach", "name", "publish", "env", "rm", "interactive", "tty", "entrypoint", "restart", "workdir", "user", "memory", "quiet", "volume", "mount", "tmpfs", "read-only", "network", "network-alias", "add-host", "publish-all"],
  validate(flags) {
    const restart = parseRestartPolicy(flags.string("restart"));
    if ("error" in restart) return runError(restart.error);
    if (flags.bool("rm") && restart.name !== "no") return runError("conflicting options: cannot specify both --restart and --rm");
    // Flag values the CLI parses as it reads them (opts.MountOpt, opts.ListOpts with ValidateExtraHost).
    for (const parsed of [...flags.strings("mount").map(parseMountSpec), ...flags.strings("add-host").map(parseAddHost)]) {
      if (!parsed.ok && parsed.side === "client") return flagError("docker run", RUN_USAGE, parsed.error);
      if (!parsed.ok && parsed.side === "kadet") return failure(parsed.error);
    }
    if (flags.strings("volume").includes("")) return runError("invalid empty volume spec");
    if (flags.strings("network").length > 1) return failure("kadet: more than one '--network' on 'docker run' is not simulated yet; use 'docker network connect' after it starts");
    for (const spec of flags.strings("publish")) {
      const parsed = parsePublish(spec, () => "1");
      if ("error" in parsed) return parsed.error.startsWith("kadet:") ? failure(parsed.error) : runError(parsed.error);
    }
    return undefined;
  },
  async execute(ctx): Promise<CommandResult> {
    const [imageRef, ...args] = ctx.args as [string, ...string[]];
    const invalid = validateReference(imageRef);
    if (invalid) return runError(invalid);
    const { flags, daemon } = ctx;
    const store = daemon.containers;
    const restart = parseRestartPolicy(flags.string("restart")) as RestartPolicy;
    if (!["no", "always", "unless-stopped", "on-failure"].includes(restart.name)) return runError(`Error response from daemon: invalid restart policy '${flags.string("restart")}'`);
    const memory = flags.string("memory");
    const memoryBytes = memory === "" ? undefined : ramInBytes(memory);
    if (memory !== "" && memoryBytes === undefined) return runError(`invalid argument "${memory}" for "-m, --memory" flag: invalid size: '${memory}'`);
    // moby daemon/daemon_unix.go verifyPlatformContainerResources: linuxMinMemory = 6 MiB.
    if (memoryBytes !== undefined && memoryBytes > 0 && memoryBytes < 6 * 1024 * 1024) return runError("Error response from daemon: Minimum memory limit allowed is 6MB");

    let stderr = "";
    let image = daemon.engine.imageByReference(imageRef) ?? findById(ctx, imageRef);
    if (!image) {
      stderr += `Unable to find image '${hasExplicitTag(imageRef) ? imageRef : `${imageRef}:latest`}' locally\n`;
      const pulled = pullOnto(daemon, imageRef, ctx.family.session.environment.registry);
      if (!pulled.ok) return { stdout: "", stderr: `${stderr}docker: Error response from daemon: ${pulled.error}\n\nRun 'docker run --help' for more information\n`, exitCode: 125 };
      // -q/--quiet: "Suppress the pull output" (docker run --help).
      if (!flags.bool("quiet")) stderr += pulled.lines;
      image = pulled.image;
    }
    const mounts: MountRequest[] = [];
    for (const parsed of [...flags.strings("volume").map((v) => parseVolumeSpec(v, ctx.family.cwd)), ...flags.strings("mount").map(parseMountSpec), ...flags.strings("tmpfs").map(parseTmpfs)]) {
      if (!parsed.ok) return { stdout: "", stderr: `${stderr}docker: Error response from daemon: ${parsed.error}\n\nRun 'docker run --help' for more information\n`, exitCode: 125 };
      mounts.push(parsed.value);
    }
    for (const m of mounts) {
      // `--mount type=bind` needs the host path; `-v` creates a missing one (moby daemon/volumes.go).
      if (m.type === "bind" && m.via === "mount-flag" && (await ctx.family.readDir(m.source!)) === undefined && (await ctx.family.readFile(m.source!)) === undefined) {
        return { stdout: "", stderr: `${stderr}docker: Error response from daemon: invalid mount config for type "bind": bind source path does not exist: ${m.source}\n\nRun 'docker run --help' for more information\n`, exitCode: 125 };
      }
    }
    const network = flags.strings("network")[0] ?? "bridge";
    const networkName = network === "default" ? "bridge" : network;
    if (networkName.startsWith("container:")) return failure(`${stderr}kadet: 'docker run --network container:...' is not simulated yet`);
    const publishes = flags.strings("publish");
    const ports: PortBinding[] = publishes.map((spec) => parsePublish(spec, () => store.ephemeralPort()) as PortBinding);
    if (flags.bool("publish-all")) {
      // -P: every port the image EXPOSEs gets a random host port (docs: "Publish all exposed ports to random ports").
      for (const port of Object.keys(image.config.ExposedPorts ?? {})) {
        if (!ports.some((p) => p.containerPort === port)) ports.push({ containerPort: port, hostIp: "0.0.0.0", hostPort: store.ephemeralPort(ports) });
      }
    }
    if (networkName === "host" && ports.length > 0) {
      stderr += "WARNING: Published ports are discarded when using host network mode\n";
      ports.length = 0;
    }
    const env = flags.strings("env").flatMap((e) => (e.includes("=") ? [e] : ctx.family.env[e] !== undefined ? [`${e}=${ctx.family.env[e]}`] : []));
    const options: RunOptions = {
      imageName: imageRef,
      args,
      env,
      ports,
      restart,
      autoRemove: flags.bool("rm"),
      tty: flags.bool("tty"),
      openStdin: flags.bool("interactive"),
      ...(flags.has("name") ? { name: flags.string("name") } : {}),
      ...(flags.has("entrypoint") ? { entrypoint: flags.string("entrypoint") } : {}),
      ...(flags.has("workdir") ? { workingDir: flags.string("workdir") } : {}),
      ...(flags.has("user") ? { user: flags.string("user") } : {}),
      ...(memoryBytes ? { memoryBytes } : {}),
      mounts,
      readOnlyRootfs: flags.bool("read-only"),
      network: networkName,
      networkAliases: flags.strings("network-alias"),
      extraHosts: flags.strings("add-host").map((h) => (parseAddHost(h) as { value: string }).value),
    };
    const detach = flags.bool("detach");
    const created = store.create(image, options);
    if (!created.ok) return { stdout: "", stderr: `${stderr}docker: Error response from daemon: ${created.error}\n\nRun 'docker run --help' for more information\n`, exitCode: 125 };
    const container = created.value;
    if ((options.tty || options.openStdin) && !detach && readsTerminal([container.path, ...container.args])) {
      store.remove(container, true);
      return failure(`${stderr}kadet: an interactive terminal inside a container ('docker run -it ... ${[container.path, ...container.args].join(" ")}') is not simulated yet; run a command instead (docker run --rm IMAGE CMD ...)`);
    }
    const started = store.start(container);
    if (!started.ok) {
      // The container stays, created, when its process cannot start (moby: exit code 127 for a missing program).
      if (options.autoRemove) store.remove(container, true);
      return { stdout: "", stderr: `${stderr}docker: Error response from daemon: ${started.error}\n\nRun 'docker run --help' for more information\n`, exitCode: started.exitCode ?? 125 };
    }
    const main = await runMainProcess(ctx, container);
    if (main) {
      // The command ran inside the container (its writes and connections through its mounts and networks): it exits with its result.
      const logs = `${main.stdout}${main.stderr}`.replace(/\n$/, "");
      container.runtime = { ...container.runtime, behaviour: { kind: "exits", afterSeconds: 0, exitCode: main.exitCode, logs: logs === "" ? [] : logs.split("\n") } };
    }
    if (detach) return { stdout: `${container.id}\n`, stderr, exitCode: 0 };
    const attached = attach(ctx, container.id, stderr);
    // Attached without a terminal, the process's stdout and stderr reach the client's own streams.
    return main ? { ...attached, stdout: main.stdout, stderr: `${stderr}${main.stderr}` } : attached;
  },
});

function findById(ctx: DockerContext, ref: string) {
  if (!/^(sha256:)?[0-9a-f]{12,64}$/.test(ref)) return undefined;
  const hex = ref.replace(/^sha256:/, "");
  const matches = [...ctx.daemon.engine.images.values()].filter((i) => i.id.slice(7).startsWith(hex));
  return matches.length === 1 ? matches[0] : undefined;
}

/** Attached: the clock moves until the process exits; its output, then its exit code. */
function attach(ctx: DockerContext, id: string, stderr: string): CommandResult {
  const store = ctx.daemon.containers;
  const container = store.containers.get(id)!;
  const environment = ctx.family.session.environment;
  const thisRun = container.runtime.runs.length - 1;
  const exitAt = exitsAt(container.runtime);
  if (exitAt !== undefined && exitAt > environment.now()) environment.advance((exitAt - environment.now()) / 1000);
  // This run's output and exit, read before catchUp applies --rm or a restart policy.
  const now = environment.now();
  const run = advanceContainer(container.runtime, now);
  const stdout = containerLogs({ ...run, runs: run.runs.slice(thisRun) }, now).map((l) => `${l.line}\n`).join("");
  store.catchUp();
  if (run.state.status === "exited") return { stdout, stderr, exitCode: run.state.exitCode };
  return {
    stdout,
    stderr: `${stderr}kadet: the container keeps running (${container.name}); an attached terminal is not simulated, so kadet returns to the prompt. Stop it with 'docker stop ${container.name}'\n`,
    exitCode: 0,
  };
}
