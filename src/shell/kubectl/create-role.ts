/**
 * `kubectl create role|clusterrole|rolebinding|clusterrolebinding|serviceaccount|token`,
 * ported from staging/src/k8s.io/kubectl/pkg/cmd/create (create_role.go,
 * create_clusterrole.go, create_rolebinding.go, create_clusterrolebinding.go,
 * create_serviceaccount.go, create_token.go): the same validation, in the same
 * order, and objects built field by field as kubectl builds them (byte-identical
 * `--dry-run=client -o yaml`, see testdata/create-role*.golden).
 */
import { kindNamed, resolveResource } from "../../sim/api/kinds.js";
import { issueServiceAccountToken } from "../../sim/api/auth/tokens.js";
import type { PolicyRule } from "../../sim/api/auth/rbac.js";
import type { KubeObject } from "../../sim/api/types.js";
import type { CommandResult } from "../types.js";
import { failure, ok } from "../types.js";
import { apiFailure, fail, flagError, usageError } from "./errors.js";
import { parseGoDuration } from "./node-maintenance.js";
import { checkWriteFlags, submitNew } from "./submit.js";
import { defineVerb, type KubectlContext } from "./verb.js";

const DRY_RUN = { "dry-run": "unchanged" };
const NULL_TIME = null as unknown as string;
const RBAC_V1 = "rbac.authorization.k8s.io/v1";
const RBAC_GROUP = "rbac.authorization.k8s.io";

/** create_role.go validResourceVerbs and specialVerbs; create_clusterrole.go validNonResourceVerbs. */
const VALID_RESOURCE_VERBS = ["*", "get", "delete", "list", "create", "update", "patch", "watch", "proxy", "deletecollection", "use", "bind", "escalate", "impersonate"];
const VALID_NON_RESOURCE_VERBS = ["*", "get", "post", "put", "delete", "patch", "head", "options"];
const SPECIAL_VERBS: Record<string, [string, string][]> = {
  use: [["policy", "podsecuritypolicies"], ["extensions", "podsecuritypolicies"]],
  bind: [[RBAC_GROUP, "roles"], [RBAC_GROUP, "clusterroles"]],
  escalate: [[RBAC_GROUP, "roles"], [RBAC_GROUP, "clusterroles"]],
  impersonate: [["", "users"], ["", "serviceaccounts"], ["", "groups"], ["authentication.k8s.io", "userextras"]],
};

function singleName(ctx: KubectlContext): string | CommandResult {
  if (ctx.args.length !== 1) return usageError(ctx.commandPath, `exactly one NAME is required, got ${ctx.args.length}`);
  return ctx.args[0]!;
}

const metadata = (ctx: KubectlContext, name: string): Record<string, unknown> => ({ creationTimestamp: NULL_TIME, name, ...(ctx.namespaceExplicit ? { namespace: ctx.namespace } : {}) });
const unique = (items: string[]): string[] => [...new Set(items)];

interface ResourceOption {
  group: string;
  resource: string;
  subresource: string;
}

/** Complete: verbs deduplicated (`*` wins), `--resource=resource.group/subresource` split, `*` alone wins. */
function ruleInputs(ctx: KubectlContext): { verbs: string[]; resources: ResourceOption[]; resourceNames: string[] } {
  const given = ctx.flags.strings("verb");
  const verbs = given.includes("*") ? ["*"] : unique(given);
  const resources: ResourceOption[] = [];
  for (const r of ctx.flags.strings("resource")) {
    const [head, subresource = ""] = r.split(/\/(.*)/s, 2) as [string, string | undefined];
    const dot = head.indexOf(".");
    const option = { resource: dot === -1 ? head : head.slice(0, dot), group: dot === -1 ? "" : head.slice(dot + 1), subresource };
    if (option.resource === "*" && dot === -1 && subresource === "" && !r.includes("/")) {
      resources.splice(0, resources.length, option);
      break;
    }
    resources.push(option);
  }
  return { verbs, resources, resourceNames: unique(ctx.flags.strings("resource-name")) };
}

/** The RESTMapper's ResourceFor: the plural and group of a resource name, short name or singular. */
function mapResource(r: ResourceOption): { group: string; resource: string } | undefined {
  const info = resolveResource(r.group ? `${r.resource}.${r.group}` : r.resource);
  return info ? { group: info.group, resource: info.plural } : undefined;
}

/** validateResource: special verbs only on their resources; unknown resources are the mapper's error. */
function validateResources(verbs: string[], resources: ResourceOption[]): string | undefined {
  for (const r of resources) {
    if (r.resource === "") return "error: resource must be specified if apiGroup/subresource specified";
    if (r.resource === "*") return undefined;
    const mapped = mapResource(r);
    const resource = mapped ?? { group: r.group, resource: r.resource };
    for (const verb of verbs) {
      const allowed = SPECIAL_VERBS[verb];
      if (allowed && !allowed.some(([g, res]) => g === resource.group && res === resource.resource)) {
        return `error: can not perform '${verb}' on '${resource.resource}' in group '${resource.group}'`;
      }
    }
    if (!mapped) return `the server doesn't have a resource type "${r.group ? `${r.resource}.${r.group}` : r.resource}"`;
  }
  return undefined;
}

/** generateResourcePolicyRules: one rule per API group, groups in sorted order, then the non-resource rule. */
function policyRules(verbs: string[], resources: ResourceOption[], resourceNames: string[], nonResourceURLs: string[]): PolicyRule[] {
  const byGroup = new Map<string, string[]>();
  for (const r of resources) {
    const mapped = mapResource(r) ?? { group: r.group, resource: r.resource };
    const name = r.subresource ? `${mapped.resource}/${r.subresource}` : mapped.resource;
    const list = byGroup.get(mapped.group) ?? [];
    if (!list.includes(name)) list.push(name);
    byGroup.set(mapped.group, list);
  }
  const rules: PolicyRule[] = [...byGroup.keys()].sort().map((group) => ({
    apiGroups: [group],
    ...(resourceNames.length > 0 ? { resourceNames } : {}),
    resources: byGroup.get(group)!,
    verbs,
  }));
  if (nonResourceURLs.length > 0) rules.push({ nonResourceURLs, verbs });
  return rules;
}

function verbWarnings(verbs: string[]): string {
  return verbs.filter((v) => !VALID_RESOURCE_VERBS.includes(v)).map((v) => `Warning: '${v}' is not a standard resource verb\n`).join("");
}

function withWarnings(result: CommandResult, warnings: string): CommandResult {
  return warnings ? { ...result, stderr: warnings + result.stderr } : result;
}

function createRole(ctx: KubectlContext): CommandResult {
  const name = singleName(ctx);
  if (typeof name !== "string") return name;
  const { verbs, resources, resourceNames } = ruleInputs(ctx);
  const check = checkWriteFlags(ctx);
  if (check) return check;
  if (verbs.length === 0) return fail("at least one verb must be specified");
  const warnings = verbWarnings(verbs);
  if (resources.length === 0) return withWarnings(fail("at least one resource must be specified"), warnings);
  const invalid = validateResources(verbs, resources);
  if (invalid) return withWarnings(failure(invalid), warnings);
  const role = { apiVersion: RBAC_V1, kind: "Role", metadata: metadata(ctx, name), rules: policyRules(verbs, resources, resourceNames, []) };
  return withWarnings(submitNew(ctx, role as KubeObject), warnings);
}

function createClusterRole(ctx: KubectlContext): CommandResult {
  const name = singleName(ctx);
  if (typeof name !== "string") return name;
  const { verbs, resources, resourceNames } = ruleInputs(ctx);
  const nonResourceURLs = unique(ctx.flags.strings("non-resource-url"));
  const aggregation = ctx.flags.string("aggregation-rule");
  const check = checkWriteFlags(ctx);
  if (check) return check;
  const meta = { creationTimestamp: NULL_TIME, name };
  if (aggregation !== "") {
    if (nonResourceURLs.length > 0 || verbs.length > 0 || resources.length > 0 || resourceNames.length > 0) {
      return fail("aggregation rule must be specified without nonResourceURLs, verbs, resources or resourceNames");
    }
    const matchLabels: Record<string, string> = {};
    for (const pair of aggregation.split(",")) {
      const [k, v] = pair.split(/=(.*)/s, 2) as [string, string | undefined];
      if (v === undefined) return fail(`invalid argument "${aggregation}" for "--aggregation-rule" flag: ${pair} must be formatted as key=value`);
      matchLabels[k] = v;
    }
    const sorted = Object.fromEntries(Object.entries(matchLabels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return submitNew(ctx, { aggregationRule: { clusterRoleSelectors: [{ matchLabels: sorted }] }, apiVersion: RBAC_V1, kind: "ClusterRole", metadata: meta, rules: null } as unknown as KubeObject);
  }
  if (verbs.length === 0) return fail("at least one verb must be specified");
  if (resources.length === 0 && nonResourceURLs.length === 0) return fail("one of resource or nonResourceURL must be specified");
  let warnings = "";
  if (resources.length > 0) {
    warnings = verbWarnings(verbs);
    const invalid = validateResources(verbs, resources);
    if (invalid) return withWarnings(failure(invalid), warnings);
  }
  if (nonResourceURLs.length > 0) {
    for (const v of verbs) if (!VALID_NON_RESOURCE_VERBS.includes(v)) return withWarnings(fail(`invalid verb: '${v}' for nonResourceURL`), warnings);
    for (const url of nonResourceURLs) {
      if (url === "*") continue;
      if (url === "" || !url.startsWith("/")) return withWarnings(fail("nonResourceURL should start with /"), warnings);
      if (url.slice(0, -1).includes("*")) return withWarnings(fail("nonResourceURL only supports wildcard matches when '*' is at the end"), warnings);
    }
  }
  const role = { apiVersion: RBAC_V1, kind: "ClusterRole", metadata: meta, rules: policyRules(verbs, resources, resourceNames, nonResourceURLs) };
  return withWarnings(submitNew(ctx, role as KubeObject), warnings);
}

/** create_rolebinding.go / create_clusterrolebinding.go: users, then groups, then ServiceAccounts. */
function subjects(ctx: KubectlContext): Record<string, string>[] | string {
  const out: Record<string, string>[] = [];
  for (const user of ctx.flags.strings("user")) out.push({ apiGroup: RBAC_GROUP, kind: "User", name: user });
  for (const group of ctx.flags.strings("group")) out.push({ apiGroup: RBAC_GROUP, kind: "Group", name: group });
  for (const sa of ctx.flags.strings("serviceaccount")) {
    const tokens = sa.split(":");
    if (tokens.length !== 2 || tokens[0] === "" || tokens[1] === "") return "serviceaccount must be <namespace>:<name>";
    out.push({ kind: "ServiceAccount", name: tokens[1]!, namespace: tokens[0]! });
  }
  return out;
}

function createRoleBinding(ctx: KubectlContext): CommandResult {
  const name = singleName(ctx);
  if (typeof name !== "string") return name;
  const check = checkWriteFlags(ctx);
  if (check) return check;
  const role = ctx.flags.string("role");
  const clusterRole = ctx.flags.string("clusterrole");
  if ((role === "") === (clusterRole === "")) return fail("exactly one of clusterrole or role must be specified");
  const subs = subjects(ctx);
  if (typeof subs === "string") return fail(subs);
  const binding = {
    apiVersion: RBAC_V1,
    kind: "RoleBinding",
    metadata: metadata(ctx, name),
    roleRef: { apiGroup: RBAC_GROUP, kind: role !== "" ? "Role" : "ClusterRole", name: role !== "" ? role : clusterRole },
    ...(subs.length > 0 ? { subjects: subs } : {}),
  };
  return submitNew(ctx, binding as KubeObject);
}

function createClusterRoleBinding(ctx: KubectlContext): CommandResult {
  const name = singleName(ctx);
  if (typeof name !== "string") return name;
  const check = checkWriteFlags(ctx);
  if (check) return check;
  const subs = subjects(ctx);
  if (typeof subs === "string") return fail(subs);
  const binding = {
    apiVersion: RBAC_V1,
    kind: "ClusterRoleBinding",
    metadata: { creationTimestamp: NULL_TIME, name },
    roleRef: { apiGroup: RBAC_GROUP, kind: "ClusterRole", name: ctx.flags.string("clusterrole") },
    ...(subs.length > 0 ? { subjects: subs } : {}),
  };
  return submitNew(ctx, binding as KubeObject);
}

function createServiceAccount(ctx: KubectlContext): CommandResult {
  const name = singleName(ctx);
  if (typeof name !== "string") return name;
  const check = checkWriteFlags(ctx);
  if (check) return check;
  return submitNew(ctx, { apiVersion: "v1", kind: "ServiceAccount", metadata: metadata(ctx, name) } as KubeObject);
}

const SA = kindNamed("ServiceAccount")!;

/** create_token.go: a TokenRequest on serviceaccounts/token; prints the token. */
function createToken(ctx: KubectlContext): CommandResult {
  // --duration is a time.Duration flag: pflag rejects a bad one before the command runs.
  const duration = parseGoDuration(ctx.flags.string("duration"));
  if (typeof duration === "string") return flagError(ctx.commandPath, `invalid argument "${ctx.flags.string("duration")}" for "--duration" flag: ${duration}`);
  const name = singleName(ctx);
  if (typeof name !== "string") return name;
  if (ctx.flags.string("bound-object-kind") !== "") return failure("kadet: 'kubectl create token --bound-object-kind' is not simulated yet");
  if (ctx.flags.string("output") !== "") return failure("kadet: 'kubectl create token -o' is not simulated yet");
  if (duration < 0) return fail("--duration must be greater than or equal to 0");
  if (duration % 1 !== 0) return fail("--duration cannot be expressed in units less than seconds");
  // The TokenRequest is a create on the serviceaccounts/token subresource: authorize it as such.
  const attrs = { user: ctx.user ?? { name: "", groups: [] }, verb: "create", resourceRequest: true, apiGroup: "", resource: "serviceaccounts", subresource: "token", namespace: ctx.namespace, name, path: "" };
  const decision = ctx.world.api.authorize(attrs);
  if (!decision.allowed) {
    return failure(`error: failed to create token: serviceaccounts "${name}" is forbidden: User ${JSON.stringify(attrs.user.name)} cannot create resource "serviceaccounts/token" in API group "" in the namespace ${JSON.stringify(ctx.namespace)}`);
  }
  const sa = ctx.world.api.get(SA, ctx.namespace, name);
  if (!sa.ok) return failure(`error: failed to create token: ${apiFailure(sa.error).stderr.replace(/^Error from server \(NotFound\): /, "")}`);
  const issued = issueServiceAccountToken({
    namespace: ctx.namespace,
    name,
    uid: sa.value.metadata.uid!,
    nowMs: ctx.world.clock.now(),
    jti: ctx.world.rng.uuid(),
    ...(duration > 0 ? { expirationSeconds: duration } : {}),
    audiences: ctx.flags.strings("audience"),
  });
  return ok(`${issued.token}\n`);
}

export const createRoleVerb = defineVerb({ name: "role", helpKey: "create-role", overrides: { noOptDefaults: DRY_RUN, slices: ["verb", "resource"] }, execute: createRole });
export const createClusterRoleVerb = defineVerb({
  name: "clusterrole",
  helpKey: "create-clusterrole",
  overrides: { noOptDefaults: DRY_RUN, slices: ["verb", "resource", "non-resource-url"] },
  execute: createClusterRole,
});
export const createRoleBindingVerb = defineVerb({ name: "rolebinding", helpKey: "create-rolebinding", overrides: { noOptDefaults: DRY_RUN }, execute: createRoleBinding });
export const createClusterRoleBindingVerb = defineVerb({
  name: "clusterrolebinding",
  helpKey: "create-clusterrolebinding",
  overrides: { noOptDefaults: DRY_RUN },
  requiredFlags: ["clusterrole"],
  execute: createClusterRoleBinding,
});
export const createServiceAccountVerb = defineVerb({ name: "serviceaccount", aliases: ["sa"], helpKey: "create-serviceaccount", overrides: { noOptDefaults: DRY_RUN }, execute: createServiceAccount });
export const createTokenVerb = defineVerb({ name: "token", helpKey: "create-token", execute: createToken });

export const RBAC_CREATE_VERBS = [createRoleVerb, createClusterRoleVerb, createRoleBindingVerb, createClusterRoleBindingVerb, createServiceAccountVerb, createTokenVerb];
