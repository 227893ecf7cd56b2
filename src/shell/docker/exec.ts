/**
 * `docker exec CONTAINER CMD`: a second process in a running container, for
 * the simple commands the model can answer from the container's own data:
 * `env`, `cat` and `ls` of the image's files, `echo`, `hostname`, `id`,
 * `whoami`, `pwd`. Anything else, and interactive shells (`-it sh`), say
 * they are not simulated.
 */
import { failure, ok, type CommandResult } from "../types.js";
import { catalogProfile, type DockerContainer } from "../../sim/docker/containers.js";
import { imageFiles } from "../../sim/docker/image.js";
import { defineCommand, type DockerContext } from "./command.js";

export const execCommand = defineCommand({
  paths: [["container", "exec"], ["exec"]],
  args: { min: 2 },
  interspersed: false,
  simulated: ["interactive", "tty", "env", "workdir"],
  execute(ctx): CommandResult {
    const [ref, ...argv] = ctx.args as [string, string, ...string[]];
    const container = ctx.daemon.containers.find(ref);
    if (!container) return failure(`Error response from daemon: No such container: ${ref}`);
    if (container.runtime.state.status !== "running") return failure(`Error response from daemon: container ${container.id} is not running`);
    const image = ctx.daemon.engine.images.get(container.imageId);
    const info = image ? catalogProfile(image) : undefined;
    const program = argv[0]!;
    const name = program.slice(program.lastIndexOf("/") + 1);
    const files = image ? imageFiles(image) : new Map<string, string>();
    const known = (info?.programs ?? []).includes(name) || files.has(program.replace(/^\//, ""));
    if (!known) return failure(`OCI runtime exec failed: exec failed: unable to start container process: exec: "${program}": executable file not found in $PATH: unknown`, 127);
    if ((ctx.flags.bool("interactive") || ctx.flags.bool("tty")) && ["sh", "bash", "ash"].includes(name) && argv.length === 1) {
      return failure(`kadet: an interactive shell inside a container ('docker exec -it ${ref} ${program}') is not simulated yet; run one command at a time (docker exec ${ref} CMD ...)`);
    }
    return answer(ctx, container, name, argv.slice(1), files) ?? failure(`kadet: 'docker exec ${ref} ${argv.join(" ")}' is not simulated yet (kadet answers env, cat, ls, echo, hostname, id, whoami, pwd)`);
  },
});

function answer(ctx: DockerContext, c: DockerContainer, name: string, args: string[], files: ReadonlyMap<string, string>): CommandResult | undefined {
  const hostname = c.id.slice(0, 12);
  const workdir = ctx.flags.string("workdir") || c.workingDir || "/";
  const all = new Map(files);
  all.set("etc/hostname", `${hostname}\n`);
  switch (name) {
    case "env": {
      if (args.length) return undefined;
      const extra = ctx.flags.strings("env");
      const env = [c.env[0]!, `HOSTNAME=${hostname}`, ...c.env.slice(1), ...extra, "HOME=/root"].filter((e) => e !== undefined);
      return ok(env.map((e) => `${e}\n`).join(""));
    }
    case "echo":
      return ok(`${args.join(" ")}\n`);
    case "hostname":
      return args.length ? undefined : ok(`${hostname}\n`);
    case "pwd":
      return ok(`${workdir}\n`);
    case "whoami":
      return ok(`${c.user === "" ? "root" : c.user.split(":")[0]}\n`);
    case "id":
      return c.user === "" || c.user === "root" || c.user === "0" ? ok("uid=0(root) gid=0(root) groups=0(root)\n") : undefined;
    case "cat": {
      if (args.length === 0 || args.some((a) => a.startsWith("-"))) return undefined;
      let stdout = "";
      let stderr = "";
      for (const path of args) {
        const key = resolve(workdir, path);
        const content = all.get(key);
        if (content === undefined) stderr += `cat: ${path}: No such file or directory\n`;
        else stdout += content;
      }
      return { stdout, stderr, exitCode: stderr ? 1 : 0 };
    }
    case "ls": {
      if (args.length > 1 || args.some((a) => a.startsWith("-"))) return undefined;
      const dir = resolve(workdir, args[0] ?? ".");
      const prefix = dir === "" ? "" : `${dir}/`;
      if (all.has(dir)) return ok(`${args[0]}\n`);
      const names = new Set([...all.keys()].filter((k) => k.startsWith(prefix) && k !== prefix).map((k) => k.slice(prefix.length).split("/")[0]!));
      // The catalog images' own file systems are not modelled: only what builds added, so an
      // empty answer from a folder would be a lie.
      if (names.size === 0) return undefined;
      return ok([...names].sort().map((n) => `${n}\n`).join(""));
    }
    default:
      return undefined;
  }
}

/** A path inside the container, without the leading "/" the image trees omit. */
function resolve(cwd: string, path: string): string {
  const parts = (path.startsWith("/") ? path : `${cwd}/${path}`).split("/");
  const out: string[] = [];
  for (const p of parts) {
    if (p === "" || p === ".") continue;
    if (p === "..") out.pop();
    else out.push(p);
  }
  return out.join("/");
}
