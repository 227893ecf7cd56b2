/**
 * The learner's kubeconfig as data, in the shape client-go's clientcmd keeps
 * it after loading (api.Config: clusters, users and contexts as maps by name,
 * the current context, preferences). The file on disk is its YAML rendering
 * (shell/kubectl/kubeconfig-file.ts); this module knows what kadet writes into
 * it (kubeadm's admin.conf, one entry set per `sim context add`) and which
 * server the current context points at, which is how a cluster is found.
 */
import { NOT_SIMULATED_PEM_DATA } from "../world/kubeadm-files.js";

/** A context entry (v1 NamedContext.context). */
export interface KubeContext {
  cluster: string;
  user: string;
  namespace?: string;
  /** Fields kadet keeps but does not act on (extensions). */
  [field: string]: unknown;
}

/** Entries of client-go's api.Config that kadet reads or writes, as plain JSON-able data. */
export interface Kubeconfig {
  /** v1 Cluster fields by cluster name (`server`, `certificate-authority-data`, ...). */
  clusters: Record<string, Record<string, unknown>>;
  /** v1 AuthInfo fields by user name (`client-certificate-data`, `token`, ...). */
  users: Record<string, Record<string, unknown>>;
  contexts: Record<string, KubeContext>;
  /** "" when unset, as client-go keeps it. */
  currentContext: string;
  preferences: Record<string, unknown>;
  extensions?: unknown[];
}

/** kubeadm's admin.conf: one cluster, the kubernetes-admin user, one context, current. */
export function adminKubeconfig(input: { cluster: string; server: string; user: string; context: string }): Kubeconfig {
  return {
    clusters: { [input.cluster]: { server: input.server, "certificate-authority-data": NOT_SIMULATED_PEM_DATA } },
    users: { [input.user]: { "client-certificate-data": NOT_SIMULATED_PEM_DATA, "client-key-data": NOT_SIMULATED_PEM_DATA } },
    contexts: { [input.context]: { cluster: input.cluster, user: input.user } },
    currentContext: input.context,
    preferences: {},
  };
}

/** The entries `sim context add` merges in (as `kubectl config set-cluster/set-credentials/set-context` would); the current context stays. */
export function withAddedCluster(config: Kubeconfig | undefined, input: { cluster: string; server: string; user: string; context: string }): Kubeconfig {
  const added = adminKubeconfig(input);
  const base = config ?? { ...adminKubeconfig(input), clusters: {}, users: {}, contexts: {}, currentContext: "" };
  return {
    ...base,
    clusters: { ...base.clusters, ...added.clusters },
    users: { ...base.users, ...added.users },
    contexts: { ...base.contexts, ...added.contexts },
  };
}

/** Where a context leads, as client-go's ClientConfig resolves it before any request is made. */
export type ContextTarget =
  | { ok: true; context: string; server: string; namespace: string; user: string; hasUser: boolean }
  /** No context, or a context whose cluster has no server: client-go falls back to http://localhost:8080. */
  | { ok: false; reason: "no-server" }
  /** `--context X` or current-context X names no context in the file. */
  | { ok: false; reason: "context-not-found"; context: string };

/**
 * clientcmd's DirectClientConfig: `override` (--context) or the current
 * context; the context's cluster gives the server, its namespace (else
 * "default") the namespace commands use.
 */
export function resolveContext(config: Kubeconfig | undefined, override = ""): ContextTarget {
  const name = override !== "" ? override : (config?.currentContext ?? "");
  if (name === "") return { ok: false, reason: "no-server" };
  const context = config?.contexts[name];
  if (!context) return { ok: false, reason: "context-not-found", context: name };
  const server = config!.clusters[context.cluster]?.["server"];
  if (typeof server !== "string" || server === "") return { ok: false, reason: "no-server" };
  const namespace = typeof context.namespace === "string" && context.namespace !== "" ? context.namespace : "default";
  return { ok: true, context: name, server, namespace, user: context.user, hasUser: config!.users[context.user] !== undefined };
}
