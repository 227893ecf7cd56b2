/**
 * The kubelet's node lease (pkg/kubelet/nodelease, component-helpers/apimachinery/lease):
 * every running kubelet keeps a Lease named after its node in kube-node-lease, owned by the
 * Node, holderIdentity the node name, leaseDurationSeconds 40 (nodeLeaseDurationSeconds), and
 * renews its renewTime every 10 s (a quarter of the duration). This is the heartbeat the node
 * lifecycle controller reads (node-lifecycle.ts); a stopped kubelet, a switched-off host or an
 * API server that does not answer leaves it unrenewed.
 *
 * Cost: a renewal is an ApiServer.heartbeat, which wakes no other loop. Kubelets started in
 * the same instant renew in the same instant, so 5,000 nodes cost one wake-up per 10 s, and a
 * pass with nothing due costs a comparison (the next renewal is kept, and the walk is redone
 * only when nodes, hosts or leases changed).
 */
import { kindNamed } from "../api/kinds.js";
import type { Node, StoredObject } from "../api/types.js";
import type { Loop } from "../core/loop.js";
import { apiServing, leaseSpecOf, microTime } from "../world/control-plane.js";
import type { World } from "../world/world.js";
import { kubeletRunning } from "./static-pods.js";
import { parseTimestamp } from "../core/clock.js";

const NODE = kindNamed("Node")!;
const LEASE = kindNamed("Lease")!;

export const NODE_LEASE_NAMESPACE = "kube-node-lease";
/** KubeletConfiguration nodeLeaseDurationSeconds' default. */
export const NODE_LEASE_DURATION_SECONDS = 40;
/** nodelease.NewController's renewInterval: 25 % of the lease duration. */
export const NODE_LEASE_RENEW_INTERVAL_MS = NODE_LEASE_DURATION_SECONDS * 250;

/** When a node's kubelet last renewed its lease; undefined when it has none. */
export function nodeLeaseRenewTime(world: World, nodeName: string): number | undefined {
  const renewTime = leaseSpecOf(world.api.find(LEASE, NODE_LEASE_NAMESPACE, nodeName))?.renewTime;
  const at = renewTime === undefined ? NaN : parseTimestamp(renewTime);
  return Number.isNaN(at) ? undefined : at;
}

export class NodeLeases implements Loop<World> {
  readonly name = "kubelet-node-lease";
  readonly renewsOnTimer = true;
  /**
   * The last walk: the change mark it saw, and each renewing kubelet's node with its next
   * renewal. Between walks, a due renewal is a heartbeat of the nodes due, found in this list.
   */
  private walked: { key: string; renewals: { node: Node; dueAt: number }[]; dueAt: number | undefined } | undefined;

  /**
   * What decides who renews: the nodes and the hosts (kubelets, power). Leases are not in it: other
   * renewals (the leaders' every 2 s) must not make the next pass walk every node again, and a lease
   * deleted by hand is made again at its next renewal, as the kubelet's renew-or-create does.
   */
  private key(world: World): string {
    return `${world.api.changesOf(NODE)}/${world.hosts.version()}`;
  }

  nextWakeAt(): number | undefined {
    return this.walked?.dueAt;
  }

  reconcile(world: World): boolean {
    const now = world.clock.now();
    const walked = this.walked;
    const fresh = walked !== undefined && walked.key === this.key(world);
    if (fresh && (walked.dueAt === undefined || now < walked.dueAt)) return false;
    // A kubelet that cannot reach the API server renews nothing (and retries: the next pass asks again).
    if (!apiServing(world)) {
      this.walked = undefined;
      return false;
    }
    const renewals = fresh ? walked.renewals : this.walk(world, now);
    let changed = false;
    let dueAt: number | undefined;
    // Kubelets that started together renew together: one instant, one string for all of them.
    const renewTime = microTime(now);
    for (const entry of renewals) {
      if (now >= entry.dueAt) {
        const renewed = world.api.heartbeat(LEASE, NODE_LEASE_NAMESPACE, entry.node.metadata.name, { renewTime });
        // ensureLease: the kubelet creates its lease when it has none (a new node, or one deleted).
        changed = (renewed || world.api.create(LEASE, newNodeLease(entry.node, now), NODE_LEASE_NAMESPACE, { builtByModel: true }).ok) || changed;
        entry.dueAt = now + NODE_LEASE_RENEW_INTERVAL_MS;
      }
      if (dueAt === undefined || entry.dueAt < dueAt) dueAt = entry.dueAt;
    }
    this.walked = { key: this.key(world), renewals, dueAt };
    return changed;
  }

  /** The nodes whose kubelet runs, each with its next renewal (now, for one without a lease). */
  private walk(world: World, now: number): { node: Node; dueAt: number }[] {
    const renewals: { node: Node; dueAt: number }[] = [];
    for (const node of world.api.list<Node>(NODE)) {
      if (!kubeletRunning(world, node.metadata.name)) continue;
      const renewedAt = nodeLeaseRenewTime(world, node.metadata.name);
      renewals.push({ node, dueAt: renewedAt === undefined ? now : renewedAt + NODE_LEASE_RENEW_INTERVAL_MS });
    }
    return renewals;
  }
}

function newNodeLease(node: Node, now: number): StoredObject {
  return {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: {
      name: node.metadata.name,
      namespace: NODE_LEASE_NAMESPACE,
      ownerReferences: [{ apiVersion: "v1", kind: "Node", name: node.metadata.name, uid: node.metadata.uid }],
    },
    spec: { holderIdentity: node.metadata.name, leaseDurationSeconds: NODE_LEASE_DURATION_SECONDS, renewTime: microTime(now) },
  } as unknown as StoredObject;
}
