/**
 * `kubectl describe` for Role, ClusterRole, RoleBinding and ClusterRoleBinding:
 * ports of RoleDescriber, ClusterRoleDescriber, RoleBindingDescriber and
 * ClusterRoleBindingDescriber in kubectl's describe.go. Rules are shown as
 * `auth can-i --list` shows them: broken down, compacted, sorted (auth-rules.ts).
 */
import type { BindingObject, PolicyRule } from "../../../sim/api/auth/rbac.js";
import type { StoredObject } from "../../../sim/api/types.js";
import { breakdownRule, combineResourceGroup, compactRules, policyRuleString } from "../auth-rules.js";
import { printAnnotationsMultiline, printLabelsMultiline } from "./common.js";
import { LEVEL_0, LEVEL_1, tabbedString } from "./tabwriter.js";

const goList = (items: string[] | undefined): string => `[${(items ?? []).join(" ")}]`;

export function describeRole(role: StoredObject & { rules?: PolicyRule[] | null }): string {
  const rules = compactRules((role.rules ?? []).flatMap(breakdownRule))
    .map((rule) => ({ rule, key: policyRuleString(rule) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ rule }) => rule);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${role.metadata.name}\n`);
    printLabelsMultiline(w, "Labels", role.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", role.metadata.annotations);
    w.write(LEVEL_0, "PolicyRule:\n");
    w.write(LEVEL_1, "Resources\tNon-Resource URLs\tResource Names\tVerbs\n");
    w.write(LEVEL_1, "---------\t-----------------\t--------------\t-----\n");
    for (const r of rules) w.write(LEVEL_1, `${combineResourceGroup(r.resources, r.apiGroups)}\t${goList(r.nonResourceURLs)}\t${goList(r.resourceNames)}\t${goList(r.verbs)}\n`);
  });
}

export function describeRoleBinding(binding: StoredObject & BindingObject): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${binding.metadata.name}\n`);
    printLabelsMultiline(w, "Labels", binding.metadata.labels);
    printAnnotationsMultiline(w, "Annotations", binding.metadata.annotations);
    w.write(LEVEL_0, "Role:\n");
    w.write(LEVEL_1, `Kind:\t${binding.roleRef.kind}\n`);
    w.write(LEVEL_1, `Name:\t${binding.roleRef.name}\n`);
    w.write(LEVEL_0, "Subjects:\n");
    w.write(LEVEL_1, "Kind\tName\tNamespace\n");
    w.write(LEVEL_1, "----\t----\t---------\n");
    for (const s of binding.subjects ?? []) w.write(LEVEL_1, `${s.kind}\t${s.name}\t${s.namespace ?? ""}\n`);
  });
}
