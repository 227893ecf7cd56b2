/**
 * Strict decoding, as the API server does it for kubectl's default
 * `--validate=strict`: a manifest whose values have the wrong JSON type is
 * rejected the way Go's encoding/json words it, and one with fields the
 * kind does not have is rejected with `strict decoding error: unknown field
 * "spec.containers[0].imagee"`. Both messages are prefixed with
 * `Pod in version "v1" cannot be handled as a Pod: `.
 *
 * Which fields exist comes from the JSON schemas compiled into
 * kubernetes-models (Kubernetes 1.27+). Those validators ignore unknown
 * fields, so we run them over a proxy that records which properties they
 * look at: a validator checks every property its schema declares, so any key
 * it never touched is unknown. Maps (labels, resource lists) are read by
 * enumeration and accept any key.
 */
import { createRequire } from "node:module";
import { isQuantity, QUANTITY_FORMAT_ERROR } from "../../core/quantity.js";
import { apiVersionOf, type KindInfo } from "../kinds.js";

/** Why a body could not be decoded; `message` is what the API server answers (HTTP 400 BadRequest). */
export interface DecodeError {
  kind: "DecodeError";
  reason: "UnknownField" | "TypeMismatch" | "Quantity";
  message: string;
  /** The unknown fields' paths, for UnknownField. */
  fields: string[];
}

type Validatable = { prototype: { validate(this: unknown): void } };

// Each kind's validator is loaded the first time that kind is decoded: loading all of
// kubernetes-models up front costs over a second of start-up. `require` (the package's CommonJS
// build) keeps decoding synchronous, as the API server's admission chain is.
const require = createRequire(import.meta.url);
const models = new Map<string, Validatable>();

/** Loads one kubernetes-models module by path; replaceable in tests to prove a failure is loud. */
export type ModelLoader = (path: string) => Record<string, Validatable | undefined>;
let loadModel: ModelLoader = (path) => require(path) as Record<string, Validatable | undefined>;

/** Swaps the loader (tests only); returns the previous one. Clears what was loaded. */
export function replaceModelLoader(loader: ModelLoader): ModelLoader {
  const previous = loadModel;
  loadModel = loader;
  models.clear();
  return previous;
}

// Every kind in kinds.ts has a kubernetes-models class: a load failure is a broken install, and
// decoding without the schema would accept anything, so it throws instead of switching off.
function modelFor(info: KindInfo): Validatable {
  const key = `${apiVersionOf(info)}/${info.kind}`;
  const cached = models.get(key);
  if (cached) return cached;
  const path = `kubernetes-models/${info.group ? `${info.group}/` : ""}${info.version}/${info.kind}`;
  let model: Validatable | undefined;
  try {
    model = loadModel(path)[info.kind];
  } catch (e) {
    throw new Error(`kadet: cannot load the schema of ${key} from ${path} (${e instanceof Error ? e.message : String(e)}); strict decoding cannot run without it: reinstall with npm ci`);
  }
  if (!model) throw new Error(`kadet: ${path} does not export ${info.kind}; strict decoding cannot run without it: reinstall with npm ci`);
  models.set(key, model);
  return model;
}

/**
 * Fields Kubernetes 1.32 decodes that the bundled schemas lack, keyed by
 * `Kind:path` (indices as `[]`, "" for the top level). kubernetes-models'
 * generator drops properties literally named `description` (it reads them as
 * the JSON-schema keyword), which loses PriorityClass.description. Sidecar
 * `initContainers[].restartPolicy`, pod-level `resources` and
 * `trafficDistribution` are already in the schemas.
 */
const FIELDS_MISSING_FROM_SCHEMAS: Readonly<Record<string, readonly string[]>> = {
  "PriorityClass:": ["description"],
};

interface Tracked {
  /** JSON path segments: property names and array indices. */
  path: (string | number)[];
  target: object;
  accessed: Set<string>;
  enumerated: boolean;
  children: Map<string, Tracked>;
}

function track(target: object, path: (string | number)[], registry: Tracked[]): { proxy: object; node: Tracked } {
  const node: Tracked = { path, target, accessed: new Set(), enumerated: false, children: new Map() };
  registry.push(node);
  const proxies = new Map<string, object>();
  const proxy = new Proxy(target, {
    get(t, key, receiver) {
      const value = Reflect.get(t, key, receiver);
      if (typeof key !== "string") return value;
      node.accessed.add(key);
      if (value !== null && typeof value === "object" && Object.prototype.hasOwnProperty.call(t, key)) {
        let child = proxies.get(key);
        if (!child) {
          const segment = Array.isArray(t) && /^\d+$/.test(key) ? Number(key) : key;
          const tracked = track(value as object, [...path, segment], registry);
          proxies.set(key, tracked.proxy);
          node.children.set(key, tracked.node);
          child = tracked.proxy;
        }
        return child;
      }
      return value;
    },
    has(t, key) {
      if (typeof key === "string") node.accessed.add(key);
      return Reflect.has(t, key);
    },
    ownKeys(t) {
      node.enumerated = true;
      return Reflect.ownKeys(t);
    },
  });
  return { proxy, node };
}

interface AjvError {
  instancePath: string;
  keyword: string;
  params: { type?: string };
}

/** Runs the kind's kubernetes-models validator over a tracking proxy. */
function runSchema(obj: object, info: KindInfo): { errors: AjvError[]; nodes: Tracked[] } | undefined {
  const model = modelFor(info);
  const nodes: Tracked[] = [];
  const { proxy } = track(obj, [], nodes);
  try {
    model.prototype.validate.call(proxy);
    return { errors: [], nodes };
  } catch (e) {
    const errors = (e as { errors?: AjvError[] }).errors;
    if (!errors) throw e;
    return { errors, nodes };
  }
}

export function renderPath(path: readonly (string | number)[]): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else text += text ? `.${segment}` : segment;
  }
  return text;
}

/** `spec.containers[0].ports` → `spec.containers[].ports`. */
const patternOf = (path: readonly (string | number)[]) => renderPath(path).replace(/\[\d+\]/g, "[]");

/** Document-order index of every path, so errors come out as the decoder meets them. */
function documentOrder(obj: unknown): Map<string, number> {
  const order = new Map<string, number>();
  // Iterative pre-order: a value nested 2,000 levels deep (fuzz corpus) overflows a recursive walk.
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: obj, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    order.set(renderPath(path), order.size);
    const children: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : value !== null && typeof value === "object" ? Object.entries(value) : [];
    for (let i = children.length - 1; i >= 0; i--) stack.push({ value: children[i]![1], path: [...path, children[i]![0]] });
  }
  return order;
}

/** The strict-decoding check. Undefined when the body decodes cleanly. */
export function decodeStrict(obj: unknown, info: KindInfo): DecodeError | undefined {
  const prefix = `${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: `;
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
    return { kind: "DecodeError", reason: "TypeMismatch", message: `${prefix}json: cannot unmarshal ${jsonKind(obj)} into Go value of type v1.${info.kind}`, fields: [] };
  }
  if (info.kind === "Secret") {
    const badBase64 = firstBase64Error((obj as { data?: unknown }).data);
    if (badBase64 !== undefined) return { kind: "DecodeError", reason: "TypeMismatch", message: `${prefix}illegal base64 data at input byte ${badBase64}`, fields: [] };
  }
  if (info.kind === "CertificateSigningRequest") {
    // spec.request and status.certificate are []byte: JSON carries them in base64.
    const csr = obj as { spec?: { request?: unknown }; status?: { certificate?: unknown } };
    for (const value of [csr.spec?.request, csr.status?.certificate]) {
      const at = typeof value === "string" ? base64ErrorOffset(value) : undefined;
      if (at !== undefined) return { kind: "DecodeError", reason: "TypeMismatch", message: `${prefix}illegal base64 data at input byte ${at}`, fields: [] };
    }
  }
  const run = runSchema(obj, info);
  if (!run) return undefined;
  const order = documentOrder(obj);
  const at = (path: string) => order.get(path) ?? Number.MAX_SAFE_INTEGER;

  const typeErrors = [...run.errors.filter((e) => e.keyword === "type"), ...integerOverflows(obj, info)]
    .map((e) => ({ e, path: pointerPath(e.instancePath) }))
    .filter(({ path }) => !isQuantityPath(path))
    .sort((a, b) => at(renderPath(a.path)) - at(renderPath(b.path)));
  const firstType = typeErrors[0];
  const badQuantity = findBadQuantity(obj, []);
  if (badQuantity && (!firstType || at(badQuantity) < at(renderPath(firstType.path)))) {
    return { kind: "DecodeError", reason: "Quantity", message: prefix + QUANTITY_FORMAT_ERROR, fields: [badQuantity] };
  }
  if (firstType) {
    const value = valueAt(obj, firstType.path);
    const message = typeMismatchMessage(info, firstType.path, firstType.e.params.type ?? "object", value, run.nodes);
    return { kind: "DecodeError", reason: "TypeMismatch", message: prefix + message, fields: [renderPath(firstType.path)] };
  }

  const unknown: string[] = [];
  for (const node of run.nodes) {
    if (Array.isArray(node.target) || node.enumerated || node.accessed.size === 0) continue;
    const accepted = FIELDS_MISSING_FROM_SCHEMAS[`${info.kind}:${patternOf(node.path)}`] ?? [];
    for (const key of Object.keys(node.target)) {
      if (!node.accessed.has(key) && !accepted.includes(key)) unknown.push(renderPath([...node.path, key]));
    }
  }
  // Objects the validator never reached because their parent was unknown are not reported twice.
  if (unknown.length === 0) return undefined;
  unknown.sort((a, b) => at(a) - at(b));
  return {
    kind: "DecodeError",
    reason: "UnknownField",
    message: `${prefix}strict decoding error: ${unknown.map((f) => `unknown field "${f}"`).join(", ")}`,
    fields: unknown,
  };
}

const pointerPath = (pointer: string): (string | number)[] =>
  pointer
    .split("/")
    .slice(1)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, "/").replace(/~0/g, "~")));

const INT32_MAX = 2 ** 31 - 1;
const INT64_LIMIT = 2 ** 63;

/**
 * Integers the schemas accept but Go cannot store: encoding/json parses an
 * integer field's literal with strconv.ParseInt and fails on one out of the
 * field's range, or written with an exponent, which is how kubectl sends a
 * float of 1e21 or more (`terminationGracePeriodSeconds: 1e30` arrives as
 * 1e+30): `json: cannot unmarshal number 1e+30 into Go struct field ... of
 * type int64`. The schemas say only "integer", so which big numbers sit in
 * integer fields is found by running the schema once more with each of them
 * replaced by a fraction.
 */
function integerOverflows(obj: object, info: KindInfo): AjvError[] {
  // Swapped in place and put back (a copy of a 2,000-level value overflows structuredClone); iterative for the same reason.
  const swapped: { holder: Record<string | number, unknown>; key: string | number; value: number; pointer: string }[] = [];
  const stack: { value: unknown; pointer: string }[] = [{ value: obj, pointer: "" }];
  while (stack.length > 0) {
    const { value, pointer } = stack.pop()!;
    if (value === null || typeof value !== "object") continue;
    const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    for (const [key, child] of entries) {
      const at = `${pointer}/${String(key).replace(/~/g, "~0").replace(/\//g, "~1")}`;
      if (typeof child === "number" && Number.isInteger(child) && Math.abs(child) > INT32_MAX) {
        swapped.push({ holder: value as Record<string | number, unknown>, key, value: child, pointer: at });
      } else stack.push({ value: child, pointer: at });
    }
  }
  if (swapped.length === 0) return [];
  for (const s of swapped) s.holder[s.key] = 0.5;
  let run: ReturnType<typeof runSchema>;
  try {
    run = runSchema(obj, info);
  } finally {
    for (const s of swapped) s.holder[s.key] = s.value;
  }
  if (!run) return [];
  const flagged = new Set(run.errors.filter((e) => e.keyword === "type" && e.params.type === "integer").map((e) => e.instancePath));
  return swapped
    .filter((s) => flagged.has(s.pointer))
    .filter((s) => {
      const field = [...pointerPath(s.pointer)].reverse().find((x): x is string => typeof x === "string") ?? "";
      return !(INT64_FIELDS.has(field) && s.value >= -INT64_LIMIT && s.value < INT64_LIMIT);
    })
    .map((s) => ({ instancePath: s.pointer, keyword: "type", params: { type: "integer" } }));
}

function valueAt(obj: unknown, path: readonly (string | number)[]): unknown {
  let v: unknown = obj;
  for (const s of path) v = (v as Record<string | number, unknown> | undefined)?.[s];
  return v;
}

function jsonKind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "boolean") return "bool";
  return typeof value === "object" ? "object" : typeof value === "number" ? "number" : "string";
}

/** Resource-list maps whose values must be quantities. */
const QUANTITY_MAPS = new Set(["limits", "requests", "overhead", "capacity", "allocatable", "hard", "max", "min", "default", "defaultRequest", "maxLimitRequestRatio"]);

function isQuantityPath(path: readonly (string | number)[]): boolean {
  const parent = path[path.length - 2];
  const last = path[path.length - 1];
  return last === "sizeLimit" || (typeof parent === "string" && QUANTITY_MAPS.has(parent) && path.length >= 3);
}

function findBadQuantity(value: unknown, path: (string | number)[]): string | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findBadQuantity(value[i], [...path, i]);
      if (found) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== "object") return undefined;
  for (const [key, child] of Object.entries(value)) {
    // Quantity.UnmarshalJSON parses the raw JSON text of anything but null (a bool, list or
    // object is not a quantity); null decodes to zero (see canonicalizeResourceList).
    if (isQuantityPath([...path, key]) && child !== null && !((typeof child === "string" || typeof child === "number") && isQuantity(child))) return renderPath([...path, key]);
    if (isQuantityPath([...path, key])) continue;
    const found = findBadQuantity(child, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

// ---------------------------------------------------------------- Go type names

/** JSON field name → the Go struct type it holds, where that differs from the capitalised name. */
const STRUCT_OF_FIELD: Record<string, string> = {
  metadata: "ObjectMeta",
  template: "PodTemplateSpec",
  jobTemplate: "JobTemplateSpec",
  containers: "Container",
  initContainers: "Container",
  ephemeralContainers: "EphemeralContainer",
  env: "EnvVar",
  envFrom: "EnvFromSource",
  valueFrom: "EnvVarSource",
  configMapKeyRef: "ConfigMapKeySelector",
  secretKeyRef: "SecretKeySelector",
  fieldRef: "ObjectFieldSelector",
  resourceFieldRef: "ResourceFieldSelector",
  resources: "ResourceRequirements",
  volumeMounts: "VolumeMount",
  volumes: "Volume",
  livenessProbe: "Probe",
  readinessProbe: "Probe",
  startupProbe: "Probe",
  httpGet: "HTTPGetAction",
  httpHeaders: "HTTPHeader",
  tcpSocket: "TCPSocketAction",
  exec: "ExecAction",
  grpc: "GRPCAction",
  lifecycle: "Lifecycle",
  postStart: "LifecycleHandler",
  preStop: "LifecycleHandler",
  tolerations: "Toleration",
  affinity: "Affinity",
  nodeAffinity: "NodeAffinity",
  podAffinity: "PodAffinity",
  podAntiAffinity: "PodAntiAffinity",
  matchExpressions: "LabelSelectorRequirement",
  strategy: "DeploymentStrategy",
  emptyDir: "EmptyDirVolumeSource",
  hostPath: "HostPathVolumeSource",
  persistentVolumeClaim: "PersistentVolumeClaimVolumeSource",
  projected: "ProjectedVolumeSource",
  downwardAPI: "DownwardAPIVolumeSource",
  items: "KeyToPath",
  imagePullSecrets: "LocalObjectReference",
  ownerReferences: "OwnerReference",
  topologySpreadConstraints: "TopologySpreadConstraint",
  volumeClaimTemplates: "PersistentVolumeClaim",
  ingress: "NetworkPolicyIngressRule",
  egress: "NetworkPolicyEgressRule",
  rules: "IngressRule",
  subjects: "Subject",
  roleRef: "RoleRef",
};

const INT64_FIELDS = new Set([
  "terminationGracePeriodSeconds",
  "activeDeadlineSeconds",
  "tolerationSeconds",
  "runAsUser",
  "runAsGroup",
  "fsGroup",
  "expirationSeconds",
  "startingDeadlineSeconds",
  "gracePeriodSeconds",
  "generation",
  "deletionGracePeriodSeconds",
  "observedGeneration",
]);

/** The Go struct a JSON object at `path` decodes into. */
function structAt(info: KindInfo, path: readonly (string | number)[], nodes: Tracked[]): string {
  const names = path.filter((s): s is string => typeof s === "string");
  if (names.length === 0) return info.kind;
  const last = names[names.length - 1]!;
  const parent = names[names.length - 2];
  if (last === "spec") {
    if (parent === "template") return "PodSpec";
    if (parent === "jobTemplate") return "JobSpec";
    if (parent === "volumeClaimTemplates") return "PersistentVolumeClaimSpec";
    return `${info.kind}Spec`;
  }
  if (last === "status") return `${info.kind}Status`;
  if (last === "ports") return info.kind === "Service" && names.length === 2 ? "ServicePort" : "ContainerPort";
  if (last === "securityContext") return parent === "spec" ? "PodSecurityContext" : "SecurityContext";
  if (last === "selector") return "LabelSelector";
  if (last === "rollingUpdate") {
    return info.kind === "DaemonSet" ? "RollingUpdateDaemonSet" : info.kind === "StatefulSet" ? "RollingUpdateStatefulSetStrategy" : "RollingUpdateDeployment";
  }
  if (last === "updateStrategy") return info.kind === "DaemonSet" ? "DaemonSetUpdateStrategy" : "StatefulSetUpdateStrategy";
  if (last === "configMap") return parent === "envFrom" ? "ConfigMapEnvSource" : "ConfigMapVolumeSource";
  if (last === "secret") return parent === "envFrom" ? "SecretEnvSource" : "SecretVolumeSource";
  void nodes;
  return STRUCT_OF_FIELD[last] ?? last.charAt(0).toUpperCase() + last.slice(1);
}

/** Fields that are maps in Go (their keys are data, not field names). */
const MAP_FIELDS = new Set(["labels", "annotations", "nodeSelector", "data", "stringData", "binaryData", "matchLabels", "limits", "requests", "capacity", "allocatable", "hard", "overhead"]);

function goTypeOf(field: string, schemaType: string, info: KindInfo, path: readonly (string | number)[], nodes: Tracked[]): string {
  switch (schemaType) {
    case "integer":
      return INT64_FIELDS.has(field) ? "int64" : "int32";
    case "number":
      return "float64";
    case "boolean":
      return "bool";
    case "string":
      return "string";
    case "array": {
      const element = STRUCT_OF_FIELD[field] ?? (field === "ports" ? (info.kind === "Service" ? "ServicePort" : "ContainerPort") : undefined);
      return element ? `[]v1.${element}` : "[]string";
    }
    default:
      if (field === "selector" && info.kind === "Service") return "map[string]string";
      if (MAP_FIELDS.has(field)) return "map[string]string";
      return `v1.${structAt(info, path, nodes)}`;
  }
}

/**
 * encoding/json's UnmarshalTypeError:
 * `json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`.
 * The field path is the JSON names from the root without indices; map keys
 * are not part of it (the error names the map field).
 */
function typeMismatchMessage(info: KindInfo, path: (string | number)[], schemaType: string, value: unknown, nodes: Tracked[]): string {
  // Strip indices, and map keys (a key under a known map field).
  const goPath: string[] = [];
  let fieldPathEnd = path.length;
  for (let i = 0; i < path.length; i++) {
    const s = path[i]!;
    if (typeof s === "number") continue;
    const parentName = goPath[goPath.length - 1];
    if (parentName !== undefined && (MAP_FIELDS.has(parentName) || (parentName === "selector" && info.kind === "Service")) && i === path.length - 1) {
      fieldPathEnd = i;
      break;
    }
    goPath.push(s);
  }
  const fieldName = goPath[goPath.length - 1] ?? info.kind;
  const mapValue = fieldPathEnd < path.length;
  // An element of a list of scalars (command[1]) is reported on its list field, like a map value.
  let fieldEnd = path.length;
  while (fieldEnd > 0 && typeof path[fieldEnd - 1] === "number") fieldEnd--;
  const structPath = path.slice(0, mapValue ? fieldPathEnd - 1 : fieldEnd - 1);
  // Drop a trailing index: the struct is the array element's type.
  const owner = structAt(info, structPath, nodes);
  let kind = jsonKind(value);
  if (schemaType === "integer" && typeof value === "number") kind = `number ${value}`;
  const goType = mapValue ? "string" : goTypeOf(fieldName, schemaType, info, path.slice(0, fieldPathEnd), nodes);
  return `json: cannot unmarshal ${kind} into Go struct field ${owner}.${goPath.join(".")} of type ${goType}`;
}

/**
 * Secret.data values are []byte in Go, so JSON decoding base64-decodes them
 * with encoding/base64's StdEncoding; a bad value fails the whole request with
 * its CorruptInputError ("illegal base64 data at input byte N").
 */
function firstBase64Error(data: unknown): number | undefined {
  if (data === null || typeof data !== "object") return undefined;
  for (const value of Object.values(data)) {
    if (typeof value !== "string") continue;
    const at = base64ErrorOffset(value);
    if (at !== undefined) return at;
  }
  return undefined;
}

function base64ErrorOffset(text: string): number | undefined {
  const body = text.replace(/[\r\n]/g, "");
  const padding = /=*$/.exec(body)![0].length;
  for (let i = 0; i < body.length - padding; i++) if (!/[A-Za-z0-9+/]/.test(body[i]!)) return i;
  if (padding > 2 || body.length % 4 !== 0) return body.length - (body.length % 4 || 4);
  return undefined;
}
