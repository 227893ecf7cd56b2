/**
 * ResourceQuota (plugin/pkg/admission/resourcequota/controller.go CheckRequest,
 * 1.32): the last validating step. Every quota in the namespace whose
 * status.hard names something this object uses, and whose scopes the object
 * is in, must be able to absorb the object's usage, else the write is refused:
 *   `exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2`
 * A quota on cpu or memory also requires every container to state that
 * resource (`failed quota: q: must specify limits.cpu for: web`). An admitted
 * write is charged to the quotas' status.used at once, so a controller that
 * creates several pods in one pass meets the limit; the quota controller
 * recounts from the stored objects afterwards. A quota whose status the
 * controller has not filled yet does not match anything, as upstream.
 *
 * Not modelled: the apiserver's --admission-control-config-file
 * (limitedResources), PriorityClass and CrossNamespacePodAffinity scopes.
 */
import { compareBytes } from "../../../core/compare.js";
import { evaluatorFor, quotaMatches, type QuotaLike } from "../../quota/evaluators.js";
import { addLists, isZeroList, lessThanOrEqual, maskList, subtractNonNegative, type ResourceList } from "../../resource-list.js";
import type { StoredObject } from "../../types.js";
import { forbidden, type AdmissionPlugin } from "./plugin.js";

/** prettyPrint: `name=value` sorted by name, comma-separated. */
export function prettyPrint(list: ResourceList): string {
  return Object.keys(list).sort(compareBytes).map((k) => `${k}=${list[k]}`).join(",");
}

export const resourceQuota = {
  name: "ResourceQuota",
  validate: (attributes) => {
    const { info, operation, object, old, namespace, lookup } = attributes;
    if (!info.namespaced || namespace === undefined) return undefined;
    const evaluator = evaluatorFor(info);
    if (!evaluator.handles.includes(operation)) return undefined;
    const quotas = (lookup.list("ResourceQuota", namespace) as (StoredObject & QuotaLike)[]).sort((a, b) => compareBytes(a.metadata.name, b.metadata.name));
    if (quotas.length === 0) return undefined;

    const interesting: (StoredObject & QuotaLike)[] = [];
    for (const quota of quotas) {
      const hard = quota.status?.hard ?? {};
      if (!quotaMatches(evaluator, quota, hard, object)) continue;
      const restricted = evaluator.matchingResources(Object.keys(hard));
      const failed = evaluator.constraints?.(restricted, object);
      if (failed) return forbidden(attributes, `failed quota: ${quota.metadata.name}: ${failed}`);
      const used = quota.status?.used ?? {};
      const unknown = restricted.filter((name) => !(name in used));
      if (unknown.length > 0) return forbidden(attributes, `status unknown for quota: ${quota.metadata.name}, resources: ${[...unknown].sort(compareBytes).join(",")}`);
      interesting.push(quota);
    }

    // Usage is measured at the API's clock-free instant: a new object is never past its deletion grace.
    let delta = evaluator.usage(object, 0);
    const negative = Object.keys(delta).filter((k) => delta[k]!.startsWith("-"));
    if (negative.length > 0) return forbidden(attributes, `quota usage is negative for resource(s): ${negative.sort(compareBytes).join(",")}`);
    if (operation === "UPDATE" && old) delta = subtractNonNegative(delta, evaluator.usage(old, 0));
    if (isZeroList(delta) || interesting.length === 0) return undefined;

    const charges: [StoredObject & QuotaLike, ResourceList][] = [];
    for (const quota of interesting) {
      const hard = quota.status?.hard ?? {};
      const used = quota.status?.used ?? {};
      const requested = maskList(delta, Object.keys(hard));
      const newUsage = addLists(used, requested);
      const { allowed, exceeded } = lessThanOrEqual(maskList(newUsage, Object.keys(requested)), hard);
      if (!allowed) {
        return forbidden(
          attributes,
          `exceeded quota: ${quota.metadata.name}, requested: ${prettyPrint(maskList(requested, exceeded))}, used: ${prettyPrint(maskList(used, exceeded))}, limited: ${prettyPrint(maskList(hard, exceeded))}`,
        );
      }
      charges.push([quota, newUsage]);
    }
    if (!attributes.dryRun) for (const [quota, used] of charges) lookup.chargeQuota(quota, used);
    return undefined;
  },
} satisfies AdmissionPlugin;
