/**
 * Resource lists as LimitRanger and ResourceQuota do arithmetic on them
 * (k8s.io/apiserver/pkg/quota/v1/resources.go: Add, Mask, LessThanOrEqual,
 * SubtractWithNonNegativeResult; k8s.io/component-helpers/resource
 * PodRequests/PodLimits). Values are quantity texts; sums keep the notation
 * Quantity.Add keeps, so `used` reads `256Mi`, not a byte count.
 */
import { addQuantities, compareQuantities, parseQuantity, subtractQuantities } from "../core/quantity.js";
import type { KubeObject } from "./types.js";

export type ResourceList = Record<string, string>;

/** quota.Add: every key of either list, summed where both have it. */
export function addLists(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = { ...a };
  for (const [name, value] of Object.entries(b)) out[name] = name in out ? (addQuantities(out[name]!, value) ?? value) : value;
  return out;
}

/** quota.Mask: only the named keys. */
export function maskList(list: ResourceList, names: Iterable<string>): ResourceList {
  const out: ResourceList = {};
  for (const name of names) if (name in list) out[name] = list[name]!;
  return out;
}

/** quota.LessThanOrEqual: whether a ≤ b for every key both have, and the keys where it is not. */
export function lessThanOrEqual(a: ResourceList, b: ResourceList): { allowed: boolean; exceeded: string[] } {
  const exceeded = Object.keys(a).filter((name) => name in b && (compareQuantities(a[name]!, b[name]!) ?? 0) > 0);
  return { allowed: exceeded.length === 0, exceeded };
}

/** quota.SubtractWithNonNegativeResult: a − b per key of a, never below zero. */
export function subtractNonNegative(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = {};
  for (const [name, value] of Object.entries(a)) {
    const diff = name in b ? subtractQuantities(value, b[name]!) ?? value : value;
    out[name] = (compareQuantities(diff, "0") ?? 0) < 0 ? "0" : diff;
  }
  return out;
}

/** quota.IsZero */
export function isZeroList(list: ResourceList): boolean {
  return Object.values(list).every((v) => compareQuantities(v, "0") === 0);
}

/** Milli-units of a quantity, as Quantity.MilliValue (rounded up). */
export function milliOf(value: string): bigint {
  return parseQuantity(value)?.milli ?? 0n;
}

interface ContainerLike {
  name?: string;
  restartPolicy?: string;
  resources?: { requests?: ResourceList; limits?: ResourceList };
}

/** The containers and init containers of a pod object. */
export function podContainers(pod: KubeObject): { containers: ContainerLike[]; initContainers: ContainerLike[] } {
  const spec = (pod.spec ?? {}) as { containers?: ContainerLike[]; initContainers?: ContainerLike[] };
  return { containers: spec.containers ?? [], initContainers: spec.initContainers ?? [] };
}

function addInto(list: ResourceList, more: ResourceList | undefined): void {
  for (const [name, value] of Object.entries(more ?? {})) list[name] = name in list ? (addQuantities(list[name]!, value) ?? value) : value;
}

function maxInto(list: ResourceList, more: ResourceList): void {
  for (const [name, value] of Object.entries(more)) if (!(name in list) || (compareQuantities(value, list[name]!) ?? 0) > 0) list[name] = value;
}

/**
 * PodRequests / PodLimits: the containers' sum, or the largest init container
 * (plus the sidecars started before it) when that is more; sidecars
 * (restartPolicy Always) add to the sum. Pod overhead is not modelled (no RuntimeClass).
 */
function podAggregate(pod: KubeObject, pick: (c: ContainerLike) => ResourceList | undefined): ResourceList {
  const { containers, initContainers } = podContainers(pod);
  const total: ResourceList = {};
  for (const c of containers) addInto(total, pick(c));
  const sidecars: ResourceList = {};
  const initMax: ResourceList = {};
  for (const c of initContainers) {
    let own: ResourceList;
    if (c.restartPolicy === "Always") {
      addInto(total, pick(c));
      addInto(sidecars, pick(c));
      own = { ...sidecars };
    } else {
      own = {};
      addInto(own, pick(c));
      addInto(own, sidecars);
    }
    maxInto(initMax, own);
  }
  maxInto(total, initMax);
  return total;
}

export const podRequests = (pod: KubeObject): ResourceList => podAggregate(pod, (c) => c.resources?.requests);
export const podLimits = (pod: KubeObject): ResourceList => podAggregate(pod, (c) => c.resources?.limits);
