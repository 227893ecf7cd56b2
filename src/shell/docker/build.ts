/**
 * `docker build`: BuildKit, as Docker 23+ runs it by default (docker buildx
 * build). Reads the build context from the sandbox's folder (or the
 * Dockerfile from stdin with `-` / `-f -`), builds on the daemon's engine and
 * prints BuildKit's plain progress on stderr (what it prints without a
 * terminal; kadet prints it in a terminal too). The build's duration passes
 * on the environment's clock.
 */
import { posix } from "node:path";
import { failure, type CommandResult } from "../types.js";
import type { FlagSpec } from "../kubectl/flags.js";
import { plainProgress } from "../../sim/docker/progress.js";
import { defineCommand } from "./command.js";
import { readContext } from "./context.js";
import { validateReference } from "./references.js";

/**
 * BuildKit's flags that the recorded (legacy-builder) help cannot show: the buildx
 * reference, https://docs.docker.com/reference/cli/docker/buildx/build/ ("--progress:
 * Set type of progress output (auto, quiet, plain, tty, rawjson)", "--load", "--push").
 */
const BUILDX_FLAGS: FlagSpec[] = [
  { name: "progress", type: "string", defaultText: "auto" },
  { name: "load", type: "bool", defaultText: "false" },
  { name: "push", type: "bool", defaultText: "false" },
  { name: "output", short: "o", type: "stringArray", defaultText: "" },
  { name: "secret", type: "stringArray", defaultText: "" },
  { name: "ssh", type: "stringArray", defaultText: "" },
  { name: "cache-to", type: "stringArray", defaultText: "" },
  { name: "build-context", type: "stringArray", defaultText: "" },
];

export const buildCommand = defineCommand({
  paths: [["build"], ["image", "build"], ["builder", "build"]],
  args: { exact: 1 },
  extraFlags: BUILDX_FLAGS,
  // --rm and --force-rm only concern the legacy builder's intermediate containers; BuildKit has none.
  simulated: ["tag", "file", "target", "no-cache", "build-arg", "quiet", "progress", "load", "rm", "force-rm"],
  async execute(ctx): Promise<CommandResult> {
    const progress = ctx.flags.string("progress");
    if (!["auto", "plain", "tty", "quiet"].includes(progress)) {
      if (progress === "rawjson") return failure("kadet: 'docker build --progress=rawjson' is not simulated yet");
      return failure(`ERROR: invalid progress mode ${progress}`);
    }
    const tags = ctx.flags.strings("tag");
    for (const tag of tags) {
      const invalid = validateReference(tag);
      if (invalid) return failure(`ERROR: invalid tag "${tag}": ${invalid}`);
    }
    const buildArgs: Record<string, string> = {};
    for (const arg of ctx.flags.strings("build-arg")) {
      const eq = arg.indexOf("=");
      // `--build-arg NAME` takes the value from the client's environment, and is dropped when unset.
      if (eq === -1) {
        const value = ctx.family.env[arg];
        if (value !== undefined) buildArgs[arg] = value;
      } else buildArgs[arg.slice(0, eq)] = arg.slice(eq + 1);
    }
    const path = ctx.args[0]!;
    const file = ctx.flags.string("file");
    let context = new Map<string, string>();
    let dockerfileText: string | undefined;
    let dockerfile = "Dockerfile";
    if (path === "-") {
      if (file === "-") return failure('ERROR: invalid argument: can\'t use stdin for both build context and dockerfile');
      // `docker build - < Dockerfile`: the Dockerfile alone, no context (docs: "Build with -").
      dockerfileText = ctx.family.stdin;
    } else {
      if (/^[a-z]+:\/\//.test(path) || path.startsWith("git@")) return failure(`kadet: 'docker build' from a URL (${path}) is not simulated yet`);
      const read = await readContext(ctx.family, path);
      if (read === undefined) {
        const exists = (await ctx.family.readFile(path)) !== undefined;
        return failure(exists ? `ERROR: unable to prepare context: path "${path}" not a directory` : `ERROR: unable to prepare context: path "${path}" not found`);
      }
      context = read;
      if (file === "-") dockerfileText = ctx.family.stdin;
      else if (file !== "") {
        // -f is relative to the current folder; inside the context it is read from there.
        const inContext = posix.relative(posix.normalize(path), posix.normalize(file));
        if (!inContext.startsWith("..") && context.has(inContext)) dockerfile = inContext;
        else {
          const text = await ctx.family.readFile(file);
          if (text === undefined) return failure(`ERROR: failed to solve: failed to read dockerfile: open ${posix.basename(file)}: no such file or directory`);
          dockerfileText = text;
          dockerfile = posix.basename(file);
        }
      }
    }
    const target = ctx.flags.string("target");
    const result = ctx.daemon.engine.build({
      context,
      dockerfile,
      ...(dockerfileText !== undefined ? { dockerfileText } : {}),
      tags,
      buildArgs,
      ...(target !== "" ? { target } : {}),
      noCache: ctx.flags.bool("no-cache"),
    });
    ctx.family.session.environment.advance(result.seconds);
    const quiet = ctx.flags.bool("quiet") || progress === "quiet";
    const text = plainProgress(result);
    if (!result.ok) return failure(quiet ? text.slice(text.lastIndexOf("ERROR: failed to solve")) : text, 1);
    return quiet ? { stdout: `${result.image.id}\n`, stderr: "", exitCode: 0 } : { stdout: "", stderr: text, exitCode: 0 };
  },
});
