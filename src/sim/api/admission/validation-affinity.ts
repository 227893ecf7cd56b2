/**
 * Node affinity validation, as pkg/apis/core/validation does it (validateNodeAffinity,
 * ValidateNodeSelector, ValidatePreferredSchedulingTerms, ValidateNodeSelectorRequirement,
 * ValidateNodeFieldSelectorRequirement). Learners often write the toleration operator
 * `Equal` here; the API server refuses it, so kadet must too.
 */
import type { INodeAffinity } from "kubernetes-models/v1/NodeAffinity";
import type { INodeSelectorRequirement } from "kubernetes-models/v1/NodeSelectorRequirement";
import type { INodeSelectorTerm } from "kubernetes-models/v1/NodeSelectorTerm";
import type { FieldError } from "../errors.js";
import { dns1123SubdomainErrors, forbidden, invalidValue, qualifiedNameErrors, required } from "./messages.js";

export function validateNodeAffinity(affinity: INodeAffinity, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const requiredTerms = affinity.requiredDuringSchedulingIgnoredDuringExecution;
  if (requiredTerms) {
    const at = `${path}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;
    const terms = requiredTerms.nodeSelectorTerms ?? [];
    if (terms.length === 0) errs.push(required(at, "must have at least one node selector term"));
    terms.forEach((term, i) => errs.push(...validateTerm(term, `${at}[${i}]`)));
  }
  (affinity.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((term, i) => {
    const at = `${path}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
    if (!(term.weight > 0 && term.weight <= 100)) errs.push(invalidValue(`${at}.weight`, term.weight, "must be in the range 1-100"));
    errs.push(...validateTerm(term.preference, `${at}.preference`));
  });
  return errs;
}

function validateTerm(term: INodeSelectorTerm | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (term?.matchExpressions ?? []).forEach((req, j) => errs.push(...validateRequirement(req, `${path}.matchExpressions[${j}]`)));
  (term?.matchFields ?? []).forEach((req, j) => errs.push(...validateFieldRequirement(req, `${path}.matchFields[${j}]`)));
  return errs;
}

function validateRequirement(req: INodeSelectorRequirement, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const values = req.values ?? [];
  switch (req.operator) {
    case "In":
    case "NotIn":
      if (values.length === 0) errs.push(required(`${path}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case "Exists":
    case "DoesNotExist":
      if (values.length > 0) errs.push(forbidden(`${path}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    case "Gt":
    case "Lt":
      if (values.length !== 1) errs.push(required(`${path}.values`, "must be specified single value when `operator` is 'Lt' or 'Gt'"));
      break;
    default:
      errs.push(invalidValue(`${path}.operator`, req.operator, "not a valid selector operator"));
  }
  for (const msg of qualifiedNameErrors(req.key ?? "")) errs.push(invalidValue(`${path}.key`, req.key ?? "", msg));
  return errs;
}

/** matchFields: only `metadata.name`, only In/NotIn with exactly one value. */
function validateFieldRequirement(req: INodeSelectorRequirement, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const values = req.values ?? [];
  if (req.operator === "In" || req.operator === "NotIn") {
    if (values.length !== 1) errs.push(required(`${path}.values`, "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
  } else errs.push(invalidValue(`${path}.operator`, req.operator, "not a valid selector operator"));
  if (req.key !== "metadata.name") errs.push(invalidValue(`${path}.key`, req.key, "not a valid field selector key"));
  else values.forEach((v, i) => dns1123SubdomainErrors(v).forEach((msg) => errs.push(invalidValue(`${path}.values[${i}]`, v, msg))));
  return errs;
}
