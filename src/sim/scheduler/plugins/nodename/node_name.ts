/**
 * NodeName filter: a pod that names a node in spec.nodeName fits only there.
 * (A pod created with spec.nodeName already set skips the scheduler entirely;
 * this filter matters for pods the scheduler does see.)
 * Upstream: pkg/scheduler/framework/plugins/nodename/node_name.go
 */
import { SUCCESS, unresolvable, type FilterPlugin } from "../../framework.js";

/** ErrReason, verbatim from upstream. */
export const ERR_REASON = "node(s) didn't match the requested node name";

export const nodeNamePlugin = {
  name: "NodeName",
  filter(pod, nodeInfo) {
    const wanted = pod.spec?.nodeName;
    if (!wanted || wanted === nodeInfo.name) return SUCCESS;
    return unresolvable(ERR_REASON);
  },
} satisfies FilterPlugin;
