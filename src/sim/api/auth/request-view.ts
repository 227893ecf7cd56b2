/**
 * One learner's requests to the API server: a view of the ApiServer whose
 * every read and write is first authorized for the request's user, the step
 * kube-apiserver's handler chain runs between authentication and admission.
 * Controllers, the scheduler and the kubelets use the ApiServer itself: they
 * run with their own bootstrap identities, which kadet does not check, so
 * they are not subject to RBAC here.
 */
import type { KindInfo } from "../kinds.js";
import type { KubeObject, StoredObject } from "../types.js";
import type { ApiError } from "../errors.js";
import { forbidden, ForbiddenRequest } from "./forbidden.js";
import type { Decision, RequestAttributes } from "./rbac.js";
import type { UserInfo } from "./user.js";

type Attrs = Omit<RequestAttributes, "user">;

const resource = (info: KindInfo, verb: string, namespace: string | undefined, name: string, subresource = ""): Attrs => ({
  verb,
  resourceRequest: true,
  apiGroup: info.group,
  resource: info.plural,
  subresource,
  namespace: info.namespaced ? namespace ?? "" : "",
  name,
  path: "",
});

const POD = { group: "", plural: "pods", namespaced: true } as KindInfo;
const CSR = { group: "certificates.k8s.io", plural: "certificatesigningrequests", namespaced: false } as KindInfo;

/** The request each guarded ApiServer method makes, as the API server's RequestInfo sees it. */
const GUARDS: Record<string, (...args: never[]) => Attrs> = {
  get: (info: KindInfo, namespace: string | undefined, name: string) => resource(info, "get", namespace, name),
  find: (info: KindInfo, namespace: string | undefined, name: string) => resource(info, "get", namespace, name),
  list: (info: KindInfo, namespace?: string) => resource(info, "list", namespace, ""),
  // A POST to the collection: the name is in the body, not in the request's attributes.
  create: (info: KindInfo, input: KubeObject, namespace: string | undefined) => resource(info, "create", input.metadata?.namespace ?? namespace ?? "default", ""),
  update: (info: KindInfo, input: KubeObject) => resource(info, "update", input.metadata?.namespace ?? "default", input.metadata?.name ?? ""),
  updateStatus: (info: KindInfo, input: KubeObject) => resource(info, "update", input.metadata?.namespace ?? "default", input.metadata?.name ?? "", "status"),
  delete: (info: KindInfo, namespace: string | undefined, name: string) => resource(info, "delete", namespace, name),
  podLog: (namespace: string, name: string) => resource(POD, "get", namespace, name, "log"),
  bind: (namespace: string, name: string) => resource(POD, "create", namespace, name, "binding"),
  updateApproval: (input: KubeObject) => resource(CSR, "update", undefined, input.metadata?.name ?? "", "approval"),
  evict: (namespace: string, name: string) => resource(POD, "create", namespace, name, "eviction"),
};

/** Methods whose last argument is their WriteOptions: the view names the requester there, as the request context does upstream. */
const REQUESTER_OPTION_AT: Record<string, number> = { create: 3, update: 2, updateApproval: 1, delete: 3 };

/** Methods that answer a Result: a refusal is their `{ ok: false }`; the others throw ForbiddenRequest. */
const RESULT_METHODS = new Set(["get", "create", "update", "updateStatus", "delete", "podLog", "bind", "evict", "updateApproval"]);

/**
 * Generic in the server type, so that this module need not import server.ts (which imports it).
 * `onWarnings` hears the warnings of every accepted write, as the client's warning handler does.
 */
export function requestView<Api extends object>(
  api: Api,
  user: UserInfo,
  decide: (attrs: RequestAttributes) => Decision,
  onWarnings?: (warnings: string[]) => void,
  /** A read whose stored values the server cannot turn back into objects (encryption at rest): its error. */
  unreadable?: (info: KindInfo, objects: readonly StoredObject[], list: boolean) => ApiError | undefined,
): Api {
  return new Proxy(api, {
    get(target, property, _receiver) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      const method = value as (...args: unknown[]) => unknown;
      const guard = typeof property === "string" ? GUARDS[property] : undefined;
      if (!guard) return method.bind(target);
      return (...args: unknown[]) => {
        const attrs: RequestAttributes = { user, ...(guard as (...a: unknown[]) => Attrs)(...args) };
        const decision = decide(attrs);
        if (!decision.allowed) {
          const error = forbidden(attrs, decision.reason);
          if (RESULT_METHODS.has(property as string)) return { ok: false, error };
          throw new ForbiddenRequest(error);
        }
        const at = REQUESTER_OPTION_AT[property as string];
        if (at !== undefined) {
          args = [...args];
          while (args.length < at) args.push(undefined);
          args[at] = { ...((args[at] as object | undefined) ?? {}), requester: user };
        }
        const answer = method.apply(target, args);
        const refusedRead = unreadable && readRefusal(property as string, args, answer, unreadable);
        if (refusedRead) {
          if (property === "get") return { ok: false, error: refusedRead };
          throw new ForbiddenRequest(refusedRead);
        }
        const warnings = (answer as { warnings?: unknown } | undefined)?.warnings;
        if (onWarnings && Array.isArray(warnings)) onWarnings(warnings as string[]);
        return answer;
      };
    },
  });
}

/** For get, find and list: the error of a read whose stored values cannot be read back. */
function readRefusal(property: string, args: unknown[], answer: unknown, unreadable: (info: KindInfo, objects: readonly StoredObject[], list: boolean) => ApiError | undefined): ApiError | undefined {
  const info = args[0] as KindInfo;
  if (property === "get") {
    const result = answer as { ok: boolean; value?: StoredObject };
    return result.ok && result.value ? unreadable(info, [result.value], false) : undefined;
  }
  if (property === "find") return answer ? unreadable(info, [answer as StoredObject], false) : undefined;
  if (property === "list") return unreadable(info, answer as StoredObject[], true);
  return undefined;
}
