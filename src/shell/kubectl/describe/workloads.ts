/**
 * `kubectl describe deployment` and `kubectl describe replicaset`: ports of
 * describeDeployment (with printReplicaSetsByLabels and the old/new
 * ReplicaSets of deploymentutil.GetAllReplicaSets) and describeReplicaSet
 * (with getPodStatusForController) from kubectl's describe.go.
 */
import type { Deployment, Event, Pod, ReplicaSet, StoredObject } from "../../../sim/api/types.js";
import { formatLabelSelector } from "../printers/columns.js";
import { controllerOf, describeEvents, printAnnotationsMultiline, printLabelsMultiline, rfc1123z, type Obj } from "./common.js";
import { describePodTemplate } from "./containers.js";
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from "./tabwriter.js";
import { compareBytes } from "../../../sim/core/compare.js";
import { templateKey } from "../../../sim/core/pod-template.js";

/** LabelSelectorAsSelector(...).String(), as `Selector:\t%s` prints it: "" for an empty or missing selector. */
export function selectorString(selector: Obj | undefined): string {
  const s = formatLabelSelector(selector);
  return s === "<none>" ? "" : s;
}

/** intstr.String(): percentages keep their "%", numbers print as numbers. */
function intOrString(value: unknown): string {
  return value === undefined || value === null ? "0" : String(value);
}

/** printReplicaSetsByLabels: `name (1/1 replicas created)`, comma-separated, `<none>` when empty. */
function replicaSetsText(sets: ReplicaSet[]): string {
  const text = sets.map((rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 1} replicas created)`).join(", ");
  return text === "" ? "<none>" : text;
}

function ownedBy(obj: StoredObject, owner: StoredObject): boolean {
  return (obj.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === owner.metadata.uid);
}

/**
 * deploymentutil.GetAllReplicaSets: the ReplicaSets the deployment controls;
 * the new one is the one whose pod template equals the deployment's (ignoring
 * pod-template-hash), the others are old.
 */
export function replicaSetsOf(deployment: Deployment, all: readonly ReplicaSet[]): { oldRSs: ReplicaSet[]; newRS: ReplicaSet | undefined } {
  const owned = all.filter((rs) => ownedBy(rs, deployment));
  const wanted = templateKey(deployment.spec?.template as Obj | undefined);
  // The oldest matching ReplicaSet wins, as FindNewReplicaSet sorts by creation time.
  const byAge = [...owned].sort((a, b) => compareBytes(a.metadata.creationTimestamp, b.metadata.creationTimestamp) || compareBytes(a.metadata.name, b.metadata.name));
  const newRS = byAge.find((rs) => templateKey(rs.spec?.template as Obj | undefined) === wanted);
  // FindOldReplicaSets keeps old ones in the list order.
  return { oldRSs: owned.filter((rs) => rs !== newRS), newRS };
}



export function describeDeployment(d: Deployment, oldRSs: ReplicaSet[], newRS: ReplicaSet | undefined, events: Event[] | undefined, now: number): string {
  const spec = (d.spec ?? {}) as Obj;
  const status = (d.status ?? {}) as Obj;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${d.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${d.metadata.namespace ?? ""}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
    printLabelsMultiline(w, "Labels", d.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", d.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec.selector)}\n`);
    w.write(
      LEVEL_0,
      `Replicas:\t${spec.replicas ?? 1} desired | ${status.updatedReplicas ?? 0} updated | ${status.replicas ?? 0} total | ${status.availableReplicas ?? 0} available | ${status.unavailableReplicas ?? 0} unavailable\n`,
    );
    w.write(LEVEL_0, `StrategyType:\t${spec.strategy?.type ?? ""}\n`);
    w.write(LEVEL_0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
    const ru = spec.strategy?.rollingUpdate;
    if (ru) w.write(LEVEL_0, `RollingUpdateStrategy:\t${intOrString(ru.maxUnavailable)} max unavailable, ${intOrString(ru.maxSurge)} max surge\n`);
    describePodTemplate(spec.template, w);
    describeWorkloadConditions(status.conditions ?? [], w);
    if (oldRSs.length > 0 || newRS) {
      w.write(LEVEL_0, `OldReplicaSets:\t${replicaSetsText(oldRSs)}\n`);
      w.write(LEVEL_0, `NewReplicaSet:\t${replicaSetsText(newRS ? [newRS] : [])}\n`);
    }
    describeEvents(events, w, now);
  });
}

/** getPodStatusForController: phases of the pods this controller owns. */
export function podPhaseCounts(owner: StoredObject, pods: readonly Pod[]): { running: number; waiting: number; succeeded: number; failed: number } {
  const counts = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
  for (const pod of pods) {
    if (!ownedBy(pod, owner)) continue;
    switch (pod.status?.phase) {
      case "Running":
        counts.running++;
        break;
      case "Pending":
        counts.waiting++;
        break;
      case "Succeeded":
        counts.succeeded++;
        break;
      case "Failed":
        counts.failed++;
        break;
    }
  }
  return counts;
}

export function describeReplicaSet(rs: ReplicaSet, pods: readonly Pod[], events: Event[] | undefined, now: number): string {
  const spec = (rs.spec ?? {}) as Obj;
  const status = (rs.status ?? {}) as Obj;
  const { running, waiting, succeeded, failed } = podPhaseCounts(rs, pods);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${rs.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${rs.metadata.namespace ?? ""}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabelSelector(spec.selector)}\n`);
    printLabelsMultiline(w, "Labels", rs.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", rs.metadata.annotations);
    const controlledBy = controllerOf(rs);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    w.write(LEVEL_0, `Replicas:\t${status.replicas ?? 0} current / ${spec.replicas ?? 1} desired\n`);
    w.write(LEVEL_0, `Pods Status:\t${running} Running / ${waiting} Waiting / ${succeeded} Succeeded / ${failed} Failed\n`);
    describePodTemplate(spec.template, w);
    describeWorkloadConditions(status.conditions ?? [], w);
    describeEvents(events, w, now);
  });
}

/** The Conditions table of Deployments and ReplicaSets (Type, Status, Reason), when there are any. */
function describeWorkloadConditions(conditions: Obj[], w: PrefixWriter): void {
  if (conditions.length === 0) return;
  w.write(LEVEL_0, "Conditions:\n  Type\tStatus\tReason\n");
  w.write(LEVEL_1, "----\t------\t------\n");
  for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ""}\n`);
}
