/**
 * `kubectl create service clusterip|nodeport NAME --tcp=PORT[:TARGET]`: builds
 * the Service exactly as kubectl 1.32 does (selector and label app=NAME, one
 * port per --tcp named after it, `80:8080` -> `80-8080`) and sends it through
 * the API so admission defaults and validates it
 * (staging/src/k8s.io/kubectl/pkg/cmd/create/create_service.go).
 * Also home of submitService, the write step `kubectl expose` shares.
 * https://kubernetes.io/docs/reference/kubectl/generated/kubectl_create/kubectl_create_service/
 */
import { kindNamed } from "../../sim/api/kinds.js";
import { portNameErrors } from "../../sim/api/admission/messages.js";
import type { ApiError } from "../../sim/api/errors.js";
import type { KubeObject } from "../../sim/api/types.js";
import { failure, ok, type CommandResult } from "../types.js";
import { dryRunStrategy, operationLine, withoutNulls } from "./common.js";
import { fail, usageError } from "./errors.js";
import { parseOutputFormat, printObjects } from "./output.js";
import { checkWriteFlags } from "./submit.js";
import { defineVerb, type KubectlContext } from "./verb.js";

const NULL_TIME = null as unknown as string;
const DRY_RUN = { "dry-run": "unchanged" };

/** One entry of spec.ports, keys in Go's ServicePort field order (name, protocol, port, targetPort, nodePort). */
export interface ServicePortSpec {
  name?: string;
  protocol: string;
  port: number;
  targetPort?: number | string;
  nodePort?: number;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * create_service.go parsePorts: `PORT` or `PORT:TARGET`. The port goes
 * through utilsnet.ParsePort (strconv.ParseUint, zero allowed); a numeric
 * target must be a valid port number, any other target a valid port name.
 * Anything after a second colon is ignored, as upstream ignores it.
 */
export function parseTcpSpec(text: string): Parsed<{ port: number; targetPort: number | string }> {
  const [portText = "", targetText] = text.split(":");
  const port = parseUint16(portText);
  if (!port.ok) return port;
  if (targetText === undefined) return { ok: true, value: { port: port.value, targetPort: port.value } };
  const asInt = atoi(targetText);
  if (asInt === undefined) {
    const errs = portNameErrors(targetText);
    return errs.length > 0 ? { ok: false, error: errs.join(",") } : { ok: true, value: { port: port.value, targetPort: targetText } };
  }
  if (asInt < 1 || asInt > 65535) return { ok: false, error: "must be between 1 and 65535, inclusive" };
  return { ok: true, value: { port: port.value, targetPort: asInt } };
}

/** strconv.ParseUint(s, 10, 16) with its error texts. */
function parseUint16(text: string): Parsed<number> {
  if (!/^[0-9]+$/.test(text)) return { ok: false, error: `strconv.ParseUint: parsing ${JSON.stringify(text)}: invalid syntax` };
  const value = Number(text);
  if (value > 65535) return { ok: false, error: `strconv.ParseUint: parsing ${JSON.stringify(text)}: value out of range` };
  return { ok: true, value };
}

/** strconv.Atoi: an optionally signed decimal that fits in 64 bits, else undefined. */
function atoi(text: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const value = Number(text);
  return Math.abs(value) <= Number.MAX_SAFE_INTEGER ? value : undefined;
}

export interface ServiceDraft {
  name: string;
  /** Set only when -n was given (kubectl's EnforceNamespace). */
  namespace?: string;
  labels?: Record<string, string>;
  selector?: Record<string, string>;
  ports: ServicePortSpec[];
  clusterIP?: string;
  type?: string;
  externalIPs?: string[];
  sessionAffinity?: string;
  loadBalancerIP?: string;
}

/**
 * A corev1.Service as kubectl serialises what it built: Go field order,
 * empty fields omitted, `creationTimestamp: null`, `status.loadBalancer: {}`.
 */
export function serviceObject(draft: ServiceDraft): KubeObject {
  const sortedMap = (m: Record<string, string>) => Object.fromEntries(Object.keys(m).sort().map((k) => [k, m[k]!]));
  const spec: Record<string, unknown> = {};
  if (draft.ports.length > 0) spec.ports = draft.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), protocol: p.protocol, port: p.port, ...(p.targetPort !== undefined ? { targetPort: p.targetPort } : {}), ...(p.nodePort ? { nodePort: p.nodePort } : {}) }));
  if (draft.selector && Object.keys(draft.selector).length > 0) spec.selector = sortedMap(draft.selector);
  if (draft.clusterIP) spec.clusterIP = draft.clusterIP;
  if (draft.type) spec.type = draft.type;
  if (draft.externalIPs && draft.externalIPs.length > 0) spec.externalIPs = draft.externalIPs;
  if (draft.sessionAffinity) spec.sessionAffinity = draft.sessionAffinity;
  if (draft.loadBalancerIP) spec.loadBalancerIP = draft.loadBalancerIP;
  return {
    kind: "Service",
    apiVersion: "v1",
    metadata: {
      name: draft.name,
      ...(draft.namespace !== undefined ? { namespace: draft.namespace } : {}),
      creationTimestamp: NULL_TIME,
      ...(draft.labels && Object.keys(draft.labels).length > 0 ? { labels: sortedMap(draft.labels) } : {}),
    },
    spec,
    status: { loadBalancer: {} },
  };
}

/**
 * The write step of `create service` and `expose`: under --dry-run=client
 * print what was built; otherwise create it (server dry run if asked) and
 * print the server's object or the operation line (`service/web exposed`).
 * `describeError` words a server error: expose prints the API status as is,
 * create service wraps it as `failed to create ClusterIP service: ...`.
 */
export function submitService(ctx: KubectlContext, service: KubeObject, operation: "created" | "exposed", describeError: (error: ApiError) => string): CommandResult {
  const out = parseOutputFormat(ctx.flags.string("output"), false);
  if (!out.ok) return failure(out.error);
  const dry = dryRunStrategy(ctx);
  if (!dry.ok) return failure(dry.error);
  let result: KubeObject = service;
  let clientBuilt = true;
  if (dry.value !== "client") {
    const created = ctx.world.api.create(kindNamed("Service")!, withoutNulls(service), ctx.namespace, { dryRun: dry.value === "server" });
    if (!created.ok) return { ...failure(describeError(created.error)), stderr: `${dry.warning}${describeError(created.error)}\n` };
    result = created.value;
    clientBuilt = false;
  }
  const format = out.format;
  if (!format || format.kind === "name") {
    return { stdout: operationLine(result, operation, dry.value, format?.kind === "name"), stderr: dry.warning, exitCode: 0 };
  }
  const printed = printObjects([result as never], format, { now: ctx.world.clock.now(), single: true, keyOrder: clientBuilt ? "asIs" : "sorted" });
  if ("error" in printed) return failure(printed.error);
  return { ...ok(printed.stdout), stderr: dry.warning };
}

type ServiceType = "ClusterIP" | "NodePort";

/** ServiceOptions Complete + Validate + createService + Run, for one service type. */
function createService(ctx: KubectlContext, type: ServiceType): CommandResult {
  if (ctx.args.length !== 1) return usageError(ctx.commandPath, `exactly one NAME is required, got ${ctx.args.length}`);
  const name = ctx.args[0]!;
  const check = checkWriteFlags(ctx);
  if (check) return check;
  const clusterIP = type === "ClusterIP" ? ctx.flags.string("clusterip") : "";
  const tcp = ctx.flags.strings("tcp");
  if (clusterIP !== "None" && tcp.length === 0) return fail("at least one tcp port specifier must be provided");
  const nodePort = type === "NodePort" ? ctx.flags.int("node-port") : 0;
  const ports: ServicePortSpec[] = [];
  for (const spec of tcp) {
    const parsed = parseTcpSpec(spec);
    if (!parsed.ok) return fail(parsed.error);
    ports.push({ name: spec.replaceAll(":", "-"), protocol: "TCP", port: parsed.value.port, targetPort: parsed.value.targetPort, nodePort });
  }
  const service = serviceObject({
    name,
    ...(ctx.namespaceExplicit ? { namespace: ctx.namespace } : {}),
    labels: { app: name },
    selector: { app: name },
    ports,
    ...(clusterIP !== "" ? { clusterIP } : {}),
    type,
  });
  // Run: `fmt.Errorf("failed to create %s service: %v", o.Type, err)`, so no "Error from server" prefix.
  return submitService(ctx, service, "created", (error) => `error: failed to create ${type} service: ${error.message}`);
}

export const createServiceClusterIPVerb = defineVerb({
  name: "clusterip",
  helpKey: "create-service-clusterip",
  overrides: { slices: ["tcp"], noOptDefaults: DRY_RUN },
  execute: (ctx) => createService(ctx, "ClusterIP"),
});

export const createServiceNodePortVerb = defineVerb({
  name: "nodeport",
  helpKey: "create-service-nodeport",
  overrides: { slices: ["tcp"], noOptDefaults: DRY_RUN },
  execute: (ctx) => createService(ctx, "NodePort"),
});

/** `kubectl create service` (alias svc): a group; loadbalancer and externalname are not modelled yet. */
export const createServiceVerb = defineVerb({
  name: "service",
  aliases: ["svc"],
  helpKey: "create-service",
  subcommands: [createServiceClusterIPVerb, createServiceNodePortVerb],
  unsimulated: ["loadbalancer", "externalname"],
});
