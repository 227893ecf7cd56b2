/**
 * The environment's snapshot as plain JSON-able data: its clusters (each World
 * as a WorldSnapshot), the learner's kubeconfig, and the shell session's part
 * when a Session took it. Types only, so every reader imports them without a cycle.
 */
import type { StoredObject } from "../api/types.js";
import type { WorldSnapshot } from "../core/snapshot.js";
import type { Kubeconfig } from "./kubeconfig.js";
import type { RegistrySnapshot } from "../docker/registry.js";

/** Bumped whenever the snapshot's shape changes; `Environment.load` reads this version and version 2. */
export const ENVIRONMENT_SNAPSHOT_VERSION = 3;

/** A file, folder or link of the learner's scratch file system. */
export interface ScratchEntry {
  path: string;
  type: "file" | "dir" | "symlink";
  mode: number;
  /** ms since the epoch, as the file system keeps it. */
  mtime: number;
  /** A file's bytes in base64; a link's target. */
  content?: string;
}

/** What the learner's terminal holds beyond the model: kept by the session, restored by it. */
export interface ShellSessionSnapshot {
  cwd: string;
  /** The shell's variables (exported ones included), as the next line starts with them. */
  env: Record<string, string>;
  history: string[];
  lastStatus: number;
  /** Hosts entered with `ssh`, innermost last, with their shells' variables. */
  hostStack: { name: string; env: Record<string, string> }[];
  /** The scratch file system (everything outside the real working folder). */
  files: ScratchEntry[];
  /** The learner's Docker daemon (DockerDaemonSnapshot). */
  docker: unknown;
}

export interface EnvironmentSnapshot {
  snapshotVersion: number;
  /** Each cluster as `Cluster` has it, its World as a WorldSnapshot. */
  clusters: { name: string; server: string; user: string; preset: string; world: WorldSnapshot<StoredObject> }[];
  /** The learner's kubeconfig as last read from ~/.kube/config; null when the file is missing or unreadable. */
  kubeconfig: Kubeconfig | null;
  /** What the learner pushed to Docker Hub and registry.local:5000 (absent in older snapshots: nothing pushed). */
  registry?: RegistrySnapshot;
  /** The learner's shell session, when a session took the snapshot. */
  session?: ShellSessionSnapshot;
}

