/**
 * Pod spec validation for inter-pod affinity and topology spread constraints,
 * as pkg/apis/core/validation (1.32) does it: validatePodAffinityTerm (a
 * topologyKey is required and must be a qualified name),
 * validateWeightedPodAffinityTerms (weight 1-100) and
 * validateTopologySpreadConstraints (maxSkew, topologyKey, whenUnsatisfiable,
 * one constraint per {topologyKey, whenUnsatisfiable}, minDomains only with
 * DoNotSchedule).
 */
import type { IAffinity } from "kubernetes-models/v1/Affinity";
import type { IPodAffinityTerm } from "kubernetes-models/v1/PodAffinityTerm";
import type { ITopologySpreadConstraint } from "kubernetes-models/v1/TopologySpreadConstraint";
import type { FieldError } from "../errors.js";
import { duplicate, invalidValue, qualifiedNameErrors, required, unsupported } from "./messages.js";

const IS_NOT_POSITIVE = "must be greater than zero";
const SCHEDULE_ACTIONS = ["DoNotSchedule", "ScheduleAnyway"] as const;

function validatePodAffinityTerm(term: IPodAffinityTerm, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const key = term.topologyKey ?? "";
  if (key.length === 0) errs.push(required(`${path}.topologyKey`, "can not be empty"));
  for (const msg of qualifiedNameErrors(key)) errs.push(invalidValue(`${path}.topologyKey`, key, msg));
  return errs;
}

function validateAffinityGroup(group: NonNullable<IAffinity["podAffinity"]> | undefined, path: string): FieldError[] {
  if (!group) return [];
  const errs: FieldError[] = [];
  (group.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((term, i) => {
    errs.push(...validatePodAffinityTerm(term, `${path}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`));
  });
  (group.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((weighted, i) => {
    const at = `${path}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
    if (weighted.weight <= 0 || weighted.weight > 100) errs.push(invalidValue(`${at}.weight`, weighted.weight, "must be in the range 1-100"));
    errs.push(...validatePodAffinityTerm(weighted.podAffinityTerm ?? ({} as IPodAffinityTerm), `${at}.podAffinityTerm`));
  });
  return errs;
}

export function validatePodAffinity(affinity: IAffinity | undefined, path: string): FieldError[] {
  return [...validateAffinityGroup(affinity?.podAffinity, `${path}.podAffinity`), ...validateAffinityGroup(affinity?.podAntiAffinity, `${path}.podAntiAffinity`)];
}

export function validateTopologySpreadConstraints(constraints: readonly ITopologySpreadConstraint[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (constraints ?? []).forEach((c, i) => {
    const at = `${path}[${i}]`;
    if (!(c.maxSkew > 0)) errs.push(invalidValue(`${at}.maxSkew`, c.maxSkew ?? 0, IS_NOT_POSITIVE));
    if (!c.topologyKey) errs.push(required(`${at}.topologyKey`, "can not be empty"));
    if (!(SCHEDULE_ACTIONS as readonly string[]).includes(c.whenUnsatisfiable)) errs.push(unsupported(`${at}.whenUnsatisfiable`, c.whenUnsatisfiable ?? "", SCHEDULE_ACTIONS));
    const repeat = (constraints ?? []).slice(i + 1).some((r) => r.topologyKey === c.topologyKey && r.whenUnsatisfiable === c.whenUnsatisfiable);
    if (repeat) errs.push(duplicate(`${at}.{topologyKey, whenUnsatisfiable}`, `{${c.topologyKey}, ${c.whenUnsatisfiable}}`));
    if (c.minDomains !== undefined && c.minDomains !== null) {
      if (c.minDomains <= 0) errs.push(invalidValue(`${at}.minDomains`, c.minDomains, IS_NOT_POSITIVE));
      if (c.whenUnsatisfiable !== "DoNotSchedule") {
        errs.push(invalidValue(`${at}.minDomains`, c.minDomains, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${c.whenUnsatisfiable}`));
      }
    }
  });
  return errs;
}
