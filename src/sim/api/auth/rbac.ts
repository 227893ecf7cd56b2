/**
 * RBAC authorization as kube-apiserver decides it: the rule resolver of
 * pkg/registry/rbac/validation/rule.go (ClusterRoleBindings first, then the
 * RoleBindings of the request's namespace; each binding's subjects matched
 * against the user) and the rule matching of plugin/pkg/auth/authorizer/rbac
 * (rbac.go RuleAllows, pkg/apis/rbac/v1 helpers). RBAC never denies: it allows
 * or has no opinion, and the reason of "no opinion" lists the bindings whose
 * role could not be found.
 */
import type { UserInfo } from "./user.js";
import { SYSTEM_MASTERS, serviceAccountUsername } from "./user.js";

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
  apiGroup?: string;
}

export interface RoleRef {
  apiGroup: string;
  kind: string;
  name: string;
}

export interface RoleObject {
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  rules?: PolicyRule[] | null;
}

export interface BindingObject {
  metadata: { name: string; namespace?: string };
  subjects?: Subject[] | null;
  roleRef: RoleRef;
}

/** What the authorizer reads: the store's Roles, ClusterRoles and bindings (listers in kube-apiserver). */
export interface RbacSource {
  role(namespace: string, name: string): RoleObject | undefined;
  clusterRole(name: string): RoleObject | undefined;
  roleBindings(namespace: string): BindingObject[];
  clusterRoleBindings(): BindingObject[];
}

/** authorizer.Attributes: one request, resource or non-resource. */
export interface RequestAttributes {
  user: UserInfo;
  verb: string;
  /** false for non-resource URLs (`/healthz`, `/api`). */
  resourceRequest: boolean;
  apiGroup: string;
  /** Plural: "pods". */
  resource: string;
  /** "log", "status", "scale", or "". */
  subresource: string;
  /** "" for cluster-scoped requests and lists across all namespaces. */
  namespace: string;
  /** "" for lists and creates. */
  name: string;
  /** The URL path of a non-resource request. */
  path: string;
}

/** An allowed decision may name the RBAC rule that allowed it (for `sim trace`). */
export type Decision = { allowed: true; reason: string; rule?: PolicyRule } | { allowed: false; reason: string };

// --- rule matching (pkg/apis/rbac/v1/evaluation_helpers.go) ---

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === "*" || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === "*" || g === group);
}

/** `*` matches every resource, `*\/scale` every resource's scale subresource. */
export function resourceMatches(rule: PolicyRule, combinedResource: string, subresource: string): boolean {
  return (rule.resources ?? []).some((r) => {
    if (r === "*" || r === combinedResource) return true;
    if (subresource === "") return false;
    return r.length === subresource.length + 2 && r.startsWith("*/") && r.endsWith(subresource);
  });
}

/** No resourceNames in a rule means every name; a list (or a create, which has no name) needs none. */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

/** `/apis/*` matches every path under /apis/. */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some((u) => u === "*" || u === path || (u.endsWith("*") && path.startsWith(u.slice(0, -1))));
}

export function ruleAllows(attrs: RequestAttributes, rule: PolicyRule): boolean {
  if (attrs.resourceRequest) {
    const combined = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
    return verbMatches(rule, attrs.verb) && apiGroupMatches(rule, attrs.apiGroup) && resourceMatches(rule, combined, attrs.subresource) && resourceNameMatches(rule, attrs.name);
  }
  return verbMatches(rule, attrs.verb) && nonResourceURLMatches(rule, attrs.path);
}

// --- subjects and the rule resolver (pkg/registry/rbac/validation/rule.go) ---

/** appliesToUser: a ServiceAccount subject without a namespace takes the RoleBinding's. */
export function subjectAppliesTo(user: UserInfo, subject: Subject, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case "User":
      return user.name === subject.name;
    case "Group":
      return user.groups.includes(subject.name);
    case "ServiceAccount": {
      const namespace = subject.namespace || bindingNamespace;
      return namespace !== "" && user.name === serviceAccountUsername(namespace, subject.name);
    }
    default:
      return false;
  }
}

function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === "ServiceAccount") return `${s.kind} ${JSON.stringify(`${s.name}/${s.namespace || bindingNamespace}`)}`;
  return `${s.kind} ${JSON.stringify(s.name)}`;
}

/** GetRoleReferenceRules: the rules a roleRef points at, or the lister's NotFound text. */
export function roleReferenceRules(source: RbacSource, ref: RoleRef, bindingNamespace: string): { rules: PolicyRule[] } | { error: string } {
  if (ref.kind === "Role") {
    const role = source.role(bindingNamespace, ref.name);
    return role ? { rules: role.rules ?? [] } : { error: `role.rbac.authorization.k8s.io ${JSON.stringify(ref.name)} not found` };
  }
  if (ref.kind === "ClusterRole") {
    const role = source.clusterRole(ref.name);
    return role ? { rules: role.rules ?? [] } : { error: `clusterrole.rbac.authorization.k8s.io ${JSON.stringify(ref.name)} not found` };
  }
  return { error: `unsupported role reference kind: ${JSON.stringify(ref.kind)}` };
}

type Visitor = (source: string, rule: PolicyRule | undefined, error: string | undefined) => boolean;

/** VisitRulesFor: every rule that applies to the user in the namespace; stops when the visitor returns false. */
export function visitRulesFor(source: RbacSource, user: UserInfo, namespace: string, visit: Visitor): void {
  for (const binding of source.clusterRoleBindings()) {
    const subject = (binding.subjects ?? []).find((s) => subjectAppliesTo(user, s, ""));
    if (!subject) continue;
    const found = roleReferenceRules(source, binding.roleRef, "");
    if ("error" in found) {
      if (!visit("", undefined, found.error)) return;
      continue;
    }
    const from = `ClusterRoleBinding ${JSON.stringify(binding.metadata.name)} of ${binding.roleRef.kind} ${JSON.stringify(binding.roleRef.name)} to ${describeSubject(subject, "")}`;
    for (const rule of found.rules) if (!visit(from, rule, undefined)) return;
  }
  if (namespace === "") return;
  for (const binding of source.roleBindings(namespace)) {
    const subject = (binding.subjects ?? []).find((s) => subjectAppliesTo(user, s, namespace));
    if (!subject) continue;
    const found = roleReferenceRules(source, binding.roleRef, namespace);
    if ("error" in found) {
      if (!visit("", undefined, found.error)) return;
      continue;
    }
    const from = `RoleBinding ${JSON.stringify(`${binding.metadata.name}/${namespace}`)} of ${binding.roleRef.kind} ${JSON.stringify(binding.roleRef.name)} to ${describeSubject(subject, namespace)}`;
    for (const rule of found.rules) if (!visit(from, rule, undefined)) return;
  }
}

/** RulesFor: every rule that applies, and the resolution errors (SelfSubjectRulesReview, `can-i --list`). */
export function rulesFor(source: RbacSource, user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: string[] } {
  const rules: PolicyRule[] = [];
  const errors: string[] = [];
  visitRulesFor(source, user, namespace, (_from, rule, error) => {
    if (rule) rules.push(rule);
    if (error) errors.push(error);
    return true;
  });
  return { rules, errors };
}

/** utilerrors.NewAggregate(errs).Error(): one message as is, several deduplicated in brackets. */
function aggregate(errors: string[]): string {
  const unique = [...new Set(errors)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(", ")}]`;
}

/** RBACAuthorizer.Authorize. */
export function rbacAuthorize(source: RbacSource, attrs: RequestAttributes): Decision {
  let allowedBy: string | undefined;
  let allowingRule: PolicyRule | undefined;
  const errors: string[] = [];
  visitRulesFor(source, attrs.user, attrs.namespace, (from, rule, error) => {
    if (rule && ruleAllows(attrs, rule)) {
      allowedBy = from;
      allowingRule = rule;
      return false;
    }
    if (error) errors.push(error);
    return true;
  });
  if (allowedBy !== undefined) return { allowed: true, reason: `RBAC: allowed by ${allowedBy}`, ...(allowingRule ? { rule: allowingRule } : {}) };
  return { allowed: false, reason: errors.length > 0 ? `RBAC: ${aggregate(errors)}` : "" };
}

/**
 * kube-apiserver's authorizer chain on a kubeadm cluster: the privileged-group authorizer
 * (system:masters may do anything, whatever RBAC says), then Node, then RBAC. The Node
 * authorizer only answers for kubelets (group system:nodes), which kadet's kubelets are not
 * asked as, so it is left out.
 */
export function authorize(source: RbacSource, attrs: RequestAttributes): Decision {
  if (attrs.user.groups.includes(SYSTEM_MASTERS)) return { allowed: true, reason: "" };
  return rbacAuthorize(source, attrs);
}
