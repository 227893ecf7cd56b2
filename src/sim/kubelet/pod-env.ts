/**
 * A container's environment as the kubelet builds it when it creates the
 * container (pkg/kubelet/kubelet_pods.go makeEnvironmentVariables) and as
 * containerd hands it to the process: the default PATH and HOSTNAME, the
 * image's ENV, then the kubelet's variables (envFrom, env with `$(VAR)`
 * expansion, valueFrom, and the service links of enableServiceLinks). It is
 * computed once, at container start, and never again: a ConfigMap changed
 * later does not reach a running container's environment.
 *
 * Upstream collects the kubelet's variables in Go maps and appends them in
 * map order, so their order differs from run to run; kadet keeps one fixed
 * order (envFrom keys sorted, then env as declared, then service links).
 */
import type { IContainer, IEnvVar } from "kubernetes-models/v1";
import { kindNamed } from "../api/kinds.js";
import type { ApiServer } from "../api/server.js";
import type { ConfigMap, Node, Pod, Secret, Service } from "../api/types.js";
import { parseQuantity } from "../core/quantity.js";

const CONFIGMAP = kindNamed("ConfigMap")!;
const SECRET = kindNamed("Secret")!;
const SERVICE = kindNamed("Service")!;

/** apimachinery validation.IsEnvVarName: what envFrom keys must look like to become variables. */
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

function decode(b64: string): string {
  return Buffer.from(b64, "base64").toString("utf8");
}

/** A key's value of a ConfigMap (data, else binaryData) or Secret (decoded), or undefined. */
export function configValue(obj: ConfigMap | Secret, key: string, secret: boolean): string | undefined {
  const data = (obj as { data?: Record<string, string> }).data ?? {};
  if (secret) return data[key] !== undefined ? decode(data[key]!) : undefined;
  if (data[key] !== undefined) return data[key];
  const binary = (obj as { binaryData?: Record<string, string> }).binaryData ?? {};
  return binary[key] !== undefined ? decode(binary[key]!) : undefined;
}

/** Every key of a ConfigMap or Secret with its value, sorted by key (byte order). */
export function configEntries(obj: ConfigMap | Secret, secret: boolean): [string, string][] {
  const keys = new Set([...Object.keys((obj as { data?: object }).data ?? {}), ...(secret ? [] : Object.keys((obj as { binaryData?: object }).binaryData ?? {}))]);
  return [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((k) => [k, configValue(obj, k, secret)!]);
}

/**
 * `$(VAR)` references (third_party/forked/golang/expansion): replaced when
 * VAR is defined earlier, kept as written when not; `$$` is a literal `$`.
 */
export function expandReferences(input: string, lookup: (name: string) => string | undefined): string {
  let out = "";
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (ch !== "$" || i + 1 >= input.length) {
      out += ch;
      continue;
    }
    const next = input[i + 1]!;
    if (next === "$") {
      out += "$";
      i++;
    } else if (next === "(") {
      const end = input.indexOf(")", i + 2);
      if (end === -1) {
        out += input.slice(i);
        break;
      }
      const name = input.slice(i + 2, end);
      const value = lookup(name);
      out += value ?? `$(${name})`;
      i = end;
    } else out += ch;
  }
  return out;
}

/** The downward API's fieldRef paths (pkg/api/v1/pod ConvertDownwardAPIFieldLabel's set). */
export function podFieldValue(pod: Pod, fieldPath: string): string | undefined {
  const labels = /^metadata\.labels\['(.+)'\]$/.exec(fieldPath);
  if (labels) return pod.metadata.labels?.[labels[1]!] ?? "";
  const annotations = /^metadata\.annotations\['(.+)'\]$/.exec(fieldPath);
  if (annotations) return pod.metadata.annotations?.[annotations[1]!] ?? "";
  switch (fieldPath) {
    case "metadata.name":
      return pod.metadata.name;
    case "metadata.namespace":
      return pod.metadata.namespace ?? "default";
    case "metadata.uid":
      return pod.metadata.uid;
    case "spec.nodeName":
      return pod.spec?.nodeName ?? "";
    case "spec.serviceAccountName":
      return pod.spec?.serviceAccountName ?? "default";
    case "status.hostIP":
      return pod.status?.hostIP ?? "";
    case "status.podIP":
      return pod.status?.podIP ?? "";
    case "status.hostIPs":
      return (pod.status?.hostIPs ?? []).map((i) => i.ip).join(",");
    case "status.podIPs":
      return (pod.status?.podIPs ?? []).map((i) => i.ip).join(",");
    default:
      return undefined;
  }
}

/**
 * resourceFieldRef (pkg/api/v1/resource ExtractContainerResourceValue): the
 * container's limit or request divided by the divisor, rounded up; an unset
 * limit is the node's allocatable amount.
 */
export function resourceFieldValue(container: IContainer, node: Node | undefined, resource: string, divisor: string | undefined): string | undefined {
  const [kind, name] = resource.split(".") as [string, string | undefined];
  if (!name || (kind !== "limits" && kind !== "requests")) return undefined;
  const own = (kind === "limits" ? container.resources?.limits : container.resources?.requests)?.[name];
  const fallback = kind === "limits" ? node?.status?.allocatable?.[name] : container.resources?.limits?.[name];
  const amount = own ?? fallback ?? (kind === "requests" ? "0" : undefined);
  if (amount === undefined) return undefined;
  const q = parseQuantity(String(amount));
  const d = parseQuantity(divisor ?? "1");
  if (!q || !d || d.milli === 0n) return undefined;
  return String((q.milli + d.milli - 1n) / d.milli);
}

/** pkg/kubelet/envvars FromServices: NAME_SERVICE_HOST, _SERVICE_PORT(_NAME), and the Docker-link variables. */
export function serviceLinkVariables(services: readonly Service[]): [string, string][] {
  const out: [string, string][] = [];
  for (const svc of services) {
    const ip = svc.spec?.clusterIP;
    if (!ip || ip === "None") continue;
    const prefix = svc.metadata.name.toUpperCase().replace(/-/g, "_");
    const ports = svc.spec?.ports ?? [];
    out.push([`${prefix}_SERVICE_HOST`, ip]);
    if (ports.length > 0) out.push([`${prefix}_SERVICE_PORT`, String(ports[0]!.port)]);
    for (const p of ports) if (p.name) out.push([`${prefix}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, "_")}`, String(p.port)]);
    ports.forEach((p, i) => {
      const protocol = (p.protocol ?? "TCP").toLowerCase();
      const url = `${protocol}://${ip}:${p.port}`;
      if (i === 0) out.push([`${prefix}_PORT`, url]);
      const base = `${prefix}_PORT_${p.port}_${protocol.toUpperCase()}`;
      out.push([base, url], [`${base}_PROTO`, protocol], [`${base}_PORT`, String(p.port)], [`${base}_ADDR`, ip]);
    });
  }
  return out;
}

/** The services whose variables a pod's containers get: its namespace's, plus the master service `kubernetes` (getServiceEnvVarMap). */
function linkedServices(api: ApiServer, namespace: string): Service[] {
  const own = api.list<Service>(SERVICE, namespace);
  const master = namespace === "default" ? [] : api.list<Service>(SERVICE, "default").filter((s) => s.metadata.name === "kubernetes");
  const byName = new Map<string, Service>();
  for (const s of [...master, ...own]) byName.set(s.metadata.name, s);
  return [...byName.values()].filter((s) => s.spec?.type !== "ExternalName").sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
}

/** What the kubelet sets for one container, in kadet's fixed order; missing optional references are skipped. */
export function kubeletEnvironment(api: ApiServer, pod: Pod, container: IContainer, node: Node | undefined): [string, string][] {
  const namespace = pod.metadata.namespace ?? "default";
  const vars = new Map<string, string>();
  for (const from of container.envFrom ?? []) {
    const secret = from.secretRef !== undefined;
    const name = (from.configMapRef ?? from.secretRef)?.name;
    if (!name) continue;
    const obj = api.find(secret ? SECRET : CONFIGMAP, namespace, name) as ConfigMap | Secret | undefined;
    if (!obj) continue;
    for (const [k, v] of configEntries(obj, secret)) {
      const key = `${from.prefix ?? ""}${k}`;
      // Invalid names are dropped (and reported by an InvalidEnvironmentVariableNames event upstream).
      if (ENV_VAR_NAME.test(key)) vars.set(key, v);
    }
  }
  const services = pod.spec?.enableServiceLinks === false ? [] : serviceLinkVariables(linkedServices(api, namespace));
  const serviceMap = new Map(services);
  for (const env of container.env ?? []) {
    const value = envValue(api, pod, container, node, env, (n) => vars.get(n) ?? serviceMap.get(n));
    if (value !== undefined) vars.set(env.name, value);
  }
  for (const [k, v] of services) if (!vars.has(k)) vars.set(k, v);
  return [...vars];
}

function envValue(api: ApiServer, pod: Pod, container: IContainer, node: Node | undefined, env: IEnvVar, lookup: (name: string) => string | undefined): string | undefined {
  const from = env.valueFrom;
  if (!from) return expandReferences(env.value ?? "", lookup);
  const namespace = pod.metadata.namespace ?? "default";
  if (from.configMapKeyRef || from.secretKeyRef) {
    const secret = from.secretKeyRef !== undefined;
    const ref = (from.configMapKeyRef ?? from.secretKeyRef)!;
    const obj = api.find(secret ? SECRET : CONFIGMAP, namespace, ref.name ?? "") as ConfigMap | Secret | undefined;
    return obj ? configValue(obj, ref.key, secret) : undefined;
  }
  if (from.fieldRef) return podFieldValue(pod, from.fieldRef.fieldPath);
  if (from.resourceFieldRef) return resourceFieldValue(container, node, from.resourceFieldRef.resource, from.resourceFieldRef.divisor === undefined ? undefined : String(from.resourceFieldRef.divisor));
  return undefined;
}

/**
 * The process environment containerd gives the container: the OCI default
 * PATH, HOSTNAME, the image's ENV (replacing same-named entries in place),
 * then the kubelet's variables the same way.
 */
export function containerEnvironment(imageEnv: readonly string[], hostname: string, kubelet: readonly [string, string][]): string[] {
  const env: string[] = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", `HOSTNAME=${hostname}`];
  const set = (entry: string) => {
    const name = entry.slice(0, entry.indexOf("=") === -1 ? entry.length : entry.indexOf("="));
    const at = env.findIndex((e) => e.startsWith(`${name}=`));
    if (at === -1) env.push(entry);
    else env[at] = entry;
  };
  for (const e of imageEnv) set(e);
  for (const [k, v] of kubelet) set(`${k}=${v}`);
  return env;
}
