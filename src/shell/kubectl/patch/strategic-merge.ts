/**
 * Strategic merge patch (k8s.io/apimachinery/pkg/util/strategicpatch, patch.go's
 * mergeMap/mergeSlice) and JSON merge patch (RFC 7386), applied to plain JSON values.
 * Strategic patch merges the lists patch-strategies.ts names by their merge key,
 * honours the `$patch` (replace/delete/merge), `$retainKeys`, `$setElementOrder/` and
 * `$deleteFromPrimitiveList/` directives, and orders merged lists as upstream's
 * normalizeElementOrder does (a new element lands before the elements only the
 * server had: the docs' "patch-demo-ctr-2" comes first).
 * https://kubernetes.io/docs/tasks/manage-kubernetes-objects/update-api-object-kubectl-patch/
 */
import { childSchema, listStrategy, type ListStrategy, type SchemaNode } from "./patch-strategies.js";

type Json = unknown;
type JsonMap = Record<string, Json>;

const isMap = (v: Json): v is JsonMap => typeof v === "object" && v !== null && !Array.isArray(v);
const SET_ORDER = "$setElementOrder/";
const DELETE_PRIMITIVE = "$deleteFromPrimitiveList/";

export class PatchError extends Error {}

/** RFC 7386: maps merge, null deletes, everything else (lists included) replaces. */
export function applyMergePatch(original: Json, patch: Json): Json {
  if (!isMap(patch)) return patch;
  const result: JsonMap = isMap(original) ? { ...original } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete result[k];
    else result[k] = applyMergePatch(result[k], v);
  }
  return result;
}

/** Applies a strategic merge patch; throws PatchError with upstream's text for a malformed one. */
export function applyStrategicMergePatch(original: JsonMap, patch: Json, schema: SchemaNode): JsonMap {
  if (!isMap(patch)) throw new PatchError("json: cannot unmarshal array into Go value of type map[string]interface {}");
  return mergeMap(structuredClone(original), patch, schema);
}

function mergeMap(original: JsonMap, patch: JsonMap, schema: SchemaNode): JsonMap {
  const directive = patch.$patch;
  if (directive === "replace") return stripDirectives(withoutKey(patch, "$patch")) as JsonMap;
  if (directive === "delete") return {};
  if (directive !== undefined && directive !== "merge") throw new PatchError(`Unknown patch type: ${String(directive)} in map: ${goMap(patch)}`);
  const retain = patch.$retainKeys;
  if (Array.isArray(retain)) {
    for (const k of Object.keys(original)) if (!retain.includes(k)) delete original[k];
  }
  const orders: [string, Json[]][] = [];
  for (const [k, v] of Object.entries(patch)) {
    if (k === "$patch" || k === "$retainKeys") continue;
    if (k.startsWith(SET_ORDER)) {
      if (Array.isArray(v)) orders.push([k.slice(SET_ORDER.length), v]);
      continue;
    }
    if (k.startsWith(DELETE_PRIMITIVE)) {
      const field = k.slice(DELETE_PRIMITIVE.length);
      const current = original[field];
      if (Array.isArray(current) && Array.isArray(v)) original[field] = current.filter((item) => !v.some((d) => sameValue(d, item)));
      continue;
    }
    if (v === null) {
      delete original[k];
      continue;
    }
    if (!(k in original)) {
      original[k] = stripDirectives(v);
      continue;
    }
    const current = original[k];
    // Different kinds of value: the patch's wins (mergeMap compares reflect types).
    if (isMap(current) && isMap(v)) original[k] = mergeMap(current, v, childSchema(schema, k));
    else if (Array.isArray(current) && Array.isArray(v)) {
      const strategy = listStrategy(schema, k);
      original[k] = strategy ? mergeSlice(current, v, strategy, childSchema(schema, k)) : stripDirectives(v);
    } else original[k] = stripDirectives(v);
  }
  // mergePatchIntoOriginal: $setElementOrder > the patch's order > the live order.
  for (const [field, order] of orders) {
    const merged = original[field];
    if (!Array.isArray(merged)) continue;
    const key = listStrategy(schema, field)?.mergeKey;
    const inOrder = merged.filter((item) => order.some((o) => sameElement(o, item, key)));
    const serverOnly = merged.filter((item) => !order.some((o) => sameElement(o, item, key)));
    original[field] = normalizeElementOrder(inOrder, serverOnly, order, merged, key);
  }
  return original;
}

function mergeSlice(original: Json[], patch: Json[], strategy: ListStrategy, elementSchema: SchemaNode): Json[] {
  const key = strategy.mergeKey;
  if (key === undefined) {
    const merged = [...original];
    for (const item of patch) if (!merged.some((m) => sameValue(m, item))) merged.push(item);
    const patchItems = merged.filter((m) => patch.some((p) => sameValue(p, m)));
    const serverOnly = merged.filter((m) => !patch.some((p) => sameValue(p, m)));
    return normalizeElementOrder(patchItems, serverOnly, patch, original, undefined);
  }
  // A `{"$patch": "replace"}` element replaces the whole list with the other elements.
  if (patch.some((p) => isMap(p) && p.$patch === "replace")) return patch.filter((p) => !(isMap(p) && p.$patch === "replace")).map(stripDirectives);
  let merged = [...original];
  const plain: JsonMap[] = [];
  for (const item of patch) {
    // mergepatch.ErrBadArgType
    if (!isMap(item)) throw new PatchError(`expected a map[string]interface {}, but received a ${typeof item === "string" ? "string" : typeof item === "number" ? "float64" : typeof item === "boolean" ? "bool" : "[]interface {}"}`);
    if (!(key in item)) throw new PatchError(`map: ${goMap(item)} does not contain declared merge key: ${key}`);
    if (item.$patch === "delete") {
      merged = merged.filter((m) => !(isMap(m) && sameValue(m[key], item[key])));
      continue;
    }
    plain.push(item);
  }
  for (const item of plain) {
    const at = merged.findIndex((m) => isMap(m) && sameValue(m[key], item[key]));
    if (at === -1) merged.push(stripDirectives(item));
    else merged[at] = mergeMap(structuredClone(merged[at]) as JsonMap, item, elementSchema);
  }
  const patchItems = merged.filter((m) => plain.some((p) => sameElement(p, m, key)));
  const serverOnly = merged.filter((m) => !plain.some((p) => sameElement(p, m, key)));
  return normalizeElementOrder(patchItems, serverOnly, plain, original, key);
}

/** normalizeElementOrder + mergeSortedSlice: patch items in patch order, server-only items in server order, interleaved. */
function normalizeElementOrder(patchItems: Json[], serverOnly: Json[], patchOrder: Json[], serverOrder: Json[], key: string | undefined): Json[] {
  const indexIn = (list: Json[], item: Json) => list.findIndex((o) => sameElement(o, item, key));
  const byOrder = (order: Json[]) => (a: Json, b: Json) => indexIn(order, a) - indexIn(order, b);
  const right = [...patchItems].sort(byOrder(patchOrder));
  const left = [...serverOnly].sort(byOrder(serverOrder));
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i]);
      const ri = indexIn(serverOrder, right[j]);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

function sameElement(a: Json, b: Json, key: string | undefined): boolean {
  if (key === undefined) return sameValue(a, b);
  return isMap(a) && isMap(b) && sameValue(a[key], b[key]);
}

function sameValue(a: Json, b: Json): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function withoutKey(map: JsonMap, key: string): JsonMap {
  const { [key]: _dropped, ...rest } = map;
  return rest;
}

/** Directives never reach the stored object (a new field's value may still carry them). */
function stripDirectives(value: Json): Json {
  if (Array.isArray(value)) return value.filter((v) => !(isMap(v) && (v.$patch === "delete" || v.$patch === "replace"))).map(stripDirectives);
  if (!isMap(value)) return value;
  const out: JsonMap = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === "$patch" || k === "$retainKeys" || k.startsWith(SET_ORDER) || k.startsWith(DELETE_PRIMITIVE) || v === null) continue;
    out[k] = stripDirectives(v);
  }
  return out;
}

/** fmt's %v of a map[string]interface{}: keys sorted, `map[k:v ...]`. */
function goMap(map: JsonMap): string {
  const keys = Object.keys(map).sort();
  return `map[${keys.map((k) => `${k}:${isMap(map[k]) ? goMap(map[k] as JsonMap) : String(map[k])}`).join(" ")}]`;
}
