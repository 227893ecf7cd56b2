/**
 * The DaemonSet controller: one pod per eligible node. As upstream does since
 * 1.12, it pins each pod to its node with required node affinity on
 * metadata.name and lets the scheduler bind it, and it adds the
 * DaemonSet tolerations (not-ready, unreachable, disk/memory/pid pressure,
 * unschedulable). A node is eligible when the pod's nodeSelector/affinity
 * matches it and its NoSchedule/NoExecute taints are tolerated.
 * https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/
 */
import { kindNamed } from "../api/kinds.js";
import type { DaemonSet, Node, Pod } from "../api/types.js";
import { fromMap, matches } from "../core/labels.js";
import type { Loop } from "../core/loop.js";
import type { World } from "../world/world.js";
import { isControlledBy, isPodActive, isPodAvailable, isPodReady, nextAvailabilityOfWorkloads, podFromTemplate } from "./ownership.js";
import { tolerationsTolerateTaint } from "../scheduler/plugins/tainttoleration/taint_toleration.js";

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
    const pods = world.api.list<Pod>(POD, namespace).filter((p) => isControlledBy(p, ds) && isPodActive(p));
    const template = ds.spec?.template ?? {};
    const tolerations = [...(template.spec?.tolerations ?? [])];
    for (const t of DAEMON_TOLERATIONS) if (!tolerations.some((x) => x.key === t.key && x.effect === t.effect)) tolerations.push(t);
    const eligible = nodes.filter((n) => nodeShouldRunDaemonPod(n, template.spec?.nodeSelector, tolerations));

    for (const node of eligible) {
      const nodeName = node.metadata.name;
      if (pods.some((p) => podTargetsNode(p) === nodeName)) continue;
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
      pod.metadata!.labels = { ...pod.metadata!.labels, "pod-template-generation": String(ds.metadata.generation ?? 1) };
      const created = world.api.create<Pod>(POD, pod, namespace, { builtByModel: true });
      if (created.ok) world.events.record(ds, "Normal", "SuccessfulCreate", `Created pod: ${created.value.metadata.name}`, SOURCE);
      changed = true;
    }
    for (const pod of pods) {
      const target = podTargetsNode(pod);
      if (target && !eligible.some((n) => n.metadata.name === target)) {
        world.api.delete(POD, namespace, pod.metadata.name);
        world.events.record(ds, "Normal", "SuccessfulDelete", `Deleted pod: ${pod.metadata.name}`, SOURCE);
        changed = true;
      }
    }

    const now = world.clock.now();
    const current = world.api.list<Pod>(POD, namespace).filter((p) => isControlledBy(p, ds) && isPodActive(p));
    const status = {
      currentNumberScheduled: current.filter((p) => p.spec?.nodeName).length,
      desiredNumberScheduled: eligible.length,
      numberMisscheduled: 0,
      numberReady: current.filter(isPodReady).length,
      observedGeneration: ds.metadata.generation ?? 1,
      updatedNumberScheduled: current.filter((p) => p.spec?.nodeName).length,
      numberAvailable: current.filter((p) => isPodAvailable(p, ds.spec?.minReadySeconds ?? 0, now)).length,
    };
    const unavailable = eligible.length - status.numberAvailable;
    const full = { ...status, ...(unavailable > 0 ? { numberUnavailable: unavailable } : {}) };
    if (full.numberAvailable === 0) delete (full as Partial<typeof full>).numberAvailable;
    const fresh = world.api.find<DaemonSet>(DS, namespace, ds.metadata.name);
    if (fresh && JSON.stringify(full) !== JSON.stringify(fresh.status)) {
      world.api.updateStatus(DS, { ...fresh, status: full });
      changed = true;
    }
    return changed;
  }
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
