/**
 * A container's environment as the kubelet builds it (pkg/kubelet/kubelet_pods.go,
 * makeEnvironmentVariables): envFrom first, then env in order, each value with
 * `$(NAME)` references to the variables before it expanded and `$$` escaping a `$`;
 * ConfigMap/Secret keys and the downward API fields. The same expansion applies
 * to command and args (https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#use-environment-variables-to-define-arguments).
 * Missing references are config-refs.ts's job, before this runs.
 * Not modelled: the image's own ENV beyond PATH, and the Service variables (KUBERNETES_SERVICE_HOST...).
 */
import type { IContainer } from "kubernetes-models/v1";
import { kindNamed } from "../api/kinds.js";
import type { ApiServer } from "../api/server.js";
import type { Pod, StoredObject } from "../api/types.js";

const CONFIGMAP = kindNamed("ConfigMap")!;
const SECRET = kindNamed("Secret")!;

type Data = StoredObject & { data?: Record<string, string> };

/** `$(NAME)` → the variable's value when it is defined; `$$` → `$`; anything else stays as written (third_party/forked/golang/expansion). */
export function expandReferences(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) => (m === "$$" ? "$" : vars.has(name!) ? vars.get(name!)! : m));
}

function fieldValue(pod: Pod, path: string): string {
  const labels = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (labels) return (labels[1] === "labels" ? pod.metadata.labels : pod.metadata.annotations)?.[labels[2]!] ?? "";
  const values: Record<string, string | undefined> = {
    "metadata.name": pod.metadata.name,
    "metadata.namespace": pod.metadata.namespace,
    "metadata.uid": pod.metadata.uid,
    "spec.nodeName": pod.spec?.nodeName,
    "spec.serviceAccountName": pod.spec?.serviceAccountName,
    "status.podIP": pod.status?.podIP,
    "status.hostIP": pod.status?.hostIP,
  };
  return values[path] ?? "";
}

function decode(base64: string): string {
  try {
    return atob(base64);
  } catch {
    return base64;
  }
}

/** NAME=value words, in the order the process sees them. */
export function containerEnv(api: ApiServer, pod: Pod, container: IContainer | undefined, podIP: string): string[] {
  const ns = pod.metadata.namespace ?? "default";
  const vars = new Map<string, string>();
  const withIp: Pod = { ...pod, status: { ...pod.status, podIP } } as Pod;
  for (const from of container?.envFrom ?? []) {
    const source = from.configMapRef ? api.find<Data>(CONFIGMAP, ns, from.configMapRef.name ?? "") : from.secretRef ? api.find<Data>(SECRET, ns, from.secretRef.name ?? "") : undefined;
    for (const [k, v] of Object.entries(source?.data ?? {})) vars.set(`${from.prefix ?? ""}${k}`, from.secretRef ? decode(v) : v);
  }
  for (const env of container?.env ?? []) {
    const from = env.valueFrom;
    if (from?.configMapKeyRef) {
      const v = api.find<Data>(CONFIGMAP, ns, from.configMapKeyRef.name ?? "")?.data?.[from.configMapKeyRef.key];
      if (v !== undefined) vars.set(env.name, v);
    } else if (from?.secretKeyRef) {
      const v = api.find<Data>(SECRET, ns, from.secretKeyRef.name ?? "")?.data?.[from.secretKeyRef.key];
      if (v !== undefined) vars.set(env.name, decode(v));
    } else if (from?.fieldRef) vars.set(env.name, fieldValue(withIp, from.fieldRef.fieldPath));
    else if (!from) vars.set(env.name, expandReferences(env.value ?? "", vars));
  }
  const path = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  return [path, `HOSTNAME=${pod.spec?.hostname ?? pod.metadata.name}`, ...[...vars].map(([k, v]) => `${k}=${v}`), "HOME=/root"];
}

/** The variables as a map, for expanding command and args. */
export function envMap(env: readonly string[]): Map<string, string> {
  return new Map(env.map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]));
}
