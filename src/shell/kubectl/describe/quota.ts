/**
 * `kubectl describe resourcequota` and `describe limitrange`, and the quota
 * and limit-range sections of `describe namespace`: ports of describeQuota,
 * describeLimitRange, describeLimitRangeSpec, DescribeResourceQuotas and
 * DescribeLimitRanges from kubectl's pkg/describe/describe.go, 1.32. Rows
 * come from status.hard and status.used, which the quota controller fills.
 * describeLimitRangeSpec walks a Go map, so upstream's row order within an
 * item varies between runs; here resources are sorted.
 */
import type { StoredObject } from "../../../sim/api/types.js";
import { compareBytes } from "../../../sim/core/compare.js";
import { quantityFormat, quantityInFormat } from "../../../sim/core/quantity.js";
import type { Obj } from "./common.js";
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from "./tabwriter.js";

type List = Record<string, string>;

/** helpTextForResourceQuotaScope. */
const SCOPE_HELP: Record<string, string> = {
  Terminating: "Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.",
  NotTerminating: "Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.",
  BestEffort: "Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.",
  NotBestEffort: "Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.",
};

const sortedScopes = (quota: StoredObject) => [...(((quota.spec ?? {}) as Obj).scopes ?? [])].map(String).sort(compareBytes);
const hardOf = (quota: StoredObject) => ((((quota.status ?? {}) as Obj).hard ?? {}) as List);
const usedOf = (quota: StoredObject) => ((((quota.status ?? {}) as Obj).used ?? {}) as List);

export function describeQuota(quota: StoredObject): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${quota.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${quota.metadata.namespace ?? ""}\n`);
    const scopes = sortedScopes(quota);
    if (scopes.length > 0) {
      w.write(LEVEL_0, `Scopes:\t${scopes.join(", ")}\n`);
      for (const scope of scopes) if (SCOPE_HELP[scope]) w.write(LEVEL_0, ` * ${SCOPE_HELP[scope]}\n`);
    }
    w.write(LEVEL_0, "Resource\tUsed\tHard\n");
    w.write(LEVEL_0, "--------\t----\t----\n");
    const hard = hardOf(quota);
    const used = usedOf(quota);
    for (const name of Object.keys(hard).sort(compareBytes)) {
      // A used value in another notation than hard is shown as a whole number in hard's notation.
      let shown = used[name] ?? "0";
      const format = quantityFormat(hard[name]!);
      if (format !== undefined && quantityFormat(shown) !== format) shown = quantityInFormat(shown, format) ?? shown;
      w.write(LEVEL_0, `${name}\t${shown}\t${hard[name]}\n`);
    }
  });
}

interface LimitRangeItem {
  type?: string;
  max?: List;
  min?: List;
  default?: List;
  defaultRequest?: List;
  maxLimitRequestRatio?: List;
}

/** describeLimitRangeSpec: one row per resource named anywhere in an item, "-" where a column has no value. */
function limitRangeRows(lr: StoredObject, prefix: string, w: PrefixWriter): void {
  for (const item of (((lr.spec ?? {}) as Obj).limits ?? []) as LimitRangeItem[]) {
    const names = new Set<string>();
    for (const list of [item.max, item.min, item.default, item.defaultRequest, item.maxLimitRequestRatio]) for (const k of Object.keys(list ?? {})) names.add(k);
    for (const k of [...names].sort(compareBytes)) {
      const cell = (list: List | undefined) => list?.[k] ?? "-";
      w.write(LEVEL_0, `${prefix}${item.type ?? ""}\t${k}\t${cell(item.min)}\t${cell(item.max)}\t${cell(item.defaultRequest)}\t${cell(item.default)}\t${cell(item.maxLimitRequestRatio)}\n`);
    }
  }
}

export function describeLimitRange(lr: StoredObject): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${lr.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${lr.metadata.namespace ?? ""}\n`);
    w.write(LEVEL_0, "Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n");
    w.write(LEVEL_0, "----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n");
    limitRangeRows(lr, "", w);
  });
}

/** DescribeResourceQuotas: the namespace's quotas by name (no notation conversion here, as upstream). */
export function describeResourceQuotas(quotas: readonly StoredObject[], w: PrefixWriter): void {
  if (quotas.length === 0) {
    w.write(LEVEL_0, "No resource quota.\n");
    return;
  }
  w.write(LEVEL_0, "Resource Quotas\n");
  for (const q of [...quotas].sort((a, b) => compareBytes(a.metadata.name, b.metadata.name))) {
    w.write(LEVEL_1, `Name:\t${q.metadata.name}\n`);
    const scopes = sortedScopes(q);
    if (scopes.length > 0) {
      w.write(LEVEL_1, `Scopes:\t${scopes.join(", ")}\n`);
      for (const scope of scopes) if (SCOPE_HELP[scope]) w.write(LEVEL_1, `* ${SCOPE_HELP[scope]}\n`);
    }
    w.write(LEVEL_1, "Resource\tUsed\tHard\n");
    w.write(LEVEL_1, "--------\t---\t---\n");
    const hard = hardOf(q);
    const used = usedOf(q);
    for (const name of Object.keys(hard).sort(compareBytes)) w.write(LEVEL_1, `${name}\t${used[name] ?? "0"}\t${hard[name]}\n`);
  }
}

/** DescribeLimitRanges: every range's rows under one header. */
export function describeLimitRanges(ranges: readonly StoredObject[], w: PrefixWriter): void {
  if (ranges.length === 0) {
    w.write(LEVEL_0, "No LimitRange resource.\n");
    return;
  }
  w.write(LEVEL_0, "Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n");
  w.write(LEVEL_0, " ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n");
  for (const lr of ranges) limitRangeRows(lr, " ", w);
}
