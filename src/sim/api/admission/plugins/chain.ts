/**
 * The admission chain in kube-apiserver's order (AllOrderedPlugins in
 * pkg/kubeapiserver/options/plugins.go), limited to the plugins a kubeadm
 * 1.32 API server enables: the defaults plus NodeRestriction. All mutating
 * steps run first, in this order; then the object is validated; then the
 * validating steps run, in this order. Plugins kadet does not model yet are
 * listed with the reason, so the gap is explicit and tested.
 */
import type { ApiError } from "../../errors.js";
import { changedPaths, type AdmissionStep } from "../../trace.js";
import { certificateApproval, certificateSubjectRestriction } from "./certificates.js";
import { defaultStorageClass } from "./default-storage-class.js";
import { defaultTolerationSeconds } from "./default-toleration-seconds.js";
import { limitRanger } from "./limit-ranger.js";
import { namespaceLifecycle } from "./namespace-lifecycle.js";
import type { AbsentPlugin, AdmissionAttributes, AdmissionPlugin } from "./plugin.js";
import { podSecurity } from "./pod-security.js";
import { priority } from "./priority.js";
import { persistentVolumeClaimResize } from "./persistent-volume-claim-resize.js";
import { storageObjectInUseProtection } from "./storage-object-in-use-protection.js";
import { serviceAccount } from "./service-account.js";
import { resourceQuota } from "./resource-quota.js";

export const ADMISSION_CHAIN: readonly (AdmissionPlugin | AbsentPlugin)[] = [
  namespaceLifecycle,
  limitRanger,
  serviceAccount,
  { name: "NodeRestriction", absent: "kubelets write with their own identity only once RBAC exists (issue 10)" },
  { name: "TaintNodesByCondition", absent: "new nodes are not tainted not-ready at creation" },
  podSecurity,
  priority,
  defaultTolerationSeconds,
  defaultStorageClass,
  storageObjectInUseProtection,
  persistentVolumeClaimResize,
  { name: "RuntimeClass", absent: "RuntimeClasses are not modelled" },
  certificateApproval,
  { name: "CertificateSigning", absent: "only kube-controller-manager's signer writes status.certificate in kadet, and its writes are not authorized" },
  { name: "ClusterTrustBundleAttest", absent: "ClusterTrustBundles are not modelled" },
  certificateSubjectRestriction,
  { name: "DefaultIngressClass", absent: "IngressClasses are not modelled yet" },
  { name: "MutatingAdmissionWebhook", absent: "webhooks are not simulated" },
  { name: "ValidatingAdmissionPolicy", absent: "admission policies are not simulated" },
  { name: "ValidatingAdmissionWebhook", absent: "webhooks are not simulated" },
  resourceQuota,
];

const active = ADMISSION_CHAIN.filter((p): p is AdmissionPlugin => !("absent" in p));

/** Hears each plugin that ran: its name, the fields it changed, its refusal (`sim trace`). */
export type AdmissionObserver = (step: AdmissionStep) => void;

/** Every mutating step, in order; the first refusal stops the write. */
export function runMutatingAdmission(attributes: AdmissionAttributes, observe?: AdmissionObserver): ApiError | undefined {
  for (const plugin of active) {
    if (!plugin.admit) continue;
    const before = observe ? structuredClone(attributes.object) : undefined;
    const refusal = plugin.admit(attributes);
    observe?.({ step: plugin.name, phase: "mutating", changed: changedPaths(before, attributes.object), ...(refusal ? { refused: refusal.message } : {}) });
    if (refusal) return refusal;
  }
  return undefined;
}

/** Every validating step, in order, after the object's own validation. */
export function runValidatingAdmission(attributes: AdmissionAttributes, observe?: AdmissionObserver): ApiError | undefined {
  for (const plugin of active) {
    if (!plugin.validate) continue;
    const refusal = plugin.validate(attributes);
    observe?.({ step: plugin.name, phase: "validating", changed: [], ...(refusal ? { refused: refusal.message } : {}) });
    if (refusal) return refusal;
  }
  return undefined;
}
