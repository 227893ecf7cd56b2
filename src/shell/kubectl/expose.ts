/**
 * `kubectl expose (-f FILE | TYPE NAME | TYPE/NAME)`: builds a Service for a
 * pod, service, replication controller, deployment or replica set, taking its
 * selector, ports, protocols and labels from that object where the flags do
 * not give them, exactly as kubectl 1.32 does, and creates it through the API
 * (staging/src/k8s.io/kubectl/pkg/cmd/expose/expose.go and
 * pkg/polymorphichelpers: canbeexposed.go, mapbasedselectorforobject.go,
 * portsforobject.go, multiprotocolsforobject.go).
 * https://kubernetes.io/docs/reference/kubectl/generated/kubectl_expose/
 */
import type { KindInfo } from "../../sim/api/kinds.js";
import type { KubeObject } from "../../sim/api/types.js";
import { failure, type CommandResult } from "../types.js";
import { dryRunStrategy, kindOfManifest } from "./common.js";
import { serviceObject, submitService, type ServicePortSpec } from "./create-service.js";
import { apiErrorText } from "./errors.js";
import { readManifests } from "./manifests.js";
import { parseResourceArgs } from "./resources.js";
import { checkWriteFlags } from "./submit.js";
import { NO_RESOURCES_GIVEN } from "./targets.js";
import { defineVerb, type KubectlContext } from "./verb.js";

export const exposeVerb = defineVerb({
  name: "expose",
  helpKey: "expose",
  overrides: { slices: ["filename"], noOptDefaults: { "dry-run": "unchanged" } },
  execute: (ctx) => expose(ctx),
});

type Json = Record<string, unknown>;
type Result<T> = { ok: true; value: T } | { ok: false; error: string };

/** validation.DNS1035LabelMaxLength: the default service name is the object's name cut to this. */
const DNS1035_LABEL_MAX_LENGTH = 63;

/** canbeexposed.go: the group/kinds kubectl expose accepts. */
const EXPOSABLE = new Set(["/Pod", "/Service", "/ReplicationController", "apps/Deployment", "apps/ReplicaSet"]);

/** canBeExposed: `cannot expose a Node`, `cannot expose a DaemonSet.apps` (schema.GroupKind.String()). */
export function canBeExposed(info: Pick<KindInfo, "group" | "kind">): string | undefined {
  if (EXPOSABLE.has(`${info.group}/${info.kind}`)) return undefined;
  return `cannot expose a ${info.group ? `${info.kind}.${info.group}` : info.kind}`;
}

/** polymorphichelpers.MakeLabels: `k=v,k2=v2` (Go map order; callers parse it back into a map). */
function makeLabels(labels: Record<string, string> | undefined): string {
  return Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`).join(",");
}

/** The pod template's spec, or the pod's own, or undefined for a Service. */
function podSpecOf(obj: KubeObject): Json | undefined {
  const spec = (obj.spec ?? {}) as Json;
  if (obj.kind === "Pod") return spec;
  return ((spec.template as Json | undefined)?.spec as Json | undefined) ?? {};
}

/** Go's %+v of []metav1.LabelSelectorRequirement: `[{Key:tier Operator:In Values:[fe]}]`. */
function formatExpressions(expressions: { key?: string; operator?: string; values?: string[] }[]): string {
  return `[${expressions.map((e) => `{Key:${e.key ?? ""} Operator:${e.operator ?? ""} Values:[${(e.values ?? []).join(" ")}]}`).join(" ")}]`;
}

/** mapbasedselectorforobject.go mapBasedSelectorForObject, for the kinds canBeExposed lets through. */
export function mapBasedSelectorForObject(obj: KubeObject): Result<string> {
  const spec = (obj.spec ?? {}) as Json;
  switch (obj.kind) {
    case "ReplicationController":
      return { ok: true, value: makeLabels(spec.selector as Record<string, string> | undefined) };
    case "Pod": {
      const labels = obj.metadata?.labels;
      if (!labels || Object.keys(labels).length === 0) return { ok: false, error: "the pod has no labels and cannot be exposed" };
      return { ok: true, value: makeLabels(labels) };
    }
    case "Service":
      if (spec.selector === undefined || spec.selector === null) return { ok: false, error: "the service has no pod selector set" };
      return { ok: true, value: makeLabels(spec.selector as Record<string, string>) };
    case "Deployment":
    case "ReplicaSet": {
      const selector = spec.selector as { matchLabels?: Record<string, string>; matchExpressions?: { key?: string; operator?: string; values?: string[] }[] } | undefined;
      if (!selector || Object.keys(selector.matchLabels ?? {}).length === 0) {
        return { ok: false, error: `invalid ${obj.kind.toLowerCase()}: no selectors, therefore cannot be exposed` };
      }
      if ((selector.matchExpressions ?? []).length > 0) {
        return { ok: false, error: `couldn't convert expressions - "${formatExpressions(selector.matchExpressions!)}" to map-based selector format` };
      }
      return { ok: true, value: makeLabels(selector.matchLabels) };
    }
    default:
      return { ok: false, error: `cannot extract pod selector from *v1.${obj.kind}` };
  }
}

type PortLike = { containerPort?: number; port?: number; protocol?: string };

/** The container ports of a pod spec, or a Service's ports, in order. */
function portEntries(obj: KubeObject): { port: number; protocol: string }[] {
  const entries: PortLike[] = [];
  if (obj.kind === "Service") entries.push(...((((obj.spec ?? {}) as Json).ports as PortLike[] | undefined) ?? []));
  else for (const c of ((podSpecOf(obj)?.containers as { ports?: PortLike[] }[] | undefined) ?? [])) entries.push(...(c.ports ?? []));
  // Empty protocol must be defaulted (TCP), as multiprotocolsforobject.go does.
  return entries.map((p) => ({ port: (obj.kind === "Service" ? p.port : p.containerPort) ?? 0, protocol: p.protocol || "TCP" }));
}

/** portsforobject.go: the distinct port numbers, first occurrence first. */
export function portsForObject(obj: KubeObject): string[] {
  return [...new Set(portEntries(obj).map((p) => String(p.port)))];
}

/** multiprotocolsforobject.go: port number -> its protocols, in order. */
export function protocolsForObject(obj: KubeObject): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { port, protocol } of portEntries(obj)) out.set(String(port), [...(out.get(String(port)) ?? []), protocol]);
  return out;
}

/** expose.go parseLabels: `k=v,...` into a map, with its errors. */
function parseLabels(spec: string): Result<Record<string, string>> {
  if (spec === "") return { ok: false, error: "no label spec passed" };
  const labels: Record<string, string> = {};
  for (const item of spec.split(",")) {
    const parts = item.split("=");
    if (parts.length !== 2) return { ok: false, error: `unexpected label spec: ${item}` };
    if (parts[0] === "") return { ok: false, error: "unexpected empty label key" };
    labels[parts[0]!] = parts[1]!;
  }
  return { ok: true, value: labels };
}

/** strconv.Atoi with its error text. */
function atoi(text: string): Result<number> {
  if (!/^[+-]?[0-9]+$/.test(text)) return { ok: false, error: `strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax` };
  const value = Number(text);
  if (!Number.isSafeInteger(value)) return { ok: false, error: `strconv.Atoi: parsing ${JSON.stringify(text)}: value out of range` };
  return { ok: true, value };
}

/** The options RunExpose fills from the flags and then from each exposed object. */
export interface ExposeOptions {
  name: string;
  defaultName: string;
  selector: string;
  /** --port, or the exposed object's one port. */
  port: string;
  /** The exposed object's ports, when it has several and --port was not given. */
  ports: string;
  labels: string;
  externalIP: string;
  loadBalancerIP: string;
  type: string;
  protocol: string;
  /** port -> protocols of the exposed object. */
  protocols: Map<string, string[]>;
  targetPort: string;
  sessionAffinity: string;
  clusterIP: string;
  /** Set only when -n was given (EnforceNamespace). */
  namespace?: string;
}

/** expose.go createService: the Service for the options, or its error text. */
export function buildExposedService(o: ExposeOptions): Result<KubeObject> {
  if (o.selector === "") return { ok: false, error: "selector must be specified" };
  const selector = parseLabels(o.selector);
  if (!selector.ok) return selector;
  let labels: Record<string, string> | undefined;
  if (o.labels !== "") {
    const parsed = parseLabels(o.labels);
    if (!parsed.ok) return parsed;
    labels = parsed.value;
  }
  const name = o.name || o.defaultName;
  if (name === "") return { ok: false, error: "name must be specified" };
  // ports takes precedence over port: it is set only when --port was not given and the object has several.
  const portString = o.ports !== "" ? o.ports : o.port;
  const ports: ServicePortSpec[] = [];
  if (portString !== "") {
    const list = portString.split(",");
    for (const [i, text] of list.entries()) {
      const port = atoi(text);
      if (!port.ok) return port;
      const portName = list.length > 1 ? `port-${i + 1}` : undefined;
      let protocol = o.protocol;
      if (protocol === "") {
        protocol = "TCP";
        const found = o.protocols.get(text);
        if (found && found.length === 1) protocol = found[0]!;
        else if (found && found.length > 1) {
          // A port served over several protocols (53/UDP and 53/TCP) becomes one service port per protocol.
          for (const p of found) ports.push({ name: `port-${i + 1}-${p.toLowerCase()}`, protocol: p, port: port.value });
          continue;
        }
      }
      ports.push({ ...(portName ? { name: portName } : {}), protocol, port: port.value });
    }
  }
  for (const p of ports) p.targetPort = o.targetPort !== "" ? intstrParse(o.targetPort) : p.port;
  let sessionAffinity: string | undefined;
  if (o.sessionAffinity !== "") {
    if (o.sessionAffinity !== "None" && o.sessionAffinity !== "ClientIP") return { ok: false, error: `unknown session affinity: ${o.sessionAffinity}` };
    sessionAffinity = o.sessionAffinity;
  }
  return {
    ok: true,
    value: serviceObject({
      name,
      ...(o.namespace !== undefined ? { namespace: o.namespace } : {}),
      ...(labels ? { labels } : {}),
      selector: selector.value,
      ports,
      ...(o.clusterIP !== "" ? { clusterIP: o.clusterIP } : {}),
      ...(o.type !== "" ? { type: o.type } : {}),
      ...(o.externalIP !== "" ? { externalIPs: [o.externalIP] } : {}),
      ...(sessionAffinity ? { sessionAffinity } : {}),
      ...(o.type === "LoadBalancer" && o.loadBalancerIP !== "" ? { loadBalancerIP: o.loadBalancerIP } : {}),
    }),
  };
}

/** intstr.Parse: a number if strconv.Atoi takes it, else a name. */
function intstrParse(text: string): number | string {
  const n = atoi(text);
  return n.ok ? n.value : text;
}

/** The objects named on the command line or in -f files (the file's object as written: expose does not fetch it). */
async function exposedObjects(ctx: KubectlContext): Promise<Result<{ objects: { info: KindInfo; object: KubeObject }[]; errors: string[] }>> {
  const files = ctx.flags.strings("filename");
  const objects: { info: KindInfo; object: KubeObject }[] = [];
  const errors: string[] = [];
  if (files.length > 0) {
    const read = await readManifests(ctx.family, files, ctx.flags.bool("recursive"));
    if (!read.ok) return read;
    for (const { object } of read.manifests) {
      const info = kindOfManifest(object);
      if (!info) return { ok: false, error: `error: no matches for kind "${object.kind}" in version "${object.apiVersion}"` };
      objects.push({ info, object });
    }
    return { ok: true, value: { objects, errors } };
  }
  if (ctx.args.length === 0) return { ok: false, error: NO_RESOURCES_GIVEN };
  const parsed = parseResourceArgs(ctx.args);
  if (!parsed.ok) return parsed;
  if (!parsed.byName) return { ok: false, error: "error: resource(s) were provided, but no name was specified" };
  for (const request of parsed.requests) {
    for (const name of request.names) {
      const got = ctx.world.api.get(request.info, request.info.namespaced ? ctx.namespace : undefined, name);
      if (got.ok) objects.push({ info: request.info, object: got.value });
      else errors.push(apiErrorText(got.error));
    }
  }
  return { ok: true, value: { objects, errors } };
}

/** RunExpose: each object visited in turn, errors collected as the builder's ContinueOnError collects them. */
async function expose(ctx: KubectlContext): Promise<CommandResult> {
  const check = checkWriteFlags(ctx);
  if (check) return check;
  if (ctx.flags.string("overrides") !== "") return failure("kadet: 'kubectl expose --overrides' is not simulated yet");
  const found = await exposedObjects(ctx);
  if (!found.ok) return failure(found.error);
  // One options value for the whole run, as upstream: what the first object fills in
  // (selector, port, labels) stays for the next ones.
  const o: ExposeOptions = {
    name: ctx.flags.string("name"),
    defaultName: "",
    selector: ctx.flags.string("selector"),
    port: ctx.flags.string("port"),
    ports: "",
    labels: ctx.flags.string("labels"),
    externalIP: ctx.flags.string("external-ip"),
    loadBalancerIP: ctx.flags.string("load-balancer-ip"),
    type: ctx.flags.string("type"),
    protocol: ctx.flags.string("protocol"),
    protocols: new Map(),
    targetPort: ctx.flags.string("target-port"),
    sessionAffinity: ctx.flags.string("session-affinity"),
    clusterIP: ctx.flags.string("cluster-ip"),
    ...(ctx.namespaceExplicit ? { namespace: ctx.namespace } : {}),
  };
  const dry = dryRunStrategy(ctx);
  const warning = dry.ok ? dry.warning : "";
  let stdout = "";
  const errors = [...found.value.errors];
  for (const { info, object } of found.value.objects) {
    const result = exposeOne(ctx, o, info, object);
    if (typeof result === "string") errors.push(result.replace(warning, ""));
    else stdout += result.stdout;
  }
  return { stdout, stderr: warning + checkErrText(errors), exitCode: errors.length === 0 ? 0 : 1 };
}

/**
 * cmdutil.CheckErr on the visitor's aggregate: one error alone gets the
 * "error: " prefix (API statuses keep their own wording); several are
 * printed one a line as MultipleErrors prints them.
 */
function checkErrText(errors: string[]): string {
  if (errors.length === 0) return "";
  if (errors.length > 1) return errors.map((e) => `${e.replace(/^error: /, "")}\n`).join("");
  const only = errors[0]!;
  return `${/^(error: |Error from server|The \w+ ".*" is invalid)/.test(only) ? only : `error: ${only}`}\n`;
}

/** The body of RunExpose's visitor for one object: the result of creating its service, or an error text. */
function exposeOne(ctx: KubectlContext, o: ExposeOptions, info: KindInfo, object: KubeObject): CommandResult | string {
  const refused = canBeExposed(info);
  if (refused) return refused;
  o.defaultName = (object.metadata?.name ?? "").slice(0, DNS1035_LABEL_MAX_LENGTH);
  if (o.selector === "") {
    const selector = mapBasedSelectorForObject(object);
    if (!selector.ok) return `couldn't retrieve selectors via --selector flag or introspection: ${selector.error}`;
    o.selector = selector.value;
  }
  if (o.port === "") {
    const ports = portsForObject(object);
    if (ports.length === 0 && o.clusterIP !== "None") return "couldn't find port via --port flag or introspection";
    if (ports.length === 1) o.port = ports[0]!;
    else if (ports.length > 1) o.ports = ports.join(",");
  }
  const protocols = protocolsForObject(object);
  if (protocols.size > 0) o.protocols = protocols;
  if (o.labels === "") o.labels = makeLabels(object.metadata?.labels);
  const built = buildExposedService(o);
  if (!built.ok) return built.error;
  const result = submitService(ctx, built.value, "exposed", apiErrorText);
  if (result.exitCode !== 0) return result.stderr.trimEnd();
  return result;
}
