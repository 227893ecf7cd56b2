/**
 * Semantic validation, in the words of the API server's validators:
 * pkg/apis/core/validation/validation.go (ObjectMeta, PodSpec, containers,
 * Service, ConfigMap, Secret, Namespace), pkg/apis/apps/validation
 * (Deployment, ReplicaSet, DaemonSet, StatefulSet) and
 * pkg/apis/batch/validation (Job, CronJob). It runs on defaulted objects;
 * `old` is the stored object on update. Errors come out in upstream's order.
 */
import { isKnownTimeZone, parseStandard } from "../../core/cron-schedule.js";
import { roleRefUpdateErrors } from "../auth/binding-validation.js";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { ILabelSelector } from "@kubernetes-models/apimachinery/apis/meta/v1/LabelSelector";
import { fromLabelSelector, matches } from "../../core/labels.js";
import { compareQuantities, canonicalQuantity, isQuantity } from "../../core/quantity.js";
import type { FieldError } from "../errors.js";
import { validateNodeAffinity } from "./validation-affinity.js";
import { validatePodAffinity, validateTopologySpreadConstraints } from "./validation-pod-scheduling.js";
import type { KindInfo } from "../kinds.js";
import type { KubeObject } from "../types.js";
import { validateConfigUpdate } from "./config-immutable.js";
import { validateCertificateSigningRequest } from "./validation-certificates.js";
import {
  IMMUTABLE_ERROR,
  NEGATIVE_ERROR,
  PORT_RANGE_ERROR,
  SELECTOR_MISMATCH_ERROR,
  configKeyErrors,
  dns1035LabelErrors,
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  duplicate,
  forbidden,
  goLabelSelector,
  goIntOrString,
  goStringMap,
  invalidGoValue,
  invalidValue,
  labelValueErrors,
  notFoundValue,
  PERCENT_ERROR,
  portNameErrors,
  qualifiedNameErrors,
  required,
  tooLong,
  unsupported,
} from "./messages.js";

type Json = Record<string, unknown>;
type ResourceList = Record<string, string | number>;

const RESTART_POLICIES = ["Always", "Never", "OnFailure"];
const DNS_POLICIES = ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"];
const PULL_POLICIES = ["Always", "IfNotPresent", "Never"];
const PROTOCOLS = ["SCTP", "TCP", "UDP"];
const SERVICE_TYPES = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
const SESSION_AFFINITIES = ["ClientIP", "None"];

/**
 * The `pod updates may not change fields other than ...` list of
 * ValidatePodUpdate (1.32, InPlacePodVerticalScaling off), joined with ",".
 */
export const POD_UPDATE_FORBIDDEN =
  "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

/** Which name rule each kind's metadata.name follows (ValidateXName in upstream). */
function nameErrors(kind: string, name: string): string[] {
  switch (kind) {
    case "Namespace":
      return dns1123LabelErrors(name);
    // ValidateCertificateRequestName: "We don't care what you call your certificate requests."
    case "CertificateSigningRequest":
      return [];
    case "Service":
      return dns1035LabelErrors(name);
    // ValidateRBACName = path.IsValidPathSegmentName: `system:aggregate-to-admin` is a valid name.
    case "Role":
    case "ClusterRole":
    case "RoleBinding":
    case "ClusterRoleBinding":
      return name === "." || name === ".." ? [`may not be '${name}'`] : ["/", "%"].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
    default:
      return dns1123SubdomainErrors(name);
  }
}

export function validate(obj: KubeObject, info: KindInfo, old?: KubeObject): FieldError[] {
  const errs: FieldError[] = [...validateObjectMeta(obj, info)];
  const spec = obj.spec as Json | undefined;
  switch (info.kind) {
    case "RoleBinding":
    case "ClusterRoleBinding":
      if (old) errs.push(...roleRefUpdateErrors(obj, old));
      break;
    case "Pod":
      errs.push(...validatePodSpec((spec ?? {}) as unknown as IPodSpec, "spec"));
      if (old) errs.push(...validatePodUpdate(obj, old));
      break;
    case "Deployment":
    case "ReplicaSet":
    case "DaemonSet":
    case "StatefulSet":
      errs.push(...validateWorkload(info.kind, spec ?? {}));
      if (old) errs.push(...validateSelectorImmutable(spec, old));
      break;
    case "Job":
      errs.push(...validateJobSpec(spec ?? {}, "spec"));
      break;
    case "CronJob": {
      if (!spec?.schedule) errs.push(required("spec.schedule"));
      else errs.push(...validateCronSchedule(spec.schedule as string, spec.timeZone as string | undefined, old as Json | undefined));
      const jobTemplate = (spec?.jobTemplate as Json | undefined)?.spec as Json | undefined;
      errs.push(...validateJobSpec(jobTemplate ?? {}, "spec.jobTemplate.spec"));
      break;
    }
    case "Service":
      errs.push(...validateServiceSpec(spec ?? {}));
      break;
    case "CertificateSigningRequest":
      errs.push(...validateCertificateSigningRequest(obj, old));
      break;
    case "PodDisruptionBudget":
      errs.push(...validatePodDisruptionBudgetSpec(spec ?? {}));
      break;
    case "ConfigMap":
    case "Secret":
      if (old) errs.push(...validateConfigUpdate(info.kind, obj, old));
      errs.push(...validateConfigKeys(obj));
      break;
  }
  return errs;
}

// ---------------------------------------------------------------- metadata

function validateObjectMeta(obj: KubeObject, info: KindInfo): FieldError[] {
  const errs: FieldError[] = [];
  const meta = obj.metadata ?? {};
  if (meta.name) for (const msg of nameErrors(info.kind, meta.name)) errs.push(invalidValue("metadata.name", meta.name, msg));
  if (info.namespaced && meta.namespace) {
    for (const msg of dns1123LabelErrors(meta.namespace)) errs.push(invalidValue("metadata.namespace", meta.namespace, msg));
  }
  errs.push(...validateLabels(meta.labels, "metadata.labels"));
  for (const key of Object.keys(meta.annotations ?? {})) {
    for (const msg of qualifiedNameErrors(key.toLowerCase())) errs.push(invalidValue("metadata.annotations", key, msg));
  }
  // ValidateAnnotationsSize: keys and values together, in bytes.
  let annotationBytes = 0;
  for (const [key, value] of Object.entries(meta.annotations ?? {})) annotationBytes += utf8Length(key) + utf8Length(String(value));
  if (annotationBytes > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(tooLong("metadata.annotations", TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}

/** apimachinery's TotalAnnotationSizeLimitB (256 KiB) and core's MaxSecretSize (1 MiB, ConfigMaps too). */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
export const MAX_SECRET_SIZE = 1024 * 1024;

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Bytes a base64 value decodes to (Secret.data, ConfigMap.binaryData are []byte in Go). */
function base64Length(text: string): number {
  const body = text.replace(/[\r\n]/g, "");
  return Math.floor((body.length * 3) / 4) - (/=*$/.exec(body)![0].length);
}

/** ValidateLabels: keys are qualified names, values label values; both reported at the map's path. */
export function validateLabels(labels: Record<string, string> | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    for (const msg of qualifiedNameErrors(key)) errs.push(invalidValue(path, key, msg));
    for (const msg of labelValueErrors(String(value))) errs.push(invalidValue(path, value, msg));
  }
  return errs;
}

// ---------------------------------------------------------------- pods

/** ValidatePodSpec (the parts a learner meets). */
export function validatePodSpec(spec: IPodSpec, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const volumeNames = new Set<string>();
  (spec.volumes ?? []).forEach((volume, i) => {
    const at = `${path}.volumes[${i}]`;
    if (!volume.name) errs.push(required(`${at}.name`));
    else {
      for (const msg of dns1123LabelErrors(volume.name)) errs.push(invalidValue(`${at}.name`, volume.name, msg));
      if (volumeNames.has(volume.name)) errs.push(duplicate(`${at}.name`, volume.name));
      volumeNames.add(volume.name);
    }
  });

  const containerNames = new Set<string>();
  const containers = spec.containers ?? [];
  if (containers.length === 0) errs.push(required(`${path}.containers`));
  containers.forEach((c, i) => errs.push(...validateContainer(c, `${path}.containers[${i}]`, containerNames, volumeNames)));
  (spec.initContainers ?? []).forEach((c, i) => {
    errs.push(...validateContainer(c, `${path}.initContainers[${i}]`, containerNames, volumeNames));
    if (c.restartPolicy !== undefined && c.restartPolicy !== "Always") {
      errs.push(unsupported(`${path}.initContainers[${i}].restartPolicy`, c.restartPolicy, ["Always"]));
    }
  });
  containers.forEach((c, i) => {
    if (c.restartPolicy !== undefined) errs.push(forbidden(`${path}.containers[${i}].restartPolicy`, "may not be set for non-init containers"));
  });

  if (spec.restartPolicy !== undefined && !RESTART_POLICIES.includes(spec.restartPolicy)) {
    errs.push(unsupported(`${path}.restartPolicy`, spec.restartPolicy, RESTART_POLICIES));
  }
  if (spec.dnsPolicy !== undefined && !DNS_POLICIES.includes(spec.dnsPolicy)) {
    errs.push(unsupported(`${path}.dnsPolicy`, spec.dnsPolicy, DNS_POLICIES));
  }
  if (spec.nodeSelector) errs.push(...validateLabels(spec.nodeSelector, `${path}.nodeSelector`));
  if (spec.affinity?.nodeAffinity) errs.push(...validateNodeAffinity(spec.affinity.nodeAffinity, `${path}.affinity.nodeAffinity`));
  if (spec.affinity) errs.push(...validatePodAffinity(spec.affinity, `${path}.affinity`));
  errs.push(...validateTopologySpreadConstraints(spec.topologySpreadConstraints, `${path}.topologySpreadConstraints`));
  if (spec.serviceAccountName) {
    for (const msg of dns1123SubdomainErrors(spec.serviceAccountName)) errs.push(invalidValue(`${path}.serviceAccountName`, spec.serviceAccountName, msg));
  }
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds <= 0) {
    errs.push(invalidValue(`${path}.activeDeadlineSeconds`, spec.activeDeadlineSeconds, "must be between 1 and 2147483647, inclusive"));
  }
  if (spec.terminationGracePeriodSeconds !== undefined && spec.terminationGracePeriodSeconds < 0) {
    errs.push(invalidValue(`${path}.terminationGracePeriodSeconds`, spec.terminationGracePeriodSeconds, NEGATIVE_ERROR));
  }
  (spec.tolerations ?? []).forEach((t, i) => {
    const at = `${path}.tolerations[${i}]`;
    if (t.operator !== undefined && !["Equal", "Exists"].includes(t.operator)) errs.push(unsupported(`${at}.operator`, t.operator, ["Equal", "Exists"]));
    if (t.operator === "Exists" && t.value) errs.push(invalidValue(`${at}.operator`, t.value, "value must be empty when `operator` is 'Exists'"));
    if (!t.key && t.operator !== "Exists") errs.push(invalidValue(`${at}.operator`, t.operator ?? "", "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
    if (t.effect !== undefined && !["NoExecute", "NoSchedule", "PreferNoSchedule"].includes(t.effect)) {
      errs.push(unsupported(`${at}.effect`, t.effect, ["NoExecute", "NoSchedule", "PreferNoSchedule"]));
    }
  });
  return errs;
}

/** validateContainerCommon + validateContainers for one container. */
function validateContainer(c: IContainer, path: string, names: Set<string>, volumes: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push(required(`${path}.name`));
  else {
    for (const msg of dns1123LabelErrors(c.name)) errs.push(invalidValue(`${path}.name`, c.name, msg));
    if (names.has(c.name)) errs.push(duplicate(`${path}.name`, c.name));
    names.add(c.name);
  }
  if (!c.image) errs.push(required(`${path}.image`));
  else if (c.image.trim() !== c.image) errs.push(invalidValue(`${path}.image`, c.image, "must not have leading or trailing whitespace"));

  const portNames = new Set<string>();
  (c.ports ?? []).forEach((port, i) => {
    const at = `${path}.ports[${i}]`;
    if (port.name) {
      for (const msg of portNameErrors(port.name)) errs.push(invalidValue(`${at}.name`, port.name, msg));
      if (portNames.has(port.name)) errs.push(duplicate(`${at}.name`, port.name));
      portNames.add(port.name);
    }
    if (!port.containerPort) errs.push(required(`${at}.containerPort`));
    else if (!validPort(port.containerPort)) errs.push(invalidValue(`${at}.containerPort`, port.containerPort, PORT_RANGE_ERROR));
    if (port.hostPort && !validPort(port.hostPort)) errs.push(invalidValue(`${at}.hostPort`, port.hostPort, PORT_RANGE_ERROR));
    if (!port.protocol) errs.push(required(`${at}.protocol`));
    else if (!PROTOCOLS.includes(port.protocol)) errs.push(unsupported(`${at}.protocol`, port.protocol, PROTOCOLS));
  });

  (c.env ?? []).forEach((env, i) => {
    if (!env.name) errs.push(required(`${path}.env[${i}].name`));
  });

  (c.volumeMounts ?? []).forEach((mount, i) => {
    const at = `${path}.volumeMounts[${i}]`;
    if (!mount.name) errs.push(required(`${at}.name`));
    else if (!volumes.has(mount.name)) errs.push(notFoundValue(`${at}.name`, mount.name));
    if (!mount.mountPath) errs.push(required(`${at}.mountPath`));
  });

  errs.push(...validateResources(c.resources as Json | undefined, `${path}.resources`));

  if (c.imagePullPolicy !== undefined && !PULL_POLICIES.includes(c.imagePullPolicy)) {
    errs.push(unsupported(`${path}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES));
  }
  errs.push(...validateProbe(c.livenessProbe as Json | undefined, `${path}.livenessProbe`, true));
  errs.push(...validateProbe(c.readinessProbe as Json | undefined, `${path}.readinessProbe`, false));
  errs.push(...validateProbe(c.startupProbe as Json | undefined, `${path}.startupProbe`, true));
  return errs;
}

/**
 * validateLivenessProbe / validateReadinessProbe / validateStartupProbe and
 * their validateProbe + validateHandler: one handler, its port in range,
 * non-negative timings; liveness and startup probes succeed once.
 */
function validateProbe(probe: Json | undefined, path: string, mustSucceedOnce: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (!probe) return errs;
  let handlers = 0;
  for (const kind of ["exec", "httpGet", "tcpSocket", "grpc"] as const) {
    const handler = probe[kind] as Json | undefined;
    if (!handler) continue;
    if (handlers > 0) {
      errs.push(forbidden(`${path}.${kind}`, "may not specify more than 1 handler type"));
      continue;
    }
    handlers++;
    if (kind === "exec") {
      if (!Array.isArray(handler.command) || handler.command.length === 0) errs.push(required(`${path}.exec.command`));
    } else {
      // A missing port is Go's zero value, 0.
      errs.push(...validatePortNumOrName((handler.port ?? 0) as number | string, `${path}.${kind}.port`));
    }
  }
  if (handlers === 0) errs.push(required(path, "must specify a handler type"));
  for (const field of ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"]) {
    const value = probe[field];
    if (typeof value === "number" && value < 0) errs.push(invalidValue(`${path}.${field}`, value, NEGATIVE_ERROR));
  }
  const grace = probe.terminationGracePeriodSeconds;
  if (typeof grace === "number" && grace <= 0) errs.push(invalidValue(`${path}.terminationGracePeriodSeconds`, grace, "must be greater than 0"));
  const success = probe.successThreshold ?? 1; // SetDefaults_Probe
  if (mustSucceedOnce && success !== 1) errs.push(invalidValue(`${path}.successThreshold`, success, "must be 1"));
  return errs;
}

/** ValidatePortNumOrName: a number in 1-65535, or an IANA_SVC_NAME. */
function validatePortNumOrName(port: number | string, path: string): FieldError[] {
  if (typeof port === "number") return validPort(port) ? [] : [invalidValue(path, port, PORT_RANGE_ERROR)];
  return portNameErrors(port).map((msg) => invalidValue(path, port, msg));
}

const validPort = (n: number) => Number.isInteger(n) && n >= 1 && n <= 65535;

/** ValidateResourceRequirements: non-negative quantities, requests no greater than limits. */
function validateResources(resources: Json | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!resources) return errs;
  const limits = (resources.limits ?? {}) as ResourceList;
  const requests = (resources.requests ?? {}) as ResourceList;
  for (const [name, value] of Object.entries(limits)) {
    if (!isQuantity(value)) continue; // strict decoding reports it first
    if (compareQuantities(value, "0")! < 0) errs.push(invalidValue(`${path}.limits[${name}]`, canonicalQuantity(value), NEGATIVE_ERROR));
  }
  for (const [name, value] of Object.entries(requests)) {
    if (!isQuantity(value)) continue;
    const text = canonicalQuantity(value)!;
    if (compareQuantities(value, "0")! < 0) errs.push(invalidValue(`${path}.requests[${name}]`, text, NEGATIVE_ERROR));
    const limit = limits[name];
    if (limit !== undefined && isQuantity(limit) && compareQuantities(value, limit)! > 0) {
      errs.push(invalidValue(`${path}.requests[${name}]`, text, `must be less than or equal to ${name} limit of ${canonicalQuantity(limit)}`));
    }
  }
  return errs;
}

/**
 * ValidatePodUpdate: only container images, activeDeadlineSeconds, added
 * tolerations and a terminationGracePeriodSeconds fix may change.
 */
function validatePodUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const next = structuredClone((obj.spec ?? {}) as IPodSpec);
  const prev = (old.spec ?? {}) as IPodSpec;
  next.containers?.forEach((c, i) => {
    const before = prev.containers?.[i];
    if (before) c.image = before.image;
  });
  next.initContainers?.forEach((c, i) => {
    const before = prev.initContainers?.[i];
    if (before) c.image = before.image;
  });
  if (prev.activeDeadlineSeconds !== undefined || next.activeDeadlineSeconds !== undefined) {
    // Only setting or lowering it is allowed; raising or removing is reported in its own error upstream.
    if (prev.activeDeadlineSeconds === undefined || (next.activeDeadlineSeconds !== undefined && next.activeDeadlineSeconds <= prev.activeDeadlineSeconds)) {
      next.activeDeadlineSeconds = prev.activeDeadlineSeconds;
      if (next.activeDeadlineSeconds === undefined) delete next.activeDeadlineSeconds;
    }
  }
  const oldTolerations = prev.tolerations ?? [];
  const newTolerations = next.tolerations ?? [];
  if (oldTolerations.every((t) => newTolerations.some((n) => sameJson(t, n)))) {
    if (prev.tolerations === undefined) delete next.tolerations;
    else next.tolerations = prev.tolerations;
  }
  if ((prev.terminationGracePeriodSeconds ?? 0) < 0 && next.terminationGracePeriodSeconds === 1) {
    next.terminationGracePeriodSeconds = prev.terminationGracePeriodSeconds;
  }
  // nodeName is set by binding, which this check does not see.
  if (!next.nodeName && prev.nodeName) next.nodeName = prev.nodeName;
  // validateOnlyDeletedSchedulingGates: gates may be removed (that is how a gated pod is released), never added.
  const errs: FieldError[] = [];
  const oldGates = new Set((prev.schedulingGates ?? []).map((g) => g.name));
  for (const gate of next.schedulingGates ?? []) {
    if (!oldGates.has(gate.name)) errs.push(forbidden("spec.schedulingGates", `only deletion is allowed, but found new scheduling gate '${gate.name}'`));
  }
  if (prev.schedulingGates === undefined) delete next.schedulingGates;
  else next.schedulingGates = prev.schedulingGates;
  if (errs.length > 0) return errs;
  if (sameJson(next, prev)) return [];
  return [forbidden("spec", POD_UPDATE_FORBIDDEN)];
}

/** Semantic.DeepEqual of JSON values: key order and empty-versus-absent lists do not matter. */
function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
}

function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 0 ? undefined : v.map(normalize);
  if (v && typeof v === "object") {
    const out: Json = {};
    for (const key of Object.keys(v).sort()) {
      const value = normalize((v as Json)[key]);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }
  return v;
}

// ---------------------------------------------------------------- workloads

/** ValidateDeploymentSpec / ValidateReplicaSetSpec / ValidateDaemonSetSpec / ValidateStatefulSetSpec. */
function validateWorkload(kind: string, spec: Json): FieldError[] {
  const errs: FieldError[] = [];
  if (kind !== "DaemonSet") {
    const replicas = spec.replicas as number | undefined;
    if (replicas !== undefined && replicas < 0) errs.push(invalidValue("spec.replicas", replicas, NEGATIVE_ERROR));
  }
  const selector = spec.selector as ILabelSelector | undefined;
  if (!selector) errs.push(required("spec.selector"));
  else {
    errs.push(...validateLabelSelector(selector, "spec.selector"));
    if (Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0) {
      errs.push(invalidGoValue("spec.selector", goLabelSelector(selector), `empty selector is invalid for ${kind.toLowerCase()}`));
    }
  }
  const template = spec.template as { metadata?: { labels?: Record<string, string> }; spec?: IPodSpec } | undefined;
  if (!template) {
    errs.push(required("spec.template"));
    return errs;
  }
  const labels = template.metadata?.labels;
  const selectorIsEmpty = selector !== undefined && Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0;
  // A missing selector selects nothing (labels.Nothing), so it never matches the template.
  if (!selectorIsEmpty && (!selector || !matches(labels, fromLabelSelector(selector)))) {
    errs.push(invalidGoValue("spec.template.metadata.labels", goStringMap(labels), SELECTOR_MISMATCH_ERROR));
  }
  errs.push(...validateLabels(labels, "spec.template.metadata.labels"));
  errs.push(...validatePodSpec((template.spec ?? {}) as IPodSpec, "spec.template.spec"));
  const restartPolicy = template.spec?.restartPolicy;
  if (restartPolicy !== undefined && restartPolicy !== "Always" && RESTART_POLICIES.includes(restartPolicy)) {
    errs.push(unsupported("spec.template.spec.restartPolicy", restartPolicy, ["Always"]));
  }
  if (template.spec?.activeDeadlineSeconds !== undefined && kind !== "StatefulSet") {
    errs.push(forbidden("spec.template.spec.activeDeadlineSeconds", `activeDeadlineSeconds in ${kind} is not Supported`));
  }
  if (kind === "Deployment") errs.push(...validateDeploymentStrategy(spec));
  for (const field of ["revisionHistoryLimit", "minReadySeconds", "progressDeadlineSeconds"]) {
    const value = spec[field];
    if (typeof value === "number" && value < 0) errs.push(invalidValue(`spec.${field}`, value, NEGATIVE_ERROR));
  }
  return errs;
}

function validateDeploymentStrategy(spec: Json): FieldError[] {
  const errs: FieldError[] = [];
  const strategy = (spec.strategy ?? {}) as Json;
  const type = strategy.type as string | undefined;
  if (type !== undefined && type !== "RollingUpdate" && type !== "Recreate") {
    errs.push(unsupported("spec.strategy.type", type, ["Recreate", "RollingUpdate"]));
  }
  if (type === "Recreate" && strategy.rollingUpdate !== undefined) {
    errs.push(forbidden("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'"));
  }
  const rollingUpdate = strategy.rollingUpdate as { maxSurge?: number | string; maxUnavailable?: number | string } | undefined;
  if (type === "RollingUpdate" && rollingUpdate) {
    // ValidateRollingUpdateDeployment, in its order.
    const at = "spec.strategy.rollingUpdate";
    errs.push(...validatePositiveIntOrPercent(rollingUpdate.maxUnavailable, `${at}.maxUnavailable`));
    errs.push(...validatePositiveIntOrPercent(rollingUpdate.maxSurge, `${at}.maxSurge`));
    const surge = intOrPercent(rollingUpdate.maxSurge) ?? 0;
    const unavailable = intOrPercent(rollingUpdate.maxUnavailable) ?? 0;
    if (surge === 0 && unavailable === 0) {
      errs.push(invalidGoValue(`${at}.maxUnavailable`, goIntOrString(rollingUpdate.maxUnavailable ?? 0), "may not be 0 when `maxSurge` is 0"));
    }
    if (typeof rollingUpdate.maxUnavailable === "string" && (intOrPercent(rollingUpdate.maxUnavailable) ?? 0) > 100) {
      errs.push(invalidGoValue(`${at}.maxUnavailable`, goIntOrString(rollingUpdate.maxUnavailable), "must not be greater than 100%"));
    }
  }
  return errs;
}

/**
 * ValidatePodDisruptionBudgetSpec (pkg/apis/policy/validation, 1.32), in its order, without its
 * "minAvailable and maxUnavailable cannot be both set" (its value is Go's %#v of the spec,
 * pointers included, which no model can reproduce).
 */
function validatePodDisruptionBudgetSpec(spec: Json): FieldError[] {
  const errs: FieldError[] = [];
  for (const field of ["minAvailable", "maxUnavailable"] as const) {
    const value = spec[field] as number | string | undefined;
    if (value === undefined) continue;
    errs.push(...validatePositiveIntOrPercent(value, `spec.${field}`));
    if (typeof value === "string" && (intOrPercent(value) ?? 0) > 100) errs.push(invalidGoValue(`spec.${field}`, goIntOrString(value), "must not be greater than 100%"));
  }
  if (spec.selector) errs.push(...validateLabelSelector(spec.selector as ILabelSelector, "spec.selector"));
  const policy = spec.unhealthyPodEvictionPolicy as string | undefined;
  if (policy !== undefined && policy !== "AlwaysAllow" && policy !== "IfHealthyBudget") errs.push(unsupported("spec.unhealthyPodEvictionPolicy", policy, ["AlwaysAllow", "IfHealthyBudget"]));
  return errs;
}

/** ValidatePositiveIntOrPercent: a non-negative integer or a `N%` string. */
function validatePositiveIntOrPercent(v: number | string | undefined, path: string): FieldError[] {
  if (v === undefined) return [];
  if (typeof v === "number") return v < 0 ? [invalidValue(path, v, NEGATIVE_ERROR)] : [];
  return /^[0-9]+%$/.test(v) ? [] : [invalidGoValue(path, goIntOrString(v), PERCENT_ERROR)];
}

function intOrPercent(v: number | string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === "number") return v;
  const m = /^(\d+)%$/.exec(v);
  return m ? Number(m[1]) : undefined;
}

/** ValidateLabelSelector: operators and values per requirement, matchLabels as labels. */
function validateLabelSelector(selector: ILabelSelector, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (selector.matchExpressions ?? []).forEach((e, i) => {
    const at = `${path}.matchExpressions[${i}]`;
    const values = e.values ?? [];
    if (e.operator === "In" || e.operator === "NotIn") {
      if (values.length === 0) errs.push(required(`${at}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (e.operator === "Exists" || e.operator === "DoesNotExist") {
      if (values.length > 0) errs.push(forbidden(`${at}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else errs.push(invalidValue(`${at}.operator`, e.operator, "not a valid selector operator"));
    for (const msg of qualifiedNameErrors(e.key)) errs.push(invalidValue(`${at}.key`, e.key, msg));
  });
  errs.push(...validateLabels(selector.matchLabels, `${path}.matchLabels`));
  return errs;
}

/** apps/v1 selectors cannot change after creation (ValidateDeploymentUpdate, ValidateReplicaSetUpdate, ...). */
function validateSelectorImmutable(spec: Json | undefined, old: KubeObject | undefined): FieldError[] {
  if (!old) return [];
  const before = (old.spec as Json | undefined)?.selector as ILabelSelector | undefined;
  const after = spec?.selector as ILabelSelector | undefined;
  if (sameJson(before ?? null, after ?? null)) return [];
  return [invalidGoValue("spec.selector", goLabelSelector(after), IMMUTABLE_ERROR)];
}

/**
 * validateScheduleFormat and validateTimeZone (pkg/apis/batch/validation, 1.32): robfig/cron's
 * ParseStandard must accept the schedule; TZ= in it is refused on create (kept only on an update
 * of a CronJob that had it), and never together with spec.timeZone.
 */
function validateCronSchedule(schedule: string, timeZone: string | undefined, old: Json | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const parsed = parseStandard(schedule);
  if (!parsed.ok) errs.push(invalidValue("spec.schedule", schedule, parsed.error));
  const oldSchedule = ((old?.spec as Json | undefined)?.schedule as string | undefined) ?? "";
  const allowTZ = oldSchedule.includes("TZ");
  if (allowTZ && schedule.includes("TZ") && timeZone !== undefined) errs.push(invalidValue("spec.schedule", schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule"));
  else if (!allowTZ && schedule.includes("TZ")) errs.push(invalidValue("spec.schedule", schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
  if (timeZone !== undefined && (timeZone === "" || timeZone === "Local" || !isKnownTimeZone(timeZone))) {
    errs.push(invalidValue("spec.timeZone", timeZone, `unknown time zone ${timeZone}`));
  }
  return errs;
}

/** ValidateJobSpec (batch): the template must not restart Always. */
function validateJobSpec(spec: Json, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const field of ["parallelism", "completions", "backoffLimit"]) {
    const value = spec[field];
    if (typeof value === "number" && value < 0) errs.push(invalidValue(`${path}.${field}`, value, NEGATIVE_ERROR));
  }
  const template = spec.template as { spec?: IPodSpec; metadata?: { labels?: Record<string, string> } } | undefined;
  if (!template) return [...errs, required(`${path}.template`)];
  errs.push(...validateLabels(template.metadata?.labels, `${path}.template.metadata.labels`));
  errs.push(...validatePodSpec((template.spec ?? {}) as IPodSpec, `${path}.template.spec`));
  const restartPolicy = template.spec?.restartPolicy;
  if (restartPolicy !== "OnFailure" && restartPolicy !== "Never") {
    errs.push(unsupported(`${path}.template.spec.restartPolicy`, restartPolicy ?? "", ["OnFailure", "Never"]));
  }
  return errs;
}

// ---------------------------------------------------------------- services, config

/** ValidateService (the common parts). */
function validateServiceSpec(spec: Json): FieldError[] {
  const errs: FieldError[] = [];
  const type = (spec.type as string | undefined) ?? "ClusterIP";
  const headless = spec.clusterIP === "None";
  const ports = (spec.ports ?? []) as { name?: string; port?: number; targetPort?: number | string; nodePort?: number; protocol?: string }[];
  if (!SERVICE_TYPES.includes(type)) errs.push(unsupported("spec.type", type, SERVICE_TYPES));
  if (type === "ExternalName") {
    const externalName = spec.externalName as string | undefined;
    if (!externalName) errs.push(required("spec.externalName"));
    else for (const msg of dns1123SubdomainErrors(externalName.replace(/\.$/, ""))) errs.push(invalidValue("spec.externalName", externalName, msg));
  } else if (ports.length === 0 && !headless) {
    errs.push(required("spec.ports"));
  }
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const at = `spec.ports[${i}]`;
    if (ports.length > 1 && !port.name) errs.push(required(`${at}.name`));
    else if (port.name) {
      for (const msg of dns1123LabelErrors(port.name)) errs.push(invalidValue(`${at}.name`, port.name, msg));
      if (names.has(port.name)) errs.push(duplicate(`${at}.name`, port.name));
      names.add(port.name);
    }
    if (port.port === undefined || !validPort(port.port)) errs.push(invalidValue(`${at}.port`, port.port ?? 0, PORT_RANGE_ERROR));
    if (!port.protocol) errs.push(required(`${at}.protocol`));
    else if (!PROTOCOLS.includes(port.protocol)) errs.push(unsupported(`${at}.protocol`, port.protocol, PROTOCOLS));
    if (typeof port.targetPort === "number" && !validPort(port.targetPort)) errs.push(invalidValue(`${at}.targetPort`, port.targetPort, PORT_RANGE_ERROR));
    if (typeof port.targetPort === "string") {
      for (const msg of portNameErrors(port.targetPort)) errs.push(invalidValue(`${at}.targetPort`, port.targetPort, msg));
    }
    if (port.nodePort !== undefined && port.nodePort !== 0 && type !== "NodePort" && type !== "LoadBalancer") {
      errs.push(forbidden(`${at}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
    }
  });
  if (spec.selector) errs.push(...validateLabels(spec.selector as Record<string, string>, "spec.selector"));
  const affinity = spec.sessionAffinity as string | undefined;
  if (affinity !== undefined && !SESSION_AFFINITIES.includes(affinity)) errs.push(unsupported("spec.sessionAffinity", affinity, SESSION_AFFINITIES));
  return errs;
}

/** ValidateConfigMap / ValidateSecret: keys of data (and binaryData / stringData). */
function validateConfigKeys(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  for (const field of ["data", "binaryData", "stringData"]) {
    for (const key of Object.keys((obj[field] as Json | undefined) ?? {})) {
      for (const msg of configKeyErrors(key)) errs.push(invalidValue(`${field}[${key}]`, key, msg));
      if (obj.kind === "ConfigMap" && field === "binaryData" && seen.has(key)) {
        errs.push(invalidValue(`data[${key}]`, key, "duplicate of key present in binaryData"));
      }
      seen.add(key);
    }
  }
  // ValidateConfigMap reports the whole object (path "" prints as "[]"); ValidateSecret reports data.
  let total = 0;
  if (obj.kind === "ConfigMap") {
    for (const value of Object.values((obj.data as Json | undefined) ?? {})) total += utf8Length(String(value));
    for (const value of Object.values((obj.binaryData as Json | undefined) ?? {})) total += base64Length(String(value));
    if (total > MAX_SECRET_SIZE) errs.push(tooLong("[]", MAX_SECRET_SIZE));
  } else {
    for (const value of Object.values((obj.data as Json | undefined) ?? {})) total += base64Length(String(value));
    if (total > MAX_SECRET_SIZE) errs.push(tooLong("data", MAX_SECRET_SIZE));
  }
  return errs;
}
