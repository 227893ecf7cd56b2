/**
 * ServiceAccount (plugin/pkg/admission/serviceaccount): a new pod without a
 * service account runs as `default`. The projected `kube-api-access-xxxxx`
 * token volume it also mounts is not added yet: kadet issues no tokens
 * (issue 10 brings ServiceAccount tokens).
 */
import type { IPodSpec } from "kubernetes-models/v1";
import type { AdmissionPlugin } from "./plugin.js";

export const serviceAccount = {
  name: "ServiceAccount",
  admit: ({ operation, info, object }) => {
    if (operation !== "CREATE" || info.kind !== "Pod") return undefined;
    const spec = object.spec as IPodSpec | undefined;
    if (spec && !spec.serviceAccountName) {
      spec.serviceAccountName = "default";
      spec.serviceAccount = "default";
    }
    return undefined;
  },
} satisfies AdmissionPlugin;
