/**
 * LimitRanger (plugin/pkg/admission/limitranger/admission.go, 1.32): the
 * namespace's LimitRanges give a new pod's containers their missing requests
 * and limits (mutating step, recorded in the `kubernetes.io/limit-ranger`
 * annotation), then min, max and maxLimitRequestRatio are enforced per
 * Container, per Pod and per PersistentVolumeClaim (validating step), with the
 * plugin's own messages. Pods are only checked on create (their resources are
 * immutable); claims on create and update. Objects being deleted are skipped.
 *
 * Upstream walks Go maps, so with several violations the order of messages
 * varies from run to run; here resource names are taken in sorted order.
 */
import { compareBytes } from "../../../core/compare.js";
import { milliOf, podLimits, podRequests, type ResourceList } from "../../resource-list.js";
import type { StoredObject } from "../../types.js";
import { forbidden, type AdmissionAttributes, type AdmissionPlugin } from "./plugin.js";

export const LIMIT_RANGER_ANNOTATION = "kubernetes.io/limit-ranger";

interface LimitRangeItem {
  type?: string;
  max?: ResourceList;
  min?: ResourceList;
  default?: ResourceList;
  defaultRequest?: ResourceList;
  maxLimitRequestRatio?: ResourceList;
}

interface Container {
  name: string;
  resources?: { requests?: ResourceList; limits?: ResourceList };
}

const itemsOf = (lr: StoredObject): LimitRangeItem[] => ((lr.spec as { limits?: LimitRangeItem[] } | undefined)?.limits ?? []);
const sortedEntries = (list: ResourceList | undefined): [string, string][] => Object.entries(list ?? {}).sort(([a], [b]) => compareBytes(a, b));

function applies(attributes: AdmissionAttributes): "pod" | "claim" | undefined {
  const { info, operation, old } = attributes;
  if (old?.metadata.deletionTimestamp) return undefined;
  if (info.kind === "Pod") return operation === "CREATE" ? "pod" : undefined;
  if (info.kind === "PersistentVolumeClaim") return "claim";
  return undefined;
}

function limitRanges(attributes: AdmissionAttributes): StoredObject[] {
  return attributes.namespace === undefined ? [] : attributes.lookup.list("LimitRange", attributes.namespace);
}

/** defaultContainerResourceRequirements: the Container items' defaults, later items winning. */
function containerDefaults(lr: StoredObject): { requests: ResourceList; limits: ResourceList } {
  const requests: ResourceList = {};
  const limits: ResourceList = {};
  for (const item of itemsOf(lr)) {
    if (item.type !== "Container") continue;
    Object.assign(requests, item.defaultRequest ?? {});
    Object.assign(limits, item.default ?? {});
  }
  return { requests, limits };
}

/** mergeContainerResources: fills what the container lacks; returns the annotation's phrases for it. */
function mergeContainer(container: Container, defaults: { requests: ResourceList; limits: ResourceList }, prefix: string): string[] {
  const resources = (container.resources ??= {});
  const limits = (resources.limits ??= {});
  const requests = (resources.requests ??= {});
  const setLimits: string[] = [];
  const setRequests: string[] = [];
  for (const [name, value] of Object.entries(defaults.limits)) {
    if (!(name in limits)) {
      limits[name] = value;
      setLimits.push(name);
    }
  }
  for (const [name, value] of Object.entries(defaults.requests)) {
    if (!(name in requests)) {
      requests[name] = value;
      setRequests.push(name);
    }
  }
  const phrases: string[] = [];
  if (setRequests.length > 0) phrases.push(`${setRequests.sort(compareBytes).join(", ")} request for ${prefix} ${container.name}`);
  if (setLimits.length > 0) phrases.push(`${setLimits.sort(compareBytes).join(", ")} limit for ${prefix} ${container.name}`);
  return phrases;
}

/** PodMutateLimitFunc for one LimitRange. */
function mutatePod(lr: StoredObject, pod: AdmissionAttributes["object"]): void {
  const defaults = containerDefaults(lr);
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  const phrases: string[] = [];
  for (const c of spec.containers ?? []) phrases.push(...mergeContainer(c, defaults, "container"));
  for (const c of spec.initContainers ?? []) phrases.push(...mergeContainer(c, defaults, "init container"));
  if (phrases.length > 0) {
    pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${phrases.join("; ")}` };
  }
}

// ------------------------------------------------------------ constraints

/** minConstraint */
function minConstraint(type: string, name: string, enforced: string, requests: ResourceList, limits: ResourceList): string | undefined {
  const req = requests[name];
  const lim = limits[name];
  if (req === undefined) return `minimum ${name} usage per ${type} is ${enforced}.  No request is specified`;
  if (milliOf(req) < milliOf(enforced)) return `minimum ${name} usage per ${type} is ${enforced}, but request is ${req}`;
  if (lim !== undefined && milliOf(lim) < milliOf(enforced)) return `minimum ${name} usage per ${type} is ${enforced}, but limit is ${lim}`;
  return undefined;
}

/** maxConstraint */
function maxConstraint(type: string, name: string, enforced: string, requests: ResourceList, limits: ResourceList): string | undefined {
  const req = requests[name];
  const lim = limits[name];
  if (lim === undefined) return `maximum ${name} usage per ${type} is ${enforced}.  No limit is specified`;
  if (milliOf(lim) > milliOf(enforced)) return `maximum ${name} usage per ${type} is ${enforced}, but limit is ${lim}`;
  if (req !== undefined && milliOf(req) > milliOf(enforced)) return `maximum ${name} usage per ${type} is ${enforced}, but request is ${req}`;
  return undefined;
}

/** maxRequestConstraint: claims have no limits, only requests. */
function maxRequestConstraint(type: string, name: string, enforced: string, requests: ResourceList): string | undefined {
  const req = requests[name];
  if (req === undefined) return `maximum ${name} usage per ${type} is ${enforced}.  No request is specified`;
  if (milliOf(req) > milliOf(enforced)) return `maximum ${name} usage per ${type} is ${enforced}, but request is ${req}`;
  return undefined;
}

/** limitRequestRatioConstraint; the ratio is printed as Go's %f does. */
function ratioConstraint(type: string, name: string, enforced: string, requests: ResourceList, limits: ResourceList): string | undefined {
  const req = requests[name] === undefined ? 0n : milliOf(requests[name]!);
  const lim = limits[name] === undefined ? 0n : milliOf(limits[name]!);
  if (req === 0n) return `${name} max limit to request ratio per ${type} is ${enforced}, but no request is specified or request is 0`;
  if (lim === 0n) return `${name} max limit to request ratio per ${type} is ${enforced}, but no limit is specified or limit is 0`;
  const observed = Number(lim) / Number(req);
  if (observed * 1000 > Number(milliOf(enforced))) {
    return `${name} max limit to request ratio per ${type} is ${enforced}, but provided ratio is ${observed.toFixed(6)}`;
  }
  return undefined;
}

function checkAll(item: LimitRangeItem, type: string, requests: ResourceList, limits: ResourceList, errors: string[]): void {
  const push = (e: string | undefined) => e !== undefined && errors.push(e);
  for (const [name, v] of sortedEntries(item.min)) push(minConstraint(type, name, v, requests, limits));
  for (const [name, v] of sortedEntries(item.max)) push(maxConstraint(type, name, v, requests, limits));
  for (const [name, v] of sortedEntries(item.maxLimitRequestRatio)) push(ratioConstraint(type, name, v, requests, limits));
}

/** PodValidateLimitFunc */
function validatePod(lr: StoredObject, pod: AdmissionAttributes["object"]): string[] {
  const errors: string[] = [];
  const spec = (pod.spec ?? {}) as { containers?: Container[]; initContainers?: Container[] };
  for (const item of itemsOf(lr)) {
    if (item.type === "Container") {
      for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
        checkAll(item, "Container", c.resources?.requests ?? {}, c.resources?.limits ?? {}, errors);
      }
    }
    if (item.type === "Pod") checkAll(item, "Pod", podRequests(pod), podLimits(pod), errors);
  }
  return errors;
}

/** PersistentVolumeClaimValidateLimitFunc: min and max against the claim's requests only. */
function validateClaim(lr: StoredObject, claim: AdmissionAttributes["object"]): string[] {
  const errors: string[] = [];
  const requests = ((claim.spec as { resources?: { requests?: ResourceList } } | undefined)?.resources?.requests ?? {});
  for (const item of itemsOf(lr)) {
    if (item.type !== "PersistentVolumeClaim") continue;
    for (const [name, v] of sortedEntries(item.min)) {
      const e = minConstraint("PersistentVolumeClaim", name, v, requests, {});
      if (e) errors.push(e);
    }
    for (const [name, v] of sortedEntries(item.max)) {
      const e = maxRequestConstraint("PersistentVolumeClaim", name, v, requests);
      if (e) errors.push(e);
    }
  }
  return errors;
}

/** utilerrors.NewAggregate(...).Error(): one message alone, several deduplicated in brackets. */
export function aggregateMessage(errors: string[]): string {
  const unique = [...new Set(errors)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(", ")}]`;
}

export const limitRanger = {
  name: "LimitRanger",
  admit: (attributes) => {
    if (applies(attributes) !== "pod") return undefined;
    for (const lr of limitRanges(attributes)) mutatePod(lr, attributes.object);
    return undefined;
  },
  validate: (attributes) => {
    const target = applies(attributes);
    if (!target) return undefined;
    // Each LimitRange is its own refusal: the first one the object breaks is reported.
    for (const lr of limitRanges(attributes)) {
      const errors = target === "pod" ? validatePod(lr, attributes.object) : validateClaim(lr, attributes.object);
      if (errors.length > 0) return forbidden(attributes, aggregateMessage(errors));
    }
    return undefined;
  },
} satisfies AdmissionPlugin;
