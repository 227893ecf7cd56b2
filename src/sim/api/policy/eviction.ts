/**
 * The Eviction subresource (POST /api/v1/namespaces/NS/pods/NAME/eviction): a delete that first
 * asks the pod's PodDisruptionBudget. A port of kube-apiserver 1.32's
 * pkg/registry/core/pod/storage/eviction.go: terminal, pending and terminating pods go without a
 * budget check (canIgnorePDB); a pod under more than one budget is refused; an unready pod may go
 * when the budget is already met (or its unhealthyPodEvictionPolicy is AlwaysAllow); otherwise
 * checkAndDecrement takes one disruption from status.disruptionsAllowed and records the pod in
 * status.disruptedPods, or answers 429. The pod then gets its DisruptionTarget condition and an
 * ordinary (graceful) delete.
 * https://kubernetes.io/docs/concepts/scheduling-eviction/api-eviction/
 */
import { apiError, notFound, type ApiError } from "../errors.js";
import { kindNamed } from "../kinds.js";
import type { Pod, StoredObject } from "../types.js";
import type { DeleteOptions, Result } from "../server.js";
import { pdbSelectsForEviction, withDisruptionAllowedCondition, type PodDisruptionBudget } from "./pod-disruption-budget.js";

const POD = kindNamed("Pod")!;
const PDB = kindNamed("PodDisruptionBudget")!;

/** eviction.go MaxDisruptedPodSize. */
const MAX_DISRUPTED_POD_SIZE = 2000;
export const EVICTION_REFUSED = "Cannot evict pod as it would violate the pod's disruption budget.";
export const MULTIPLE_BUDGETS = "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.";

/** What an eviction needs of the API server (structurally ApiServer's own methods). */
export interface EvictionStorage {
  find<T extends StoredObject = StoredObject>(info: typeof POD, namespace: string | undefined, name: string): T | undefined;
  list<T extends StoredObject = StoredObject>(info: typeof POD, namespace?: string): T[];
  updateStatus<T extends StoredObject = StoredObject>(info: typeof POD, input: StoredObject): Result<T>;
  delete(info: typeof POD, namespace: string | undefined, name: string, options?: DeleteOptions): Result<StoredObject>;
}

/** The `metav1.Status{Status: Success}` an accepted eviction answers. */
export interface EvictionSuccess {
  status: "Success";
}

const tooManyRequests = (message: string): ApiError => apiError(429, "TooManyRequests", message);

/** canIgnorePDB: the pod has already caused its disruption (terminal), never ran (Pending), or is going anyway. */
function canIgnorePdb(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === "Succeeded" || phase === "Failed" || phase === "Pending" || pod.metadata.deletionTimestamp !== undefined;
}

const isReady = (pod: Pod) => (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");

export function evictPod(api: EvictionStorage, now: string, namespace: string, name: string, options: DeleteOptions = {}): Result<EvictionSuccess> {
  const pod = api.find<Pod>(POD, namespace, name);
  if (!pod) return { ok: false, error: notFound("pods", name) };
  if (canIgnorePdb(pod)) return deleteWithCondition(api, pod, now, options);

  const budgets = api.list<PodDisruptionBudget>(PDB, namespace).filter((pdb) => pdbSelectsForEviction(pdb, pod));
  if (budgets.length > 1) return { ok: false, error: apiError(500, "InternalError", MULTIPLE_BUDGETS) };
  const pdb = budgets[0];
  if (pdb && (isReady(pod) || !unreadyMayGo(pdb))) {
    const refused = checkAndDecrement(api, pdb, pod.metadata.name, now, options.dryRun === true);
    if (refused) return { ok: false, error: refused };
  }
  return deleteWithCondition(api, pod, now, options);
}

/** An unready pod does not count as healthy, so taking it costs the budget nothing once the budget is met. */
function unreadyMayGo(pdb: PodDisruptionBudget): boolean {
  if (pdb.spec?.unhealthyPodEvictionPolicy === "AlwaysAllow") return true;
  const status = pdb.status;
  return status !== undefined && status.currentHealthy >= status.desiredHealthy && status.desiredHealthy > 0;
}

/** checkAndDecrement, with its refusals in upstream's order. */
function checkAndDecrement(api: EvictionStorage, pdb: PodDisruptionBudget, podName: string, now: string, dryRun: boolean): ApiError | undefined {
  const status = pdb.status ?? { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
  // The controller has not yet seen the budget's latest spec ("is still being processed by the server").
  if ((status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) return tooManyRequests(EVICTION_REFUSED);
  const forbidden = (detail: string) => apiError(403, "Forbidden", `poddisruptionbudget.policy "${pdb.metadata.name}" is forbidden: ${detail}`);
  if (status.disruptionsAllowed < 0) return forbidden("pdb disruptions allowed is negative");
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_POD_SIZE) return forbidden("DisruptedPods map too big - too many evictions not confirmed by PDB controller");
  if (status.disruptionsAllowed === 0) return tooManyRequests(EVICTION_REFUSED);
  if (dryRun) return undefined;
  let next = { ...status, disruptionsAllowed: status.disruptionsAllowed - 1 };
  if (next.disruptionsAllowed === 0) next = withDisruptionAllowedCondition(next, now);
  next.disruptedPods = { ...(status.disruptedPods ?? {}), [podName]: now };
  const written = api.updateStatus(PDB, { ...pdb, status: next });
  return written.ok ? undefined : written.error;
}

/** addConditionAndDeletePod: DisruptionTarget (reason EvictionByEvictionAPI), then the delete. */
function deleteWithCondition(api: EvictionStorage, pod: Pod, now: string, options: DeleteOptions): Result<EvictionSuccess> {
  const { namespace, name } = pod.metadata;
  if (!options.dryRun && !pod.metadata.deletionTimestamp) {
    const status = structuredClone(pod.status ?? {}) as { conditions?: Record<string, unknown>[] };
    const conditions = status.conditions ?? [];
    const existing = conditions.find((c) => c.type === "DisruptionTarget");
    const condition = {
      type: "DisruptionTarget",
      status: "True",
      lastProbeTime: null,
      lastTransitionTime: existing?.status === "True" ? existing.lastTransitionTime : now,
      reason: "EvictionByEvictionAPI",
      message: "Eviction API: evicting",
    };
    status.conditions = existing ? conditions.map((c) => (c === existing ? condition : c)) : [...conditions, condition];
    api.updateStatus(POD, { ...structuredClone(pod), status } as StoredObject);
  }
  const deleted = api.delete(POD, namespace, name, options);
  if (!deleted.ok) return { ok: false, error: deleted.error };
  return { ok: true, value: { status: "Success" } };
}
