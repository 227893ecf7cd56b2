/**
 * `docker diff` (the container's upper layer as A/C/D lines), `docker cp`
 * (files and folders between the learner's folder and a container, running
 * or not, through its mounts) and `docker port` (its published ports), in
 * the CLI's and daemon's words (docker/cli cli/command/container/cp.go,
 * moby daemon/archive.go: "Could not find the file", "container rootfs is
 * marked read-only", "mounted volume is marked read-only").
 */
import { posix } from "node:path";
import { failure, ok, type CommandResult } from "../types.js";
import { normalisePath } from "../../sim/docker/container-fs.js";
import { defineCommand, type DockerContext } from "./command.js";
import { ContainerFiles } from "./container-files.js";

export const diffCommand = defineCommand({
  paths: [["container", "diff"], ["diff"]],
  args: { exact: 1 },
  simulated: [],
  execute(ctx) {
    const c = ctx.daemon.containers.find(ctx.args[0]!);
    if (!c) return failure(`Error response from daemon: No such container: ${ctx.args[0]}`);
    const lines = new ContainerFiles(ctx.daemon, c, ctx.family).fs.diff();
    return ok(lines.map((l) => `${l}\n`).join(""));
  },
});

/** "web:/data" → container and path; a word without ":" (or starting with "/" or ".") is a local path. */
function splitCpArg(arg: string): { container: string; path: string } | undefined {
  if (arg.startsWith("/") || arg.startsWith(".")) return undefined;
  const colon = arg.indexOf(":");
  return colon <= 0 ? undefined : { container: arg.slice(0, colon), path: arg.slice(colon + 1) };
}

export const cpCommand = defineCommand({
  paths: [["container", "cp"], ["cp"]],
  args: { exact: 2 },
  simulated: ["quiet", "archive"],
  execute: (ctx) => copy(ctx),
});

async function copy(ctx: DockerContext): Promise<CommandResult> {
  const [src, dst] = ctx.args as [string, string];
  const from = splitCpArg(src);
  const to = splitCpArg(dst);
  // cli/command/container/cp.go runCopy: the client's own checks.
  if (from && to) return failure("copying between containers is not supported");
  if (!from && !to) return failure("must specify at least one container source");
  if (src === "-" || dst === "-") return failure("kadet: 'docker cp' with a tar stream ('-') is not simulated yet");
  const ref = (from ?? to)!.container;
  const c = ctx.daemon.containers.find(ref);
  if (!c) return failure(`Error response from daemon: No such container: ${ref}`);
  const files = new ContainerFiles(ctx.daemon, c, ctx.family);
  // The container side is relative to its root (docker cp --help: paths are relative to /).
  if (from) {
    const abs = normalisePath(from.path);
    const entry = await files.entry(abs);
    if (entry === undefined) {
      if (!files.knows(abs)) return failure(`kadet: 'docker cp ${src}' is not simulated yet: kadet does not hold the files of the image ${c.imageName} itself, only what builds, the container and its mounts wrote`);
      return failure(`Error response from daemon: Could not find the file ${abs} in container ${ref}`);
    }
    const destIsDir = (await ctx.family.readDir(dst)) !== undefined;
    const base = destIsDir ? posix.join(dst, posix.basename(abs)) : dst;
    if (entry.type === "file") return written(await ctx.family.writeFile(base, entry.content));
    if (!files.knowsFolder(abs)) return failure(`kadet: copying the folder ${abs} of the image ${c.imageName} is not simulated yet (kadet does not hold all of its files)`);
    for (const f of await files.walk(abs)) {
      const w = await ctx.family.writeFile(posix.join(base, f.rel), f.content);
      if (!w.ok) return failure(w.error);
    }
    return ok("");
  }
  // Host → container.
  const abs = normalisePath(to!.path);
  const content = await ctx.family.readFile(src);
  const hostDir = content === undefined ? await ctx.family.readDir(src) : undefined;
  if (content === undefined && hostDir === undefined) return failure(`lstat ${posix.resolve(ctx.family.cwd, src)}: no such file or directory`);
  const target = await files.entry(abs);
  const base = target?.type === "dir" ? posix.join(abs, posix.basename(posix.resolve(ctx.family.cwd, src))) : abs;
  if (target === undefined && !(await files.parentExists(abs))) {
    if (!files.knows(posix.dirname(abs))) return failure(`kadet: 'docker cp' into ${posix.dirname(abs)} of the image ${c.imageName} is not simulated yet`);
    return failure(`Error response from daemon: Could not find the file ${posix.dirname(abs)} in container ${ref}`);
  }
  const uploads: { path: string; content: string }[] = [];
  if (content !== undefined) uploads.push({ path: base, content });
  else await collect(ctx, src, base, uploads);
  for (const u of uploads) {
    for (let p = posix.dirname(u.path); p !== "/" && (await files.entry(p)) === undefined; p = posix.dirname(p)) await files.mkdir(p);
    const w = await files.writeFile(u.path, u.content);
    if (!w.ok) {
      const loc = files.locate(u.path);
      return failure(`Error response from daemon: ${loc.kind === "rootfs" ? "container rootfs is marked read-only" : "mounted volume is marked read-only"}`);
    }
  }
  return ok("");
}

async function collect(ctx: DockerContext, hostPath: string, containerPath: string, out: { path: string; content: string }[]): Promise<void> {
  for (const name of (await ctx.family.readDir(hostPath)) ?? []) {
    const h = posix.join(hostPath, name);
    const c = posix.join(containerPath, name);
    const content = await ctx.family.readFile(h);
    if (content !== undefined) out.push({ path: c, content });
    else await collect(ctx, h, c, out);
  }
}

function written(result: { ok: true } | { ok: false; error: string }): CommandResult {
  return result.ok ? ok("") : failure(result.error);
}

export const portCommand = defineCommand({
  paths: [["container", "port"], ["port"]],
  args: { min: 1, max: 2 },
  simulated: [],
  execute(ctx) {
    const [ref, wanted] = ctx.args as [string, string | undefined];
    const c = ctx.daemon.containers.find(ref);
    if (!c) return failure(`Error response from daemon: No such container: ${ref}`);
    // The mappings live in NetworkSettings.Ports, which holds bindings only while the container runs.
    const bindings = c.runtime.state.status === "running" ? [...c.ports].sort((a, b) => Number.parseInt(a.containerPort, 10) - Number.parseInt(b.containerPort, 10)) : [];
    const lines = (b: (typeof bindings)[number]) => [`${b.hostIp}:${b.hostPort}`, ...(b.hostIp === "0.0.0.0" ? [`[::]:${b.hostPort}`] : [])];
    if (wanted !== undefined) {
      const port = wanted.includes("/") ? wanted : `${wanted}/tcp`;
      const found = bindings.filter((b) => b.containerPort === port);
      // cli/command/container/port.go: "no public port '%s' published for %s".
      if (found.length === 0) return failure(`Error: No public port '${port}' published for ${ref}`);
      return ok(found.flatMap(lines).map((l) => `${l}\n`).join(""));
    }
    return ok(bindings.flatMap((b) => lines(b).map((l) => `${b.containerPort} -> ${l}`)).map((l) => `${l}\n`).join(""));
  },
});
