/**
 * kustomize's built-in transformers that kadet builds, with their default field specs
 * (api/konfig/builtinpluginconsts: commonlabels.go, commonannotations.go, namespace.go,
 * nameprefix.go, images.go, replicas.go): which fields of which kinds a label, an annotation,
 * a namespace, a name prefix, an image or a replica count is written to. Name references
 * (namereference.go) are the fields that name another object, updated after renames.
 * https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/
 */
import { kindFor } from "../../../sim/api/kinds.js";

type Json = Record<string, unknown>;

/** One object being built: its JSON, every name it had (first = as written), whether it gets a hash suffix. */
export interface Resource {
  obj: Json;
  names: string[];
  needsHash: boolean;
}

const isMap = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

export function kindOf(r: Resource): string {
  return String(r.obj.kind ?? "");
}

export function nameOf(r: Resource): string {
  return String((r.obj.metadata as Json | undefined)?.name ?? "");
}

export function namespaceOf(r: Resource): string {
  return String((r.obj.metadata as Json | undefined)?.namespace ?? "");
}

export function groupVersion(r: Resource): { group: string; version: string } {
  const av = String(r.obj.apiVersion ?? "");
  const at = av.indexOf("/");
  return at === -1 ? { group: "", version: av } : { group: av.slice(0, at), version: av.slice(at + 1) };
}

/** resid.ResId's String(): `ConfigMap.v1.[noGrp]/x.[noNs]`. */
export function resId(kind: string, apiVersion: string, name: string, namespace: string): string {
  const at = apiVersion.indexOf("/");
  const group = at === -1 ? "" : apiVersion.slice(0, at);
  const version = at === -1 ? apiVersion : apiVersion.slice(at + 1);
  return `${kind}.${version}.${group || "[noGrp]"}/${name}.${namespace || "[noNs]"}`;
}

export function idOf(r: Resource): string {
  return resId(kindOf(r), String(r.obj.apiVersion ?? ""), nameOf(r), namespaceOf(r));
}

function meta(r: Resource): Json {
  if (!isMap(r.obj.metadata)) r.obj.metadata = {};
  return r.obj.metadata as Json;
}

export function rename(r: Resource, name: string): void {
  meta(r).name = name;
  r.names.push(name);
}

/** Walks a slash path (`spec/template/metadata/labels`, `[]` for every element); create makes missing maps. */
function visit(obj: Json, path: string[], create: boolean, at: (parent: Json, key: string) => void): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  const isList = head.endsWith("[]");
  const key = isList ? head.slice(0, -2) : head;
  if (rest.length === 0) {
    at(obj, key);
    return;
  }
  let next = obj[key];
  if (isList) {
    if (Array.isArray(next)) for (const item of next) if (isMap(item)) visit(item, rest, create, at);
    return;
  }
  if (!isMap(next)) {
    if (!create || next !== undefined) return;
    next = {};
    obj[key] = next;
  }
  visit(next as Json, rest, create, at);
}

interface FieldSpec {
  path: string;
  kinds?: string[];
  create: boolean;
}

const TEMPLATED = ["Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job", "ReplicationController"];

/** commonlabels.go: selectors and templates a common label goes into. */
const LABEL_SELECTOR_SPECS: FieldSpec[] = [
  { path: "spec/selector", kinds: ["Service", "ReplicationController"], create: true },
  { path: "spec/selector/matchLabels", kinds: ["Deployment", "ReplicaSet", "DaemonSet", "StatefulSet"], create: true },
  { path: "spec/selector/matchLabels", kinds: ["Job", "PodDisruptionBudget"], create: false },
  { path: "spec/jobTemplate/spec/selector/matchLabels", kinds: ["CronJob"], create: false },
  { path: "spec/podSelector/matchLabels", kinds: ["NetworkPolicy"], create: false },
  { path: "spec/ingress[]/from[]/podSelector/matchLabels", kinds: ["NetworkPolicy"], create: false },
  { path: "spec/egress[]/to[]/podSelector/matchLabels", kinds: ["NetworkPolicy"], create: false },
];
const LABEL_TEMPLATE_SPECS: FieldSpec[] = [
  { path: "spec/template/metadata/labels", kinds: TEMPLATED, create: true },
  { path: "spec/volumeClaimTemplates[]/metadata/labels", kinds: ["StatefulSet"], create: true },
  { path: "spec/jobTemplate/metadata/labels", kinds: ["CronJob"], create: true },
  { path: "spec/jobTemplate/spec/template/metadata/labels", kinds: ["CronJob"], create: true },
];
const ANNOTATION_SPECS: FieldSpec[] = [
  { path: "metadata/annotations", create: true },
  { path: "spec/template/metadata/annotations", kinds: TEMPLATED, create: true },
  { path: "spec/jobTemplate/metadata/annotations", kinds: ["CronJob"], create: true },
  { path: "spec/jobTemplate/spec/template/metadata/annotations", kinds: ["CronJob"], create: true },
];

function applyMap(resources: Resource[], specs: FieldSpec[], pairs: Record<string, string>): void {
  for (const r of resources) {
    for (const spec of specs) {
      if (spec.kinds && !spec.kinds.includes(kindOf(r))) continue;
      visit(r.obj, spec.path.split("/"), spec.create, (parent, key) => {
        const current = parent[key];
        if (current === undefined && !spec.create) return;
        parent[key] = { ...(isMap(current) ? current : {}), ...pairs };
      });
    }
  }
}

/** commonLabels: metadata, selectors and templates. `labels` entries choose with includeSelectors / includeTemplates. */
export function addLabels(resources: Resource[], pairs: Record<string, string>, includeSelectors: boolean, includeTemplates: boolean): void {
  if (Object.keys(pairs).length === 0) return;
  const specs: FieldSpec[] = [{ path: "metadata/labels", create: true }];
  if (includeSelectors) specs.push(...LABEL_SELECTOR_SPECS, ...LABEL_TEMPLATE_SPECS);
  else if (includeTemplates) specs.push(...LABEL_TEMPLATE_SPECS);
  applyMap(resources, specs, pairs);
}

export function addAnnotations(resources: Resource[], pairs: Record<string, string>): void {
  if (Object.keys(pairs).length > 0) applyMap(resources, ANNOTATION_SPECS, pairs);
}

/** The namespace transformer: every namespaced object (kinds kadet does not know count as namespaced). */
export function setNamespace(resources: Resource[], namespace: string): void {
  for (const r of resources) {
    const info = kindFor(String(r.obj.apiVersion ?? ""), kindOf(r));
    // The role binding hack: ServiceAccount subjects follow the namespace.
    if (kindOf(r) === "RoleBinding" || kindOf(r) === "ClusterRoleBinding") {
      for (const s of (r.obj.subjects as unknown[] | undefined) ?? []) if (isMap(s) && s.kind === "ServiceAccount") s.namespace = namespace;
    }
    if (info && !info.namespaced) continue;
    meta(r).namespace = namespace;
  }
}

/** namePrefix / nameSuffix: every object but Namespaces and CustomResourceDefinitions (prefixsuffix plugin's skip list). */
export function addPrefixSuffix(resources: Resource[], prefix: string, suffix: string): void {
  if (prefix === "" && suffix === "") return;
  for (const r of resources) {
    if (kindOf(r) === "Namespace" || kindOf(r) === "CustomResourceDefinition") continue;
    rename(r, `${prefix}${nameOf(r)}${suffix}`);
  }
}

/** A container image reference split as the image transformer splits it. */
function splitImage(image: string): { name: string; tag: string; digest: string } {
  const at = image.indexOf("@");
  const digest = at === -1 ? "" : image.slice(at + 1);
  const rest = at === -1 ? image : image.slice(0, at);
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) return { name: rest.slice(0, colon), tag: rest.slice(colon + 1), digest };
  return { name: rest, tag: "", digest };
}

export interface ImageRule {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

/** images: every `image` of a container or init container anywhere in the object. */
export function setImages(resources: Resource[], rules: ImageRule[]): void {
  if (rules.length === 0) return;
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!isMap(value)) return;
    for (const [k, v] of Object.entries(value)) {
      if ((k === "containers" || k === "initContainers" || k === "ephemeralContainers") && Array.isArray(v)) {
        for (const c of v) {
          if (!isMap(c) || typeof c.image !== "string") continue;
          const parts = splitImage(c.image);
          const rule = rules.find((r) => r.name === parts.name || r.name === c.image);
          if (!rule) continue;
          const name = rule.newName ?? parts.name;
          if (rule.digest) c.image = `${name}@${rule.digest}`;
          else if (rule.newTag !== undefined) c.image = `${name}:${rule.newTag}`;
          else c.image = `${name}${parts.tag ? `:${parts.tag}` : ""}${parts.digest ? `@${parts.digest}` : ""}`;
        }
      }
      walk(v);
    }
  };
  for (const r of resources) walk(r.obj);
}

const SCALABLE = ["Deployment", "ReplicaSet", "ReplicationController", "StatefulSet"];

/** replicas: spec.replicas of the scalable kinds whose name (now or before) is the rule's. */
export function setReplicas(resources: Resource[], rules: { name: string; count: number }[]): void {
  for (const rule of rules) {
    for (const r of resources) {
      if (!SCALABLE.includes(kindOf(r)) || !r.names.includes(rule.name)) continue;
      if (!isMap(r.obj.spec)) r.obj.spec = {};
      (r.obj.spec as Json).replicas = rule.count;
    }
  }
}

/** The pod specs of an object: a Pod's, a workload template's, a CronJob's job template's. */
function podSpecs(r: Resource): Json[] {
  const spec = r.obj.spec as Json | undefined;
  if (!isMap(spec)) return [];
  if (kindOf(r) === "Pod") return [spec];
  if (kindOf(r) === "CronJob") {
    const s = ((spec.jobTemplate as Json | undefined)?.spec as Json | undefined)?.template as Json | undefined;
    return isMap(s?.spec) ? [s!.spec as Json] : [];
  }
  const t = spec.template as Json | undefined;
  return isMap(t?.spec) ? [t!.spec as Json] : [];
}

type Ref = { kind: string; get(): unknown; set(name: string): void };

function field(obj: unknown, key: string, kind: string, out: Ref[]): void {
  if (isMap(obj) && typeof obj[key] === "string") out.push({ kind, get: () => obj[key], set: (n) => (obj[key] = n) });
}

/** namereference.go's default referrers, for the kinds kadet builds. */
function references(r: Resource): Ref[] {
  const out: Ref[] = [];
  for (const spec of podSpecs(r)) {
    field(spec, "serviceAccountName", "ServiceAccount", out);
    for (const s of (spec.imagePullSecrets as unknown[] | undefined) ?? []) field(s, "name", "Secret", out);
    for (const v of (spec.volumes as unknown[] | undefined) ?? []) {
      if (!isMap(v)) continue;
      field(v.configMap, "name", "ConfigMap", out);
      field(v.secret, "secretName", "Secret", out);
      field(v.persistentVolumeClaim, "claimName", "PersistentVolumeClaim", out);
      for (const src of ((v.projected as Json | undefined)?.sources as unknown[] | undefined) ?? []) {
        if (!isMap(src)) continue;
        field(src.configMap, "name", "ConfigMap", out);
        field(src.secret, "name", "Secret", out);
      }
    }
    for (const list of ["containers", "initContainers", "ephemeralContainers"]) {
      for (const c of (spec[list] as unknown[] | undefined) ?? []) {
        if (!isMap(c)) continue;
        for (const e of (c.env as unknown[] | undefined) ?? []) {
          const from = isMap(e) ? (e.valueFrom as Json | undefined) : undefined;
          field(from?.configMapKeyRef, "name", "ConfigMap", out);
          field(from?.secretKeyRef, "name", "Secret", out);
        }
        for (const e of (c.envFrom as unknown[] | undefined) ?? []) {
          if (!isMap(e)) continue;
          field(e.configMapRef, "name", "ConfigMap", out);
          field(e.secretRef, "name", "Secret", out);
        }
      }
    }
  }
  const spec = r.obj.spec as Json | undefined;
  const kind = kindOf(r);
  if (kind === "StatefulSet") field(spec, "serviceName", "Service", out);
  if (kind === "Ingress" && isMap(spec)) {
    field((spec.defaultBackend as Json | undefined)?.service, "name", "Service", out);
    for (const rule of (spec.rules as unknown[] | undefined) ?? []) {
      for (const p of (((rule as Json)?.http as Json | undefined)?.paths as unknown[] | undefined) ?? []) field(((p as Json)?.backend as Json | undefined)?.service, "name", "Service", out);
    }
  }
  if (kind === "HorizontalPodAutoscaler" && isMap(spec) && isMap(spec.scaleTargetRef)) field(spec.scaleTargetRef, "name", String(spec.scaleTargetRef.kind ?? ""), out);
  if (kind === "RoleBinding" || kind === "ClusterRoleBinding") {
    const roleRef = r.obj.roleRef as Json | undefined;
    if (isMap(roleRef)) field(roleRef, "name", String(roleRef.kind ?? ""), out);
    for (const s of (r.obj.subjects as unknown[] | undefined) ?? []) if (isMap(s) && s.kind === "ServiceAccount") field(s, "name", "ServiceAccount", out);
  }
  return out;
}

/** FixBackReferences: a field naming an object by a name it had is set to the name it has now (same namespace first). */
export function fixNameReferences(resources: Resource[]): void {
  for (const r of resources) {
    for (const ref of references(r)) {
      const value = String(ref.get());
      const candidates = resources.filter((c) => kindOf(c) === ref.kind && c.names.includes(value));
      if (candidates.length === 0) continue;
      const target = candidates.find((c) => namespaceOf(c) === namespaceOf(r)) ?? candidates[0]!;
      ref.set(nameOf(target));
    }
  }
}

const ORDER_FIRST = [
  "Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition", "ServiceAccount", "PodSecurityPolicy", "Role", "ClusterRole",
  "RoleBinding", "ClusterRoleBinding", "ConfigMap", "Secret", "Endpoints", "Service", "LimitRange", "PriorityClass", "PersistentVolume",
  "PersistentVolumeClaim", "Deployment", "StatefulSet", "CronJob", "PodDisruptionBudget",
];
const ORDER_LAST = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"];

function typeOrder(kind: string): number {
  const first = ORDER_FIRST.indexOf(kind);
  if (first !== -1) return first - ORDER_FIRST.length;
  const last = ORDER_LAST.indexOf(kind);
  return last === -1 ? 0 : last + 1;
}

/** resid.Gvk's String(): group_version_kind with ~G, ~V, ~K for empty parts. */
function gvkString(r: Resource): string {
  const { group, version } = groupVersion(r);
  return [group || "~G", version || "~V", kindOf(r) || "~K"].join("_");
}

const byteLess = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The legacy order `kubectl kustomize` prints in (resid Gvk.IsLessThan, then namespace and name). */
export function legacySort(resources: Resource[]): Resource[] {
  return [...resources].sort((a, b) => {
    const ga = gvkString(a);
    const gb = gvkString(b);
    if (ga !== gb) {
      const oa = typeOrder(kindOf(a));
      const ob = typeOrder(kindOf(b));
      return oa !== ob ? oa - ob : byteLess(ga, gb);
    }
    return byteLess(`${namespaceOf(a)}|${nameOf(a)}`, `${namespaceOf(b)}|${nameOf(b)}`);
  });
}
