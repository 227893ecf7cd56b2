/**
 * ValidateRoleBindingUpdate / ValidateClusterRoleBindingUpdate (pkg/apis/rbac/validation):
 * a binding's roleRef is immutable, so that granting a different role needs a new binding
 * (and the escalation check of a create). The value prints as Go's %#v of the internal type.
 */
import type { FieldError } from "../errors.js";
import type { KubeObject } from "../types.js";

interface RoleRefLike {
  apiGroup?: string;
  kind?: string;
  name?: string;
}

export function roleRefUpdateErrors(obj: KubeObject, old: KubeObject): FieldError[] {
  const next = (obj as { roleRef?: RoleRefLike }).roleRef ?? {};
  const before = (old as { roleRef?: RoleRefLike }).roleRef ?? {};
  if (next.apiGroup === before.apiGroup && next.kind === before.kind && next.name === before.name) return [];
  const q = (s: string | undefined) => JSON.stringify(s ?? "");
  const goValue = `rbac.RoleRef{APIGroup:${q(next.apiGroup)}, Kind:${q(next.kind)}, Name:${q(next.name)}}`;
  return [{ field: "roleRef", type: "Invalid value", detail: `${goValue}: cannot change roleRef` }];
}
