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
  const kind = obj.kind;
  if (kind !== undefined && kind !== "Kustomization") {
    return { ok: false, error: kind === "Component" ? "kadet: kustomize Components are not simulated" : `kind should be Kustomization or Component, got ${JSON.stringify(String(kind))}`.replace(/^/, "") };
  }
  for (const key of Object.keys(obj)) if (NOT_BUILT.has(key)) return { ok: false, error: `kadet: the kustomization field '${key}' is not simulated` };
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

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function stringMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value as Json).map(([k, v]) => [k, String(v)]));
}
