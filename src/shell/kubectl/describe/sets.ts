/**
 * `kubectl describe daemonset` and `kubectl describe statefulset`: ports of
 * describeDaemonSet and describeStatefulSet (with describeVolumeClaimTemplates
 * and getPodStatusForController) from kubectl's pkg/describe/describe.go, 1.32.
 */
import type { Event, Pod, StoredObject } from "../../../sim/api/types.js";
import { fromLabelSelector, matches } from "../../../sim/core/labels.js";
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline, rfc1123z, type Obj } from "./common.js";
import { describePodTemplate } from "./containers.js";
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from "./tabwriter.js";
import { selectorString } from "./workloads.js";

type PodCounts = { running: number; waiting: number; succeeded: number; failed: number };

/** getPodStatusForController: pods the selector matches and the controller owns (by uid), by phase. */
export function podStatusForController(owner: StoredObject, pods: readonly Pod[]): PodCounts {
  const counts: PodCounts = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
  const given = (owner.spec as Obj | undefined)?.selector;
  // LabelSelectorAsSelector(nil) is labels.Nothing(): no pods.
  if (!given) return counts;
  const selector = fromLabelSelector(given);
  for (const pod of pods) {
    if (!matches(pod.metadata.labels, selector)) continue;
    const ref = (pod.metadata.ownerReferences ?? []).find((r) => r.controller);
    if (!ref || ref.uid !== owner.metadata.uid) continue;
    const phase = pod.status?.phase;
    if (phase === "Running") counts.running++;
    else if (phase === "Pending") counts.waiting++;
    else if (phase === "Succeeded") counts.succeeded++;
    else if (phase === "Failed") counts.failed++;
  }
  return counts;
}

const podsStatus = (c: PodCounts) => `${c.running} Running / ${c.waiting} Waiting / ${c.succeeded} Succeeded / ${c.failed} Failed`;

/** labels.FormatLabels: sorted k=v pairs, `<none>` when empty. */
function formatLabels(map: Record<string, string> | undefined): string {
  const keys = Object.keys(map ?? {}).sort();
  return keys.length === 0 ? "<none>" : keys.map((k) => `${k}=${map![k]}`).join(",");
}

export function describeDaemonSet(ds: StoredObject, pods: readonly Pod[], events: Event[] | undefined, now: number): string {
  const spec = (ds.spec ?? {}) as Obj;
  const status = (ds.status ?? {}) as Obj;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ds.metadata.name}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec.selector)}\n`);
    w.write(LEVEL_0, `Node-Selector:\t${formatLabels(spec.template?.spec?.nodeSelector)}\n`);
    printLabelsMultiline(w, "Labels", ds.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", ds.metadata.annotations);
    // These lines have no tab: describe.go writes them outside the tabwriter's columns.
    w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${status.desiredNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${status.currentNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Up-to-date Pods: ${status.updatedNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${status.numberAvailable ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Misscheduled: ${status.numberMisscheduled ?? 0}\n`);
    w.write(LEVEL_0, `Pods Status:\t${podsStatus(podStatusForController(ds, pods))}\n`);
    describePodTemplate(spec.template, w);
    describeEvents(events, w, now);
  });
}

/** storageutil.GetPersistentVolumeClaimClass: the beta annotation first, then spec.storageClassName. */
function claimClass(pvc: Obj): string {
  return pvc.metadata?.annotations?.["volume.beta.kubernetes.io/storage-class"] ?? pvc.spec?.storageClassName ?? "";
}

function describeVolumeClaimTemplates(templates: Obj[] | undefined, w: PrefixWriter): void {
  if (!templates || templates.length === 0) {
    w.write(LEVEL_0, "Volume Claims:\t<none>\n");
    return;
  }
  w.write(LEVEL_0, "Volume Claims:\n");
  for (const pvc of templates) {
    w.write(LEVEL_1, `Name:\t${pvc.metadata?.name ?? ""}\n`);
    w.write(LEVEL_1, `StorageClass:\t${claimClass(pvc)}\n`);
    // printLabelsMultilineWithIndent prints both as key=value lines.
    printLabelsMultiline(w, "Labels", pvc.metadata?.labels, "  ");
    printLabelsMultiline(w, "Annotations", pvc.metadata?.annotations, "  ");
    const capacity = pvc.spec?.resources?.requests?.storage;
    w.write(LEVEL_1, `Capacity:\t${capacity ?? "<default>"}\n`);
    // Go's %s of a []PersistentVolumeAccessMode: [ReadWriteOnce ReadOnlyMany].
    w.write(LEVEL_1, `Access Modes:\t[${((pvc.spec?.accessModes ?? []) as string[]).join(" ")}]\n`);
  }
}

export function describeStatefulSet(sts: StoredObject, pods: readonly Pod[], events: Event[] | undefined, now: number): string {
  const spec = (sts.spec ?? {}) as Obj;
  const status = (sts.status ?? {}) as Obj;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${sts.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${sts.metadata.namespace ?? ""}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(sts.metadata.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec.selector)}\n`);
    printLabelsMultiline(w, "Labels", sts.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", sts.metadata.annotations);
    w.write(LEVEL_0, `Replicas:\t${spec.replicas ?? 1} desired | ${status.replicas ?? 0} total\n`);
    w.write(LEVEL_0, `Update Strategy:\t${spec.updateStrategy?.type ?? ""}\n`);
    const ru = spec.updateStrategy?.rollingUpdate;
    if (ru && ru.partition !== undefined && ru.partition !== null) {
      w.write(LEVEL_1, `Partition:\t${ru.partition}\n`);
      if (ru.maxUnavailable !== undefined && ru.maxUnavailable !== null) w.write(LEVEL_1, `MaxUnavailable:\t${ru.maxUnavailable}\n`);
    }
    w.write(LEVEL_0, `Pods Status:\t${podsStatus(podStatusForController(sts, pods))}\n`);
    describePodTemplate(spec.template, w);
    describeVolumeClaimTemplates(spec.volumeClaimTemplates, w);
    describeEvents(events, w, now);
  });
}
