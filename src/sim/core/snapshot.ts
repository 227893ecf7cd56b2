/**
 * The shape of a saved world: plain JSON, so a preset can be baked to a file at build time and
 * an exercise reset or an exam resumed cheaply. Generic in the stored object type so that this
 * module, at the model's floor, imports nothing.
 */

/** The object store: every object under its key, and the last resourceVersion handed out. */
export interface StoreSnapshot<Obj> {
  objects: [string, Obj][];
  resourceVersion: number;
  /** Keys stored encrypted (encryption at rest), with the transformer prefix each was written behind; absent: none. */
  encodings?: [string, string][];
}

export interface WorldSnapshot<Obj> {
  store: StoreSnapshot<Obj>;
  /** The virtual clock, ms. */
  clock: number;
  /** The seeded RNG's state. */
  rng: number;
  /** Each stateful loop's saved state, by loop name. */
  loops: Record<string, unknown>;
  /** The cluster's machines (one per node), by host name. */
  hosts: Record<string, HostSnapshot>;
  /** The event recorder's counter (the hex suffix of Event names); absent in older snapshots: 0. */
  events?: number;
  /** The EncryptionConfiguration file kube-apiserver read at its last start (path, text); absent: none. */
  encryption?: { path: string; text: string };
}

/** A machine of a cluster: its small file system and its kubelet service, as plain data. */
export interface HostSnapshot {
  name: string;
  /** Regular files by absolute path. */
  files: Record<string, string>;
  /** Every folder by absolute path (empty ones included), sorted. */
  dirs: string[];
  /**
   * The kubelet's systemd unit: running or stopped since `since` (ms), with its main PID;
   * `startedAt` is when the last run began (systemctl's Duration after a stop), `enabled`
   * false after `systemctl disable` (absent: enabled, as kubeadm leaves it).
   */
  kubelet: { active: boolean; since: number; pid: number; startedAt?: number; enabled?: boolean };
  /** Bumped on every change, so loops notice edits made from a shell on the host. */
  generation: number;
  /** Switched off (`sim host stop`): nothing on it runs, its containers included. Absent: on. */
  off?: boolean;
}
