/**
 * A kustomization file as kustomize v5.5 (the one kubectl 1.32 embeds) reads it: which file
 * names count, which fields exist (strict decoding: an unknown field is
 * `invalid Kustomization: json: unknown field "x"`), and which of them kadet builds. A field
 * kustomize has and kadet does not build is refused with "not simulated", never skipped.
 * https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/
 */
import { parse } from "yaml";

export const KUSTOMIZATION_FILES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

type Json = Record<string, unknown>;

/** The fields kadet builds (see build.ts). */
const BUILT = new Set([
  "apiVersion", "kind", "metadata", "resources", "bases", "namespace", "namePrefix", "nameSuffix", "commonLabels", "labels",
  "commonAnnotations", "images", "replicas", "configMapGenerator", "secretGenerator", "generatorOptions", "patches",
  "patchesStrategicMerge", "patchesJson6902", "sortOptions", "buildMetadata",
]);

/** Fields of kustomize's Kustomization type that kadet does not build. */
const NOT_BUILT = new Set([
  "components", "crds", "vars", "replacements", "transformers", "generators", "validators", "openapi", "helmCharts",
  "helmGlobals", "helmChartInflationGenerator", "configurations", "inventory", "labelSelector", "imageTags", "patchesJson6902Inline",
]);

/** kustomize's `# Warning: ...` for fields `kustomize edit fix` rewrites (printed on stderr). */
const DEPRECATED: Record<string, string> = {
  bases: "resources",
  commonLabels: "labels",
  patchesStrategicMerge: "patches",
  patchesJson6902: "patches",
};

export interface Kustomization {
  raw: Json;
  warnings: string[];
}

export type Loaded = { ok: true; value: Kustomization } | { ok: false; error: string };

/** Parses and checks a kustomization file's text; ROOT in an error stands for its folder, `FILE` for its name. */
export function parseKustomization(text: string): Loaded {
  let raw: unknown;
  try {
    raw = parse(text, { version: "1.1" }) ?? {};
  } catch (e) {
    return { ok: false, error: `invalid Kustomization: ${(e as Error).message.split("\n")[0]}` };
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { ok: false, error: "invalid Kustomization: json: cannot unmarshal array into Go value of type types.Kustomization" };
  const obj = raw as Json;
  for (const key of Object.keys(obj)) {
    if (!BUILT.has(key) && !NOT_BUILT.has(key)) return { ok: false, error: `invalid Kustomization: json: unknown field "${key}"` };
  }
  // A Component built as the root behaves as a Kustomization; another kind is refused.
  const kind = obj.kind;
  if (kind !== undefined && kind !== "Kustomization" && kind !== "Component") return { ok: false, error: "Failed to read kustomization file under ROOT:\nkind should be Kustomization or Component" };
  for (const key of Object.keys(obj)) if (NOT_BUILT.has(key)) return { ok: false, error: `kadet: the kustomization field '${key}' is not simulated` };
  if (Object.keys(obj).every((k) => k === "apiVersion" || k === "kind")) return { ok: false, error: "FILE is empty" };
  const typeError = fieldTypeError(obj);
  if (typeError) return { ok: false, error: `invalid Kustomization: json: ${typeError}` };
  for (const key of ["configMapGenerator", "secretGenerator"]) {
    for (const g of (obj[key] as unknown[] | undefined) ?? []) {
      const name = (g as Json)?.name;
      if (name !== undefined && typeof name !== "string") {
        return { ok: false, error: `invalid Kustomization: json: cannot unmarshal ${typeof name === "boolean" ? "bool" : "number"} into Go struct field ${key === "configMapGenerator" ? "ConfigMapArgs" : "SecretArgs"}.${key}.name of type string` };
      }
    }
  }
  const sort = obj.sortOptions as Json | undefined;
  if (sort && sort.order !== undefined && sort.order !== "legacy") return { ok: false, error: "kadet: kustomize sortOptions other than legacy are not simulated" };
  const warnings = Object.keys(DEPRECATED)
    .filter((k) => k in obj)
    .sort()
    .map((k) => `# Warning: '${k}' is deprecated. Please use '${DEPRECATED[k]}' instead. Run 'kustomize edit fix' to update your Kustomization automatically.`);
  return { ok: true, value: { raw: obj, warnings } };
}

/** The Go types of the Kustomization fields kadet builds, for encoding/json's type errors. */
const FIELD_TYPES: Record<string, string> = {
  namespace: "string", namePrefix: "string", nameSuffix: "string",
  resources: "[]string", bases: "[]string", patchesStrategicMerge: "[]types.PatchStrategicMerge",
  images: "[]types.Image", replicas: "[]types.Replica", patches: "[]types.Patch", patchesJson6902: "[]types.Patch",
  configMapGenerator: "[]types.ConfigMapArgs", secretGenerator: "[]types.SecretArgs", labels: "[]types.Label",
  commonLabels: "map[string]string", commonAnnotations: "map[string]string",
};

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (v === null) return "null";
  if (typeof v === "object") return "object";
  return typeof v === "boolean" ? "bool" : typeof v;
}

/** json.Unmarshal's "cannot unmarshal X into Go struct field Kustomization.F of type T", for the first mismatch. */
function fieldTypeError(obj: Json): string | undefined {
  const at = (kind: string, field: string, type: string) => `cannot unmarshal ${kind} into Go struct field ${field} of type ${type}`;
  for (const [field, type] of Object.entries(FIELD_TYPES)) {
    const v = obj[field];
    if (v === undefined || v === null) continue;
    const kind = jsonKind(v);
    if (type === "string" && kind !== "string") return at(kind, `Kustomization.${field}`, type);
    if (type.startsWith("[]") && kind !== "array") return at(kind, `Kustomization.${field}`, type);
    if (type.startsWith("map") && kind !== "object") return at(kind, `Kustomization.${field}`, type);
    if (type === "[]string") for (const e of v as unknown[]) if (typeof e !== "string") return at(jsonKind(e), `Kustomization.${field}`, "string");
    if (type.startsWith("map")) for (const e of Object.values(v as Json)) if (typeof e !== "string") return at(jsonKind(e), `Kustomization.${field}`, "string");
    if (field === "replicas") {
      for (const r of v as unknown[]) {
        const count = (r as Json | null)?.count;
        if (count !== undefined && typeof count !== "number") return at(jsonKind(count), "Replica.replicas.count", "int64");
      }
    }
  }
  return undefined;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function stringMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, String(v)]));
}
