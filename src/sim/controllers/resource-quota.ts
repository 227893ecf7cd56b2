/**
 * The resource quota controller (pkg/controller/resourcequota,
 * syncResourceQuota): each quota's status.hard is its spec.hard, and
 * status.used is recounted from the objects in its namespace, for exactly the
 * names in hard, with the evaluators admission uses (api/quota/evaluators.ts).
 * Upstream recounts on changes and every 5 minutes; here every pass, which
 * also undoes a charge admission made for a write that then failed.
 * https://kubernetes.io/docs/concepts/policy/resource-quotas/
 */
import { KINDS, kindNamed } from "../api/kinds.js";
import { evaluatorFor, quotaMatches, type QuotaLike } from "../api/quota/evaluators.js";
import { addLists, maskList, type ResourceList } from "../api/resource-list.js";
import type { StoredObject } from "../api/types.js";
import { compareBytes } from "../core/compare.js";
import type { Loop } from "../core/loop.js";
import type { World } from "../world/world.js";

const QUOTA = kindNamed("ResourceQuota")!;

const sorted = (list: ResourceList): ResourceList => Object.fromEntries(Object.keys(list).sort(compareBytes).map((k) => [k, list[k]!]));

export class ResourceQuotaController implements Loop<World> {
  readonly name = "resourcequota-controller";

  reconcile(world: World): boolean {
    let changed = false;
    for (const quota of world.api.list<StoredObject & QuotaLike>(QUOTA)) {
      if (quota.metadata.deletionTimestamp) continue;
      const status = { hard: sorted(quota.spec?.hard ?? {}), used: sorted(usageFor(world, quota)) };
      if (JSON.stringify(status) === JSON.stringify(quota.status ?? {})) continue;
      changed = world.api.updateStatus(QUOTA, { ...quota, status }).ok || changed;
    }
    return changed;
  }
}

/** quota.CalculateUsage: for every kind that counts something in hard, the sum over its objects in the quota's scopes. */
function usageFor(world: World, quota: StoredObject & QuotaLike): ResourceList {
  const hard = quota.spec?.hard ?? {};
  const names = Object.keys(hard);
  const namespace = quota.metadata.namespace!;
  const now = world.clock.now();
  let used: ResourceList = {};
  for (const info of KINDS) {
    if (!info.namespaced) continue;
    const evaluator = evaluatorFor(info);
    const matched = evaluator.matchingResources(names);
    if (matched.length === 0) continue;
    let total: ResourceList = Object.fromEntries(matched.map((n) => [n, "0"]));
    for (const obj of world.api.list(info, namespace)) {
      if (!quotaMatches(evaluator, quota, hard, obj)) continue;
      total = addLists(total, maskList(evaluator.usage(obj, now), matched));
    }
    used = { ...used, ...total };
  }
  return maskList(used, names);
}
