/**
 * ClusterRole aggregation, as pkg/controller/clusterroleaggregation does it: a
 * ClusterRole with an aggregationRule gets, in order of the other roles'
 * names, every rule of every ClusterRole whose labels match one of its
 * selectors, each rule once. `admin`, `edit` and `view` are built this way,
 * and so is any learner's role that selects `aggregate-to-*` labels.
 */
import { fromLabelSelector, matches } from "../../core/labels.js";
import type { PolicyRule } from "./rbac.js";

export interface AggregatedRole {
  metadata: { name: string; labels?: Record<string, string> };
  aggregationRule?: { clusterRoleSelectors?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] }[] | null } | null;
  rules?: PolicyRule[] | null;
}

/** The rules a role with an aggregationRule should have, or undefined when it has none. */
export function aggregatedRules(role: AggregatedRole, all: readonly AggregatedRole[]): PolicyRule[] | undefined {
  const selectors = role.aggregationRule?.clusterRoleSelectors;
  if (!role.aggregationRule) return undefined;
  const parsed = (selectors ?? []).map((s) => fromLabelSelector(s as Parameters<typeof fromLabelSelector>[0]));
  const sources = all
    .filter((other) => other.metadata.name !== role.metadata.name && parsed.some((sel) => matches(other.metadata.labels, sel)))
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
  const rules: PolicyRule[] = [];
  const seen = new Set<string>();
  for (const source of sources) {
    for (const rule of source.rules ?? []) {
      const key = JSON.stringify(rule);
      if (seen.has(key)) continue;
      seen.add(key);
      rules.push(rule);
    }
  }
  return rules;
}
