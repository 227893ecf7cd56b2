/**
 * `kubectl cp SRC DEST [-c CONTAINER]`, a port of kubectl/pkg/cmd/cp/cp.go
 * 1.32: one side is `[namespace/]pod:path`, the other a local path. Both
 * ways run `tar` in the container through `pods/exec` (exec.ts's
 * execTarget: the default container and its notice, RBAC, the kubelet), so
 * an image without tar fails as the runtime answers, and tar's own
 * complaints are GNU tar's or BusyBox's, as the image has. Copying out,
 * tar's stderr reaches kubectl's stdout (tarPipe's ErrOut is o.Out).
 */
import { posix } from "node:path";
import { kindNamed } from "../../sim/api/kinds.js";
import type { Pod } from "../../sim/api/types.js";
import type { PodContainerFs } from "../../sim/kubelet/pod-container-fs.js";
import { failure, type CommandResult } from "../types.js";
import { apiErrorText, fail } from "./errors.js";
import { execTarget } from "./exec.js";
import { defineVerb, type KubectlContext } from "./verb.js";

const POD = kindNamed("Pod")!;

interface FileSpec {
  namespace?: string;
  pod?: string;
  file: string;
}

/** extractFileSpec: the first `:` splits pod from path; the pod part may carry one `namespace/`. */
function extractFileSpec(arg: string): FileSpec | string {
  const i = arg.indexOf(":");
  if (i === 0) return "filespec must match the canonical format: [[namespace/]pod:]file/path";
  if (i === -1) return { file: arg };
  const pieces = arg.slice(0, i).split("/");
  if (pieces.length > 2) return "filespec must match the canonical format: [[namespace/]pod:]file/path";
  return pieces.length === 2 ? { namespace: pieces[0]!, pod: pieces[1]!, file: arg.slice(i + 1) } : { pod: pieces[0]!, file: arg.slice(i + 1) };
}

type Dialect = "gnu" | "busybox";

/** The tar in the image: BusyBox's in busybox and alpine, GNU tar in the Debian-based rest. */
function dialectOf(repository: string): Dialect {
  return /\/(busybox|alpine)$/.test(repository) ? "busybox" : "gnu";
}

const TAR_MESSAGES = {
  gnu: {
    leadingSlash: "tar: Removing leading `/' from member names\n",
    cannotStat: (p: string) => `tar: ${p}: Cannot stat: No such file or directory\ntar: Exiting with failure status due to previous errors\n`,
    cannotChdir: (p: string) => `tar: ${p}: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\n`,
    cannotWrite: (name: string, why: string) => `tar: ${name}: Cannot open: ${why}\ntar: Exiting with failure status due to previous errors\n`,
    failedStatus: 2,
  },
  busybox: {
    leadingSlash: "tar: removing leading '/' from member names\n",
    cannotStat: (p: string) => `tar: ${p}: No such file or directory\n`,
    cannotChdir: (p: string) => `tar: can't change directory to '${p}': No such file or directory\n`,
    cannotWrite: (name: string, why: string) => `tar: can't open '${name}': ${why}\n`,
    failedStatus: 1,
  },
} as const;

const terminated = (code: number) => `command terminated with exit code ${code}\n`;

async function cp(ctx: KubectlContext): Promise<CommandResult> {
  if (ctx.args.length !== 2) return fail("source and destination are required");
  const src = extractFileSpec(ctx.args[0]!);
  if (typeof src === "string") return fail(src);
  const dest = extractFileSpec(ctx.args[1]!);
  if (typeof dest === "string") return fail(dest);
  if (src.pod !== undefined && dest.pod !== undefined) return fail("one of src or dest must be a local file specification");
  if (src.file === "" || dest.file === "") return fail("filepath can not be empty");
  if (ctx.flags.int("retries") !== 0) return failure("kadet: 'kubectl cp --retries' is not simulated (a simulated copy is never interrupted)");
  if (src.pod !== undefined) return copyFromPod(ctx, src as Required<Pick<FileSpec, "pod">> & FileSpec, dest.file);
  if (dest.pod !== undefined) return copyToPod(ctx, src.file, dest as Required<Pick<FileSpec, "pod">> & FileSpec);
  return fail("one of src or dest must be a remote file specification");
}

/** The pod and its container, reached as `kubectl exec POD -- tar ...` would reach them. */
function openTar(ctx: KubectlContext, spec: FileSpec, commandLine: string): { fs: PodContainerFs; notice: string; dialect: Dialect; workdir: string } | CommandResult {
  const namespace = spec.namespace ?? ctx.namespace;
  const got = ctx.world.api.get(POD, namespace, spec.pod!);
  if (!got.ok) return failure(apiErrorText(got.error));
  const pod = got.value as Pod;
  const phase = pod.status?.phase;
  if (phase === "Succeeded" || phase === "Failed") return failure(`error: cannot exec into a container in a completed pod; current phase is ${phase}`);
  // Every image kadet knows with a shell is a Debian, Alpine or BusyBox base, all of which ship tar.
  const target = execTarget(ctx, pod, ctx.flags.string("container"), false, "tar", commandLine, (programs) => programs.has("sh"));
  if ("exitCode" in target) return target;
  const repository = target.pulled.ok ? target.pulled.ref.repository : "";
  return { fs: target.fs, notice: target.notice, dialect: dialectOf(repository), workdir: target.fs.bundle.process.cwd || "/" };
}

/** The files under a path of the container, relative to it ("" for the path itself when it is a file). */
function remoteTree(fs: PodContainerFs, abs: string): { rel: string; content?: string }[] | undefined {
  const entry = fs.entry(abs);
  if (entry === undefined || entry.type === "unsupported") return undefined;
  if (entry.type === "file") return [{ rel: "", content: entry.content }];
  const out: { rel: string; content?: string }[] = [{ rel: "" }];
  const walk = (dir: string, rel: string) => {
    for (const name of fs.names(dir, true)) {
      if (name === "." || name === "..") continue;
      const child = posix.join(dir, name);
      const childRel = rel === "" ? name : `${rel}/${name}`;
      const e = fs.entry(child);
      if (e?.type === "file") out.push({ rel: childRel, content: e.content });
      else if (e?.type === "dir") {
        out.push({ rel: childRel });
        walk(child, childRel);
      }
    }
  };
  walk(abs, "");
  return out;
}

async function copyFromPod(ctx: KubectlContext, src: FileSpec, local: string): Promise<CommandResult> {
  const opened = openTar(ctx, src, `tar cf - ${src.file}`);
  if ("exitCode" in opened) return opened;
  const { fs, notice, dialect } = opened;
  const messages = TAR_MESSAGES[dialect];
  const abs = posix.resolve(opened.workdir, src.file);
  const tree = remoteTree(fs, abs);
  let stdout = src.file.startsWith("/") ? messages.leadingSlash : "";
  if (tree === undefined) {
    const unsupported = fs.entry(abs);
    if (unsupported?.type === "unsupported") return failure(`${notice}kadet: ${unsupported.why} (kubectl cp)`);
    if (!fs.knows(abs)) return failure(`${notice}kadet: what ${abs} holds in this image is not simulated, so 'kubectl cp' cannot copy it`);
    stdout += messages.cannotStat(src.file);
    return { stdout, stderr: notice + terminated(messages.failedStatus), exitCode: messages.failedStatus };
  }
  for (const { rel, content } of tree) {
    const target = rel === "" ? local : posix.join(local, rel);
    if (content === undefined) continue;
    const written = await ctx.family.writeFile(target, content);
    if (!written.ok) return { stdout, stderr: `${notice}error: open ${target}: ${written.error}\n`, exitCode: 1 };
  }
  return { stdout, stderr: notice, exitCode: 0 };
}

/** The local files under a path, relative to it; undefined when nothing is there. */
async function localTree(ctx: KubectlContext, path: string): Promise<{ rel: string; content?: string }[] | undefined> {
  const content = await ctx.family.readFile(path);
  if (content !== undefined) return [{ rel: "", content }];
  const names = await ctx.family.readDir(path);
  if (names === undefined) return undefined;
  const out: { rel: string; content?: string }[] = [{ rel: "" }];
  for (const name of names) {
    const below = await localTree(ctx, posix.join(path, name));
    for (const e of below ?? []) out.push({ rel: e.rel === "" ? name : `${name}/${e.rel}`, ...(e.content !== undefined ? { content: e.content } : {}) });
  }
  return out;
}

async function copyToPod(ctx: KubectlContext, local: string, dest: FileSpec): Promise<CommandResult> {
  const tree = await localTree(ctx, local);
  if (tree === undefined) return fail(`${local} doesn't exist in local filesystem`);
  const probe = openTar(ctx, dest, "tar -xmf -");
  if ("exitCode" in probe) return probe;
  const { fs, notice, dialect, workdir } = probe;
  const messages = TAR_MESSAGES[dialect];
  // checkDestinationIsDir (`test -d DEST`): into a folder, the source keeps its own name.
  let destFile = posix.resolve(workdir, dest.file);
  if (fs.entry(destFile)?.type === "dir") destFile = posix.join(destFile, posix.basename(posix.resolve("/", local)));
  const destDir = posix.dirname(destFile);
  const dirEntry = fs.entry(destDir);
  if (dirEntry?.type !== "dir") {
    if (dirEntry === undefined && !fs.knows(destDir)) return failure(`${notice}kadet: whether ${destDir} exists in this image is not simulated, so 'kubectl cp' cannot copy there`);
    return { stdout: "", stderr: notice + messages.cannotChdir(destDir) + terminated(messages.failedStatus), exitCode: messages.failedStatus };
  }
  const base = posix.basename(destFile);
  for (const { rel, content } of tree) {
    const member = rel === "" ? base : `${base}/${rel}`;
    const target = posix.join(destDir, member);
    const done = content === undefined ? fs.mkdir(target) : fs.writeFile(target, content);
    if (!done.ok) {
      if (done.error.startsWith("kadet:")) return failure(`${notice}${done.error}`);
      return { stdout: "", stderr: notice + messages.cannotWrite(member, done.error) + terminated(messages.failedStatus), exitCode: messages.failedStatus };
    }
  }
  return { stdout: "", stderr: notice, exitCode: 0 };
}

export const cpVerb = defineVerb({ name: "cp", helpKey: "cp", execute: (ctx) => cp(ctx) });
