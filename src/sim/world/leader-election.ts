/**
 * Leader election of kube-scheduler and kube-controller-manager (client-go
 * tools/leaderelection with a LeaseLock on kube-system/<program>), with the defaults both use
 * (component-base LeaderElectionConfiguration): leaseDuration 15 s, renewDeadline 10 s,
 * retryPeriod 2 s. The leader renews its lease every retry period; another running process of
 * the program (on another control-plane host, or a restarted one on the same host) takes the
 * lease only once it has expired (renewTime + leaseDuration passed), setting acquireTime and
 * counting leaseTransitions. Candidates poll every retry period with jitter: kadet takes the
 * first poll after expiry and, among candidates, the first host by name.
 * control-plane.ts says which processes are candidates and lets only the holder's loops act.
 */
import type { StoredObject } from "../api/types.js";
import type { Loop } from "../core/loop.js";
import { apiServing, controlPlaneHostNames, ELECTED_COMPONENTS, electionCandidates, LEASE, leaseSpecOf, microTime, type ComponentProcess } from "./control-plane.js";
import type { World } from "./world.js";
import { parseTimestamp } from "../core/clock.js";

export const LEASE_DURATION_SECONDS = 15;
export const RENEW_DEADLINE_MS = 10_000;
export const RETRY_PERIOD_MS = 2_000;

export class LeaderElection implements Loop<World> {
  readonly name = "leader-election";
  readonly renewsOnTimer = true;

  reconcile(world: World): boolean {
    // Reading or writing a lease needs the API server and etcd's quorum; without them nobody can win or renew.
    if (controlPlaneHostNames(world).length === 0 || !apiServing(world)) return false;
    const now = world.clock.now();
    let changed = false;
    for (const component of ELECTED_COMPONENTS) changed = this.elect(world, component, now) || changed;
    return changed;
  }

  private elect(world: World, component: string, now: number): boolean {
    const candidates = electionCandidates(world, component);
    const lease = world.api.find(LEASE, "kube-system", component);
    const spec = leaseSpecOf(lease);
    if (!lease || !spec) return candidates[0] !== undefined && world.api.create(LEASE, newLease(component, candidates[0], now), "kube-system").ok;
    const renewedAt = parseTimestamp(spec.renewTime ?? "") || 0;
    if (candidates.some((c) => c.identity === spec.holderIdentity)) {
      if (now < renewedAt + RETRY_PERIOD_MS) return false;
      return world.api.heartbeat(LEASE, "kube-system", component, { renewTime: microTime(now) });
    }
    const taker = candidates[0];
    if (!taker || now <= renewedAt + (spec.leaseDurationSeconds ?? LEASE_DURATION_SECONDS) * 1000) return false;
    const taken = {
      ...lease,
      spec: { ...spec, holderIdentity: taker.identity, leaseDurationSeconds: LEASE_DURATION_SECONDS, acquireTime: microTime(now), renewTime: microTime(now), leaseTransitions: (spec.leaseTransitions ?? 0) + 1 },
    };
    return world.api.update(LEASE, taken, { builtByModel: true }).ok;
  }

  /** The leader's next renewal, or the instant its lease expires when its holder is gone and another could take it. */
  /** nextWakeAt's answer, until a write, a host change or a renewal of a lease. */
  private wake: { key: string; at: number | undefined } | undefined;

  nextWakeAt(world: World): number | undefined {
    const key = `${world.api.writeMark()}/${world.hosts.version()}/${world.api.changesOf(LEASE)}`;
    if (this.wake?.key !== key) this.wake = { key, at: this.computeNextWakeAt(world) };
    return this.wake.at;
  }

  private computeNextWakeAt(world: World): number | undefined {
    // Without the API nothing can be renewed or taken: whatever brings it back is a change of its own.
    if (controlPlaneHostNames(world).length === 0 || !apiServing(world)) return undefined;
    let earliest: number | undefined;
    for (const component of ELECTED_COMPONENTS) {
      const spec = leaseSpecOf(world.api.find(LEASE, "kube-system", component));
      const candidates = electionCandidates(world, component);
      if (!spec || candidates.length === 0) continue;
      const renewedAt = parseTimestamp(spec.renewTime ?? "") || 0;
      const held = candidates.some((c) => c.identity === spec.holderIdentity);
      const at = held ? renewedAt + RETRY_PERIOD_MS : renewedAt + (spec.leaseDurationSeconds ?? LEASE_DURATION_SECONDS) * 1000 + 1;
      if (earliest === undefined || at < earliest) earliest = at;
    }
    return earliest;
  }
}

function newLease(component: string, holder: ComponentProcess, now: number): StoredObject {
  return {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: { name: component, namespace: "kube-system" },
    spec: { holderIdentity: holder.identity, leaseDurationSeconds: LEASE_DURATION_SECONDS, acquireTime: microTime(now), renewTime: microTime(now), leaseTransitions: 0 },
  } as unknown as StoredObject;
}
