/**
 * kube-scheduler as a loop of the world (run only while kube-scheduler's static pod
 * leads and reaches the API server: control-plane.ts): every pending pod that names the
 * default scheduler goes through the scheduling framework; a fit is bound
 * (event "Scheduled"), a miss leaves the pod Pending with a PodScheduled=False
 * condition and a FailedScheduling event in kube-scheduler's words. The last
 * decision per pod is kept so the trainer can explain it.
 */
import { kindNamed } from "../api/kinds.js";
import type { Namespace, Node, PersistentVolume, PersistentVolumeClaim, Pod, ReplicaSet, Service, StorageClass, StoredObject } from "../api/types.js";
import type { ILabelSelector } from "@kubernetes-models/apimachinery/apis/meta/v1/LabelSelector";
import { fromLabelSelector, fromMap, type Labels, type Selector } from "../core/labels.js";
import type { AffinityPodCounts } from "../scheduler/cluster_view.js";
import type { PodDisruptionBudget } from "../api/policy/pod-disruption-budget.js";
import type { NamespaceLookup, WorkloadLookup } from "../scheduler/framework.js";
import { hasPodAffinity, hasRequiredPodAntiAffinity } from "../scheduler/pod_info.js";
import { podClaimNames } from "../controllers/persistent-volume-match.js";
import { bindPodVolumes } from "../controllers/persistent-volume-prebind.js";
import { toRfc3339 } from "../core/clock.js";
import { schedule, scheduleWithoutRecord, type CycleCounts, type CycleOutcome, type SchedulingInput, type SchedulingRecord } from "../scheduler/scheduler.js";
import { buildSnapshot, nodeInfoWithAddedPod } from "../scheduler/snapshot.js";
import type { VolumeLookup } from "../scheduler/plugins/volumebinding/volume_binding.js";
import type { Loop } from "../core/loop.js";
import { preemptVictims } from "./preempt-victims.js";
import type { World } from "./world.js";
import { SchedulingQueue } from "./scheduling-queue.js";
import type { ChangeCursor } from "../api/store.js";
import { storageKey } from "../api/storage-keys.js";

const POD = kindNamed("Pod")!;
const NODE = kindNamed("Node")!;
const PVC = kindNamed("PersistentVolumeClaim")!;
const STORAGE_CLASS = kindNamed("StorageClass")!;
const PV = kindNamed("PersistentVolume")!;
const NAMESPACE = kindNamed("Namespace")!;
const PDB = kindNamed("PodDisruptionBudget")!;
const SERVICE = kindNamed("Service")!;
const REPLICA_SET = kindNamed("ReplicaSet")!;
const STATEFUL_SET = kindNamed("StatefulSet")!;
const REPLICATION_CONTROLLER = kindNamed("ReplicationController");
const SOURCE = { component: "default-scheduler" };
/** kube-scheduler retries an unschedulable pod at least this often (podMaxInUnschedulablePodsDuration). */
const RETRY_MS = 5 * 60 * 1000;

export interface SchedulingDecision extends CycleCounts {
  podUid: string;
  at: number;
  outcome: "Scheduled" | "Unschedulable";
  nodeName?: string;
  message?: string;
}

/**
 * How many node entries the kept inputs of recent decisions may hold in all
 * (a decision on a 5,000-node cluster holds 5,000): the most recent decisions
 * can be explained in full, older ones by their counts only.
 */
const REPLAY_BUDGET_NODES = 250_000;

export class SchedulerLoop implements Loop<World> {
  readonly name = "scheduler";
  /** The latest decision per pod uid (not snapshotted: it is an explanation, not state). */
  readonly decisions = new Map<string, SchedulingDecision>();
  /**
   * The inputs of the most recent decisions, so `sim explain pod` can run the
   * same cycle again with its full record. Scheduling is deterministic, so the
   * record is the one the decision had; only claims and storage classes are
   * read as they are now.
   */
  private readonly replays = new Map<string, SchedulingInput>();
  /** The budget of kept inputs, in node entries (tests lower it). */
  replayBudgetNodes = REPLAY_BUDGET_NODES;
  private replayNodes = 0;
  /** kube-scheduler's nextStartNodeIndex: where the next cycle starts filtering (it matters from 100 nodes up). */
  private nextStartNodeIndex = 0;
  /** When each unschedulable pod is due for a retry. */
  private readonly retryAt = new Map<string, number>();
  /** The pods waiting for this scheduler, in queue order. */
  private readonly queue = new SchedulingQueue();

  saveState(): unknown {
    return { nextStartNodeIndex: this.nextStartNodeIndex };
  }

  loadState(state: unknown): void {
    this.nextStartNodeIndex = (state as { nextStartNodeIndex?: number }).nextStartNodeIndex ?? 0;
  }

  /** The full record of a pod's latest decision, while its inputs are kept. */
  recordOf(podUid: string): SchedulingRecord | undefined {
    const input = this.replays.get(podUid);
    return input ? schedule(input).record : undefined;
  }

  private keepReplay(podUid: string, input: SchedulingInput): void {
    const previous = this.replays.get(podUid);
    if (previous) {
      this.replays.delete(podUid);
      this.replayNodes -= previous.snapshot!.length;
    }
    this.replays.set(podUid, input);
    this.replayNodes += input.snapshot!.length;
    for (const [uid, old] of this.replays) {
      if (this.replayNodes <= this.replayBudgetNodes || uid === podUid) break;
      this.replays.delete(uid);
      this.replayNodes -= old.snapshot!.length;
    }
  }

  /** Unschedulable pods are tried again when the retry interval runs out. */
  nextWakeAt(): number | undefined {
    let earliest: number | undefined;
    for (const at of this.retryAt.values()) if (earliest === undefined || at < earliest) earliest = at;
    return earliest;
  }

  /**
   * The last unschedulable verdict per pod uid and the cluster it was reached
   * in. Scheduling is a pure function of the pod and the cluster (nodes, bound
   * pods, claims, classes): when neither changed, the verdict would be the same
   * again, so it is reused instead of filtering every node once more. Without
   * this, every pass retried every pending pod: 1,000 replicas on a full
   * cluster cost seconds per simulated second.
   */
  private readonly lastVerdicts = new Map<string, { key: string; result: CycleOutcome & CycleCounts }>();

  /** A number per distinct cluster state, so verdict keys stay short. */
  private generation = 0;
  private lastMark = "";

  /**
   * What clusterMark says, as a short token kept from the store's change log: the Node and
   * volume/namespace/budget kinds' change tokens, and a count that moves whenever a pod that is
   * (or was) bound and not finished is written or removed. clusterMark joined one entry per bound
   * pod on every pass with a pending pod: 100,000 of them per pass at scale.
   */
  private boundKeys = new Set<string>();
  private markCursor: ChangeCursor | undefined;
  private boundChanges = 0;

  private clusterToken(world: World, podsByNode: ReadonlyMap<string, readonly Pod[]>): string {
    const changes = world.api.changedSince(POD, this.markCursor);
    this.markCursor = world.api.cursor();
    if (!changes) {
      this.boundKeys = new Set([...podsByNode.values()].flatMap((pods) => pods.map((p) => storageKey(POD, p.metadata.namespace, p.metadata.name))));
      this.boundChanges++;
    } else {
      let moved = false;
      for (const key of changes) {
        const pod = world.api.etcdStorage().read(key) as Pod | undefined;
        const bound = pod !== undefined && isBoundAndRunning(pod);
        if (bound || this.boundKeys.has(key)) moved = true;
        if (bound) this.boundKeys.add(key);
        else this.boundKeys.delete(key);
      }
      if (moved) this.boundChanges++;
    }
    return `${world.api.changesOf(NODE)}|${this.boundChanges}|${[PVC, PV, STORAGE_CLASS, NAMESPACE, PDB].map((k) => world.api.changesOf(k)).join(",")}`;
  }

  private generationOf(mark: string): number {
    if (mark !== this.lastMark) {
      this.lastMark = mark;
      this.generation++;
    }
    return this.generation;
  }

  private scheduleUnlessUnchanged(pod: Pod, mark: number, run: () => CycleOutcome & CycleCounts): CycleOutcome & CycleCounts {
    const key = `${pod.metadata.resourceVersion}|${mark}`;
    const last = this.lastVerdicts.get(pod.metadata.uid);
    if (last && last.key === key) return last.result;
    const result = run();
    if (result.kind === "Unschedulable") this.lastVerdicts.set(pod.metadata.uid, { key, result });
    else this.lastVerdicts.delete(pod.metadata.uid);
    return result;
  }

  reconcile(world: World): boolean {
    const queue = this.queue.read(world);
    // The SchedulingGates plugin (PreEnqueue): a pod with gates never enters the queue, it only says why it waits.
    let gatedChanged = false;
    for (const p of [...queue.gated]) gatedChanged = markSchedulingGated(world, p) || gatedChanged;
    // In queue order; a copy, as binding below changes what the queue holds.
    const pending = [...queue.pending];
    const pendingUids = new Set(pending.map((p) => p.metadata.uid));
    for (const uid of this.lastVerdicts.keys()) if (!pendingUids.has(uid)) this.lastVerdicts.delete(uid);
    for (const uid of this.retryAt.keys()) if (!pendingUids.has(uid)) this.retryAt.delete(uid);
    if (pending.length === 0) return gatedChanged;
    const pods = world.api.list<Pod>(POD);
    const nodes = world.api.list<Node>(NODE);
    const volumes = volumeLookup(world);
    const namespaces = namespaceLookup(world);
    const workloads = workloadLookup(world);
    const budgets = world.api.list<PodDisruptionBudget>(PDB);
    const podsByNode = new Map<string, Pod[]>();
    // Counted as the snapshot is: with no pod affinity anywhere, InterPodAffinity looks at no node.
    const affinityPodCounts: AffinityPodCounts = { withAffinity: 0, withRequiredAntiAffinity: 0 };
    for (const p of pods) {
      const node = p.spec?.nodeName;
      if (!node || !isBoundAndRunning(p)) continue;
      let list = podsByNode.get(node);
      if (!list) podsByNode.set(node, (list = []));
      list.push(p);
      countAffinity(affinityPodCounts, p);
    }
    let changed = gatedChanged;
    const now = world.clock.now();
    const nodeIndex = new Map(nodes.map((n, i) => [n.metadata.name, i]));
    // One snapshot for the pass, updated as pods are bound: rebuilding it per pod re-added every bound pod's requests each time.
    // A decision's kept inputs share it, so it is copied before the next change (copy on write).
    let snapshot = buildSnapshot(nodes, podsByNode);
    let snapshotShared = false;
    let mark = this.generationOf(world.watchChanges ? this.clusterToken(world, podsByNode) : clusterMark(world, nodes, podsByNode));
    for (const pod of pending) {
      // The cycle's inputs as they are now; made only when the cycle runs or its decision is kept
      // (a pod whose verdict is reused needs neither, and most pending pods are those at scale).
      const startNodeIndex = this.nextStartNodeIndex;
      const cycleSnapshot = snapshot;
      const inputNow = (): SchedulingInput => ({
        pod,
        nodes,
        podsByNode,
        volumes,
        namespaces,
        workloads,
        snapshot: cycleSnapshot,
        startNodeIndex,
        affinityPodCounts: { ...affinityPodCounts },
        budgets,
      });
      let input: SchedulingInput | undefined;
      const result = this.scheduleUnlessUnchanged(pod, mark, () => scheduleWithoutRecord((input = inputNow())));
      if (nodes.length > 0) this.nextStartNodeIndex = (this.nextStartNodeIndex + result.processedNodes) % nodes.length;
      const counts: CycleCounts = { processedNodes: result.processedNodes, numAllNodes: result.numAllNodes, feasibleNodes: result.feasibleNodes };
      if (result.kind === "Scheduled") {
        // VolumeBinding's PreBind: claims waiting for this pod get their volume or a provisioner first;
        // the pod is bound once the PV controller has bound them (a later pass of the same instant).
        const preBind = bindPodVolumes(world, pod, result.nodeName, volumes);
        if (preBind !== "ready") {
          if (preBind === "wrote") {
            changed = true;
            mark = ++this.generation;
          }
          continue;
        }
        const bound = world.api.bind(pod.metadata.namespace!, pod.metadata.name, result.nodeName);
        if (!bound.ok) continue;
        this.retryAt.delete(pod.metadata.uid);
        this.decisions.set(pod.metadata.uid, { podUid: pod.metadata.uid, at: now, outcome: "Scheduled", nodeName: result.nodeName, ...counts });
        this.keepReplay(pod.metadata.uid, input ?? inputNow());
        snapshotShared = true;
        world.events.record(pod, "Normal", "Scheduled", `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${result.nodeName}`, SOURCE);
        const boundPod = bound.value as Pod;
        const at = nodeIndex.get(result.nodeName);
        if (at !== undefined) {
          if (snapshotShared) {
            snapshot = snapshot.slice();
            snapshotShared = false;
          }
          snapshot[at] = nodeInfoWithAddedPod(snapshot[at]!, boundPod);
          countAffinity(affinityPodCounts, boundPod);
        }
        // The cluster changed within the pass: verdicts reached before this bind no longer apply.
        mark = ++this.generation;
        const node = at !== undefined ? nodes[at] : undefined;
        const hostIP = node?.status?.addresses?.find((a) => a.type === "InternalIP")?.address;
        world.api.updateStatus(POD, {
          ...boundPod,
          status: {
            ...boundPod.status,
            ...(hostIP ? { hostIP, hostIPs: [{ ip: hostIP }] } : {}),
            conditions: [{ type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: toRfc3339(now) }],
          },
        });
        changed = true;
        continue;
      }
      const previous = this.decisions.get(pod.metadata.uid);
      const preemption = result.kind === "Unschedulable" ? result.preemption : undefined;
      if (!preemption && previous && previous.outcome === "Unschedulable" && previous.message === result.message && now - previous.at < RETRY_MS) continue;
      if (preemption) {
        preemptVictims(world, pod, preemption.nominatedNodeName, preemption.victims, SOURCE);
        // The victims are going: the verdicts reached before no longer apply.
        mark = ++this.generation;
      }
      this.decisions.set(pod.metadata.uid, { podUid: pod.metadata.uid, at: now, outcome: "Unschedulable", message: result.message, ...counts });
      this.retryAt.set(pod.metadata.uid, now + RETRY_MS);
      this.keepReplay(pod.metadata.uid, input ?? inputNow());
      snapshotShared = true;
      world.events.record(pod, "Warning", "FailedScheduling", result.message, SOURCE);
      world.api.updateStatus(POD, {
        ...pod,
        status: {
          ...pod.status,
          ...(preemption ? { nominatedNodeName: preemption.nominatedNodeName } : {}),
          phase: "Pending",
          conditions: [
            { type: "PodScheduled", status: "False", lastProbeTime: null, lastTransitionTime: toRfc3339(now), reason: "Unschedulable", message: result.message },
          ],
        },
      });
      changed = true;
    }
    return changed;
  }
}

/** A pod the scheduler counts on its node (podsByNode): bound, and neither Succeeded nor Failed. */
function isBoundAndRunning(p: Pod): boolean {
  return Boolean(p.spec?.nodeName) && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed";
}

/** Everything a scheduling verdict depends on besides the pod, as resource versions (any write changes them). */
function clusterMark(world: World, nodes: readonly Node[], podsByNode: ReadonlyMap<string, readonly Pod[]>): string {
  const parts: string[] = [];
  for (const node of nodes) parts.push(`${node.metadata.name}@${node.metadata.resourceVersion}`);
  for (const [node, pods] of podsByNode) for (const p of pods) parts.push(`${node}/${p.metadata.uid}@${p.metadata.resourceVersion}`);
  // Namespace labels decide namespaceSelector terms, budgets which victims preemption picks; Services and controllers only change scores, never a verdict.
  for (const kind of [PVC, PV, STORAGE_CLASS, NAMESPACE, PDB]) for (const o of world.api.list(kind)) parts.push(`${o.metadata.namespace ?? ""}/${o.metadata.name}@${o.metadata.resourceVersion}`);
  return parts.join(",");
}

/** The condition kube-scheduler writes on a gated pod (scheduling_queue.go); written once, not on every pass. */
function markSchedulingGated(world: World, pod: Pod): boolean {
  const current = (pod.status?.conditions ?? []).find((c) => c.type === "PodScheduled");
  if (current?.reason === "SchedulingGated") return false;
  world.api.updateStatus(POD, {
    ...pod,
    status: {
      ...pod.status,
      phase: "Pending",
      conditions: [
        ...(pod.status?.conditions ?? []).filter((c) => c.type !== "PodScheduled"),
        {
          type: "PodScheduled",
          status: "False",
          lastProbeTime: null,
          lastTransitionTime: toRfc3339(world.clock.now()),
          reason: "SchedulingGated",
          message: "Scheduling is blocked due to non-empty scheduling gates",
        },
      ],
    },
  });
  return true;
}

function countAffinity(counts: AffinityPodCounts, pod: Pod): void {
  if (hasPodAffinity(pod)) counts.withAffinity++;
  if (hasRequiredPodAntiAffinity(pod)) counts.withRequiredAntiAffinity++;
}

/** Namespace labels for namespaceSelector, straight from the API. */
function namespaceLookup(world: World): NamespaceLookup {
  return {
    labelsOf: (name) => world.api.find<Namespace>(NAMESPACE, undefined, name)?.metadata.labels ?? (undefined as Labels | undefined),
    all: () => world.api.list<Namespace>(NAMESPACE).map((ns) => ({ name: ns.metadata.name, labels: ns.metadata.labels ?? {} })),
  };
}

/**
 * The Services and controllers PodTopologySpread's default constraints read.
 * Service selectors are listed once per namespace per pass: every pod of a
 * Deployment asks for them.
 */
function workloadLookup(world: World): WorkloadLookup {
  const selectorsByNamespace = new Map<string, Labels[]>();
  return {
    serviceSelectors(namespace) {
      let selectors = selectorsByNamespace.get(namespace);
      if (!selectors) {
        selectors = [];
        for (const svc of world.api.list<Service>(SERVICE, namespace)) if (svc.spec?.selector) selectors.push(svc.spec.selector);
        selectorsByNamespace.set(namespace, selectors);
      }
      return selectors;
    },
    controllerSelector(namespace, apiVersion, kind, name): Selector | undefined {
      if (apiVersion === "apps/v1" && kind === "ReplicaSet") {
        const rs = world.api.find<ReplicaSet>(REPLICA_SET, namespace, name);
        return rs && fromLabelSelector(rs.spec?.selector);
      }
      if (apiVersion === "apps/v1" && kind === "StatefulSet") {
        const ss = world.api.find<StoredObject & { spec?: { selector?: ILabelSelector } }>(STATEFUL_SET, namespace, name);
        return ss && fromLabelSelector(ss.spec?.selector);
      }
      if (apiVersion === "v1" && kind === "ReplicationController" && REPLICATION_CONTROLLER) {
        const rc = world.api.find<StoredObject & { spec?: { selector?: Labels } }>(REPLICATION_CONTROLLER, namespace, name);
        return rc && fromMap(rc.spec?.selector);
      }
      return undefined;
    },
  };
}

/** The claims, volumes and classes VolumeBinding and VolumeRestrictions read, straight from the API. */
function volumeLookup(world: World): VolumeLookup {
  return {
    claim: (namespace, name) => world.api.find<PersistentVolumeClaim>(PVC, namespace, name),
    storageClass: (name) => {
      const sc = world.api.find<StorageClass>(STORAGE_CLASS, undefined, name);
      return sc && { provisioner: sc.provisioner, ...(sc.volumeBindingMode !== undefined ? { volumeBindingMode: sc.volumeBindingMode } : {}) };
    },
    volumes: () => world.api.list<PersistentVolume>(PV),
    podsUsingClaim: (namespace, name) => world.api.list<Pod>(POD, namespace).filter((p) => podClaimNames(p).includes(name)),
  };
}
