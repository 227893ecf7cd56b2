/**
 * Who in the control plane may act. kubeadm runs kube-scheduler and kube-controller-manager as
 * static pods on every control-plane host; each process talks to its own host's kube-apiserver
 * (scheduler.conf and controller-manager.conf name the host's address) and only the one holding
 * its leader lease in kube-system works (client-go leaderelection, leader-election.ts). So a
 * program's loops act while: its lease names a running process of it, on a host that is on,
 * whose own API server runs, with etcd answering (writes need a quorum).
 * A cluster whose control plane is on none of its hosts (the `bare` preset) always acts.
 */
import { kindNamed } from "../api/kinds.js";
import type { Pod, StoredObject } from "../api/types.js";
import { fakeDigest } from "../core/digest.js";
import { CONFIG_HASH, isRunningMirrorPod } from "../kubelet/static-pods.js";
import { EtcdCluster } from "../etcd/etcd.js";
import { apiServerState } from "./api-server-state.js";
import type { World } from "./world.js";

const POD = kindNamed("Pod")!;
export const LEASE = kindNamed("Lease")!;

export const KUBE_CONTROLLER_MANAGER = "kube-controller-manager";
export const KUBE_SCHEDULER = "kube-scheduler";
/** The programs that elect a leader, in the order their leases are kept. */
export const ELECTED_COMPONENTS = [KUBE_CONTROLLER_MANAGER, KUBE_SCHEDULER] as const;

const ADMIN_CONF = "/etc/kubernetes/admin.conf";

/** The names of the hosts kubeadm made control-plane nodes (they hold admin.conf). */
export function controlPlaneHostNames(world: World): string[] {
  const version = world.hosts.version();
  const kept = controlPlaneHosts.get(world);
  if (kept?.version === version) return kept.names;
  const names = world.hosts.list().filter((h) => h.files[ADMIN_CONF] !== undefined).map((h) => h.name);
  controlPlaneHosts.set(world, { version, names });
  return names;
}

const controlPlaneHosts = new WeakMap<World, { version: number; names: string[] }>();

/** A running process of a control-plane program: where it runs and the identity it elects with. */
export interface ComponentProcess {
  host: string;
  /** `HOST_UUID`, as kube-scheduler and kube-controller-manager build it (hostname + "_" + uuid.NewUUID()). */
  identity: string;
}

/** A version-1 UUID's shape (uuid.NewUUID) from a digest: the same process always gets the same one. */
function uuidFrom(seed: string): string {
  const h = fakeDigest(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-1${h.slice(13, 16)}-${"89ab"[parseInt(h[16]!, 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function runningMirrorPods(world: World, component: string): Pod[] {
  return world.api.list<Pod>(POD, "kube-system").filter((p) => isRunningMirrorPod(world, p, component));
}

/**
 * The running processes of a program that could lead: on a host that is on, whose own
 * kube-apiserver runs. Sorted by host name. A restarted container is a new process (a new UUID);
 * a mirror pod written again for the same running container is not.
 */
export function electionCandidates(world: World, component: string): ComponentProcess[] {
  return memo(world).candidates.get(component) ?? memo(world).candidates.set(component, findCandidates(world, component)).get(component)!;
}

/** The API server as the control plane's programs see it (api-server-state.ts), asked on every pass. */
export function apiServing(world: World): boolean {
  const kept = memo(world);
  kept.serving ??= apiServerState(world) === "serving";
  return kept.serving;
}

/**
 * What this module works out, by world, kept while nothing it reads changed: writes (heartbeats
 * aside: a renewal changes no holder, no pod, no host), the hosts, and etcd's leader.
 */
interface Memo {
  key: string;
  candidates: Map<string, ComponentProcess[]>;
  verdicts: Map<string, boolean>;
  serving?: boolean;
}
const memos = new WeakMap<World, Memo>();

function memo(world: World): Memo {
  const key = `${world.api.writeMark()}/${world.hosts.version()}/${world.loopsOfType(EtcdCluster)?.leader() ?? ""}`;
  let kept = memos.get(world);
  if (kept?.key !== key) memos.set(world, (kept = { key, candidates: new Map(), verdicts: new Map() }));
  return kept;
}

const uuids = new Map<string, string>();

function findCandidates(world: World, component: string): ComponentProcess[] {
  const apiServerHosts = new Set(runningMirrorPods(world, "kube-apiserver").map((p) => p.spec!.nodeName!));
  return runningMirrorPods(world, component)
    .filter((p) => apiServerHosts.has(p.spec!.nodeName!))
    .map((p) => {
      const host = p.spec!.nodeName!;
      const restarts = p.status?.containerStatuses?.[0]?.restartCount ?? 0;
      const seed = `${component}/${host}/${p.metadata.annotations?.[CONFIG_HASH] ?? ""}/${restarts}`;
      let uuid = uuids.get(seed);
      if (uuid === undefined) {
        if (uuids.size > 1024) uuids.clear();
        uuids.set(seed, (uuid = uuidFrom(seed)));
      }
      return { host, identity: `${host}_${uuid}` };
    })
    .sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
}

export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export function leaseSpecOf(lease: StoredObject | undefined): LeaseSpec | undefined {
  return (lease as { spec?: LeaseSpec } | undefined)?.spec;
}

/** Whether a program's loops act now: see the module comment. */
export function componentActs(world: World, component: string): boolean {
  const kept = memo(world);
  let verdict = kept.verdicts.get(component);
  if (verdict === undefined) kept.verdicts.set(component, (verdict = decideComponentActs(world, component)));
  return verdict;
}

function decideComponentActs(world: World, component: string): boolean {
  if (controlPlaneHostNames(world).length === 0) return true;
  if (!apiServing(world)) return false;
  const holder = leaseSpecOf(world.api.find(LEASE, "kube-system", component))?.holderIdentity;
  return holder !== undefined && electionCandidates(world, component).some((c) => c.identity === holder);
}

/** A metav1.MicroTime as the API serializes it (RFC3339 with six fractional digits). */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}
