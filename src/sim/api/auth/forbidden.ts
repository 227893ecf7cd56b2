/**
 * The 403 the API server answers when no authorizer allows a request, worded
 * as k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go
 * (forbiddenMessage) wraps it in apierrors.NewForbidden:
 * `pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"`.
 */
import { apiError, type ApiError } from "../errors.js";
import type { RequestAttributes } from "./rbac.js";

export function forbiddenMessage(attrs: RequestAttributes): string {
  const user = JSON.stringify(attrs.user.name);
  if (!attrs.resourceRequest) return `User ${user} cannot ${attrs.verb} path ${JSON.stringify(attrs.path)}`;
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  const head = `User ${user} cannot ${attrs.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(attrs.apiGroup)}`;
  return attrs.namespace ? `${head} in the namespace ${JSON.stringify(attrs.namespace)}` : `${head} at the cluster scope`;
}

/** apierrors.NewForbidden(groupResource, name, err): the group resource without the subresource. */
export function forbidden(attrs: RequestAttributes, reason: string): ApiError {
  const detail = reason ? `${forbiddenMessage(attrs)}: ${reason}` : forbiddenMessage(attrs);
  if (!attrs.resourceRequest) return apiError(403, "Forbidden", `forbidden: ${detail}`);
  const resource = attrs.apiGroup ? `${attrs.resource}.${attrs.apiGroup}` : attrs.resource;
  const subject = attrs.name ? `${resource} ${JSON.stringify(attrs.name)}` : resource;
  return apiError(403, "Forbidden", `${subject} is forbidden: ${detail}`);
}

/**
 * A Forbidden answer to a read whose signature has no room for an error (`find`, `list`):
 * thrown through the verb, which, like kubectl on the server's first error, stops there.
 */
export class ForbiddenRequest extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}
