/**
 * The FailedScheduling message, worded as kube-scheduler 1.32's
 * FitError.Error() (pkg/scheduler/framework/types.go):
 *   "0/N nodes are available: <PreFilter msg>. <histogram>. <PostFilter msg>"
 * The histogram counts each reason over the nodes ("2 Insufficient cpu") and
 * sorts the resulting strings, count prefix included, as Go's sort.Strings does.
 * Nodes without an explicit status (cut off by a PreFilter node set) count
 * under the "absent nodes" status.
 */
import type { Status } from "./framework.js";

/** ErrNoNodesAvailable */
export const NO_NODES_AVAILABLE = "no nodes available to schedule pods";

export interface FitErrorInput {
  numAllNodes: number;
  /** Explicit status per node that was rejected. */
  nodeStatuses: ReadonlyMap<string, Status>;
  /** Status of nodes not in `nodeStatuses` (NodeToStatus.AbsentNodesStatus). */
  absentNodesStatus?: Status;
  /** Set when a PreFilter plugin rejected the pod: replaces the histogram. */
  preFilterMsg?: string;
  /** The PostFilter (preemption) message, appended after a space. */
  postFilterMsg?: string;
}

/** Byte-wise comparison, like Go's string ordering. */
function goStringCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function fitErrorMessage(input: FitErrorInput): string {
  let message = `0/${input.numAllNodes} nodes are available:`;
  if (input.preFilterMsg) {
    message += ` ${input.preFilterMsg}.`;
  } else {
    const counts = new Map<string, number>();
    for (const status of input.nodeStatuses.values()) {
      for (const reason of status.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
    }
    const absent = input.numAllNodes - input.nodeStatuses.size;
    if (absent > 0 && input.absentNodesStatus) {
      for (const reason of input.absentNodesStatus.reasons) counts.set(reason, (counts.get(reason) ?? 0) + absent);
    }
    const histogram = [...counts].map(([reason, count]) => `${count} ${reason}`).sort(goStringCompare);
    if (histogram.length > 0) message += ` ${histogram.join(", ")}.`;
  }
  if (input.postFilterMsg) message += ` ${input.postFilterMsg}`;
  return message;
}
