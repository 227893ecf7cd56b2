/**
 * The ClusterRole aggregation controller of kube-controller-manager: keeps the
 * rules of every ClusterRole with an aggregationRule equal to the union of the
 * roles it selects (auth/aggregation.ts). Roles that aggregate roles that
 * aggregate (admin ← edit ← view) settle over successive passes.
 */
import { aggregatedRules, type AggregatedRole } from "../api/auth/aggregation.js";
import { kindNamed } from "../api/kinds.js";
import type { StoredObject } from "../api/types.js";
import type { Loop } from "../core/loop.js";
import type { World } from "../world/world.js";

const CLUSTER_ROLE = kindNamed("ClusterRole")!;

export class ClusterRoleAggregationController implements Loop<World> {
  readonly name = "clusterrole-aggregation-controller";
  /** The ClusterRoles as they were at the last pass that changed nothing: until they change, neither would a pass. */
  private settled: string | undefined;

  reconcile(world: World): boolean {
    const seen = world.api.changesOf(CLUSTER_ROLE);
    if (seen === this.settled) return false;
    const roles = world.api.list(CLUSTER_ROLE) as unknown as (AggregatedRole & StoredObject)[];
    let changed = false;
    for (const role of roles) {
      const rules = aggregatedRules(role, roles);
      if (rules === undefined || JSON.stringify(rules) === JSON.stringify(role.rules ?? [])) continue;
      const result = world.api.update(CLUSTER_ROLE, { ...structuredClone(role), rules } as unknown as StoredObject);
      if (result.ok) changed = true;
    }
    if (!changed) this.settled = seen;
    return changed;
  }
}
