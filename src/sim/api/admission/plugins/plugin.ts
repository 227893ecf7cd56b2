/**
 * The contract of an admission plugin, as kube-apiserver's
 * (k8s.io/apiserver/pkg/admission): a named step that sees each write with
 * its attributes. Mutating plugins may change the object; validating ones
 * only accept or refuse it. Refusals are values (an ApiError), never throws.
 */
import { apiError, type ApiError } from "../../errors.js";
import { qualifiedResource, type KindInfo } from "../../kinds.js";
import type { KubeObject, StoredObject } from "../../types.js";
import type { Decision, RequestAttributes } from "../../auth/rbac.js";
import type { UserInfo } from "../../auth/user.js";

export type Operation = "CREATE" | "UPDATE";

/** What a plugin may read of the cluster: the API server's own store (its informers, upstream). */
export interface AdmissionLookup {
  find(kind: string, namespace: string | undefined, name: string): StoredObject | undefined;
  list(kind: string, namespace?: string): StoredObject[];
  /**
   * The one write a plugin makes: ResourceQuota records the usage it admitted in the
   * quota's status.used before the object is stored (upstream's quota evaluator does the same).
   */
  chargeQuota(quota: StoredObject, used: Record<string, string>): void;
  /** The server's authorizer, for plugins that ask whether the requester may do more (CertificateApproval). */
  authorize(attrs: RequestAttributes): Decision;
}

export interface AdmissionAttributes {
  operation: Operation;
  info: KindInfo;
  /** The object being written; mutating plugins change it in place. */
  object: KubeObject & { metadata: NonNullable<KubeObject["metadata"]> };
  old?: StoredObject;
  /** The subresource written ("approval"), absent for the main resource. */
  subresource?: string;
  /** Who sent the request; absent for the model's own components, which kadet does not authorize. */
  user?: UserInfo;
  namespace: string | undefined;
  name: string;
  lookup: AdmissionLookup;
  /** `--dry-run=server`: refusals as usual, but nothing charged. */
  dryRun?: boolean;
  /** Warnings for the client (the admission response's `warnings`; kubectl prints each as `Warning: ...`). */
  warnings: string[];
}

export interface AdmissionPlugin {
  /** kube-apiserver's plugin name, as `--enable-admission-plugins` takes it. */
  readonly name: string;
  admit?(attributes: AdmissionAttributes): ApiError | undefined;
  validate?(attributes: AdmissionAttributes): ApiError | undefined;
}

/** A plugin kube-apiserver enables by default that kadet does not model yet (listed, so the gap is explicit). */
export interface AbsentPlugin {
  readonly name: string;
  readonly absent: string;
}

/** admission.NewForbidden: `pods "web" is forbidden: <reason>`. */
export function forbidden(attributes: AdmissionAttributes, reason: string): ApiError {
  return apiError(403, "Forbidden", `${qualifiedResource(attributes.info)} "${attributes.name}" is forbidden: ${reason}`);
}
