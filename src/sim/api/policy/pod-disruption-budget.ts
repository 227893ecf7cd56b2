/**
 * What the disruption controller and the Eviction subresource share about a policy/v1
 * PodDisruptionBudget: its shape, which pods it selects, how a budget scales against a count
 * (intstr.GetScaledValueFromIntOrPercent, rounding up) and the DisruptionAllowed condition
 * (k8s.io/component-helpers/apps/poddisruptionbudget UpdateDisruptionAllowedCondition, set as
 * apimeta.SetStatusCondition does: the transition time moves only when the status changes).
 * https://kubernetes.io/docs/concepts/workloads/pods/disruptions/
 */
import type { ILabelSelector } from "@kubernetes-models/apimachinery/apis/meta/v1/LabelSelector";
import { fromLabelSelector, matches } from "../../core/labels.js";
import type { Pod, StoredObject } from "../types.js";

export interface PdbCondition {
  type: string;
  status: "True" | "False";
  reason: string;
  message: string;
  observedGeneration?: number;
  lastTransitionTime: string;
}

export interface PodDisruptionBudgetStatus {
  observedGeneration?: number;
  /** Pod name → when the eviction API approved its eviction (the controller forgets it after DELETION_TIMEOUT). */
  disruptedPods?: Record<string, string>;
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  conditions?: PdbCondition[];
}

export interface PodDisruptionBudget extends StoredObject {
  spec?: {
    minAvailable?: number | string;
    maxUnavailable?: number | string;
    selector?: ILabelSelector | null;
    unhealthyPodEvictionPolicy?: "IfHealthyBudget" | "AlwaysAllow";
  };
  status?: PodDisruptionBudgetStatus;
}

/** policy/v1 DisruptionAllowedCondition and its reasons. */
export const DISRUPTION_ALLOWED = "DisruptionAllowed";
export const SUFFICIENT_PODS = "SufficientPods";
export const INSUFFICIENT_PODS = "InsufficientPods";
export const SYNC_FAILED = "SyncFailed";

/** disruption.go DeletionTimeout: how long an approved eviction keeps its pod out of currentHealthy. */
export const DELETION_TIMEOUT_MS = 2 * 60 * 1000;

/**
 * The controller's pod list (getPodsForPdb: LabelSelectorAsSelector, so a null selector selects
 * nothing and an empty one every pod in the namespace).
 */
export function pdbSelectsForController(pdb: PodDisruptionBudget, pod: Pod): boolean {
  const selector = pdb.spec?.selector;
  if (!selector) return false;
  return matches(pod.metadata.labels, fromLabelSelector(selector));
}

/** eviction.go getPodDisruptionBudgets: "a PDB with a nil or empty selector ... should match nothing, not everything". */
export function pdbSelectsForEviction(pdb: PodDisruptionBudget, pod: Pod): boolean {
  const requirements = fromLabelSelector(pdb.spec?.selector ?? undefined);
  return requirements.length > 0 && matches(pod.metadata.labels, requirements);
}

/**
 * intstr.GetScaledValueFromIntOrPercent(value, total, roundUp=true): an int as it is, "N%" of
 * total rounded up; anything else is the error upstream returns.
 */
export function scaledValue(value: number | string, total: number): number | string {
  if (typeof value === "number") return value;
  if (!value.endsWith("%")) return "invalid value for IntOrString: invalid type: string is not a percentage";
  const digits = value.slice(0, -1);
  if (!/^[-+]?\d+$/.test(digits)) return `invalid value for IntOrString: invalid value "${value}": strconv.Atoi: parsing "${digits}": invalid syntax`;
  return Math.ceil((Number(digits) * total) / 100);
}

/** apimeta.SetStatusCondition: replace the condition of the same type; its time moves only when its status changes. */
export function setStatusCondition(conditions: readonly PdbCondition[], next: Omit<PdbCondition, "lastTransitionTime">, now: string): PdbCondition[] {
  const existing = conditions.find((c) => c.type === next.type);
  const lastTransitionTime = existing && existing.status === next.status ? existing.lastTransitionTime : now;
  const condition: PdbCondition = { ...next, lastTransitionTime };
  return existing ? conditions.map((c) => (c.type === next.type ? condition : c)) : [...conditions, condition];
}

/** pdbhelper.UpdateDisruptionAllowedCondition on a status whose disruptionsAllowed is final. */
export function withDisruptionAllowedCondition(status: PodDisruptionBudgetStatus, now: string): PodDisruptionBudgetStatus {
  const allowed = status.disruptionsAllowed > 0;
  const conditions = setStatusCondition(
    status.conditions ?? [],
    {
      type: DISRUPTION_ALLOWED,
      status: allowed ? "True" : "False",
      reason: allowed ? SUFFICIENT_PODS : INSUFFICIENT_PODS,
      message: "",
      ...(status.observedGeneration !== undefined ? { observedGeneration: status.observedGeneration } : {}),
    },
    now,
  );
  return { ...status, conditions };
}

/** pdbhelper.ConditionsAreUpToDate: the condition agrees with disruptionsAllowed and the observed generation. */
export function conditionsAreUpToDate(pdb: PodDisruptionBudget): boolean {
  const status = pdb.status;
  const condition = status?.conditions?.find((c) => c.type === DISRUPTION_ALLOWED);
  if (!status || !condition) return false;
  if (condition.observedGeneration !== pdb.metadata.generation) return false;
  if (status.disruptionsAllowed > 0) return condition.status === "True" && condition.reason === SUFFICIENT_PODS;
  return condition.status === "False" && (condition.reason === INSUFFICIENT_PODS || condition.reason === SYNC_FAILED);
}
