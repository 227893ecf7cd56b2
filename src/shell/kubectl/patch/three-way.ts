/**
 * The patch `kubectl apply` sends: apimachinery's strategicpatch.CreateThreeWayMergePatch
 * (patch.go), ported step for step. original = the last-applied configuration, modified = the
 * file (with its new last-applied annotation), current = the live object.
 *  - delta = diffMaps(current, modified) ignoring deletions: what the file sets differently
 *    from the live object (fields only the live object has, defaults and other writers'
 *    fields, are left alone);
 *  - deletions = diffMaps(original, modified) ignoring changes and additions: what the file
 *    had last time and no longer has (`null` for a field, `$patch: delete` for a list element
 *    by its merge key, `$deleteFromPrimitiveList/` for a primitive merged list);
 *  - the patch is deletions merged with delta (mergeMap with MergeParallelList off: the
 *    directives are kept as keys, nulls are kept).
 * Lists merge by the `patchStrategy`/`patchMergeKey` tags of patch-strategies.ts, with
 * `$setElementOrder/` lists and `$retainKeys` where upstream adds them. Keys come out sorted
 * (Go's json.Marshal). https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/
 */
import { childSchema, listStrategy, type SchemaNode } from "./patch-strategies.js";

type Json = unknown;
type JsonMap = Record<string, Json>;

const isMap = (v: Json): v is JsonMap => typeof v === "object" && v !== null && !Array.isArray(v);
const SET_ORDER = "$setElementOrder";
const DELETE_PRIMITIVE = "$deleteFromPrimitiveList";
const RETAIN_KEYS = "$retainKeys";

interface DiffOptions {
  ignoreDeletions: boolean;
  ignoreChangesAndAdditions: boolean;
  setElementOrder: boolean;
  buildRetainKeysDirective: boolean;
}

/** CreateThreeWayMergePatch(original, modified, current, schema, overwrite=true). */
export function threeWayMergePatch(original: JsonMap | undefined, modified: JsonMap, current: JsonMap, schema: SchemaNode): JsonMap {
  const delta = diffMaps(current, modified, schema, { ignoreDeletions: true, ignoreChangesAndAdditions: false, setElementOrder: true, buildRetainKeysDirective: false });
  const deletions = diffMaps(original ?? {}, modified, schema, { ignoreDeletions: false, ignoreChangesAndAdditions: true, setElementOrder: true, buildRetainKeysDirective: false });
  return sortKeys(mergePatches(deletions, delta, schema)) as JsonMap;
}

/** CreateTwoWayMergePatch(original, modified) with SetElementOrder: what `kubectl edit` sends. */
export function twoWayMergePatch(original: JsonMap, modified: JsonMap, schema: SchemaNode): JsonMap {
  return sortKeys(diffMaps(original, modified, schema, { ignoreDeletions: false, ignoreChangesAndAdditions: false, setElementOrder: true, buildRetainKeysDirective: false })) as JsonMap;
}

/** The JSON kind that reflect.TypeOf tells apart after json.Unmarshal. */
function jsonType(v: Json): string {
  if (v === null || v === undefined) return "nil";
  if (Array.isArray(v)) return "slice";
  return typeof v;
}

function diffMaps(original: JsonMap, modified: JsonMap, schema: SchemaNode, options: DiffOptions): JsonMap {
  const patch: JsonMap = {};
  const retainKeysList: string[] = [];
  for (const [key, modifiedValue] of Object.entries(modified)) {
    if (options.buildRetainKeysDirective && modifiedValue !== null) retainKeysList.push(key);
    if (!(key in original)) {
      if (!options.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    const originalValue = original[key];
    if (jsonType(originalValue) !== jsonType(modifiedValue)) {
      if (!options.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    if (isMap(originalValue) && isMap(modifiedValue)) {
      // handleMapDiff: a struct tagged patchStrategy:"retainKeys" (a Deployment's strategy) gets the directive.
      const sub = diffMaps(originalValue, modifiedValue, childSchema(schema, key), { ...options, buildRetainKeysDirective: schema.fields[key]?.retainKeys === true });
      if (Object.keys(sub).length > 0) patch[key] = sub;
    } else if (Array.isArray(originalValue) && Array.isArray(modifiedValue)) {
      handleSliceDiff(key, originalValue, modifiedValue, patch, schema, options);
    } else {
      replaceIfNotEqual(key, originalValue, modifiedValue, patch, options);
    }
  }
  // updatePatchIfMissing: a field the modified side no longer has is deleted with null.
  if (!options.ignoreDeletions) for (const key of Object.keys(original)) if (!(key in modified)) patch[key] = null;
  if (retainKeysList.length > 0 && (Object.keys(patch).length > 0 || hasAdditionalNewField(original, modified))) patch[RETAIN_KEYS] = sortScalars(retainKeysList);
  return patch;
}

function hasAdditionalNewField(original: JsonMap, modified: JsonMap): boolean {
  return Object.entries(original).some(([k, v]) => v !== null && !(k in modified));
}

function replaceIfNotEqual(key: string, original: Json, modified: Json, patch: JsonMap, options: DiffOptions): void {
  if (options.ignoreChangesAndAdditions) return;
  if (deepEqual(original, modified)) return;
  patch[key] = modified;
}

function handleSliceDiff(key: string, original: Json[], modified: Json[], patch: JsonMap, schema: SchemaNode, options: DiffOptions): void {
  const strategy = listStrategy(schema, key);
  if (!strategy) {
    replaceIfNotEqual(key, original, modified, patch, options);
    return;
  }
  const { add, remove, order } = diffLists(original, modified, childSchema(schema, key), strategy.mergeKey, { ...options, buildRetainKeysDirective: strategy.retainKeys === true });
  if (add.length > 0) patch[key] = add;
  if (remove.length > 0) patch[`${DELETE_PRIMITIVE}/${key}`] = remove;
  if (order.length > 0) patch[`${SET_ORDER}/${key}`] = order;
}

function diffLists(original: Json[], modified: Json[], schema: SchemaNode, mergeKey: string | undefined, options: DiffOptions): { add: Json[]; remove: Json[]; order: Json[] } {
  if (original.length === 0) {
    if (modified.length === 0 || options.ignoreChangesAndAdditions) return { add: [], remove: [], order: [] };
    return { add: modified, remove: [], order: [] };
  }
  if (mergeKey !== undefined && [...original, ...modified].every(isMap)) {
    const { patch, deletions } = diffListsOfMaps(original as JsonMap[], modified as JsonMap[], schema, mergeKey, options);
    const ordered = [...orderLike(patch, modified, mergeKey), ...deletions];
    const orderSame = original.length === modified.length && original.every((o, i) => keyString((o as JsonMap)[mergeKey]) === keyString((modified[i] as JsonMap)[mergeKey]));
    let order: Json[] = [];
    if (options.setElementOrder && ((!options.ignoreChangesAndAdditions && (ordered.length > 0 || !orderSame)) || (!options.ignoreDeletions && ordered.length > 0))) {
      order = modified.map((m) => ({ [mergeKey]: (m as JsonMap)[mergeKey] }));
    }
    return { add: ordered, remove: [], order };
  }
  const { add, remove } = diffListsOfScalars(original, modified, options);
  const ordered = orderLike(add, modified, undefined);
  const order = options.setElementOrder && ((!options.ignoreDeletions && remove.length > 0) || (!options.ignoreChangesAndAdditions && !deepEqual(original, modified))) ? modified : [];
  return { add: ordered, remove, order };
}

function diffListsOfMaps(original: JsonMap[], modified: JsonMap[], schema: SchemaNode, mergeKey: string, options: DiffOptions): { patch: JsonMap[]; deletions: JsonMap[] } {
  const patch: JsonMap[] = [];
  const deletions: JsonMap[] = [];
  const byKey = (list: JsonMap[]) => [...list].sort((a, b) => byteCompare(keyString(a[mergeKey]), keyString(b[mergeKey])));
  const o = byKey(original);
  const m = byKey(modified);
  let i = 0;
  let j = 0;
  while (i < o.length || j < m.length) {
    const ok = i < o.length ? keyString(o[i]![mergeKey]) : undefined;
    const mk = j < m.length ? keyString(m[j]![mergeKey]) : undefined;
    if (ok !== undefined && mk !== undefined && ok === mk) {
      const sub = diffMaps(o[i]!, m[j]!, schema, options);
      if (Object.keys(sub).length > 0) patch.push({ ...sub, [mergeKey]: m[j]![mergeKey] });
      i++;
      j++;
    } else if (ok === undefined || (mk !== undefined && ok > mk)) {
      if (!options.ignoreChangesAndAdditions) patch.push(m[j]!);
      j++;
    } else {
      if (!options.ignoreDeletions) deletions.push({ $patch: "delete", [mergeKey]: o[i]![mergeKey] });
      i++;
    }
  }
  return { patch, deletions };
}

function diffListsOfScalars(original: Json[], modified: Json[], options: DiffOptions): { add: Json[]; remove: Json[] } {
  const o = sortScalars(original);
  const m = sortScalars(modified);
  const add: Json[] = [];
  const remove: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < o.length || j < m.length) {
    const os = i < o.length ? keyString(o[i]) : undefined;
    const ms = j < m.length ? keyString(m[j]) : undefined;
    if (os !== undefined && ms !== undefined && os === ms) {
      i++;
      j++;
    } else if (os === undefined || (ms !== undefined && os > ms)) {
      if (!options.ignoreChangesAndAdditions) add.push(m[j]);
      j++;
    } else {
      if (!options.ignoreDeletions) remove.push(o[i]);
      i++;
    }
  }
  return { add, remove: remove.filter((v, k) => remove.findIndex((w) => deepEqual(v, w)) === k) };
}

/** normalizeSliceOrder: the patch's items in the order the modified list has them. */
function orderLike(items: Json[], order: Json[], mergeKey: string | undefined): Json[] {
  const indexOf = (item: Json) => order.findIndex((o) => (mergeKey === undefined ? deepEqual(o, item) : isMap(o) && isMap(item) && deepEqual(o[mergeKey], item[mergeKey])));
  return [...items].sort((a, b) => {
    const ia = indexOf(a);
    const ib = indexOf(b);
    return ia >= 0 && ib >= 0 ? ia - ib : 0;
  });
}

/**
 * mergeMap(deletions, delta, MergeOptions{}): two patches merged. Maps merge, a list with a
 * merge key merges element by element (delta's elements first, as normalizeElementOrder puts
 * the patch's items before the server-only ones that it cannot place), primitive merged lists
 * are united, anything else takes delta's value; nulls and directive keys are kept.
 */
function mergePatches(base: JsonMap, patch: JsonMap, schema: SchemaNode): JsonMap {
  const out: JsonMap = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (key === RETAIN_KEYS && key in out) continue;
    const current = out[key];
    if (!(key in out) || value === null) out[key] = value;
    else if (isMap(current) && isMap(value)) out[key] = mergePatches(current, value, childSchema(schema, key));
    else if (Array.isArray(current) && Array.isArray(value) && listStrategy(schema, key)) {
      const mergeKey = listStrategy(schema, key)!.mergeKey;
      if (mergeKey === undefined) out[key] = [...value, ...current.filter((c) => !value.some((v) => deepEqual(v, c)))];
      else {
        const merged = value.map((v) => {
          const match = current.find((c) => isMap(c) && isMap(v) && deepEqual(c[mergeKey], v[mergeKey]));
          return match && isMap(match) && isMap(v) ? mergePatches(match, v, childSchema(schema, key)) : v;
        });
        out[key] = [...merged, ...current.filter((c) => !value.some((v) => isMap(c) && isMap(v) && deepEqual(c[mergeKey], v[mergeKey])))];
      }
    } else out[key] = value;
  }
  return out;
}

/** fmt's %v of a merge key or scalar value, which is what upstream sorts and compares by. */
function keyString(v: Json): string {
  if (typeof v === "string") return v;
  if (v === null || v === undefined) return "<nil>";
  if (isMap(v) || Array.isArray(v)) return JSON.stringify(v);
  return String(v);
}

function sortScalars<T extends Json>(list: T[]): T[] {
  return [...list].sort((a, b) => byteCompare(keyString(a), keyString(b)));
}

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function deepEqual(a: Json, b: Json): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

export function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isMap(value)) return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
  return value;
}
