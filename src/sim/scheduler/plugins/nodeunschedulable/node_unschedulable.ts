/**
 * NodeUnschedulable filter: a cordoned node (spec.unschedulable) takes no new
 * pods, unless the pod tolerates the node.kubernetes.io/unschedulable:NoSchedule taint
 * (as DaemonSet pods do).
 * Upstream: pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable.go
 */
import { SUCCESS, unresolvable, type FilterPlugin } from "../../framework.js";
import { tolerationsTolerateTaint } from "../tainttoleration/taint_toleration.js";

/** ErrReasonUnschedulable, verbatim from upstream. */
export const ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable";
/** v1.TaintNodeUnschedulable */
export const TAINT_NODE_UNSCHEDULABLE = "node.kubernetes.io/unschedulable";

export const nodeUnschedulablePlugin = {
  name: "NodeUnschedulable",
  filter(pod, nodeInfo) {
    if (!nodeInfo.node.spec?.unschedulable) return SUCCESS;
    const tolerates = tolerationsTolerateTaint(pod.spec?.tolerations, { key: TAINT_NODE_UNSCHEDULABLE, effect: "NoSchedule" });
    return tolerates ? SUCCESS : unresolvable(ERR_REASON_UNSCHEDULABLE);
  },
} satisfies FilterPlugin;
