/**
 * How `kubectl auth can-i --list` prints the rules a SelfSubjectRulesReview
 * returns (staging/src/k8s.io/kubectl/pkg/cmd/auth/cani.go printStatus): each
 * rule broken down to one verb × group × resource × name
 * (component-helpers rbac BreakdownRule), the single-resource ones merged
 * back per resource (kubectl/pkg/util/rbac CompactRules), sorted by the
 * generated PolicyRule.String() (so by verbs first), one row each.
 */
import type { PolicyRule } from "../../sim/api/auth/rbac.js";
import { formatTabular } from "./printers/table.js";

export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs) {
        const names = rule.resourceNames ?? [];
        if (names.length > 0) for (const name of names) out.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [name] });
        else out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) for (const verb of rule.verbs) out.push({ nonResourceURLs: [url], verbs: [verb] });
  return out;
}

/** Rules of one group, one resource and at most one name merge their verbs, keeping the first one's place. */
export function compactRules(rules: PolicyRule[]): PolicyRule[] {
  const compacted: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const rule of rules) {
    const names = rule.resourceNames ?? [];
    const isSimple = names.length <= 1 && (rule.nonResourceURLs ?? []).length === 0 && (rule.apiGroups ?? []).length === 1 && (rule.resources ?? []).length === 1;
    if (!isSimple) {
      compacted.push(rule);
      continue;
    }
    const key = JSON.stringify([rule.apiGroups![0], rule.resources![0], names.length > 0, names[0] ?? ""]);
    const existing = simple.get(key);
    if (!existing) simple.set(key, { ...rule, verbs: [...rule.verbs] });
    else for (const verb of rule.verbs) if (!existing.verbs.includes(verb)) existing.verbs.push(verb);
  }
  return [...compacted, ...simple.values()];
}

const goList = (items: string[] | undefined): string => `[${(items ?? []).join(" ")}]`;

/** The gogo-protobuf generated String() that SortableRuleSlice compares. */
export function policyRuleString(r: PolicyRule): string {
  return `&PolicyRule{Verbs:${goList(r.verbs)},APIGroups:${goList(r.apiGroups)},Resources:${goList(r.resources)},ResourceNames:${goList(r.resourceNames)},NonResourceURLs:${goList(r.nonResourceURLs)},}`;
}

/** describe.CombineResourceGroup: "deployments.apps/scale". */
export function combineResourceGroup(resources: string[] | undefined, groups: string[] | undefined): string {
  if (!resources || resources.length === 0) return "";
  const [resource, sub] = resources[0]!.split(/\/(.*)/s, 2) as [string, string | undefined];
  let combined = resource;
  if (groups && groups.length > 0 && groups[0] !== "") combined += `.${groups[0]}`;
  if (sub !== undefined) combined += `/${sub}`;
  return combined;
}

export function printAccessList(rules: PolicyRule[], noHeaders: boolean): string {
  const rows = compactRules(rules.flatMap(breakdownRule));
  const keyed = rows.map((rule) => ({ rule, key: policyRuleString(rule) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const lines = keyed.map(({ rule }) => [combineResourceGroup(rule.resources, rule.apiGroups), goList(rule.nonResourceURLs), goList(rule.resourceNames), goList(rule.verbs)]);
  return formatTabular(noHeaders ? lines : [["Resources", "Non-Resource URLs", "Resource Names", "Verbs"], ...lines]);
}
