/**
 * The contract between the learner's shell and the command families
 * (kubectl, docker, etcdctl, sim): a family gets its argv and a context, and
 * returns what the real tool would print and its exit status.
 */
import type { World } from "../sim/world/world.js";
import type { Environment, EnvironmentSnapshot } from "../sim/env/environment.js";
import type { DockerDaemon } from "../sim/docker/daemon.js";
import type { LaunchOutcome } from "./editor-launch.js";

export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /**
   * What the line printed on both streams in the order it was written, as a terminal shows
   * it (absent: all of stdout, then all of stderr). `stdout` and `stderr` stay whole for graders.
   */
  chunks?: OutputChunk[];
  /** The shell ended the line early and would have exited: `exit`, or a failure under `set -e` or `set -u`. */
  exited?: boolean;
}

/** One piece of a line's output, on the stream it was written to. */
export interface OutputChunk {
  stream: "stdout" | "stderr";
  text: string;
}

/** A result's output in the order it was written, for anything that prints it to a terminal. */
export function orderedOutput(result: Pick<CommandResult, "stdout" | "stderr" | "chunks">): OutputChunk[] {
  if (result.chunks) return result.chunks;
  const chunks: OutputChunk[] = [];
  if (result.stdout !== "") chunks.push({ stream: "stdout", text: result.stdout });
  if (result.stderr !== "") chunks.push({ stream: "stderr", text: result.stderr });
  return chunks;
}

/** `chunks` when they say more than the default order (all of stdout, then all of stderr), else nothing. */
export function chunksIfInterleaved(chunks: OutputChunk[]): { chunks?: OutputChunk[] } {
  const plain = chunks.length < 2 || (chunks.length === 2 && chunks[0]!.stream === "stdout" && chunks[1]!.stream === "stderr");
  return plain ? {} : { chunks };
}

/** Adds text after everything a result printed, on stderr, keeping its chunks in step. */
export function withStderr<T extends CommandResult>(result: T, text: string): T {
  if (text === "") return result;
  if (!result.chunks) return { ...result, stderr: result.stderr + text };
  return { ...result, stderr: result.stderr + text, chunks: [...result.chunks, { stream: "stderr", text }] };
}

/** What a command family may do to the session beyond the world it acts on. */
export interface SessionControl {
  /** Replaces the world with a fresh one built from a preset (`sim reset`). */
  resetWorld(preset: string): CommandResult;
  /** The preset the current world was built from. */
  presetName(): string;
  /** Every cluster of the session, by kubeconfig context (kubectl --context, config use-context, sim context). */
  readonly environment: Environment;
  /**
   * The Docker daemon on the learner's host. It lives in the session until the
   * Environment has hosts; the docker family reaches it only through here.
   */
  readonly docker: DockerDaemon;
  /** The host the shell is on after `ssh NODE` (host services and kubectl's kubeconfig look there); undefined on the learner's terminal. */
  currentHost?(): string | undefined;
  /** The whole session as plain JSON-able data: clusters, kubeconfig, shell state, scratch files, Docker (`sim snapshot save`). */
  snapshot(): Promise<EnvironmentSnapshot>;
  /** Replaces the whole session with a snapshot's (`sim snapshot load`); throws with a sentence when it cannot. */
  load(snapshot: EnvironmentSnapshot): Promise<void>;
  /** `sim trace` without a command: trace the next line, when it is a plain kubectl command. */
  traceNextCommand?(): void;
  /** Opens a file of `ctx`'s file system in the learner's editor, as kubectl's editor.Launch does (editor-launch.ts). */
  launchEditor?(path: string, ctx: FamilyContext): Promise<LaunchOutcome>;
}

export interface FamilyContext {
  world: World;
  session: SessionControl;
  /** The shell's working folder: a real folder on disk. */
  cwd: string;
  env: Readonly<Record<string, string>>;
  stdin: string;
  /** Reads a file relative to cwd; undefined when it does not exist or is a folder. */
  readFile(path: string): Promise<string | undefined>;
  /** Lists a folder's entries relative to cwd, sorted; undefined when it is not a folder. */
  readDir(path: string): Promise<string[] | undefined>;
  /** Every file under a folder relative to cwd, as readDir + readFile would walk it (sandboxFs.ts FileAccess.readTree). */
  readTree?(path: string): Promise<Map<string, string> | undefined>;
  /** Writes a file relative to cwd, making its folders, as a client saving its settings does (kubectl config); an error says why it could not. */
  writeFile(path: string, content: string, mode?: number): Promise<{ ok: true } | { ok: false; error: string }>;
  /** Removes a file relative to cwd, if it is there (kubectl edit's temporary file). */
  removeFile?(path: string): Promise<void>;
}

export interface CommandFamily {
  /** The command word: "kubectl". */
  readonly name: string;
  /** Whether the world should settle (time passes, controllers act) after each run. */
  readonly settlesWorld?: boolean;
  run(args: string[], ctx: FamilyContext): CommandResult | Promise<CommandResult>;
}

export const ok = (stdout = ""): CommandResult => ({ stdout, stderr: "", exitCode: 0 });
export const failure = (stderr: string, exitCode = 1, stdout = ""): CommandResult => ({
  stdout,
  stderr: stderr.endsWith("\n") ? stderr : `${stderr}\n`,
  exitCode,
});
