/**
 * What kube-scheduler does once preemption found a node (prepareCandidate in
 * pkg/scheduler/framework/preemption/preemption.go, 1.32): each victim gets a
 * DisruptionTarget condition (reason PreemptionByScheduler), is deleted
 * gracefully, and gets a `Preempted` event naming the preemptor's uid and the
 * node; the preemptor is nominated to that node (status.nominatedNodeName,
 * kubectl's NOMINATED NODE column) and is scheduled there once the victims are gone.
 * https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/#preemption
 */
import { kindNamed } from "../api/kinds.js";
import type { Pod } from "../api/types.js";
import type { World } from "./world.js";

const POD = kindNamed("Pod")!;

export function preemptVictims(world: World, preemptor: Pod, nodeName: string, victims: readonly Pod[], source: { component: string }): void {
  const schedulerName = preemptor.spec?.schedulerName ?? "default-scheduler";
  for (const victim of victims) {
    const current = world.api.find<Pod>(POD, victim.metadata.namespace, victim.metadata.name);
    if (!current || current.metadata.uid !== victim.metadata.uid) continue;
    const status = structuredClone(current.status ?? {});
    const conditions = (status.conditions ?? []).filter((c) => c.type !== "DisruptionTarget");
    conditions.push({
      type: "DisruptionTarget",
      status: "True",
      lastProbeTime: null as unknown as string,
      lastTransitionTime: world.clock.nowIso(),
      reason: "PreemptionByScheduler",
      message: `${schedulerName}: preempting to accommodate a higher priority pod`,
    });
    world.api.updateStatus(POD, { ...structuredClone(current), status: { ...status, conditions } });
    world.api.delete(POD, current.metadata.namespace, current.metadata.name);
    world.events.record(current, "Normal", "Preempted", `Preempted by pod ${preemptor.metadata.uid} on node ${nodeName}`, source);
  }
}
