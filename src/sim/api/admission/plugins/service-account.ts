/**
 * ServiceAccount (plugin/pkg/admission/serviceaccount/admission.go): a new pod
 * without a service account runs as `default`. The projected
 * `kube-api-access-xxxxx` token volume it also mounts is not added yet: kadet
 * issues no tokens (issue 10 brings ServiceAccount tokens).
 *
 * Mirror pods (annotation `kubernetes.io/config.mirror`, the kubelet's copy of
 * a static pod) are left as they are: upstream's Admit goes straight to
 * Validate for them, because a changed spec would make the kubelet delete the
 * mirror pod as not matching its file. Validate refuses a mirror pod that names
 * a service account.
 */
import type { IPodSpec } from "kubernetes-models/v1";
import { forbidden, type AdmissionAttributes, type AdmissionPlugin } from "./plugin.js";

/** The annotation the kubelet puts on a mirror pod (k8s.io/api/core/v1 MirrorPodAnnotationKey). */
const MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror";

const isMirrorPod = ({ object }: AdmissionAttributes): boolean => object.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined;

export const serviceAccount = {
  name: "ServiceAccount",
  admit: (attributes) => {
    const { operation, info, object } = attributes;
    if (operation !== "CREATE" || info.kind !== "Pod" || isMirrorPod(attributes)) return undefined;
    const spec = object.spec as IPodSpec | undefined;
    if (spec && !spec.serviceAccountName) {
      spec.serviceAccountName = "default";
      spec.serviceAccount = "default";
    }
    return undefined;
  },
  validate: (attributes) => {
    if (attributes.operation !== "CREATE" || attributes.info.kind !== "Pod" || !isMirrorPod(attributes)) return undefined;
    const spec = attributes.object.spec as IPodSpec | undefined;
    // Secrets and token projections are refused upstream too; kadet's static pods have neither (not checked yet).
    if (spec?.serviceAccountName) return forbidden(attributes, "a mirror pod may not reference service accounts");
    return undefined;
  },
} satisfies AdmissionPlugin;
