/**
 * `kubectl auth can-i` and `kubectl auth whoami`, ported from
 * staging/src/k8s.io/kubectl/pkg/cmd/auth (cani.go, whoami.go). can-i asks the
 * API server's authorizer (a SelfSubjectAccessReview, or a
 * SelfSubjectRulesReview for --list) as the request's user, so `--as` checks
 * someone else's rights; whoami prints the SelfSubjectReview's user.
 * The reviews themselves are always allowed (system:basic-user grants them to
 * every authenticated user), so they are not authorized again here.
 * Not simulated: `auth reconcile`, `-o` for whoami.
 */
import { resolveResource } from "../../sim/api/kinds.js";
import { rulesFor, type PolicyRule } from "../../sim/api/auth/rbac.js";
import { SYSTEM_MASTERS, type UserInfo } from "../../sim/api/auth/user.js";
import type { CommandResult } from "../types.js";
import { failure, ok } from "../types.js";
import { fail } from "./errors.js";
import { printAccessList } from "./auth-rules.js";
import { formatTabular } from "./printers/table.js";
import { defineVerb, type KubectlContext } from "./verb.js";

/** cani.go resourceVerbs / nonResourceURLVerbs: other verbs get a warning, not an error. */
const RESOURCE_VERBS = new Set(["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "use", "bind", "impersonate", "*", "approve", "sign", "escalate", "attest"]);
const NON_RESOURCE_VERBS = new Set(["get", "put", "post", "head", "options", "delete", "patch", "*"]);
/** Resources the server authorizes but discovery does not list (the impersonate verb's). */
const NON_STANDARD_RESOURCES = new Set(["users", "groups"]);

/** WarningPrinter.Print: "Warning: " + message + "\n" (cani.go's messages end in "\n" already, hence the blank line real kubectl prints). */
const warning = (message: string): string => `Warning: ${message}\n`;

interface Resource {
  group: string;
  resource: string;
  namespaced: boolean | undefined;
}

/** CanIOptions.resourceFor: the REST mapping of TYPE, or TYPE itself with a warning. */
function resourceFor(arg: string, warnings: string[]): Resource {
  if (arg === "*") return { group: "", resource: "*", namespaced: true };
  const lower = arg.toLowerCase();
  const info = resolveResource(lower);
  if (info) return { group: info.group, resource: info.plural, namespaced: info.namespaced };
  const dot = lower.indexOf(".");
  const groupResource = dot === -1 ? { resource: lower, group: "" } : { resource: lower.slice(0, dot), group: lower.slice(dot + 1) };
  const printed = groupResource.group ? `${groupResource.resource}.${groupResource.group}` : groupResource.resource;
  if (!NON_STANDARD_RESOURCES.has(printed)) {
    warnings.push(warning(groupResource.group ? `the server doesn't have a resource type '${groupResource.resource}' in group '${groupResource.group}'\n` : `the server doesn't have a resource type '${groupResource.resource}'\n`));
  }
  return { group: "", resource: arg, namespaced: undefined };
}

function userOf(ctx: KubectlContext): UserInfo {
  return ctx.user ?? { name: "", groups: [] };
}

function canI(ctx: KubectlContext): CommandResult {
  const list = ctx.flags.bool("list");
  const quiet = ctx.flags.bool("quiet");
  const allNamespaces = ctx.flags.bool("all-namespaces");
  const subresource = ctx.flags.string("subresource");
  const noHeaders = ctx.flags.bool("no-headers");
  const args = ctx.args;
  const warnings: string[] = [];
  let verb = "";
  let nonResourceURL = "";
  let resource: Resource | undefined;
  let name = "";
  if (list) {
    if (args.length !== 0) return fail("list option must be specified with no arguments");
  } else {
    if (args.length !== 2) return fail("you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.");
    verb = args[0]!;
    if (args[1]!.startsWith("/")) nonResourceURL = args[1]!;
    else {
      const [type, resourceName] = args[1]!.split(/\/(.*)/s, 2) as [string, string | undefined];
      resource = resourceFor(type, warnings);
      name = resourceName ?? "";
    }
  }
  const namespace = allNamespaces ? "" : ctx.namespace;
  if (list) {
    if (quiet || allNamespaces || subresource !== "") return fail("list option can't be specified with neither quiet, all-namespaces nor subresource options");
    return { ...listAccess(ctx, namespace, noHeaders), stderr: warnings.join("") };
  }
  if (nonResourceURL !== "") {
    if (subresource !== "") return fail("--subresource can not be used with NonResourceURL");
    if (!NON_RESOURCE_VERBS.has(verb)) warnings.push(warning(`verb '${verb}' is not a known verb\n`));
  } else if (resource && !allNamespaces) {
    if (resource.namespaced === false) {
      warnings.push(warning(resource.group ? `resource '${resource.resource}' is not namespace scoped in group '${resource.group}'\n` : `resource '${resource.resource}' is not namespace scoped\n`));
    }
    if (!RESOURCE_VERBS.has(verb)) warnings.push(warning(`verb '${verb}' is not a known verb\n`));
  }
  if (noHeaders) {
    const refused = fail("--no-headers cannot be set without --list specified");
    return { ...refused, stderr: warnings.join("") + refused.stderr };
  }

  const decision = ctx.world.api.authorize({
    user: userOf(ctx),
    verb,
    resourceRequest: nonResourceURL === "",
    apiGroup: resource?.group ?? "",
    resource: resource?.resource ?? "",
    subresource,
    namespace: nonResourceURL === "" ? namespace : "",
    name,
    path: nonResourceURL,
  });
  // A denial's reason (a binding to a missing role) follows "no", as SubjectAccessReviewStatus.Reason.
  const answer = decision.allowed ? "yes\n" : decision.reason ? `no - ${decision.reason}\n` : "no\n";
  return { stdout: quiet ? "" : answer, stderr: warnings.join(""), exitCode: decision.allowed ? 0 : 1 };
}

/** SelfSubjectRulesReview: the privileged group's rules (authorizerfactory.NewPrivilegedGroups), then RBAC's. */
function listAccess(ctx: KubectlContext, namespace: string, noHeaders: boolean): CommandResult {
  const user = userOf(ctx);
  const rules: PolicyRule[] = [];
  if (user.groups.includes(SYSTEM_MASTERS)) rules.push({ verbs: ["*"], apiGroups: ["*"], resources: ["*"] }, { verbs: ["*"], nonResourceURLs: ["*"] });
  const resolved = rulesFor(ctx.world.api.rbacSource(), user, namespace);
  rules.push(...resolved.rules);
  // status.Incomplete with the resolution errors as EvaluationError (Print adds the newline).
  const incomplete = resolved.errors.length > 0 ? warning(`the list may be incomplete: ${[...new Set(resolved.errors)].length === 1 ? resolved.errors[0] : `[${[...new Set(resolved.errors)].join(", ")}]`}`) : "";
  return { stdout: printAccessList(rules, noHeaders), stderr: incomplete, exitCode: 0 };
}

/** whoami.go printTableSelfSubjectAccessReview. */
export function whoamiTable(user: UserInfo): string {
  const rows: string[][] = [["ATTRIBUTE", "VALUE"]];
  if (user.name) rows.push(["Username", user.name]);
  if (user.uid) rows.push(["UID", user.uid]);
  if (user.groups.length > 0) rows.push(["Groups", `[${user.groups.join(" ")}]`]);
  for (const key of Object.keys(user.extra ?? {}).sort()) rows.push([`Extra: ${key}`, `[${user.extra![key]!.join(" ")}]`]);
  return formatTabular(rows);
}

function whoami(ctx: KubectlContext): CommandResult {
  if (ctx.flags.string("output") !== "") return failure(`kadet: 'kubectl auth whoami -o ${ctx.flags.string("output")}' is not simulated yet`);
  return ok(whoamiTable(userOf(ctx)));
}

export const authCanIVerb = defineVerb({ name: "can-i", helpKey: "auth-can-i", execute: canI });
export const authWhoamiVerb = defineVerb({ name: "whoami", helpKey: "auth-whoami", execute: whoami });
export const authVerb = defineVerb({ name: "auth", helpKey: "auth", subcommands: [authCanIVerb, authWhoamiVerb], unsimulated: ["reconcile"] });


