/**
 * DefaultTolerationSeconds (plugin/pkg/admission/defaulttolerationseconds):
 * a new pod tolerates `node.kubernetes.io/not-ready` and `unreachable`
 * NoExecute taints for 300 s unless it already tolerates them, so its pods
 * are evicted five minutes after a node goes away.
 */
import type { IPodSpec, IToleration } from "kubernetes-models/v1";
import type { AdmissionPlugin } from "./plugin.js";

export const DEFAULT_TOLERATION_SECONDS = 300;
const KEYS = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"];

export const defaultTolerationSeconds = {
  name: "DefaultTolerationSeconds",
  admit: ({ operation, info, object }) => {
    if (operation !== "CREATE" || info.kind !== "Pod") return undefined;
    const spec = object.spec as IPodSpec | undefined;
    if (!spec) return undefined;
    const tolerations = spec.tolerations ?? [];
    const additions: IToleration[] = [];
    for (const key of KEYS) {
      const tolerated = tolerations.some((t) => (!t.effect || t.effect === "NoExecute") && (t.key === key || !t.key));
      if (!tolerated) additions.push({ key, operator: "Exists", effect: "NoExecute", tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
    }
    if (additions.length > 0) spec.tolerations = [...tolerations, ...additions];
    return undefined;
  },
} satisfies AdmissionPlugin;
