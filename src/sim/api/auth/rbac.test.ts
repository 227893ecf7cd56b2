import { describe, expect, it } from "vitest";
import { authorize, resourceMatches, nonResourceURLMatches, type BindingObject, type RbacSource, type RequestAttributes, type RoleObject } from "./rbac.js";
import { forbidden } from "./forbidden.js";
import { aggregatedRules } from "./aggregation.js";
import { serviceAccountUser } from "./user.js";

const jane = { name: "jane", groups: ["devs", "system:authenticated"] };
const req = (over: Partial<RequestAttributes>): RequestAttributes => ({
  user: jane, verb: "list", resourceRequest: true, apiGroup: "", resource: "pods", subresource: "", namespace: "default", name: "", path: "", ...over,
});

function source(roles: RoleObject[], clusterRoles: RoleObject[], bindings: BindingObject[], clusterBindings: BindingObject[]): RbacSource {
  return {
    role: (ns, name) => roles.find((r) => r.metadata.namespace === ns && r.metadata.name === name),
    clusterRole: (name) => clusterRoles.find((r) => r.metadata.name === name),
    roleBindings: (ns) => bindings.filter((b) => b.metadata.namespace === ns),
    clusterRoleBindings: () => clusterBindings,
  };
}

const podReader: RoleObject = { metadata: { name: "pod-reader", namespace: "default" }, rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] }] };
const bindJane: BindingObject = { metadata: { name: "read", namespace: "default" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "pod-reader" }, subjects: [{ kind: "User", name: "jane" }] };

describe("RBAC rule matching (pkg/apis/rbac/v1/evaluation_helpers.go)", () => {
  it("a subresource needs its own rule; */log matches every resource's log", () => {
    expect(resourceMatches({ verbs: ["get"], resources: ["pods"] }, "pods/log", "log")).toBe(false);
    expect(resourceMatches({ verbs: ["get"], resources: ["pods/log"] }, "pods/log", "log")).toBe(true);
    expect(resourceMatches({ verbs: ["get"], resources: ["*/log"] }, "pods/log", "log")).toBe(true);
    expect(resourceMatches({ verbs: ["get"], resources: ["*/log"] }, "pods", "")).toBe(false);
  });
  it("a trailing * in a nonResourceURL is a prefix match", () => {
    expect(nonResourceURLMatches({ verbs: ["get"], nonResourceURLs: ["/apis/*"] }, "/apis/apps")).toBe(true);
    expect(nonResourceURLMatches({ verbs: ["get"], nonResourceURLs: ["/healthz"] }, "/healthz/etcd")).toBe(false);
  });
});

describe("RBAC authorizer (plugin/pkg/auth/authorizer/rbac)", () => {
  const rbac = source([podReader], [], [bindJane], []);
  it("a RoleBinding grants in its own namespace only", () => {
    expect(authorize(rbac, req({})).allowed).toBe(true);
    expect(authorize(rbac, req({ namespace: "prod" })).allowed).toBe(false);
    expect(authorize(rbac, req({ verb: "delete", name: "web" })).allowed).toBe(false);
  });
  it("resourceNames restrict named requests and cannot allow a list", () => {
    const named: RoleObject = { metadata: { name: "one", namespace: "default" }, rules: [{ apiGroups: [""], resources: ["pods"], resourceNames: ["web"], verbs: ["get", "list"] }] };
    const s = source([named], [], [{ ...bindJane, roleRef: { ...bindJane.roleRef, name: "one" } }], []);
    expect(authorize(s, req({ verb: "get", name: "web" })).allowed).toBe(true);
    expect(authorize(s, req({ verb: "get", name: "db" })).allowed).toBe(false);
    expect(authorize(s, req({ verb: "list" })).allowed).toBe(false);
  });
  it("a ServiceAccount subject without namespace takes the RoleBinding's; groups match", () => {
    const sa = serviceAccountUser("default", "bot");
    const s = source([podReader], [], [{ ...bindJane, subjects: [{ kind: "ServiceAccount", name: "bot" }] }], []);
    expect(authorize(s, req({ user: sa })).allowed).toBe(true);
    const g = source([podReader], [], [{ ...bindJane, subjects: [{ kind: "Group", name: "system:serviceaccounts:default", apiGroup: "rbac.authorization.k8s.io" }] }], []);
    expect(authorize(g, req({ user: sa })).allowed).toBe(true);
    expect(authorize(g, req({ user: serviceAccountUser("prod", "bot") })).allowed).toBe(false);
  });
  it("a binding to a missing role gives the lister's NotFound as the reason", () => {
    const s = source([], [], [bindJane], []);
    expect(authorize(s, req({}))).toEqual({ allowed: false, reason: 'RBAC: role.rbac.authorization.k8s.io "pod-reader" not found' });
  });
  it("system:masters is allowed before RBAC", () => {
    expect(authorize(source([], [], [], []), req({ user: { name: "x", groups: ["system:masters"] } })).allowed).toBe(true);
  });
});

describe("Forbidden messages (responsewriters/errors.go forbiddenMessage + apierrors.NewForbidden)", () => {
  it("namespaced list, named get of a subresource, cluster scope, non-resource URL", () => {
    expect(forbidden(req({}), "").message).toBe('pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"');
    expect(forbidden(req({ verb: "get", name: "web", subresource: "log" }), "").message).toBe('pods "web" is forbidden: User "jane" cannot get resource "pods/log" in API group "" in the namespace "default"');
    expect(forbidden(req({ resource: "nodes", namespace: "" }), "").message).toBe('nodes is forbidden: User "jane" cannot list resource "nodes" in API group "" at the cluster scope');
    expect(forbidden(req({ apiGroup: "apps", resource: "deployments", verb: "create" }), "").message).toBe('deployments.apps is forbidden: User "jane" cannot create resource "deployments" in API group "apps" in the namespace "default"');
    expect(forbidden(req({ resourceRequest: false, verb: "get", path: "/metrics" }), "").message).toBe('forbidden: User "jane" cannot get path "/metrics"');
  });
});

describe("ClusterRole aggregation (pkg/controller/clusterroleaggregation)", () => {
  it("takes the selected roles' rules in name order, each once, never its own", () => {
    const sel = { clusterRoleSelectors: [{ matchLabels: { agg: "yes" } }] };
    const rule = { apiGroups: [""], resources: ["pods"], verbs: ["get"] };
    const roles = [
      { metadata: { name: "target", labels: { agg: "yes" } }, aggregationRule: sel, rules: [] },
      { metadata: { name: "b", labels: { agg: "yes" } }, rules: [rule, { ...rule, verbs: ["list"] }] },
      { metadata: { name: "a", labels: { agg: "yes" } }, rules: [rule] },
      { metadata: { name: "c" }, rules: [{ ...rule, verbs: ["delete"] }] },
    ];
    expect(aggregatedRules(roles[0]!, roles)).toEqual([rule, { ...rule, verbs: ["list"] }]);
    expect(aggregatedRules(roles[1]!, roles)).toBeUndefined();
  });
});
