/**
 * The patch `kubectl edit` sends: a two-way strategic merge patch from the object as read to
 * the object as saved (apimachinery strategicpatch.CreateTwoWayMergePatch with
 * SetElementOrder), and applying it to the live object. Maps diff key by key (a removed key is
 * `null`); lists of objects with a patch merge key (containers by name, volumeMounts by
 * mountPath, ...) diff item by item with `$setElementOrder/<field>` and `$patch: delete`; every
 * other list is replaced whole, as the Go struct tags of k8s.io/api say.
 */
type Json = Record<string, unknown>;

/**
 * `patchMergeKey` of the list fields of k8s.io/api that have `patchStrategy:"merge"`, keyed by
 * field name; `ports` depends on where it is (a container's, or a Service's).
 */
const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: "name",
  initContainers: "name",
  ephemeralContainers: "name",
  env: "name",
  volumes: "name",
  volumeMounts: "mountPath",
  volumeDevices: "devicePath",
  imagePullSecrets: "name",
  hostAliases: "ip",
  ownerReferences: "uid",
  conditions: "type",
  topologySpreadConstraints: "topologyKey",
  resourceClaims: "name",
};

function mergeKeyOf(path: readonly string[], field: string): string | undefined {
  if (field === "ports") {
    // PodSpec containers' ports merge by containerPort; ServiceSpec's by port.
    return path.includes("containers") || path.includes("initContainers") ? "containerPort" : path[path.length - 1] === "spec" ? "port" : undefined;
  }
  return MERGE_KEYS[field];
}

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isObject(value)) return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
  return value;
}

/** CreateTwoWayMergePatch(original, modified): the fields to send, keys sorted as Go's json.Marshal sorts them. */
export function twoWayMergePatch(original: Json, modified: Json): Json {
  return sortKeys(diffMaps(original, modified, [])) as Json;
}

function diffMaps(original: Json, modified: Json, path: string[]): Json {
  const patch: Json = {};
  for (const key of Object.keys(original)) if (!(key in modified)) patch[key] = null;
  for (const [key, value] of Object.entries(modified)) {
    const before = original[key];
    if (!(key in original)) {
      patch[key] = value;
      continue;
    }
    if (isObject(before) && isObject(value)) {
      const inner = diffMaps(before, value, [...path, key]);
      if (Object.keys(inner).length > 0) patch[key] = inner;
      continue;
    }
    const mergeKey = mergeKeyOf(path, key);
    if (Array.isArray(before) && Array.isArray(value) && mergeKey && [...before, ...value].every((i) => isObject(i) && mergeKey in i)) {
      const { changes, deletions } = diffListOfMaps(before as Json[], value as Json[], mergeKey, [...path, key]);
      if (changes.length + deletions.length > 0) {
        patch[key] = [...changes, ...deletions];
        patch[`$setElementOrder/${key}`] = (value as Json[]).map((item) => ({ [mergeKey]: item[mergeKey] }));
      }
      continue;
    }
    if (!same(before, value)) patch[key] = value;
  }
  return patch;
}

function diffListOfMaps(original: Json[], modified: Json[], mergeKey: string, path: string[]): { changes: Json[]; deletions: Json[] } {
  const keyOf = (item: Json) => JSON.stringify(item[mergeKey]);
  const changes: Json[] = [];
  for (const item of [...modified].sort((a, b) => compareKeys(keyOf(a), keyOf(b)))) {
    const before = original.find((o) => keyOf(o) === keyOf(item));
    if (!before) {
      changes.push(item);
      continue;
    }
    const inner = diffMaps(before, item, path);
    if (Object.keys(inner).length > 0) changes.push({ ...inner, [mergeKey]: item[mergeKey] });
  }
  const deletions = original
    .filter((o) => !modified.some((m) => keyOf(m) === keyOf(o)))
    .sort((a, b) => compareKeys(keyOf(a), keyOf(b)))
    .map((o) => ({ $patch: "delete", [mergeKey]: o[mergeKey] }));
  return { changes, deletions };
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Applies a patch made by twoWayMergePatch to `live` (StrategicMergePatch for the directives it uses). */
export function applyMergePatch(live: Json, patch: Json, path: string[] = []): Json {
  const out: Json = { ...live };
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith("$setElementOrder/")) continue;
    if (value === null) {
      delete out[key];
      continue;
    }
    const current = out[key];
    const mergeKey = mergeKeyOf(path, key);
    if (Array.isArray(value) && mergeKey && Array.isArray(current)) {
      out[key] = applyListPatch(current as Json[], value as Json[], mergeKey, (patch[`$setElementOrder/${key}`] as Json[] | undefined) ?? [], [...path, key]);
      continue;
    }
    out[key] = isObject(value) && isObject(current) ? applyMergePatch(current, value, [...path, key]) : structuredClone(value);
  }
  return out;
}

function applyListPatch(live: Json[], patch: Json[], mergeKey: string, order: Json[], path: string[]): Json[] {
  const keyOf = (item: Json) => JSON.stringify(item[mergeKey]);
  let items = live.map((i) => structuredClone(i));
  for (const entry of patch) {
    if (entry.$patch === "delete") {
      items = items.filter((i) => keyOf(i) !== keyOf(entry));
      continue;
    }
    const at = items.findIndex((i) => keyOf(i) === keyOf(entry));
    if (at < 0) items.push(structuredClone(entry));
    else items[at] = applyMergePatch(items[at]!, entry, path);
  }
  if (order.length === 0) return items;
  // $setElementOrder: the listed items first, in its order; the live list's others after.
  const ordered = order.flatMap((o) => items.filter((i) => keyOf(i) === keyOf(o)));
  return [...ordered, ...items.filter((i) => !order.some((o) => keyOf(o) === keyOf(i)))];
}
