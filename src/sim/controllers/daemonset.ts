/**
 * The DaemonSet controller: one pod per eligible node. As upstream does since
 * 1.12, it pins each pod to its node with required node affinity on
 * metadata.name and lets the scheduler bind it, and it adds the
 * DaemonSet tolerations (not-ready, unreachable, disk/memory/pid pressure,
 * unschedulable). A node is eligible when the pod's nodeSelector/affinity
 * matches it and its NoSchedule/NoExecute taints are tolerated. Each template is kept as a
 * ControllerRevision (`rollout history|undo`); a new template rolls out node by node under
 * updateStrategy RollingUpdate (daemonset-update.ts), or only as pods are deleted under OnDelete.
 * https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/
 */
import { kindNamed } from "../api/kinds.js";
import type { DaemonSet, Node, Pod } from "../api/types.js";
import { fromMap, matches } from "../core/labels.js";
import type { Loop } from "../core/loop.js";
import type { World } from "../world/world.js";
import { isControlledBy, isPodAvailable, isPodReady, nextAvailabilityOfWorkloads, podFromTemplate } from "./ownership.js";
import { compareBytes } from "../core/compare.js";
import { planRollingUpdate, rollingUpdateBudget, type NodePods } from "./daemonset-update.js";
import { ensureUpdateRevision, REVISION_HASH_LABEL } from "./statefulset-revisions.js";
import { tolerationsTolerateTaint } from "../scheduler/plugins/tainttoleration/taint_toleration.js";
import { parseTimestamp } from "../core/clock.js";

type Toleration = NonNullable<NonNullable<Pod["spec"]>["tolerations"]>[number];

const DS = kindNamed("DaemonSet")!;
const POD = kindNamed("Pod")!;
const NODE = kindNamed("Node")!;
const SOURCE = { component: "daemonset-controller" };

/** Tolerations the DaemonSet controller adds to every daemon pod (pkg/controller/daemon/util). */
const DAEMON_TOLERATIONS: Toleration[] = [
  { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" },
  { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" },
  { key: "node.kubernetes.io/disk-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/memory-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/pid-pressure", operator: "Exists", effect: "NoSchedule" },
  { key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" },
];

export class DaemonSetController implements Loop<World> {
  readonly name = "daemonset-controller";

  /** Pods still inside minReadySeconds become available later: look again then. */
  nextWakeAt(world: World): number | undefined {
    return nextAvailabilityOfWorkloads(world, DS);
  }

  reconcile(world: World): boolean {
    let changed = false;
    const nodes = world.api.list<Node>(NODE);
    for (const ds of world.api.list<DaemonSet>(DS)) {
      if (ds.metadata.deletionTimestamp) continue;
      changed = this.sync(world, ds, nodes) || changed;
    }
    return changed;
  }

  private sync(world: World, ds: DaemonSet, nodes: Node[]): boolean {
    let changed = false;
    const namespace = ds.metadata.namespace!;
    const ownPods = () => world.api.list<Pod>(POD, namespace).filter((p) => isControlledBy(p, ds) && !isFinished(p));
    const template = ds.spec?.template ?? {};
    const tolerations = [...(template.spec?.tolerations ?? [])];
    for (const t of DAEMON_TOLERATIONS) if (!tolerations.some((x) => x.key === t.key && x.effect === t.effect)) tolerations.push(t);
    const eligible = nodes.filter((n) => nodeShouldRunDaemonPod(n, template.spec?.nodeSelector, tolerations));
    const eligibleNames = new Set(eligible.map((n) => n.metadata.name));

    let pods = ownPods();
    const live = new Set(pods.map((p) => p.metadata.labels?.[REVISION_HASH_LABEL]).filter((h): h is string => h !== undefined).map((h) => `${ds.metadata.name}-${h}`));
    const revision = ensureUpdateRevision(world, ds, live, REVISION_HASH_LABEL);
    const hash = revision?.metadata.labels?.[REVISION_HASH_LABEL] ?? "";
    const updated = (pod: Pod) => isPodUpdated(pod, hash, ds);
    const surging = rollingUpdateOf(ds) !== undefined && rollingUpdateBudget(rollingUpdateOf(ds), eligible.length).maxSurge > 0;

    // manage: a pod for every eligible node that has none, none on the others, one per node (two while surging).
    const create = (nodeName: string) => {
      const created = world.api.create<Pod>(POD, this.podFor(ds, template, tolerations, nodeName, hash), namespace, { builtByModel: true });
      if (created.ok) world.events.record(ds, "Normal", "SuccessfulCreate", `Created pod: ${created.value.metadata.name}`, SOURCE);
      changed = true;
    };
    const remove = (pod: Pod) => {
      world.api.delete(POD, namespace, pod.metadata.name);
      world.events.record(ds, "Normal", "SuccessfulDelete", `Deleted pod: ${pod.metadata.name}`, SOURCE);
      changed = true;
    };
    const byNode = groupByNode(pods);
    for (const node of eligible) {
      const onNode = byNode.get(node.metadata.name) ?? [];
      const running = onNode.filter((p) => !p.metadata.deletionTimestamp).sort(byCreationTimestampAndPhase);
      // A node whose only pod is terminating waits for it to go, unless the set surges.
      if (onNode.length === 0 || (running.length === 0 && surging)) create(node.metadata.name);
      else if (!surging) for (const extra of running.slice(1)) remove(extra);
      else {
        const keep = [running.find(updated), running.find((p) => !updated(p))].filter((p): p is Pod => p !== undefined);
        for (const extra of running) if (!keep.includes(extra)) remove(extra);
      }
    }
    for (const pod of pods) {
      const target = podTargetsNode(pod);
      if (target && !eligibleNames.has(target) && !pod.metadata.deletionTimestamp) remove(pod);
    }

    const rollingUpdate = rollingUpdateOf(ds);
    if (rollingUpdate !== undefined) {
      pods = ownPods();
      const now = world.clock.now();
      const nodePods = [...groupByNode(pods)].filter(([node]) => eligibleNames.has(node)).sort(([a], [b]) => compareBytes(a, b)).map(([node, onNode]) => nodePodsOf(node, onNode, updated));
      const plan = planRollingUpdate(nodePods, rollingUpdateBudget(rollingUpdate, eligible.length), (p) => isPodAvailable(p, ds.spec?.minReadySeconds ?? 0, now));
      for (const name of plan.deletePods) {
        const pod = pods.find((p) => p.metadata.name === name);
        if (pod) remove(pod);
      }
      for (const node of plan.createOnNodes) create(node);
    }

    return this.writeStatus(world, ds, nodes, eligibleNames, ownPods(), updated) || changed;
  }

  private podFor(ds: DaemonSet, template: NonNullable<NonNullable<DaemonSet["spec"]>["template"]>, tolerations: Toleration[], nodeName: string, hash: string) {
    const pod = podFromTemplate(template, ds, `${ds.metadata.name}-`);
    const spec = pod.spec as NonNullable<Pod["spec"]>;
    spec.tolerations = tolerations;
    spec.affinity = {
      ...(spec.affinity ?? {}),
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: [nodeName] }] }],
        },
      },
    };
    pod.metadata!.labels = { ...pod.metadata!.labels, [REVISION_HASH_LABEL]: hash, [TEMPLATE_GENERATION_LABEL]: String(ds.metadata.generation ?? 1) };
    return pod;
  }

  /** updateDaemonSetStatus: per node, the oldest pod (scheduled ones first) decides ready, available and updated. */
  private writeStatus(world: World, ds: DaemonSet, nodes: readonly Node[], eligible: ReadonlySet<string>, pods: readonly Pod[], updated: (pod: Pod) => boolean): boolean {
    const now = world.clock.now();
    const byNode = groupByNode(pods);
    let currentNumberScheduled = 0;
    let numberMisscheduled = 0;
    let numberReady = 0;
    let numberAvailable = 0;
    let updatedNumberScheduled = 0;
    for (const node of nodes) {
      const onNode = byNode.get(node.metadata.name) ?? [];
      if (!eligible.has(node.metadata.name)) {
        if (onNode.length > 0) numberMisscheduled++;
        continue;
      }
      if (onNode.length === 0) continue;
      currentNumberScheduled++;
      const oldest = [...onNode].sort(byCreationTimestampAndPhase)[0]!;
      if (isPodReady(oldest)) {
        numberReady++;
        if (isPodAvailable(oldest, ds.spec?.minReadySeconds ?? 0, now)) numberAvailable++;
      }
      if (updated(oldest)) updatedNumberScheduled++;
    }
    const desiredNumberScheduled = eligible.size;
    const numberUnavailable = desiredNumberScheduled - numberAvailable;
    // DaemonSetStatus: the counts without omitempty, then those with it.
    const status = {
      currentNumberScheduled,
      desiredNumberScheduled,
      numberMisscheduled,
      numberReady,
      observedGeneration: ds.metadata.generation ?? 1,
      ...(updatedNumberScheduled > 0 ? { updatedNumberScheduled } : {}),
      ...(numberAvailable > 0 ? { numberAvailable } : {}),
      ...(numberUnavailable > 0 ? { numberUnavailable } : {}),
    };
    const fresh = world.api.find<DaemonSet>(DS, ds.metadata.namespace, ds.metadata.name);
    if (!fresh || JSON.stringify(status) === JSON.stringify(fresh.status)) return false;
    world.api.updateStatus(DS, { ...fresh, status });
    return true;
  }
}

const TEMPLATE_GENERATION_LABEL = "pod-template-generation";

const isFinished = (pod: Pod) => pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";

function rollingUpdateOf(ds: DaemonSet): { maxSurge?: number | string; maxUnavailable?: number | string } | undefined {
  const strategy = ds.spec?.updateStrategy;
  if ((strategy?.type ?? "RollingUpdate") !== "RollingUpdate") return undefined;
  return (strategy?.rollingUpdate ?? {}) as { maxSurge?: number | string; maxUnavailable?: number | string };
}

/**
 * util.IsPodUpdated: the pod carries the update revision's hash, or (pods made before hashes,
 * like the preset's) the pod-template-generation of the set's current generation.
 */
function isPodUpdated(pod: Pod, hash: string, ds: DaemonSet): boolean {
  const labels = pod.metadata.labels ?? {};
  if (hash !== "" && labels[REVISION_HASH_LABEL] === hash) return true;
  return labels[REVISION_HASH_LABEL] === undefined && labels[TEMPLATE_GENERATION_LABEL] === String(ds.metadata.generation ?? 1);
}

function groupByNode(pods: readonly Pod[]): Map<string, Pod[]> {
  const out = new Map<string, Pod[]>();
  for (const pod of pods) {
    const node = podTargetsNode(pod);
    if (node === undefined) continue;
    const list = out.get(node);
    if (list) list.push(pod);
    else out.set(node, [pod]);
  }
  return out;
}

/** findUpdatedPodsOnNode over the node's pods that are not terminating. */
function nodePodsOf(node: string, pods: readonly Pod[], updated: (pod: Pod) => boolean): NodePods {
  let newPod: Pod | undefined;
  let oldPod: Pod | undefined;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    if (updated(pod)) {
      if (newPod) return { node, ambiguous: true };
      newPod = pod;
    } else {
      if (oldPod) return { node, ambiguous: true };
      oldPod = pod;
    }
  }
  return { node, ambiguous: false, ...(newPod ? { newPod } : {}), ...(oldPod ? { oldPod } : {}) };
}

/** podByCreationTimestampAndPhase: bound pods first, then the oldest, then by name. */
function byCreationTimestampAndPhase(a: Pod, b: Pod): number {
  const boundA = Boolean(a.spec?.nodeName);
  const boundB = Boolean(b.spec?.nodeName);
  if (boundA !== boundB) return boundA ? -1 : 1;
  const ta = parseTimestamp(a.metadata.creationTimestamp ?? "");
  const tb = parseTimestamp(b.metadata.creationTimestamp ?? "");
  if (ta !== tb) return ta - tb;
  return compareBytes(a.metadata.name, b.metadata.name);
}

function podTargetsNode(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  return terms[0]?.matchFields?.find((f) => f.key === "metadata.name")?.values?.[0];
}

function nodeShouldRunDaemonPod(node: Node, nodeSelector: Record<string, string> | undefined, tolerations: NonNullable<NonNullable<Pod["spec"]>["tolerations"]>): boolean {
  if (!matches(node.metadata.labels, fromMap(nodeSelector))) return false;
  for (const taint of node.spec?.taints ?? []) {
    if (taint.effect === "PreferNoSchedule") continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) return false;
  }
  return true;
}
