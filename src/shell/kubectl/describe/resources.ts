/**
 * Resource lists as describe sums them: a pod's requests and limits
 * (k8s.io/component-helpers/resource PodRequests / PodLimits: containers
 * summed, the largest init container if larger, sidecars added, overhead
 * added) and the node's totals (getPodsTotalRequestsAndLimits). Values keep
 * the notation of the first quantity added, as resource.Quantity.Add does,
 * so 128Mi + 64Mi prints as 192Mi and 100m + 250m as 350m.
 */
import type { Pod } from "../../../sim/api/types.js";
import { canonicalQuantity, parseQuantity, type QuantityFormat } from "../../../sim/core/quantity.js";
import type { Obj } from "./common.js";

/** An exact sum: milli-units and the notation of the first term. */
export interface Amount {
  milli: bigint;
  format: QuantityFormat;
}

export type ResourceAmounts = Map<string, Amount>;

function addList(into: ResourceAmounts, list: Obj | undefined): void {
  for (const [name, value] of Object.entries(list ?? {})) {
    const q = parseQuantity(value as string | number);
    if (!q) continue;
    const prior = into.get(name);
    into.set(name, prior ? { milli: prior.milli + q.milli, format: prior.format } : { milli: q.milli, format: q.format });
  }
}

function maxList(into: ResourceAmounts, other: ResourceAmounts): void {
  for (const [name, amount] of other) {
    const prior = into.get(name);
    if (!prior || amount.milli > prior.milli) into.set(name, { ...amount });
  }
}

/** PodRequests (which = "requests") or PodLimits (which = "limits"). */
export function podResourceList(pod: Pod, which: "requests" | "limits"): ResourceAmounts {
  const spec = (pod.spec ?? {}) as Obj;
  const total: ResourceAmounts = new Map();
  for (const c of spec.containers ?? []) addList(total, c.resources?.[which]);
  const sidecars: ResourceAmounts = new Map();
  const initPeak: ResourceAmounts = new Map();
  for (const c of (spec.initContainers ?? []) as Obj[]) {
    if (c.restartPolicy === "Always") {
      addList(total, c.resources?.[which]);
      addList(sidecars, c.resources?.[which]);
      maxList(initPeak, sidecars);
    } else {
      const running: ResourceAmounts = new Map([...sidecars].map(([k, v]) => [k, { ...v }]));
      addList(running, c.resources?.[which]);
      maxList(initPeak, running);
    }
  }
  maxList(total, initPeak);
  if (which === "requests") addList(total, spec.overhead);
  else {
    // PodLimits adds overhead only to resources that already have a limit.
    for (const [name, value] of Object.entries((spec.overhead ?? {}) as Obj)) if (total.has(name)) addList(total, { [name]: value });
  }
  return total;
}

/** Adds one pod's list to a node total. */
export function addAmounts(into: ResourceAmounts, more: ResourceAmounts): void {
  for (const [name, amount] of more) {
    const prior = into.get(name);
    into.set(name, prior ? { milli: prior.milli + amount.milli, format: prior.format } : { ...amount });
  }
}

/** Quantity.String() of a sum; a missing resource is the zero Quantity, "0". */
export function amountText(amount: Amount | undefined): string {
  if (!amount || amount.milli === 0n) return "0";
  const text =
    amount.format === "BinarySI" && amount.milli % 1000n === 0n && (amount.milli / 1000n) % 1024n === 0n
      ? `${amount.milli / 1000n / 1024n}Ki`
      : amount.format === "DecimalExponent"
        ? `${amount.milli}e-3`
        : `${amount.milli}m`;
  return canonicalQuantity(text) ?? "0";
}

/** Milli-units of an amount (MilliValue), for cpu percentages. */
export function milliOf(amount: Amount | undefined): number {
  return amount ? Number(amount.milli) : 0;
}

/** Whole units rounded up (Value), for memory and storage percentages. */
export function unitsOf(amount: Amount | undefined): number {
  if (!amount) return 0;
  const m = amount.milli;
  return Number(m % 1000n === 0n ? m / 1000n : m / 1000n + 1n);
}

/** A node's allocatable (or capacity) entry as an amount. */
export function amountOf(value: string | number | undefined): Amount | undefined {
  if (value === undefined) return undefined;
  const q = parseQuantity(value);
  return q ? { milli: q.milli, format: q.format } : undefined;
}
